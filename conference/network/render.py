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
from functools import cache, lru_cache
from pathlib import Path

import pyvis

from conference.domain.enums import InvitationStatus, Support
from conference.i18n import N_, translator
from conference.i18n.labels import label

from .exchange import MAX_COORDINATE
from .layout import FOCAL_RADIUS, RINGS, MapData
from .styles import (  # noqa: F401
    FOCAL_STYLE,
    NODE_BORDER,
    NOT_SAFE_BORDER,
    PLAIN_GROUPS,
    RELATION_STYLES,
    TIE_STYLES,
    RelationStyle,
    TieStyle,
    legend_svg,
    tie_svg,
)

VIS_DIR = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
VIS_JS = VIS_DIR / "vis-network.min.js"
SCHEMA = 1


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

ASSETS = Path(__file__).resolve().parent / "assets"


@cache
def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


# ``cercleMap(container, payload, options)``: plain ES5-compatible script (assets/cercle_map.js),
# a classic <script> in the offline file and the top of the component's ES module in the app.
MAP_SCRIPT = _asset("cercle_map.js")
MAP_CSS = _asset("cercle_map.css")       # the canvas, the zoom buttons, the tooltip
PAGE_CSS = _asset("offline_page.css")    # the offline file's page around the map, print included
PRINT_MANY = 40  # past this many people, the printed page has a smaller map and a longer list in three columns


# --- the offline file ---------------------------------------------------------------------

@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """pyvis's own copy of vis-network (never a CDN). It holds no ``</script`` (checked
    by a test), so it can sit inside a ``<script>`` element as it is."""
    return VIS_JS.read_text(encoding="utf-8")


# The offline file may run its own inline script and styles and show data: images (the
# professional's card), nothing else: no request can leave the computer.
CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"

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
    legend = "".join(f"<li>{legend_svg(relation)}{esc(_(PLAIN_GROUPS[relation]))}</li>" for relation in RELATION_STYLES
                     if any(n.relation is relation and not n.is_focal for n in data.nodes))
    legend += "".join(f"<li>{tie_svg(kind)}{esc(label(kind, lang))}</li>" for kind in TIE_STYLES)
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
<style>{PAGE_CSS}{MAP_CSS}</style>
</head>
<body class="{"many" if body["members"] > PRINT_MANY else "few"}">
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
{f'<section class="screen-only"><h2>{esc(_("Ties"))}</h2><ul class="rings">{ties}</ul></section>' if ties else ""}
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
