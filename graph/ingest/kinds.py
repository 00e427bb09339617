"""Guessing a statement's kind from the cue words Danish memos use (shared/GLOSSARY.md, and common usage).

A cue is matched at the start of a word, case-insensitively; the earliest cue in the
text decides, and at one position the longer phrase ("ikke tilfreds") wins over the
shorter ("tilfreds"). A text with no cue has no kind: the draft says "unknown", for an
analyst to decide, and counts it as unknown.

"forslaget" (the proposal under consultation, also in "lokalplanforslaget") is not a
suggestion: only "forslag" as a bare noun, "foreslår" and their like are.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["concern", "suggestion", "support"]

# Phrases first where they overlap a shorter cue at the same position.
_CUES: list[tuple[Kind, str]] = [
    # concerns: negated support first
    ("concern", r"ikke\s+(?:tilfreds|enig|positiv\w*|glad\w*)|uenig\w*"),
    ("concern", r"(?:har|ha)\s+svært\s+ved|nervøs\w*|urolig\w*|klage[rs]?\b|klager\s+over|modstander\w*"),
    ("concern", r"kan\s+ikke\s+(?:støtte|bakke\s+op|tilslutte)"),
    ("concern", r"(?:er\s+|stiller\s+sig\s+)?kritisk\w*|kritiser\w*|kritik\w*"),
    ("concern", r"bekymr\w*"),
    ("concern", r"frygt\w*"),
    ("concern", r"savne[rs]?\b|savnes|efterlys\w*"),
    ("concern", r"undren|undre[rs]?\b|undrer\s+sig"),
    ("concern", r"uklar\w*"),
    ("concern", r"usikker\w*"),
    ("concern", r"utilfreds\w*|utryg\w*"),
    ("concern", r"gør\w*\s+indsigelse|indsigelse\w*|protest\w*|modstand|er\s+imod|modsætte\w*|imod\b"),
    ("concern", r"problem\w*|problematisk\w*"),
    ("concern", r"negativ\w*|uheldig\w*|skadelig\w*|forringe\w*|risiko\s+for|risikere[rs]?"),
    ("concern", r"manglende|mangle[rs]?\b|mangel\w*"),
    ("concern", r"generes|gener\b|ulemp\w*"),
    # support
    ("support", r"har\s+ingen\s+(?:indvendinger|bemærkninger)|ingen\s+indvendinger|ikke\s+indvendinger"),
    ("support", r"bakke[rs]?\s+(?:\w+\s+)?op\b|bakket\s+op|opbakning\w*"),
    ("support", r"glad\w*\s+for|glade?\b"),
    ("support", r"støtte[rs]?\b|støttes|støtter\s+op"),
    ("support", r"finder\s+det\s+positivt|ser\s+positivt|positiv\w*"),
    ("support", r"tilfreds\w*|glæde[rs]?\b|glæder\s+sig|hilse[rs]?\s+\w+\s+velkommen|velkommen"),
    ("support", r"tilslutte[rs]?\b|tilslutter\s+sig|enig\w*"),
    ("support", r"fordele?\s+ved|en\s+god\s+idé|godt\s+initiativ"),
    # suggestions
    ("suggestion", r"foresl[åa]\w*|forslag\b|ændringsforslag\w*"),
    ("suggestion", r"ønske[rs]?\b|ønsket?\b|ønskes|ønskelig\w*"),
    ("suggestion", r"anbefal\w*"),
    ("suggestion", r"opfordr\w*|henstill\w*|beder\s+om|anmode[rs]?\b"),
    ("suggestion", r"bør\b|burde\b|skal\s+overveje|vil\s+gerne|ser\s+gerne|kunne\s+overveje|overvej\w*|lægger\s+vægt\s+på"),
    ("suggestion", r"gør\w*\s+opmærksom|gøres\s+opmærksom|gøre\s+opmærksom"),
    ("suggestion", r"vigtig\w*"),
]
_CUE = re.compile("|".join(f"(?P<c{index}>(?<!\\w)(?:{pattern}))" for index, (_, pattern) in enumerate(_CUES)), re.IGNORECASE)


def guess_kind(text: str) -> tuple[Kind, str] | None:
    """The kind the first cue in `text` points to, and the cue as the text writes it; None without a cue."""
    match = _CUE.search(text)
    if match is None or match.lastgroup is None:
        return None
    return _CUES[int(match.lastgroup[1:])][0], " ".join(match.group().split())
