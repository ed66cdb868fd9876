/* kg viz: the behaviour of the page.
 *
 * Every piece of text from the data goes into the page with textContent or as
 * an element property, never as HTML; tooltips are DOM elements, which
 * vis-network appends as they are.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  var MAX_TIP_ITEMS = 3;
  var MAX_PANEL_EVIDENCE = 2;

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function add(parent, child) { parent.appendChild(child); return child; }

  function field(parent, name, value) {
    var d = add(parent, el("div", "kg-field"));
    add(d, el("b", null, name + "："));
    add(d, document.createTextNode(value));
    return d;
  }

  // lookup tables without a prototype: no key from the data can reach Object.prototype
  function table() { return Object.create(null); }
  var typeInfo = table();
  DATA.types.forEach(function (t) { typeInfo[t.key] = t; });
  var relInfo = table();
  DATA.relations.forEach(function (r) { relInfo[r.key] = r; });
  var nodeById = table();
  DATA.nodes.forEach(function (n) { nodeById[n.id] = n; });
  var edgeById = table();
  DATA.edges.forEach(function (e) { edgeById[e.id] = e; });
  var edgesOf = table();  // node id -> its edges in the page
  DATA.nodes.forEach(function (n) { edgesOf[n.id] = []; });
  DATA.edges.forEach(function (e) {
    edgesOf[e.from].push(e);
    if (e.to !== e.from) { edgesOf[e.to].push(e); }
  });

  function typeName(key) {
    var t = typeInfo[key];
    return t ? (t.zh === t.en ? t.zh : t.zh + " " + t.en) : key;
  }

  function relName(key) {
    var r = relInfo[key];
    return r ? (r.zh === r.en ? r.zh : r.zh + " " + r.en) : key;
  }

  function source(doc, title) {
    if (title && doc) { return "《" + title + "》 " + doc; }
    return title ? "《" + title + "》" : (doc || "");
  }

  // ---- descriptions (tooltips and the details panel) ----------------------

  // the tooltip (full: false) and the details panel (full: true), where the
  // entity's relations with their evidence come before its quotes
  function describeNode(n, full) {
    var box = el("div", "kg-tip");
    add(box, el("div", "kg-title", n.label));
    add(box, el("div", "kg-type", typeName(n.type)));
    if (n.aliases.length) { field(box, "别名 aliases", n.aliases.join("、")); }
    n.aff.forEach(function (a) {
      field(box, "任职 role", (a[0] ? a[0] + " · " : "") + a[1]);
    });
    if (n.docs.length) { field(box, "来源 source", n.docs.join("、")); }
    add(box, el("div", "kg-src", "关系 relations: " + n.deg + " · PageRank #" + n.rank));
    if (full) { add(box, describeRelations(n)); }
    if (n.quotes.length) {
      field(box, "引语 quotes", String(n.quotes.length));
      var qs = full ? n.quotes : n.quotes.slice(0, MAX_TIP_ITEMS);
      qs.forEach(function (q) {
        var b = add(box, el("div", "kg-quote"));
        add(b, el("div", null, (q.kind === "indirect" ? "（转述）" : "") + "“" + q.text + "”"));
        add(b, el("div", "kg-src", source(q.doc, q.title)));
      });
      if (qs.length < n.quotes.length) {
        add(box, el("div", "kg-src", "… " + (n.quotes.length - qs.length) + " more (click the node)"));
      }
    }
    return box;
  }

  // the details panel: every relation of the entity in the page, with its evidence
  function describeRelations(n) {
    var box = el("div", "kg-rels");
    var mine = edgesOf[n.id].slice().sort(function (a, b) {
      var oa = nodeById[a.from === n.id ? a.to : a.from], ob = nodeById[b.from === n.id ? b.to : b.from];
      return a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : oa.rank - ob.rank;
    });
    add(box, el("div", "kg-field kg-rels-h", "关系 Relations (" + mine.length + ")"));
    var ul = add(box, el("ul", "kg-rel-list"));
    mine.forEach(function (e) {
      var r = relInfo[e.rel] || { zh: e.rel, symmetric: false };
      var out = e.from === n.id, other = nodeById[out ? e.to : e.from];
      var li = add(ul, el("li", "kg-rel"));
      li.setAttribute("data-edge", e.id);
      var head = add(li, el("div", "kg-rel-head"));
      var arrow = r.symmetric ? " —" + r.zh + "— " : (out ? " —" + r.zh + "→ " : " ←" + r.zh + "— ");
      add(head, el("span", "kg-rel-name", arrow));
      var b = add(head, el("button", "kg-link", other.label));
      b.type = "button";
      b.title = typeName(other.type);
      b.addEventListener("click", function () { selectNode(other.id, true); });
      if (e.roles.length) { add(head, el("span", "kg-src", " （" + e.roles.join("、") + "）")); }
      if (!e.ev.length) { add(li, el("div", "kg-src", "（无证据句 no evidence recorded）")); }
      e.ev.slice(0, MAX_PANEL_EVIDENCE).forEach(function (v) {
        var q = add(li, el("div", "kg-evidence"));
        add(q, el("div", null, v.text));
        add(q, el("div", "kg-src", source(v.doc, v.title)));
      });
      if (e.ev.length > MAX_PANEL_EVIDENCE) {
        var more = add(li, el("button", "kg-link kg-src", "… " + (e.ev.length - MAX_PANEL_EVIDENCE) + " more evidence"));
        more.type = "button";
        more.addEventListener("click", function () { showDetails(describeEdge(e, true)); });
      }
    });
    if (n.deg > mine.length) {
      add(box, el("div", "kg-src", "另有 " + (n.deg - mine.length) + " 条关系的另一方不在本页 " +
        (n.deg - mine.length) + " more with entities not in this page"));
    }
    return box;
  }

  function describeEdge(e, full) {
    var box = el("div", "kg-tip");
    var r = relInfo[e.rel] || { zh: e.rel, en: e.rel, symmetric: false };
    var from = nodeById[e.from], to = nodeById[e.to];
    add(box, el("div", "kg-title", from.label + (r.symmetric ? " —" + r.zh + "— " : " —" + r.zh + "→ ") + to.label));
    add(box, el("div", "kg-type", "关系 relation: " + relName(e.rel)));
    if (e.roles.length) { field(box, "职务 role", e.roles.join("、")); }
    if (!e.ev.length) {
      add(box, el("div", "kg-src", "（无证据句 no evidence recorded）"));
    }
    var evs = full ? e.ev : e.ev.slice(0, MAX_TIP_ITEMS);
    evs.forEach(function (v) {
      var b = add(box, el("div", "kg-evidence"));
      add(b, el("div", null, v.text));
      var where = source(v.doc, v.title);
      if (v.start !== null && v.end !== null) { where += " [" + v.start + "–" + v.end + "]"; }
      add(b, el("div", "kg-src", "证据 evidence · " + where));
    });
    if (evs.length < e.ev.length) {
      add(box, el("div", "kg-src", "… " + (e.ev.length - evs.length) + " more (click the edge)"));
    }
    return box;
  }

  // ---- the network ---------------------------------------------------------

  function svgSwatch(shape, colour) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("viewBox", "0 0 14 14");
    svg.setAttribute("class", "swatch");
    var s;
    var pts = {
      triangle: "7,1 13,13 1,13",
      triangleDown: "1,1 13,1 7,13",
      diamond: "7,0 14,7 7,14 0,7",
      hexagon: "3.5,1 10.5,1 14,7 10.5,13 3.5,13 0,7",
      star: "7,0 8.8,4.8 14,5 9.9,8.2 11.3,13.3 7,10.4 2.7,13.3 4.1,8.2 0,5 5.2,4.8"
    }[shape];
    if (pts) {
      s = document.createElementNS(ns, "polygon");
      s.setAttribute("points", pts);
    } else if (shape === "square") {
      s = document.createElementNS(ns, "rect");
      s.setAttribute("x", "1"); s.setAttribute("y", "1");
      s.setAttribute("width", "12"); s.setAttribute("height", "12");
    } else {
      s = document.createElementNS(ns, "circle");
      s.setAttribute("cx", "7"); s.setAttribute("cy", "7"); s.setAttribute("r", "6");
    }
    s.setAttribute("fill", colour);
    svg.appendChild(s);
    return svg;
  }

  function shade(hex, f) {  // f < 0 darker, f > 0 lighter
    var n = parseInt(hex.slice(1), 16), r = n >> 16, g = (n >> 8) & 255, b = n & 255;
    function c(x) { return Math.round(f < 0 ? x * (1 + f) : x + (255 - x) * f); }
    return "rgb(" + c(r) + "," + c(g) + "," + c(b) + ")";
  }

  var big = DATA.layout.big;

  // The more central an entity, the bigger its name in the graph's units, so that in the
  // overview of a big graph theirs are legible; zoomed in, no name is drawn bigger than
  // MAX_NAME_PX on the screen (see fitFonts). Names under 8 px on the screen are not drawn.
  var NAME_FONT = 13, MAX_NAME_PX = 17;
  function baseFont(n) { return Math.round(NAME_FONT + 0.6 * (n.size - 10)); }

  var visNodes = DATA.nodes.map(function (n) {
    var t = typeInfo[n.type];
    return {
      id: n.id,
      label: n.label,
      type: n.type,
      shape: t.shape,
      size: n.size,
      physics: !n.iso,  // entities without relations go in a grid of their own (placeIsolated)
      font: { size: baseFont(n) },
      x: n.x,
      y: n.y,
      color: {
        background: t.color, border: shade(t.color, -0.3),
        highlight: { background: shade(t.color, 0.3), border: shade(t.color, -0.5) },
        hover: { background: shade(t.color, 0.2), border: shade(t.color, -0.5) }
      },
      title: describeNode(n, false)
    };
  });

  function edgeColour(e) {
    var c = (relInfo[e.rel] || {}).color || "#9aa5b1";
    return { color: c, highlight: shade(c, -0.3), hover: shade(c, -0.2), opacity: 0.85 };
  }

  var visEdges = DATA.edges.map(function (e) {
    var r = relInfo[e.rel] || { zh: e.rel, symmetric: false };
    return {
      id: e.id,
      from: e.from,
      to: e.to,
      rel: e.rel,
      label: r.zh,
      arrows: r.symmetric ? { to: { enabled: false } } : { to: { enabled: true, scaleFactor: 0.5 } },
      color: edgeColour(e),
      smooth: e.curve ? { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(e.curve) } : false,
      title: describeEdge(e, false)
    };
  });

  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var typeOn = table(), relOn = table();
  DATA.types.forEach(function (t) { typeOn[t.key] = true; });
  DATA.relations.forEach(function (r) { relOn[r.key] = true; });
  var showIso = !DATA.hideIsolated;  // entities without a relation in the page
  function nodeOn(d) { return typeOn[d.type] && (showIso || !d.iso); }
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return nodeOn(nodeById[n.id]); } });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      return relOn[e.rel] && typeOn[nodeById[e.from].type] && typeOn[nodeById[e.to].type];
    }
  });

  var n = DATA.nodes.length;
  var options = {
    autoResize: true,
    nodes: {
      borderWidth: 1.5,
      font: { face: FONT, size: 14, color: "#1f2933", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { drawThreshold: 8 } }
    },
    edges: {
      width: 1.3,
      selectionWidth: 1.5,
      hoverWidth: 0.8,
      font: { face: FONT, size: 12, color: "#52606d", strokeWidth: 3, strokeColor: "#ffffff", align: "middle" },
      scaling: { label: { drawThreshold: 8 } },
      smooth: false
    },
    interaction: {
      hover: true,
      tooltipDelay: 150,
      hideEdgesOnDrag: big,
      hideEdgesOnZoom: big,
      multiselect: false,
      keyboard: false
    },
    layout: { randomSeed: 7, improvedLayout: false },
    physics: {
      enabled: DATA.layout.iterations > 0,
      solver: "forceAtlas2Based",
      forceAtlas2Based: {
        theta: big ? 1.0 : 0.5,
        gravitationalConstant: big ? -40 : -60,
        centralGravity: big ? 0.012 : 0.008,
        springLength: 120,
        springConstant: 0.08,
        damping: 0.5,
        avoidOverlap: 0
      },
      minVelocity: 1.5,
      timestep: 0.5,
      adaptiveTimestep: true,
      stabilization: { enabled: true, iterations: DATA.layout.iterations, updateInterval: 25, fit: true }
    }
  };

  var container = $("graph");
  var progress = $("progress");
  var t0 = performance.now();
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  var frozen = false;
  function freeze() {
    if (frozen) { return; }
    frozen = true;
    network.setOptions({ physics: { enabled: false } });
    progress.hidden = true;
    network.once("afterDrawing", function () {
      window.__kgReady = true;
      window.__kgLayoutMs = Math.round(performance.now() - t0);
      document.body.setAttribute("data-ready", "1");
    });
    if (showIso) { placeIsolated(); }
    fitView(false);
    if (DATA.focus.length) { selectNode(DATA.focus[0], false, false); }  // --entity: its details open
  }

  // Entities without relations: a grid below the related ones, by type then centrality,
  // instead of a far ring round them (physics has drawn the related ones together).
  function placeIsolated() {
    var lone = DATA.nodes.filter(function (d) { return d.iso; });
    if (!lone.length) { return; }
    var order = table();
    DATA.types.forEach(function (t, i) { order[t.key] = i; });
    lone.sort(function (a, b) { return (order[a.type] - order[b.type]) || (a.rank - b.rank); });
    var ids = DATA.nodes.filter(function (d) { return !d.iso; }).map(function (d) { return d.id; });
    var pos = network.getPositions(ids), x0 = 0, x1 = 0, y1 = 0, first = true;
    Object.keys(pos).forEach(function (id) {
      var p = pos[id];
      if (first) { x0 = x1 = p.x; y1 = p.y; first = false; }
      x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
    });
    var dx = 90, dy = 70;
    var cols = Math.max(Math.ceil(Math.sqrt(lone.length * 1.6)), Math.floor((x1 - x0) / dx) + 1);
    var left = (x0 + x1) / 2 - (Math.min(cols, lone.length) - 1) * dx / 2, top = first ? 0 : y1 + 2 * dy;
    nodes.update(lone.map(function (d, i) {
      return { id: d.id, x: left + (i % cols) * dx, y: top + Math.floor(i / cols) * dy };
    }));
  }
  function fitView(animate) {
    network.fit({ animation: animate ? { duration: 300 } : false });
    if (network.getScale() > 1.2) {  // a small graph: do not blow it up
      network.moveTo({ scale: 1.2, animation: animate ? { duration: 300 } : false });
    }
    if (!animate) { fitFonts(); }  // else when the animation ends
    network.redraw();
  }

  var bigNames = DATA.nodes.filter(function (d) { return baseFont(d) > NAME_FONT; });
  var fontNow = table();
  function fitFonts() {
    var cap = MAX_NAME_PX / network.getScale(), up = [];
    bigNames.forEach(function (d) {
      var f = Math.round(Math.max(NAME_FONT, Math.min(baseFont(d), cap)));
      if (fontNow[d.id] !== f) { fontNow[d.id] = f; up.push({ id: d.id, font: { size: f } }); }
    });
    if (up.length) { nodes.update(up); }
  }
  var fontsPending = false;
  network.on("zoom", function () {
    if (fontsPending) { return; }
    fontsPending = true;
    window.requestAnimationFrame(function () { fontsPending = false; fitFonts(); });
  });
  network.on("animationFinished", fitFonts);
  network.on("stabilizationProgress", function (p) {
    progress.hidden = false;
    progress.textContent = "布局中 laying out… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  if (DATA.layout.iterations > 0) {
    network.once("stabilizationIterationsDone", freeze);
    network.once("stabilized", freeze);
  } else {
    freeze();  // the positions computed by kg are used as they are
  }

  // ---- tooltips leave with the pointer ---------------------------------------
  // vis-network hides its tooltip on a mouse move over the canvas only, and
  // shows it after a delay: a pointer that leaves the canvas (to the side panel,
  // out of the window) would leave the tooltip behind, or have it appear later.
  function hideTooltip() {
    var ih = network.interactionHandler;
    if (ih.popupTimer !== undefined) { clearTimeout(ih.popupTimer); delete ih.popupTimer; }
    if (ih.popup !== undefined && !ih.popup.hidden) {
      ih.popup.hide();
      network.body.emitter.emit("hidePopup");
    }
    ih.popupObj = undefined;
  }
  container.addEventListener("pointerleave", hideTooltip);
  container.addEventListener("mouseleave", hideTooltip);
  window.addEventListener("blur", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("zoom", hideTooltip);

  // ---- neighbourhood highlight --------------------------------------------
  // After vis-network has drawn, a translucent veil dims everything and the
  // node's neighbourhood is drawn again on top: a constant cost whatever the
  // size of the graph (updating every node's options would not be).

  var focus = null;  // {nodes: [ids], edges: [ids]}
  function highlight(id) {
    if (id === null) {
      focus = null;
    } else {
      focus = { nodes: network.getConnectedNodes(id).concat([id]), edges: network.getConnectedEdges(id) };
    }
    network.redraw();
  }
  network.on("afterDrawing", function (ctx) {
    if (!focus) { return; }
    var body = network.body, labels = [];
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "rgba(255,255,255,0.82)";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
    focus.edges.forEach(function (id) {
      var e = body.edges[id];
      if (e && e.connected) { e.draw(ctx); e.drawArrows(ctx); }
    });
    focus.nodes.forEach(function (id) {
      var n = body.nodes[id];
      if (n) {
        var r = n.draw(ctx);
        if (r && r.drawExternalLabel) { labels.push(r.drawExternalLabel); }
      }
    });
    labels.forEach(function (f) { f(); });
  });

  function showDetails(box) {
    var d = $("details");
    d.replaceChildren();
    if (box) {
      add(d, box);
      d.hidden = false;
    } else {
      d.hidden = true;
    }
  }

  function selectNode(id, focus, veil) {
    if (nodeView.get(id) === null) {  // filtered out or hidden: the details only
      network.unselectAll();
      highlight(null);
      showDetails(describeNode(nodeById[id], true));
      return;
    }
    network.selectNodes([id]);
    highlight(veil === false ? null : id);
    showDetails(describeNode(nodeById[id], true));
    if (focus) { network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } }); }
  }

  network.on("click", function (p) {
    if (p.nodes.length) {
      selectNode(p.nodes[0], false);
    } else if (p.edges.length) {
      highlight(null);
      showDetails(describeEdge(edgeById[p.edges[0]], true));
    } else {
      highlight(null);
      showDetails(null);
    }
  });

  // ---- sidebar: summary, filters and legend -------------------------------

  var c = DATA.counts;
  $("source").textContent = DATA.source;
  function drawnCount() {
    var k = 0;
    DATA.nodes.forEach(function (d) { if (showIso || !d.iso) { k++; } });
    return k;
  }
  function showSummary() {
    $("summary").textContent = drawnCount() + " 个实体 entities · " + c.shownRelations + " 条关系 relations" +
      (c.documents ? " · " + c.documents + " 篇文档 documents" : "") +
      (c.quotes ? " · " + c.quotes + " 条引语 quotes" : "");
  }
  showSummary();
  if (DATA.view.mode === "entity") {
    $("view").hidden = false;
    $("view").textContent = "邻域 Neighbourhood of " + DATA.view.centres.join("、") + " · " + DATA.view.hops +
      " 跳 hop" + (DATA.view.hops === 1 ? "" : "s");
  }

  var countCells = [];  // [element, type key, total] of the entity type filters
  function showTypeCounts() {
    countCells.forEach(function (x) {
      var k = 0;
      DATA.nodes.forEach(function (d) { if (d.type === x[1] && (showIso || !d.iso)) { k++; } });
      x[0].textContent = k === x[2] ? String(x[2]) : k + "/" + x[2];
    });
  }

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
  }

  function keepPositions() {
    var pos = network.getPositions();
    var up = [];
    Object.keys(pos).forEach(function (id) { up.push({ id: id, x: pos[id].x, y: pos[id].y }); });
    if (up.length) { nodes.update(up); }
  }

  function filterItem(list, key, label, swatch, shown, total, state) {
    var li = add(list, el("li"));
    var lab = add(li, el("label"));
    var box = add(lab, el("input"));
    box.type = "checkbox";
    box.checked = true;
    box.value = key;
    add(lab, swatch);
    add(lab, el("span", null, label));
    var count = add(lab, el("span", "count", shown === total ? String(total) : shown + "/" + total));
    if (state === typeOn) { countCells.push([count, key, total]); }
    box.addEventListener("change", function () {
      keepPositions();
      state[key] = box.checked;
      refresh();
    });
  }

  DATA.types.forEach(function (t) {
    filterItem($("types"), t.key, typeName(t.key), svgSwatch(t.shape, t.color), t.shown, t.count, typeOn);
  });
  DATA.relations.forEach(function (r) {
    var line = el("span", "line");
    line.style.borderTopColor = r.color;
    filterItem($("relations"), r.key, relName(r.key) + (r.symmetric ? "" : " →"), line, r.shown, r.count, relOn);
  });

  showTypeCounts();

  if (c.isolated) {
    var iso = $("isolated");
    iso.hidden = false;
    var lab = add(iso, el("label"));
    var isoBox = add(lab, el("input"));
    isoBox.type = "checkbox";
    isoBox.id = "show-isolated";
    isoBox.checked = showIso;
    add(lab, el("span", null, "显示无关系的实体 Show the " + c.isolated + " entities without relations"));
    var isoNote = add(iso, el("div", "muted"));
    var showIsoNote = function () {
      isoNote.textContent = showIso ? "" : c.isolated + " 个无关系的实体已隐藏 " + c.isolated +
        " entities without relations are hidden";
    };
    showIsoNote();
    isoBox.addEventListener("change", function () {
      keepPositions();
      showIso = isoBox.checked;
      if (showIso) { placeIsolated(); }
      refresh();
      showSummary();
      showTypeCounts();
      showIsoNote();
      fitView(true);
    });
  }

  if (DATA.omitted) {
    var o = DATA.omitted, box = $("omitted");
    var leftOut = o.count + " entities (" + o.byType.map(function (t) { return t.zh + " " + t.en + " " + t.count; }).join(", ") +
      ") and " + o.relations + " relations.";
    box.hidden = false;
    if (DATA.view.mode === "entity") {
      add(box, el("div", "h", "只显示了 " + DATA.view.centres.join("、") + " 的邻域：" + c.shown + " / " + c.entities + " 个实体"));
      add(box, el("div", null, "The entities within " + DATA.view.hops + " hop" + (DATA.view.hops === 1 ? "" : "s") +
        " of " + DATA.view.centres.join("、") + ": " + c.shown + " of " + c.entities +
        (DATA.view.maxNodes ? " (the nearest, --max-nodes " + DATA.view.maxNodes + ")." : ".")));
    } else {
      add(box, el("div", "h", "只显示了 " + DATA.view.seeds + " 个核心实体的完整邻域：" + c.shown + " / " + c.entities + " 个实体"));
      add(box, el("div", null, "Showing the whole neighbourhoods of " + DATA.view.seeds + " of the most central entities (by PageRank): " +
        c.shown + " of " + c.entities + " entities (--max-nodes " + DATA.view.maxNodes + "). Left out: " + leftOut));
    }
    var det = add(box, el("details"));
    add(det, el("summary", null, "未显示的实体 left-out entities"));
    add(det, el("div", "names", o.names.join("、") + (o.more ? " … +" + o.more : "")));
  }

  // ---- search ---------------------------------------------------------------

  var searchBox = $("search"), results = $("results");
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) { return []; }
    var exact = [], part = [];
    DATA.nodes.forEach(function (d) {
      if (!typeOn[d.type]) { return; }  // a hidden entity without relations is found (and shown in the panel)
      var names = [d.label].concat(d.aliases);
      var hit = false, eq = false;
      for (var i = 0; i < names.length; i++) {
        var s = names[i].toLowerCase();
        if (s === q) { eq = true; }
        if (s.indexOf(q) >= 0) { hit = true; }
      }
      if (eq) { exact.push(d); } else if (hit) { part.push(d); }
    });
    return exact.concat(part);  // nodes are in PageRank order already
  }
  function showResults() {
    results.replaceChildren();
    var ms = matches(searchBox.value);
    ms.slice(0, 20).forEach(function (d) {
      var b = add(add(results, el("li")), el("button", null, d.label));
      b.type = "button";
      b.title = typeName(d.type);
      b.addEventListener("click", function () { selectNode(d.id, true); });
    });
    if (ms.length > 20) { add(results, el("li", "muted", "… " + (ms.length - 20) + " more")); }
    if (searchBox.value.trim() && !ms.length) { add(results, el("li", "muted", "没有结果 no match")); }
    return ms;
  }
  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var ms = showResults();
      if (ms.length) { selectNode(ms[0].id, true); }
    }
  });
  $("fit").addEventListener("click", function () {
    highlight(null);
    network.unselectAll();
    showDetails(null);
    fitView(true);
  });

  // for tests and the benchmark
  window.kgView = { network: network, nodes: nodes, edges: edges, data: DATA, select: selectNode, highlight: highlight };
}());
