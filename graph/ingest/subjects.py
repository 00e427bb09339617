"""What a statement is about when it names no organisation: places, plan elements and topics.

Local plans and policies draw statements about a road, a building height, green
areas. The ingest proposes them as the memo's own subjects (`subjects:` in memo.yaml,
skos:Concepts of the memo's subject scheme): named places and plan elements as the
memo writes them, and topics from a small lexicon of the words plans use. A
statement that names none of these is about the proposal itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import slug

# topic: the words that name it (matched at the start of a word)
_TOPICS: list[tuple[str, str]] = [
    ("Bygningshøjder", r"bygningshøjde\w*|byggehøjde\w*|højde\w*|etage\w*|\d+\s*etager|for\s+høje?\b|høje\s+huse|højhus\w*|punkthus\w*"),
    ("Trafik", r"trafik\w*|biltrafik\w*|lastbil\w*|tung\s+trafik|vejadgang\w*|adgangsvej\w*|overkørsel\w*|kørsel\w*|hastighed\w*|fartdæmp\w*"),
    ("Parkering", r"parker(?:e|er|es|ing)\w*|parkering\w*|p-plads\w*|p-pladser|parkeringspladser|p-kælder\w*|p-norm\w*"),
    ("Stier og cykling", r"cykel\w*|cykle\w*|cyklist\w*|stier\b|stien\b|sti\b|stiforbindelse\w*|fortov\w*|gående|fodgænger\w*"),
    (
        "Grønne områder",
        r"grønne\s+områd\w*|grønt\s+område\w*|grønne\s+kile\w*|beplantning\w*|træer\w*|træerne|skov\w*|natur\b|naturen|naturområde\w*"
        r"|naturværdi\w*|parken\b|parker\b|parkområde\w*|beplant\w*|grønt\b",
    ),
    ("Støj", r"støj\w*|larm\w*"),
    ("Skygge og indblik", r"skygge\w*|indblik\w*|udsigt\w*|lysindfald\w*|sollys\w*"),
    ("Bebyggelse", r"bebyggelse\w*|byggefelt\w*|bebyggelsesprocent\w*|byggeri\w*|boliger\w*|rækkehus\w*|etageboliger\w*|tæt-lav\w*"),
    ("Klimatilpasning", r"regnvand\w*|oversvøm\w*|klimatilpas\w*|skybrud\w*|lar\b|nedsivning\w*|afvanding\w*|vandløb\w*"),
    ("Kulturarv", r"kulturarv\w*|bevaringsværdi\w*|fredning\w*|fredet|fortidsminde\w*|kulturmiljø\w*"),
    ("Dyreliv", r"fugle\w*|dyreliv\w*|flagermus\w*|padder\w*|biodiversitet\w*"),
    ("Skole og dagtilbud", r"skole\w*|daginstitution\w*|børnehave\w*|vuggestue\w*|dagtilbud\w*"),
    ("Økonomi", r"økonomi\w*|budget\w*|besparelse\w*|udgift\w*|omkostning\w*|takst\w*"),
    ("Tilgængelighed", r"tilgængelig\w*|kørestol\w*|handicapvenlig\w*|niveaufri\w*|rampe\w*"),
]
_TOPIC = re.compile("|".join(f"(?P<t{index}>(?<!\\w)(?:{words}))" for index, (_, words) in enumerate(_TOPICS)), re.IGNORECASE)
# a named place: "Skovvej", "Mosevej 12", "Nørreparken", "Byens Torv"
_PLACE = re.compile(
    r"(?<![\wæøå])(?:[A-ZÆØÅ][a-zæøå]+\s+)?[A-ZÆØÅ][a-zæøå-]*"
    r"(?:vej|vejen|gade|gaden|allé|alleen|stræde|plads|pladsen|torv|torvet|vænge|parken|toften|bakken|engen|stien|søen|å|åen|skoven|marken|havn|havnen|strand|stranden)"
    r"(?![\wæøå])"
)
# a plan element: "delområde II", "byggefelt B", "§ 5.2", "lokalplanens § 7"
_ELEMENT = re.compile(r"(?<![\wæøå])(?:delområde|byggefelt|område|felt)\s+(?:[IVX]+|[A-H]|\d+)(?![\wæøå])|§\s*\d+(?:\.\d+)*", re.IGNORECASE)

PROPOSAL = "forslaget"


@dataclass(frozen=True)
class Subject:
    id: str
    label: str
    cue: str  # the words of the text that name it


def subjects_in(text: str) -> list[Subject]:
    """The places, plan elements and topics a text names, places and elements first, each once."""
    found: dict[str, Subject] = {}
    for match in _PLACE.finditer(text):
        label = match.group()
        found.setdefault(slug(label), Subject(slug(label), label, label))
    for match in _ELEMENT.finditer(text):
        label = " ".join(match.group().split())
        label = label[:1].upper() + label[1:]
        key = slug(label) if not label.startswith("§") else "paragraf-" + slug(label)
        found.setdefault(key, Subject(key, label, match.group()))
    for match in _TOPIC.finditer(text):
        if match.lastgroup is None:
            continue
        label = _TOPICS[int(match.lastgroup[1:])][0]
        found.setdefault(slug(label), Subject(slug(label), label, match.group()))
    return list(found.values())
