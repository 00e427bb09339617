// The network view's page script (graph/view/page.py inlines it into network.html, after common.js and
// matrix.js). Every text from the data goes into the document through textContent, never as HTML.
// The rules for what is shown are the same as graph/view/page.py's visible_nodes() (common.js's memoGraph).
(function () {
  "use strict";

  var started = performance.now();
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var common = window.hoeringsgrafCommon;
  var element = common.element;
  var field = common.field;
  var quotes = common.quotes;
  var kinds = data.kinds;
  var statuses = data.statuses;
  var edgeKinds = data.edgeKinds;
  var words = data.words;

  var graph = common.memoGraph(data.nodes, data.edges, statuses);
  var nodeById = graph.nodeById;
  var links = graph.links;
  var linked = graph.linked;
  var edgeById = new Map();
  data.edges.forEach(function (edge) { edgeById.set(edge.id, edge); });

  function visibleNodes(state) { return graph.visibleNodes(state); }

  function edgeShown(edge, shown, state) {
    return shown.has(edge.from) && shown.has(edge.to) && !state.hiddenEdgeKinds.has(edge.kind);
  }

  var known = function (id) { return id && nodeById.has(id) ? id : ""; };
  var state = {
    unit: known(data.initial.unit),
    stakeholder: known(data.initial.stakeholder),
    theme: known(data.initial.theme),
    status: data.initial.status || "",
    hiddenKinds: new Set(),
    hiddenEdgeKinds: new Set(),
  };

  // --- building text ------------------------------------------------------------------------------------

  function names(ids, limit) {
    var all = ids.map(function (id) { return nodeById.get(id).name; });
    if (limit && all.length > limit) return all.slice(0, limit).join("; ") + "; " + common.fill(words["more"], { count: all.length });
    return all.join("; ");
  }

  function statusChip(status) { return common.chip(statuses[status].label, statuses[status].color); }

  function countByStatus(ids) {
    var counted = {};
    ids.forEach(function (id) { var status = nodeById.get(id).status; if (status in statuses) counted[status] = (counted[status] || 0) + 1; });
    return common.countText(counted, statuses);
  }

  function describeNode(id, full) {
    var node = nodeById.get(id);
    var box = element("div", "describe");
    var limit = full ? 0 : 6;
    box.appendChild(element("div", "name", node.name));
    var kind = element("div", "kind", kinds[node.kind].label + (node.type ? " (" + data.types[node.type].toLocaleLowerCase() + ")" : ""));
    if (node.status) kind.appendChild(statusChip(node.status));
    box.appendChild(kind);
    if (node.kind === "statement") {
      quotes(box, node.quotes);
      box.appendChild(field(words["field.raisedBy"], names(linked(id, "raised-by", "out")) || words["field.nobody"]));
      box.appendChild(field(words["field.status"], statuses[node.status].label + ": " + statuses[node.status].help));
      var about = linked(id, "about", "out");
      if (about.length) box.appendChild(field(words["field.about"], names(about, limit)));
      var themes = linked(id, "theme", "out");
      if (themes.length) box.appendChild(field(words["field.theme"], names(themes)));
      var remarks = linked(id, "responds-to", "in");
      var recommendations = linked(id, "addresses", "in");
      remarks.forEach(function (remark) {
        var answer = element("div", "answer");
        answer.appendChild(field(words["field.remark"], nodeById.get(remark).name));
        quotes(answer, nodeById.get(remark).quotes);
        box.appendChild(answer);
      });
      recommendations.forEach(function (recommendation) {
        var answer = element("div", "answer");
        answer.appendChild(field(words["field.recommendation"], nodeById.get(recommendation).name));
        quotes(answer, nodeById.get(recommendation).quotes);
        box.appendChild(answer);
      });
      if (!remarks.length && !recommendations.length) box.appendChild(field(words["field.answer"], words["field.noAnswer"]));
    } else if (node.kind === "remark" || node.kind === "recommendation") {
      quotes(box, node.quotes);
      if (node.decision) box.appendChild(field(words["field.decision"], words["decision.noChange"]));
      var answered = linked(id, node.kind === "remark" ? "responds-to" : "addresses", "out");
      box.appendChild(field(words[node.kind === "remark" ? "field.respondsTo" : "field.addresses"], names(answered, limit) || words["field.nothing"]));
      var subjects = linked(id, "about", "out");
      if (subjects.length) box.appendChild(field(words["field.about"], names(subjects, limit)));
    } else if (node.kind === "theme") {
      box.appendChild(field(words["field.statements"], countByStatus(linked(id, "theme", "in"))));
      quotes(box, node.quotes);
    } else if (node.kind === "subject") {
      box.appendChild(field(words["field.statements"], countByStatus(linked(id, "about", "in").filter(function (other) {
        return nodeById.get(other).kind === "statement";
      }))));
      quotes(box, node.quotes);
    } else {
      var parents = linked(id, "part-of", "out");
      if (parents.length) box.appendChild(field(words["field.partOf"], names(parents)));
      var parts = linked(id, "part-of", "in");
      if (parts.length) box.appendChild(field(words["field.has"], names(parts, limit)));
      var raised = linked(id, "raised-by", "in");
      if (raised.length) box.appendChild(field(words["field.statementsMade"], countByStatus(raised)));
      var spokenOf = linked(id, "about", "in").filter(function (other) { return nodeById.get(other).kind === "statement"; });
      if (spokenOf.length) box.appendChild(field(words["field.statementsAbout"], countByStatus(spokenOf)));
      links.get(id).out.filter(function (edge) { return edge.kind === "moves"; }).forEach(function (edge) {
        box.appendChild(field(words["field.movesTo"], nodeById.get(edge.to).name));
      });
    }
    if (full) {
      (node.notes || []).forEach(function (note) { box.appendChild(element("div", "note", words["field.note"] + ": " + note)); });
      box.appendChild(element("div", "iri", node.id));
      var role = focusRole(node);
      if (role) {
        var button = element("button", null, words["button.focus"]);
        button.type = "button";
        button.addEventListener("click", function () { focusOn(node); });
        box.appendChild(button);
      }
    }
    return box;
  }

  function describeEdge(id) {
    var edge = edgeById.get(id);
    var box = element("div", "describe");
    box.appendChild(element("div", "name", nodeById.get(edge.from).name + " → " + nodeById.get(edge.to).name));
    box.appendChild(element("div", "kind", words["link.prefix"] + ": " + edgeKinds[edge.kind].label + " (" + edgeKinds[edge.kind].help + ")"));
    if (edge.kind === "moves") {
      box.appendChild(field(words["field.change"], edge.change || ""));
      if (edge.origin && nodeById.has(edge.origin)) box.appendChild(field(words["field.movedFrom"], nodeById.get(edge.origin).name));
      quotes(box, edge.quotes);
    } else if (edge.kind === "part-of") {
      box.appendChild(element("div", "note", words["note.register"]));
    } else {
      box.appendChild(field(words["field.memoWords"], ""));
      quotes(box, nodeById.get(edge.from).quotes);
    }
    return box;
  }

  // --- the network --------------------------------------------------------------------------------------

  var container = document.getElementById("network");
  var shownNodes = visibleNodes(state);
  var hiddenNodes = new Map();
  var hiddenEdges = new Map();
  var nodes = new vis.DataSet(
    data.nodes.map(function (node) {
      var hidden = !shownNodes.has(node.id);
      hiddenNodes.set(node.id, hidden);
      return Object.assign({}, node, { hidden: hidden });
    })
  );
  var edges = new vis.DataSet(
    data.edges.map(function (edge) {
      var hidden = !edgeShown(edge, shownNodes, state);
      hiddenEdges.set(edge.id, hidden);
      return Object.assign({}, edge, { hidden: hidden });
    })
  );
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  var api = {
    network: network,
    settled: null,
    arrangements: 0, // how many times the page has laid out what it shows (tests wait on it)
    // performance.now() times, for bench/view.py: the script starts, the network is made, the page settles
    timings: { started: started, network: performance.now() },
    state: state,
    visibleNodeIds: function () { return Array.from(shownNodes).sort(); },
    drawn: function () {
      return { nodes: network.body.nodeIndices.slice().sort(), edges: network.body.edgeIndices.slice().sort() };
    },
    set: function (changes) { Object.assign(state, changes); syncControls(); apply(true); },
    describeNode: function (id) { return describeNode(id, true).textContent; },
    matrixCells: function () { return table.cells(); },
  };
  window.hoeringsgraf = api;

  function fitShown() {
    var ids = Array.from(shownNodes);
    if (ids.length) network.fit({ nodes: ids, animation: false });
  }

  function settle() {
    if (api.settled !== null) return;
    api.settled = api.timings.settled = performance.now();
    document.documentElement.setAttribute("data-settled", "true");
  }

  // Lay out what is shown: from the positions networkx computed (so a choice always looks the same,
  // whatever came before it), then, when few enough nodes are shown, a short run of physics among
  // them alone, which stops once the layout is stable: nothing moves after that unless it is dragged.
  var arranging = false;
  var again = false;
  function arrange(done) {
    if (arranging) { again = true; return; }
    arranging = true;
    var physics = shownNodes.size > 1 && shownNodes.size <= data.physics.maxNodes;
    network.setOptions({ physics: { enabled: false } });
    // forget the last run's speeds and time step (vis-network 9.1.2 keeps them), or it would shape this one
    var engine = network.physics;
    if (engine && engine.physicsBody) {
      engine.physicsBody.velocities = {};
      engine.timestep = 0.5;
    }
    nodes.update(data.nodes.map(function (node) {
      return { id: node.id, x: node.x, y: node.y, physics: physics && shownNodes.has(node.id) };
    }));
    edges.update(data.edges.map(function (edge) { return { id: edge.id, physics: physics && !hiddenEdges.get(edge.id) }; }));
    function finished() {
      arranging = false;
      if (again) { again = false; arrange(done); return; }
      fitShown();
      api.arrangements += 1;
      if (done) done();
    }
    if (!physics) {
      network.once("afterDrawing", finished);
      network.redraw();
      return;
    }
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      finished();
    });
    network.setOptions({ physics: { enabled: true } });
    network.stabilize(data.physics.iterations);
  }

  function apply(rearrange) {
    shownNodes = visibleNodes(state);
    var nodeChanges = [];
    data.nodes.forEach(function (node) {
      var hidden = !shownNodes.has(node.id);
      if (hiddenNodes.get(node.id) !== hidden) {
        hiddenNodes.set(node.id, hidden);
        nodeChanges.push({ id: node.id, hidden: hidden });
      }
    });
    var edgeChanges = [];
    data.edges.forEach(function (edge) {
      var hidden = !edgeShown(edge, shownNodes, state);
      if (hiddenEdges.get(edge.id) !== hidden) {
        hiddenEdges.set(edge.id, hidden);
        edgeChanges.push({ id: edge.id, hidden: hidden });
      }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    showCount();
    showMatrix();
    if (rearrange) arrange();
  }

  function showCount() {
    var shownEdges = 0;
    hiddenEdges.forEach(function (hidden) { if (!hidden) shownEdges += 1; });
    document.getElementById("count").textContent = common.fill(words["count.shown"], {
      nodes: shownNodes.size, allNodes: data.nodes.length, links: shownEdges, allLinks: data.edges.length,
    });
  }

  // --- the matrix: the statements the filters keep (whatever kinds the legend hides), who raised them, what about

  var table = window.hoeringsgrafMatrix(document.getElementById("matrix"), document.getElementById("matrix-legend"), {
    statuses: statuses,
    words: words,
    name: function (id) { return nodeById.has(id) ? nodeById.get(id).name : id; },
    onCell: function (row, col, ids, counts) {
      var box = element("div", "describe");
      box.appendChild(element("div", "name", common.fill(words["matrix.cell"], { row: table.name(row), col: table.name(col) })));
      box.appendChild(element("div", "kind", words["field.statements"] + ": " + common.countText(counts, statuses)));
      ids.forEach(function (id) {
        var item = describeNode(id, false);
        item.classList.add("listed");
        box.appendChild(item);
      });
      showDetails(box);
      var visible = ids.filter(function (id) { return shownNodes.has(id); });
      network.selectNodes(visible);
    },
    // a row is who raised the statements, a column what they are about: choose it as that
    onRow: function (id) { state.stakeholder = id; syncControls(); apply(true); },
    onCol: function (id) { state.unit = id; syncControls(); apply(true); },
  });

  function showMatrix() {
    var kept = visibleNodes({ unit: state.unit, stakeholder: state.stakeholder, theme: state.theme, status: state.status });
    table.update(graph.matrixItems(kept), { row: state.stakeholder, col: state.unit });
  }

  var panes = document.getElementById("panes");
  document.getElementById("layout").addEventListener("change", function (event) {
    panes.className = event.target.value;
    network.redraw();
    fitShown();
  });

  // --- controls -----------------------------------------------------------------------------------------

  var controls = {
    unit: document.getElementById("unit"),
    stakeholder: document.getElementById("stakeholder"),
    theme: document.getElementById("theme"),
    status: document.getElementById("status"),
  };
  var search = document.getElementById("search");

  function byName(a, b) { return a.name.localeCompare(b.name, "da") || (a.id < b.id ? -1 : 1); }

  function fill(select, wanted) {
    data.nodes.filter(wanted).sort(byName).forEach(function (node) {
      select.appendChild(new Option(node.name, node.id));
    });
  }
  fill(controls.unit, function (node) { return (node.roles || []).indexOf("unit") >= 0; });
  fill(controls.stakeholder, function (node) { return (node.roles || []).indexOf("stakeholder") >= 0; });
  fill(controls.theme, function (node) { return node.kind === "theme"; });
  var datalist = document.getElementById("names");
  Array.from(new Set(data.nodes.map(function (node) { return node.name; })))
    .sort(function (a, b) { return a.localeCompare(b, "da"); })
    .forEach(function (name) { datalist.appendChild(new Option(name)); });

  function syncControls() {
    Object.keys(controls).forEach(function (key) { controls[key].value = state[key] || ""; });
    document.querySelectorAll("#legend input[data-kind]").forEach(function (box) {
      box.checked = !state.hiddenKinds.has(box.getAttribute("data-kind"));
    });
    document.querySelectorAll("#legend input[data-edge-kind]").forEach(function (box) {
      box.checked = !state.hiddenEdgeKinds.has(box.getAttribute("data-edge-kind"));
    });
  }

  Object.keys(controls).forEach(function (key) {
    controls[key].addEventListener("change", function () {
      state[key] = controls[key].value;
      apply(true);
    });
  });

  function focusRole(node) {
    if ((node.roles || []).indexOf("unit") >= 0) return "unit";
    if ((node.roles || []).indexOf("stakeholder") >= 0) return "stakeholder";
    if (node.kind === "theme") return "theme";
    return "";
  }

  function focusOn(node) {
    var role = focusRole(node);
    if (!role) return;
    state[role] = node.id;
    syncControls();
    apply(true);
  }

  function fold(text) { return text.normalize("NFC").toLocaleLowerCase("da").replace(/\s+/g, " ").trim(); }

  function find() {
    var wanted = fold(search.value);
    if (!wanted) { network.unselectAll(); return; }
    var matches = data.nodes.filter(function (node) { return fold(node.name) === wanted || node.id === search.value.trim(); });
    if (!matches.length) {
      matches = data.nodes.filter(function (node) {
        return fold(node.name).indexOf(wanted) >= 0 || fold(node.id.split("/").pop()) === wanted;
      });
    }
    var ids = matches.map(function (node) { return node.id; });
    var visible = ids.filter(function (id) { return shownNodes.has(id); });
    network.selectNodes(visible);
    if (visible.length) network.fit({ nodes: visible, animation: false });
    if (ids.length === 1) showDetails(describeNode(ids[0], true));
    var said = ids.length === 1 ? words["find.one"] : common.fill(words["find.many"], { count: ids.length });
    if (visible.length < ids.length) said += " " + common.fill(words["find.hidden"], { count: ids.length - visible.length });
    document.getElementById("count").textContent = said;
  }

  search.addEventListener("change", find);
  document.getElementById("controls").addEventListener("submit", function (event) {
    event.preventDefault();
    find();
  });

  function reset() {
    state.unit = state.stakeholder = state.theme = state.status = "";
    state.hiddenKinds.clear();
    state.hiddenEdgeKinds.clear();
    search.value = "";
    network.unselectAll();
    syncControls();
    apply(true);
    showDetails(null);
  }
  document.getElementById("reset").addEventListener("click", function (event) {
    event.preventDefault();
    reset();
  });

  // --- legend -------------------------------------------------------------------------------------------

  var icon = common.icon;

  function legendRow(parent, label, help, svg, attribute, key, hiddenSet) {
    common.legendRow(parent, label, help, svg, attribute, key, function (toggled, shown) {
      if (shown) hiddenSet.delete(toggled);
      else hiddenSet.add(toggled);
      apply(false);
    });
  }

  var count = function (kind) { return data.nodes.filter(function (node) { return node.kind === kind; }).length; };
  Object.keys(kinds).forEach(function (key) {
    if (!count(key)) return;
    // a statement's colour is its status (below): its own colour is a neutral grey
    legendRow(document.getElementById("legend-kinds"), kinds[key].label + " (" + count(key) + ")", kinds[key].help,
      icon(kinds[key].shape, kinds[key].color), "data-kind", key, state.hiddenKinds);
  });
  Object.keys(statuses).forEach(function (key) {
    legendRow(document.getElementById("legend-statuses"), statuses[key].label, statuses[key].help, icon("dot", statuses[key].color));
  });
  Object.keys(edgeKinds).forEach(function (key) {
    var total = data.edges.filter(function (edge) { return edge.kind === key; }).length;
    if (!total) return;
    legendRow(document.getElementById("legend-links"), edgeKinds[key].label + " (" + total + ")", edgeKinds[key].help,
      icon("line", edgeKinds[key].color, edgeKinds[key].dashes), "data-edge-kind", key, state.hiddenEdgeKinds);
  });

  // --- hover and click ----------------------------------------------------------------------------------

  var tooltip = document.getElementById("tooltip");
  var details = document.getElementById("details-body");
  var detailsHint = details.firstElementChild;

  function showTooltip(content, pointer) {
    common.placeTooltip(tooltip, content, container.getBoundingClientRect(), pointer);
  }

  function hideTooltip() { tooltip.hidden = true; }

  function showDetails(content) {
    details.replaceChildren(content || detailsHint);
  }

  network.on("hoverNode", function (params) { showTooltip(describeNode(params.node, false), params.pointer.DOM); });
  network.on("hoverEdge", function (params) { showTooltip(describeEdge(params.edge), params.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);
  network.on("click", function (params) {
    if (params.nodes.length) showDetails(describeNode(params.nodes[0], true));
    else if (params.edges.length) showDetails(describeEdge(params.edges[0]));
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length) focusOn(nodeById.get(params.nodes[0]));
  });

  syncControls();
  showCount();
  showMatrix();
  arrange(settle);
})();
