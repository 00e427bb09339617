// The stakeholder × unit matrix both pages show beside their network (graph/view/page.py inlines it).
// A row per stakeholder, a column per unit or subject; a cell holds the statements the stakeholder raised about
// the unit: their number, and a bar split in the statuses' colours by their shares. Text only through textContent.
(function () {
  "use strict";

  var common = window.hoeringsgrafCommon;
  var element = common.element;
  var NONE = ""; // the row of statements no stakeholder is named for, the column of those about no unit

  // host: where the table goes; legend: where the colours are explained.
  // options: statuses (named, in order), words (the page's), name(key) → a stakeholder's or unit's name,
  // onCell(row, col, ids), onRow(key), onCol(key), maxRows, maxCols.
  function matrix(host, legend, options) {
    var statuses = options.statuses;
    var words = options.words;
    var order = Object.keys(statuses);
    var cellsByKey = new Map();
    var selected = null;

    function name(key) { return key === NONE ? (words["matrix.none"]) : options.name(key); }

    Object.keys(statuses).forEach(function (key) {
      var item = element("span", "legend-item");
      var swatch = element("span", "swatch");
      swatch.style.background = statuses[key].color;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(statuses[key].label));
      item.title = statuses[key].help;
      legend.appendChild(item);
    });

    function emptyCounts() {
      var counts = {};
      order.forEach(function (key) { counts[key] = 0; });
      return counts;
    }

    // items: [{id, rows: [stakeholder], cols: [unit], status}]; chosen: {row, col} to mark.
    function update(items, chosen) {
      var cells = new Map(); // row \u0000 col -> {ids, counts}
      var rowTotals = new Map();
      var colTotals = new Map();
      items.forEach(function (item) {
        var rows = item.rows.length ? item.rows : [NONE];
        var cols = item.cols.length ? item.cols : [NONE];
        rows.forEach(function (row) {
          rowTotals.set(row, (rowTotals.get(row) || 0) + 1);
          cols.forEach(function (col) {
            var key = row + "\u0000" + col;
            var cell = cells.get(key);
            if (!cell) { cell = { ids: [], counts: emptyCounts() }; cells.set(key, cell); }
            cell.ids.push(item.id);
            cell.counts[item.status] = (cell.counts[item.status] || 0) + 1;
          });
        });
        cols.forEach(function (col) { colTotals.set(col, (colTotals.get(col) || 0) + 1); });
      });
      function ranked(totals, limit) {
        var keys = Array.from(totals.keys());
        keys.sort(function (a, b) {
          return totals.get(b) - totals.get(a) || name(a).localeCompare(name(b), "da") || (a < b ? -1 : 1);
        });
        return { keys: limit && keys.length > limit ? keys.slice(0, limit) : keys, all: keys.length };
      }
      var rows = ranked(rowTotals, options.maxRows);
      var cols = ranked(colTotals, 0);
      if (rows.keys.length < rows.all || (options.maxCols && cols.all > options.maxCols)) {
        // too many to draw: the units most spoken of by the stakeholders drawn, each beside the first of them
        // who spoke of it most, so that what belongs together stands together
        var among = new Map();
        var home = new Map();
        rows.keys.forEach(function (row, index) {
          cols.keys.forEach(function (col) {
            var cell = cells.get(row + "\u0000" + col);
            if (!cell) return;
            among.set(col, (among.get(col) || 0) + cell.ids.length);
            var best = home.get(col);
            if (!best || cell.ids.length > best.count) home.set(col, { index: index, count: cell.ids.length });
          });
        });
        var chosenCols = ranked(among, options.maxCols).keys;
        chosenCols.sort(function (a, b) { return home.get(a).index - home.get(b).index || among.get(b) - among.get(a); });
        cols = { keys: chosenCols, all: cols.all };
        // a stakeholder with no statement about the units drawn would be an empty row
        rows.keys = rows.keys.filter(function (row) {
          return chosenCols.some(function (col) { return cells.has(row + "\u0000" + col); });
        });
      }
      cellsByKey = cells;
      selected = null;
      host.replaceChildren();
      if (!items.length) {
        host.appendChild(element("p", "hint", words["matrix.empty"]));
        return;
      }
      if (rows.keys.length < rows.all || cols.keys.length < cols.all) {
        host.appendChild(element("p", "hint matrix-limited", common.fill(words["matrix.limited"], {
          rows: rows.keys.length, allRows: rows.all, cols: cols.keys.length, allCols: cols.all,
        })));
      }
      var table = element("table", "matrix");
      var head = element("thead");
      var top = element("tr");
      top.appendChild(element("th", "corner", words["matrix.corner"]));
      cols.keys.forEach(function (col) {
        var th = element("th", "col" + (chosen && chosen.col === col ? " chosen" : ""));
        th.scope = "col";
        var button = element("button", null);
        button.type = "button";
        button.title = name(col) + ": " + colTotals.get(col);
        button.setAttribute("data-col", col);
        button.appendChild(element("span", null, name(col)));
        if (col !== NONE && options.onCol) button.addEventListener("click", function () { options.onCol(col); });
        th.appendChild(button);
        top.appendChild(th);
      });
      top.appendChild(element("th", "total", words["matrix.total"]));
      head.appendChild(top);
      table.appendChild(head);
      var body = element("tbody");
      rows.keys.forEach(function (row) {
        var tr = element("tr", chosen && chosen.row === row ? "chosen" : "");
        var th = element("th", "row");
        th.scope = "row";
        var button = element("button", null, name(row));
        button.type = "button";
        button.title = name(row);
        button.setAttribute("data-row", row);
        if (row !== NONE && options.onRow) button.addEventListener("click", function () { options.onRow(row); });
        th.appendChild(button);
        tr.appendChild(th);
        cols.keys.forEach(function (col) {
          var td = element("td", chosen && chosen.col === col ? "chosen" : "");
          var cell = cells.get(row + "\u0000" + col);
          if (cell) {
            var box = element("button", "cell");
            box.type = "button";
            box.setAttribute("data-row", row);
            box.setAttribute("data-col", col);
            box.setAttribute("data-count", String(cell.ids.length));
            box.setAttribute("data-statuses", order.map(function (key) { return cell.counts[key]; }).join(","));
            box.title = common.fill(words["matrix.cell"], { row: name(row), col: name(col) }) + ": " + common.countText(cell.counts, statuses);
            box.appendChild(common.statusBar(cell.counts, statuses, "stripes"));
            box.appendChild(element("span", "n", String(cell.ids.length)));
            box.addEventListener("click", function () { choose(row, col, box); });
            td.appendChild(box);
          }
          tr.appendChild(td);
        });
        tr.appendChild(element("td", "total", String(rowTotals.get(row))));
        body.appendChild(tr);
      });
      table.appendChild(body);
      var foot = element("tfoot");
      var totals = element("tr");
      totals.appendChild(element("th", "row", words["matrix.total"]));
      cols.keys.forEach(function (col) { totals.appendChild(element("td", "total", String(colTotals.get(col)))); });
      totals.appendChild(element("td", "total", String(items.length)));
      foot.appendChild(totals);
      table.appendChild(foot);
      host.appendChild(table);
    }

    function choose(row, col, box) {
      if (selected) selected.classList.remove("selected");
      selected = box;
      box.classList.add("selected");
      var cell = cellsByKey.get(row + "\u0000" + col);
      options.onCell(row, col, cell.ids, cell.counts);
    }

    // The cells as drawn now: [{row, col, count, statuses: {status: n}}] (for the tests and the bench).
    function cells() {
      return Array.from(host.querySelectorAll("button.cell")).map(function (box) {
        var counts = box.getAttribute("data-statuses").split(",").map(Number);
        var found = {};
        order.forEach(function (key, index) { if (counts[index]) found[key] = counts[index]; });
        return { row: box.getAttribute("data-row"), col: box.getAttribute("data-col"), count: Number(box.getAttribute("data-count")), statuses: found };
      });
    }

    return { update: update, cells: cells, name: name };
  }

  window.hoeringsgrafMatrix = matrix;
})();
