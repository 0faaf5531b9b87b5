"""The blank worksheet (PDF, two A4 pages) for families who prefer pen and paper."""
from __future__ import annotations

from conference.domain.enums import Support, TieKind
from conference.i18n import N_
from conference.i18n.labels import label

from .page import (
    BAND_FILLS,
    GUIDE,
    HEADING,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RING_LABELS,
    Paper,
    bands,
    quarter_guides,
    tag,
    tie_sample,
    write_lines,
)
from .quarters import quarter_names_fitting
from .text import shorten

MAX_RADIUS = 255.0
FOCAL = 46.0

SUPPORT_EXAMPLES = {
    Support.EMOTIONAL: N_("listen, comfort, be there"),
    Support.PRACTICAL: N_("shopping, paperwork, small repairs"),
    Support.HOUSING: N_("a bed, a place to stay"),
    Support.CHILDCARE: N_("look after the children, take them to school"),
    Support.FINANCIAL: N_("lend or give money, help with the budget"),
    Support.TRANSPORT: N_("drive someone, go with them"),
    Support.OTHER: N_("anything else"),
}


def draw_worksheet(paper: Paper, title: str) -> None:
    """Page 1: short plain-language instructions, the focal circle ("Me") and the three
    rings in four labelled quarters, and how to draw ties. Page 2: "Who can help with
    what?", one block of blank lines per support type."""
    _map_page(paper, title)
    paper.canvas.showPage()
    _help_page(paper)
    paper.canvas.showPage()


def _map_page(paper: Paper, title: str) -> None:
    _ = paper._
    y = paper.heading(PAGE_HEIGHT - MARGIN - 14, _("My network: the people around me"))
    meta = paper.text(title) if title.strip() else ""
    date_label = _("Date: ……………………")
    if meta:
        room = PAGE_WIDTH - 2 * MARGIN - paper.width(date_label, 11) - 20
        paper.draw(MARGIN, y, shorten(meta, paper.font(True), 11, room), 11, bold=True, colour=MUTED)
    paper.draw(PAGE_WIDTH - MARGIN, y, date_label, 11, align="right", colour=MUTED)
    y -= 24

    steps = (
        _("Write your first name in the centre, in the circle “Me”."),
        _("Write the names of the people who matter to you: family, friends, neighbours, professionals…"),
        _("The closer the person is to you, the closer to the centre you write their name."),
        _("You can link two people with a line (see the bottom of the page)."),
    )
    for number, step in enumerate(steps, 1):
        paper.draw(MARGIN, y, f"{number}.", 11, bold=True, colour=HEADING)
        y = paper.paragraph(MARGIN + 16, y, step, 11, PAGE_WIDTH - 2 * MARGIN - 16) - 3

    # As large as the page allows (above the footer and the ties' legend): room to write.
    radius, cy, quarters = quarter_names_fitting(paper, PAGE_WIDTH / 2, y - 8, 112, MAX_RADIUS)
    cx = PAGE_WIDTH / 2
    band = (radius - FOCAL) / 3
    radii = (FOCAL, FOCAL + band, FOCAL + 2 * band, radius)
    bands(paper, cx, cy, radii)
    quarter_guides(paper, cx, cy, FOCAL, radius)
    boxes = quarters.draw()
    lowest = min([cy - radius] + [box[1] for box in boxes])

    # Ring names on the 12 o'clock guide, in each band's upper part.
    for ring in (1, 2, 3):
        tag(paper, cx, cy + radii[ring] - band * 0.3, _(RING_LABELS[ring]), 9.5, fill=BAND_FILLS[ring - 1])
    paper.draw(cx, cy + 14, _("Me"), 14, bold=True, align="centre", colour=HEADING)
    write_lines(paper, cx - FOCAL * 0.68, cy - 12, FOCAL * 1.36, 1)

    # How to draw ties, one per line.
    y = lowest - 12
    paper.draw(MARGIN, y, _("To link two people, draw a line:"), 10.5, bold=True, colour=HEADING)
    for kind, text in ((TieKind.SUPPORT, _("they help each other")), (TieKind.CONFLICT, _("they are in conflict")),
                       (TieKind.BROKEN, _("they no longer talk to each other"))):
        y -= 16
        tie_sample(paper, MARGIN + 4, y + 3, kind)
        paper.draw(MARGIN + 48, y, text, 10.5)


def _help_page(paper: Paper) -> None:
    _ = paper._
    y = paper.heading(PAGE_HEIGHT - MARGIN - 14, _("Who can help with what?"))
    y = paper.paragraph(MARGIN, y - 2, _("For each need, write the names of the people who can help. "
                                         "One person can help with several things."),
                        11, PAGE_WIDTH - 2 * MARGIN) - 10
    width = PAGE_WIDTH - 2 * MARGIN
    # Two lines to write on per need, as tall as the page allows (large handwriting too).
    gap = max(24.0, min(34.0, ((y - 150) / len(Support) - 20) / 2))
    for support in Support:
        name = paper.text(label(support, paper.lang))
        paper.draw(MARGIN, y, name, 12.5, bold=True, colour=HEADING)
        paper.draw(MARGIN + paper.width(name, 12.5, True) + 8, y, paper.text(f"({_(SUPPORT_EXAMPLES[support])})"), 10,
                   colour=MUTED)
        y = write_lines(paper, MARGIN, y - gap, width, 2, gap) + gap - 20
    y -= 6
    c = paper.canvas
    c.saveState()
    c.setFillColorRGB(*BAND_FILLS[1])
    c.setStrokeColorRGB(*GUIDE)
    box = 58
    c.roundRect(MARGIN, y - box + 14, width, box, 6, stroke=1, fill=1)
    c.restoreState()
    paper.draw(MARGIN + 10, y, _("Someone must not come to the meeting?"), 11.5, bold=True, colour=HEADING)
    paper.paragraph(MARGIN + 10, y - 17, _("Do not write it on this sheet. Tell the coordinator, in private: "
                                           "they will make sure this person is not invited."),
                    10.5, width - 20)
