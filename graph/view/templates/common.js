// What both pages share (graph/view/page.py inlines it before their own script): building text, legend
// icons, status bars, and the rules for what a memo's network shows.
// Every text from the data goes into the document through textContent, never as HTML.
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined && text !== null) made.textContent = text;
    return made;
  }

  // A word of graph/model/wording.py with its {placeholders} filled in.
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  }

  function field(label, text) {
    var row = element("div", "field");
    row.appendChild(element("b", null, label + ": "));
    row.appendChild(document.createTextNode(text));
    return row;
  }

  function quotes(box, texts) {
    (texts || []).forEach(function (text) { box.appendChild(element("blockquote", null, text)); });
  }

  function chip(label, color) {
    var made = element("span", "status", label);
    made.style.background = color;
    return made;
  }

  // A bar split in the statuses' colours, each part as wide as its share; counts: {status: n}.
  function statusBar(counts, statuses, className) {
    var bar = element("span", className || "bar");
    var total = 0;
    Object.keys(statuses).forEach(function (key) { total += counts[key] || 0; });
    Object.keys(statuses).forEach(function (key) {
      if (!counts[key]) return;
      var part = element("span");
      part.style.flexGrow = String(counts[key]);
      part.style.background = statuses[key].color;
      bar.appendChild(part);
    });
    bar.setAttribute("data-total", String(total));
    return bar;
  }

  // "3 (1 ubesvaret, 2 besvaret)": a count and its statuses, in the statuses' order.
  function countText(counts, statuses) {
    var total = 0;
    var parts = [];
    Object.keys(statuses).forEach(function (key) {
      total += counts[key] || 0;
      if (counts[key]) parts.push(counts[key] + " " + statuses[key].label.toLocaleLowerCase());
    });
    return total + (parts.length ? " (" + parts.join(", ") + ")" : "");
  }

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

  // One row of a legend; with `attribute`, a box to untick that hides the kind (onToggle(key, shown)).
  function legendRow(parent, label, help, svg, attribute, key, onToggle) {
    var row = element("label", "legend-row");
    row.title = help;
    if (attribute) {
      var box = element("input");
      box.type = "checkbox";
      box.checked = true;
      box.setAttribute(attribute, key);
      box.addEventListener("change", function () { onToggle(key, box.checked); });
      row.appendChild(box);
    }
    row.appendChild(svg);
    var text = element("span");
    text.appendChild(element("span", null, label));
    text.appendChild(element("div", "help", help));
    row.appendChild(text);
    parent.appendChild(row);
  }

  // Put a tooltip beside the pointer, inside the window.
  function placeTooltip(tooltip, content, frame, pointer) {
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var x = frame.left + pointer.x + 14;
    var y = frame.top + pointer.y + 14;
    var width = tooltip.offsetWidth;
    var height = tooltip.offsetHeight;
    if (x + width > window.innerWidth - 4) x = Math.max(4, frame.left + pointer.x - width - 14);
    if (y + height > window.innerHeight - 4) y = Math.max(4, window.innerHeight - height - 4);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }

  // --- a memo's network: what is shown (the same rules as graph/view/page.py's visible_nodes()) ---------------

  var ANSWERS = { remark: true, recommendation: true, theme: true }; // nodes that exist for the statements they link to

  // nodes: [{id, kind, status}], edges: [{id, from, to, kind}]; statuses: the status names.
  function memoGraph(nodes, edges, statuses) {
    var nodeById = new Map();
    var links = new Map(); // node id -> {out: [edge], in: [edge]}
    nodes.forEach(function (node) {
      nodeById.set(node.id, node);
      links.set(node.id, { out: [], in: [] });
    });
    edges.forEach(function (edge) {
      links.get(edge.from).out.push(edge);
      links.get(edge.to).in.push(edge);
    });

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

    // The statements a choice of theme and status keeps.
    function matchingStatements(state) {
      var matching = new Set();
      nodes.forEach(function (node) {
        if (node.kind !== "statement") return;
        if (state.status && !statusMatches(node.status, state.status)) return;
        if (state.theme && !hasTheme(node.id, state.theme)) return;
        matching.add(node.id);
      });
      return matching;
    }

    // The nodes shown for a choice of unit, stakeholder, theme and status (state.hiddenKinds, if any, hidden).
    function visibleNodes(state) {
      var filtering = Boolean(state.theme || state.status);
      var matching = matchingStatements(state);
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
      var hidden = state.hiddenKinds || new Set();
      var result = new Set();
      shown.forEach(function (id) { if (!hidden.has(nodeById.get(id).kind)) result.add(id); });
      return result;
    }

    function linked(id, kind, direction) {
      var own = links.get(id);
      return (direction === "out" ? own.out : own.in)
        .filter(function (edge) { return edge.kind === kind; })
        .map(function (edge) { return direction === "out" ? edge.to : edge.from; });
    }

    // The matrix's items: each statement shown, with who raised it and what it is about.
    function matrixItems(shown) {
      var items = [];
      shown.forEach(function (id) {
        var node = nodeById.get(id);
        if (node.kind !== "statement") return;
        items.push({ id: id, rows: linked(id, "raised-by", "out"), cols: linked(id, "about", "out"), status: node.status });
      });
      return items;
    }

    return {
      nodeById: nodeById,
      links: links,
      neighbours: neighbours,
      visibleNodes: visibleNodes,
      linked: linked,
      matrixItems: matrixItems,
    };
  }

  window.hoeringsgrafCommon = {
    element: element,
    fill: fill,
    field: field,
    quotes: quotes,
    chip: chip,
    statusBar: statusBar,
    countText: countText,
    icon: icon,
    legendRow: legendRow,
    placeTooltip: placeTooltip,
    memoGraph: memoGraph,
  };
})();
