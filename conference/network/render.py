"""The network map for the browser: the JSON payload the map component draws, and a
self-contained offline HTML file of the map that a family can keep. Pure: no Streamlit.

Both draw with the vis-network that pyvis ships (``VIS_JS``), never a CDN, with the
positions ``layout.map_data`` computed and physics off, so the map appears at once and
stays still. Both run with the privileges of the page that shows them, so a name is
only ever *text*:

* labels are drawn on a canvas (``fillText``: never parsed) with vis-network's
  ``font.multi`` off (no HTML or markdown in labels);
* tooltips, legends and lists are built in the browser with ``textContent``, or written
  into the offline file through ``html.escape``;
* JSON that goes into a page (``script_json``) has ``<``, ``>``, ``&``, U+2028 and U+2029
  written as ``\\uXXXX``: no name can close a ``<script>`` element or open a comment,
  and ``JSON.parse`` gives the name back exactly as typed.

The payload carries no style per person: people carry codes (relation, ring, supports,
flags) and the payload one table of styles and labels per code, so a 150-person map is
about 30 KB, which the page re-sends after every change.
"""
from __future__ import annotations

import html
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import pyvis

from conference.domain.enums import InvitationStatus, Relation, Support, TieKind
from conference.i18n import N_, translator
from conference.i18n.labels import label

from .exchange import MAX_COORDINATE
from .layout import FOCAL_RADIUS, RINGS, MapData

VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
VIS_JS = VIS_DIR / "vis-network.min.js"
SCHEMA = 1


@dataclass(frozen=True)
class RelationStyle:
    """How one relation looks: a shape *and* a colour, so the map still reads in black and
    white. ``symbol`` is the same shape as a character, for legends; ``colour`` is close
    to Streamlit's named colour ``streamlit_colour`` so a markdown legend matches."""

    shape: str               # a vis-network shape
    fill: str
    text: str                # darker shade of the fill, for text (sector names)
    symbol: str
    streamlit_colour: str
    image: str = ""          # for shape "image": an SVG data URI (a shape of its own, name below)


# Colour-blind-safe hues; every shape has a dark border, so it still reads in grey.
RELATION_STYLES: dict[Relation, RelationStyle] = {
    Relation.FAMILY: RelationStyle("dot", "#f5a623", "#9a5b00", "●", "orange"),
    Relation.FRIEND: RelationStyle("diamond", "#4aa3df", "#1d5f8f", "◆", "blue"),
    Relation.NEIGHBOUR: RelationStyle("square", "#3cb371", "#1f6b40", "■", "green"),
    Relation.COLLEAGUE: RelationStyle("triangle", "#f2d43d", "#7a6500", "▲", "yellow"),
    Relation.PEER_SUPPORTER: RelationStyle("triangleDown", "#9b72cf", "#5b3a8a", "▼", "violet"),
    # A "card" (a badge): vis-network has seven shapes with the name below, one short.
    Relation.PROFESSIONAL: RelationStyle(
        "image", "#c9ced6", "#4a5260", "▭", "gray",
        "data:image/svg+xml," + quote('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 44 30"><rect x="2" y="2" '
                                      'width="40" height="26" rx="5" fill="#c9ced6" stroke="#2b3440" stroke-width="3"/>'
                                      '<path d="M10 12h24M10 19h16" stroke="#2b3440" stroke-width="3"/></svg>')),
    Relation.EXPERT: RelationStyle("star", "#a7b0bd", "#4a5260", "★", "gray"),
    Relation.TRUSTED_PERSON: RelationStyle("hexagon", "#4f7fc0", "#1f4c85", "⬢", "primary"),
}
FOCAL_STYLE = {"shape": "ellipse", "fill": "#ffffff", "border": "#1b1f24", "border_width": 4}
NODE_BORDER = "#2b3440"
NOT_SAFE_BORDER = "#c62828"


@dataclass(frozen=True)
class TieStyle:
    colour: str
    width: float
    dashes: tuple[int, ...] | None   # None: a solid line
    sample: str                      # the line as characters, for legends
    streamlit_colour: str


TIE_STYLES: dict[TieKind, TieStyle] = {
    TieKind.SUPPORT: TieStyle("#56657a", 2.5, None, "———", "gray"),
    TieKind.CONFLICT: TieStyle("#c0392b", 3.5, (12, 8), "– – –", "red"),
    TieKind.BROKEN: TieStyle("#7b8794", 2.5, (2, 7), "·······", "gray"),
}

RING_LABELS = {1: N_("1 very close"), 2: N_("2 close"), 3: N_("3 further"), None: N_("not placed yet")}


def _texts(lang: str) -> dict[str, str]:
    _ = translator(lang)
    return {
        "recentre": _("Recentre"), "zoom_in": _("Zoom in"), "zoom_out": _("Zoom out"),
        "supports": _("Can help with: {items}"), "invitation": _("Invitation: {status}"),
        "not_safe": _("⚠ Never invite (safety)"), "moved": _("Moved by hand"),
        "centre": _("At the centre"), "loading": _("The map is loading…"),
        "failed": _("The map could not be drawn. Reload the page."),
    }


def payload(data: MapData, *, lang: str = "fr") -> dict:
    """What the map component (and the offline file) receives, as plain JSON-ready data.

    ``nodes``: ``id`` (internal id, never a name), ``x``, ``y``, ``label`` (the name, raw:
    the browser treats it as text), ``relation``, ``ring``, ``supports``, ``invitation``
    codes, ``version`` (what ``move_member`` expects back); ``focal``, ``not_safe`` and
    ``moved`` only when true. ``edges``: ``[id, from, to, kind]`` (arrays: a 150-person
    map has ~300 of them).
    ``relations``/``ties``/``supports``/``invitations``/``ring_names``: one style and
    label per code. ``rings`` and ``sectors`` are drawn behind the people (the first view
    shows them all). ``texts`` are the words of the controls and tooltips.
    """
    _ = translator(lang)
    nodes, unplaced = [], False
    for node in data.nodes:
        item = {"id": node.id, "x": node.x, "y": node.y, "label": node.label, "relation": node.relation.value,
                "ring": node.ring, "supports": [s.value for s in node.supports], "invitation": node.invitation.value,
                "version": node.version}
        for flag in ("is_focal", "not_safe", "moved"):
            if getattr(node, flag):
                item["focal" if flag == "is_focal" else flag] = True
        nodes.append(item)
        unplaced |= not node.is_focal and node.ring not in (1, 2, 3)
    drawn = [ring for ring in RINGS if ring is not None or unplaced]
    rings = [{"ring": ring, "radius": data.ring_radius[ring], "label": _(RING_LABELS[ring]), "dashed": ring is None}
             for ring in drawn]
    return {
        "schema": SCHEMA,
        "for_sharing": data.for_sharing,
        "nodes": nodes,
        "edges": [[e.id, e.source, e.target, e.kind.value] for e in data.edges],
        "rings": rings,
        "sectors": [{"relation": s.relation.value, "start": round(s.start, 4), "end": round(s.end, 4),
                     "label": label(s.relation, lang)} for s in data.sectors],
        "relations": {r.value: {"shape": st.shape, "fill": st.fill, "text": st.text, "label": label(r, lang),
                                **({"image": st.image} if st.image else {})} for r, st in RELATION_STYLES.items()},
        "focal_style": FOCAL_STYLE,
        "border": NODE_BORDER,
        "not_safe_border": NOT_SAFE_BORDER,
        "ties": {k.value: {"colour": st.colour, "width": st.width, "dashes": list(st.dashes) if st.dashes else False,
                           "label": label(k, lang)} for k, st in TIE_STYLES.items()},
        "supports": {s.value: label(s, lang) for s in Support},
        "invitations": {i.value: label(i, lang) for i in InvitationStatus},
        "ring_names": {("none" if ring is None else str(ring)): _(RING_LABELS[ring]) for ring in RINGS},
        "inner": FOCAL_RADIUS + 30,
        "max_coordinate": MAX_COORDINATE,
        "members": sum(1 for n in data.nodes if not n.is_focal),
        "texts": _texts(lang),
    }


_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                   0x2028: "\\u2028", 0x2029: "\\u2029"}


def script_json(value) -> str:
    """``value`` as compact JSON that is safe inside an HTML ``<script>`` element or an
    attribute-free text node: ``<``, ``>``, ``&``, U+2028, U+2029 are ``\\uXXXX`` escapes,
    which ``JSON.parse`` turns back into the same characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_SCRIPT_ESCAPES)


def payload_json(data: MapData, *, lang: str = "fr") -> str:
    """``payload`` as ``script_json``: what the page hands to the component."""
    return script_json(payload(data, lang=lang))


# --- the drawing, shared by the component and the offline file ---------------------------

# Plain ES5-compatible script text: a classic <script> in the offline file, and the top of
# the component's ES module in the app (pages/network_component.py). It defines one
# function, ``cercleMap(container, payload, options)``; it never writes HTML from data.
MAP_SCRIPT = r"""
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
      font: {size: n.focal ? (crowded() ? 40 : fontSize + 6) : fontSize},
      widthConstraint: {maximum: Math.round(fontSize * 10)},
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
  var measurer = document.createElement("canvas").getContext("2d");
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
    (showSectors ? p.sectors : []).forEach(function (s) {
      var at = sectorLabelAt(s, outer), rel = p.relations[s.relation];
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
    destroy: function () {
      network.destroy();
      canvasBox.remove();
      controls.remove();
    }
  };
}
"""

MAP_CSS = """
.cercle-map { position: relative; display: flex; flex-direction: column; width: 100%; height: 100%;
  min-height: 300px; background: #ffffff; border: 1px solid #d5dce6; border-radius: 12px; overflow: hidden; }
.cercle-canvas { position: relative; flex: 1 1 auto; min-height: 0; }
.cercle-vis { position: absolute; inset: 0; touch-action: none; }
.cercle-controls { display: flex; justify-content: flex-end; gap: 6px; padding: 6px; border-bottom: 1px solid #e6ebf2;
  background: #f8fafc; }
.cercle-controls button { font: 600 16px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; min-width: 44px;
  min-height: 40px; padding: 0 12px; border: 1px solid #b6c2d1; border-radius: 10px; background: #ffffff;
  color: #1b1f24; cursor: pointer; }
.cercle-controls button:hover, .cercle-controls button:focus-visible { background: #eef3f9;
  outline: 2px solid #1f5c99; }
.cercle-tooltip[hidden] { display: none; }
.cercle-tooltip { position: absolute; z-index: 3; max-width: 320px; padding: 8px 10px;
  background: #ffffff; color: #1b1f24; border: 1px solid #8fa1b8; border-radius: 8px;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.15); font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  white-space: normal; pointer-events: none; }
.cercle-tip strong { display: block; font-size: 16px; margin-bottom: 2px; overflow-wrap: anywhere; }
"""


# --- the offline file ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """pyvis's own copy of vis-network (never a CDN). It holds no ``</script`` (checked
    by a test), so it can sit inside a ``<script>`` element as it is."""
    return VIS_JS.read_text(encoding="utf-8")


# The offline file may run its own inline script and styles and show data: images (the
# professional's card), nothing else: no request can leave the computer.
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"

_PAGE_CSS = """
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24;
  background: #f6f8fb; }
header, main { max-width: 1200px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 1.2em 0 0.4em; }
.lead { margin: 0; color: #44546a; }
.cercle-map.map-box { height: min(80vh, 860px); }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; padding: 0; list-style: none; }
.legend .mark { display: inline-block; min-width: 1.6em; margin-right: .35em; font-weight: 700; }
.rings li { margin: 4px 0; }
@media print { .cercle-controls { display: none; } .cercle-map.map-box { height: 170mm; } body { background: #fff; } }
"""


def standalone_html(data: MapData, *, title: str, lang: str = "fr") -> str:
    """A self-contained HTML file of the map (vis-network inlined from pyvis's own file, no
    request leaves the computer: a Content-Security-Policy forbids any), physics off,
    fixed positions, with a legend and the list of people by circle.

    Only for the shareable map (``map_data(..., for_sharing=True)``): the file leaves the
    professional's hands. Every text goes through ``html.escape``; the map's data is
    ``script_json`` inside a ``<script type="application/json">`` element.
    """
    if not data.for_sharing:
        raise ValueError("standalone_html needs the shareable map (map_data(..., for_sharing=True))")
    _ = translator(lang)
    esc = html.escape
    body = payload(data, lang=lang)
    names = {n.id: n.label for n in data.nodes}
    focal = [n.label for n in data.nodes if n.is_focal]
    legend = "".join(
        f'<li><span class="mark" style="color:{style.fill}">{style.symbol}</span>{esc(label(relation, lang))}</li>'
        for relation, style in RELATION_STYLES.items())
    legend += "".join(
        f'<li><span class="mark" style="color:{style.colour}">{style.sample}</span>{esc(label(kind, lang))}</li>'
        for kind, style in TIE_STYLES.items())
    by_ring: dict[int | None, list[str]] = {ring: [] for ring in RINGS}
    for node in data.nodes:
        if not node.is_focal:
            by_ring[node.ring if node.ring in by_ring else None].append(node.label)
    rings = "".join(
        f"<li><strong>{esc(_(RING_LABELS[ring]))}</strong> ({len(people)}) : "
        f"{esc(' · '.join(sorted(people, key=str.casefold)))}</li>"
        for ring, people in by_ring.items() if people)
    ties = "".join(f"<li>{esc(names.get(e.source, ''))} — {esc(names.get(e.target, ''))} : "
                   f"{esc(label(e.kind, lang))}</li>" for e in data.edges)
    lead = _("Who is around {names}: the closer the circle, the closer the person.",
             names=" · ".join(focal)) if focal else _("The network map.")
    aria = _("Network map of {count} people", count=body["members"])
    return f"""<!DOCTYPE html>
<html lang="{esc(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<title>{esc(title)}</title>
<style>{_PAGE_CSS}{MAP_CSS}</style>
</head>
<body>
<header>
<h1>{esc(title)}</h1>
<p class="lead">{esc(lead)}</p>
</header>
<main>
<div id="cercle-map" class="cercle-map map-box" role="img" aria-label="{esc(aria)}"></div>
<h2>{esc(_("Legend"))}</h2>
<ul class="legend">{legend}</ul>
<h2>{esc(_("Who is on the map"))}</h2>
<ul class="rings">{rings or "<li>" + esc(_("Nobody yet.")) + "</li>"}</ul>
{f'<h2>{esc(_("Ties"))}</h2><ul class="rings">{ties}</ul>' if ties else ""}
</main>
<script type="application/json" id="cercle-map-data">{script_json(body)}</script>
<script>{vis_network_js()}</script>
<script>{MAP_SCRIPT}
(function () {{
  var box = document.getElementById("cercle-map");
  var data = JSON.parse(document.getElementById("cercle-map-data").textContent);
  window.cercleMapInstance = cercleMap(box, data, {{editable: false, wheelZoom: true}});
}})();
</script>
</body>
</html>
"""
