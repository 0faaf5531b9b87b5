"""Timings of the network map's pure core (not pass/fail: compare the means).

    .venv/bin/pytest tests/benchmarks/test_network_build.py --benchmark-enable

Target (issue #3): graph + layout + map data for 150 people under 30 ms.
"""
from __future__ import annotations

import random

import pytest

from conference.domain.enums import InvitationStatus, Phase, Relation, Support, TieKind
from conference.domain.model import Conference, Participant, Tie
from conference.network.analysis import analyse
from conference.network.graph import build_graph
from conference.network.layout import concentric_layout, map_data


def fictional_network(people: int, ties: int, seed: int = 3) -> Conference:
    """A made-up network: one focal person, relations, rings, supports, a few "not safe"."""
    rng = random.Random(seed)
    members = [Participant(1, "Personne centrale fictive", Relation.FAMILY, None, is_focal=True)]
    for ident in range(2, people + 1):
        not_safe = ident % 97 == 0
        members.append(Participant(
            ident, f"Personne fictive {ident:04d}", rng.choice(list(Relation)), rng.choice([1, 2, 3, None]),
            InvitationStatus.NOT_TO_INVITE if not_safe else rng.choice(list(InvitationStatus)[:4]),
            not_safe=not_safe, supports=tuple(rng.sample(list(Support), rng.randint(0, 2))),
            position=(rng.uniform(-500, 500), rng.uniform(-500, 500)) if ident % 20 == 0 else None))
    pairs: set[frozenset[int]] = set()
    while len(pairs) < ties:
        a, b = rng.randint(1, people), rng.randint(1, people)
        if a != b:
            pairs.add(frozenset((a, b)))
    links = tuple(Tie(n, *sorted(pair), rng.choice(list(TieKind))) for n, pair in enumerate(sorted(pairs, key=sorted), 1))
    return Conference(1, "Réseau de mesure (fictif)", Phase.PREPARATION, participants=tuple(members), ties=links)


SIZES = {"150 people, 300 ties": (150, 300), "1000 people, 2000 ties": (1000, 2000)}


@pytest.fixture(params=list(SIZES), scope="module")
def conf(request):
    return fictional_network(*SIZES[request.param])


def graph_layout_and_map(conf: Conference):
    """What a page rerun costs: the graph, the layout and the renderer's map data."""
    return build_graph(conf), map_data(conf)


def test_graph_layout_and_map_data(benchmark, conf):
    graph, data = benchmark(graph_layout_and_map, conf)

    shown = sum(1 for p in conf.participants if p.shareable)  # the shared screen, the default view
    assert graph.number_of_nodes() == shown
    assert len(data.nodes) == shown


def test_layout_alone(benchmark, conf):
    positions = benchmark(concentric_layout, conf.participants)

    assert len(positions) == len(conf.participants)


def test_whole_network_view_with_analysis(benchmark, conf):
    """``services.network.get_network`` minus the database: map data plus analysis."""
    data, analysis = benchmark(lambda: (map_data(conf, for_sharing=False), analyse(conf, for_sharing=False)))

    assert analysis.size == len(conf.participants) - 1 and len(data.nodes) == len(conf.participants)
