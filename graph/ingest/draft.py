"""From a memo's table to a draft of its data file, every guess marked for review.

One statement per bullet or paragraph of a response, its kind guessed from the cue
words; headings are themes; remarks and recommendations are linked to the statements
beside them in their row, and say so for review where the row leaves it open.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.base.errors import DataError, Where
from graph.model.quotes import anchor

from .gazetteer import Gazetteer, Mention, bare_name, slug
from .kinds import Kind, guess_kind
from .table import RECOMMENDATION, REMARKS, RESPONDENT, RESPONSE, Block, Row, Segment, Table, plain_text

_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]
_DATE = re.compile(r"(?:(?:den|d\.)\s+)?(\d{1,2})\.\s*(" + "|".join(_MONTHS) + r")(?:\s+(\d{4}))?", re.IGNORECASE)
_CONSULTATION = re.compile(r"(?<!\w)høring(?:en|s\w*)?(?!\w)", re.IGNORECASE)
_MEETING = re.compile(r"(?<!\w)møde(?:t|r|rne)?(?!\w)", re.IGNORECASE)
_SAME_AS_ABOVE = re.compile(r"samme\s+indstilling\s+som\s+(?:ovenfor|ovenstående)", re.IGNORECASE)
_MUNICIPALITY = re.compile(r"(?<!\w)([A-ZÆØÅ][\wæøå-]+(?:\s+[A-ZÆØÅ][\wæøå-]+)?)\s+Kommune(?!\w)")
_TRAILING_ASIDE = re.compile(r"\s*(?:<(?:i|em|u|b|strong)>\s*)?\((?:[^()]*\s[^()]*)\)\s*(?:</(?:i|em|u|b|strong)>)?\s*$")
_RECEIVED = re.compile(r"høringssvar|afgivet til|sendt til|modtaget af", re.IGNORECASE)
_SECTION_WORDS = ("bemærkning", "høringssvar")
_END = ".!?;,"
_LABEL_CHARS = 90

Quote = str | dict[str, Any]


class Flow(list[str]):
    """A list of ids, written on one line like the curated data's `about: [a, b]`."""


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
    return text[0].isupper() and guess_kind(text) is None


@dataclass
class _Theme:
    label: str
    start: int
    words: str


@dataclass
class _State:
    """Who is speaking in a row, under which heading, after which lead-in ("Der er opbakning til:")."""

    respondent: dict[str, Any]
    theme: _Theme | None = None
    theme_review: str | None = None
    lead: tuple[Kind, str, str] | None = None  # kind, cue, the lead-in's words


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

    # --- small tools ---------------------------------------------------------------

    def quote(self, start: int, words: str) -> Quote:
        """A quote of `words` standing at `start`: with `occurrence: N` when the words occur more than once."""
        found, at = [], self.text.find(words)
        while at != -1:  # every start, overlapping ones too, as graph.quotes.anchor counts them
            found.append(at)
            at = self.text.find(words, at + 1)
        occurrence = found.index(start) + 1 if len(found) > 1 else None
        if anchor(self.text, words, occurrence).start != start:  # the build will find it where it was read
            raise AssertionError(f"quote {words!r} does not anchor at {start}")
        return words if occurrence is None else {"text": words, "occurrence": occurrence}

    def new_id(self, base: str) -> str:
        candidate, number = base, 1
        while candidate in self.ids:
            number += 1
            candidate = f"{base}-{number}"
        self.ids.add(candidate)
        return candidate

    def numbered_id(self, base: str) -> str:
        self.counters[base] = self.counters.get(base, 0) + 1
        return self.new_id(f"{base}-{self.counters[base]}")

    def about(self, text: str, review: list[str]) -> Flow:
        """The units `text` names, with a mark saying which words were read as which unit."""
        mentions = self.gazetteer.find(text)
        units = Flow(dict.fromkeys(mention.unit for mention in mentions))
        if mentions:
            named = dict.fromkeys(f"'{mention.surface}' ({mention.unit})" for mention in mentions)
            review.append("about guessed from " + ", ".join(named))
        for unit in units:
            self.use_unit(unit)
        return units

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
        title = blocks[0].plain if blocks else fallback_title
        if not blocks:
            self.header.append(f"the memo has no text before its table: the title is the file's name ({fallback_title})")
        else:
            self.header.append("title: the memo's first line")
        words = " ".join(block.plain for block in blocks)
        self._municipality(words, self.gazetteer.find(words))
        if self.prefix:  # another municipality's units are not this memo's, though they share names
            self.gazetteer = self.gazetteer.only(self.prefix)
        everything = [block.plain for row in self.table.rows for segment in row.segments for cell in segment.cells for block in cell]
        self.gazetteer.learn_abbreviations(" ".join([words, *everything]))
        publisher = self._publisher([block.plain for block in blocks[1:]])
        if publisher is None:
            publisher = "todo/publisher"
            self.header.append("publisher: the memo does not say who received the responses; give the unit's id")
        else:
            self.header.append(f"publisher: read as {publisher} from the text before the table")
            self.use_unit(publisher)
        memo: dict[str, Any] = {"id": self.memo_id, "source": "source.txt", "title": title, "publisher": publisher}
        if self.municipality:
            memo["municipality"] = self.municipality
            self.use_unit(self.municipality)
        memo["consultation"] = self._consultation(title, blocks)
        return memo

    def _publisher(self, paragraphs: list[str]) -> str | None:
        """Who received the responses: a unit the sentence on the responses names, else any the text names."""
        sentences = [sentence for paragraph in paragraphs for sentence in re.split(r"(?<=[.!?])\s+", paragraph)]
        sentences.sort(key=lambda sentence: not _RECEIVED.search(sentence))
        for sentence in sentences:
            units = [mention.unit for mention in self.gazetteer.find(sentence) if mention.unit != self.municipality]
            if units:
                return units[0]
        return self.municipality

    def _municipality(self, words: str, mentions: list[Mention]) -> None:
        for mention in mentions:
            if mention.unit.endswith("/kommune") or self.known.get(mention.unit, Known("", False)).label.endswith(" Kommune"):
                self.municipality = mention.unit
                break
        else:
            named = _MUNICIPALITY.search(words)
            if named is not None:
                self.prefix = slug(named.group(1))
                self.municipality = self.propose_unit(named.group(0), stakeholder=False, kind="organisation", unit_id=f"{self.prefix}/kommune")
        if self.municipality and not self.prefix:
            self.prefix = self.municipality.split("/")[0] if "/" in self.municipality else slug(self.municipality)

    def _consultation(self, title: str, blocks: list[Block]) -> dict[str, Any]:
        topic = re.sub(r"^høringsnotat\s+(?:om|vedr\.?|vedrørende)\s+", "", title, flags=re.IGNORECASE)
        first_word = topic.split()[0] if topic.split() else ""
        if not (self.gazetteer.find(first_word) or first_word.isupper()):  # a name keeps its capital
            topic = topic[:1].lower() + topic[1:]
        consultation: dict[str, Any] = {"label": f"Høring om {topic}"}
        for block in blocks:
            dates = list(_DATE.finditer(block.quote))
            hearing = _CONSULTATION.search(block.quote)
            if hearing is None or len(dates) < 2:
                continue
            first, second = dates[0], dates[1]
            end = self._date(second, None)
            start = self._date(first, end.year if end else None)
            if start is None or end is None:
                continue
            if start > end and first.group(3) is None:
                start = start.replace(year=start.year - 1)
            consultation["start"], consultation["end"] = start, end
            words = block.quote[hearing.start() : second.end()] if hearing.start() < first.start() else block.quote[first.start() : second.end()]
            at = block.start + (hearing.start() if hearing.start() < first.start() else first.start())
            consultation["quote"] = self.quote(at, words)
            self.header.append(f"consultation: the period is read from '{words}'")
            return consultation
        self.header.append("consultation: no period found in the text before the table; give its start and end dates")
        return consultation

    @staticmethod
    def _date(match: re.Match[str], year: int | None) -> dt.date | None:
        day, month = int(match.group(1)), _MONTHS.index(match.group(2).lower()) + 1
        chosen = int(match.group(3)) if match.group(3) else year
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
            known = self.known.get(unit)
            if known is not None and not known.stakeholder:
                entry["review"].append(
                    f"'{name}' answers here, but {unit} is not a stakeholder in organisations.yaml; set its 'stakeholder' to true there"
                )
        if quote is not None and quote not in entry["quote"]:
            entry["quote"].append(quote)
        self.use_unit(unit)
        return entry

    def row_respondent(self, blocks: list[Block]) -> dict[str, Any]:
        block = blocks[0]
        start, words = block.heading_quote
        aside = _TRAILING_ASIDE.search(words)
        if aside is not None and aside.start() > 0:
            words = words[: aside.start()].rstrip()
        name = " ".join(b.plain for b in blocks)
        return self.named_respondent(name, self.quote(start, words))

    def named_respondent(self, name: str, quote: Quote) -> dict[str, Any]:
        review: list[str] = []
        mention = self.gazetteer.resolve(name)
        if mention is not None and mention.unit not in self.new_units:
            unit = mention.unit
        else:
            label = bare_name(name)
            unit = self.propose_unit(label, stakeholder=True)
            review.append(
                f"new unit '{label}' proposed as {unit} in organisations.draft.yaml; check its id, type and place, then move it to organisations.yaml"
            )
        return self.respondent(unit, quote, name, review)

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
        elif quote not in entry["quote"]:
            entry["quote"].append(quote)
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
            if mention is not None:
                if mention.unit != state.respondent["stakeholder"]:
                    state.respondent = self.named_respondent(name, self.quote(start, words))
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
        here.append(self.statement(block, state))

    def statement(self, block: Block, state: _State) -> str:
        review: list[str] = []
        guess = guess_kind(block.plain)
        kind: Kind
        if guess is not None:
            kind, cue = guess
            review.append(f"kind guessed from '{cue}'")
        elif state.lead is not None and block.kind == "item":
            kind, cue, lead = state.lead
            review.append(f"kind guessed from '{cue}' in the lead-in '{lead}'")
        else:
            kind = "concern"
            review.append("no cue word: kind set to concern")
        about = self.about(block.plain, review)
        if not about:
            review.append("no unit named; a statement needs at least one unit, organisation or model in 'about'")
        if block.guessed:
            review.append("stands outside the table's columns (a page break); check that it is part of the response")
        respondent = state.respondent
        statement_id = self.numbered_id(respondent["stakeholder"].rsplit("/", 1)[-1])
        entry: dict[str, Any] = {"id": statement_id, "kind": kind, "label": label_of(block.plain)}
        if about:
            entry["about"] = about
        theme = self.theme(state)
        if theme is not None:
            entry["theme"] = theme
        entry["quote"] = self.quote(block.start, block.quote)
        entry["review"] = review
        respondent["statements"].append(entry)
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
            entry["quote"] = [self.quote(block.start, block.quote)]
            entry["review"] = review
            self.responses.append(entry)
            slots.append(entry)
        self.pending = None
        if blocks and slots and slots[-1] is not None and not _ends_sentence(blocks[-1].plain):
            self.pending = slots[-1]
        self.link(slots, here)
        return [slot for slot in slots if slot is not None]

    @staticmethod
    def link(slots: list[dict[str, Any] | None], here: list[str]) -> None:
        """Remarks answer the statements beside them: the row's statements shared out in order."""
        count, statements = len(slots), len(here)
        for index, entry in enumerate(slots):
            if entry is None:
                continue
            if not statements:
                entry["review"].append("no statement stands beside this remark in its row; say which it answers in 'responds_to'")
                continue
            if statements >= count:
                targets = here[index * statements // count : (index + 1) * statements // count]
            else:
                targets = [here[index * statements // count]]
            entry["responds_to"].extend(target for target in targets if target not in entry["responds_to"])
            if count == 1 and statements > 1:
                entry["review"].append(f"the only remark beside {statements} statements in its row, so linked to all; check which it answers")
            elif count > 1:
                entry["review"].append(
                    f"remark placed by row order; several remarks in this row (remark {index + 1} of {count}, "
                    f"beside {statements} statement(s)); check which it answers"
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
            if date.group(3) is None:
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

    def recommendations_in(self, blocks: list[Block], here: list[str], remarks: list[dict[str, Any]], respondent: str) -> None:
        for block in blocks:
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

    @staticmethod
    def addressed(words: str, here: list[str], remarks: list[dict[str, Any]], review: list[str]) -> list[str]:
        """The statements a recommendation addresses: those of the remark in its row it most resembles, else the row's."""
        mine = _words(words)
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
        for row in self.table.rows:
            cell = row.segments[0].cells[RESPONDENT]
            name = " ".join(block.plain for block in cell)
            if cell and self.gazetteer.resolve(name) is None:
                self.propose_unit(bare_name(name), stakeholder=True)
        for row in self.table.rows:
            self.row(row)

    def row(self, row: Row) -> None:
        first = row.segments[0]
        if not first.cells[RESPONDENT]:
            raise DataError(Where(self.path, line=first.line), "the table's first row names no respondent")
        state = _State(self.row_respondent(first.cells[RESPONDENT]))
        self.pending = None
        for segment in row.segments:
            self.segment(segment, state)

    def segment(self, segment: Segment, state: _State) -> None:
        here: list[str] = []
        for block in segment.cells[RESPONSE]:
            self.response_block(block, state, here)
        remarks = self.remarks(segment.cells[REMARKS], here)
        self.recommendations_in(segment.cells[RECOMMENDATION], here, remarks, state.respondent["stakeholder"])


def _quote_words(quotes: list[Quote]) -> list[str]:
    return [plain_text(quote if isinstance(quote, str) else quote["text"]) for quote in quotes]


def draft_memo(table: Table, memo_id: str, gazetteer: Gazetteer, known: dict[str, Known], path: Path) -> Draft:
    """The draft data of one memo from its table (read from the file at `path`)."""
    drafter = _Drafter(table, memo_id, gazetteer, known, path)
    memo = drafter.preamble(path.stem)
    drafter.consultation = memo["consultation"]
    drafter.rows()
    if drafter.meetings:
        memo["meetings"] = drafter.meetings
    if drafter.themes:
        memo["themes"] = list(drafter.themes.values())
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
    return entry
