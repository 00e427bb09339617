"""Guessing a statement's kind from the cue words the memos use (shared/GLOSSARY.md)."""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["concern", "suggestion", "support"]

# Each cue is matched at the start of a word, case-insensitively; the first cue in the text decides.
_CUES: list[tuple[Kind, str]] = [
    ("concern", r"bekymr\w*"),
    ("concern", r"undren|undre[rs]?\b"),
    ("concern", r"uklar\w*"),
    ("concern", r"usikker\w*"),
    ("suggestion", r"forslag\w*|foresl[åa]\w*"),
    ("suggestion", r"ønske\w*"),
    ("suggestion", r"anbefal\w*"),
    ("suggestion", r"vigtig\w*"),
    ("suggestion", r"gøres\s+opmærksom"),
    ("support", r"opbakning\w*"),
    ("support", r"tilfreds\w*"),
    ("support", r"fordele?\s+ved"),
]
_CUE = re.compile("|".join(f"(?P<c{index}>(?<!\\w)(?:{pattern}))" for index, (_, pattern) in enumerate(_CUES)), re.IGNORECASE)


def guess_kind(text: str) -> tuple[Kind, str] | None:
    """The kind the first cue word in `text` points to, and the cue as the text writes it; None without a cue."""
    match = _CUE.search(text)
    if match is None or match.lastgroup is None:
        return None
    return _CUES[int(match.lastgroup[1:])][0], match.group()
