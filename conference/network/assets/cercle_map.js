// The network map's drawing, shared by the app's map component and the offline HTML file
// (conference/network/render.py reads this file). Plain ES5-compatible script: a classic
// <script> in the offline file, the top of the component's ES module in the app
// (pages/network_component.py). It defines one function, cercleMap(container, payload,
// options); it never writes HTML from data (labels on the canvas, tooltips with textContent).
function cercleMap(container, payload, options) {
  "use strict";
  var vis = options.vis || window.vis;
  var editable = !!options.editable;
  var FACE = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  var current = payload;
  var known = {};
  var edgeById = {};
  var fontSize = 22;
  var showSectors = true;  // decided by fit()
  var pillPlaces = {};     // where the circles' names go, for one payload and one size
  var measurer = document.createElement("canvas").getContext("2d");
  var sectorBoxes = [];    // the sector names drawn last, in canvas units (for tests)
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var controls = document.createElement("div");
  controls.className = "cercle-controls";
  container.appendChild(controls);
  var canvasBox = document.createElement("div");
  canvasBox.className = "cercle-canvas";
  container.appendChild(canvasBox);
  var visBox = document.createElement("div");  // absolute: vis-network's 100% height needs a definite box
  visBox.className = "cercle-vis";
  canvasBox.appendChild(visBox);

  function tip(lines) {
    var box = document.createElement("div");
    box.className = "cercle-tip";
    for (var i = 0; i < lines.length; i++) {
      var line = document.createElement(i === 0 ? "strong" : "div");
      line.textContent = String(lines[i]);
      box.appendChild(line);
    }
    return box;
  }
  function fill(template, value) { return String(template).split("{items}").join(value).split("{status}").join(value); }
  function nodeTip(n, p) {
    var t = p.texts, rel = p.relations[n.relation], lines = [n.label];
    if (n.focal) { lines.push(t.centre); }
    else { lines.push((rel ? rel.label : n.relation) + " · " + p.ring_names[n.ring ? String(n.ring) : "none"]); }
    if (n.supports && n.supports.length) {
      lines.push(fill(t.supports, n.supports.map(function (s) { return p.supports[s] || s; }).join(", ")));
    }
    if (!n.focal && p.invitations[n.invitation]) { lines.push(fill(t.invitation, p.invitations[n.invitation])); }
    if (n.not_safe) { lines.push(t.not_safe); }
    if (n.moved) { lines.push(t.moved); }
    return tip(lines);
  }
  // The centre's name: large, on one line, smaller when it is long so that it stays
  // inside the first circle as far as it can (never below the others' size).
  function focalSize(n) {
    var wanted = crowded() ? 40 : fontSize + 6, room = 2 * firstRadius() - 90;
    measurer.font = wanted + "px " + FACE;
    var width = measurer.measureText((n.not_safe ? "\u26a0 " : "") + n.label).width;
    return width <= room ? wanted : Math.max(fontSize, Math.floor(wanted * room / width));
  }
  function firstRadius() {
    var first = Infinity;
    for (var i = 0; i < current.rings.length; i++) { first = Math.min(first, current.rings[i].radius); }
    return first === Infinity ? 180 : first;
  }
  function visNode(n, p) {
    var rel = p.relations[n.relation] || p.relations.family;
    var style = n.focal ? p.focal_style : null;
    var border = n.not_safe ? p.not_safe_border : (style ? style.border : p.border);
    var width = style ? style.border_width : (n.not_safe ? 4 : 2);
    var fillColour = style ? style.fill : rel.fill;
    return {
      id: n.id, x: n.x, y: n.y,
      label: (n.not_safe ? "\u26a0 " : "") + n.label,
      shape: style ? style.shape : rel.shape,
      image: !style && rel.image ? rel.image : undefined,
      size: n.focal ? 26 : 18,
      borderWidth: width, borderWidthSelected: width + 2,
      color: {background: fillColour, border: border,
              highlight: {background: fillColour, border: "#000000"},
              hover: {background: fillColour, border: "#000000"}},
      shapeProperties: {borderDashes: n.not_safe ? [6, 4] : false, useBorderWithImage: !!n.not_safe,
                        interpolation: false},
      font: {size: n.focal ? focalSize(n) : fontSize},
      // The person at the centre keeps their name on one line (smaller type when long).
      widthConstraint: n.focal ? false : {maximum: Math.round(fontSize * 10)},
      scaling: {label: {drawThreshold: n.focal ? 3 : (crowded() ? 9 : 5)}},
      fixed: {x: !editable, y: !editable}
    };
  }
  function visEdge(e, p) {
    var st = p.ties[e[3]] || p.ties.support;
    return {
      id: e[0], from: e[1], to: e[2], width: st.width, dashes: st.dashes,
      color: {color: st.colour, highlight: st.colour, hover: st.colour, opacity: 1}
    };
  }
  function load(p) {
    current = p;
    known = {};
    var ids = {}, edgeIds = {};
    p.nodes.forEach(function (n) {
      known[n.id] = {x: n.x, y: n.y, version: n.version, label: n.label, node: n};
      ids[n.id] = true;
    });
    p.edges.forEach(function (e) { edgeIds[e[0]] = e; });
    edgeById = edgeIds;
    edges.remove(edges.getIds().filter(function (id) { return !edgeIds[id]; }));
    nodes.remove(nodes.getIds().filter(function (id) { return !ids[id]; }));
    nodes.update(p.nodes.map(function (n) { return visNode(n, p); }));
    edges.update(p.edges.map(function (e) { return visEdge(e, p); }));
  }

  function outerRadius() {
    var outer = 0;
    for (var i = 0; i < current.rings.length; i++) { outer = Math.max(outer, current.rings[i].radius); }
    return outer;
  }
  function sectorFont() { return "700 " + Math.round(fontSize * 1.05) + "px " + FACE; }
  // A sector's name sits outside the outer circle, in the middle of the sector; further
  // out at the bottom, where the names of the people on the outer circle hang.
  function sectorLabelAt(s, outer) {
    measurer.font = sectorFont();
    var a = (s.start + s.end) / 2, half = measurer.measureText(s.label).width / 2;
    var r = outer + 24 + fontSize * 0.8 + half * Math.abs(Math.cos(a)) + fontSize * 2.2 * Math.max(0, Math.sin(a));
    return {x: r * Math.cos(a), y: r * Math.sin(a), half: half};
  }
  // Half the width and half the height the first view must show: the circles, every
  // person with their name, and (``withSectors``) every sector name.
  function bounds(withSectors) {
    var outer = outerRadius(), ex = outer + 24, ey = outer + 24 + fontSize;
    current.nodes.forEach(function (n) {
      ex = Math.max(ex, Math.abs(n.x) + 40 + fontSize * 2.5);
      ey = Math.max(ey, Math.abs(n.y) + 30 + fontSize * 2.6);
    });
    if (withSectors) {
      current.sectors.forEach(function (s) {
        var at = sectorLabelAt(s, outer);
        ex = Math.max(ex, Math.abs(at.x) + at.half + 28);
        ey = Math.max(ey, Math.abs(at.y) + fontSize);
      });
    }
    return {x: ex, y: ey};
  }
  // Where a circle's name goes: on the circle, clear of the people on it, as near the
  // top (or the bottom) as possible, where the name runs along the circle rather than
  // across it; 12 o'clock when there is room there.
  function freeAngle(radius, halfWidth) {
    var angles = [];
    current.nodes.forEach(function (n) {
      if (Math.abs(Math.sqrt(n.x * n.x + n.y * n.y) - radius) < 75) { angles.push(Math.atan2(n.y, n.x)); }
    });
    var needed = (halfWidth + 40) / radius, best = null;
    if (halfWidth > radius * 0.8) { return null; }  // wider than the circle: it would cover the centre
    for (var step = 0; step < 72; step++) {
      var a = -Math.PI / 2 + step * Math.PI / 36, clear = Math.PI;
      angles.forEach(function (b) {
        var d = Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));
        clear = Math.min(clear, d);
      });
      if (clear >= needed && (best === null || Math.abs(Math.sin(a)) > Math.abs(Math.sin(best)) + 1e-6)) { best = a; }
    }
    return best;  // null: no room on this circle (then no name: the others and the legend say it)
  }
  function pill(ctx, text, x, y, size) {
    ctx.font = "600 " + size + "px " + FACE;
    var w = ctx.measureText(text).width + size, h = size * 1.6;
    ctx.fillStyle = "#ffffff";
    ctx.strokeStyle = "#8fa1b8";
    ctx.lineWidth = 2;
    ctx.beginPath();
    if (ctx.roundRect) {
      ctx.roundRect(x - w / 2, y - h / 2, w, h, h / 2);
    } else {
      ctx.rect(x - w / 2, y - h / 2, w, h);
    }
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = "#34465c";
    ctx.fillText(text, x, y + 1);
  }
  function background(ctx) {
    var p = current, outer = outerRadius();
    ctx.save();
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#dfe5ee";
    ctx.setLineDash([]);
    if (p.sectors.length > 1) {
      p.sectors.forEach(function (s) {
        ctx.beginPath();
        ctx.moveTo(p.inner * Math.cos(s.start), p.inner * Math.sin(s.start));
        ctx.lineTo((outer + 40) * Math.cos(s.start), (outer + 40) * Math.sin(s.start));
        ctx.stroke();
      });
    }
    p.rings.forEach(function (r) {
      ctx.beginPath();
      ctx.arc(0, 0, r.radius, 0, 2 * Math.PI);
      ctx.strokeStyle = r.dashed ? "#b6c2d1" : "#8fa1b8";
      ctx.lineWidth = 3;
      ctx.setLineDash(r.dashed ? [14, 10] : []);
      ctx.stroke();
    });
    ctx.setLineDash([]);
    ctx.font = sectorFont();
    sectorBoxes = [];
    (showSectors ? p.sectors : []).forEach(function (s) {
      var at = sectorLabelAt(s, outer), rel = p.relations[s.relation], half = fontSize * 1.05 * 0.6 + 3;
      sectorBoxes.push({label: s.label, x0: at.x - at.half - 3, x1: at.x + at.half + 3, y0: at.y - half, y1: at.y + half});
      ctx.lineWidth = 6;
      ctx.strokeStyle = "#ffffff";
      ctx.strokeText(s.label, at.x, at.y);
      ctx.fillStyle = rel ? rel.text : "#34465c";
      ctx.fillText(s.label, at.x, at.y);
    });
    var pillSize = Math.round(Math.min(48, Math.max(fontSize * 0.7, 9.5 / network.getScale())));
    if (pillPlaces.size !== pillSize || pillPlaces.payload !== p) {  // not on every frame of a drag
      ctx.font = "600 " + pillSize + "px " + FACE;
      pillPlaces = {size: pillSize, payload: p, angles: p.rings.map(function (r) {
        return freeAngle(r.radius, ctx.measureText(r.label).width / 2 + pillSize);
      })};
    }
    p.rings.forEach(function (r, i) {
      var a = pillPlaces.angles[i];
      if (a !== null) { pill(ctx, r.label, r.radius * Math.cos(a), r.radius * Math.sin(a), pillSize); }
    });
    ctx.restore();
  }

  var network = new vis.Network(visBox, {nodes: nodes, edges: edges}, {
    autoResize: true, width: "100%", height: "100%",
    physics: {enabled: false},
    layout: {improvedLayout: false, randomSeed: 1},
    nodes: {
      font: {size: fontSize, face: FACE, color: "#1b1f24", strokeWidth: 6, strokeColor: "#ffffff", multi: false},
      labelHighlightBold: false
    },
    edges: {smooth: false, selectionWidth: 2, hoverWidth: 1, font: {size: 0, multi: false}},
    interaction: {dragNodes: editable, dragView: true, zoomView: !!options.wheelZoom, hover: true,
                  tooltipDelay: 150, navigationButtons: false, keyboard: false, multiselect: false,
                  selectConnectedEdges: true}
  });
  network.on("beforeDrawing", background);

  // Tooltips are built when shown (not 3,000 of them up front for a 1,000-person map),
  // from text nodes only; a tap shows one too (phones have no hover).
  var tipBox = document.createElement("div");
  tipBox.className = "cercle-tooltip";
  tipBox.hidden = true;
  canvasBox.appendChild(tipBox);
  function showTip(content, pointer) {
    tipBox.replaceChildren(content);
    tipBox.hidden = false;
    var w = canvasBox.clientWidth, h = canvasBox.clientHeight;
    tipBox.style.left = Math.max(4, Math.min(pointer.x + 14, w - tipBox.offsetWidth - 4)) + "px";
    tipBox.style.top = Math.max(4, Math.min(pointer.y + 14, h - tipBox.offsetHeight - 4)) + "px";
  }
  function hideTip() { tipBox.hidden = true; }
  function nodeTipFor(id) { return known[id] ? nodeTip(known[id].node, current) : null; }
  function edgeTipFor(id) {
    var e = edgeById[id], st = e && (current.ties[e[3]] || current.ties.support);
    if (!e) { return null; }
    var a = known[e[1]], b = known[e[2]];
    return tip([(a ? a.label : "") + " \u2014 " + (b ? b.label : ""), st.label]);
  }
  network.on("hoverNode", function (p) { var t = nodeTipFor(p.node); if (t) { showTip(t, p.pointer.DOM); } });
  network.on("hoverEdge", function (p) { var t = edgeTipFor(p.edge); if (t) { showTip(t, p.pointer.DOM); } });
  network.on("blurNode", hideTip);
  network.on("blurEdge", hideTip);
  network.on("dragStart", hideTip);
  network.on("zoom", hideTip);
  network.on("click", function (p) {
    var t = p.nodes.length ? nodeTipFor(p.nodes[0]) : (p.edges.length ? edgeTipFor(p.edges[0]) : null);
    if (t) { showTip(t, p.pointer.DOM); } else { hideTip(); }
  });

  // A crowded map keeps small names, drawn only once zoomed in enough to read them: the
  // first view then shows the circles and the shapes, not a blur of overlapping names.
  function crowded() { return current.members > 40; }
  // The first view shows everything, centred on the focal person; names are about 12 px
  // on screen (larger canvas fonts on a small screen), 20 to 36 canvas px.
  // Sector names are drawn when there is room for them (they take screen width on both
  // sides); otherwise the legend says what the shapes and colours are.
  function fit() {
    var w = canvasBox.clientWidth || 600, h = canvasBox.clientHeight || 480, scale = 1;
    function scaleFor(b) { return Math.min(w / (2 * b.x), h / (2 * b.y)); }
    for (var round = 0; round < 4; round++) {
      var withNames = scaleFor(bounds(true)), without = scaleFor(bounds(false));
      showSectors = current.sectors.length > 0 && withNames >= 0.85 * without && fontSize * 1.05 * withNames >= 11;
      scale = showSectors ? withNames : without;
      var cap = Math.max(24, Math.min(36, 40 - (current.members - 12) * 0.6));  // more people, smaller names
      var wanted = crowded() ? 20 : Math.round(Math.max(20, Math.min(cap, 12 / scale)));
      if (wanted === fontSize) { break; }
      fontSize = wanted;
    }
    // The frame of the size finally chosen (the loop may stop before it settles).
    withNames = scaleFor(bounds(true));
    without = scaleFor(bounds(false));
    showSectors = showSectors && withNames >= 0.85 * without;
    scale = showSectors ? withNames : without;
    load(current);
    network.moveTo({position: {x: 0, y: 0}, scale: scale, animation: false});
    framed = true;
  }
  // Until someone zooms or pans, the view follows the map: new data or a new size of the
  // box fits it again. Afterwards it stays where they put it, until « Recentre ».
  var framed = true;
  function zoom(factor) {
    framed = false;
    network.moveTo({scale: network.getScale() * factor, animation: false});
  }
  network.on("dragEnd", function (params) {
    if (!params.nodes || !params.nodes.length) { framed = false; }
  });
  var lastSize = "";
  network.on("resize", function () {
    var size = canvasBox.clientWidth + "x" + canvasBox.clientHeight;
    if (framed && size !== lastSize) {
      lastSize = size;
      fit();
    }
  });

  if (editable) {
    network.on("dragEnd", function (params) {
      if (!params.nodes || params.nodes.length !== 1) { return; }
      var id = params.nodes[0], known_ = known[id], pos = network.getPositions([id])[id];
      if (!known_ || !pos) { return; }
      var limit = current.max_coordinate;
      var x = Math.round(Math.max(-limit, Math.min(limit, pos.x)) * 10) / 10;
      var y = Math.round(Math.max(-limit, Math.min(limit, pos.y)) * 10) / 10;
      if (Math.abs(x - known_.x) < 1 && Math.abs(y - known_.y) < 1) { return; }
      known_.x = x;
      known_.y = y;
      if (options.onMoved) { options.onMoved({id: id, x: x, y: y, version: known_.version}); }
    });
  }
  network.on("click", function (params) {
    if (options.onPicked && params.nodes && params.nodes.length === 1) { options.onPicked(params.nodes[0]); }
  });

  [["+", "zoom_in", function () { zoom(1.25); }], ["\u2212", "zoom_out", function () { zoom(0.8); }],
   ["\u25ce", "recentre", fit]].forEach(function (spec) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = spec[1] === "recentre" ? spec[0] + " " + current.texts.recentre : spec[0];
    button.title = current.texts[spec[1]];
    button.setAttribute("aria-label", current.texts[spec[1]]);
    button.addEventListener("click", spec[2]);
    controls.appendChild(button);
  });

  var drawnOnce = false;
  function whenDrawn() {
    var started = (window.performance ? performance.now() : Date.now());
    network.once("afterDrawing", function () {
      var now = (window.performance ? performance.now() : Date.now());
      container.setAttribute("data-state", "drawn");
      container.setAttribute("data-draw-ms", String(Math.round(now - started)));
      container.setAttribute("data-drawn-at", String(Math.round(now)));  // ms since the page was opened
      container.setAttribute("data-nodes", String(current.nodes.length));
      if (options.onDrawn) { options.onDrawn(now - started, !drawnOnce); }
      drawnOnce = true;
    });
  }

  whenDrawn();
  fit();
  return {
    network: network,
    nodes: nodes,
    update: function (p) {
      whenDrawn();
      if (framed) { current = p; fit(); } else { load(p); }
      network.redraw();
    },
    fit: fit,
    // Where each sector's name is drawn, in pixels of the map's box (for the browser tests).
    sectorLabelBoxes: function () {
      return sectorBoxes.map(function (b) {
        var a = network.canvasToDOM({x: b.x0, y: b.y0}), z = network.canvasToDOM({x: b.x1, y: b.y1});
        return {label: b.label, left: a.x, top: a.y, right: z.x, bottom: z.y,
                width: canvasBox.clientWidth, height: canvasBox.clientHeight};
      });
    },
    destroy: function () {
      network.destroy();
      canvasBox.remove();
      controls.remove();
    }
  };
}
