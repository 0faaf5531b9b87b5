"""The concentric layout: deterministic, rings at their radius, sectors by relation,
hand-moved positions win, fast for 1,000 people."""
from __future__ import annotations

import math
import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from conference.domain.enums import InvitationStatus, Phase, Relation
from conference.domain.model import Conference, Participant
from conference.network.layout import RING_RADIUS, concentric_layout, map_data, sectors


def person(ident: int, relation: Relation = Relation.FAMILY, ring: int | None = 1, name: str | None = None,
           **values) -> Participant:
    return Participant(ident, name or f"Personne fictive {ident}", relation, ring, **values)


def small_network() -> list[Participant]:
    return [person(1, ring=None, name="Lina", is_focal=True), person(2, name="Mamie Mariam"),
            person(3, name="Oncle Karim"), person(4, ring=2, name="Tante Sophie"),
            person(5, Relation.FRIEND, name="Marraine Inès"), person(6, Relation.NEIGHBOUR, 2, "M. Lefort"),
            person(7, Relation.FRIEND, 3, "Coach de foot"), person(8, Relation.EXPERT, None, "Infirmière scolaire")]


def crowd(size: int) -> list[Participant]:
    relations = list(Relation)
    people = [person(0, ring=None, name="Centre fictif", is_focal=True)]
    people += [person(i, relations[i % len(relations)], (None, 1, 2, 3)[i % 4]) for i in range(1, size)]
    return people


def angle(x: float, y: float) -> float:
    """Angle from 12 o'clock, clockwise on screen, in [0, 2π)."""
    return (math.atan2(y, x) + math.pi / 2) % (2 * math.pi)


def test_the_same_people_always_get_the_same_positions_whatever_their_order():
    people = small_network()
    shuffled = people[:]
    random.Random(4).shuffle(shuffled)

    first, second = concentric_layout(people), concentric_layout(shuffled)

    assert first == second


def test_the_focal_person_is_at_the_centre():
    positions = concentric_layout(small_network())

    assert positions[1] == (0.0, 0.0)


def test_two_focal_people_share_the_centre_on_a_small_circle():
    people = small_network() + [person(9, ring=None, name="Awa Diallo", is_focal=True)]

    positions = concentric_layout(people)

    assert math.dist(positions[1], (0, 0)) == math.dist(positions[9], (0, 0)) < RING_RADIUS[1]
    assert positions[1] != positions[9]


def test_each_ring_is_drawn_at_its_radius_and_the_not_placed_ring_outside():
    positions = concentric_layout(small_network())

    distance = {ident: round(math.dist(xy, (0, 0))) for ident, xy in positions.items()}
    assert distance[2] == distance[3] == distance[5] == 180
    assert distance[4] == distance[6] == 330
    assert distance[7] == 480
    assert distance[8] == 630


def test_each_relation_gets_its_own_sector_in_the_fixed_order():
    people = small_network()

    found = sectors(people)
    positions = concentric_layout(people)

    assert [s.relation for s in found] == [Relation.FAMILY, Relation.FRIEND, Relation.NEIGHBOUR, Relation.EXPERT]
    for sector in found:
        for p in people:
            if p.relation is sector.relation and not p.is_focal:
                a = angle(*positions[p.id])
                assert sector.start + math.pi / 2 <= a <= sector.end + math.pi / 2, (p.name, sector)


def test_sectors_cover_the_whole_circle_without_overlapping():
    found = sectors(crowd(150))

    assert math.isclose(found[0].start, -math.pi / 2)
    assert all(math.isclose(a.end, b.start) for a, b in zip(found, found[1:]))
    assert math.isclose(found[-1].end, 3 * math.pi / 2)


def test_inside_a_sector_people_are_sorted_by_name():
    people = [person(1, ring=None, is_focal=True), person(2, name="Zoé"), person(3, name="amandine"),
              person(4, name="Bruno")]

    positions = concentric_layout(people)

    order = sorted((2, 3, 4), key=lambda i: angle(*positions[i]))
    assert order == [3, 4, 2]


def test_a_position_moved_by_hand_wins_over_the_computed_one():
    people = small_network()
    people[2] = person(3, name="Oncle Karim", position=(-12.5, 40.0))

    positions = concentric_layout(people)

    assert positions[3] == (-12.5, 40.0)
    assert concentric_layout(people, use_hand_positions=False)[3] != (-12.5, 40.0)


def test_a_crowded_ring_staggers_people_within_its_band():
    people = [person(0, ring=None, is_focal=True)] + [person(i, ring=1) for i in range(1, 41)]

    positions = concentric_layout(people)

    distances = {round(math.dist(positions[i], (0, 0))) for i in range(1, 41)}
    assert len(distances) > 1
    assert all(RING_RADIUS[1] - 75 < d < RING_RADIUS[1] + 75 for d in distances)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(Relation)), st.sampled_from([None, 1, 2, 3]),
                          st.text(min_size=1, max_size=12)), min_size=1, max_size=120))
def test_nobody_unmoved_shares_a_position_with_someone_else(rows):
    people = [person(0, ring=None, is_focal=True)] + [person(i, rel, ring, name) for i, (rel, ring, name)
                                                       in enumerate(rows, start=1)]

    positions = concentric_layout(people)

    assert len(set(positions.values())) == len(people)


def test_a_thousand_people_are_placed_well_under_30_ms():
    people = crowd(1000)

    timings = []
    for _ in range(5):
        start = time.perf_counter()
        concentric_layout(people)
        timings.append(time.perf_counter() - start)

    assert min(timings) < 0.030, f"best of 5: {min(timings) * 1000:.1f} ms"


def test_a_shared_map_leaves_no_gap_where_a_hidden_person_would_be():
    people = tuple(small_network())
    hidden = person(20, Relation.FAMILY, 1, "Julien Moreau", invitation=InvitationStatus.NOT_TO_INVITE,
                    not_safe=True)
    with_him = Conference(1, "Fictive", Phase.PREPARATION, participants=people + (hidden,))
    without_him = Conference(1, "Fictive", Phase.PREPARATION, participants=people)

    shared, never_there = map_data(with_him), map_data(without_him)

    assert shared == never_there
    assert 20 not in {n.id for n in shared.nodes}


def test_map_data_carries_positions_versions_and_edges_for_the_renderer():
    conf = Conference(1, "Fictive", Phase.PREPARATION, participants=tuple(small_network()))

    data = map_data(conf, for_sharing=False)

    node = next(n for n in data.nodes if n.id == 2)
    assert (node.x, node.y) == concentric_layout(small_network())[2]
    assert node.label == "Mamie Mariam" and node.version == 1 and not node.moved
    assert data.ring_radius[3] == 480.0
