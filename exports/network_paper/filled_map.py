"""The filled network map's first page: the circles in the worksheet's four quarters,
every person as a shape with their whole name (9 pt at least, never cut), the ties, and
a legend with the screen's shapes and colours.

The paper keeps each person's circle but not their place on screen: the app spreads
people over one sector per relation, sized by how many they are, while the family's
worksheet has four fixed quarters. The printed map uses those four quarters (family at
the top right, then clockwise), so a sheet filled in by hand and the printed map can be
laid side by side. Inside a quarter, the people of one circle are spread evenly, by name.

A name that finds no free place, even on two or three lines, is not shortened: the
person gets a number on the map, and the list of the next page gives the number's name.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from conference.domain.enums import Relation, TieKind
from conference.i18n import format_date
from conference.i18n.labels import label
from conference.network.layout import MapData, MapNode
from conference.network.styles import PLAIN_GROUPS

from .page import (
    BAND_FILLS,
    EDGE_CLEARANCE,
    GUIDE,
    HEADING,
    INK,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    QUARTER_OF,
    RING_LABELS,
    Paper,
    bands,
    quarter_guides,
    shape,
    stroke_tie,
    tag,
    tie_sample,
)
from .quarters import quarter_names_fitting
from .text import balanced_lines, measure, shorten, whole_lines

NAME_SIZE = 9.0            # points: no name on the map is smaller
NAME_LEADING = NAME_SIZE * 1.12
NAME_MAX_WIDTH = 96.0      # points: a longer name goes on two or three lines
SHAPE_RADIUS = 5.0
MAP_MAX_RADIUS = 262.0     # points, rim of the outer band
NAME_SPACING = 62.0        # points along a circle between two people of one quarter before rows stagger
RING_TAG_SIZE = 8.0


@dataclass(frozen=True)
class Geometry:
    """Where the map sits on the page: centre, scale (points per layout unit), band edges."""

    cx: float
    cy: float
    scale: float
    edges: tuple[float, ...]   # layout units: focal circle, then each ring's outer edge
    rings: tuple[int | None, ...]
    ring_radius: dict

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.cx + x * self.scale, self.cy - y * self.scale  # layout y points down

    @property
    def rim(self) -> float:
        return self.edges[-1] * self.scale


@dataclass(frozen=True)
class Drawn:
    """What the map page drew, for the people list (numbers) and for tests: each name's
    lines and box, each number's box, the quarter names' boxes."""

    names: dict[int, tuple[tuple[str, ...], tuple[float, float, float, float]]]
    numbers: dict[int, int]                # person id → the number printed instead of the name
    number_boxes: dict[int, tuple[float, float, float, float]]
    quarter_boxes: tuple[tuple[float, float, float, float], ...]
    quarter_of: dict[int, int]             # person id → quarter (0: family, clockwise)
    positions: dict[int, tuple[float, float]]
    centre: tuple[float, float, float]     # cx, cy, rim


def ring_edges(map_data: MapData, with_unplaced: bool) -> tuple[tuple[float, ...], tuple[int | None, ...]]:
    """Band edges in layout units: halfway between two rings' people, the same gap outside."""
    rings: list[int | None] = [r for r in (1, 2, 3) if r in map_data.ring_radius]
    if with_unplaced and None in map_data.ring_radius:
        rings.append(None)
    radii = [map_data.ring_radius[r] for r in rings]
    gaps = [b - a for a, b in zip(radii, radii[1:])] or [radii[0]]
    edges = [max(radii[0] - gaps[0] / 2, radii[0] * 0.3)]
    edges += [(a + b) / 2 for a, b in zip(radii, radii[1:])]
    edges.append(radii[-1] + gaps[-1] / 2)
    return tuple(edges), tuple(rings)


def draw_map_page(paper: Paper, map_data: MapData, title: str, today: date) -> Drawn:
    """The map page (the caller ends the page)."""
    _ = paper._
    nodes, edges = map_data.nodes, map_data.edges
    y = paper.heading(PAGE_HEIGHT - MARGIN - 14, _("Network map"))
    meta = paper.text(title)
    if meta:
        paper.draw(MARGIN, y, shorten(meta, paper.font(True), 12, PAGE_WIDTH - 2 * MARGIN), 12, bold=True,
                   colour=MUTED)
        y -= 16
    people = sum(1 for n in nodes if not n.is_focal)
    paper.draw(MARGIN, y, _("Printed on {date} · people around the centre: {count}",
                            date=format_date(today, paper.lang), count=people), 10, colour=MUTED)
    legend = MapLegend(paper, nodes)
    top, bottom = y - 10, 40 + legend.height + 8

    unplaced = any(n.ring not in (1, 2, 3) and not n.is_focal for n in nodes)
    layout_edges, rings = ring_edges(map_data, unplaced)
    radius, cy, quarters = quarter_names_fitting(paper, PAGE_WIDTH / 2, top, bottom, MAP_MAX_RADIUS)
    g = Geometry(PAGE_WIDTH / 2, cy, radius / layout_edges[-1], layout_edges, rings, map_data.ring_radius)

    bands(paper, g.cx, g.cy, [e * g.scale for e in layout_edges], dashed_last=unplaced)
    quarter_guides(paper, g.cx, g.cy, layout_edges[0] * g.scale, g.rim)
    positions, quarter_of = paper_positions(g, nodes)
    _ties(paper, positions, edges)
    if sum(1 for n in nodes if n.is_focal) <= 1:  # ties to the centre stop at its circle, clear of the name
        bands(paper, g.cx, g.cy, [layout_edges[0] * g.scale])
    placed = Boxes()
    for box in quarters.draw():
        placed.add(box)
    for index, ring in enumerate(rings):  # each band's name on the 12 o'clock line, kept clear of names
        inner, outer = layout_edges[index] * g.scale, layout_edges[index + 1] * g.scale
        ty = g.cy + outer - min(9.0, (outer - inner) * 0.3)
        placed.add(tag(paper, g.cx, ty, _(RING_LABELS[ring]), RING_TAG_SIZE,
                       fill=BAND_FILLS[index] if index < 3 else (1, 1, 1)))
    area = (EDGE_CLEARANCE, bottom, PAGE_WIDTH - EDGE_CLEARANCE, top)
    drawn = _people(paper, g, nodes, positions, placed, area)
    legend.draw(bottom - 8, numbered=bool(drawn[1]))
    return Drawn(drawn[0], drawn[1], drawn[2], tuple(quarters.boxes), quarter_of, positions, (g.cx, g.cy, g.rim))


# --- where people go ------------------------------------------------------------------------

def quarter(node: MapNode) -> int:
    return QUARTER_OF.get(node.relation, 0)


def paper_positions(g: Geometry, nodes: Iterable[MapNode]) -> tuple[dict[int, tuple[float, float]], dict[int, int]]:
    """Page points of each person: the focal person(s) at the centre as on screen; the
    others in their relation's quarter, on their circle, spread evenly by name, on
    staggered rows when the quarter is crowded."""
    positions: dict[int, tuple[float, float]] = {}
    quarter_of: dict[int, int] = {}
    groups: dict[tuple[int, int | None], list[MapNode]] = {}
    for node in nodes:
        if node.is_focal:
            x, y = node.x, node.y
            limit = g.edges[0] * 0.7
            distance = math.hypot(x, y)
            if distance > limit:
                x, y = x * limit / distance, y * limit / distance
            positions[node.id] = g.point(x, y)
            continue
        ring = node.ring if node.ring in (1, 2, 3) and node.ring in g.rings else None
        quarter_of[node.id] = quarter(node)
        groups.setdefault((quarter(node), ring), []).append(node)
    for (index, ring), group in groups.items():
        group.sort(key=lambda n: (n.relation is not Relation.FAMILY, " ".join(n.label.split()).casefold(), n.id))
        slot = g.rings.index(ring) if ring in g.rings else len(g.rings) - 1
        inner, outer = g.edges[slot] * g.scale, g.edges[slot + 1] * g.scale
        middle = (inner + outer) / 2
        pad = min(math.radians(20), 16 / middle)  # keep shapes off the quarter guides
        start = math.radians(90 - 90 * index) - pad  # PDF angles: counter-clockwise from 3 o'clock
        span = (math.pi / 2 - 2 * pad) / len(group)
        step = middle * span
        rows = 1 if step >= NAME_SPACING else min(3, math.ceil(NAME_SPACING / max(step, 1e-6)))
        offset = (outer - inner) * 0.27
        for i, node in enumerate(group):
            angle = start - (i + 0.5) * span
            r = middle + (i % rows - (rows - 1) / 2) * (offset if rows > 1 else 0)
            positions[node.id] = (g.cx + r * math.cos(angle), g.cy + r * math.sin(angle))
    return positions, quarter_of


def _ties(paper: Paper, positions: dict, edges) -> None:
    c = paper.canvas
    for kind in (TieKind.SUPPORT, TieKind.BROKEN, TieKind.CONFLICT):  # conflicts on top
        c.saveState()
        stroke_tie(paper, kind)
        for edge in edges:
            if edge.kind is kind and edge.source in positions and edge.target in positions:
                c.line(*positions[edge.source], *positions[edge.target])
        c.restoreState()


# --- names ------------------------------------------------------------------------------------

class Boxes:
    """Rectangles already drawn (shapes, names, tags), in a grid to test overlaps quickly."""

    CELL = 40.0

    def __init__(self):
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box):
        x0, y0, x1, y1 = box
        for i in range(int(x0 // self.CELL), int(x1 // self.CELL) + 1):
            for j in range(int(y0 // self.CELL), int(y1 // self.CELL) + 1):
                yield i, j

    def add(self, box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def overlap(self, box, *, ignore=None) -> float:
        """Area of ``box`` covered by boxes already added (0: free), ``ignore`` aside."""
        x0, y0, x1, y1 = box
        seen, area = set(), 0.0
        for key in self._keys(box):
            for other in self.cells.get(key, ()):
                if other is ignore or id(other) in seen:
                    continue
                seen.add(id(other))
                width, height = min(x1, other[2]) - max(x0, other[0]), min(y1, other[3]) - max(y0, other[1])
                if width > 0 and height > 0:
                    area += width * height
        return area


def _people(paper: Paper, g: Geometry, nodes, positions: dict, placed: Boxes, area):
    """Shapes, then whole names where they overlap nothing; a number for the others."""
    r = SHAPE_RADIUS
    focal = [n for n in nodes if n.is_focal]
    others = sorted((n for n in nodes if not n.is_focal), key=lambda n: (n.ring or 4, n.id))
    shapes, names, homeless = {}, {}, []
    if len(focal) == 1:  # alone at the centre: a large name across the focal circle, no shape
        names[focal[0].id] = _centre_name(paper, g, focal[0], positions[focal[0].id], placed)
        focal = []
    for node in focal + others:
        x, y = positions[node.id]
        shape(paper, node.relation, x, y, r)
        shapes[node.id] = (x - r * 1.2, y - r * 1.2, x + r * 1.2, y + r * 1.2)
        placed.add(shapes[node.id])
    for node in focal + others:
        text = paper.text(node.label)
        found = _free_place(paper, text, positions[node.id], node.is_focal, placed, shapes[node.id], area)
        if found is None:
            homeless.append(node)
            continue
        lines, box = found
        placed.add(box)
        _name(paper, lines, box, node.is_focal)
        names[node.id] = (tuple(lines), box)
    numbers = {n.id: i for i, n in enumerate(sorted(homeless, key=list_order), 1)}
    number_boxes = {}
    for node in homeless:
        text = str(numbers[node.id])
        x, y = positions[node.id]
        width = paper.width(text, NAME_SIZE, True) + 3
        options = _around(x, y, width, NAME_LEADING)
        box = min(options, key=lambda b: placed.overlap(b, ignore=shapes[node.id]) + _outside(b, area))
        placed.add(box)
        _name(paper, [text], box, True)
        number_boxes[node.id] = box
    return names, numbers, number_boxes


def list_order(node: MapNode) -> tuple:
    """The order of the people list: by circle, family first, then by name."""
    return (node.ring if node.ring in (1, 2, 3) else 4, node.relation is not Relation.FAMILY,
            " ".join(node.label.split()).casefold(), node.id)


def _centre_name(paper: Paper, g: Geometry, node: MapNode, at, placed: Boxes):
    """The person at the centre, in bold, on one line across the focal circle (smaller
    type for a long name, two lines only when even 9 pt does not fit)."""
    x, y = at
    width = g.edges[0] * g.scale * 1.9
    font = paper.font(True)
    text = paper.text(node.label)
    size = 12.0
    while size > NAME_SIZE and measure(text, font, size) > width:
        size -= 0.5
    lines = [text] if measure(text, font, size) <= width else balanced_lines(text, font, size, 2)
    leading = size * 1.15
    top = y + (len(lines) - 1) * leading / 2 - size * 0.35
    for index, line in enumerate(lines):
        paper.draw(x, top - index * leading, line, size, bold=True, align="centre", colour=HEADING, base=None)
    widest = max(measure(line, font, size) for line in lines)
    box = (x - widest / 2 - 1, top - leading * (len(lines) - 1) - size * 0.3, x + widest / 2 + 1, top + size * 0.9)
    placed.add(box)
    return tuple(lines), box


def _around(x: float, y: float, width: float, height: float) -> list[tuple[float, float, float, float]]:
    """Boxes of ``width`` × ``height`` beside a shape at (x, y): below, above, right, left,
    then the four diagonals, then a little further out."""
    r = SHAPE_RADIUS + 1.5
    boxes = []
    for gap in (0.0, 5.0):
        boxes += [(x - width / 2, y - r - gap - height, x + width / 2, y - r - gap),
                  (x - width / 2, y + r + gap, x + width / 2, y + r + gap + height),
                  (x + r + gap, y - height / 2, x + r + gap + width, y + height / 2),
                  (x - r - gap - width, y - height / 2, x - r - gap, y + height / 2),
                  (x + r * 0.4, y - r - gap - height, x + r * 0.4 + width, y - r - gap),
                  (x - r * 0.4 - width, y - r - gap - height, x - r * 0.4, y - r - gap),
                  (x + r * 0.4, y + r + gap, x + r * 0.4 + width, y + r + gap + height),
                  (x - r * 0.4 - width, y + r + gap, x - r * 0.4, y + r + gap + height)]
    return boxes


def _free_place(paper: Paper, text: str, at, bold: bool, placed: Boxes, own, area):
    """Lines and box of one whole name where it overlaps nothing, trying one line, then
    two and three balanced lines; None when there is no such place."""
    font = paper.font(bold)
    x, y = at
    variants = []
    if measure(text, font, NAME_SIZE) <= NAME_MAX_WIDTH:
        variants.append([text])
    for count in (2, 3):
        lines = balanced_lines(text, font, NAME_SIZE, count)
        if max(measure(line, font, NAME_SIZE) for line in lines) > NAME_MAX_WIDTH * 1.3:
            lines = whole_lines(text, font, NAME_SIZE, NAME_MAX_WIDTH)
        if lines not in variants:
            variants.append(lines)
    for lines in variants:
        width = max(measure(line, font, NAME_SIZE) for line in lines) + 2
        for box in _around(x, y, width, NAME_LEADING * len(lines) + 1):
            if not placed.overlap(box, ignore=own) and not _outside(box, area):
                return lines, box
    return None


def _outside(box, area) -> float:
    """The box's area when it leaves the map's part of the page, else 0."""
    x0, y0, x1, y1 = box
    if x0 < area[0] or y0 < area[1] or x1 > area[2] or y1 > area[3]:
        return (x1 - x0) * (y1 - y0)
    return 0.0


def _name(paper: Paper, lines, box, bold: bool) -> None:
    """A name (or number) in its box, centred, on a pale halo so that ties and guides do not cross it."""
    c = paper.canvas
    x0, y0, x1, y1 = box
    c.saveState()
    c.setFillColorRGB(1, 1, 1)
    c.setFillAlpha(0.85)
    c.rect(x0, y0, x1 - x0, y1 - y0, stroke=0, fill=1)
    c.restoreState()
    for index, line in enumerate(lines):
        paper.draw((x0 + x1) / 2, y1 - NAME_SIZE * 0.9 - index * NAME_LEADING, line, NAME_SIZE, bold=bold,
                   align="centre", colour=HEADING if bold else INK, base=None)


# --- the legend -------------------------------------------------------------------------------

class MapLegend:
    """Under the map: the shape of each relation on the map, and the three kinds of ties."""

    SIZE = 9.0
    ROW = 15.0

    def __init__(self, paper: Paper, nodes: tuple[MapNode, ...]):
        self.paper = paper
        several = sum(1 for n in nodes if n.is_focal) > 1
        drawn = {n.relation for n in nodes if several or not n.is_focal}  # a lone centre has no shape
        self.relations = [(r, paper._(PLAIN_GROUPS[r])) for r in Relation if r in drawn]
        self.ties = [(k, paper.text(label(k, paper.lang))) for k in TieKind]
        self.ties_width = 40 + max(paper.width(t, self.SIZE) for _k, t in self.ties)
        self.column = 18 + max([paper.width(t, self.SIZE) for _r, t in self.relations] or [40]) + 14
        room = PAGE_WIDTH - 2 * MARGIN - self.ties_width - 20
        self.per_row = max(1, min(len(self.relations) or 1, int(room // self.column)))
        rows = max(len(TieKind), math.ceil(len(self.relations) / self.per_row))
        self.height = 22 + rows * self.ROW + 14

    def draw(self, top: float, *, numbered: bool) -> None:
        paper, c = self.paper, self.paper.canvas
        _ = paper._
        c.saveState()
        c.setStrokeColorRGB(*GUIDE)
        c.setLineWidth(0.5)
        c.line(MARGIN, top + 8, PAGE_WIDTH - MARGIN, top + 8)
        c.restoreState()
        if self.relations:
            paper.draw(MARGIN, top - 6, _("Who is who"), 9.5, bold=True, colour=HEADING)
        for index, (relation, text) in enumerate(self.relations):
            row, col = divmod(index, self.per_row)
            x, y = MARGIN + col * self.column, top - 22 - row * self.ROW
            shape(paper, relation, x + 5, y + 3, 5)
            paper.draw(x + 15, y, text, self.SIZE)
        x = PAGE_WIDTH - MARGIN - self.ties_width
        paper.draw(x, top - 6, _("Ties between people"), 9.5, bold=True, colour=HEADING)
        for index, (kind, text) in enumerate(self.ties):
            y = top - 22 - index * self.ROW
            tie_sample(paper, x, y + 3, kind, 30)
            paper.draw(x + 38, y, text, self.SIZE)
        if numbered:
            y = top - 22 - (max(len(self.ties), math.ceil(len(self.relations) / self.per_row))) * self.ROW - 2
            paper.draw(MARGIN, y, _("A number on the map: the name did not fit there; it is in the list on the "
                                    "next page, with the same number."), self.SIZE, colour=MUTED)
