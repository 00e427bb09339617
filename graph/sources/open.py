"""The single place that chooses what a read is asked of: a remote endpoint, a fresh build folder, or data/ built in memory.

A fresh build folder (graph.builder.folder's one freshness rule) is read as it is: its store, with what the
build precomputed (graph.builder.precomputed) wrapped around the engine for queries over all memos. Any other
folder is not read at all: the graph is built in memory from data/, and a report says so on stderr.

This module is on the report's start-up path: rdflib, the engine and the build's machinery are imported
only when they are needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.base.errors import QueryError, UsageError
from graph.builder.folder import MANIFEST, fresh_build, fresh_manifest
from graph.builder.precomputed import Precomputed, PrecomputedEngine
from graph.model.iris import ONTOLOGY_IRI_TEXT, ORGANISATIONS_GRAPH_IRI, memo_graph_iri
from graph.model.wording import DEFAULT_LANG, vocab_label
from graph.reports.formats import DEFAULT_WIDTH, Format
from graph.reports.unresolved import KINDS, check_kind

if TYPE_CHECKING:

    from graph.engine.interface import Engine
    from graph.engine.limits import Limits


def _memo_graphs(memo: str) -> list[str]:
    """What `--memo` shows a query: the memo's graph, the shared organisations and the ontology."""
    return [memo_graph_iri(memo), ORGANISATIONS_GRAPH_IRI, ONTOLOGY_IRI_TEXT]


def check_memo_option(memo: str | None) -> None:
    """UsageError for a `--memo` that names no memo at all: empty, or only spaces."""
    if memo is not None and not memo.strip():
        raise UsageError(f"--memo needs a memo's id, not {memo!r}; leave it out to ask all memos")


def open_engine(
    data_dir: Path, build_dir: Path | None = Path("build"), memo: str | None = None, endpoint: str | None = None, auth: str | None = None,
    limits: Limits | None = None,
) -> Engine:
    """The graph in a query engine: a remote endpoint if given, else the build folder's store when the folder is fresh,
    else built in memory. Over all memos of a fresh folder, the engine answers from what the build precomputed
    where it can. Its queries run within `limits` (graph.engine.limits; by default, its defaults)."""
    check_memo_option(memo)
    if endpoint is not None:
        from graph.engine.remote import RemoteStore

        return RemoteStore(endpoint, auth, _memo_graphs(memo) if memo is not None else None, limits)
    from graph.engine.embedded import Store

    found = fresh_build(data_dir, build_dir) if build_dir is not None else None
    if found is None:
        from graph.builder.assemble import build_graph

        store = build_graph(data_dir).store
        precomputed = None
    else:
        store, manifest = found
        precomputed = Precomputed.open(build_dir, manifest) if memo is None and build_dir is not None else None
    if memo is not None:
        _check_memo(store, memo)
        return Store(store, _memo_graphs(memo), limits)
    if precomputed is not None:
        engine = Store(store, limits=limits)
        return PrecomputedEngine(engine, precomputed, engine.limits)
    return Store(store, limits=limits)


def _check_memo(store: Any, memo: str) -> None:
    import pyoxigraph as ox

    if not store.contains_named_graph(ox.NamedNode(memo_graph_iri(memo))):
        known = sorted(
            g.value.rsplit("/", 2)[-2] for g in store.named_graphs() if g.value.endswith("/graph") and g.value != ORGANISATIONS_GRAPH_IRI
        )
        raise QueryError(f"no memo is called '{memo}'; the memos are: {', '.join(known)}")


@dataclass
class ReportText:
    text: str | bytes
    rows: int
    stale_build: bool = False  # a build folder is there, but not fresh: the graph was asked


def unresolved_text(
    data_dir: Path,
    build_dir: Path | None = Path("build"),
    memo: str | None = None,
    endpoint: str | None = None,
    auth: str | None = None,
    *,
    unit: str | None = None,
    stakeholder: str | None = None,
    kind: str | None = None,
    fmt: Format = Format.table,
    excel: bool = False,
    width: int = DEFAULT_WIDTH,
    limits: Limits | None = None,
    lang: str = DEFAULT_LANG,
) -> ReportText:
    """The unresolved report's text and its number of rows: from what a fresh build precomputed, else asked of the
    graph. The whole report in a format the build laid out is read as the build wrote it (10,000 memos: 332,204
    rows, 210 MB of csv); anything else is laid out now."""
    from graph.reports.about import filter_lines, label_of, memo_lines, memos_of
    from graph.reports.unresolved import report, report_text, rows_from_graph

    check_kind(kind)
    check_memo_option(memo)
    kind_name = vocab_label(KINDS[kind.casefold()], lang) if kind is not None else None
    manifest = fresh_manifest(data_dir, build_dir) if endpoint is None and build_dir is not None else None
    precomputed = Precomputed.open(build_dir, manifest) if build_dir is not None else None

    def names(engine: Engine) -> tuple[str | None, str | None, str | None, str | None]:
        """The IRIs and labels of the unit and stakeholder named (resolved in the graph, as the query does)."""
        from graph.queries.names import resolve_name

        unit_iri = resolve_name(engine, unit, "unit") if unit is not None else None
        stakeholder_iri = resolve_name(engine, stakeholder, "stakeholder") if stakeholder is not None else None
        return (None if unit_iri is None else str(unit_iri), None if unit_iri is None else label_of(engine, unit_iri),
                None if stakeholder_iri is None else str(stakeholder_iri),
                None if stakeholder_iri is None else label_of(engine, stakeholder_iri))

    if precomputed is None or build_dir is None:
        engine = open_engine(data_dir, build_dir, memo, endpoint, auth, limits)
        _, unit_label, _, stakeholder_label = names(engine)
        about = memo_lines(memos_of(engine), lang) + filter_lines(
            [("unit", unit_label), ("stakeholder", stakeholder_label), ("kind", kind_name)], lang)
        found = report(rows_from_graph(engine, unit=unit, stakeholder=stakeholder, kind=kind), lang, about)
        stale = endpoint is None and build_dir is not None and (build_dir / MANIFEST).is_file()
        return ReportText(report_text(found, fmt, excel=excel, width=width, lang=lang), found.rows, stale)
    try:
        if memo is None and unit is None and stakeholder is None and kind is None and not excel:
            laid_out = precomputed.laid_out(fmt, width, lang)
            if laid_out is not None:
                return ReportText(*laid_out)
        if memo is not None:
            precomputed.check_memo(memo)
        unit_iri = stakeholder_iri = unit_label = stakeholder_label = None
        if unit is not None or stakeholder is not None:
            unit_iri, unit_label, stakeholder_iri, stakeholder_label = names(open_engine(data_dir, build_dir, memo, limits=limits))
        rows = precomputed.unresolved_rows(memo, unit_iri, stakeholder_iri, KINDS[kind.casefold()] if kind else None)
        about = memo_lines(precomputed.memos(memo), lang) + filter_lines(
            [("unit", unit_label), ("stakeholder", stakeholder_label), ("kind", kind_name)], lang)
    finally:
        precomputed.close()
    found = report(rows, lang, about)
    return ReportText(report_text(found, fmt, excel=excel, width=width, lang=lang), found.rows)


def store_for_view(data_dir: Path, build_dir: Path) -> Any:
    """The store the page is drawn from (an Oxigraph store): the build's when the folder is fresh, else built in memory."""
    from graph.builder.assemble import build_graph

    found = fresh_build(data_dir, build_dir)
    return found[0] if found is not None else build_graph(data_dir).store


def graphs_as_ntriples(data_dir: Path, build_dir: Path) -> dict[str, bytes]:
    """Each named graph (every memo's, the organisations', the ontology's) as N-Triples, from a fresh build's store or built afresh."""
    import pyoxigraph as ox

    found = fresh_build(data_dir, build_dir)
    if found is None:
        from graph.builder.assemble import build_graph

        store = build_graph(data_dir).store
    else:
        store = found[0]
    return {
        graph.value: store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
        for graph in sorted(store.named_graphs(), key=lambda g: g.value)
        if isinstance(graph, ox.NamedNode)
    }
