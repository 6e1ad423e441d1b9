/* The report's interactive blame network: reads the JSON block #blame-network-data, draws it
   with vis-network (inlined above), lets the reader filter by relation and shows each tie's
   counts and quotes on hover and click. All article text is set with textContent, never as HTML. */
(function () {
  "use strict";
  var block = document.getElementById("blame-network-data");
  var holder = document.getElementById("blame-network");
  if (!block || !holder || typeof vis === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  var chosen = {};
  data.relations.forEach(function (r) { chosen[r.name] = true; });

  function line(parent, text, tag) {
    var element = document.createElement(tag || "div");
    element.textContent = text;
    parent.appendChild(element);
    return element;
  }

  function shown(edge) {
    var negative = 0, positive = 0, parts = [];
    data.relations.forEach(function (r) {
      var n = edge.relations[r.name] || 0;
      if (!chosen[r.name] || !n) { return; }
      if (r.sign < 0) { negative += n; } else { positive += n; }
      parts.push(r.name + " " + n);
    });
    return { negative: negative, positive: positive, parts: parts };
  }

  function describe(edge, counts) {
    var box = document.createElement("div");
    line(box, edge.source_name + " \u2192 " + edge.target_name, "strong");
    line(box, counts.parts.join(", ") + " (distinct sentences; " + edge.n_articles + " articles)");
    if (edge.thin) { line(box, "Thin: fewer than " + data.low_n + " statements."); }
    edge.quotes.forEach(function (q) {
      line(box, "\u201c" + q.quote + "\u201d \u2014 " + q.relation + ", " + q.where);
    });
    if (edge.n_quotes > edge.quotes.length) {
      line(box, (edge.n_quotes - edge.quotes.length) + " more in evidence.csv");
    }
    return box;
  }

  function visibleEdges() {
    var out = [];
    data.edges.forEach(function (edge) {
      var counts = shown(edge);
      var total = counts.negative + counts.positive;
      if (!total) { return; }
      var sign = counts.negative > counts.positive ? -1 : counts.positive > counts.negative ? 1 : 0;
      var style = data.signs[String(sign)];
      out.push({
        id: edge.id, from: edge.source, to: edge.target, value: total,
        label: String(total) + (edge.thin ? "*" : ""),
        title: describe(edge, counts),
        color: { color: style.colour, highlight: style.colour, hover: style.colour },
        dashes: style.dashes, arrows: "to", font: { size: 16, strokeWidth: 4, align: "middle" },
        smooth: { type: "curvedCW", roundness: 0.15 }
      });
    });
    return out;
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return {
      id: n.id, label: n.label, x: n.x, y: n.y, fixed: true, shape: "dot", size: n.size,
      color: { background: n.colour, border: "#000000" }, borderWidth: n.government ? 3 : 1,
      font: { size: 20, color: "#000000", strokeWidth: 4 }, title: n.title
    };
  }));
  var edges = new vis.DataSet(visibleEdges());
  var network = new vis.Network(holder, { nodes: nodes, edges: edges }, {
    physics: false, interaction: { hover: true, tooltipDelay: 100, zoomView: true, dragNodes: false },
    edges: { scaling: { min: 1, max: 8, label: { enabled: false } } }, layout: { randomSeed: 0 }
  });

  var detail = document.getElementById("blame-network-detail");
  network.on("click", function (params) {
    if (!detail) { return; }
    detail.textContent = "";
    if (params.edges.length === 1 && !params.nodes.length) {
      var edge = data.edges.filter(function (e) { return e.id === params.edges[0]; })[0];
      if (edge) { detail.appendChild(describe(edge, shown(edge))); }
    }
  });

  var controls = document.getElementById("blame-network-controls");
  if (controls) {
    data.relations.forEach(function (r) {
      var label = document.createElement("label");
      var box = document.createElement("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = r.name;
      box.addEventListener("change", function () {
        chosen[r.name] = box.checked;
        edges.clear();
        edges.add(visibleEdges());
      });
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + r.name + " (" + (r.sign < 0 ? "blame" : "support") + ")"));
      controls.appendChild(label);
    });
  }
}());
