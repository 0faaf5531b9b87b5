"""The four quarters' names around the circles, shared by the worksheet and the filled
map: each name sits outside the circle near its quarter's corner, as close to the
diagonal as its longest word allows, and never nearer the paper's edge than
``EDGE_CLEARANCE`` (10 mm: a printer's margin, a hole punch, a thumb)."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .page import EDGE_CLEARANCE, HEADING, PAGE_WIDTH, QUARTER_SIZE, QUARTERS, Paper

GAP = 5.0  # points between the circle and a quarter's name


@dataclass
class Quarters:
    """The four names, their lines and where they go (``boxes``: x0, y0, x1, y1)."""

    paper: Paper
    size: float
    lines: list[list[str]]
    anchors: list[tuple[float, float, bool, bool]]  # x, y of the corner nearest the circle; right?; top?
    boxes: list[tuple[float, float, float, float]]

    def draw(self) -> list[tuple[float, float, float, float]]:
        leading = self.size * 1.25
        for lines, (x, y, right, top) in zip(self.lines, self.anchors):
            first = y + leading * (len(lines) - 1) + self.size * 0.3 if top else y - self.size * 0.95
            for index, line in enumerate(lines):
                self.paper.draw(x, first - index * leading, line, self.size, bold=True,
                                align="left" if right else "right", colour=HEADING)
        return self.boxes


def arrange(paper: Paper, cx: float, cy: float, radius: float, size: float = QUARTER_SIZE) -> Quarters | None:
    """The quarters' names for a circle of ``radius`` at (cx, cy), or None when a word is
    wider than the room beside the circle at any angle up to 75°."""
    texts = [paper._(name) for name in QUARTERS]
    leading = size * 1.25
    for degrees in range(45, 80, 5):
        angle = math.radians(degrees)
        dx, dy = radius * math.cos(angle) + GAP, radius * math.sin(angle) + GAP
        room = PAGE_WIDTH - EDGE_CLEARANCE - (cx + dx)
        if room <= 0:
            continue
        wrapped = [paper.wrap(text, size, room, bold=True) for text in texts]
        if any(paper.width(line, size, True) > room for lines in wrapped for line in lines):
            continue
        anchors, boxes = [], []
        for index, lines in enumerate(wrapped):
            right, top = index in (0, 1), index in (0, 3)
            x = cx + dx if right else cx - dx
            y = cy + dy if top else cy - dy
            widest = max(paper.width(line, size, True) for line in lines)
            height = leading * len(lines)
            anchors.append((x, y, right, top))
            boxes.append((x if right else x - widest, y if top else y - height,
                          x + widest if right else x, y + height if top else y))
        return Quarters(paper, size, wrapped, anchors, boxes)
    return None


def quarter_names_fitting(paper: Paper, cx: float, top: float, bottom: float, max_radius: float,
                          size: float = QUARTER_SIZE) -> tuple[float, float, Quarters]:
    """The largest circle (up to ``max_radius``) that fits between ``top`` and ``bottom``
    with the quarters' names around it: (radius, centre y, the names placed)."""
    radius = max_radius
    while True:
        placed = arrange(paper, cx, 0.0, radius, size)
        if placed is not None:
            above = max([radius] + [box[3] for box in placed.boxes])
            below = max([radius] + [-box[1] for box in placed.boxes])
            if above + below <= top - bottom or radius <= 80:
                cy = top - above - ((top - bottom) - (above + below)) / 2
                return radius, cy, arrange(paper, cx, cy, radius, size)  # type: ignore[return-value]
        if radius <= 80:
            # Nothing fits (a huge font in a tiny page): the names as they are, the circle small.
            return radius, (top + bottom) / 2, arrange(paper, cx, (top + bottom) / 2, radius, size * 0.8) \
                or Quarters(paper, size, [[] for _ in QUARTERS], [(cx, 0, True, True)] * 4, [])
        radius -= 4
