"""Synthetic memos with the shape of real ones, for benchmarks and scale tests.

Deterministic for a seed. Each memo has about 7 respondents, 30 statements, 15
remarks and 1–3 recommendations, in Danish sentences of realistic length,
written in the same data format as data/ (organisations.yaml, memos/<id>/memo.yaml
and source.txt); a few hundred units are shared across memos, and some
stakeholders (the police districts, housing associations) answer many memos.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

MUNICIPALITIES = [
    "albertslund", "ballerup", "brondby", "dragoer", "frederiksberg", "gentofte", "gladsaxe", "glostrup", "herlev",
    "hvidovre", "hoje-taastrup", "ishoej-syn", "kobenhavn", "lyngby", "rodovre", "tarnby", "vallensbaek", "egedal",
    "furesoe", "greve", "koge", "roskilde", "solrod", "stevns", "faxe", "lejre", "holbaek", "kalundborg", "odsherred", "soro",
]
UNIT_NAMES = [
    "Center for Børn og Unge", "Center for Skole", "Center for Sundhed", "Center for Ældre", "Center for Beskæftigelse",
    "Ungdomsskolen", "Gadeplan", "SSP-sekretariatet", "Familierådgivningen", "Tandplejen",
]
EXTERNAL = ["Politi", "Boligselskab", "Helhedsplan", "Idrætsforening", "Erhvervsforum"]
EXTERNAL_IDS = ["politi", "boligselskab", "helhedsplan", "idraetsforening", "erhvervsforum"]
CONCERN = ["Der er bekymring for, at", "Der er uklarhed om, hvorfor", "Der er undren over, at", "Der er usikkerhed om, hvordan"]
SUGGESTION = ["Der er et ønske om, at", "Det anbefales, at", "Det er vigtigt, at", "Der gøres opmærksom på, at"]
SUPPORT = ["Der er opbakning til, at", "Der er stor tilfredshed med, at", "Fordele ved forslaget er, at"]
VERBS = ["flytningen af", "samarbejdet med", "ressourcerne til", "ledelsen af", "åbningstiderne i", "organiseringen af", "indsatsen for"]
OBJECTS = [
    "de unge i boligområderne", "familierne med særlige behov", "medarbejdernes faglige miljø", "den tidlige forebyggende indsats",
    "koordineringen mellem forvaltningerne", "de frivillige foreninger", "børnenes trivsel i skoletiden", "de ældre borgere",
]
TAILS = [
    "og det bør afklares, inden den nye organisering træder i kraft.",
    "hvilket kan påvirke kvaliteten af arbejdet i de kommende år.",
    "da det har stor betydning for borgerne i lokalområdet.",
    "så der fortsat er tæt kontakt mellem medarbejdere og borgere.",
    "og at erfaringerne fra de seneste år bliver brugt i processen.",
]
REMARK = [
    "Administrationen noterer sig bemærkningen, og den indgår i det videre arbejde med",
    "Der vil blive fulgt op på samarbejdet om",
    "Forslaget ændrer ikke ved",
    "Det er et opmærksomhedspunkt i den videre proces, hvordan der sikres",
]
RECOMMENDATION = ["tilknyttes styregruppen", "inddrages i arbejdsgruppen", "får en fast kontaktperson", "deltager i den årlige evaluering"]


def _sentence(rng: random.Random, opener: str, unit: str, number: int) -> str:
    """A Danish sentence of realistic length, unique in its memo by its number."""
    return f"{opener} {rng.choice(VERBS)} {unit} og {rng.choice(OBJECTS)} (punkt {number}) {rng.choice(TAILS)}"


def organisations(seed: int = 1) -> dict[str, Any]:
    """About 300 units shared across memos: 30 municipalities of 10 units each, and external partners."""
    rng = random.Random(seed)
    entries: list[dict[str, Any]] = []
    for municipality in MUNICIPALITIES:
        name = municipality.replace("-", " ").title()
        entries.append({"id": f"{municipality}/kommune", "type": "organisation", "label": f"{name} Kommune"})
        entries.append(
            {"id": f"{municipality}/forvaltning", "type": "unit", "label": f"Center for Ledelse, {name}", "part_of": f"{municipality}/kommune"}
        )
        for index, unit in enumerate(UNIT_NAMES):
            entries.append(
                {"id": f"{municipality}/unit-{index}", "type": "unit", "label": f"{unit} i {name}", "part_of": f"{municipality}/kommune",
                 "stakeholder": True}
            )
        entries.append({"id": f"{municipality}/med", "type": "unit", "label": f"Lokal MED {name}", "part_of": f"{municipality}/kommune",
                        "stakeholder": True})
    for index in range(20):
        kind = EXTERNAL[index % len(EXTERNAL)]
        region = rng.choice(["Vest", "Øst", "Nord", "Syd"])
        entries.append(
            {"id": f"ekstern/{EXTERNAL_IDS[index % len(EXTERNAL)]}-{index}", "type": "organisation", "label": f"{kind} {region} {index}",
             "stakeholder": True, "external": True}
        )
    return {"organisations": entries}


def memo(number: int, seed: int = 1) -> tuple[dict[str, Any], str]:
    """One memo's data and its source text."""
    rng = random.Random(seed * 1_000_003 + number)
    municipality = MUNICIPALITIES[number % len(MUNICIPALITIES)]
    name = municipality.replace("-", " ").title()
    units = [f"{municipality}/unit-{i}" for i in range(len(UNIT_NAMES))]
    unit_labels = {f"{municipality}/unit-{i}": f"{UNIT_NAMES[i]} i {name}" for i in range(len(UNIT_NAMES))}
    externals = [f"ekstern/{EXTERNAL_IDS[i % len(EXTERNAL)]}-{i}" for i in range(20)]
    respondents = rng.sample(units, 5) + [f"{municipality}/med", rng.choice(externals)]
    title = f"Høringsnotat {number}: ny organisering af {rng.choice(VERBS).split()[0]} i {name} Kommune"
    lines = [title, "", f"Forslaget har været i høring den 1. marts 2024 til den {10 + number % 18}. april 2024.", ""]
    themes = [{"id": f"tema-{i}", "label": f"Tema {i}: {rng.choice(OBJECTS)}"} for i in range(rng.randint(0, 3))]
    for theme in themes:
        lines.append(theme["label"])
    statements_by_respondent: list[dict[str, Any]] = []
    all_statements: list[str] = []
    counter = 0
    for stakeholder in respondents:
        statements = []
        for _ in range(rng.randint(3, 6)):
            counter += 1
            kind = rng.choices(["concern", "suggestion", "support"], weights=[5, 3, 2])[0]
            opener = rng.choice({"concern": CONCERN, "suggestion": SUGGESTION, "support": SUPPORT}[kind])
            about = rng.sample(units, rng.randint(1, 2))
            text = _sentence(rng, opener, unit_labels[about[0]], counter)
            entry: dict[str, Any] = {"id": f"s{counter}", "kind": kind, "label": text[:60].rstrip(), "about": about, "quote": text}
            if themes and kind == "concern" and rng.random() < 0.5:
                entry["theme"] = rng.choice(themes)["id"]
            statements.append(entry)
            all_statements.append(entry["id"])
        statements_by_respondent.append({"stakeholder": stakeholder, "statements": statements})
        lines.append("\t".join(["Høringspart", *(s["quote"] for s in statements)]))
    responses = []
    for index in range(15):
        target = rng.sample(all_statements, rng.randint(1, 2))
        text = f"{rng.choice(REMARK)} {rng.choice(OBJECTS)} (bemærkning {index + 1})."
        responses.append({"id": f"r{index + 1}", "label": text[:60].rstrip(), "responds_to": target, "quote": text})
        lines.append(text)
    recommendations = []
    for index in range(rng.randint(1, 3)):
        text = f"Lederen af {unit_labels[rng.choice(units)]} {rng.choice(RECOMMENDATION)} (indstilling {index + 1})"
        recommendations.append(
            {"id": f"i{index + 1}", "label": text[:60].rstrip(), "addresses": rng.sample(all_statements, rng.randint(1, 3)), "quote": text}
        )
        lines.append(text)
    data = {
        "id": f"syn-{number:05d}",
        "source": "source.txt",
        "title": title,
        "publisher": f"{municipality}/forvaltning",
        "municipality": f"{municipality}/kommune",
        "consultation": {"label": f"Høring {number}", "start": "2024-03-01", "end": f"2024-04-{10 + number % 18:02d}",
                         "quote": "i høring den 1. marts 2024"},
        "themes": themes,
        "respondents": statements_by_respondent,
        "responses": responses,
        "recommendations": recommendations,
    }
    return data, "\n".join(lines) + "\n"


def write_corpus(root: Path, memos: int, seed: int = 1) -> None:
    """Write organisations.yaml and `memos` memo folders under root."""
    def dump(data: Any, path: Path) -> None:
        path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")

    root.mkdir(parents=True, exist_ok=True)
    dump(organisations(seed), root / "organisations.yaml")
    for number in range(memos):
        data, text = memo(number, seed)
        folder = root / "memos" / data["id"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "source.txt").write_text(text, encoding="utf-8")
        dump(data, folder / "memo.yaml")
