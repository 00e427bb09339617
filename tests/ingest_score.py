"""Scoring `hoeringsgraf ingest` against what an analyst reads in a memo.

Each folder of tests/ingest_memos/ holds one memo in one of the forms Danish memos take
(its file, or a `make.py` whose `make(folder)` writes it) and `expected.yaml`: the
memo's respondents, their statements (a verbatim quote, the kind a cue word gives or
null, the remark answering it, the decision on it) and the recommended changes.
`score` compares the draft folder `ingest` wrote with that:

- respondents found: an expected name matched to a draft respondent's name (normalised,
  one contained in the other at word boundaries; each draft respondent matches one name);
- drafted respondents expected (precision): the draft's respondents that match an expected one;
- respondent type right: the matched respondent's type;
- statements found: the expected quote inside some draft statement's quote;
- drafted statements expected (precision): the draft's statements that hold some expected quote;
- statement under the right respondent: inside one of the matched respondent's statements;
- kind right of cued: expected kind not null, and the draft's kind the same;
- no kind invented: expected null, found, and the draft's kind not "unknown" (a violation);
- remark linked: a draft response whose quote holds the expected remark responds to the statement;
- decisions right: no-change → a response with `decision: no-change` responds to it;
  change → some recommendation addresses it;
- recommendations precision and recall: a draft recommendation's quote and an expected
  one match when one holds the other or they share ≥ 60 % of their words;
- consultation period: the draft's start and end are the expected dates.

Every share counts over all expected items of its kind (a statement not found is also a
wrong kind, an unlinked remark, a wrong decision). Text is compared as plain text: tags
stripped, entities decoded, spaces collapsed, case folded.

    .venv/bin/python -m tests.ingest_score [--misses] [--keep DIR] [MEMO ...]

ingests every memo (or those named) into a temporary data folder holding only
data/organisations.yaml and prints a table per memo, per form and in total.
"""

from __future__ import annotations

import argparse
import html
import importlib.util
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
MEMOS = Path(__file__).resolve().parent / "ingest_memos"
DATA = REPO / "data"

KINDS = {"concern", "suggestion", "support", None}
DECISIONS = {"change", "no-change", "none"}
TYPES = {"citizen", "association", "company", "public-body", "council", "unit", "organisation"}
FORMS = {"table-5", "prose", "table-3", "table-4"}

# metric key -> label, in the order the table shows them
LABELS = {
    "respondents": "respondents found",
    "respondents_precision": "drafted respondents expected",
    "types": "respondent type right",
    "statements": "statements found",
    "statements_precision": "drafted statements expected",
    "placed": "statement under right respondent",
    "kinds": "kind right (of cued)",
    "invented": "no kind invented (uncued)",
    "remarks": "remark linked",
    "decisions": "decision right",
    "precision": "recommendations precision",
    "recall": "recommendations recall",
    "period": "consultation period",
}
# the bars tests/test_ingest_forms.py holds every memo to; "invented" counts violations and allows none
THRESHOLDS = {
    "respondents": 0.95,
    "placed": 0.95,
    "statements": 0.90,
    "kinds": 0.85,
    "invented": 0,
    "precision": 0.90,
    "recall": 0.90,
    "remarks": 0.80,
}


# --- text --------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")


def plain(text: str) -> str:
    """Text as a reader sees it: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def key(text: str) -> str:
    return plain(text).casefold()


def quote_texts(value: Any) -> list[str]:
    """A draft quote (a str, {text, occurrence}, or a list of those) as plain texts."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    texts = []
    for item in items:
        text = item.get("text") if isinstance(item, dict) else item
        if isinstance(text, str) and plain(text):
            texts.append(plain(text))
    return texts


_LEAD = re.compile(r"^(?:(?:høringssvar|høringspart|svar)\s*(?:nr\.?)?\s*)?\d{1,3}\s*[.):–-]?\s*[–-]?\s*", re.IGNORECASE)


def name_key(name: str) -> str:
    """A respondent's name for matching: plain, case folded, without a leading number or a closing colon."""
    text = key(name)
    text = _LEAD.sub("", text)
    return text.strip(" :;,.–-")


def names_match(a: str, b: str) -> float:
    """How well two names match: 1.0 the same, else the shorter's share of the longer when it stands in it as
    whole words, else 0."""
    a, b = name_key(a), name_key(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long = sorted((a, b), key=len)
    if re.search(r"(?<!\w)" + re.escape(short) + r"(?!\w)", long):
        return len(short) / len(long)
    return 0.0


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", key(text)))


def texts_match(a: str, b: str) -> bool:
    """Recommendations: one text holds the other, or they share at least 60 % of the longer one's words."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return False
    if ka in kb or kb in ka:
        return True
    wa, wb = _words(a), _words(b)
    return len(wa & wb) / max(len(wa), len(wb)) >= 0.6


# --- the expected data -------------------------------------------------------------------


def load_expected(folder: Path) -> dict[str, Any]:
    """A memo's expected.yaml; `include: OTHER/expected.yaml` takes every key it does not set from that file."""
    data = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    include = data.pop("include", None)
    if include:
        base = load_expected_file((folder / include).resolve())
        data = {**base, **data}
    return data


def load_expected_file(path: Path) -> dict[str, Any]:
    return load_expected(path.parent) if path.name == "expected.yaml" else yaml.safe_load(path.read_text(encoding="utf-8"))


def memo_folders() -> list[Path]:
    return sorted(path.parent for path in MEMOS.glob("*/expected.yaml"))


def memo_file(folder: Path, out: Path) -> Path:
    """The memo's file: written by its make.py into `out`, or the file committed in its folder."""
    expected = load_expected(folder)
    generator = folder / "make.py"
    if generator.is_file():
        spec = importlib.util.spec_from_file_location(f"ingest_memo_{folder.name.replace('-', '_')}", generator)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        path = Path(module.make(out))
        assert path.name == expected["file"], f"{generator} wrote {path.name}, expected.yaml says {expected['file']}"
        return path
    return folder / expected["file"]


# --- the draft ----------------------------------------------------------------------------


@dataclass
class DraftStatement:
    id: str
    kind: str
    text: str  # the quote's plain texts joined


@dataclass
class DraftRespondent:
    names: list[str]
    type: str | None
    statements: list[DraftStatement] = field(default_factory=list)


@dataclass
class Draft:
    respondents: list[DraftRespondent] = field(default_factory=list)
    responses: list[tuple[str, set[str], str | None]] = field(default_factory=list)  # (text, responds_to, decision)
    recommendations: list[tuple[list[str], set[str]]] = field(default_factory=list)  # (texts, addresses)
    consultation: dict[str, Any] = field(default_factory=dict)


def _yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def load_draft(folder: Path, organisations: Path | None = None) -> Draft:
    """The draft memo folder `ingest` wrote: memo.yaml, with organisations.draft.yaml beside it and, optionally,
    the data folder's organisations.yaml for the names and types of respondents that are known units."""
    memo = _yaml(folder / "memo.yaml") or {}
    known: dict[str, dict[str, Any]] = {}
    for source in (organisations, folder / "organisations.draft.yaml"):
        entries = (_yaml(source) or {}).get("organisations", []) if source is not None else []
        known.update({entry["id"]: entry for entry in entries if isinstance(entry, dict) and "id" in entry})
    local = {entry["id"]: entry for entry in memo.get("stakeholders") or [] if isinstance(entry, dict) and "id" in entry}

    merged: dict[str, DraftRespondent] = {}  # one per stakeholder: a respondent drafted twice is one
    for index, entry in enumerate(memo.get("respondents") or []):
        stakeholder = entry.get("stakeholder") or f"#{index}"
        names = quote_texts(entry.get("quote"))
        if stakeholder in local:
            label, kind = local[stakeholder].get("label"), local[stakeholder].get("type")
        elif stakeholder in known:
            label, kind = known[stakeholder].get("label"), known[stakeholder].get("type")
        else:
            label, kind = None, None
        if not names and label:
            names = [plain(str(label))]
        respondent = merged.setdefault(stakeholder, DraftRespondent([], kind))
        respondent.names += [name for name in names if name not in respondent.names]
        for statement in entry.get("statements") or []:
            text = " ".join(quote_texts(statement.get("quote")))
            respondent.statements.append(DraftStatement(str(statement.get("id")), str(statement.get("kind", "unknown")), text))
    responses = [(" ".join(quote_texts(r.get("quote"))), set(r.get("responds_to") or []), r.get("decision")) for r in memo.get("responses") or []]
    recommendations = [(quote_texts(r.get("quote")), set(r.get("addresses") or [])) for r in memo.get("recommendations") or []]
    return Draft(list(merged.values()), responses, recommendations, memo.get("consultation") or {})


# --- the scores ---------------------------------------------------------------------------


@dataclass
class Metric:
    hit: int = 0
    total: int = 0

    @property
    def share(self) -> float:
        return self.hit / self.total if self.total else 1.0

    def __add__(self, other: Metric) -> Metric:
        return Metric(self.hit + other.hit, self.total + other.total)


@dataclass
class Scores:
    name: str
    metrics: dict[str, Metric] = field(default_factory=lambda: {name: Metric() for name in LABELS})
    misses: list[str] = field(default_factory=list)  # "metric: what was missed"

    def count(self, metric: str, hit: bool, miss: str | None = None) -> None:
        self.metrics[metric].hit += int(hit)
        self.metrics[metric].total += 1
        if not hit and miss:
            self.misses.append(f"{metric}: {miss}")

    def share(self, metric: str) -> float:
        return self.metrics[metric].share

    def violations(self) -> int:
        return self.metrics["invented"].hit

    def failing(self) -> list[str]:
        """The metrics below their threshold."""
        failing = [m for m, bar in THRESHOLDS.items() if m != "invented" and self.share(m) < bar]
        return failing + (["invented"] if self.violations() > THRESHOLDS["invented"] else [])

    def table(self) -> str:
        lines = [self.name]
        for metric, label in LABELS.items():
            value = self.metrics[metric]
            if metric == "invented":
                lines.append(f"  {label:<34} {value.hit:>3} violation(s) of {value.total} uncued found")
                continue
            bar = THRESHOLDS.get(metric)
            mark = "" if bar is None else ("  ok" if value.share >= bar else f"  below {bar:.0%}")
            lines.append(f"  {label:<34} {value.hit:>3}/{value.total:<3} {value.share:>7.1%}{mark}")
        return "\n".join(lines)

    @staticmethod
    def combine(name: str, parts: Iterable[Scores]) -> Scores:
        total = Scores(name)
        for part in parts:
            for metric, value in part.metrics.items():
                total.metrics[metric] = total.metrics[metric] + value
            total.misses += part.misses
        return total


def _match_respondents(expected: list[dict[str, Any]], draft: list[DraftRespondent]) -> dict[int, DraftRespondent]:
    """Expected respondent index -> its draft respondent: best matches first, each draft respondent used once."""
    pairs = sorted(
        ((max((names_match(e["name"], name) for name in r.names), default=0.0), i, j) for i, e in enumerate(expected) for j, r in enumerate(draft)),
        reverse=True,
    )
    matched: dict[int, DraftRespondent] = {}
    used: set[int] = set()
    for quality, i, j in pairs:
        if quality > 0 and i not in matched and j not in used:
            matched[i] = draft[j]
            used.add(j)
    return matched


def score_draft(draft: Draft, expected: dict[str, Any], name: str = "memo") -> Scores:
    scores = Scores(name)
    respondents = expected.get("respondents") or []
    matched = _match_respondents(respondents, draft.respondents)
    everyone = [(r, s) for r in draft.respondents for s in r.statements]
    for index, wanted in enumerate(respondents):
        mine = matched.get(index)
        who = wanted["name"]
        scores.count("respondents", mine is not None, f"{who!r} not drafted")
        got = mine.type if mine is not None else None
        scores.count("types", got == wanted["type"], f"{who!r} is {wanted['type']}, drafted as {got}")
        for statement in wanted.get("statements") or []:
            quote = key(statement["quote"])
            where = f"{who!r}: {statement['quote']!r}"
            found = [(r, s) for r, s in everyone if quote in key(s.text)]
            placed = [s for r, s in found if r is mine]
            candidates = placed or [s for _, s in found]
            ids = {s.id for s in candidates}
            scores.count("statements", bool(found), f"{where} not drafted")
            scores.count("placed", bool(placed), f"{where} not under {who!r}" + (" (drafted elsewhere)" if found else ""))
            kinds = sorted({s.kind for s in candidates})
            if statement["kind"] is None:
                if candidates:
                    invented = any(kind != "unknown" for kind in kinds)
                    scores.metrics["invented"].total += 1
                    scores.metrics["invented"].hit += int(invented)
                    if invented:
                        scores.misses.append(f"invented: {where} has no cue, drafted as {'/'.join(kinds)}")
            else:
                right = bool(candidates) and all(kind == statement["kind"] for kind in kinds)
                scores.count("kinds", right, f"{where} is {statement['kind']}, drafted as {'/'.join(kinds) or 'nothing'}")
            if statement.get("remark"):
                remark = key(statement["remark"])
                linked = any(remark in key(text) and ids & responds for text, responds, _ in draft.responses)
                scores.count("remarks", linked, f"{where} not answered by {statement['remark']!r}")
            decision = statement.get("decision", "none")
            if decision == "no-change":
                right = any(d == "no-change" and ids & responds for _, responds, d in draft.responses)
                scores.count("decisions", right, f"{where}: no response of decision no-change responds to it")
            elif decision == "change":
                right = any(ids & addresses for _, addresses in draft.recommendations)
                scores.count("decisions", right, f"{where}: no recommendation addresses it")
    matched_ids = {id(r) for r in matched.values()}
    for respondent in draft.respondents:
        scores.count(
            "respondents_precision", id(respondent) in matched_ids, f"drafted respondent {' | '.join(respondent.names)!r} is none of the memo's"
        )
    quotes = [key(s["quote"]) for r in respondents for s in r.get("statements") or []]
    for _, statement in everyone:
        text = key(statement.text)
        scores.count("statements_precision", any(q in text for q in quotes), f"drafted statement {statement.text[:90]!r} is none of the memo's")
    wanted_recs = [r["quote"] for r in expected.get("recommendations") or []]
    for texts, _ in draft.recommendations:
        ok = any(texts_match(text, quote) for text in texts for quote in wanted_recs)
        scores.count("precision", ok, f"drafted {' | '.join(texts)!r}, not a recommended change")
    for quote in wanted_recs:
        ok = any(texts_match(text, quote) for texts, _ in draft.recommendations for text in texts)
        scores.count("recall", ok, f"{quote!r} not drafted")
    period = expected.get("consultation")
    if period:
        got = (str(draft.consultation.get("start")), str(draft.consultation.get("end")))
        want = (str(period["start"]), str(period["end"]))
        scores.count("period", got == want, f"period {want[0]}–{want[1]}, drafted as {got[0]}–{got[1]}")
    return scores


def score(folder: Path, expected: dict[str, Any], organisations: Path | None = None, name: str | None = None) -> Scores:
    """Scores of the draft memo folder `ingest` wrote (memo.yaml, organisations.draft.yaml) against expected.yaml's data."""
    return score_draft(load_draft(folder, organisations), expected, name or folder.name)


# --- running ingest -----------------------------------------------------------------------


def command() -> list[str]:
    """The hoeringsgraf command of this Python: the script beside it, else cli.py run by it."""
    script = Path(sys.executable).parent / "hoeringsgraf"
    found = shutil.which("hoeringsgraf", path=str(script.parent)) if script.exists() else None
    return [found] if found else [sys.executable, str(REPO / "cli.py")]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command(), *args], capture_output=True, text=True, timeout=600, cwd=cwd or REPO, check=False)


def fresh_data(target: Path) -> Path:
    """A data folder holding only data/organisations.yaml: no memos."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "organisations.yaml", target / "organisations.yaml")
    (target / "memos").mkdir(exist_ok=True)
    return target


@dataclass
class Run:
    folder: Path  # the memo's folder under tests/ingest_memos
    file: Path  # the memo file ingested
    data: Path  # the data folder the draft was written into
    draft: Path  # data/memos/ID
    result: subprocess.CompletedProcess[str]
    scores: Scores

    @property
    def form(self) -> str:
        return str(load_expected(self.folder)["form"])


def ingest_and_score(folder: Path, work: Path) -> Run:
    """Write the memo's file, ingest it into a fresh data folder under `work`, and score the draft."""
    memo_id = folder.name
    file = memo_file(folder, work / "files" / memo_id)
    data = fresh_data(work / "data" / memo_id)
    result = run("ingest", str(file), "--memo-id", memo_id, "--data", str(data), cwd=work)
    draft = data / "memos" / memo_id
    expected = load_expected(folder)
    scores = score(draft, expected, data / "organisations.yaml", name=f"{memo_id} ({expected['form']})")
    if result.returncode != 0:
        scores.misses.insert(0, f"ingest: exit {result.returncode}: {result.stderr.strip()}")
    return Run(folder, file, data, draft, result, scores)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ingest_score", description=__doc__.split("\n\n")[0])
    parser.add_argument("memos", nargs="*", help="memo folder names under tests/ingest_memos (default: all)")
    parser.add_argument("--misses", action="store_true", help="list what each memo's draft missed")
    parser.add_argument("--keep", type=Path, help="write the files and drafts here (default: a temporary folder)")
    args = parser.parse_args(argv)
    folders = [f for f in memo_folders() if not args.memos or f.name in args.memos]
    unknown = set(args.memos) - {f.name for f in folders}
    if unknown:
        parser.error(f"no such memo: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="ingest-score-") as temporary:
        work = args.keep.resolve() if args.keep else Path(temporary)
        if args.keep:
            shutil.rmtree(work, ignore_errors=True)
        runs = [ingest_and_score(folder, work) for folder in folders]
    for item in runs:
        status = "" if item.result.returncode == 0 else f"  [ingest failed, exit {item.result.returncode}]"
        print(item.scores.table() + status)
        if args.misses:
            for miss in item.scores.misses:
                print(f"    - {miss}")
        print()
    forms: dict[str, list[Scores]] = {}
    for item in runs:
        forms.setdefault(item.form, []).append(item.scores)
    if len(forms) > 1:
        for form, parts in sorted(forms.items()):
            print(Scores.combine(f"form {form} ({len(parts)} memo(s))", parts).table())
            print()
    print(Scores.combine(f"total ({len(runs)} memo(s))", [item.scores for item in runs]).table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
