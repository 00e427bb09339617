"""What a report opens with: the memos it covers and their consultation periods, the filters it was asked with.

Asked of any engine (memos_of); the build keeps each memo's (graph.builder.precomputed), so that the report it
lays out in advance opens as a report laid out now does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from graph.model.iris import ID_NS
from graph.model.wording import word

if TYPE_CHECKING:
    from graph.engine.interface import Engine

_MEMOS = """
SELECT ?memo ?title ?start ?end WHERE {
  ?memo a hg:Memo ; dcterms:title ?title .
  OPTIONAL { ?memo hg:reportsOn ?consultation . OPTIONAL { ?consultation dcat:startDate ?start } OPTIONAL { ?consultation dcat:endDate ?end } }
}"""
_LABELS = "SELECT ?label WHERE { ?node rdfs:label ?label }"


@dataclass(frozen=True)
class Memo:
    """A memo as a report names it: its id, its title by language, its consultation's first and last day (ISO)."""

    id: str
    titles: dict[str, str] = field(default_factory=dict)
    start: str = ""
    end: str = ""

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get("da") or next(iter(sorted(self.titles.values())), self.id)

    def as_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Memo:
        found = json.loads(text)
        return cls(str(found["id"]), {str(k): str(v) for k, v in found["titles"].items()}, str(found["start"]), str(found["end"]))


def memos_of(engine: Engine) -> list[Memo]:
    """Every memo the engine holds, by id."""
    titles: dict[str, dict[str, str]] = {}
    periods: dict[str, tuple[str, str]] = {}
    for memo, title, start, end in engine.select(_MEMOS).rows:
        iri = str(memo)
        key = iri[len(ID_NS):] if iri.startswith(ID_NS) else iri
        titles.setdefault(key, {}).setdefault(getattr(title, "language", None) or "da", str(title))
        known = periods.get(key, ("", ""))
        periods[key] = (str(start) if start is not None else known[0], str(end) if end is not None else known[1])
    return [Memo(key, titles[key], *periods[key]) for key in sorted(titles)]


def label_of(engine: Engine, node: object) -> str:
    """A unit's or stakeholder's name as the memo gives it (its Danish label; the rows of every report name it so,
    in either language), else any label, else its IRI."""
    labels = {getattr(label, "language", None) or "": str(label) for (label,) in engine.select(_LABELS, {"node": node}).rows}
    return labels.get("da") or next(iter(sorted(labels.values())), str(node))


def _date(iso: str, lang: str) -> str:
    """A day as the reader writes it: 29.09.2023 in Danish, 2023-09-29 in English."""
    if lang == "da" and len(iso) >= 10 and iso[4] == "-" and iso[7] == "-":
        return f"{iso[8:10]}.{iso[5:7]}.{iso[:4]}"
    return iso[:10]


def memo_lines(memos: Sequence[Memo], lang: str) -> list[str]:
    """One memo: its title, id and consultation period; several: how many, and the span of their periods."""
    if not memos:
        return [word("report.memos.none", lang)]
    if len(memos) == 1:
        memo = memos[0]
        lines = [word("report.memo", lang, title=memo.title(lang), id=memo.id)]
        if memo.start or memo.end:
            lines.append(word("report.memo.period", lang, start=_date(memo.start, lang) or "?", end=_date(memo.end, lang) or "?"))
        return lines
    lines = [word("report.memos.many", lang, count=len(memos))]
    starts = sorted(m.start for m in memos if m.start)
    ends = sorted(m.end for m in memos if m.end)
    if starts or ends:
        lines.append(word("report.memos.period", lang, first=_date((starts or ends)[0], lang), last=_date((ends or starts)[-1], lang)))
    return lines


def filter_lines(filters: Iterable[tuple[str, str | None]], lang: str) -> list[str]:
    """A line per filter given: (`unit`, its label), (`stakeholder`, …), (`kind`, …); None: not given."""
    return [word(f"report.filter.{key}", lang, name=name) for key, name in filters if name is not None]
