"""Parameters bound as one term each: `BIND (term AS ?name)` lines that open the query's WHERE clause, and, where
the query asks for it, the WHERE clause of each subquery that selects the parameter's variable.

The rule for every engine: one row of bindings (all a parameter ever is) is bound with BIND at the start of the
WHERE group, never with a one-row VALUES block. Both join the same way, but Virtuoso 7.2 refuses a property path
that starts from a variable bound by VALUES ("transitive start not given", report unit) and takes it from a BIND.

A subquery is evaluated on its own, whatever the query around it binds: Oxigraph (like the SPARQL algebra) joins
its whole answer with the parameter's one row afterwards. A query whose header says `# bind: in subqueries`
has each parameter bound also at the start of every subquery that selects its variable by name (or with `*`)
and uses it: the canned query `shared-concerns` counts concerns per unit and stakeholder in two subqueries, and
with a unit bound outside only it took 3.6 s on 10,000 generated memos, bound inside as well 0.3 s. The header
is the query's word that this changes no answer: each such subquery uses the variable in patterns every one of its
rows must match (not only in an OPTIONAL, a MINUS or a FILTER), and groups by it if it groups
(tests/test_queries.py compares both placements on every parameter of every query that says so).

Its terms are written by Oxigraph's serialiser (escaped N-Triples), so a value is always one term, never
query text. Not Oxigraph's `substitutions` (SEP-0007): in pyoxigraph 0.5 they restrict the answers after
the whole query is evaluated, so the canned query `provenance` took 9 s for one statement of 1,000 memos,
against 3 ms with VALUES (and with BIND). Remote endpoints get the same lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from graph.base.errors import QueryError

from .guard import check_text
from .terms import ntriples

# the header line by which a query has its parameters bound in its subqueries too
IN_SUBQUERIES = re.compile(r"^#\s*bind:\s*in subqueries\s*$", re.MULTILINE | re.IGNORECASE)

# what is skipped whole (comments, IRIs, strings) and what is looked for: keywords, braces, parentheses
_TOKENS = re.compile(
    "|".join(
        [
            r"#[^\n]*",  # a comment
            r"""<[^<>"{}|^`\\\s]*>""",  # an IRI
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings, then short ones
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",
            r'"(?:[^"\\\n]|\\.)*"',
            r"'(?:[^'\\\n]|\\.)*'",
            r"(?<![?$:\w])(?:(?P<where>WHERE)|(?P<construct>CONSTRUCT)|(?P<select>SELECT))(?![\w:])",  # not ?where or where:
            r"(?P<brace>\{)",
            r"(?P<close>\})",
            r"(?P<open_paren>\()",
            r"(?P<close_paren>\))",
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


def _where_brace(text: str) -> int:
    """Where the WHERE clause (the outermost group pattern) opens: the position after its brace."""
    after_where = construct = False
    for token in _TOKENS.finditer(text):
        if token["where"]:
            after_where = True
        elif token["construct"]:
            construct = True  # its first brace opens the template, not the WHERE clause
        elif token["brace"] and (after_where or not construct):
            return token.end()
    raise QueryError("parameters are bound in the query's WHERE clause, and this query has none")


def _subqueries(code: str, start: int) -> Iterator[tuple[str, int, str]]:
    """Each subquery after `start` (inside the WHERE clause) of a query's code (`_code`): its projection at its own
    level (what stands in parentheses left out), the position after the brace that opens its WHERE clause, and that
    clause.
    One pass over the tokens: a SELECT waits for the first brace at its own depth of parentheses."""
    waiting: list[tuple[int, list[str], list[int]]] = []  # each SELECT not yet at its brace: parentheses, parts, mark
    open_groups: list[tuple[int, str, int]] = []  # each subquery's WHERE clause open: its depth, projection, start
    parens = braces = 0
    for token in _TOKENS.finditer(code, start):
        if token["select"]:
            waiting.append((parens, [], [token.end()]))
        elif token["open_paren"]:
            if waiting and parens == waiting[-1][0]:
                waiting[-1][1].append(code[waiting[-1][2][0] : token.start()])
            parens += 1
        elif token["close_paren"]:
            parens -= 1
            if waiting and parens == waiting[-1][0]:
                waiting[-1][2][0] = token.end()
        elif token["brace"]:
            braces += 1
            if waiting and parens == waiting[-1][0]:
                _, parts, mark = waiting.pop()
                parts.append(code[mark[0] : token.start()])
                open_groups.append((braces, " ".join(parts), token.end()))
        elif token["close"]:
            if open_groups and open_groups[-1][0] == braces:
                _, projection, opened = open_groups.pop()
                yield projection, opened, code[opened : token.start()]
            braces -= 1


def syntax_of(text: str) -> str:
    """The text with its comments, IRIs and strings blanked out, each by as many spaces: SPARQL's own syntax, at the
    positions it has in the text."""
    return _TOKENS.sub(lambda token: token[0] if token.lastgroup else " " * len(token[0]), text)


def _selects(projection: str, group: str, name: str) -> bool:
    """Whether a subquery selects the variable as it is (by name or with *, not as an expression's value) and uses it."""
    variable = rf"[?$]{name}(?!\w)"
    if re.search(rf"\bAS\s+{variable}", projection, re.IGNORECASE):  # (… AS ?name) stands in parentheses: not in projection
        return False
    return (re.search(variable, projection) is not None or "*" in projection) and re.search(variable, group) is not None


def with_values(text: str, bindings: Mapping[str, Any], name: str = "query") -> str:
    """The query with the bindings as BIND lines opening its WHERE clause (the outermost group pattern), and, if the
    query says `# bind: in subqueries`, opening each subquery's WHERE clause that selects a bound variable."""
    if not bindings:
        return text
    terms = {variable: _term_text(variable, term) for variable, term in bindings.items()}
    where = _where_brace(text)
    places = [(where, list(terms))]
    if IN_SUBQUERIES.search(text):
        check_text(text, name)  # its size and depth bound what is read for each subquery, as for the query bound
        for projection, opened, group in _subqueries(syntax_of(text), where):
            selected = [variable for variable in terms if _selects(projection, group, variable)]
            if selected:
                places.append((opened, selected))
    for place, variables in sorted(places, reverse=True):  # from the end, so that each place stays where it was found
        binds = " ".join(f"BIND ({terms[variable]} AS ?{variable})" for variable in variables)
        text = f"{text[:place]} {binds}{text[place:]}"
    return text
