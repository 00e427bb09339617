"""The tool's words for people, in Danish and in English: one table, read by the reports, the page and the messages.

The vocabulary's own terms (a kind, a status, a class) are named by the ontology's labels (ontology/hoeringsgraf.ttl,
`rdfs:label "…"@da , "…"@en`), read once; everything else the tool says to a reader is a key of WORDS. A key
missing from WORDS is a defect (KeyError), so a word is never printed in one language only.

Danish is the default, for Danish memos; `--lang en` (or HOERINGSGRAF_LANG=en) chooses English.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache


class Lang(StrEnum):
    da = "da"
    en = "en"


DEFAULT_LANG = Lang.da

# key: (Danish, English). Column heads are keyed by the query variable they name ("head.VARIABLE").
WORDS: dict[str, tuple[str, str]] = {
    # --- column heads: the variables of the canned queries and the reports --------------------------------
    "head.unit": ("Enhed", "Unit"),
    "head.unitLabel": ("Enhed", "Unit"),
    "head.open": ("Åbne", "Open"),
    "head.statement": ("Udsagn", "Statement"),
    "head.kind": ("Type", "Kind"),
    "head.stakeholder": ("Høringspart", "Stakeholder"),
    "head.stakeholderLabel": ("Høringspart", "Stakeholder"),
    "head.label": ("Udsagnet kort", "In short"),
    "head.status": ("Status", "Status"),
    "head.remarks": ("Administrationens bemærkninger", "The administration's remarks"),
    "head.remark": ("Bemærkning", "Remark"),
    "head.quote": ("Citat", "Quote"),
    "head.recommendation": ("Indstilling", "Recommendation"),
    "head.recommendations": ("Indstillinger", "Recommendations"),
    "head.units": ("Enheder", "Units"),
    "head.level": ("Niveau", "Level"),
    "head.partOf": ("Del af", "Part of"),
    "head.how": ("Ændring", "Change"),
    "head.from": ("Fra", "From"),
    "head.to": ("Til", "To"),
    "head.statements": ("Udsagn", "Statements"),
    "head.stakeholders": ("Høringsparter", "Stakeholders"),
    "head.concerns": ("Bekymringer", "Concerns"),
    "head.degreeCentrality": ("Gradcentralitet", "Degree centrality"),
    "head.betweenness": ("Mellemcentralitet", "Betweenness"),
    "head.stakeholderA": ("Høringspart A", "Stakeholder A"),
    "head.stakeholderB": ("Høringspart B", "Stakeholder B"),
    "head.sharedUnits": ("Fælles enheder", "Shared units"),
    "head.overlap": ("Overlap", "Overlap"),
    "head.group": ("Gruppe", "Group"),
    "head.unitsAllShare": ("Enheder alle deler", "Units all share"),
    "head.memo": ("Høringsnotat", "Memo"),
    "head.memoTitle": ("Høringsnotat", "Memo"),
    "head.title": ("Titel", "Title"),
    "head.date": ("Dato", "Date"),
    "head.iri": ("IRI", "IRI"),
    "iri.suffix": ("(IRI)", "(IRI)"),
    # --- report headings and what they open with ---------------------------------------------------------
    "report.unresolved": ("Uafklarede bekymringer og forslag pr. enhed", "Unresolved concerns and suggestions per unit"),
    "report.unresolved.section": ("{label}: {count} åbne", "{label}: {count} open"),
    "report.unresolved.section.one": ("{label}: 1 åben", "{label}: 1 open"),
    "report.unresolved.nothing": (
        "Intet er åbent: ingen bekymring eller intet forslag, som ingen indstilling imødekommer.",
        "Nothing is open: no concern or suggestion that no recommendation addresses.",
    ),
    "report.unresolved.about": (
        "{rows} bekymring(er) og forslag, som ingen indstilling imødekommer, om {units} enhed(er)",
        "{rows} concern(s) and suggestion(s) that no recommendation addresses, about {units} unit(s)",
    ),
    "report.filter.unit": ("Kun om enheden: {name}", "Only about the unit: {name}"),
    "report.filter.stakeholder": ("Kun fra høringsparten: {name}", "Only from the stakeholder: {name}"),
    "report.filter.kind": ("Kun af typen: {name}", "Only of the kind: {name}"),
    "report.memo": ("Høringsnotat: {title} ({id})", "Memo: {title} ({id})"),
    "report.memo.period": ("Høringsperiode: {start} – {end}", "Consultation: {start} to {end}"),
    "report.memos.many": ("{count} høringsnotater", "{count} memos"),
    "report.memos.period": ("Høringsperioder fra {first} til {last}", "Consultations from {first} to {last}"),
    "report.memos.none": ("Ingen høringsnotater", "No memos"),
    "report.unit": ("Enhed: {label}", "Unit: {label}"),
    "report.unit.partOf": ("Del af", "Part of"),
    "report.unit.partOf.none": ("Ikke del af en anden enhed", "Not part of another unit"),
    "report.unit.changes": ("Sådan ændrer omorganiseringen enheden", "How the reorganisation changes it"),
    "report.unit.said": ("Det blev sagt om {label}: {count} udsagn", "What was said about {label}: {count} statement(s)"),
    "report.unit.receives": ("modtager {label}", "receives {label}"),
    "report.unit.givesUp": ("afgiver {label}", "gives up {label}"),
    "change.moves": ("flyttes", "moves"),
    "change.joins": ("indgår i", "joins"),
    "change.considers model": ("overvejer modellen", "considers model"),
    "report.stakeholder": ("Høringspart: {label}", "Stakeholder: {label}"),
    "report.stakeholder.statuses": ("Status for udsagnene", "Statuses"),
    "report.stakeholder.said": ("Det sagde {label}", "What {label} said"),
    "report.network": ("Netværket af bekymringer", "The network of concerns"),
    "report.network.contested": (
        "De mest omstridte enheder (høringsparter med bekymringer; centralitet i grafen af høringsparter og enheder)",
        "Most contested units (stakeholders with concerns; centrality in the stakeholder–unit graph)",
    ),
    "report.network.pairs": (
        "Høringsparter, der deler bekymrings-enheder (projektionen på høringsparterne)",
        "Stakeholders who share units of concern (the stakeholder–stakeholder projection)",
    ),
    "report.network.groups": (
        "Grupper af høringsparter med fælles bekymringer (grådige modularitetsfællesskaber)",
        "Groups of stakeholders with common concerns (greedy modularity communities)",
    ),
    "report.rows": ("{count} række(r)", "{count} row(s)"),
    "report.none": ("(ingen)", "(none)"),
    "sheet.about": ("Om rapporten", "About"),
    "sheet.part-of": ("Del af", "Part of"),
    "sheet.changes": ("Omorganiseringen", "Reorganisation"),
    "sheet.statements": ("Udsagn", "Statements"),
    "sheet.statuses": ("Status", "Statuses"),
    "sheet.contested": ("Omstridte enheder", "Contested units"),
    "sheet.pairs": ("Fælles enheder", "Shared units"),
    "sheet.groups": ("Grupper", "Groups"),
    # --- notes the reports print on stderr ----------------------------------------------------------------
    "note.stale": (
        "{build} er ældre end {data} eller end denne version af hoeringsgraf, så rapporten blev spurgt af grafen (langsomt ved "
        "mange høringsnotater); `hoeringsgraf build --data {data} --out {build}` bringer den up to date",
        "{build} is older than {data} or than this version of hoeringsgraf, so the report was asked of the graph (slow on many "
        "memos); `hoeringsgraf build --data {data} --out {build}` brings it up to date",
    ),
    "note.sections": (
        "{fmt} holder én tabel: '{shown}'; --section vælger en anden ({choices}), og .xlsx rummer dem alle",
        "{fmt} holds one table: '{shown}'; --section chooses another ({choices}), and .xlsx holds them all",
    ),
    # --- the page (graph/view) ----------------------------------------------------------------------------
    # graph/view/kinds.py names kinds and statuses by the ontology's labels where it has them; these are the rest.
    "view.title": ("Netværksvisning", "Network view"),
    "view.title.memo": ("Netværk: {titles}", "Network: {titles}"),
    "view.summary": ("{nodes} knuder, {links} forbindelser. {statements} udsagn:", "{nodes} nodes, {links} links. {statements} statements:"),
    "view.notice.part": (
        "Siden rummer kun de {shown} knuder, der er valgt: hele grafen har {total}, for mange til én side.",
        "This page holds only the {shown} nodes chosen: the whole graph has {total}, too many for one page.",
    ),
    "view.kind.statement.help": ("et punkt, en høringspart har rejst; farven er dets status", "a point a stakeholder made; its colour is its status"),
    "view.kind.remark.help": ("administrationens svar", "the administration's answer"),
    "view.kind.recommendation.help": ("en ændring, administrationen indstiller", "a change the administration recommends"),
    "view.kind.theme": ("Tema", "Theme"),
    "view.kind.theme.help": ("et tema, notatet samler udsagn under", "a theme the memo groups statements under"),
    "view.kind.subject.help": ("et sted, et planelement eller et emne, udsagn handler om", "a place, plan element or topic statements are about"),
    "view.kind.stakeholder.help": ("en, der har afgivet høringssvar", "who answered the consultation"),
    "view.kind.model.help": ("en model, omorganiseringen overvejede", "a model the reorganisation considered"),
    "view.kind.unit": ("Enhed", "Unit"),
    "view.kind.unit.help": ("en enhed, en medarbejdergruppe eller en stilling", "a unit, staff group or post"),
    "view.kind.organisation": ("Organisation", "Organisation"),
    "view.kind.organisation.help": ("en kommune eller en ekstern part", "a municipality or an outside body"),
    "view.kind.memo.help": ("et høringsnotat; vælg det for at tegne dets netværk", "a consultation memo; choose it to draw its network"),
    "view.status.unanswered.help": ("ingen bemærkning og ingen indstilling besvarer det", "no remark and no recommendation answers it"),
    "view.status.answered.help": ("en bemærkning fra administrationen besvarer det", "a remark of the administration answers it"),
    "view.status.declined.help": ("administrationen har besluttet ingen ændring", "the administration decided on no change"),
    "view.status.resolved.help": ("en indstillet ændring imødekommer det", "a recommended change addresses it"),
    "view.link.raised-by": ("rejst af", "raised by"),
    "view.link.raised-by.help": ("udsagn → høringsparten, der rejste det", "statement → the stakeholder who made it"),
    "view.link.about": ("om", "about"),
    "view.link.about.help": (
        "udsagn, bemærkning eller indstilling → enheden, det handler om",
        "statement, remark or recommendation → the unit it is about",
    ),
    "view.link.responds-to": ("besvarer", "responds to"),
    "view.link.responds-to.help": ("bemærkning → udsagnet, den besvarer", "remark → the statement it answers"),
    "view.link.addresses": ("imødekommer", "addresses"),
    "view.link.addresses.help": ("indstilling → udsagnet, den imødekommer", "recommendation → the statement it resolves"),
    "view.link.theme": ("tema", "theme"),
    "view.link.theme.help": ("udsagn → dets tema", "statement → its theme"),
    "view.link.part-of": ("del af", "part of"),
    "view.link.part-of.help": ("enhed → enheden eller organisationen, den hører til", "unit → the unit or organisation it belongs to"),
    "view.link.moves": ("flyttes til", "moves to"),
    "view.link.moves.help": ("omorganiseringen flytter denne enhed til den anden", "the reorganisation moves this unit to that one"),
    "view.link.responded": ("høringssvar", "answered"),
    "view.link.responded.help": (
        "høringsnotat → en høringspart, der svarede; så tyk som dens udsagn i notatet",
        "memo → a stakeholder who answered it; as thick as its statements in the memo",
    ),
    "view.link.said-about": ("udsagn om", "statements about"),
    "view.link.said-about.help": (
        "høringspart → en enhed, den udtalte sig om; så tyk som udsagnene",
        "stakeholder → a unit it spoke about; as thick as the statements",
    ),
    "view.control.memo": ("Høringsnotat", "Memo"),
    "view.control.memo.all": ("alle høringsnotater", "all memos"),
    "view.control.period": ("Periode", "Period"),
    "view.control.period.from": ("fra dato", "from date"),
    "view.control.period.to": ("til dato", "to date"),
    "view.control.unit": ("Enhed", "Unit"),
    "view.control.unit.all": ("alle enheder", "all units"),
    "view.control.stakeholder": ("Høringspart", "Stakeholder"),
    "view.control.stakeholder.all": ("alle høringsparter", "all stakeholders"),
    "view.control.theme": ("Tema", "Theme"),
    "view.control.theme.all": ("alle temaer", "all themes"),
    "view.control.theme.memoFirst": (
        "Vælg først et høringsnotat: temaerne er hvert notats egne",
        "Choose a memo first: each memo has its own themes",
    ),
    "view.control.status": ("Status", "Status"),
    "view.control.status.all": ("enhver status", "any status"),
    "view.control.status.unresolved": ("uafklaret (ubesvaret, besvaret eller afvist)", "unresolved (unanswered, answered or declined)"),
    "view.control.find": ("Find", "Find"),
    "view.control.find.placeholder": ("et navn eller id", "a name or id"),
    "view.control.layout": ("Vis", "Show"),
    "view.control.layout.both": ("netværk og matrix", "network and matrix"),
    "view.control.layout.network": ("kun netværk", "network only"),
    "view.control.layout.matrix": ("kun matrix", "matrix only"),
    "view.control.reset": ("Nulstil", "Reset"),
    "view.network.label": ("Høringen som netværk", "The consultation as a network"),
    "view.details.title": ("Detaljer", "Details"),
    "view.details.hint": (
        "Hold musen over en knude eller en forbindelse for at læse den, og klik for at beholde den her. "
        "Dobbeltklik på en enhed, en høringspart eller et tema for at fokusere på den.",
        "Hover over a node or a link to read it, click to keep it here. Double-click a unit, stakeholder or theme to focus on it.",
    ),
    "view.legend.title": ("Signaturforklaring", "Legend"),
    "view.legend.hint": (
        "Fjern fluebenet ved en type for at skjule den. En knude vokser med sine forbindelser; zoom ind for at læse, hvad hvert udsagn siger.",
        "Untick a kind to hide it. Node size grows with the number of links; zoom in to read what each statement says.",
    ),
    "view.legend.statuses": ("Udsagn efter status", "Statements by status"),
    "view.legend.links": ("Forbindelser", "Links"),
    "view.noscript": ("Siden skal have JavaScript for at tegne netværket.", "This page needs JavaScript to draw the network."),
    "view.more": ("… ({count} i alt)", "… ({count} in all)"),
    "view.count.shown": (
        "viser {nodes} af {allNodes} knuder, {links} af {allLinks} forbindelser",
        "showing {nodes} of {allNodes} nodes, {links} of {allLinks} links",
    ),
    "view.find.one": ("1 fund", "1 match"),
    "view.find.many": ("{count} fund", "{count} matches"),
    "view.find.hidden": ("({count} skjult af valgene ovenfor)", "({count} hidden by the choices above)"),
    "view.field.raisedBy": ("Rejst af", "Raised by"),
    "view.field.nobody": ("ingen navngivet", "nobody named"),
    "view.field.status": ("Status", "Status"),
    "view.field.about": ("Om", "About"),
    "view.field.theme": ("Tema", "Theme"),
    "view.field.remark": ("Administrationens bemærkning", "The administration's remark"),
    "view.field.recommendation": ("Indstillet ændring", "Recommended change"),
    "view.field.answer": ("Svar", "Answer"),
    "view.field.noAnswer": ("ingen bemærkning fra administrationen besvarer det", "no remark of the administration answers it"),
    "view.field.decision": ("Beslutning", "Decision"),
    "view.decision.noChange": ("ingen ændring", "no change"),
    "view.field.respondsTo": ("Besvarer", "Responds to"),
    "view.field.addresses": ("Imødekommer", "Addresses"),
    "view.field.nothing": ("intet", "nothing"),
    "view.field.statements": ("Udsagn", "Statements"),
    "view.field.partOf": ("Del af", "Part of"),
    "view.field.has": ("Rummer", "Has"),
    "view.field.statementsMade": ("Udsagn, den har rejst", "Statements it made"),
    "view.field.statementsAbout": ("Udsagn om den", "Statements about it"),
    "view.field.movesTo": ("Omorganiseringen flytter den til", "The reorganisation moves it to"),
    "view.field.note": ("Redaktørens note", "Editor's note"),
    "view.field.change": ("Omorganiseringen", "The reorganisation"),
    "view.field.movedFrom": ("Flyttes fra", "Moved from"),
    "view.field.memoWords": ("Med notatets ord", "In the memo's words"),
    "view.field.memo": ("Høringsnotat", "Memo"),
    "view.field.period": ("Høringsperiode", "Consultation period"),
    "view.button.focus": ("Vis kun dens nabolag", "Show only its neighbourhood"),
    "view.link.prefix": ("Forbindelse", "Link"),
    "view.note.register": (
        "Fra registret over organisationer, ikke fra et citat i notatet.",
        "From the register of organisations, not from a quote in the memo.",
    ),
    "view.matrix.title": ("Høringsparter × enheder", "Stakeholders × units"),
    "view.matrix.hint": (
        "Hver celle er de udsagn, høringsparten har rejst om enheden: tallet siger hvor mange, farverne deres status. "
        "Klik på en celle for at læse dem og administrationens svar, på et navn for at vælge det.",
        "Each cell holds the statements the stakeholder raised about the unit: the number says how many, the colours their statuses. "
        "Click a cell to read them and the administration's answers, a name to choose it.",
    ),
    "view.matrix.corner": ("Høringspart ↓ · enhed →", "Stakeholder ↓ · unit →"),
    "view.matrix.total": ("I alt", "Total"),
    "view.matrix.cell": ("{row} om {col}", "{row} about {col}"),
    "view.matrix.none": ("(ingen)", "(none)"),
    "view.matrix.empty": ("Valgene ovenfor efterlader ingen udsagn.", "The choices above leave no statements."),
    "view.matrix.limited": (
        "Viser de {rows} af {allRows} høringsparter og {cols} af {allCols} enheder med flest udsagn; "
        "vælg en periode, et notat, en enhed eller en høringspart for at se de andre.",
        "Showing the {rows} of {allRows} stakeholders and {cols} of {allCols} units with most statements; "
        "choose a period, a memo, a unit or a stakeholder to see the others.",
    ),
    "view.aggregate.title": ("{memos} høringsnotater samlet", "{memos} consultation memos aggregated"),
    "view.aggregate.summary": (
        "{memos} høringsnotater{span}, {stakeholders} høringsparter, {units} enheder og emner. {statements} udsagn:",
        "{memos} memos{span}, {stakeholders} stakeholders, {units} units and subjects. {statements} statements:",
    ),
    "view.aggregate.span": (" fra {first} til {last}", " from {first} to {last}"),
    "view.aggregate.network.label": (
        "Høringsnotaterne samlet: høringsparter, enheder og notater",
        "The memos aggregated: stakeholders, units and memos",
    ),
    "view.aggregate.count": (
        "viser {memos} af {allMemos} notater, {statements} af {allStatements} udsagn, {links} forbindelser",
        "showing {memos} of {allMemos} memos, {statements} of {allStatements} statements, {links} links",
    ),
    "view.aggregate.back": ("← Alle høringsnotater", "← All memos"),
    "view.aggregate.drill": ("Tegn notatets netværk", "Draw the memo's network"),
    "view.aggregate.chooseUnit": ("Vælg som enhed", "Choose as the unit"),
    "view.aggregate.chooseStakeholder": ("Vælg som høringspart", "Choose as the stakeholder"),
    "view.aggregate.statement": ("Udsagn {number}", "Statement {number}"),
    "view.aggregate.remark": ("Bemærkning {number}", "Remark {number}"),
    "view.aggregate.recommendation": ("Indstilling {number}", "Recommendation {number}"),
    "view.aggregate.listed": (
        "Viser de første {shown} af {count} udsagn; vælg et notat eller en periode for at se færre ad gangen.",
        "Showing the first {shown} of {count} statements; choose a memo or a period to see fewer at a time.",
    ),
    "view.aggregate.details.hint": (
        "Hold musen over en knude eller en forbindelse for at læse, hvor mange udsagn den bærer, og deres status; klik for at beholde "
        "den her. Dobbeltklik på et høringsnotat for at tegne dets netværk.",
        "Hover over a node or a link to read how many statements it carries and their statuses; click to keep it here. "
        "Double-click a memo to draw its network.",
    ),
    "view.aggregate.overview": ("Overblik", "Overview"),
    "view.aggregate.overview.memos": ("Høringsnotater i valget: {memos}.", "Memos in the choice: {memos}."),
    "view.aggregate.legend.memo": (
        "Notatets netværk: en knude vokser med sine forbindelser; zoom ind for at læse, hvad hvert udsagn siger.",
        "The memo's network: node size grows with the number of links; zoom in to read what each statement says.",
    ),
    "view.aggregate.top.units": ("Enheder med flest udsagn", "Units with most statements"),
    "view.aggregate.top.stakeholders": ("Høringsparter med flest udsagn", "Stakeholders with most statements"),
    "view.aggregate.top.memos": ("Høringsnotater med flest udsagn", "Memos with most statements"),
    "view.aggregate.legend.hint": (
        "En forbindelse er så tyk som udsagnene bag den og har farve efter den status, de fleste af dem har. En knude vokser med sine udsagn.",
        "A link is as thick as the statements behind it and coloured by the status most of them have. A node grows with its statements.",
    ),
    "view.aggregate.texts.short": (
        "Overskrifterne på udsagn og svar er forkortet til {chars} tegn og citaterne udeladt, så siden holder sig under 5 MB; "
        "hoeringsgraf view --unit … (eller --stakeholder, --theme, --status) skriver en side med det hele om det valgte.",
        "The headings of statements and answers are shortened to {chars} characters and the quotes left out, to keep the page under 5 MB; "
        "hoeringsgraf view --unit … (or --stakeholder, --theme, --status) writes a page with all of it for what it chooses.",
    ),
    "view.aggregate.texts.none": (
        "Overskrifter og citater af udsagn og svar er udeladt, så siden holder sig under 5 MB; "
        "hoeringsgraf view --unit … (eller --stakeholder, --theme, --status) skriver en side med det hele om det valgte.",
        "The headings and quotes of statements and answers are left out, to keep the page under 5 MB; "
        "hoeringsgraf view --unit … (or --stakeholder, --theme, --status) writes a page with all of it for what it chooses.",
    ),
    "view.aggregate.texts.noQuotes": (
        "Citaterne er udeladt, så siden holder sig under 5 MB; hoeringsgraf view --unit … (eller --stakeholder, --theme, --status) "
        "skriver en side med dem om det valgte.",
        "The quotes are left out, to keep the page under 5 MB; hoeringsgraf view --unit … (or --stakeholder, --theme, --status) "
        "writes a page with them for what it chooses.",
    ),
}


def word(key: str, lang: Lang | str = DEFAULT_LANG, **values: object) -> str:
    """The word or sentence `key` in `lang`, its {placeholders} filled in."""
    danish, english = WORDS[key]
    text = danish if Lang(lang) is Lang.da else english
    return text.format(**values) if values else text


def head(variable: str, lang: Lang | str = DEFAULT_LANG) -> str:
    """A column's head for people: the variable's word, or the variable itself when the table has none."""
    return word(f"head.{variable}", lang) if f"head.{variable}" in WORDS else variable


@cache
def _ontology_labels() -> dict[str, dict[str, str]]:
    """Every IRI's rdfs:label in the ontology, by language (pyoxigraph reads the file in about 2 ms)."""
    import pyoxigraph as ox

    from .resources import ontology_file

    labels: dict[str, dict[str, str]] = {}
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    for triple in ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value == label and isinstance(triple.object, ox.Literal) and triple.object.language:
            labels.setdefault(triple.subject.value, {}).setdefault(triple.object.language, triple.object.value)
    return labels


def vocab_label(iri: str, lang: Lang | str = DEFAULT_LANG) -> str | None:
    """The ontology's label of one of its terms in `lang`, first letter upper case (`Bekymring`), or None."""
    found = _ontology_labels().get(iri, {}).get(Lang(lang).value)
    return found[:1].upper() + found[1:] if found else None
