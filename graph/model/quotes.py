"""Finding quotes in a memo's source text, to anchor every node in its words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

CONTEXT_CHARS = 32


@dataclass(frozen=True)
class Anchor:
    """Where a quote stands: 0-based character offsets, end exclusive."""

    exact: str
    start: int
    end: int
    prefix: str
    suffix: str


class QuoteNotFound(ValueError):
    """The quote is not in the text, or is there more than once and needs an occurrence."""


@lru_cache(maxsize=4096)
def _occurrences(text: str, quote: str) -> tuple[int, ...]:
    """Every start of `quote` in `text`. Kept for the quotes asked again: a memo of many identical bullets asks
    the same text for each occurrence (without this, quadratic in their number); a str keeps its hash, so the
    key costs nothing after the first time."""
    found = []
    at = text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return tuple(found)


def _longest_found_prefix(text: str, quote: str) -> int:
    """Length of the longest start of `quote` that occurs in `text` (binary search)."""
    low, high = 0, len(quote)
    while low < high:
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    return low


def anchor(text: str, quote: str, occurrence: int | None = None) -> Anchor:
    """Locate `quote` in `text`; refuse a quote that is absent or ambiguous."""
    starts = _occurrences(text, quote)
    if not starts:
        matched = _longest_found_prefix(text, quote)
        if matched == 0:
            raise QuoteNotFound("quote not found in the source text")
        at = text.find(quote[:matched])
        raise QuoteNotFound(
            f"quote not found in the source text: its first {matched} characters match at offset {at}, "
            f"then the quote has {quote[matched : matched + 20]!r} where the source has {text[at + matched : at + matched + 20]!r}"
        )
    if occurrence is None:
        if len(starts) > 1:
            raise QuoteNotFound(
                f"quote occurs {len(starts)} times in the source text (offsets {', '.join(map(str, starts[:5]))}"
                f"{', …' if len(starts) > 5 else ''}); say which with occurrence: N"
            )
        occurrence = 1
    if occurrence > len(starts):
        raise QuoteNotFound(f"occurrence {occurrence} asked for, but the quote occurs {len(starts)} time(s)")
    start = starts[occurrence - 1]
    end = start + len(quote)
    return Anchor(
        exact=quote,
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )
