"""What a query's text may be before an engine parses it: its size, how deep it nests, how long its chains are,
and whether it asks a remote endpoint (SERVICE).

Oxigraph's parser and optimiser recurse: 2,200 nested braces, 4,500 nested parentheses, 6,500 UNIONs or 8,000
objects of one triple pattern overflowed the native stack (measured, pyoxigraph 0.5.13, 8 MiB stack) and the whole
process died (exit 139, no message). A light tokenizer, which skips strings, IRIs and comments as SPARQL's own,
counts them here before any parser sees the text: past a bound the query is refused in one line (LimitError).
The engine also evaluates on a thread with a larger stack (graph.engine.limits), so these bounds leave a wide margin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from graph.base.errors import LimitError, QueryError

from .limits import called

MAX_BYTES = 1_000_000  # the text, in UTF-8
MAX_DEPTH = 100  # brackets open at once: { ( [
MAX_BLOCKS = 2_000  # group blocks { … }: every UNION, OPTIONAL, MINUS, FILTER EXISTS and VALUES has one
MAX_CHAIN = 20_000  # what parsers fold into chains: triple patterns and list items (. ; ,) and operators

# keywords that begin a SPARQL Update (graph.engine.embedded asks rdflib whether the text is one only if it has one)
UPDATE_WORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_TOKENS = re.compile(
    "|".join(
        [
            r"(?P<comment>\#[^\n]*)",
            r"""(?P<iri><[^<>"{}|^`\\\s]*>)""",
            r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings, then short ones
            r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
            r'|"(?:[^"\\\n]|\\.)*"'
            r"|'(?:[^'\\\n]|\\.)*')",
            r"(?P<var>[?$]\w*)",
            r"(?P<word>[\w:][\w\-.:%\\]*)",  # a keyword, a prefixed name, a number (a dot inside is the name's)
            r"(?P<open>[{(\[])",
            r"(?P<close>[})\]])",
            r"(?P<chain>&&|\|\||[.;,!+\-*/|^])",
        ]
    ),
    re.DOTALL,
)


_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})


@dataclass
class Shape:
    """What the tokenizer found in a query's text."""

    depth: int = 0
    blocks: int = 0
    chain: int = 0
    services: list[str] = field(default_factory=list)  # each SERVICE's endpoint as written: <IRI>, ?var or a prefixed name
    update_words: bool = False
    form: str | None = None  # SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them in the text


def scan(text: str) -> Shape:
    """Count brackets, blocks and chains, and find the SERVICE keywords, outside strings, IRIs and comments."""
    shape = Shape()
    depth = 0
    after_service = False
    for token in _TOKENS.finditer(text):
        kind = token.lastgroup
        if kind == "comment":
            continue
        if after_service:
            if kind == "word" and token.group().upper() == "SILENT":
                continue
            after_service = False
            if kind in ("iri", "var", "word"):
                shape.services.append(token.group())
        if kind == "open":
            depth += 1
            shape.depth = max(shape.depth, depth)
            if token.group() == "{":
                shape.blocks += 1
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "chain":
            shape.chain += 1
        elif kind == "word":
            word = token.group().upper()
            if word == "SERVICE":
                after_service = True
            elif word in UPDATE_WORDS:
                shape.update_words = True
            elif shape.form is None and word in _FORMS:
                shape.form = word
    if after_service:  # SERVICE as the text's last word: refused all the same
        shape.services.append("")
    return shape


def check_text(text: str, name: str = "query") -> Shape:
    """The query's shape; LimitError, one line naming the bound, if it is larger, deeper or longer than a query may be."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise LimitError(f"{called(name)} is {size:,} bytes long, more than the {MAX_BYTES:,} a query may be")
    shape = scan(text)
    if shape.depth > MAX_DEPTH:
        raise LimitError(f"{called(name)} nests brackets ({{ ( [) {shape.depth:,} deep, more than the {MAX_DEPTH} levels a query may nest")
    if shape.blocks > MAX_BLOCKS:
        raise LimitError(f"{called(name)} has {shape.blocks:,} group blocks {{ … }} (UNION, OPTIONAL, MINUS, FILTER EXISTS, VALUES), "
                         f"more than the {MAX_BLOCKS:,} a query may have")
    if shape.chain > MAX_CHAIN:
        raise LimitError(f"{called(name)} chains {shape.chain:,} triple patterns, list items and operators, more than the "
                         f"{MAX_CHAIN:,} a query may chain")
    return shape


def check_services(shape: Shape, name: str = "query", allowed: bool = False) -> None:
    """No SERVICE unless the user allowed it (--allow-service); even then, only to an http(s) IRI or a variable."""
    if not shape.services:
        return
    first = shape.services[0] or "SERVICE"
    if not allowed:
        raise QueryError(f"{called(name)} asks a remote endpoint (SERVICE {first}); the local store reaches no network unless "
                         "you pass --allow-service")
    for target in shape.services:
        if target.startswith("<"):
            parts = urlsplit(target[1:-1])
            if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
                raise QueryError(f"{called(name)} asks SERVICE {target}: a SERVICE must be an http(s) endpoint")
