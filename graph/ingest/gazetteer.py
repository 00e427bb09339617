"""Finding the units a memo names: the units already in data/ plus names found in the memo.

Danish inflects names: possessive "StraXens", "Ishøj Ungdoms"; definite "rådgiverne",
"helhedsplanen"; adjectives "den operative indsats". Each word of a name therefore
matches its stem with a common ending, and a one-word name also matches as the head
of a compound ("Gadeplansarbejdet"). Abbreviations match in capitals only ("CBF").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

# Endings a Danish noun or adjective takes: plural, definite, possessive and their combinations.
_ENDINGS = "ernes|erne|ers|ene|ens|ets|nes|er|es|en|et|ne|ns|e|n|s"
_STRIP = ("erne", "ene", "en", "et", "ne", "e", "s")
_PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
_ABBREVIATION = re.compile(r"\(([A-ZÆØÅ]{2,6})\)")
_FUNCTION_WORDS = {"for", "og", "af", "i", "til", "med", "på", "de", "den", "det", "ved"}


def slug(text: str, limit: int = 48) -> str:
    """An id segment for a name: lower case ASCII, æ→ae, ø→oe, å→aa, words joined by '-'."""
    text = text.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", text)
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > limit and result:
            break
        result = candidate
    return result or "x"


NUMBERED = re.compile(r"\s*\d{1,3}[.)]\s+(?=\S)")


def bare_name(name: str) -> str:
    """A name without a number before it, a trailing colon or trailing parentheses:
    '3. Lokal MED CBF (herunder …):' → 'Lokal MED CBF'."""
    name = NUMBERED.sub("", name, count=1) if NUMBERED.match(name) else name
    name = name.strip().rstrip(":").strip()
    while True:
        shorter = _PARENTHESIS.sub("", name)
        if shorter == name or not shorter:
            return name
        name = shorter


def _word_pattern(word: str) -> str:
    if word.isupper() and len(word) >= 2:  # an abbreviation: its capitals, maybe with a possessive s
        return f"(?-i:{re.escape(word)})(?:'?s)?"
    if not word.isalpha():
        return re.escape(word)
    stem = word
    if len(word) >= 6:
        for ending in _STRIP:
            if word.lower().endswith(ending) and len(word) - len(ending) >= 5:
                stem = word[: -len(ending)]
                break
    return f"{re.escape(stem)}(?:{_ENDINGS})?"


def _name_pattern(name: str) -> str:
    words = name.split()
    pattern = r"\s+".join(_word_pattern(word) for word in words)
    if len(words) == 1 and len(name) >= 7 and name.isalpha() and not name.isupper():
        # the head of a compound joined by -s-: "Gadeplansarbejdet"
        pattern = f"{pattern}|{re.escape(name)}s\\w{{4,}}"
    return f"(?<!\\w)(?:{pattern})(?!\\w)"


@dataclass(frozen=True)
class Mention:
    """A unit named in a text: where, which unit, and the words as the text writes them."""

    start: int
    end: int
    unit: str
    surface: str


def _rank(name: str) -> tuple[int, str]:
    return (-len(name), name)  # longest names first, so that at one position the longest name wins


class _Group:
    """Some of a gazetteer's names as one compiled alternation, in the order of `_rank`."""

    def __init__(self, names: list[str]) -> None:
        self.order = sorted(names, key=_rank)
        self._compiled: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            alternatives = "|".join(f"(?P<n{index}>{_name_pattern(name)})" for index, name in enumerate(self.order))
            self._compiled = re.compile(alternatives, re.IGNORECASE)
        return self._compiled


@dataclass
class Gazetteer:
    """Names of units, each pointing to a unit's id; finds them in a text, longest name first.

    The names are kept in groups of 1, 2, 4 … names, each compiled once (a memo that names thousands of
    citizens adds a name between two searches, and compiling every name again each time was quadratic);
    `find` gives what one alternation of every name in `_rank` order gives: at the leftmost position where
    a name matches, the first name in that order."""

    names: dict[str, str] = field(default_factory=dict)
    _folded: set[str] = field(default_factory=set)
    _groups: list[_Group] = field(default_factory=list)

    @classmethod
    def of(cls, entries: Iterable[tuple[str, Iterable[str]]]) -> Gazetteer:
        """A gazetteer of (unit id, its names) pairs."""
        gazetteer = cls()
        for unit, names in entries:
            for name in names:
                gazetteer.add(name, unit)
        return gazetteer

    def add(self, name: str, unit: str) -> None:
        """Add a name for a unit; a name already known keeps its first unit."""
        name = " ".join(name.split())
        if name and name.casefold() not in self._folded:
            self.names[name] = unit
            self._folded.add(name.casefold())
            group = _Group([name])
            while self._groups and len(self._groups[-1].order) <= len(group.order):  # merge equal sizes, as a binary counter
                group = _Group([*self._groups.pop().order, *group.order])
            self._groups.append(group)

    def only(self, municipality: str, labels: dict[str, str] | None = None, *, foreign: bool = False) -> Gazetteer:
        """The names of one municipality's units (ids 'municipality/…') and of units of no municipality.

        For a municipality the data does not know (`foreign`), a unit of no municipality keeps only its own
        label (from `labels`): the other names were learnt from another municipality's memos ("politiet" was
        Vestegns Politi in Ishøj) and are not applied to this one.
        """
        labels = labels or {}
        kept = Gazetteer()
        for name, unit in self.names.items():
            if "/" in unit and unit.split("/", 1)[0] != municipality:
                continue
            if foreign and "/" not in unit and unit in labels and name.casefold() != labels[unit].casefold():
                continue
            kept.add(name, unit)
        return kept

    def find(self, text: str) -> list[Mention]:
        """Every unit named in `text`, left to right, without overlaps."""
        mentions: list[Mention] = []
        groups = [(group, group.pattern) for group in self._groups]
        ahead: list[re.Match[str] | None] = [pattern.search(text) for _, pattern in groups]  # each group's next match
        while True:
            best: tuple[int, tuple[int, str], str, re.Match[str]] | None = None
            for (group, _), match in zip(groups, ahead, strict=True):
                if match is None or match.lastgroup is None:
                    continue
                name = group.order[int(match.lastgroup[1:])]
                candidate = (match.start(), _rank(name), name, match)
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
            if best is None:
                return mentions
            _, _, name, match = best
            mentions.append(Mention(match.start(), match.end(), self.names[name], match.group()))
            end = match.end()
            ahead = [
                found if found is not None and found.start() >= end else pattern.search(text, end) if found is not None else None
                for (_, pattern), found in zip(groups, ahead, strict=True)
            ]

    def resolve(self, name: str) -> Mention | None:
        """The unit a name denotes when the whole name (without a colon or parentheses) is one unit's name."""
        bare = bare_name(name)
        mentions = self.find(bare)
        if len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(bare):
            return mentions[0]
        return None

    def learn_abbreviations(self, text: str) -> list[tuple[str, str]]:
        """Read "Center for Børn og Forebyggelse (CBF)": the capitals name the words before them.

        Returns (abbreviation, name) for each definition; an abbreviation of a known unit
        becomes one of its names.
        """
        found = []
        for match in _ABBREVIATION.finditer(text):
            letters = match.group(1)
            words = text[: match.start()].split()
            initials: list[str] = []
            taken = 0
            for word in reversed(words):
                if word.casefold() in _FUNCTION_WORDS:
                    taken += 1
                    continue
                if not word[:1].isupper():
                    break
                initials.insert(0, word[0])
                taken += 1
                if len(initials) == len(letters):
                    break
            if "".join(initials) != letters:
                continue
            name = " ".join(words[len(words) - taken :])
            found.append((letters, name))
            mention = self.resolve(name)
            if mention is not None:
                self.add(letters, mention.unit)
        return found
