"""What kind of stakeholder a respondent is, read from how the memo names it.

A respondent is a unit or staff body of the municipality, a public body, an
association or union, a company, an advisory council, or a citizen. Only municipal
units are proposed for data/organisations.yaml; the others are the memo's own
stakeholders (`stakeholders:` in memo.yaml). A citizen keeps the name the memo gives
("Borger, Skovvej 4"): the draft adds no personal data.
"""

from __future__ import annotations

import re
from typing import Literal

Type = Literal["unit", "public-body", "association", "company", "council", "citizen", "organisation"]
MUNICIPAL = {"unit"}

_WORD = r"(?<![\wæøå])(?:{})(?![\wæøå])"


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(_WORD.format("|".join(patterns)), re.IGNORECASE)


_COMPANY = re.compile(r"(?<![\wæøå])(?:A/S|ApS|I/S|K/S|P/S|IVS|AMBA|a\.m\.b\.a\.|Holding|& Co\.?|Advokat\w*|Tegnestue\w*|Arkitekt\w*)(?![\wæøå])")
_COMPANY_WORDS = _words(r"\w*rådgivning", r"\w*entreprenør\w*", r"\w*ejendomme", r"\w*invest\w*", r"\w*byg(?:geri)?\b", r"\w*firma\w*")
_COUNCIL = _words(
    r"\w*rådet", r"\w*råd", r"ældreråd\w*", r"handicapråd\w*", r"integrationsråd\w*", r"seniorråd\w*", r"ungeråd\w*",
    r"ungdomsråd\w*", r"udsatteråd\w*", r"folkeoplysningsudvalg\w*",
)  # fmt: skip
_NOT_COUNCIL = _words(r"lokalråd\w*", r"beboerråd\w*", r"forældreråd\w*", r"elevråd\w*", r"kirkeråd\w*", r"menighedsråd\w*")
_PUBLIC = _words(
    r"\w*politi\w*", r"\w*direktorat\w*", r"\w*(?<!be)styrelse\w*", r"museum\w*", r"museer\w*", r"\w*museet", r"region\w*",
    r"banedanmark", r"energinet\w*", r"\w*forsyning\w*", r"beredskab\w*", r"\w*beredskabet", r"movia", r"\w*trafikselskab\w*",
    r"rigspoliti\w*", r"\w*ministeri\w*", r"staten", r"\w*myndighed\w*", r"\w*nationalpark\w*", r"naturstyrelsen",
    r"\w+\s+kommune", r"sundhedsstyrelsen", r"\w*havn\b", r"\w*lufthavn\w*", r"skat", r"geodatastyrelsen", r"\w*universitet\w*",
)  # fmt: skip
_ASSOCIATION = _words(
    r"\w*forening\w*", r"\w*forbund\w*", r"\w*klub\w*", r"\w*selskab(?:et)?(?!\s+A/S)", r"\w*sammenslutning\w*", r"\w*netværk\w*",
    r"lokalråd\w*", r"beboerråd\w*", r"forældreråd\w*", r"elevråd\w*", r"menighedsråd\w*", r"\w*laug\w*", r"\w*kreds\w*", r"\w*organisation\w*",
    r"\w*fagforening\w*", r"BUPL", r"FOA", r"DLF", r"3F", r"HK", r"DN", r"DOF", r"\w*landsforening\w*", r"\w*initiativ\w*",
    r"\w*fællesskab\w*", r"\w*gruppe(?:n)?\b(?!\s+i\s+kommunen)", r"\w*komit[eé]\w*", r"\w*samråd\w*", r"\w*boligselskab\w*",
    r"\w*andelsbolig\w*", r"\w*ejerforening\w*", r"\w*afdelingsbestyrelse\w*", r"\w*kirke(?:n|r|rne)?", r"\w*sogn(?:et)?",
)  # fmt: skip
_UNIT = _words(
    r"lokal\s*MED\w*", r"MED[-\s]?udvalg\w*", r"\w*MED\b", r"center\s+for", r"afdeling\w*", r"\w*skole\w*", r"\w*institution\w*",
    r"\w*børnehave\w*", r"\w*vuggestue\w*", r"\w*dagtilbud\w*", r"team\w*", r"\w*sekretariat\w*", r"\w*forvaltning\w*",
    r"bestyrelse\w*", r"ledelse\w*", r"\w*medarbejder\w*", r"\w*personale\w*", r"\w*ungdom\w*", r"\w*klub(?:ber|ben)?\b(?=.*kommune)",
    r"\w*tandpleje\w*", r"\w*plejecenter\w*", r"\w*hjemmepleje\w*", r"\w*bibliotek\w*", r"\w*jobcenter\w*", r"leder\w*", r"\w*udvalg\w*",
    r"\w*konsulent\w*", r"\w*rådgiver\w*", r"\w*pædagog\w*", r"\w*lærere\w*", r"gadeplan\w*",
)  # fmt: skip
_CITIZEN = re.compile(
    r"(?<![\wæøå])(?:borger(?:e|en|ne)?|beboer(?:e|en|ne)?|forældre(?:ne)?|privatperson(?:er|en)?|lodsejer(?:e|en|ne)?|grundejer(?:e|en|ne)?|ejer(?:e|en|ne)?\s+af"
    r"|anonym\w*|nabo(?:er|en|erne)?)(?![\wæøå])",
    re.IGNORECASE,
)
# "Anne og Peter Hansen, Mosevej 12": a name, then a street and a number
_ADDRESS = re.compile(
    r"[A-ZÆØÅ][\wæøå.-]*(?:vej|gade|allé|alle|stræde|plads|torv|vænge|have|parken|park|toften|bakken|høj|sti|løkke|engen|mark|hegn|gård|lund)\b\.?\s*\d+",
)
# "Jens Erik Mortensen", "Lone og Kasper Mikkelsen, Nyrup": names, maybe with the place they live
_PERSON = re.compile(
    r"^[A-ZÆØÅ][a-zæøå]+(?:[- ][A-ZÆØÅ][a-zæøå]+)*(?:\s+og\s+[A-ZÆØÅ][a-zæøå]+(?:[- ][A-ZÆØÅ][a-zæøå]+)*)?(?:,\s+[A-ZÆØÅ][\wæøå .-]*)?$"
)


def classify(name: str) -> tuple[Type, bool]:
    """The kind of stakeholder a name denotes, and whether the name said so (False: a default, to review)."""
    name = " ".join(name.split())
    if _COMPANY.search(name) or _COMPANY_WORDS.search(name):
        return "company", True
    if _CITIZEN.search(name):
        return "citizen", True
    if _COUNCIL.search(name) and not _NOT_COUNCIL.search(name):
        return "council", True
    if _PUBLIC.search(name):
        return "public-body", True
    if _ASSOCIATION.search(name):  # before citizens: "Borgerforening", "Grundejerforeningen"
        return "association", True
    if _ADDRESS.search(name):
        return "citizen", True
    if _UNIT.search(name):
        return "unit", True
    if _PERSON.fullmatch(name) and 2 <= len(name.split()) <= 6 and not name.isupper():
        return "citizen", False
    return "organisation", False


def looks_like_a_name(text: str) -> bool:
    """A lead line inside a response names a respondent ("Gadeplan:", "Lokal MED for Ishøj Ungdom:") rather than a topic."""
    words = text.split()
    if not words or len(words) > 8:
        return False
    kind, said = classify(text)
    if said and kind != "citizen":
        return True
    # a proper name: a capital after the first word ("Tryghed og Kriminalitetsforebyggelse"), or an abbreviation
    return any(word[:1].isupper() for word in words[1:] if word.lower() not in {"og", "for", "i", "af"}) or text.isupper()
