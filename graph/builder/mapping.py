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
from functools import cache
from typing import Any

from rdflib import URIRef

from graph.base.errors import DataError, Where
from graph.model.quotes import QuoteNotFound, anchor
from graph.model.resources import context_file
from graph.model.vocab import ID, ORG_ID, memo_base
from graph.model.yaml_models import LoadedData, LoadedMemo, Organisation, Quote, YamlDoc

KIND_CLASS = {"concern": "hg:Concern", "suggestion": "hg:Suggestion", "support": "hg:Support"}
ORG_TYPES = {
    "organisation": ["org:Organization"],
    "unit": ["org:Organization", "org:OrganizationalUnit"],
    "staff-group": ["hg:StaffGroup", "foaf:Group"],
    "post": ["org:Post"],
}
PARENT_KEY = {"organisation": "part_of", "unit": "part_of", "staff-group": "member_of", "post": "post_in"}


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
    kind: str  # organisation, unit, staff-group, post, model, change, statement, response, theme, meeting
    stakeholder: bool = False


def _unknown(where: Where, ref: str, expected: str, names: Iterable[str]) -> DataError:
    close = difflib.get_close_matches(ref, list(names), n=3)
    hint = f"; did you mean {', '.join(repr(name) for name in close)}?" if close else ""
    return DataError(where, f"unknown reference '{ref}': no entry has that id (expected {expected}){hint}")


class _Resolver:
    """Resolves references of one memo to the entries they name, checking their kind."""

    def __init__(self, organisations: dict[str, _Target], local: dict[str, _Target], where: Callable[..., Where]) -> None:
        self.organisations = organisations
        self.local = local
        self.where = where  # located only when an error is raised: finding lines costs a second parse

    def __call__(self, ref: str, kinds: set[str], expected: str, loc: tuple[int | str, ...]) -> str:
        target = self.local.get(ref) or self.organisations.get(ref)
        if target is None:
            candidates = [key for key, value in {**self.organisations, **self.local}.items() if value.kind in kinds]
            raise _unknown(self.where(*loc), ref, expected, candidates)
        if target.kind not in kinds:
            raise DataError(self.where(*loc), f"'{ref}' is a {target.kind}, but this field takes {expected}")
        return target.iri

    def many(self, refs: Sequence[str], kinds: set[str], expected: str, loc: tuple[int | str, ...]) -> list[str]:
        return [self(ref, kinds, expected, (*loc, index)) for index, ref in enumerate(refs)]


ABOUT_KINDS = {"organisation", "unit", "staff-group", "post", "model", "change"}
ORG_KINDS = {"organisation", "unit"}


def organisations_document(data: LoadedData, origins: Origins) -> dict[str, Any]:
    """The shared organisations, units, staff groups and posts as JSON-LD."""
    seen: dict[str, int] = {}
    for index, organisation in enumerate(data.organisations.organisations):
        if organisation.id in seen:
            raise DataError(
                data.org_where("organisations", index, "id"),
                f"duplicate id '{organisation.id}' (first used by entry {seen[organisation.id] + 1})",
            )
        seen[organisation.id] = index
    targets = organisation_targets(data)
    nodes = []
    for index, organisation in enumerate(data.organisations.organisations):
        node = _organisation_node(organisation)
        if organisation.part_of is not None:
            parent = targets.get(organisation.part_of)
            loc = ("organisations", index, "part_of")
            if parent is None:
                parents = [key for key, value in targets.items() if value.kind in ORG_KINDS]
                raise _unknown(data.org_where(*loc), organisation.part_of, "an organisation or unit", parents)
            if parent.kind not in ORG_KINDS:
                raise DataError(data.org_where(*loc), f"'{organisation.part_of}' is a {parent.kind}, but this field takes an organisation or unit")
            if organisation.part_of == organisation.id:
                raise DataError(data.org_where(*loc), "an organisation cannot be part of itself")
            node[PARENT_KEY[organisation.type]] = parent.iri
        nodes.append(node)
        origins.add(node["id"], data.organisations_doc, ("organisations", index))
    return {"@context": context(), "@graph": nodes}


def organisation_targets(data: LoadedData) -> dict[str, _Target]:
    """Every shared organisation, unit, staff group and post, by id."""
    return {
        organisation.id: _Target(org_iri(organisation.id), organisation.type, organisation.stakeholder)
        for organisation in data.organisations.organisations
    }


def _organisation_node(organisation: Organisation) -> dict[str, Any]:
    types = list(ORG_TYPES[organisation.type])
    if organisation.stakeholder:
        types.append("hg:Stakeholder")
    if organisation.external:
        types.append("hg:ExternalPartner")
    node: dict[str, Any] = {"id": org_iri(organisation.id), "type": types, "label": organisation.label}
    _optional(node, label_en=organisation.label_en, note=organisation.note)
    if organisation.alt_labels:
        node["alt_labels"] = list(organisation.alt_labels)
    return node


def _optional(node: dict[str, Any], **values: Any) -> None:
    for key, value in values.items():
        if value not in (None, [], ""):
            node[key] = value


class _MemoMapper:
    """Builds one memo's JSON-LD document."""

    def __init__(self, memo: LoadedMemo, organisations: dict[str, _Target], org_labels: dict[str, str], origins: Origins) -> None:
        self.memo = memo
        self.org_labels = org_labels
        self.model = memo.model
        self.base = str(memo_base(self.model.id))
        self.memo_iri = f"{ID}{self.model.id}"
        self.text_iri = f"{self.base}text"
        self.origins = origins
        self.nodes: list[dict[str, Any]] = []
        self.local: dict[str, _Target] = {}
        self._register_local_ids(organisations)
        self.resolve = _Resolver(organisations, self.local, self.memo.where)

    # --- ids ---------------------------------------------------------------

    def _register_local_ids(self, organisations: dict[str, _Target]) -> None:
        first_seen: dict[str, tuple[int | str, ...]] = {}
        model = self.model

        def register(entry_id: str, kind: str, segment: str, *loc: int | str) -> None:
            if entry_id in first_seen:
                first_line = self.memo.where(*first_seen[entry_id]).line
                raise DataError(self.memo.where(*loc, "id"), f"duplicate id '{entry_id}' (first used at line {first_line})")
            if entry_id in organisations:
                raise DataError(self.memo.where(*loc, "id"), f"id '{entry_id}' is already an organisation's id in organisations.yaml")
            first_seen[entry_id] = (*loc, "id")
            self.local[entry_id] = _Target(f"{self.base}{segment}/{entry_id}", kind)

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

    def quotes(self, node: dict[str, Any], quotes: Sequence[Quote], *loc: int | str) -> None:
        """Anchor each quote and attach it to the node as an oa:SpecificResource."""
        resources = []
        for number, quote in enumerate(quotes, start=1):
            where_loc: tuple[int | str, ...] = (*loc, "quote") if len(quotes) == 1 else (*loc, "quote", number - 1)
            try:
                found = anchor(self.memo.source_text, quote.text, quote.occurrence)
            except QuoteNotFound as error:
                raise DataError(self.memo.where(*where_loc), f"{error} ({self.model.source})") from error
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
            "label": model.title,
            "title": model.title,
            "language": "da",
            "publisher": self.resolve(model.publisher, ORG_KINDS, "an organisation or unit", ("publisher",)),
            "reports_on": f"{self.base}consultation",
            "source_text": self.text_iri,
        }
        _optional(memo_node, label_en=model.title_en, title_en=model.title_en)
        if model.municipality is not None:
            memo_node["creator"] = self.resolve(model.municipality, ORG_KINDS, "an organisation", ("municipality",))
        self.quotes(memo_node, [Quote(text=model.title)], "title")
        self.add(memo_node)
        self.add(
            {
                "id": self.text_iri,
                "type": "dctypes:Text",
                "label": f"Tekst: {model.title}",
                "identifier": f"memos/{model.id}/{model.source}",
                "format": "text/plain; charset=utf-8",
                "sha256": digest,
                "is_part_of": self.memo_iri,
            },
            "source",
        )
        self._consultation()
        self._reorganisation()
        self._themes()
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
            "start": consultation.start.isoformat(),
            "end": consultation.end.isoformat(),
            "derived_from": self.memo_iri,
        }
        _optional(node, label_en=consultation.label_en)
        if consultation.start > consultation.end:
            raise DataError(self.memo.where("consultation", "end"), "the consultation ends before it starts")
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
        node["from"] = self.resolve(change.from_, ORG_KINDS, "an organisation or unit", ("reorganisation", "from"))
        node["to"] = self.resolve(change.to, ORG_KINDS, "an organisation or unit", ("reorganisation", "to"))
        node["models"] = [self.iri(option.id) for option in change.models]
        for index, option in enumerate(change.models):
            model_node = self.entry(option, "hg:OrganisationalModel", "reorganisation", "models", index)
            _optional(model_node, description=option.description)
            if option.creator is not None:
                model_node["creator"] = self.resolve(
                    option.creator, ORG_KINDS, "an organisation or unit", ("reorganisation", "models", index, "creator")
                )

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

    def _respondents(self) -> None:
        for r_index, respondent in enumerate(self.model.respondents):
            at = ("respondents", r_index, "stakeholder")
            stakeholder = self.resolve(respondent.stakeholder, ORG_KINDS | {"staff-group", "post"}, "an organisation, unit or staff group", at)
            target = self.resolve.organisations[respondent.stakeholder]
            if not target.stakeholder:
                raise DataError(self.memo.where(*at), f"'{respondent.stakeholder}' is not marked 'stakeholder: true' in organisations.yaml")
            slug = respondent.stakeholder.replace("/", "-")
            submission: dict[str, Any] = {
                "id": f"{self.base}submission/{slug}",
                "type": "hg:Submission",
                "label": f"Høringssvar fra {self.org_labels[respondent.stakeholder]}",
                "stakeholder": stakeholder,
                "is_part_of": self.memo_iri,
                "derived_from": self.memo_iri,
                "statements": [self.iri(statement.id) for statement in respondent.statements],
            }
            self.quotes(submission, respondent.quote, "respondents", r_index)
            self.add(submission, "respondents", r_index)
            for s_index, statement in enumerate(respondent.statements):
                loc = ("respondents", r_index, "statements", s_index)
                node = self.entry(statement, ["hg:Statement", KIND_CLASS[statement.kind]], *loc)
                node["raised_by"] = stakeholder
                node["about"] = self.refs(statement.about, ABOUT_KINDS, "an organisation, unit, staff group, post, model or change", *loc, "about")
                if statement.theme is not None:
                    node["theme"] = self.resolve(statement.theme, {"theme"}, "a theme", (*loc, "theme"))

    def _responses(self) -> None:
        for index, response in enumerate(self.model.responses):
            loc = ("responses", index)
            node = self.entry(response, "hg:Response", *loc)
            node["responds_to"] = self.refs(response.responds_to, {"statement"}, "a statement", *loc, "responds_to")
            _optional(
                node,
                about=self.refs(response.about, ABOUT_KINDS, "an organisation, unit, staff group, post, model or change", *loc, "about"),
                see_also=self.refs(response.see_also, {"response"}, "a remark", *loc, "see_also"),
                references=self.refs(response.meetings, {"meeting"}, "a meeting", *loc, "meetings"),
            )

    def _recommendations(self) -> None:
        for index, recommendation in enumerate(self.model.recommendations):
            loc = ("recommendations", index)
            node = self.entry(recommendation, "hg:Recommendation", *loc)
            node["addresses"] = self.refs(recommendation.addresses, {"statement"}, "a statement", *loc, "addresses")
            _optional(
                node,
                about=self.refs(recommendation.about, ABOUT_KINDS, "an organisation, unit, staff group, post, model or change", *loc, "about"),
            )
            proposals = []
            for m_index, membership in enumerate(recommendation.proposes):
                m_loc = (*loc, "proposes", m_index)
                m_node = self.entry(membership, "org:Membership", *m_loc)
                m_node["member"] = self.resolve(
                    membership.member, {"post", "staff-group", *ORG_KINDS}, "a post, staff group or unit", (*m_loc, "member")
                )
                m_node["organisation"] = self.resolve(
                    membership.organisation, ORG_KINDS, "an organisation or unit", (*m_loc, "organisation")
                )
                proposals.append(m_node["id"])
            _optional(node, proposes=proposals)


def memo_document(memo: LoadedMemo, data: LoadedData, origins: Origins, targets: dict[str, _Target] | None = None) -> dict[str, Any]:
    """One memo as JSON-LD: its document, consultation, statements, remarks and changes.

    `targets` (organisation_targets(data)) may be passed in when mapping many memos, to compute it once.
    """
    return _MemoMapper(memo, targets or organisation_targets(data), data.organisation_labels, origins).build()
