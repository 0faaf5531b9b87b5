"""The family network as a networkx graph, and the part of it that may be shared.

Node ids are internal participant ids (ints), never names: a name is only ever a node
*attribute*, so a renderer that forgets to escape an id cannot be attacked through it.

Two audiences, decided here once for every caller (layout, analysis, exchange, services):

* the shareable view (``for_sharing=True``, the default): people flagged "not safe" or "not to be
  invited" are left out *before* anything is built, with every tie that touches them;
  contact details not marked visible and the coordinator's notes are blanked. Nothing
  computed from it (sectors, counts) can reveal that someone was left out;
* the professional view (``for_sharing=False``, asked for explicitly): everyone, with
  the "not safe" flag.

Who is shareable is ``conference.domain.safety``'s decision, not this module's.
"""
from __future__ import annotations

from dataclasses import fields
from typing import Protocol

import networkx as nx

from conference.domain import safety
from conference.domain.model import Participant, Tie

# Every Participant field but the id becomes a node attribute of the same name.
NODE_ATTRIBUTES = tuple(f.name for f in fields(Participant) if f.name != "id")


class NetworkSource(Protocol):
    """Anything holding a network: a ``Conference`` snapshot or a services ``NetworkView``."""

    @property
    def participants(self) -> tuple[Participant, ...]: ...

    @property
    def ties(self) -> tuple[Tie, ...]: ...


def shareable_participant(person: Participant) -> Participant:
    """``person`` as a shared screen or a shared file may show them (``safety.shareable_details``)."""
    return safety.shareable_details(person)


def network_parts(source: NetworkSource, *, for_sharing: bool) -> tuple[tuple[Participant, ...], tuple[Tie, ...]]:
    """The people and ties of ``source`` an audience may see, in a stable order (by id).

    With ``for_sharing`` the people who are not shareable (``safety.is_shareable``) are
    dropped with their ties, and the others pass through ``safety.shareable_details``.
    Self-ties, ties to unknown people and a second tie between the same two people (the
    oldest wins; services refuse it anyway) are always dropped.
    """
    people = tuple(sorted(source.participants, key=lambda p: p.id))
    if for_sharing:
        people = tuple(safety.shareable_details(p) for p in safety.shareable(people))
    ids = {p.id for p in people}
    ties, pairs = [], set()
    for tie in sorted(source.ties, key=lambda t: t.id):
        pair = frozenset((tie.source_id, tie.target_id))
        if tie.source_id in ids and tie.target_id in ids and len(pair) == 2 and pair not in pairs:
            pairs.add(pair)
            ties.append(tie)
    return people, tuple(ties)


def focal_ids(people) -> tuple[int, ...]:
    """Ids of the focal person(s), smallest first (usually one: the child, the older person)."""
    return tuple(sorted(p.id for p in people if p.is_focal))


def build_graph(source: NetworkSource, *, for_sharing: bool = True) -> nx.Graph:
    """The network as an undirected ``networkx.Graph``.

    Nodes: participant ids, with every ``Participant`` field as an attribute (``name``,
    ``relation``, ``ring``, ``not_safe``, ``is_focal``, ``supports``, ``position``…).
    Edges: one per tie, attributes ``kind`` (``TieKind``) and ``tie_id``; a pair of people
    has at most one tie (see ``network_parts``).
    Graph attributes: ``focal`` (tuple of focal ids) and ``for_sharing``.

    The default is the sharing-safe view, like every other reader; the professional view
    with everyone (and the "not safe" flag) needs ``for_sharing=False`` said out loud.
    """
    people, ties = network_parts(source, for_sharing=for_sharing)
    graph = nx.Graph(focal=focal_ids(people), for_sharing=for_sharing)
    graph.add_nodes_from((p.id, {name: getattr(p, name) for name in NODE_ATTRIBUTES}) for p in people)
    graph.add_edges_from((t.source_id, t.target_id, {"kind": t.kind, "tie_id": t.id}) for t in ties)
    return graph


def shareable_graph(source: NetworkSource) -> nx.Graph:
    """The graph without anyone flagged "not safe" or "not to be invited", nor their ties."""
    return build_graph(source, for_sharing=True)
