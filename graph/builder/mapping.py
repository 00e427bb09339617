"""From checked data to JSON-LD documents that rdflib reads with the project's context.

The vocabulary mapping lives in `ontology/context.jsonld`; this module only gives
each entry its IRI and types, resolves references between entries (refusing
unknown ones), and anchors every quote in the memo's source text.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

from rdflib import URIRef

from graph.base.errors import DataError, Problem, Where
from graph.model.layout import ORGANISATIONS_FILE
from graph.model.quotes import QuoteNotFound, anchor
from graph.model.resources import context_file
from graph.model.vocab import HG, ID, ORG_ID, memo_base
from graph.model.yaml_models import BODY_TYPES, LoadedData, LoadedMemo, Organisation, Quote, YamlDoc

# a statement of kind "unknown" is an hg:Statement alone: its kind is not decided yet
KIND_CLASS = {"concern": "hg:Concern", "suggestion": "hg:Suggestion", "support": "hg:Support"}
BODY_CLASS = {"public-body": "hg:PublicBody", "association": "hg:Association", "company": "hg:Company", "council": "hg:Council"}
ORG_TYPES = {
    "organisation": ["org:Organization"],
    "unit": ["org:Organization", "org:OrganizationalUnit"],
    "staff-group": ["hg:StaffGroup", "foaf:Group"],
    "post": ["org:Post"],
    **{kind: ["org:Organization", cls] for kind, cls in BODY_CLASS.items()},
}
# a memo's own stakeholders: a citizen is a person, the others organisations
STAKEHOLDER_TYPES = {
    "citizen": ["hg:Citizen", "hg:Stakeholder", "foaf:Person"],
    "organisation": ["hg:Stakeholder", "org:Organization"],
    **{kind: [cls, "hg:Stakeholder", "org:Organization"] for kind, cls in BODY_CLASS.items()},
}
PARENT_KEY = {"organisation": "part_of", "unit": "part_of", "staff-group": "member_of", "post": "post_in", **dict.fromkeys(BODY_TYPES, "part_of")}


@cache
def context() -> dict[str, Any]:
    """The JSON-LD context that maps data fields to ontology terms."""
    loaded: dict[str, Any] = json.loads(context_file().read_text(encoding="utf-8"))["@context"]
    return loaded


def org_iri(org_id: str) -> str:
    return f"{ORG_ID}{org_id}"


@dataclass
class Origins:
    """Which data entry each node came from, to explain validation results."""

    # by the IRI's text: an rdflib term for each of the 13,000 nodes of 25 memos cost 1.5 ms a memo
    by_iri: dict[str, tuple[YamlDoc, tuple[int | str, ...]]] = field(default_factory=dict)

    def add(self, iri: str, doc: YamlDoc, loc: Sequence[int | str]) -> None:
        self.by_iri[iri] = (doc, tuple(loc))

    def where(self, iri: URIRef | str, field_name: str | None = None) -> Where | None:
        """The entry a node came from, and the line of one of its fields if it has that field."""
        found = self.by_iri.get(str(iri))
        if found is None:
            return None
        doc, loc = found
        entry = doc.where(*loc)
        if field_name is None:
            return entry
        here = doc.where(*loc, field_name)
        return Where(doc.path, entry.entry, field_name, here.line or entry.line)


@dataclass
class _Target:
    iri: str
    kind: str  # organisation, unit, staff-group, post, public-body, ..., model, change, statement, response, theme, meeting, stakeholder, subject
    stakeholder: bool = False
    label: str = ""
    file: str = ORGANISATIONS_FILE  # for an organisation: the file that names it


def _unknown(where: Where, ref: str, expected: str, names: Iterable[str]) -> DataError:
    close = difflib.get_close_matches(ref, list(names), n=3)
    hint = f"; did you mean {', '.join(repr(name) for name in close)}?" if close else ""
    return DataError(where, f"unknown reference '{ref}': no entry has that id (expected {expected}){hint}")


class _Failures:
    """Where the mapping's errors go: raised at the first (the build), or every one kept (validate)."""

    def __init__(self, problems: list[Problem] | None) -> None:
        self.problems = problems

    def __call__(self, error: DataError) -> None:
        if self.problems is None:
            raise error
        self.problems.append(error.problem)


class _Resolver:
    """Resolves references of one memo to the entries they name, checking their kind: the memo's own entries
    first (its stakeholders, subjects, ...), then the organisations. A reference that fails gives None."""

    def __init__(self, organisations: dict[str, _Target], local: dict[str, _Target], where: Callable[..., Where], fail: _Failures) -> None:
        self.organisations = organisations
        self.local = local
        self.where = where  # located only when an error is raised: finding lines costs a second parse
        self.fail = fail

    def target(self, ref: str, kinds: set[str], expected: str, loc: tuple[int | str, ...]) -> _Target | None:
        found = [target for target in (self.local.get(ref), self.organisations.get(ref)) if target is not None]
        for target in found:
            if target.kind in kinds:
                return target
        if not found:
            candidates = [key for key, value in {**self.organisations, **self.local}.items() if value.kind in kinds]
            self.fail(_unknown(self.where(*loc), ref, expected, candidates))
        else:
            self.fail(DataError(self.where(*loc), f"'{ref}' is a {found[0].kind}, but this field takes {expected}"))
        return None

    def __call__(self, ref: str, kinds: set[str], expected: str, loc: tuple[int | str, ...]) -> str | None:
        target = self.target(ref, kinds, expected, loc)
        return target.iri if target is not None else None

    def many(self, refs: Sequence[str], kinds: set[str], expected: str, loc: tuple[int | str, ...]) -> list[str]:
        found = [self(ref, kinds, expected, (*loc, index)) for index, ref in enumerate(refs)]
        return [iri for iri in found if iri is not None]


ORG_KINDS = {"organisation", "unit", *BODY_TYPES}
ABOUT_KINDS = {*ORG_KINDS, "staff-group", "post", "model", "change", "subject"}
ABOUT = "an organisation, unit, staff group, post, model, change or subject"
STAKEHOLDER_KINDS = {*ORG_KINDS, "staff-group", "post", "stakeholder"}


def organisations_document(data: LoadedData, origins: Origins, problems: list[Problem] | None = None) -> dict[str, Any]:
    """The shared organisations, units, staff groups and posts as JSON-LD (with `problems`, every error is kept there)."""
    fail = _Failures(problems)
    seen: dict[str, int] = {}
    for index, organisation in enumerate(data.organisations.organisations):
        if organisation.id in seen:
            fail(DataError(
                data.org_where("organisations", index, "id"),
                f"duplicate id '{organisation.id}' (first used by entry {seen[organisation.id] + 1})",
            ))
        seen.setdefault(organisation.id, index)
    targets = organisation_targets(data)
    nodes = []
    for index, organisation in enumerate(data.organisations.organisations):
        nodes.append(_organisation_node(organisation, targets, partial(data.org_where, "organisations", index), fail))
        origins.add(nodes[-1]["id"], data.organisations_doc, ("organisations", index))
    return {"@context": context(), "@graph": nodes}


def organisation_targets(data: LoadedData) -> dict[str, _Target]:
    """Every shared organisation, unit, staff group and post, by id."""
    return {
        organisation.id: _Target(org_iri(organisation.id), organisation.type, organisation.stakeholder, organisation.label)
        for organisation in data.organisations.organisations
    }


def _draft_targets(memo: LoadedMemo) -> dict[str, _Target]:
    """The units the ingest proposed for a memo, by id."""
    if memo.draft is None:
        return {}
    name = memo.draft.path.name
    return {
        organisation.id: _Target(org_iri(organisation.id), organisation.type, organisation.stakeholder, organisation.label, name)
        for _, organisation in memo.draft.entries
    }


def _organisation_node(organisation: Organisation, targets: dict[str, _Target], where: Callable[..., Where], fail: _Failures) -> dict[str, Any]:
    """An organisation's node, its parent found among `targets`; `where` locates a field of its entry."""
    types = list(ORG_TYPES[organisation.type])
    if organisation.stakeholder:
        types.append("hg:Stakeholder")
    if organisation.external:
        types.append("hg:ExternalPartner")
    node: dict[str, Any] = {"id": org_iri(organisation.id), "type": types, "label": organisation.label}
    _optional(node, label_en=organisation.label_en, note=organisation.note)
    if organisation.alt_labels:
        node["alt_labels"] = list(organisation.alt_labels)
    if organisation.part_of is not None:
        parent = targets.get(organisation.part_of)
        if parent is None:
            parents = [key for key, value in targets.items() if value.kind in ORG_KINDS]
            fail(_unknown(where("part_of"), organisation.part_of, "an organisation or unit", parents))
        elif parent.kind not in ORG_KINDS:
            fail(DataError(where("part_of"), f"'{organisation.part_of}' is a {parent.kind}, but this field takes an organisation or unit"))
        elif organisation.part_of == organisation.id:
            fail(DataError(where("part_of"), "an organisation cannot be part of itself"))
        else:
            node[PARENT_KEY[organisation.type]] = parent.iri
    return node


def _optional(node: dict[str, Any], **values: Any) -> None:
    for key, value in values.items():
        if value not in (None, [], ""):
            node[key] = value


class _MemoMapper:
    """Builds one memo's JSON-LD document."""

    def __init__(self, memo: LoadedMemo, organisations: dict[str, _Target], origins: Origins, problems: list[Problem] | None = None) -> None:
        self.memo = memo
        self.model = memo.model
        self.base = str(memo_base(self.model.id))
        self.memo_iri = f"{ID}{self.model.id}"
        self.text_iri = f"{self.base}text"
        self.origins = origins
        self.fail = _Failures(problems)
        self.nodes: list[dict[str, Any]] = []
        self.local: dict[str, _Target] = {}
        self.drafts = _draft_targets(memo)  # the units the ingest proposed for this memo: organisations of its own graph
        if self.drafts:
            organisations = {**organisations, **self.drafts}
        self._register_local_ids(organisations)
        self.resolve = _Resolver(organisations, self.local, self.memo.where, self.fail)

    # --- ids ---------------------------------------------------------------

    def _register_local_ids(self, organisations: dict[str, _Target]) -> None:
        first_seen: dict[str, tuple[int | str, ...]] = {}
        model = self.model

        def register(entry_id: str, kind: str, segment: str, *loc: int | str, label: str = "", shadows: bool = False) -> None:
            """Give an entry its IRI; `shadows`: its id may also be an organisation's (references find the entry first)."""
            if entry_id in first_seen:
                first_line = self.memo.where(*first_seen[entry_id]).line
                self.fail(DataError(self.memo.where(*loc, "id"), f"duplicate id '{entry_id}' (first used at line {first_line})"))
                return
            if entry_id in organisations and not shadows:
                where = organisations[entry_id].file
                self.fail(DataError(self.memo.where(*loc, "id"), f"id '{entry_id}' is already an organisation's id in {where}"))
            first_seen[entry_id] = (*loc, "id")
            self.local[entry_id] = _Target(f"{self.base}{segment}/{entry_id}", kind, label=label)

        for index, stakeholder in enumerate(model.stakeholders):
            register(stakeholder.id, "stakeholder", "stakeholder", "stakeholders", index, label=stakeholder.label, shadows=True)
        for index, subject in enumerate(model.subjects):
            register(subject.id, "subject", "subject", "subjects", index, shadows=True)
        for index, meeting in enumerate(model.meetings):
            register(meeting.id, "meeting", "meeting", "meetings", index)
        if model.reorganisation is not None:
            register(model.reorganisation.id, "change", "change", "reorganisation")
            for index, option in enumerate(model.reorganisation.models):
                register(option.id, "model", "model", "reorganisation", "models", index)
        for index, theme in enumerate(model.themes):
            register(theme.id, "theme", "theme", "themes", index)
        for r_index, respondent in enumerate(model.respondents):
            for s_index, statement in enumerate(respondent.statements):
                register(statement.id, "statement", "statement", "respondents", r_index, "statements", s_index)
        for index, response in enumerate(model.responses):
            register(response.id, "response", "response", "responses", index)
        for index, recommendation in enumerate(model.recommendations):
            register(recommendation.id, "recommendation", "recommendation", "recommendations", index)
            for m_index, membership in enumerate(recommendation.proposes):
                register(membership.id, "membership", "membership", "recommendations", index, "proposes", m_index)

    def iri(self, entry_id: str) -> str:
        return self.local[entry_id].iri

    def refs(self, refs: Sequence[str], kinds: set[str], expected: str, *loc: int | str) -> list[str]:
        return self.resolve.many(refs, kinds, expected, loc)

    # --- quotes ------------------------------------------------------------

    def quotes(self, node: dict[str, Any], quotes: Sequence[Quote], *loc: int | str, field_name: str = "quote") -> None:
        """Anchor each quote and attach it to the node as an oa:SpecificResource (the quotes are in `field_name` of
        the entry at `loc`; with no field name, the entry is the quote)."""
        resources = []
        at = (*loc, field_name) if field_name else loc
        for number, quote in enumerate(quotes, start=1):
            where_loc: tuple[int | str, ...] = at if len(quotes) == 1 else (*at, number - 1)
            try:
                found = anchor(self.memo.source_text, quote.text, quote.occurrence)
            except QuoteNotFound as error:
                self.fail(DataError(self.memo.where(*where_loc), f"{error} ({self.model.source})"))
                continue
            iri = f"{node['id']}/quote/{number}"
            resources.append(
                {
                    "id": iri,
                    "type": "oa:SpecificResource",
                    "source": self.text_iri,
                    "selectors": [
                        {"id": f"{iri}/text", "type": "oa:TextQuoteSelector", "exact": found.exact, "prefix": found.prefix, "suffix": found.suffix},
                        {"id": f"{iri}/position", "type": "oa:TextPositionSelector", "start_offset": str(found.start), "end_offset": str(found.end)},
                    ],
                }
            )
            self.origins.add(iri, self.memo.doc, where_loc)
        if resources:
            node["quote"] = resources

    # --- nodes -------------------------------------------------------------

    def add(self, node: dict[str, Any], *loc: int | str) -> dict[str, Any]:
        self.nodes.append(node)
        self.origins.add(node["id"], self.memo.doc, loc)
        return node

    def entry(self, entry: Any, types: list[str] | str, *loc: int | str, derived: bool = True) -> dict[str, Any]:
        node: dict[str, Any] = {"id": self.iri(entry.id), "type": types, "label": entry.label}
        _optional(node, label_en=entry.label_en, note=entry.note)
        if derived:
            node["derived_from"] = self.memo_iri
        quotes = getattr(entry, "quote", [])
        self.quotes(node, quotes, *loc)
        return self.add(node, *loc)

    def build(self) -> dict[str, Any]:
        model = self.model
        digest = hashlib.sha256(self.memo.source_text.encode("utf-8")).hexdigest()
        memo_node: dict[str, Any] = {
            "id": self.memo_iri,
            "type": ["hg:Memo", "foaf:Document"],
            "label": model.title_text,
            "title": model.title_text,
            "language": "da",
            "reports_on": f"{self.base}consultation",
            "source_text": self.text_iri,
        }
        _optional(
            memo_node,
            publisher=self.resolve(model.publisher, ORG_KINDS, "an organisation or unit", ("publisher",)),
            label_en=model.title_en,
            title_en=model.title_en,
        )
        if model.municipality is not None:
            _optional(memo_node, creator=self.resolve(model.municipality, ORG_KINDS, "an organisation", ("municipality",)))
        self.quotes(memo_node, [model.title_quote], "title", field_name="")  # with its occurrence when the title is a quote
        self.add(memo_node)
        self.add(
            {
                "id": self.text_iri,
                "type": "dctypes:Text",
                "label": f"Tekst: {model.title_text}",
                "identifier": f"memos/{model.id}/{model.source}",
                "format": "text/plain; charset=utf-8",
                "sha256": digest,
                "is_part_of": self.memo_iri,
            },
            "source",
        )
        self._consultation()
        self._draft_organisations()
        self._reorganisation()
        self._themes()
        self._subjects()
        self._stakeholders()
        self._respondents()
        self._responses()
        self._recommendations()
        return {"@context": context(), "@graph": self.nodes}

    def _consultation(self) -> None:
        consultation = self.model.consultation
        node: dict[str, Any] = {
            "id": f"{self.base}consultation",
            "type": "hg:Consultation",
            "label": consultation.label,
            "derived_from": self.memo_iri,
        }
        # a period the memo does not give is left out of the graph: the shapes warn of it
        _optional(
            node,
            start=consultation.start.isoformat() if consultation.start else None,
            end=consultation.end.isoformat() if consultation.end else None,
            label_en=consultation.label_en,
        )
        if consultation.start and consultation.end and consultation.start > consultation.end:
            self.fail(DataError(self.memo.where("consultation", "end"), "the consultation ends before it starts"))
        node["meetings"] = [self.iri(meeting.id) for meeting in self.model.meetings]
        if self.model.reorganisation is not None:
            node["subject"] = self.iri(self.model.reorganisation.id)
        self.quotes(node, consultation.quote, "consultation")
        self.add(node, "consultation")
        for index, meeting in enumerate(self.model.meetings):
            meeting_node = self.entry(meeting, "hg:Meeting", "meetings", index)
            meeting_node["date"] = meeting.date.isoformat()

    def _reorganisation(self) -> None:
        change = self.model.reorganisation
        if change is None:
            return
        node = self.entry(change, "org:ChangeEvent", "reorganisation")
        node["moves"] = self.refs(change.moves, {"unit"}, "a unit", "reorganisation", "moves")
        _optional(
            node,
            **{
                "from": self.resolve(change.from_, ORG_KINDS, "an organisation or unit", ("reorganisation", "from")),
                "to": self.resolve(change.to, ORG_KINDS, "an organisation or unit", ("reorganisation", "to")),
            },
        )
        node["models"] = [self.iri(option.id) for option in change.models]
        for index, option in enumerate(change.models):
            model_node = self.entry(option, "hg:OrganisationalModel", "reorganisation", "models", index)
            _optional(model_node, description=option.description)
            if option.creator is not None:
                _optional(model_node, creator=self.resolve(
                    option.creator, ORG_KINDS, "an organisation or unit", ("reorganisation", "models", index, "creator")
                ))

    def _themes(self) -> None:
        scheme = f"{self.base}themes"
        self.add(
            {
                "id": scheme,
                "type": "skos:ConceptScheme",
                "label": f"Temaer i høringsnotatet {self.model.id}",
                "label_en": f"Themes of the memo {self.model.id}",
                "top_concepts": [self.iri(theme.id) for theme in self.model.themes],
                "derived_from": self.memo_iri,
            },
            "themes",
        )
        for index, theme in enumerate(self.model.themes):
            node = self.entry(theme, "skos:Concept", "themes", index)
            node["in_scheme"] = scheme
            node["pref_label"] = theme.label
            _optional(node, pref_label_en=theme.label_en)

    def _draft_organisations(self) -> None:
        """The units the ingest proposed for this memo, in its own graph until they are moved to organisations.yaml."""
        draft = self.memo.draft
        if draft is None:
            return
        organisations = self.resolve.organisations
        for index, organisation in draft.entries:
            node = _organisation_node(organisation, organisations, partial(draft.where, "organisations", index), self.fail)
            self.nodes.append(node)
            self.origins.add(node["id"], draft.doc, ("organisations", index))

    def _subjects(self) -> None:
        """The memo's own subjects (places, plan elements, topics): the concepts of its subject scheme."""
        if not self.model.subjects:
            return
        scheme = f"{self.base}subjects"
        self.add(
            {
                "id": scheme,
                "type": "skos:ConceptScheme",
                "label": f"Emner i høringsnotatet {self.model.id}",
                "label_en": f"Subjects of the memo {self.model.id}",
                "top_concepts": [self.iri(subject.id) for subject in self.model.subjects],
                "derived_from": self.memo_iri,
            },
            "subjects",
        )
        for index, subject in enumerate(self.model.subjects):
            node = self.entry(subject, ["skos:Concept", "hg:Subject"], "subjects", index)
            node["in_scheme"] = scheme
            node["pref_label"] = subject.label
            _optional(node, pref_label_en=subject.label_en)

    def _stakeholders(self) -> None:
        """The memo's own respondents that are no unit of a municipality; a citizen is named as the memo names him."""
        for index, stakeholder in enumerate(self.model.stakeholders):
            self.entry(stakeholder, STAKEHOLDER_TYPES[stakeholder.type], "stakeholders", index)

    def _respondents(self) -> None:
        for r_index, respondent in enumerate(self.model.respondents):
            at = ("respondents", r_index, "stakeholder")
            target = self.resolve.target(
                respondent.stakeholder, STAKEHOLDER_KINDS, "a stakeholder of the memo, or an organisation, unit or staff group", at
            )
            if target is not None and target.kind != "stakeholder" and not target.stakeholder:
                self.fail(DataError(self.memo.where(*at), f"'{respondent.stakeholder}' is not marked 'stakeholder: true' in {target.file}"))
            stakeholder = target.iri if target is not None else None
            slug = respondent.stakeholder.replace("/", "-")
            submission: dict[str, Any] = {
                "id": f"{self.base}submission/{slug}",
                "type": "hg:Submission",
                "label": f"Høringssvar fra {target.label if target is not None else respondent.stakeholder}",
                "is_part_of": self.memo_iri,
                "derived_from": self.memo_iri,
                "statements": [self.iri(statement.id) for statement in respondent.statements],
            }
            _optional(submission, stakeholder=stakeholder)
            self.quotes(submission, respondent.quote, "respondents", r_index)
            self.add(submission, "respondents", r_index)
            for s_index, statement in enumerate(respondent.statements):
                loc = ("respondents", r_index, "statements", s_index)
                types = ["hg:Statement", KIND_CLASS[statement.kind]] if statement.kind in KIND_CLASS else ["hg:Statement"]
                node = self.entry(statement, types, *loc)
                _optional(node, raised_by=stakeholder, kind_cue=statement.cue)
                node["about"] = self.refs(statement.about, ABOUT_KINDS, ABOUT, *loc, "about")
                if statement.theme is not None:
                    _optional(node, theme=self.resolve(statement.theme, {"theme"}, "a theme", (*loc, "theme")))

    def _responses(self) -> None:
        for index, response in enumerate(self.model.responses):
            loc = ("responses", index)
            node = self.entry(response, "hg:Response", *loc)
            node["responds_to"] = self.refs(response.responds_to, {"statement"}, "a statement", *loc, "responds_to")
            _optional(
                node,
                about=self.refs(response.about, ABOUT_KINDS, ABOUT, *loc, "about"),
                see_also=self.refs(response.see_also, {"response"}, "a remark", *loc, "see_also"),
                references=self.refs(response.meetings, {"meeting"}, "a meeting", *loc, "meetings"),
                decision=str(HG.NoChange) if response.decision == "no-change" else None,
            )

    def _recommendations(self) -> None:
        for index, recommendation in enumerate(self.model.recommendations):
            loc = ("recommendations", index)
            node = self.entry(recommendation, "hg:Recommendation", *loc)
            node["addresses"] = self.refs(recommendation.addresses, {"statement"}, "a statement", *loc, "addresses")
            _optional(
                node,
                about=self.refs(recommendation.about, ABOUT_KINDS, ABOUT, *loc, "about"),
            )
            proposals = []
            for m_index, membership in enumerate(recommendation.proposes):
                m_loc = (*loc, "proposes", m_index)
                m_node = self.entry(membership, "org:Membership", *m_loc)
                _optional(
                    m_node,
                    member=self.resolve(membership.member, {"post", "staff-group", *ORG_KINDS}, "a post, staff group or unit", (*m_loc, "member")),
                    organisation=self.resolve(membership.organisation, ORG_KINDS, "an organisation or unit", (*m_loc, "organisation")),
                )
                proposals.append(m_node["id"])
            _optional(node, proposes=proposals)


def memo_document(
    memo: LoadedMemo, data: LoadedData, origins: Origins, targets: dict[str, _Target] | None = None, problems: list[Problem] | None = None
) -> dict[str, Any]:
    """One memo as JSON-LD: its document, consultation, statements, remarks and changes.

    `targets` (organisation_targets(data)) may be passed in when mapping many memos, to compute it once. The first
    error is raised; with `problems`, every error is kept there and what can be mapped is mapped.
    """
    return _MemoMapper(memo, targets or organisation_targets(data), origins, problems).build()
