"""The filled map's next pages: the people by circle with what they can help with (whole
names, and the number a person has on the map when their name did not fit there), then
"who can help with what?", continued on as many pages as needed."""
from __future__ import annotations

import re

from conference.domain.enums import Support
from conference.i18n.labels import label
from conference.network.layout import MapNode
from conference.network.styles import PLAIN_ONE

from .filled_map import list_order
from .page import (
    HEADING,
    INK,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RING_LABELS,
    Paper,
)

INDENT = 20.0


def draw_people_pages(paper: Paper, nodes: tuple[MapNode, ...], numbers: dict[int, int]) -> None:
    _ = paper._
    flow = Flow(paper)
    flow.heading(_("The people on the map"), 16)
    width = PAGE_WIDTH - 2 * MARGIN
    focal = [n for n in nodes if n.is_focal]
    if focal:
        flow.line(_("At the centre: {names}", names=", ".join(paper.text(n.label) for n in focal)), bold=True)
        flow.space(6)
    for ring in (1, 2, 3, None):
        members = sorted((n for n in nodes if not n.is_focal and (n.ring if n.ring in (1, 2, 3) else None) == ring),
                         key=list_order)
        if not members:
            continue
        flow.heading(_(RING_LABELS[ring]), 12, keep=2)
        for node in members:
            relation = _(PLAIN_ONE[node.relation])
            helps = ", ".join(label(s, paper.lang) for s in node.supports)
            text = f"{node.label} — {relation}" + (f" — {_('can help with: {what}', what=helps)}" if helps else "")
            number = numbers.get(node.id)
            flow.line(paper.text(text), indent=INDENT, bullet=f"{number}." if number else "•", width=width - INDENT)
        flow.space(4)
    flow.space(8)
    flow.heading(_("Who can help with what?"), 16, keep=3)
    column = 12 + max(paper.width(paper.text(label(s, paper.lang)), 10.5, True) for s in Support)
    for support in Support:
        names = sorted((paper.text(n.label) for n in nodes if support in n.supports), key=natural)
        flow.pair(paper.text(label(support, paper.lang)), ", ".join(names) if names else _("Nobody yet"), column,
                  colour=INK if names else MUTED)


def natural(name: str) -> tuple:
    """Sort key: case-insensitive, numbers by value ("Personne 2" before "Personne 10")."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", " ".join(name.split()).casefold()))


class Flow:
    """Text running down the pages, a new page when the bottom margin is reached."""

    BOTTOM = 48.0

    def __init__(self, paper: Paper):
        self.paper = paper
        self.y = PAGE_HEIGHT - MARGIN - 14

    def _room(self, needed: float) -> None:
        if self.y - needed < self.BOTTOM:
            self.paper.canvas.showPage()
            self.y = PAGE_HEIGHT - MARGIN - 14

    def space(self, points: float) -> None:
        self.y -= points

    def heading(self, text: str, size: float, keep: int = 1) -> None:
        self._room(size * 1.4 + keep * 14)
        self.paper.draw(MARGIN, self.y, text, size, bold=True, colour=HEADING)
        self.y -= size * 1.4

    def line(self, text: str, *, bold: bool = False, indent: float = 0, width: float | None = None,
             bullet: str = "", keep: int = 1, colour=INK, size: float = 10.5) -> None:
        width = width or PAGE_WIDTH - 2 * MARGIN - indent
        lines = self.paper.wrap(text, size, width, bold)
        leading = size * 1.35
        self._room(leading * min(len(lines) + keep - 1, 4))
        for index, part in enumerate(lines):
            self._room(leading)
            if bullet and index == 0:
                self.paper.draw(MARGIN + indent - 5, self.y, bullet, size, bold=bullet != "•", align="right",
                                colour=HEADING)
            self.paper.draw(MARGIN + indent, self.y, part, size, bold=bold, colour=colour)
            self.y -= leading

    def pair(self, name: str, text: str, column: float, *, colour=INK, size: float = 10.5) -> None:
        """``name`` in bold, then ``text`` wrapped in a column beside it."""
        lines = self.paper.wrap(text, size, PAGE_WIDTH - 2 * MARGIN - column)
        leading = size * 1.35
        self._room(leading * min(len(lines), 3))
        self.paper.draw(MARGIN, self.y, name, size, bold=True)
        for part in lines:
            self._room(leading)
            self.paper.draw(MARGIN + column, self.y, part, size, colour=colour)
            self.y -= leading
        self.y -= 2
