"""The tool's words for people, in Danish and in English: one table, read by the reports, the page and the messages.

The vocabulary's own terms (a kind, a status, a class) are named by the ontology's labels (ontology/hoeringsgraf.ttl,
`rdfs:label "…"@da , "…"@en`), read once; everything else the tool says to a reader is a key of WORDS. A key
missing from WORDS is a defect (KeyError), so a word is never printed in one language only.

Danish is the default, for Danish memos; `--lang en` (or HOERINGSGRAF_LANG=en) chooses English.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache


class Lang(StrEnum):
    da = "da"
    en = "en"


DEFAULT_LANG = Lang.da

# key: (Danish, English). Column heads are keyed by the query variable they name ("head.VARIABLE").
WORDS: dict[str, tuple[str, str]] = {
    # --- column heads: the variables of the canned queries and the reports --------------------------------
    "head.unit": ("Enhed", "Unit"),
    "head.unitLabel": ("Enhed", "Unit"),
    "head.open": ("Åbne", "Open"),
    "head.statement": ("Udsagn", "Statement"),
    "head.kind": ("Type", "Kind"),
    "head.stakeholder": ("Høringspart", "Stakeholder"),
    "head.stakeholderLabel": ("Høringspart", "Stakeholder"),
    "head.label": ("Udsagnet kort", "In short"),
    "head.status": ("Status", "Status"),
    "head.remarks": ("Administrationens bemærkninger", "The administration's remarks"),
    "head.remark": ("Bemærkning", "Remark"),
    "head.quote": ("Citat", "Quote"),
    "head.recommendation": ("Indstilling", "Recommendation"),
    "head.recommendations": ("Indstillinger", "Recommendations"),
    "head.units": ("Enheder", "Units"),
    "head.level": ("Niveau", "Level"),
    "head.partOf": ("Del af", "Part of"),
    "head.how": ("Ændring", "Change"),
    "head.from": ("Fra", "From"),
    "head.to": ("Til", "To"),
    "head.statements": ("Udsagn", "Statements"),
    "head.stakeholders": ("Høringsparter", "Stakeholders"),
    "head.concerns": ("Bekymringer", "Concerns"),
    "head.degreeCentrality": ("Gradcentralitet", "Degree centrality"),
    "head.betweenness": ("Mellemcentralitet", "Betweenness"),
    "head.stakeholderA": ("Høringspart A", "Stakeholder A"),
    "head.stakeholderB": ("Høringspart B", "Stakeholder B"),
    "head.sharedUnits": ("Fælles enheder", "Shared units"),
    "head.overlap": ("Overlap", "Overlap"),
    "head.group": ("Gruppe", "Group"),
    "head.unitsAllShare": ("Enheder alle deler", "Units all share"),
    "head.memo": ("Høringsnotat", "Memo"),
    "head.memoTitle": ("Høringsnotat", "Memo"),
    "head.title": ("Titel", "Title"),
    "head.date": ("Dato", "Date"),
    "head.iri": ("IRI", "IRI"),
    "iri.suffix": ("(IRI)", "(IRI)"),
    # --- report headings and what they open with ---------------------------------------------------------
    "report.unresolved": ("Uafklarede bekymringer og forslag pr. enhed", "Unresolved concerns and suggestions per unit"),
    "report.unresolved.section": ("{label}: {count} åbne", "{label}: {count} open"),
    "report.unresolved.section.one": ("{label}: 1 åben", "{label}: 1 open"),
    "report.unresolved.nothing": (
        "Intet er åbent: ingen bekymring eller intet forslag, som ingen indstilling imødekommer.",
        "Nothing is open: no concern or suggestion that no recommendation addresses.",
    ),
    "report.unresolved.about": (
        "{rows} bekymring(er) og forslag, som ingen indstilling imødekommer, om {units} enhed(er)",
        "{rows} concern(s) and suggestion(s) that no recommendation addresses, about {units} unit(s)",
    ),
    "report.filter.unit": ("Kun om enheden: {name}", "Only about the unit: {name}"),
    "report.filter.stakeholder": ("Kun fra høringsparten: {name}", "Only from the stakeholder: {name}"),
    "report.filter.kind": ("Kun af typen: {name}", "Only of the kind: {name}"),
    "report.memo": ("Høringsnotat: {title} ({id})", "Memo: {title} ({id})"),
    "report.memo.period": ("Høringsperiode: {start} – {end}", "Consultation: {start} to {end}"),
    "report.memos.many": ("{count} høringsnotater", "{count} memos"),
    "report.memos.period": ("Høringsperioder fra {first} til {last}", "Consultations from {first} to {last}"),
    "report.memos.none": ("Ingen høringsnotater", "No memos"),
    "report.unit": ("Enhed: {label}", "Unit: {label}"),
    "report.unit.partOf": ("Del af", "Part of"),
    "report.unit.partOf.none": ("Ikke del af en anden enhed", "Not part of another unit"),
    "report.unit.changes": ("Sådan ændrer omorganiseringen enheden", "How the reorganisation changes it"),
    "report.unit.said": ("Det blev sagt om {label}: {count} udsagn", "What was said about {label}: {count} statement(s)"),
    "report.unit.receives": ("modtager {label}", "receives {label}"),
    "report.unit.givesUp": ("afgiver {label}", "gives up {label}"),
    "change.moves": ("flyttes", "moves"),
    "change.joins": ("indgår i", "joins"),
    "change.considers model": ("overvejer modellen", "considers model"),
    "report.stakeholder": ("Høringspart: {label}", "Stakeholder: {label}"),
    "report.stakeholder.statuses": ("Status for udsagnene", "Statuses"),
    "report.stakeholder.said": ("Det sagde {label}", "What {label} said"),
    "report.network": ("Netværket af bekymringer", "The network of concerns"),
    "report.network.contested": (
        "De mest omstridte enheder (høringsparter med bekymringer; centralitet i grafen af høringsparter og enheder)",
        "Most contested units (stakeholders with concerns; centrality in the stakeholder–unit graph)",
    ),
    "report.network.pairs": (
        "Høringsparter, der deler bekymrings-enheder (projektionen på høringsparterne)",
        "Stakeholders who share units of concern (the stakeholder–stakeholder projection)",
    ),
    "report.network.groups": (
        "Grupper af høringsparter med fælles bekymringer (grådige modularitetsfællesskaber)",
        "Groups of stakeholders with common concerns (greedy modularity communities)",
    ),
    "report.rows": ("{count} række(r)", "{count} row(s)"),
    "report.none": ("(ingen)", "(none)"),
    "sheet.about": ("Om rapporten", "About"),
    "sheet.part-of": ("Del af", "Part of"),
    "sheet.changes": ("Omorganiseringen", "Reorganisation"),
    "sheet.statements": ("Udsagn", "Statements"),
    "sheet.statuses": ("Status", "Statuses"),
    "sheet.contested": ("Omstridte enheder", "Contested units"),
    "sheet.pairs": ("Fælles enheder", "Shared units"),
    "sheet.groups": ("Grupper", "Groups"),
    # --- notes the reports print on stderr ----------------------------------------------------------------
    "note.sections": (
        "{fmt} holder én tabel: '{shown}'; --section vælger en anden ({choices}), og .xlsx rummer dem alle",
        "{fmt} holds one table: '{shown}'; --section chooses another ({choices}), and .xlsx holds them all",
    ),
}


def word(key: str, lang: Lang | str = DEFAULT_LANG, **values: object) -> str:
    """The word or sentence `key` in `lang`, its {placeholders} filled in."""
    danish, english = WORDS[key]
    text = danish if Lang(lang) is Lang.da else english
    return text.format(**values) if values else text


def head(variable: str, lang: Lang | str = DEFAULT_LANG) -> str:
    """A column's head for people: the variable's word, or the variable itself when the table has none."""
    return word(f"head.{variable}", lang) if f"head.{variable}" in WORDS else variable


@cache
def _ontology_labels() -> dict[str, dict[str, str]]:
    """Every IRI's rdfs:label in the ontology, by language (pyoxigraph reads the file in about 2 ms)."""
    import pyoxigraph as ox

    from .resources import ontology_file

    labels: dict[str, dict[str, str]] = {}
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    for triple in ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == label and isinstance(triple.object, ox.Literal) and triple.object.language:
            labels.setdefault(triple.subject.value, {}).setdefault(triple.object.language, triple.object.value)
    return labels


def vocab_label(iri: str, lang: Lang | str = DEFAULT_LANG) -> str | None:
    """The ontology's label of one of its terms in `lang`, first letter upper case (`Bekymring`), or None."""
    found = _ontology_labels().get(iri, {}).get(Lang(lang).value)
    return found[:1].upper() + found[1:] if found else None
