"""From a memo's table to a draft of its data file, every guess marked for review.

One statement per bullet or paragraph of a response, its kind guessed from the cue
words; headings are themes; remarks and recommendations are linked to the statements
beside them in their row, and say so for review where the row leaves it open.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.base.errors import DataError, Where
from graph.model.quotes import anchor

from .decisions import closes_with_no_change, says_no_change
from .gazetteer import NUMBERED, Gazetteer, bare_name, slug
from .kinds import Kind, guess_kind
from .stakeholders import MUNICIPAL, classify, looks_like_a_name
from .subjects import PROPOSAL, subjects_in
from .table import RECOMMENDATION, REMARKS, RESPONDENT, RESPONSE, Block, Row, Segment, Table, plain_text, split_block

_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]
_DATE = re.compile(
    r"(?:(?:den|d\.)\s+)?(?:(\d{1,2})\.\s*(" + "|".join(_MONTHS) + r")(?:\s+(\d{4}))?"
    r"|(\d{1,2})[./-](\d{1,2})[./ -]\s?(\d{4}))(?!\d)",
    re.IGNORECASE,
)
# words of a decision or a meeting near dates: a decision date is not the consultation period
_DECIDED = re.compile(
    r"vedt[ao]g\w*|besluttede|besluttet|godkendt\w*|behandl\w*|møde\w*|udvalg\w*|byråd\w*|kommunalbestyrelse\w*|frist\w*", re.IGNORECASE
)
_PERIOD = re.compile(
    r"i\s+(?:offentlig\s+)?høring|høringsperiode\w*|høringsfrist\w*|offentlig\s+høring|fremlagt|i\s+perioden|været\s+i\s+høring", re.IGNORECASE
)
_NOT_TITLE = re.compile(
    r"(?:[A-ZÆØÅ][\wæøå-]+\s+)?Kommune|høringsnotat|hvidbog|notat|dato\b.*|sagsnr\.?.*|j\.\s*nr\.?.*|journalnr\.?.*|side\s+\d+.*|\d.*|"
    r"sagsbehandler.*|init\.?.*|ref\.?.*|dok\.?\s*nr\.?.*",
    re.IGNORECASE,
)
_TITLE_LEAD = re.compile(r"(?:høringsnotat|hvidbog|notat)\b", re.IGNORECASE)
_CONSULTATION = re.compile(r"(?<!\w)høring(?:en|s\w*)?(?!\w)", re.IGNORECASE)
_MEETING = re.compile(r"(?<!\w)møde(?:t|r|rne)?(?!\w)", re.IGNORECASE)
_SAME_AS_ABOVE = re.compile(r"samme\s+indstilling\s+som\s+(?:ovenfor|ovenstående)", re.IGNORECASE)
_MUNICIPALITY = re.compile(r"(?<!\w)([A-ZÆØÅ][\wæøå-]+(?:\s+[A-ZÆØÅ][\wæøå-]+)?)\s+Kommune(?!\w)")
_TRAILING_ASIDE = re.compile(r"\s*(?:<(?:i|em|u|b|strong)>\s*)?\((?:[^()]*\s[^()]*)\)\s*(?:</(?:i|em|u|b|strong)>)?\s*$")
_RECEIVED = re.compile(r"høringssvar|afgivet til|sendt til|modtaget af", re.IGNORECASE)
_SECTION_WORDS = ("bemærkning", "høringssvar")
_END = ".!?;,"
# a sentence ends at ". " before a capital (not "5. klasse", "jf. § 5", "ca. 3.400")
_SENTENCE_END = re.compile(
    r"(?<!\d)(?<!\bjf)(?<!\bca)(?<!\bbl)(?<!\bnr)(?<!pkt)(?<!stk)(?<!\bkl)(?<!\bmv)(?<!evt)(?<!eks)"
    r"[.!?](?=\s+(?:<[^>]+>\s*)*[A-ZÆØÅ\"])"
)
_LABEL_CHARS = 90

Quote = str | dict[str, Any]


class Flow(list[str]):
    """A list of ids, written on one line like the curated data's `about: [a, b]`."""


def _first_sentence(text: str) -> str:
    match = _SENTENCE_END.search(text)
    return text[: match.end()] if match else text


def label_of(text: str) -> str:
    """A label drafted from a quote: its first sentence, shortened at a word."""
    sentence = re.split(r"(?<=[.!?])\s+(?=[A-ZÆØÅ\"])", text, maxsplit=1)[0].rstrip(".")
    if len(sentence) <= _LABEL_CHARS:
        return sentence
    return sentence[:_LABEL_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _words(text: str) -> set[str]:
    """The words of a text to compare it with another: their first five letters, so "ledere" meets "lederne"."""
    return {word[:5] for word in re.findall(r"\w{4,}", text.casefold())}


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", ":", ")", '"', "”"))


def _looks_like_heading(block: Block) -> bool:
    """A short paragraph without a sentence's end: "Risiko for videnstab", "Manglende effekt"."""
    text = block.plain
    if block.kind != "p" or text[-1] in _END or len(text.split()) > (12 if block.emphasis is not None else 6):
        return False
    if block.emphasis is not None:
        return True
    # a cue word may head a theme too ("Risiko for videnstab", "Manglende effekt"): a phrase of a few words, not a sentence
    return text[0].isupper() and (guess_kind(text) is None or len(text.split()) <= 4)


@dataclass
class _Theme:
    label: str
    start: int
    words: str


@dataclass
class _State:
    """Who is speaking in a row, under which heading, after which lead-in ("Der er opbakning til:")."""

    respondent: dict[str, Any]
    names: str = ""  # the words of the row's respondent cell
    theme: _Theme | None = None
    theme_review: str | None = None
    lead: tuple[Kind, str, str] | None = None  # kind, cue, the lead-in's words
    statements: list[str] = field(default_factory=list)  # the ids of the row's statements so far


@dataclass
class Draft:
    """The draft memo file's data, and the units it proposes that data/organisations.yaml lacks."""

    memo: dict[str, Any]
    organisations: list[dict[str, Any]]
    header: list[str] = field(default_factory=list)  # what to check that has no entry to carry a mark

    def count(self, key: str) -> int:
        return len(self.memo.get(key, []))

    @property
    def statements(self) -> list[dict[str, Any]]:
        return [statement for respondent in self.memo["respondents"] for statement in respondent["statements"]]

    @property
    def marks(self) -> int:
        def walk(value: Any) -> int:
            if isinstance(value, dict):
                return len(value.get("review", [])) + sum(walk(item) for key, item in value.items() if key != "review")
            if isinstance(value, list):
                return sum(walk(item) for item in value)
            return 0

        return walk(self.memo) + len(self.organisations)


@dataclass
class Known:
    """What data/organisations.yaml says of a unit the draft refers to."""

    label: str
    stakeholder: bool


class _Drafter:
    def __init__(self, table: Table, memo_id: str, gazetteer: Gazetteer, known: dict[str, Known], path: Path) -> None:
        self.path = path
        self.table = table
        self.text = table.text
        self.memo_id = memo_id
        self.gazetteer = gazetteer
        self.known = known
        self.ids: set[str] = set()
        self.tried: dict[str, int] = {}  # the last number new_id gave each base
        self.new_units: dict[str, dict[str, Any]] = {}
        self.respondents: dict[str, dict[str, Any]] = {}
        self.counters: dict[str, int] = {}
        self.themes: dict[str, dict[str, Any]] = {}
        self.meetings: list[dict[str, Any]] = []
        self.responses: list[dict[str, Any]] = []
        self.recommendations: list[dict[str, Any]] = []
        self.pending: dict[str, Any] | None = None  # a remark whose words go on in the next segment
        self.header: list[str] = []
        self.municipality: str | None = None
        self.prefix = ""
        self.consultation: dict[str, Any] = {}
        self.known_labels = {unit: entry.label for unit, entry in known.items()}
        self.known_prefixes = {unit.split("/", 1)[0] for unit in known if "/" in unit}
        self.stakeholders: dict[str, dict[str, Any]] = {}  # the memo's own respondents: citizens, associations, firms …
        self.subjects: dict[str, dict[str, Any]] = {}
        self.words_of: dict[str, str] = {}  # a statement's words, to match remarks with it
        self.rows_of: dict[str, int] = {}  # the row a citizen's stakeholder was named in
        self.quoted: dict[int, tuple[list[Quote], set[tuple[str, int | None]]]] = {}  # by id(): the list is kept alive
        self.starts: dict[str, list[int]] = {}  # where each quoted text occurs, found once: a memo repeats its bullets

    # --- small tools ---------------------------------------------------------------

    def quote(self, start: int, words: str) -> Quote:
        """A quote of `words` standing at `start`: with `occurrence: N` when the words occur more than once."""
        found = self.starts.get(words)
        if found is None:  # every start, overlapping ones too, as graph.quotes.anchor counts them: once per distinct words
            found, at = [], self.text.find(words)
            while at != -1:
                found.append(at)
                at = self.text.find(words, at + 1)
            if found and anchor(self.text, words, len(found) if len(found) > 1 else None).start != found[-1]:
                raise AssertionError(f"quote {words!r} is not counted as the build counts it")
            self.starts[words] = found
        position = bisect_left(found, start)
        if position == len(found) or found[position] != start:  # the build will find it where it was read
            raise AssertionError(f"quote {words!r} does not anchor at {start}")
        return words if len(found) == 1 else {"text": words, "occurrence": position + 1}

    def add_quote(self, quotes: list[Quote], quote: Quote) -> None:
        """Add a quote to an entry's list unless it is there (a set beside each list: a name a memo repeats)."""
        seen = self.quoted.get(id(quotes))
        if seen is None:
            seen = self.quoted[id(quotes)] = (quotes, {_quote_key(known) for known in quotes})
        if _quote_key(quote) not in seen[1]:
            seen[1].add(_quote_key(quote))
            quotes.append(quote)

    def new_id(self, base: str) -> str:
        """`base`, else `base-2`, `base-3` … the first not taken (ids are never given back, so the search for
        a base goes on from where it last stopped: a memo of many citizens does not count from 2 each time)."""
        candidate, number = base, self.tried.get(base, 1)
        if number > 1:
            candidate = f"{base}-{number}"
        while candidate in self.ids:
            number += 1
            candidate = f"{base}-{number}"
        self.tried[base] = number
        self.ids.add(candidate)
        return candidate

    def numbered_id(self, base: str) -> str:
        self.counters[base] = self.counters.get(base, 0) + 1
        return self.new_id(f"{base}-{self.counters[base]}")

    def about(self, text: str, review: list[str], *, fallback: bool = False) -> Flow:
        """The units, places and topics `text` names, with a mark saying which words were read as which;
        with `fallback`, the proposal itself when it names none."""
        mentions = [mention for mention in self.gazetteer.find(text) if mention.unit not in self.stakeholder_ids]
        units = Flow(dict.fromkeys(mention.unit for mention in mentions))
        if mentions:
            named = dict.fromkeys(f"'{mention.surface}' ({mention.unit})" for mention in mentions)
            review.append("about guessed from " + ", ".join(named))
            foreign = [
                m for m in mentions
                if self.prefix and not m.unit.startswith(self.prefix + "/") and m.unit in self.known and m.surface != self.known[m.unit].label
            ]  # fmt: skip
            for mention in foreign:
                review.append(
                    f"'{mention.surface}' read as {mention.unit} ({self.known[mention.unit].label}), a name known from other memos' data; "
                    "check it is meant here"
                )
        for unit in units:
            self.use_unit(unit)
        found = subjects_in(text)
        if found:
            review.append("about the subject(s) " + ", ".join(f"'{subject.cue}' ({subject.label})" for subject in found))
        for subject in found:
            units.append(self.subject(subject.id, subject.label))
        if not units and fallback:
            units.append(self.subject(PROPOSAL, "Forslaget i høring"))
            review.append("names no unit, place or topic: read as about the proposal itself; say what it is about")
        return units

    @property
    def stakeholder_ids(self) -> set[str]:
        return set(self.stakeholders)

    def subject(self, key: str, label: str) -> str:
        """A subject of the memo's own scheme (a place, plan element or topic), its id reserved once."""
        entry = self.subjects.get(key)
        if entry is None:
            entry = {"id": self.new_id(key), "label": label, "review": ["a subject proposed by the ingest; check its label"]}
            self.subjects[key] = entry
        return str(entry["id"])

    def use_unit(self, unit: str) -> None:
        if unit in self.new_units:
            self.new_units[unit]["used"] = True

    def propose_unit(self, label: str, *, stakeholder: bool, kind: str = "unit", unit_id: str | None = None) -> str:
        """A unit data/organisations.yaml lacks, proposed in the draft file of organisations."""
        unit = unit_id or (f"{self.prefix}/{slug(label)}" if self.prefix else slug(label))
        if unit not in self.new_units:
            proposal: dict[str, Any] = {"id": unit, "type": kind, "label": label}
            if self.municipality and unit != self.municipality:
                proposal["part_of"] = self.municipality
            if stakeholder:
                proposal["stakeholder"] = True
            proposal["used"] = False
            self.new_units[unit] = proposal
            self.gazetteer.add(label, unit)
        elif stakeholder:
            self.new_units[unit]["stakeholder"] = True
        return unit

    # --- the preamble: title, municipality, publisher, consultation ------------------

    def preamble(self, fallback_title: str) -> dict[str, Any]:
        blocks = self.table.preamble
        words = " ".join(block.plain for block in blocks)
        everything = [block.plain for row in self.table.rows for segment in row.segments for cell in segment.cells for block in cell]
        self._municipality(words, " ".join(everything))
        if self.prefix:  # another municipality's units are not this memo's, though they share names
            self.gazetteer = self.gazetteer.only(self.prefix, self.known_labels, foreign=self.prefix not in self.known_prefixes)
        self.gazetteer.learn_abbreviations(" ".join([words, *everything]))
        title = self._title(blocks, fallback_title)
        publisher = self._publisher([block.plain for block in blocks])
        if publisher is None:
            publisher = self.propose_unit("Afsenderen af høringsnotatet", stakeholder=False, kind="organisation", unit_id=f"{self.memo_id}/afsender")
            self.header.append(f"publisher: the memo names no municipality or unit that received the responses; {publisher} is a placeholder")
        else:
            self.header.append(f"publisher: read as {publisher} from the text before the table")
        self.use_unit(publisher)
        memo: dict[str, Any] = {"id": self.memo_id, "source": "source.txt", "title": title, "publisher": publisher}
        if self.municipality:
            memo["municipality"] = self.municipality
            self.use_unit(self.municipality)
        memo["consultation"] = self._consultation(plain_text(title if isinstance(title, str) else title["text"]), blocks)
        return memo

    def _title(self, blocks: list[Block], fallback: str) -> Quote:
        """The memo's title: the line after or of "Høringsnotat …", else its first line that is not a letterhead."""
        candidates: list[Block] = []
        for index, block in enumerate(blocks):
            plain = block.plain.rstrip(":")
            if _TITLE_LEAD.match(plain):
                rest = _TITLE_LEAD.sub("", plain, count=1).strip(" -–:")
                if len(rest.split()) >= 2:
                    candidates.insert(0, block)
                    break
                later = [other for other in blocks[index + 1 : index + 3] if not _NOT_TITLE.fullmatch(other.plain) and len(other.plain.split()) >= 2]
                if later:
                    candidates.insert(0, later[0])
                    break
            if not _NOT_TITLE.fullmatch(plain) and 2 <= len(plain.split()) <= 30 and self.gazetteer.resolve(plain) is None:
                candidates.append(block)
        if not candidates:
            self.header.append(f"the memo has no title line before its table: the title is the file's name ({fallback})")
            return fallback
        block = candidates[0]
        self.header.append(f"title: read from the line '{label_of(block.plain)}'")
        start, words = block.heading_quote
        return self.quote(start, words)

    def _publisher(self, paragraphs: list[str]) -> str | None:
        """Who received the responses: a unit the sentence on the responses names, else any the text names."""
        sentences = [sentence for paragraph in paragraphs for sentence in re.split(r"(?<=[.!?])\s+", paragraph)]
        sentences.sort(key=lambda sentence: not _RECEIVED.search(sentence))
        for sentence in sentences:
            units = [mention.unit for mention in self.gazetteer.find(sentence) if mention.unit != self.municipality]
            units = [unit for unit in units if self.known.get(unit) is None or not self.known[unit].stakeholder or _RECEIVED.search(sentence)]
            if units and (units[0] not in self.known or self.prefix and units[0].startswith(self.prefix + "/")):
                return units[0]
        return self.municipality

    def _municipality(self, words: str, body: str) -> None:
        for mention in self.gazetteer.find(words):
            if mention.unit.endswith("/kommune") or self.known.get(mention.unit, Known("", False)).label.endswith(" Kommune"):
                self.municipality = mention.unit
                break
        else:
            named = _MUNICIPALITY.search(words) or _MUNICIPALITY.search(body)
            if named is not None:
                known = self.gazetteer.resolve(named.group(0))
                if known is not None:
                    self.municipality = known.unit
                else:
                    self.prefix = slug(named.group(1))
                    self.municipality = self.propose_unit(named.group(0), stakeholder=False, kind="organisation", unit_id=f"{self.prefix}/kommune")
        if self.municipality and not self.prefix:
            self.prefix = self.municipality.split("/")[0] if "/" in self.municipality else slug(self.municipality)

    def _consultation(self, title: str, blocks: list[Block]) -> dict[str, Any]:
        topic = re.sub(r"^(?:høringsnotat|hvidbog|notat)\s*(?:[-–:]\s*)?(?:(?:om|vedr\.?|vedrørende|for|til)\s+)?", "", title, flags=re.IGNORECASE)
        first_word = topic.split()[0] if topic.split() else ""
        if not (self.gazetteer.find(first_word) or first_word.isupper() or first_word[:1].isdigit()):  # a name keeps its capital
            topic = topic[:1].lower() + topic[1:]
        consultation: dict[str, Any] = {"label": f"Høring om {topic}" if topic else "Høring"}
        best: tuple[int, Block, re.Match[str], re.Match[str], str] | None = None
        for block in blocks:
            for sentence in re.finditer(r"(?:[^.!?]|(?<=\d)\.)+(?:[.!?]|$)", block.quote):
                dates = list(_DATE.finditer(block.quote, sentence.start(), sentence.end()))
                if len(dates) < 2:
                    continue
                words = sentence.group()
                hearing, period, decided = _CONSULTATION.search(words), _PERIOD.search(words), _DECIDED.search(words)
                score = (2 if period else 0) + (1 if hearing else 0) - (2 if decided and not period else 0)
                between = block.quote[dates[0].end() : dates[1].start()]
                if re.fullmatch(r"\s*(?:til(?:\s+og\s+med)?|–|-|—|og)\s*", between):
                    score += 1
                if score > 0 and (best is None or score > best[0]):
                    best = (score, block, dates[0], dates[1], words)
        if best is not None:
            _, block, first, second = best[:4]
            end = self._date(second, None)
            start = self._date(first, end.year if end else None)
            if start is not None and end is not None:
                if start > end and first.group(3) is None and first.group(1) is not None:
                    start = start.replace(year=start.year - 1)
                consultation["start"], consultation["end"] = start, end
                hearing = _PERIOD.search(block.quote, max(0, first.start() - 80), first.start()) or _CONSULTATION.search(
                    block.quote, max(0, first.start() - 80), first.start()
                )
                at = hearing.start() if hearing is not None else first.start()
                words = block.quote[at : second.end()]
                consultation["quote"] = self.quote(block.start + at, words)
                self.header.append(f"consultation: the period is read from '{plain_text(words)}'")
                return consultation
        consultation["review"] = ["no consultation period found in the text before the table; give its start and end dates"]
        self.header.append("consultation: no period found in the text before the table; give its start and end dates")
        return consultation

    @staticmethod
    def _date(match: re.Match[str], year: int | None) -> dt.date | None:
        if match.group(1) is not None:
            day, month = int(match.group(1)), _MONTHS.index(match.group(2).lower()) + 1
            chosen = int(match.group(3)) if match.group(3) else year
        else:
            day, month, chosen = int(match.group(4)), int(match.group(5)), int(match.group(6))
        if chosen is None:
            return None
        try:
            return dt.date(chosen, month, day)
        except ValueError:
            return None

    # --- respondents -------------------------------------------------------------------

    def respondent(self, unit: str, quote: Quote | None, name: str, review: list[str]) -> dict[str, Any]:
        entry = self.respondents.get(unit)
        if entry is None:
            entry = {"stakeholder": unit, "quote": [], "statements": [], "review": list(review)}
            self.respondents[unit] = entry
            known = None if unit in self.stakeholders else self.known.get(unit)
            if known is not None and not known.stakeholder:
                entry["review"].append(
                    f"'{name}' answers here, but {unit} is not a stakeholder in organisations.yaml; set its 'stakeholder' to true there"
                )
        if quote is not None:
            self.add_quote(entry["quote"], quote)
        self.use_unit(unit)
        return entry

    def row_respondent(self, blocks: list[Block], index: int) -> dict[str, Any]:
        block = blocks[0]
        start, words = block.heading_quote
        number = NUMBERED.match(words)
        if number is not None and words[number.end() :].strip():  # "8. Jens Erik Mortensen": the name without its number
            start, words = start + number.end(), words[number.end() :]
        aside = _TRAILING_ASIDE.search(words)
        if aside is not None and aside.start() > 0:
            words = words[: aside.start()].rstrip()
        name = " ".join(b.plain for b in blocks)
        return self.named_respondent(name, self.quote(start, words), row=index)

    def named_respondent(self, name: str, quote: Quote, *, row: int | None = None) -> dict[str, Any]:
        review: list[str] = []
        mention = self.gazetteer.resolve(name)
        label = bare_name(name)
        if mention is not None and mention.unit in self.stakeholders:
            unit = mention.unit
            entry = self.stakeholders[unit]
            if row is not None and entry["type"] == "citizen" and self.rows_of.setdefault(unit, row) != row:
                # citizens the memo names alike ("Borger") in two rows are two people
                unit = self.new_id(slug(label))
                self.stakeholders[unit] = {**entry, "id": unit, "review": list(entry["review"])}
                self.rows_of[unit] = row
        elif mention is not None and mention.unit not in self.new_units:
            unit = mention.unit
            if self.prefix and mention.unit in self.known and "/" not in mention.unit and self.prefix not in self.known_prefixes:
                review.append(f"'{label}' read as {unit}, a stakeholder known from other memos' data; check it is the one meant")
        else:
            kind, said = classify(label)
            if kind in MUNICIPAL:
                unit = self.propose_unit(label, stakeholder=True)
                review.append(
                    f"new unit '{label}' proposed as {unit} in organisations.draft.yaml; check its id, type and place, "
                    "then move it to organisations.yaml"
                )
            else:
                unit = self.local_stakeholder(label, kind, said)
        return self.respondent(unit, quote, name, review)

    def local_stakeholder(self, label: str, kind: str, said: bool) -> str:
        """A respondent that is not a unit of the municipality: the memo's own stakeholder, named as the memo names it."""
        key = slug(label)
        for unit, entry in self.stakeholders.items():
            if entry["label"] == label:
                return unit
        unit = self.new_id(key)
        reason = "its name says so" if said else "a guess: its name does not say; check"
        self.stakeholders[unit] = {"id": unit, "type": kind, "label": label, "review": [f"a respondent of type {kind} ({reason})"]}
        self.gazetteer.add(label, unit)
        return unit

    # --- the response column -----------------------------------------------------------

    def theme(self, state: _State) -> str | None:
        if state.theme is None:
            return None
        key = slug(state.theme.label)
        entry = self.themes.get(key)
        quote = self.quote(state.theme.start, state.theme.words)
        if entry is None:
            entry = {"id": self.new_id(key), "label": state.theme.label, "quote": [quote]}
            if state.theme_review:
                entry["review"] = [state.theme_review]
            self.themes[key] = entry
        else:
            self.add_quote(entry["quote"], quote)
        return str(entry["id"])

    def response_block(self, block: Block, state: _State, here: list[str]) -> None:
        text = block.plain
        if block.kind == "p" and text.endswith(":"):
            name = text[:-1].strip()
            cue = guess_kind(name)
            if cue is not None:  # a lead-in: "Der er opbakning til:"
                state.lead = (cue[0], cue[1], text)
                return
            state.lead = None
            if any(word in name.casefold() for word in _SECTION_WORDS):  # "Andre bemærkninger fra CBF:"
                return
            start, words = block.heading_quote
            words = words.rstrip().removesuffix(":").rstrip()
            mention = self.gazetteer.resolve(name)
            named_in_row = bare_name(name).casefold() in state.names.casefold()
            if mention is not None or named_in_row or looks_like_a_name(bare_name(name)):
                if mention is None or mention.unit != state.respondent["stakeholder"]:
                    state.respondent = self.named_respondent(name, self.quote(start, words))
                    if mention is None and not named_in_row:
                        state.respondent["review"].append(
                            f"the lead line '{text}' inside the response is read as a respondent; if it is a topic, make it a theme"
                        )
                state.theme = None
                return
            state.theme = _Theme(bare_name(name), start, words)
            state.theme_review = f"the heading '{text}' is read as a theme; if it names a respondent, make it one"
            return
        if _looks_like_heading(block):
            start, words = block.heading_quote
            state.theme, state.theme_review, state.lead = _Theme(block.plain, start, words), None, None
            return
        if block.kind == "p":
            state.lead = None
        for part in self.points(block):
            here.append(self.statement(part, state))

    def points(self, block: Block) -> list[Block]:
        """The points a paragraph makes: a résumé often gives several in one paragraph, one sentence each. A sentence
        with a cue word of its own starts a point; a sentence without one goes on with the point before it."""
        cuts = [match.end() for match in _SENTENCE_END.finditer(block.quote)]
        if not cuts:
            return [block]
        starts = [0]
        for cut in cuts:
            rest = block.quote[cut:]
            if plain_text(rest) and guess_kind(_first_sentence(rest)) is not None:
                starts.append(cut)
        if len(starts) == 1:
            return [block]
        parts = []
        for begin, end in zip(starts, [*starts[1:], len(block.quote)], strict=True):
            head = split_block(self.text, block, end)[0]
            part = split_block(self.text, head or block, begin)[1] if begin else head
            if part is not None:
                parts.append(part)
        return parts or [block]

    def statement(self, block: Block, state: _State) -> str:
        review: list[str] = []
        guess = guess_kind(block.plain)
        kind: Kind | str
        cue: str | None = None
        if guess is not None:
            kind, cue = guess
            review.append(f"kind guessed from '{cue}'")
        elif state.lead is not None and block.kind == "item":
            kind, cue, lead = state.lead
            review.append(f"kind guessed from '{cue}' in the lead-in '{lead}'")
        else:
            kind = "unknown"
            review.append("no cue word: the kind is unknown; set concern, suggestion or support")
        about = self.about(block.plain, review, fallback=True)
        if block.guessed:
            review.append("stands outside the table's columns (a page break); check that it is part of the response")
        respondent = state.respondent
        statement_id = self.numbered_id(respondent["stakeholder"].rsplit("/", 1)[-1])
        entry: dict[str, Any] = {"id": statement_id, "kind": kind, "label": label_of(block.plain)}
        if cue is not None:
            entry["cue"] = cue
        if about:
            entry["about"] = about
        theme = self.theme(state)
        if theme is not None:
            entry["theme"] = theme
        entry["quote"] = self.quote(block.start, block.quote)
        entry["review"] = review
        respondent["statements"].append(entry)
        self.words_of[statement_id] = block.plain
        state.statements.append(statement_id)
        return statement_id

    # --- remarks and recommendations -----------------------------------------------------

    def remarks(self, blocks: list[Block], here: list[str]) -> list[dict[str, Any]]:
        slots: list[dict[str, Any] | None] = []
        for index, block in enumerate(blocks):
            if index == 0 and self.pending is not None and block.plain[:1].islower():
                self.pending["quote"].append(self.quote(block.start, block.quote))
                self.pending["review"].append("its words go on in the next row (a page break); check that the quotes are one remark")
                slots.append(None)  # it stands in this row, but answers the row it began in
                self.pending = None
                continue
            review: list[str] = []
            if block.guessed:
                review.append("stands outside the table's columns (a page break); check that it is a remark")
            entry: dict[str, Any] = {"id": self.numbered_id("bemaerkning"), "label": label_of(block.plain), "responds_to": Flow()}
            about = self.about(block.plain, review)
            if about:
                entry["about"] = about
            meetings = self.meetings_in(block)
            if meetings:
                entry["meetings"] = Flow(meetings)
            if closes_with_no_change(block.plain):
                entry["decision"] = "no-change"
                review.append("ends with a decision of no change, so recorded as one; check")
            entry["quote"] = [self.quote(block.start, block.quote)]
            entry["review"] = review
            self.responses.append(entry)
            slots.append(entry)
        self.pending = None
        if blocks and slots and slots[-1] is not None and not _ends_sentence(blocks[-1].plain):
            self.pending = slots[-1]
        self.link(slots, here)
        return [slot for slot in slots if slot is not None]

    def link(self, slots: list[dict[str, Any] | None], here: list[str]) -> None:
        """Remarks answer the statements beside them: each statement the remark whose words it shares most,
        else the row's statements shared out in order."""
        count, statements = len(slots), len(here)
        remarks = [(index, entry) for index, entry in enumerate(slots) if entry is not None]
        if not remarks:
            return
        if not statements:
            for _, entry in remarks:
                entry["review"].append("no statement stands beside this remark in its row; say which it answers in 'responds_to'")
            return
        if len(remarks) == 1:
            entry = remarks[0][1]
            entry["responds_to"].extend(here)
            if statements > 1:
                entry["review"].append(f"the only remark beside {statements} statements in its row, so linked to all; check which it answers")
            return
        by_words: dict[str, int] = {}
        for statement in here:
            mine = _words(self.words_of.get(statement, ""))
            scores = sorted(((len(mine & _words(" ".join(_quote_words(entry["quote"])))), index) for index, entry in remarks), reverse=True)
            if scores[0][0] >= 2 and scores[0][0] > scores[1][0]:
                by_words[statement] = scores[0][1]
        for position, statement in enumerate(here):
            index = by_words.get(statement)
            if index is None:  # by order: the row's statements shared out among its remarks in turn
                number = next(n for n in range(len(remarks)) if position < (n + 1) * statements // len(remarks) or n == len(remarks) - 1)
                index = remarks[number][0]
            chosen = slots[index]
            assert chosen is not None
            chosen["responds_to"].append(statement)
        for number, (index, entry) in enumerate(remarks, 1):
            if not entry["responds_to"]:  # a remark no statement chose answers the one at its place
                entry["responds_to"].append(here[min(index * statements // count, statements - 1)])
            how = "by the words it shares with them" if all(by_words.get(target) == index for target in entry["responds_to"]) else "by row order"
            entry["review"].append(
                f"several remarks in this row (remark {number} of {len(remarks)}, beside {statements} statement(s)), linked {how}; "
                "check which it answers"
            )

    def meetings_in(self, block: Block) -> list[str]:
        """Meetings a remark dates ("fælles møde d. 1. november"), each an entry of its own."""
        found = []
        start, end = self.consultation.get("start"), self.consultation.get("end")
        for date in _DATE.finditer(block.quote):
            window = max(0, date.start() - 40)
            named = list(_MEETING.finditer(block.quote, window, date.start()))
            if not named:
                continue
            when = self._date(date, end.year if isinstance(end, dt.date) else None)
            if when is None:
                continue
            review = []
            if date.group(1) is not None and date.group(3) is None:
                if isinstance(start, dt.date) and when < start:
                    when = when.replace(year=when.year + 1)
                review.append(f"the memo gives no year; {when.year} is assumed from the consultation period")
            at = named[-1].start()
            words = block.quote[at : date.end()]
            meeting_id = self.new_id(f"moede-{when.isoformat()}")
            review.append(f"a meeting read from '{words}'; check its label and date")
            label = f"Møde {when.day}. {_MONTHS[when.month - 1]} {when.year}"
            self.meetings.append({"id": meeting_id, "label": label, "date": when, "quote": self.quote(block.start + at, words), "review": review})
            found.append(meeting_id)
        return found

    def no_change(self, block: Block, here: list[str], remarks: list[dict[str, Any]], row: list[str]) -> None:
        """A decision to change nothing ("Giver ikke anledning til ændringer"): a remark with `decision: no-change`
        answering the statements beside it, never a recommendation."""
        review: list[str] = ["read as the administration's decision of no change for the statements beside it; check"]
        targets = here or row
        if not targets:
            review.append("no statement stands beside this decision in its row; say which it answers in 'responds_to'")
        entry: dict[str, Any] = {"id": self.numbered_id("afgoerelse"), "label": label_of(block.plain), "responds_to": Flow(targets)}
        entry["decision"] = "no-change"
        entry["quote"] = [self.quote(block.start, block.quote)]
        entry["review"] = review
        self.responses.append(entry)

    def recommendations_in(self, blocks: list[Block], here: list[str], remarks: list[dict[str, Any]], state: _State) -> None:
        respondent = state.respondent["stakeholder"]
        for block in blocks:
            if not re.search(r"[^\W\d_]", block.plain):  # "-", "–": nothing said
                continue
            if says_no_change(block.plain):
                self.no_change(block, here, remarks, state.statements)
                continue
            same = _SAME_AS_ABOVE.search(block.quote)
            review: list[str] = []
            if same is not None:
                cut = block.quote.rfind("(", 0, same.start())
                head = re.sub(r"<(?:i|em|u|b|strong)>\s*$", "", block.quote[: cut if cut != -1 else same.start()]).rstrip()
                if plain_text(head):
                    quote, words = self.quote(block.start, head), plain_text(head)
                else:
                    quote, words = self.quote(block.start + same.start(), same.group()), ""
                target = next((r for r in reversed(self.recommendations) if words and r["label"] == label_of(words)), None)
                if target is None and self.recommendations:
                    target = self.recommendations[-1]
                    review.append(f"merged with the recommendation above it, as '{same.group()}' in the row of {respondent} says; check")
                if target is not None:
                    target["quote"].append(quote)
                    target["addresses"].extend(self.addressed(words or target["label"], here, remarks, target["review"]))
                    target["review"].extend(review)
                    target["review"].append(f"given again in the row of {respondent} ('{same.group()}'), so one recommendation with two quotes")
                    continue
                review.append(f"says '{same.group()}', but no recommendation stands above it; say what it recommends")
            else:
                quote, words = self.quote(block.start, block.quote), block.plain
            entry: dict[str, Any] = {"id": self.numbered_id("indstilling"), "label": label_of(words or block.plain)}
            entry["addresses"] = Flow(self.addressed(words or block.plain, here, remarks, review))
            about = self.about(words or block.plain, review)
            if about:
                entry["about"] = about
            entry["quote"] = [quote]
            entry["review"] = review
            self.recommendations.append(entry)

    def addressed(self, words: str, here: list[str], remarks: list[dict[str, Any]], review: list[str]) -> list[str]:
        """The statements a recommendation addresses: those of its row whose words it shares, else those of the remark
        in its row it most resembles, else all of the row's."""
        mine = _words(words)
        shared = {statement: len(mine & _words(self.words_of.get(statement, ""))) for statement in here}
        chosen = [statement for statement in here if shared[statement] >= 2]
        if chosen and len(chosen) < len(here):
            review.append(f"addresses the statement(s) of its row whose words it shares ({', '.join(chosen)}); check")
            return chosen
        scored = [(len(mine & _words(remark["label"] + " " + " ".join(_quote_words(remark["quote"])))), remark) for remark in remarks]
        score, best = max(scored, key=lambda pair: pair[0], default=(0, None))
        if best is not None and score >= 2 and best["responds_to"]:
            review.append(f"addresses the statements of the remark beside it that it resembles ({best['id']}); check")
            return list(best["responds_to"])
        if here:
            review.append(f"addresses every statement in its row ({len(here)}); check which it addresses")
            return list(here)
        review.append("no statement stands beside this recommendation in its row; say which it addresses in 'addresses'")
        return []

    # --- the whole table ---------------------------------------------------------------------

    def rows(self) -> None:
        # the names in the respondent column are names found in the memo: known before any statement is read
        for index, row in enumerate(self.table.rows):
            cell = row.segments[0].cells[RESPONDENT]
            name = bare_name(" ".join(block.plain for block in cell))
            if cell and self.gazetteer.resolve(name) is None:
                kind, said = classify(name)
                if kind in MUNICIPAL:
                    self.propose_unit(name, stakeholder=True)
                else:
                    self.rows_of.setdefault(self.local_stakeholder(name, kind, said), index)
        for index, row in enumerate(self.table.rows):
            self.row(row, index)

    def row(self, row: Row, index: int) -> None:
        first = row.segments[0]
        if not first.cells[RESPONDENT]:
            raise DataError(Where(self.path, line=first.line), "the table's first row names no respondent")
        state = _State(self.row_respondent(first.cells[RESPONDENT], index), " ".join(block.plain for block in first.cells[RESPONDENT]))
        self.pending = None
        responses, recommendations = len(self.responses), len(self.recommendations)
        for segment in row.segments:
            self.segment(segment, state)
        decisions = [entry for entry in self.responses[responses:] if entry["id"].startswith("afgoerelse")]
        if len(decisions) == 1 and len(self.recommendations) == recommendations and len(row.segments) > 1:
            # the row's one decision, beside its first part, decides for the part after a page break too
            entry = decisions[0]
            later = [statement for statement in state.statements if statement not in entry["responds_to"]]
            if later:
                entry["responds_to"].extend(later)
                entry["review"].append("the row goes on after a page break; the decision is read as answering its statements there too")

    def closing(self) -> None:
        """The closing list of changes ("Samlet indstilling"): each item the section's recommendation it restates,
        else a recommendation of its own."""
        for block in self.table.closing:
            if says_no_change(block.plain):
                continue
            mine = _words(block.plain)
            scored = [
                (len(mine & _words(" ".join([entry["label"], *_quote_words(entry["quote"])]))), entry)
                for entry in self.recommendations
                if not entry.get("closing")
            ]
            score, best = max(scored, key=lambda pair: pair[0], default=(0, None))
            if best is not None and score >= max(2, min(len(mine), 6) // 2):
                best["quote"].append(self.quote(block.start, block.quote))
                best["closing"] = True
                best["review"].append("listed again in the closing section; check that the two quotes are one change")
                continue
            review = ["listed only in the closing section; check which statements it addresses"]
            statements = sorted(((len(mine & _words(words)), statement) for statement, words in self.words_of.items()), reverse=True)
            targets = [statement for found, statement in statements[:1] if found >= 2]
            entry: dict[str, Any] = {"id": self.numbered_id("indstilling"), "label": label_of(block.plain), "addresses": Flow(targets)}
            about = self.about(block.plain, review)
            if about:
                entry["about"] = about
            entry["quote"] = [self.quote(block.start, block.quote)]
            entry["review"] = review
            entry["closing"] = True
            self.recommendations.append(entry)

    def segment(self, segment: Segment, state: _State) -> None:
        here: list[str] = []
        for block in segment.cells[RESPONSE]:
            self.response_block(block, state, here)
        remarks = self.remarks(segment.cells[REMARKS], here)
        self.recommendations_in(segment.cells[RECOMMENDATION], here or state.statements, remarks, state)


def _quote_key(quote: Quote) -> tuple[str, int | None]:
    return (quote, None) if isinstance(quote, str) else (str(quote["text"]), quote.get("occurrence"))


def _quote_words(quotes: list[Quote]) -> list[str]:
    return [plain_text(quote if isinstance(quote, str) else quote["text"]) for quote in quotes]


def draft_memo(table: Table, memo_id: str, gazetteer: Gazetteer, known: dict[str, Known], path: Path) -> Draft:
    """The draft data of one memo from its table (read from the file at `path`)."""
    drafter = _Drafter(table, memo_id, gazetteer, known, path)
    memo = drafter.preamble(path.stem)
    drafter.consultation = memo["consultation"]
    drafter.rows()
    drafter.closing()
    drafter.header[:0] = table.notes
    if drafter.meetings:
        memo["meetings"] = drafter.meetings
    if drafter.themes:
        memo["themes"] = list(drafter.themes.values())
    if drafter.stakeholders:
        memo["stakeholders"] = [_tidy(entry) for entry in drafter.stakeholders.values()]
    if drafter.subjects:
        memo["subjects"] = [_tidy(entry) for entry in drafter.subjects.values()]
    memo["respondents"] = [_tidy(respondent) for respondent in drafter.respondents.values()]
    memo["responses"] = [_tidy(response) for response in drafter.responses]
    memo["recommendations"] = [_tidy(recommendation) for recommendation in drafter.recommendations]
    for entry in memo.get("meetings", []) + memo.get("themes", []):
        _tidy(entry)
    proposals = []
    for proposal in drafter.new_units.values():
        if proposal.pop("used"):
            proposals.append(proposal)
    return Draft(memo, proposals, drafter.header)


def _tidy(entry: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty review lists, and write a single quote as one."""
    if not entry.get("review"):
        entry.pop("review", None)
    if isinstance(entry.get("quote"), list) and len(entry["quote"]) == 1:
        entry["quote"] = entry["quote"][0]
    if "responds_to" in entry and not entry["responds_to"]:
        entry.pop("responds_to")
    if "addresses" in entry and not entry["addresses"]:
        entry.pop("addresses")
    entry.pop("closing", None)
    return entry
