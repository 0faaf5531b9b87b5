"""A deterministic concentric layout of the network map, computed in Python.

The focal person sits at the centre; everyone else on a ring by closeness (1 very close,
2 close, 3 further, no ring → an outer "not placed yet" ring) and in an angular sector
by relation (family, friends, neighbours… always in the order of ``Relation``, starting
at 12 o'clock and going clockwise on screen). A position moved by hand wins.

Why in Python: vis-network's physics takes seconds to settle a 150-person map and never
lands twice in the same place; this layout is instant, stable (the same people always
get the same positions, whatever their order) and lets the renderer switch physics off.

Units are vis-network canvas pixels, origin at the centre, y pointing down.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from conference.domain.enums import InvitationStatus, Relation, Support, TieKind
from conference.domain.model import Participant

from .graph import NetworkSource, focal_ids, network_parts

RING_RADIUS: dict[int | None, float] = {1: 180.0, 2: 330.0, 3: 480.0, None: 630.0}  # None: not placed yet
RINGS: tuple[int | None, ...] = (1, 2, 3, None)
RELATION_ORDER: tuple[Relation, ...] = tuple(Relation)
FOCAL_RADIUS = 60.0     # several focal people (a mother and her child) share the centre
NODE_SPACING = 70.0     # the smallest distance along a ring between two neighbours
ROW_GAP = 45.0          # a crowded sector staggers its people on rows this far apart
MAX_ROWS = 3            # 3 rows x 45 px stay inside the 150 px between two rings
_TOP = -math.pi / 2     # 12 o'clock; angles grow clockwise on screen (y points down)


@dataclass(frozen=True)
class Sector:
    """The angular slice of one relation, in radians (``start`` < ``end``)."""

    relation: Relation
    start: float
    end: float
    members: int


def sectors(people: Iterable[Participant]) -> tuple[Sector, ...]:
    """One sector per relation present among the non-focal people, in ``RELATION_ORDER``.

    A sector's width is proportional to its number of people plus one, so a crowded
    family sector gets room and a lone neighbour still gets a readable slice.
    """
    counts: dict[Relation, int] = defaultdict(int)
    for person in people:
        if not person.is_focal:
            counts[person.relation] += 1
    present = [r for r in RELATION_ORDER if counts[r]]
    total = sum(counts[r] + 1 for r in present)
    out, start = [], _TOP
    for relation in present:
        width = 2 * math.pi * (counts[relation] + 1) / total
        out.append(Sector(relation, start, start + width, counts[relation]))
        start += width
    return tuple(out)


def sort_key(person: Participant) -> tuple[str, int]:
    """Inside a sector and a ring: by name (case-insensitive), then id."""
    return (" ".join(person.name.split()).casefold(), person.id)


def concentric_layout(people: Iterable[Participant], *, use_hand_positions: bool = True
                      ) -> dict[int, tuple[float, float]]:
    """``{participant id: (x, y)}`` for everyone in ``people``; pure and deterministic.

    Lay out exactly the people the audience sees (``network_parts(..., for_sharing=True)``
    for a shared screen): sectors are computed from them, so a person left out leaves
    no gap that could reveal them. ``use_hand_positions=False`` ignores positions moved
    by hand (to preview "put everyone back in place").
    """
    people = sorted(people, key=lambda p: p.id)
    positions: dict[int, tuple[float, float]] = {}
    centre = focal_ids(people)
    if len(centre) == 1:
        positions[centre[0]] = (0.0, 0.0)
    elif centre:  # nobody at the centre yet (a map being started) is fine too
        _arc(positions, [p for p in people if p.is_focal], FOCAL_RADIUS, _TOP, _TOP + 2 * math.pi)
    groups: dict[tuple[Relation, int | None], list[Participant]] = defaultdict(list)
    for person in people:
        if not person.is_focal:
            groups[(person.relation, person.ring if person.ring in RING_RADIUS else None)].append(person)
    for sector in sectors(people):
        for ring in RINGS:
            group = groups.get((sector.relation, ring))
            if group:
                _arc(positions, sorted(group, key=sort_key), RING_RADIUS[ring], sector.start, sector.end)
    if use_hand_positions:
        for person in people:
            if person.position is not None:
                positions[person.id] = (float(person.position[0]), float(person.position[1]))
    return positions


def _arc(positions: dict, group: list[Participant], radius: float, start: float, end: float) -> None:
    """Spread ``group`` evenly between two angles; stagger on rows when the arc is crowded."""
    span = (end - start) / len(group)
    step = radius * span  # arc length between two neighbours on a single row
    rows = 1 if step >= NODE_SPACING else min(MAX_ROWS, math.ceil(NODE_SPACING / max(step, 1e-9)))
    for index, person in enumerate(group):
        angle = start + (index + 0.5) * span
        r = radius + (index % rows - (rows - 1) / 2) * ROW_GAP
        positions[person.id] = (round(r * math.cos(angle), 1), round(r * math.sin(angle), 1))


# --- what a renderer needs -------------------------------------------------------------

@dataclass(frozen=True)
class MapNode:
    """One person on the map. ``label`` is the raw name: escape it before any HTML
    (tooltips), and prefer vis-network's text labels, which are drawn on a canvas."""

    id: int
    label: str
    relation: Relation
    ring: int | None
    x: float
    y: float
    moved: bool            # placed by hand (``Participant.position``)
    is_focal: bool
    not_safe: bool         # only ever True in the professional view
    invitation: InvitationStatus
    supports: tuple[Support, ...]
    version: int           # what ``move_member`` / ``set_ring`` expect back


@dataclass(frozen=True)
class MapEdge:
    id: int
    source: int
    target: int
    kind: TieKind


@dataclass(frozen=True)
class MapData:
    """Everything a vis-network renderer draws, with physics off."""

    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    sectors: tuple[Sector, ...]
    ring_radius: dict[int | None, float]
    for_sharing: bool


def map_data(source: NetworkSource, *, for_sharing: bool = True) -> MapData:
    """Nodes with positions, edges, sectors and ring radii for one audience.

    Shareable by default: the coordinator's screen is often the family's screen. Pass
    ``for_sharing=False`` only for a professional-only view.
    """
    people, ties = network_parts(source, for_sharing=for_sharing)
    positions = concentric_layout(people)
    nodes = tuple(MapNode(p.id, p.name, p.relation, p.ring, *positions[p.id], p.position is not None, p.is_focal,
                          p.not_safe, p.invitation, p.supports, p.version) for p in people)
    edges = tuple(MapEdge(t.id, t.source_id, t.target_id, t.kind) for t in ties)
    return MapData(nodes, edges, sectors(people), dict(RING_RADIUS), for_sharing)
