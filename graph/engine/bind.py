"""Parameters bound as one term each: `BIND (term AS ?name)` lines that open the query's WHERE clause.

The rule for every engine: one row of bindings (all a parameter ever is) is bound with BIND at the start of the
WHERE group, never with a one-row VALUES block. Both join the same way, but Virtuoso 7.2 refuses a property path
that starts from a variable bound by VALUES ("transitive start not given", report unit) and takes it from a BIND.

Its terms are written by Oxigraph's serialiser (escaped N-Triples), so a value is always one term, never
query text. Not Oxigraph's `substitutions` (SEP-0007): in pyoxigraph 0.5 they restrict the answers after
the whole query is evaluated, so the canned query `provenance` took 9 s for one statement of 1,000 memos,
against 3 ms with VALUES (and with BIND). Remote endpoints get the same lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graph.base.errors import QueryError

from .terms import ntriples

# what may stand before the WHERE clause's brace: comments, IRIs and strings (skipped whole), the keyword
_TOKENS = re.compile(
    "|".join(
        [
            r"#[^\n]*",  # a comment
            r"""<[^<>"{}|^`\\\s]*>""",  # an IRI
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings, then short ones
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",
            r"(?<![?$:\w])(?:(?P<where>WHERE)|(?P<construct>CONSTRUCT))(?![\w:])",  # keywords, not ?where or where:
            r"(?P<brace>\{)",
        ]
    ),
    re.IGNORECASE,
)


def _term_text(name: str, term: Any) -> str:
    """A term in N-Triples syntax, written by Oxigraph (which refuses what is no RDF term, an IRI with a space, say)."""
    try:
        return ntriples(term)
    except (ValueError, TypeError) as error:
        raise QueryError(f"the parameter {name} is not an RDF term: {error}") from error


def with_values(text: str, bindings: Mapping[str, Any]) -> str:
    """The query with the bindings as BIND lines opening its WHERE clause (the outermost group pattern)."""
    if not bindings:
        return text
    after_where = construct = False
    for token in _TOKENS.finditer(text):
        if token["where"]:
            after_where = True
        elif token["construct"]:
            construct = True  # its first brace opens the template, not the WHERE clause
        elif token["brace"] and (after_where or not construct):
            binds = " ".join(f"BIND ({_term_text(name, term)} AS ?{name})" for name, term in bindings.items())
            return f"{text[: token.end()]} {binds}{text[token.end() :]}"
    raise QueryError("parameters are bound in the query's WHERE clause, and this query has none")
