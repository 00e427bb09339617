// The network view's page script (graph/view.py inlines it into network.html).
// Every text from the data goes into the document through textContent, never as HTML.
// The rules for what is shown are the same as graph/view.py's visible_nodes().
(function () {
  "use strict";

  var started = performance.now();
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var kinds = data.kinds;
  var statuses = data.statuses;
  var edgeKinds = data.edgeKinds;
  var SVG = "http://www.w3.org/2000/svg";

  var nodeById = new Map();
  var links = new Map(); // node id -> {out: [edge], in: [edge]}
  data.nodes.forEach(function (node) {
    nodeById.set(node.id, node);
    links.set(node.id, { out: [], in: [] });
  });
  var edgeById = new Map();
  data.edges.forEach(function (edge) {
    edgeById.set(edge.id, edge);
    links.get(edge.from).out.push(edge);
    links.get(edge.to).in.push(edge);
  });

  // --- what is shown ------------------------------------------------------------------------------------

  function neighbours(id) {
    var found = new Set();
    var own = links.get(id);
    own.out.forEach(function (edge) { found.add(edge.to); });
    own.in.forEach(function (edge) { found.add(edge.from); });
    return found;
  }

  function neighbourhood(id, allowed) {
    var shown = new Set([id]);
    neighbours(id).forEach(function (other) { if (allowed(other)) shown.add(other); });
    Array.from(shown).forEach(function (other) {
      if (nodeById.get(other).kind === "statement") {
        neighbours(other).forEach(function (next) { if (allowed(next)) shown.add(next); });
      }
    });
    return shown;
  }

  function statusMatches(status, wanted) {
    return wanted === "unresolved" ? status !== "resolved" && status in statuses : status === wanted;
  }

  function hasTheme(statement, theme) {
    return links.get(statement).out.some(function (edge) { return edge.kind === "theme" && edge.to === theme; });
  }

  function intersect(set, other) {
    var result = new Set();
    set.forEach(function (id) { if (other.has(id)) result.add(id); });
    return result;
  }

  var ANSWERS = { remark: true, recommendation: true, theme: true }; // nodes that exist for the statements they link to

  function visibleNodes(state) {
    var filtering = Boolean(state.theme || state.status);
    var matching = new Set();
    data.nodes.forEach(function (node) {
      if (node.kind !== "statement") return;
      if (state.status && !statusMatches(node.status, state.status)) return;
      if (state.theme && !hasTheme(node.id, state.theme)) return;
      matching.add(node.id);
    });
    function allowed(id) {
      var kind = nodeById.get(id).kind;
      if (kind === "statement") return matching.has(id);
      if (filtering && ANSWERS[kind]) {
        return Array.from(neighbours(id)).some(function (other) { return matching.has(other); });
      }
      return true;
    }
    var focus = [state.unit, state.stakeholder].filter(Boolean);
    var shown;
    if (focus.length) {
      shown = new Set(nodeById.keys());
      focus.forEach(function (id) { shown = intersect(shown, neighbourhood(id, allowed)); });
      focus.forEach(function (id) { shown.add(id); });
    } else if (filtering) {
      shown = new Set(matching);
      matching.forEach(function (id) {
        neighbours(id).forEach(function (other) { if (allowed(other)) shown.add(other); });
      });
    } else {
      shown = new Set(nodeById.keys());
    }
    var result = new Set();
    shown.forEach(function (id) { if (!state.hiddenKinds.has(nodeById.get(id).kind)) result.add(id); });
    return result;
  }

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

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined && text !== null) made.textContent = text;
    return made;
  }

  function field(label, text) {
    var row = element("div", "field");
    row.appendChild(element("b", null, label + ": "));
    row.appendChild(document.createTextNode(text));
    return row;
  }

  function names(ids, limit) {
    var all = ids.map(function (id) { return nodeById.get(id).name; });
    if (limit && all.length > limit) return all.slice(0, limit).join("; ") + "; … (" + all.length + " in all)";
    return all.join("; ");
  }

  function linked(id, kind, direction) {
    var own = links.get(id);
    return (direction === "out" ? own.out : own.in)
      .filter(function (edge) { return edge.kind === kind; })
      .map(function (edge) { return direction === "out" ? edge.to : edge.from; });
  }

  function quotes(box, texts) {
    (texts || []).forEach(function (text) { box.appendChild(element("blockquote", null, text)); });
  }

  function statusChip(status) {
    var chip = element("span", "status", statuses[status].label);
    chip.style.background = statuses[status].color;
    return chip;
  }

  function countByStatus(ids) {
    var counted = {};
    Object.keys(statuses).forEach(function (s) { counted[s] = 0; });
    ids.forEach(function (id) { var status = nodeById.get(id).status; if (status in counted) counted[status] += 1; });
    return ids.length + " (" + Object.keys(counted).map(function (s) { return counted[s] + " " + s; }).join(", ") + ")";
  }

  function describeNode(id, full) {
    var node = nodeById.get(id);
    var box = element("div", "describe");
    var limit = full ? 0 : 6;
    box.appendChild(element("div", "name", node.name));
    var kind = element("div", "kind", kinds[node.kind].label + (node.type ? " (" + node.type + ")" : ""));
    if (node.status) kind.appendChild(statusChip(node.status));
    box.appendChild(kind);
    if (node.kind === "statement") {
      quotes(box, node.quotes);
      box.appendChild(field("Raised by", names(linked(id, "raised-by", "out")) || "nobody named"));
      box.appendChild(field("Status", statuses[node.status].label + ": " + statuses[node.status].help));
      var about = linked(id, "about", "out");
      if (about.length) box.appendChild(field("About", names(about, limit)));
      var themes = linked(id, "theme", "out");
      if (themes.length) box.appendChild(field("Theme", names(themes)));
      var remarks = linked(id, "responds-to", "in");
      var recommendations = linked(id, "addresses", "in");
      remarks.forEach(function (remark) {
        var answer = element("div", "answer");
        answer.appendChild(field("The administration's remark", nodeById.get(remark).name));
        quotes(answer, nodeById.get(remark).quotes);
        box.appendChild(answer);
      });
      recommendations.forEach(function (recommendation) {
        var answer = element("div", "answer");
        answer.appendChild(field("Recommended change", nodeById.get(recommendation).name));
        quotes(answer, nodeById.get(recommendation).quotes);
        box.appendChild(answer);
      });
      if (!remarks.length && !recommendations.length) box.appendChild(field("Answer", "no remark of the administration answers it"));
    } else if (node.kind === "remark" || node.kind === "recommendation") {
      quotes(box, node.quotes);
      if (node.decision) box.appendChild(field("Decision", node.decision));
      var answered = linked(id, node.kind === "remark" ? "responds-to" : "addresses", "out");
      box.appendChild(field(node.kind === "remark" ? "Responds to" : "Addresses", names(answered, limit) || "nothing"));
      var subjects = linked(id, "about", "out");
      if (subjects.length) box.appendChild(field("About", names(subjects, limit)));
    } else if (node.kind === "theme") {
      box.appendChild(field("Statements", countByStatus(linked(id, "theme", "in"))));
      quotes(box, node.quotes);
    } else if (node.kind === "subject") {
      box.appendChild(field("Statements", countByStatus(linked(id, "about", "in").filter(function (other) {
        return nodeById.get(other).kind === "statement";
      }))));
      quotes(box, node.quotes);
    } else {
      var parents = linked(id, "part-of", "out");
      if (parents.length) box.appendChild(field("Part of", names(parents)));
      var parts = linked(id, "part-of", "in");
      if (parts.length) box.appendChild(field("Has", names(parts, limit)));
      var raised = linked(id, "raised-by", "in");
      if (raised.length) box.appendChild(field("Statements it made", countByStatus(raised)));
      var spokenOf = linked(id, "about", "in").filter(function (other) { return nodeById.get(other).kind === "statement"; });
      if (spokenOf.length) box.appendChild(field("Statements about it", countByStatus(spokenOf)));
      links.get(id).out.filter(function (edge) { return edge.kind === "moves"; }).forEach(function (edge) {
        box.appendChild(field("The reorganisation moves it to", nodeById.get(edge.to).name));
      });
    }
    if (full) {
      (node.notes || []).forEach(function (note) { box.appendChild(element("div", "note", "Editor's note: " + note)); });
      box.appendChild(element("div", "iri", node.id));
      var role = focusRole(node);
      if (role) {
        var button = element("button", null, "Show only its neighbourhood");
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
    box.appendChild(element("div", "kind", "Link: " + edgeKinds[edge.kind].label + " (" + edgeKinds[edge.kind].help + ")"));
    if (edge.kind === "moves") {
      box.appendChild(field("The reorganisation", edge.change || ""));
      if (edge.origin && nodeById.has(edge.origin)) box.appendChild(field("Moved from", nodeById.get(edge.origin).name));
      quotes(box, edge.quotes);
    } else if (edge.kind === "part-of") {
      box.appendChild(element("div", "note", "From the register of organisations, not from a quote in the memo."));
    } else {
      box.appendChild(field("In the memo's words", ""));
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
    if (rearrange) arrange();
  }

  function showCount() {
    var shownEdges = 0;
    hiddenEdges.forEach(function (hidden) { if (!hidden) shownEdges += 1; });
    document.getElementById("count").textContent =
      "showing " + shownNodes.size + " of " + data.nodes.length + " nodes, " + shownEdges + " of " + data.edges.length + " links";
  }

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
    var said = ids.length + (ids.length === 1 ? " match" : " matches");
    if (visible.length < ids.length) said += " (" + (ids.length - visible.length) + " hidden by the choices above)";
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

  function icon(shape, color, dashed) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "18");
    svg.setAttribute("height", "18");
    svg.setAttribute("viewBox", "-9 -9 18 18");
    svg.setAttribute("aria-hidden", "true");
    var mark;
    var points = {
      triangle: "0,-7 7,6 -7,6",
      triangleDown: "0,7 7,-6 -7,-6",
      diamond: "0,-8 8,0 0,8 -8,0",
      hexagon: "7,0 3.5,6 -3.5,6 -7,0 -3.5,-6 3.5,-6",
      star: "0,-8 2,-2.6 8,-2.6 3.2,1.2 5,7.5 0,3.8 -5,7.5 -3.2,1.2 -8,-2.6 -2,-2.6",
    };
    if (shape === "line") {
      mark = document.createElementNS(SVG, "line");
      [["x1", -8], ["y1", 0], ["x2", 8], ["y2", 0]].forEach(function (pair) { mark.setAttribute(pair[0], pair[1]); });
      mark.setAttribute("stroke", color);
      mark.setAttribute("stroke-width", "3");
      if (dashed) mark.setAttribute("stroke-dasharray", "4 2");
    } else if (shape === "square" || shape === "box") {
      mark = document.createElementNS(SVG, "rect");
      var box = shape === "box" ? [["x", -8.5], ["y", -5], ["width", 17], ["height", 10], ["rx", 2.5]] : [["x", -6], ["y", -6], ["width", 12], ["height", 12]];
      box.forEach(function (pair) { mark.setAttribute(pair[0], pair[1]); });
    } else if (points[shape]) {
      mark = document.createElementNS(SVG, "polygon");
      mark.setAttribute("points", points[shape]);
    } else {
      mark = document.createElementNS(SVG, "circle");
      mark.setAttribute("r", "6.5");
    }
    if (shape !== "line") mark.setAttribute("fill", color);
    svg.appendChild(mark);
    return svg;
  }

  function legendRow(parent, label, help, svg, attribute, key, hiddenSet) {
    var row = element("label", "legend-row");
    row.title = help;
    if (attribute) {
      var box = element("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute(attribute, key);
      box.addEventListener("change", function () {
        if (box.checked) hiddenSet.delete(key);
        else hiddenSet.add(key);
        apply(false);
      });
      row.appendChild(box);
    }
    row.appendChild(svg);
    var text = element("span");
    text.appendChild(element("span", null, label));
    text.appendChild(element("div", "help", help));
    row.appendChild(text);
    parent.appendChild(row);
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
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var frame = container.getBoundingClientRect();
    var x = frame.left + pointer.x + 14;
    var y = frame.top + pointer.y + 14;
    var width = tooltip.offsetWidth;
    var height = tooltip.offsetHeight;
    if (x + width > window.innerWidth - 4) x = Math.max(4, frame.left + pointer.x - width - 14);
    if (y + height > window.innerHeight - 4) y = Math.max(4, window.innerHeight - height - 4);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
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
  arrange(settle);
})();
