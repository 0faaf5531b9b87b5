"""The network map on paper (PDF, A4 portrait): a blank worksheet for families who
prefer pen and paper, and a printable copy of a filled map.

Pure: plain values or a ``MapData`` in, PDF bytes out; no database, no Streamlit.

- ``page``: the A4 canvas that numbers its pages, text helpers, shapes, bands, ties;
- ``text``: fonts, printable text, Arabic and Hebrew names shaped and reordered;
- ``quarters``: the four quarters' names, the same on both documents;
- ``worksheet``: the blank worksheet;
- ``filled_map`` and ``people_list``: the filled map's page and the list after it.

Why a PDF drawn with reportlab (BSD, pure Python): circles, dashed ties and shapes are
drawing, not text flow. A Word document would hold them as DrawingML shapes anchored to
paragraphs, which LibreOffice and Word place differently; a PDF prints the same
everywhere and nobody edits a map by moving shapes in Word.

Safety: names and the title are drawn as plain characters (markup prints literally);
control and invisible format characters are removed (a right-to-left override cannot
reorder a printed name) and characters the font lacks become a visible box. Nobody
flagged "not safe" or "not to be invited" is ever drawn, even if the caller passed them
(``conference.domain.safety`` decides who).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from conference import clock
from conference.domain import safety
from conference.domain.model import Participant
from conference.network import layout
from conference.network.layout import MapData

from .filled_map import draw_map_page
from .page import Paper, _
from .people_list import draw_people_pages
from .text import FONT_DIR, fonts, name_lines, printable, shorten, visual
from .worksheet import draw_worksheet

__all__ = [
    "FONT_DIR",
    "build_network_map_pdf",
    "build_network_worksheet",
    "fonts",
    "name_lines",
    "printable",
    "shareable_map",
    "shorten",
    "visual",
]


def build_network_worksheet(*, title: str = "", lang: str = "fr") -> bytes:
    """A blank worksheet (PDF, two A4 pages) to draw one's network by hand.

    Page 1: short plain-language instructions, the focal circle ("Me") and the three
    rings (1 very close, 2 close, 3 further) in four labelled quarters, and how to draw
    ties. Page 2: "Who can help with what?", one block of blank lines per support type.
    ``title`` (optional, e.g. the family's name) prints under the heading; the family
    writes the date. Writes nothing, audits nothing.
    """
    paper = Paper(lang, _("Cercle · My network", lang), title)
    draw_worksheet(paper, title)
    return paper.finish(document=_("My network", lang))


def build_network_map_pdf(map_data: MapData, *, title: str, lang: str = "fr", today: date | None = None) -> bytes:
    """A filled network map to print (PDF, A4): the rings in the worksheet's four
    quarters, every person on their circle with their whole name, ties, a legend and the
    date; then the list of people by ring with what they can help with, and "who can help
    with what?".

    Pass the *shareable* map (``layout.map_data(conf, for_sharing=True)`` or the
    ``map`` of ``services.network.get_shareable_network``): anyone not shareable is
    dropped here too, with their ties. ``today`` defaults to the current date. Writes
    nothing, audits nothing.
    """
    map_data = shareable_map(map_data)
    paper = Paper(lang, _("Cercle · Network map", lang), title)
    drawn = draw_map_page(paper, map_data, title, today or clock.today())
    paper.canvas.showPage()
    draw_people_pages(paper, map_data.nodes, drawn.numbers)
    paper.canvas.showPage()
    return paper.finish(document=_("Network map", lang))


def shareable_map(data: MapData) -> MapData:
    """``data`` without anyone ``safety.is_shareable`` refuses, nor their ties.

    When someone had to be left out (a caller passed the professional map), the others
    are laid out again as ``layout.map_data(..., for_sharing=True)`` would, so that no
    empty place on a ring or wider sector betrays that someone is missing.
    """
    nodes = tuple(n for n in data.nodes if safety.is_shareable(n))
    kept = {n.id for n in nodes}
    edges = tuple(e for e in data.edges if e.source in kept and e.target in kept and e.source != e.target)
    if len(nodes) == len(data.nodes) and len(edges) == len(data.edges):
        return data
    people = [Participant(n.id, n.label, n.relation, n.ring, is_focal=n.is_focal,
                          position=(n.x, n.y) if n.moved else None) for n in nodes]
    # (``concentric_layout`` needs someone at the centre: without, the given places stay.)
    positions = layout.concentric_layout(people) if any(p.is_focal for p in people) \
        else {n.id: (n.x, n.y) for n in nodes}
    nodes = tuple(replace(n, x=positions[n.id][0], y=positions[n.id][1]) for n in nodes)
    return replace(data, nodes=nodes, edges=edges, sectors=layout.sectors(people), for_sharing=True)
