"""The administration's decisions: a change it recommends, or its explicit decision to change nothing.

"Giver ikke anledning til ændringer", "Ingen ændringer", "Tages til efterretning",
"Forslaget fastholdes" are the commonest texts of a memo's change column. They are
decisions not to change anything for the statements beside them: the draft records
them as remarks with `decision: no-change`, never as recommendations.

A remark and its recommendation often share one cell or paragraph: "… Forvaltningen
indstiller, at …". `split_recommendation` finds where the recommendation starts.
"""

from __future__ import annotations

import re

_NO_CHANGE = re.compile(
    r"""(?<!\w)(?:
        (?:giver|gav|vil\s+ikke\s+give|har\s+ikke\s+givet)\s+ikke\s+anledning\s+til\s+(?:nogen\s+|yderligere\s+)?(?:ændring|justering|tilretning)
      | (?:giver|gav)\s+ikke\s+anledning\s+til\s+(?:nogen\s+)?(?:ændring|justering)
      | ikke\s+giver\s+anledning\s+til\s+(?:nogen\s+|yderligere\s+)?(?:ændring|justering|tilretning)
      | giver\s+ingen\s+anledning\s+til
      | (?:giver|gav)\s+ikke\s+anledning\s+til\s+at\s+(?:ændre|justere|tilrette)
      | (?:ingen|har\s+ikke)\s+konsekvens(?:er)?
      | ikke\s+(?:imødekommes|følges)
      | (?:fastholder|fastholdes)\s+(?:forslaget|planen|lokalplanen|bestemmelsen)
      | ingen\s+(?:ændring|justering|tilretning)
      | medfører\s+(?:ingen|ikke)\s+(?:ændring|justering)
      | (?:ændres|justeres)\s+ikke
      | ikke\s+(?:ændres|justeres)
      | tages?\s+til\s+efterretning
      | fastholde[sr]?(?:\s+uændret)?
      | (?:forbliver|fastholdes|bevares)\s+uændret
      | uændret
      | ingen\s+bemærkninger
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# a change said with words that a no-change pattern would also match: "giver delvist anledning til ændringer"
_CHANGE = re.compile(
    r"(?<!\w)(?:giver\s+(?:delvis[t]?\s+)?anledning\s+til\s+(?:at|en|følgende|ændring|justering)"
    r"|(?:ændres|justeres|tilføjes|præciseres|suppleres|udgår|indarbejdes|tilrettes)\b(?!\s+ikke)"
    r"|(?:at\s+)?(?:der|det)\s+(?:tilføjes|indføjes|indarbejdes)"
    r"|indstiller,?\s+at\s+(?!høringssvaret\s+ikke|der\s+ikke|forslaget\s+fastholdes))",
    re.IGNORECASE,
)
_EMPTY = re.compile(r"[\s\-–—.,:;/]*|(?:nej|ingen|intet|ikke\s+relevant|ingen\s+bemærkning(?:er)?)\.?", re.IGNORECASE)
# where a recommendation starts inside a remark's cell or paragraph
_RECOMMENDS = re.compile(
    r"(?<![\w,])(?:(?:Forvaltningen|Administrationen|Direktionen|Center\s+for\s+[A-ZÆØÅ][\wæøå -]+?|Byrådet|Udvalget)"
    r"\s+(?:indstiller|foreslår|anbefaler)"
    r"|Det\s+(?:indstilles|foreslås|anbefales)|Indstilling\s*:|Forslag\s+til\s+ændring\s*:|Ændring\s*:)",
)


def is_no_change(text: str) -> bool:
    """True when `text` is a decision to change nothing (an empty or dash cell counts: nothing is changed)."""
    plain = " ".join(text.split())
    if _EMPTY.fullmatch(plain):
        return True
    if _NO_CHANGE.search(plain) is None:
        return False
    # "Giver ikke anledning til ændringer. Dog tilføjes …" is a change after all
    unchanged = [match.span() for match in _NO_CHANGE.finditer(plain)]
    return not any(
        all(change.end() <= start or change.start() >= end for start, end in unchanged) for change in _CHANGE.finditer(plain)
    )


def split_recommendation(text: str) -> int | None:
    """Where, in a remark's words, the administration's recommendation starts; None when it has none."""
    match = _RECOMMENDS.search(text)
    if match is None or match.start() == 0 and not text[match.end() :].strip():
        return None
    return match.start()


def says_no_change(text: str) -> bool:
    """True when `text` words a decision to change nothing (an empty or dash cell says nothing)."""
    plain = " ".join(text.split())
    return re.search(r"[^\W\d_]", plain) is not None and is_no_change(plain)


def closes_with_no_change(text: str) -> bool:
    """True when a remark ends by deciding that nothing changes ("… Høringssvaret giver ikke anledning til ændringer.")."""
    sentences = [sentence for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if sentence]
    return bool(sentences) and says_no_change(sentences[-1]) and _NO_CHANGE.search(sentences[-1]) is not None
