// The aggregated page's script (graph/view/aggregate.py inlines it into aggregate.html, after common.js and
// matrix.js): many memos drawn as stakeholders, units and memos, each link as heavy as the statements joining its
// ends and coloured by the status most of them have; choosing a memo draws its whole network from the compact
// arrays of the page's data. Every text from the data goes into the document through textContent, never as HTML.
(function () {
  "use strict";

  var started = performance.now();
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var common = window.hoeringsgrafCommon;
  var element = common.element;
  var field = common.field;
  var fill = common.fill;
  var words = data.words;
  var statuses = data.statuses;
  var kinds = data.kinds;
  var edgeKinds = data.edgeKinds;
  var aggregateLinks = data.aggregateLinks;
  var STATUS = Object.keys(statuses); // a statement's status code is an index of this
  var TYPE = Object.keys(data.types);
  var M = data.memos;
  var A = data.agents;
  var S = data.statements;
  var R = data.answers;
  var memoCount = M.id.length;
  var statementCount = S.status.length;

  // --- the data, unpacked ---------------------------------------------------------------------------------

  function many(value) { return value === -1 ? [] : typeof value === "number" ? [value] : value; }
  var by = S.by.map(many);
  var about = S.about.map(many);
  var themesOf = S.theme.map(many);
  var memoOf = new Int32Array(statementCount);
  var m, s;
  for (m = 0; m < memoCount; m++) for (s = M.first[m]; s < M.first[m + 1]; s++) memoOf[s] = m;
  var answersOf = [];
  for (s = 0; s < statementCount; s++) answersOf.push([]);
  var answerTo = R.to.map(many);
  answerTo.forEach(function (to, r) { to.forEach(function (statement) { answersOf[statement].push(r); }); });
  var noChange = new Set(R.noChange);
  var agentIndex = new Map();
  A.id.forEach(function (id, index) { agentIndex.set(id, index); });
  var memoIndex = new Map();
  M.id.forEach(function (id, index) { memoIndex.set(id, index); });
  var agentKind = A.kind.map(function (code) { return data.agentKinds[code]; });
  var raisers = new Set();
  var spoken = new Set();
  for (s = 0; s < statementCount; s++) {
    by[s].forEach(function (a) { raisers.add(a); });
    about[s].forEach(function (a) { spoken.add(a); });
  }

  function short(text, limit) { return text.length <= limit ? text : text.slice(0, limit - 1).trim() + "…"; }
  function memoName(m) { return M.title[m]; }
  function memoWhen(m) {
    if (M.start[m] && M.end[m]) return M.start[m] + " – " + M.end[m];
    return M.when[m] || "";
  }
  function statementName(s) {
    var label = S.label ? S.label[s] : "";
    return label || fill(words["aggregate.statement"], { number: s - M.first[memoOf[s]] + 1 });
  }
  function answerName(r) {
    var label = R.label ? R.label[r] : "";
    return label || fill(words[R.kind[r] ? "aggregate.recommendation" : "aggregate.remark"], { number: r - M.firstAnswer[memoOfAnswer(r)] + 1 });
  }
  function memoOfAnswer(r) {
    var low = 0;
    var high = memoCount - 1;
    while (low < high) { // the last memo whose first answer is at most r
      var middle = (low + high + 1) >> 1;
      if (M.firstAnswer[middle] <= r) low = middle; else high = middle - 1;
    }
    return low;
  }
  function emptyCounts() { var counts = {}; STATUS.forEach(function (key) { counts[key] = 0; }); return counts; }
  function dominant(counts) {
    var best = STATUS[0];
    STATUS.forEach(function (key) { if (counts[key] > counts[best]) best = key; });
    return best;
  }
  function total(counts) { var n = 0; STATUS.forEach(function (key) { n += counts[key]; }); return n; }

  // --- what the choices keep --------------------------------------------------------------------------------

  var state = { memo: -1, from: "", to: "", unit: -1, stakeholder: -1, theme: -1, status: "" };

  function statusMatches(code, wanted) {
    return wanted === "unresolved" ? STATUS[code] !== "resolved" : STATUS[code] === wanted;
  }

  function inPeriod(m) {
    var when = M.when[m];
    if (state.from && !(when && when >= state.from)) return false;
    if (state.to && !(when && when <= state.to)) return false;
    return true;
  }

  // The statements kept: of the memos in the period (or the one chosen), linked to the unit and the stakeholder
  // chosen (raised by it or about it), of the theme and status chosen.
  function keptStatements() {
    var found = [];
    for (var m = 0; m < memoCount; m++) {
      if ((state.memo >= 0 && m !== state.memo) || !inPeriod(m)) continue;
      for (var s = M.first[m]; s < M.first[m + 1]; s++) {
        if (state.status && !statusMatches(S.status[s], state.status)) continue;
        if (state.theme >= 0 && themesOf[s].indexOf(state.theme) < 0) continue;
        if (state.unit >= 0 && about[s].indexOf(state.unit) < 0 && by[s].indexOf(state.unit) < 0) continue;
        if (state.stakeholder >= 0 && by[s].indexOf(state.stakeholder) < 0 && about[s].indexOf(state.stakeholder) < 0) continue;
        found.push(s);
      }
    }
    return found;
  }

  // Each link of the aggregated graph with the statuses of the statements behind it, and each node's statements.
  function aggregate(statements) {
    var links = new Map();
    var memos = new Map();
    var raised = new Map();
    var spokenOf = new Map();
    function bump(map, key, status, extra) {
      var found = map.get(key);
      if (!found) { found = Object.assign({ counts: emptyCounts() }, extra); map.set(key, found); }
      found.counts[status] += 1;
    }
    statements.forEach(function (s) {
      var status = STATUS[S.status[s]];
      var m = memoOf[s];
      bump(memos, m, status);
      by[s].forEach(function (b) {
        bump(raised, b, status);
        bump(links, "m" + m + ">" + b, status, { kind: "responded", from: M.id[m], to: A.id[b] });
        about[s].forEach(function (u) {
          if (u !== b) bump(links, "a" + b + ">" + u, status, { kind: "said-about", from: A.id[b], to: A.id[u] });
        });
      });
      about[s].forEach(function (u) { bump(spokenOf, u, status); });
    });
    return { links: links, memos: memos, raised: raised, spokenOf: spokenOf, statements: statements };
  }

  // --- the aggregated network ----------------------------------------------------------------------------

  var container = document.getElementById("network");
  var everything = aggregate(Array.from({ length: statementCount }, function (_, index) { return index; }));
  var SHAPES = { ellipse: "dot", box: "dot" }; // a label inside a shape would make it as large as the label

  function nodeSize(n, kind) { return Math.round(kind === "memo" ? 4 + 0.8 * Math.sqrt(n) : 5 + 1.5 * Math.sqrt(n)); }
  function linkWidth(n) { return Math.min(9, 0.6 + 1.3 * Math.log2(1 + n)); }
  // a link's colour is the status most of its statements have; links between groups are fainter, so each group reads
  function linkColor(counts, kind, across) {
    var color = statuses[dominant(counts)].color;
    return { color: color, highlight: color, hover: color, opacity: (kind === "responded" ? 0.45 : 0.75) * (across ? 0.4 : 1) };
  }
  function groupOf(id) { return memoIndex.has(id) ? M.group[memoIndex.get(id)] : A.group[agentIndex.get(id)]; }

  var aggregateNodes = [];
  M.id.forEach(function (id, m) {
    aggregateNodes.push({
      id: id, memo: m, kind: "memo", label: short(M.title[m], 34), shape: kinds.memo.shape, color: kinds.memo.color,
      x: M.x[m], y: M.y[m], size: nodeSize(total(everything.memos.get(m).counts), "memo"), font: { size: 12, color: "#4a3d2f" },
    });
  });
  A.id.forEach(function (id, a) {
    var kind = agentKind[a];
    var n = (everything.raised.has(a) ? total(everything.raised.get(a).counts) : 0) + (everything.spokenOf.has(a) ? total(everything.spokenOf.get(a).counts) : 0);
    aggregateNodes.push({
      id: id, agent: a, kind: kind, label: short(A.name[a], 40), shape: SHAPES[kinds[kind].shape] || kinds[kind].shape, color: kinds[kind].color,
      x: A.x[a], y: A.y[a], size: nodeSize(n, kind), font: { size: 15, strokeWidth: 4, strokeColor: "#ffffff" },
    });
  });
  var aggregateEdges = [];
  everything.links.forEach(function (link, id) {
    var across = groupOf(link.from) !== groupOf(link.to);
    aggregateEdges.push({
      id: id, from: link.from, to: link.to, kind: link.kind, across: across, width: linkWidth(total(link.counts)), color: linkColor(link.counts, link.kind, across),
    });
  });
  var shownNodeIds = new Set(aggregateNodes.map(function (node) { return node.id; }));
  var nodes = new vis.DataSet(aggregateNodes.map(function (node) { return Object.assign({}, node, { hidden: false }); }));
  var edges = new vis.DataSet(aggregateEdges.map(function (edge) { return Object.assign({}, edge, { hidden: false }); }));
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  var lastNodes = new Map(aggregateNodes.map(function (node) { return [node.id, { hidden: false, size: node.size }]; }));
  var lastEdges = new Map(aggregateEdges.map(function (edge) { return [edge.id, { hidden: false, width: edge.width, color: edge.color.color }]; }));
  var current = null; // the aggregate of what is kept now

  function drawAggregate(result) {
    var nodeChanges = [];
    var shown = new Set();
    aggregateNodes.forEach(function (node) {
      var n = 0;
      if (node.kind === "memo") {
        if (result.memos.has(node.memo)) n = total(result.memos.get(node.memo).counts);
      } else {
        if (result.raised.has(node.agent)) n += total(result.raised.get(node.agent).counts);
        if (result.spokenOf.has(node.agent)) n += total(result.spokenOf.get(node.agent).counts);
      }
      var chosen = node.agent !== undefined && (node.agent === state.unit || node.agent === state.stakeholder);
      var hidden = !n && !chosen;
      if (!hidden) shown.add(node.id);
      var size = nodeSize(n, node.kind);
      var last = lastNodes.get(node.id);
      if (last.hidden !== hidden || (!hidden && last.size !== size)) {
        nodeChanges.push({ id: node.id, hidden: hidden, size: size });
        lastNodes.set(node.id, { hidden: hidden, size: size });
      }
    });
    var edgeChanges = [];
    aggregateEdges.forEach(function (edge) {
      var link = result.links.get(edge.id);
      var last = lastEdges.get(edge.id);
      if (!link) {
        if (!last.hidden) { edgeChanges.push({ id: edge.id, hidden: true }); lastEdges.set(edge.id, { hidden: true }); }
        return;
      }
      var width = linkWidth(total(link.counts));
      var color = linkColor(link.counts, link.kind, edge.across);
      if (last.hidden || last.width !== width || last.color !== color.color) {
        edgeChanges.push({ id: edge.id, hidden: false, width: width, color: color });
        lastEdges.set(edge.id, { hidden: false, width: width, color: color.color });
      }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    shownNodeIds = shown;
  }

  // --- one memo's network, drawn from the compact arrays ----------------------------------------------------

  var drillContainer = document.getElementById("drill");
  var drill = null; // {memo, graph (common.memoGraph), network, nodes, edges, data}

  function memoNetwork(m) {
    var nodeList = [];
    var edgeList = [];
    var agents = new Map(); // agent index -> node
    var raisedHere = new Set();
    var first = M.first[m];
    var end = M.first[m + 1];
    for (var s = first; s < end; s++) by[s].forEach(function (b) { raisedHere.add(b); });
    function agent(a, role) {
      var node = agents.get(a);
      if (!node) {
        var kind = raisedHere.has(a) ? "stakeholder" : agentKind[a] === "stakeholder" ? "unit" : agentKind[a];
        node = { id: A.id[a], agent: a, kind: kind, name: A.name[a], roles: [] };
        agents.set(a, node);
        nodeList.push(node);
      }
      if (node.roles.indexOf(role) < 0) node.roles.push(role);
      return node;
    }
    var themes = new Map();
    for (s = first; s < end; s++) {
      var id = "s" + s;
      nodeList.push({
        id: id, statement: s, kind: "statement", status: STATUS[S.status[s]], type: S.type[s] >= 0 ? TYPE[S.type[s]] : null,
        name: statementName(s), quotes: S.quotes ? S.quotes[s] : [],
      });
      by[s].forEach(function (b) { edgeList.push({ from: id, to: agent(b, "stakeholder").id, kind: "raised-by" }); });
      about[s].forEach(function (u) { edgeList.push({ from: id, to: agent(u, "unit").id, kind: "about" }); });
      themesOf[s].forEach(function (t) {
        if (!themes.has(t)) {
          themes.set(t, true);
          nodeList.push({ id: "t" + t, kind: "theme", name: data.themes.name[t], roles: [] });
        }
        edgeList.push({ from: id, to: "t" + t, kind: "theme" });
      });
    }
    for (var r = M.firstAnswer[m]; r < M.firstAnswer[m + 1]; r++) {
      var kind = R.kind[r] ? "recommendation" : "remark";
      nodeList.push({ id: "r" + r, answer: r, kind: kind, name: answerName(r), quotes: R.quotes ? R.quotes[r] : [], decision: noChange.has(r) });
      answerTo[r].forEach(function (statement) {
        edgeList.push({ from: "r" + r, to: "s" + statement, kind: kind === "remark" ? "responds-to" : "addresses" });
      });
    }
    edgeList.forEach(function (edge, index) { edge.id = "d" + index; });
    return { nodes: nodeList, edges: edgeList };
  }

  // Where a memo's nodes start before the physics settles them: stakeholders on a wide ring, units on a narrow one,
  // each statement between who raised it and what it is about, each answer beside what it answers. The same every time.
  function startingPositions(drawn) {
    var at = new Map();
    var stakeholders = drawn.nodes.filter(function (node) { return node.kind === "stakeholder"; });
    var places = drawn.nodes.filter(function (node) { return node.agent !== undefined && node.kind !== "stakeholder"; });
    function ring(list, radius, turn) {
      list.forEach(function (node, index) {
        var angle = turn + (2 * Math.PI * index) / Math.max(1, list.length);
        at.set(node.id, { x: radius * Math.cos(angle), y: radius * Math.sin(angle) });
      });
    }
    var size = Math.sqrt(drawn.nodes.length);
    ring(stakeholders, 95 * size, 0);
    ring(places, 40 * size, 0.3);
    var linkedTo = new Map();
    drawn.edges.forEach(function (edge) {
      if (!linkedTo.has(edge.from)) linkedTo.set(edge.from, []);
      if (!linkedTo.has(edge.to)) linkedTo.set(edge.to, []);
      linkedTo.get(edge.from).push(edge.to);
      linkedTo.get(edge.to).push(edge.from);
    });
    function centre(id, salt) {
      var near = (linkedTo.get(id) || []).map(function (other) { return at.get(other); }).filter(Boolean);
      var x = 0;
      var y = 0;
      near.forEach(function (point) { x += point.x; y += point.y; });
      var angle = salt * 2.39996; // the golden angle: neighbours spread evenly
      var spread = 30 + (salt % 7) * 6;
      if (near.length) { x /= near.length; y /= near.length; }
      return { x: x + spread * Math.cos(angle), y: y + spread * Math.sin(angle) };
    }
    ["statement", "theme", "remark", "recommendation"].forEach(function (kind) {
      drawn.nodes.forEach(function (node, index) { if (node.kind === kind && !at.has(node.id)) at.set(node.id, centre(node.id, index)); });
    });
    return at;
  }

  var SAID = { statement: true, remark: true, recommendation: true };

  function visNode(node, degree, at) {
    var kind = node.kind;
    var font;
    if (SAID[kind]) font = { size: 10, color: "#3a3a3a" };
    else if (kind === "theme" || kind === "subject") font = { size: Math.round(14 + 2 * Math.sqrt(degree)), color: "#ffffff" };
    else font = { size: 18, strokeWidth: 4, strokeColor: "#ffffff" };
    return {
      id: node.id, label: short(node.name, SAID[kind] ? 40 : 60), shape: kinds[kind].shape,
      color: kind === "statement" ? statuses[node.status].color : kinds[kind].color,
      size: Math.round(9 + 4.5 * Math.sqrt(degree)), font: font, x: at.x, y: at.y, hidden: false,
    };
  }

  function openMemo(m) {
    closeMemo();
    var drawn = memoNetwork(m);
    var graph = common.memoGraph(drawn.nodes, drawn.edges, statuses);
    var at = startingPositions(drawn);
    var nodeSet = new vis.DataSet(drawn.nodes.map(function (node) {
      var own = graph.links.get(node.id);
      return visNode(node, own.out.length + own.in.length, at.get(node.id));
    }));
    var edgeSet = new vis.DataSet(drawn.edges.map(function (edge) {
      var style = edgeKinds[edge.kind];
      return { id: edge.id, from: edge.from, to: edge.to, kind: edge.kind, color: style.color, width: style.width, dashes: style.dashes, hidden: false };
    }));
    drillContainer.hidden = false;
    container.hidden = true;
    var options = {
      autoResize: true,
      layout: { improvedLayout: false },
      physics: {
        enabled: false, solver: "barnesHut",
        barnesHut: { gravitationalConstant: -6000, centralGravity: 0.2, springLength: 150, springConstant: 0.03, avoidOverlap: 0.3 },
        stabilization: { enabled: false, fit: false }, minVelocity: 1,
      },
      interaction: { hover: true, tooltipDelay: 150 },
      nodes: { font: { face: "system-ui, sans-serif", color: "#1d1d1d" }, borderWidth: 1, scaling: { label: { drawThreshold: 8 } } },
      edges: { smooth: false, arrows: { to: { enabled: true, scaleFactor: 0.6 } }, color: { inherit: false, opacity: 0.8 }, selectionWidth: 2 },
    };
    var made = new vis.Network(drillContainer, { nodes: nodeSet, edges: edgeSet }, options);
    drill = { memo: m, graph: graph, network: made, nodes: nodeSet, edges: edgeSet, data: drawn, shown: new Set(graph.nodeById.keys()) };
    made.on("hoverNode", function (params) { showTooltip(describeDrillNode(params.node), params.pointer.DOM, drillContainer); });
    made.on("blurNode", hideTooltip);
    made.on("dragStart", hideTooltip);
    made.on("zoom", hideTooltip);
    made.on("click", function (params) { if (params.nodes.length) showDetails(describeDrillNode(params.nodes[0])); });
    document.getElementById("drill-bar").hidden = false;
    document.getElementById("drill-title").textContent = memoName(m) + (memoWhen(m) ? " (" + memoWhen(m) + ")" : "");
    api.network = made;
  }

  function closeMemo() {
    if (!drill) return;
    drill.network.destroy();
    drill = null;
    drillContainer.hidden = true;
    container.hidden = false;
    document.getElementById("drill-bar").hidden = true;
    api.network = network;
  }

  // Show what the choices keep of the memo's network, then let the physics settle it among the nodes shown.
  function drawDrill(done) {
    var chosen = {
      unit: state.unit >= 0 ? A.id[state.unit] : "",
      stakeholder: state.stakeholder >= 0 ? A.id[state.stakeholder] : "",
      theme: state.theme >= 0 ? "t" + state.theme : "",
      status: state.status,
    };
    var shown = drill.graph.visibleNodes(chosen);
    drill.shown = shown;
    var nodeChanges = [];
    drill.data.nodes.forEach(function (node) { nodeChanges.push({ id: node.id, hidden: !shown.has(node.id), physics: shown.has(node.id) }); });
    drill.nodes.update(nodeChanges);
    drill.edges.update(drill.data.edges.map(function (edge) {
      var hidden = !(shown.has(edge.from) && shown.has(edge.to));
      return { id: edge.id, hidden: hidden, physics: !hidden };
    }));
    var made = drill.network;
    if (shown.size < 2) { // nothing to settle
      made.once("afterDrawing", done);
      if (shown.size) made.fit({ nodes: Array.from(shown), animation: false });
      made.redraw();
      return drill.graph.matrixItems(drill.graph.visibleNodes(chosen));
    }
    made.once("stabilizationIterationsDone", function () {
      made.setOptions({ physics: { enabled: false } });
      var ids = Array.from(shown);
      if (ids.length) made.fit({ nodes: ids, animation: false });
      done();
    });
    made.setOptions({ physics: { enabled: true } });
    made.stabilize(data.physics ? data.physics.iterations : 150);
    return drill.graph.matrixItems(drill.graph.visibleNodes(chosen));
  }

  // --- text for the panels ----------------------------------------------------------------------------------

  function names(list, limit) {
    var all = list.map(function (a) { return A.name[a]; });
    if (limit && all.length > limit) return all.slice(0, limit).join("; ") + "; " + fill(words["more"], { count: all.length });
    return all.join("; ");
  }

  function chipFor(status) { return common.chip(statuses[status].label, statuses[status].color); }

  function countsLine(label, counts) {
    var row = element("div", "field bar-field");
    row.appendChild(element("b", null, label + ": "));
    row.appendChild(common.statusBar(counts, statuses));
    row.appendChild(document.createTextNode(" " + common.countText(counts, statuses)));
    return row;
  }

  function describeStatement(s, withMemo) {
    var box = element("div", "describe");
    box.appendChild(element("div", "name", statementName(s)));
    var type = S.type[s] >= 0 ? " (" + data.types[TYPE[S.type[s]]].toLocaleLowerCase() + ")" : "";
    var kind = element("div", "kind", kinds.statement.label + type);
    kind.appendChild(chipFor(STATUS[S.status[s]]));
    box.appendChild(kind);
    common.quotes(box, S.quotes ? S.quotes[s] : []);
    if (withMemo) box.appendChild(field(words["field.memo"], memoName(memoOf[s]) + (memoWhen(memoOf[s]) ? " (" + memoWhen(memoOf[s]) + ")" : "")));
    box.appendChild(field(words["field.raisedBy"], names(by[s]) || words["field.nobody"]));
    if (about[s].length) box.appendChild(field(words["field.about"], names(about[s], 6)));
    if (themesOf[s].length) box.appendChild(field(words["field.theme"], themesOf[s].map(function (t) { return data.themes.name[t]; }).join("; ")));
    answersOf[s].forEach(function (r) {
      var answer = element("div", "answer");
      answer.appendChild(field(words[R.kind[r] ? "field.recommendation" : "field.remark"], answerName(r)));
      if (noChange.has(r)) answer.appendChild(field(words["field.decision"], words["decision.noChange"]));
      common.quotes(answer, R.quotes ? R.quotes[r] : []);
      box.appendChild(answer);
    });
    if (!answersOf[s].length) box.appendChild(field(words["field.answer"], words["field.noAnswer"]));
    return box;
  }

  function describeDrillNode(id) {
    var node = drill.graph.nodeById.get(id);
    if (node.kind === "statement") return describeStatement(node.statement, false);
    var box = element("div", "describe");
    box.appendChild(element("div", "name", node.name));
    box.appendChild(element("div", "kind", kinds[node.kind].label));
    var linked = drill.graph.linked;
    function statementCounts(ids) {
      var counts = emptyCounts();
      ids.forEach(function (other) { var found = drill.graph.nodeById.get(other); if (found.kind === "statement") counts[found.status] += 1; });
      return counts;
    }
    if (node.kind === "remark" || node.kind === "recommendation") {
      common.quotes(box, node.quotes);
      if (node.decision) box.appendChild(field(words["field.decision"], words["decision.noChange"]));
      var answered = linked(id, node.kind === "remark" ? "responds-to" : "addresses", "out");
      box.appendChild(countsLine(words[node.kind === "remark" ? "field.respondsTo" : "field.addresses"], statementCounts(answered)));
    } else if (node.kind === "theme") {
      box.appendChild(countsLine(words["field.statements"], statementCounts(linked(id, "theme", "in"))));
    } else {
      var made = linked(id, "raised-by", "in");
      if (made.length) box.appendChild(countsLine(words["field.statementsMade"], statementCounts(made)));
      var spokenOf = linked(id, "about", "in");
      if (spokenOf.length) box.appendChild(countsLine(words["field.statementsAbout"], statementCounts(spokenOf)));
      box.appendChild(element("div", "iri", node.id));
    }
    return box;
  }

  function describeAggregateNode(id, full) {
    var node = nodes.get(id);
    var box = element("div", "describe");
    box.appendChild(element("div", "name", node.kind === "memo" ? M.title[node.memo] : A.name[node.agent]));
    box.appendChild(element("div", "kind", kinds[node.kind].label));
    if (node.kind === "memo") {
      if (memoWhen(node.memo)) box.appendChild(field(words["field.period"], memoWhen(node.memo)));
      box.appendChild(countsLine(words["field.statements"], current.memos.has(node.memo) ? current.memos.get(node.memo).counts : emptyCounts()));
      if (full) {
        var open = element("button", null, words["aggregate.drill"]);
        open.type = "button";
        open.addEventListener("click", function () { set({ memo: node.memo }); });
        box.appendChild(open);
      }
    } else {
      if (current.raised.has(node.agent)) box.appendChild(countsLine(words["field.statementsMade"], current.raised.get(node.agent).counts));
      if (current.spokenOf.has(node.agent)) box.appendChild(countsLine(words["field.statementsAbout"], current.spokenOf.get(node.agent).counts));
      if (full) {
        if (spoken.has(node.agent)) box.appendChild(filterButton(words["aggregate.chooseUnit"], { unit: node.agent }));
        if (raisers.has(node.agent)) box.appendChild(filterButton(words["aggregate.chooseStakeholder"], { stakeholder: node.agent }));
        box.appendChild(element("div", "iri", node.id));
      }
    }
    return box;
  }

  function filterButton(label, changes) {
    var button = element("button", null, label);
    button.type = "button";
    button.addEventListener("click", function () { set(changes); });
    return button;
  }

  function describeAggregateEdge(id) {
    var link = current.links.get(id);
    var box = element("div", "describe");
    var from = nodes.get(link.from);
    var to = nodes.get(link.to);
    box.appendChild(element("div", "name", (from.memo !== undefined ? M.title[from.memo] : A.name[from.agent]) + " → " + A.name[to.agent]));
    box.appendChild(element("div", "kind", words["link.prefix"] + ": " + aggregateLinks[link.kind].label + " (" + aggregateLinks[link.kind].help + ")"));
    box.appendChild(countsLine(words["field.statements"], link.counts));
    return box;
  }

  // --- the matrix ---------------------------------------------------------------------------------------------

  var LISTED = 60; // statements listed at most when a cell is clicked in the aggregated graph
  var table = window.hoeringsgrafMatrix(document.getElementById("matrix"), document.getElementById("matrix-legend"), {
    statuses: statuses,
    words: words,
    maxRows: data.matrixMax.rows,
    maxCols: data.matrixMax.cols,
    name: function (id) { return agentIndex.has(id) ? A.name[agentIndex.get(id)] : id; },
    onCell: function (row, col, ids, counts) {
      var box = element("div", "describe");
      box.appendChild(element("div", "name", fill(words["matrix.cell"], { row: table.name(row), col: table.name(col) })));
      box.appendChild(countsLine(words["field.statements"], counts));
      var statements = ids.map(function (id) { return typeof id === "number" ? id : Number(id.slice(1)); });
      statements.slice(0, LISTED).forEach(function (s) {
        var item = describeStatement(s, !drill);
        item.classList.add("listed");
        box.appendChild(item);
      });
      if (statements.length > LISTED) box.appendChild(element("p", "hint", fill(words["aggregate.listed"], { shown: LISTED, count: statements.length })));
      showDetails(box);
      if (drill) drill.network.selectNodes(ids.filter(function (id) { return drill.shown.has(id); }));
    },
    onRow: function (id) { set({ stakeholder: agentIndex.get(id) }); },
    onCol: function (id) { set({ unit: agentIndex.get(id) }); },
  });

  function aggregateItems(statements) {
    return statements.map(function (s) {
      return {
        id: s,
        rows: by[s].map(function (a) { return A.id[a]; }),
        cols: about[s].map(function (a) { return A.id[a]; }),
        status: STATUS[S.status[s]],
      };
    });
  }

  // --- the overview: the units, stakeholders and memos with most statements kept ---------------------------

  var overview = document.getElementById("overview-body");
  var TOP = 8;

  function topTable(title, entries, choose) {
    var section = element("div", "top");
    section.appendChild(element("h3", null, title));
    var list = element("table", "top-table");
    entries.slice(0, TOP).forEach(function (entry) {
      var row = element("tr");
      var name = element("td", "top-name");
      var button = element("button", null, entry.name);
      button.type = "button";
      button.title = entry.name;
      button.addEventListener("click", function () { choose(entry.key); });
      name.appendChild(button);
      row.appendChild(name);
      var bar = element("td");
      bar.appendChild(common.statusBar(entry.counts, statuses));
      bar.title = common.countText(entry.counts, statuses);
      row.appendChild(bar);
      row.appendChild(element("td", "top-count", String(total(entry.counts))));
      list.appendChild(row);
    });
    if (!entries.length) section.appendChild(element("p", "hint", words["matrix.empty"]));
    section.appendChild(list);
    return section;
  }

  function ranked(map, name) {
    var entries = [];
    map.forEach(function (value, key) { entries.push({ key: key, name: name(key), counts: value.counts }); });
    entries.sort(function (a, b) { return total(b.counts) - total(a.counts) || a.name.localeCompare(b.name, "da"); });
    return entries;
  }

  function showOverview(result) {
    overview.replaceChildren();
    if (drill) {
      var m = drill.memo;
      var box = element("div", "describe");
      box.appendChild(element("div", "name", memoName(m)));
      if (memoWhen(m)) box.appendChild(field(words["field.period"], memoWhen(m)));
      box.appendChild(countsLine(words["field.statements"], result.memos.has(m) ? result.memos.get(m).counts : emptyCounts()));
      overview.appendChild(box);
    } else {
      overview.appendChild(element("p", "hint", fill(words["aggregate.overview.memos"], { memos: result.memos.size })));
      overview.appendChild(topTable(words["aggregate.top.units"], ranked(result.spokenOf, function (a) { return A.name[a]; }), function (a) { set({ unit: a }); }));
      overview.appendChild(topTable(words["aggregate.top.stakeholders"], ranked(result.raised, function (a) { return A.name[a]; }), function (a) { set({ stakeholder: a }); }));
      overview.appendChild(topTable(words["aggregate.top.memos"], ranked(result.memos, function (m) { return M.title[m]; }), function (m) { set({ memo: m }); }));
    }
  }

  // --- applying the choices ---------------------------------------------------------------------------------

  var api = {
    network: network,
    settled: null,
    arrangements: 0, // how many times the page has drawn what the choices keep (tests wait on it)
    timings: { started: started, network: performance.now() },
    state: state,
    mode: function () { return drill ? "memo" : "aggregate"; },
    // the choices by IRI (memo, unit, stakeholder), as a date (from, to), a theme's index or a status
    set: function (changes) {
      var found = {};
      Object.keys(changes).forEach(function (key) {
        var value = changes[key];
        if (key === "memo") found.memo = value === "" || value === null ? -1 : memoIndex.get(value);
        else if (key === "unit" || key === "stakeholder") found[key] = value === "" || value === null ? -1 : agentIndex.get(value);
        else found[key] = value;
      });
      set(found);
    },
    drawn: function () {
      var shown = api.network;
      return { nodes: shown.body.nodeIndices.slice().sort(), edges: shown.body.edgeIndices.slice().sort() };
    },
    // the aggregated links drawn now, each with how many statements of each status are behind it
    links: function () {
      var found = [];
      current.links.forEach(function (link) { found.push({ from: link.from, to: link.to, kind: link.kind, statuses: link.counts }); });
      return found;
    },
    memosShown: function () {
      var found = [];
      current.memos.forEach(function (_, m) { found.push(M.id[m]); });
      return found.sort();
    },
    // the memo's network drawn now: each node with its kind, and a statement's status and links
    memoNodes: function () {
      if (!drill) return [];
      return Array.from(drill.shown).map(function (id) {
        var node = drill.graph.nodeById.get(id);
        return { id: id, kind: node.kind, status: node.status || null };
      });
    },
    matrixCells: function () { return table.cells(); },
  };
  window.hoeringsgraf = api;

  var controls = {
    memo: document.getElementById("memo"),
    from: document.getElementById("from"),
    to: document.getElementById("to"),
    unit: document.getElementById("unit"),
    stakeholder: document.getElementById("stakeholder"),
    theme: document.getElementById("theme"),
    status: document.getElementById("status"),
  };

  function set(changes) {
    Object.assign(state, changes);
    if (state.memo >= 0 && !inPeriod(state.memo)) state.memo = -1; // a period that leaves the memo out closes it
    if ("memo" in changes) state.theme = -1; // themes are a memo's own
    apply();
  }

  var applying = false;
  var again = false;

  function finished() {
    applying = false;
    if (again) { again = false; apply(); return; }
    api.arrangements += 1;
    if (api.settled === null) {
      api.settled = api.timings.settled = performance.now();
      document.documentElement.setAttribute("data-settled", "true");
    }
  }

  function apply() {
    if (applying) { again = true; return; }
    applying = true;
    syncControls();
    var result = aggregate(keptStatements());
    current = result;
    hideTooltip();
    if (state.memo >= 0) {
      if (!drill || drill.memo !== state.memo) openMemo(state.memo);
    } else {
      closeMemo();
    }
    showCount(result);
    showOverview(result);
    showLegend();
    if (state.memo >= 0) {
      table.update(drawDrill(finished), { row: state.stakeholder >= 0 ? A.id[state.stakeholder] : "", col: state.unit >= 0 ? A.id[state.unit] : "" });
      return;
    }
    table.update(aggregateItems(result.statements), { row: state.stakeholder >= 0 ? A.id[state.stakeholder] : "", col: state.unit >= 0 ? A.id[state.unit] : "" });
    drawAggregate(result);
    var ids = Array.from(shownNodeIds);
    network.setSize("100%", "100%"); // the matrix beside it may have changed its width: fit to the width it has now
    network.once("afterDrawing", finished);
    if (ids.length) network.fit({ nodes: ids, animation: false });
    network.redraw();
  }

  function showCount(result) {
    var text = fill(words["aggregate.count"], {
      memos: result.memos.size, allMemos: memoCount, statements: result.statements.length, allStatements: statementCount, links: result.links.size,
    });
    document.getElementById("count").textContent = text;
  }

  function option(select, label, value) { select.appendChild(new Option(label, String(value))); }

  function fillMemos() {
    var chosen = controls.memo.value;
    controls.memo.replaceChildren(new Option(words["control.memo.all"], ""));
    for (var m = 0; m < memoCount; m++) if (inPeriod(m)) option(controls.memo, (M.when[m] ? M.when[m] + " · " : "") + short(M.title[m], 80), m);
    controls.memo.value = chosen;
  }

  function fillAgents(select, wanted) {
    var list = [];
    A.id.forEach(function (_, a) { if (wanted.has(a)) list.push(a); });
    list.sort(function (a, b) { return A.name[a].localeCompare(A.name[b], "da") || (A.id[a] < A.id[b] ? -1 : 1); });
    list.forEach(function (a) { option(select, A.name[a], a); });
  }
  fillAgents(controls.unit, spoken);
  fillAgents(controls.stakeholder, raisers);

  function fillThemes() {
    controls.theme.replaceChildren(new Option(words["control.theme.all"], ""));
    controls.theme.disabled = state.memo < 0;
    if (state.memo < 0) return;
    data.themes.memo.forEach(function (memo, t) { if (memo === state.memo) option(controls.theme, data.themes.name[t], t); });
  }

  var whens = M.when.filter(Boolean).sort();
  if (whens.length) {
    ["from", "to"].forEach(function (key) { controls[key].min = whens[0]; controls[key].max = whens[whens.length - 1]; });
  }

  var filledFor = null;
  function syncControls() {
    var period = state.from + "|" + state.to;
    if (filledFor !== period) { fillMemos(); filledFor = period; }
    fillThemes();
    controls.memo.value = state.memo >= 0 ? String(state.memo) : "";
    controls.from.value = state.from;
    controls.to.value = state.to;
    controls.unit.value = state.unit >= 0 ? String(state.unit) : "";
    controls.stakeholder.value = state.stakeholder >= 0 ? String(state.stakeholder) : "";
    controls.theme.value = state.theme >= 0 ? String(state.theme) : "";
    controls.status.value = state.status;
  }

  Object.keys(controls).forEach(function (key) {
    controls[key].addEventListener("change", function () {
      var value = controls[key].value;
      var change = {};
      if (key === "from" || key === "to" || key === "status") change[key] = value;
      else change[key] = value === "" ? -1 : Number(value);
      set(change);
    });
  });
  document.getElementById("back").addEventListener("click", function () { set({ memo: -1 }); });
  document.getElementById("reset").addEventListener("click", function (event) {
    event.preventDefault();
    showDetails(null);
    set({ memo: -1, from: "", to: "", unit: -1, stakeholder: -1, theme: -1, status: "" });
  });
  var panes = document.getElementById("panes");
  document.getElementById("layout").addEventListener("change", function (event) {
    panes.className = event.target.value;
    api.network.redraw();
  });

  // --- legend, tooltip, details -------------------------------------------------------------------------

  var legendFor = null;
  function showLegend() {
    var mode = drill ? "memo" : "aggregate";
    if (legendFor === mode) return;
    legendFor = mode;
    var kindsBox = document.getElementById("legend-kinds");
    var linksBox = document.getElementById("legend-links");
    var statusBox = document.getElementById("legend-statuses");
    kindsBox.replaceChildren();
    linksBox.replaceChildren();
    statusBox.replaceChildren();
    var present = new Set();
    if (drill) drill.data.nodes.forEach(function (node) { present.add(node.kind); });
    else { present.add("memo"); agentKind.forEach(function (kind) { present.add(kind); }); }
    Object.keys(kinds).forEach(function (key) {
      if (!present.has(key)) return;
      var shape = drill ? kinds[key].shape : SHAPES[kinds[key].shape] || kinds[key].shape;
      common.legendRow(kindsBox, kinds[key].label, kinds[key].help, common.icon(shape, kinds[key].color));
    });
    STATUS.forEach(function (key) {
      common.legendRow(statusBox, statuses[key].label, statuses[key].help, common.icon(drill ? "dot" : "line", statuses[key].color));
    });
    var linkKinds = drill ? edgeKinds : aggregateLinks;
    Object.keys(linkKinds).forEach(function (key) {
      if (drill && !drill.data.edges.some(function (edge) { return edge.kind === key; })) return;
      common.legendRow(linksBox, linkKinds[key].label, linkKinds[key].help, common.icon("line", drill ? linkKinds[key].color : "#8a8f96", linkKinds[key].dashes));
    });
    document.getElementById("legend").querySelector(".hint").textContent = words[drill ? "aggregate.legend.memo" : "aggregate.legend.hint"];
  }

  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details-body");
  var detailsHint = details.firstElementChild;

  function showTooltip(content, pointer, frame) { common.placeTooltip(tooltip, content, frame.getBoundingClientRect(), pointer); }
  function hideTooltip() { tooltip.hidden = true; }
  function showDetails(content) { details.replaceChildren(content || detailsHint); }

  network.on("hoverNode", function (params) { showTooltip(describeAggregateNode(params.node, false), params.pointer.DOM, container); });
  network.on("hoverEdge", function (params) { showTooltip(describeAggregateEdge(params.edge), params.pointer.DOM, container); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  network.on("click", function (params) {
    if (params.nodes.length) showDetails(describeAggregateNode(params.nodes[0], true));
    else if (params.edges.length) showDetails(describeAggregateEdge(params.edges[0]));
  });
  network.on("doubleClick", function (params) {
    if (!params.nodes.length) return;
    var node = nodes.get(params.nodes[0]);
    if (node.memo !== undefined) set({ memo: node.memo });
  });

  var texts = data.texts;
  if (texts.label_chars !== null || !texts.quotes) {
    var notice = document.getElementById("texts-notice");
    var key = texts.label_chars === 0 ? "aggregate.texts.none" : texts.label_chars ? "aggregate.texts.short" : "aggregate.texts.noQuotes";
    notice.textContent = fill(words[key], { chars: texts.label_chars });
    notice.hidden = false;
  }

  apply();
})();
