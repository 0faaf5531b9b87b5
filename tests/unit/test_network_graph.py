"""The network as a graph: ids not names, the focal person marked, the shareable graph."""
from __future__ import annotations

from conference.domain.enums import InvitationStatus, Phase, Relation, TieKind
from conference.domain.model import Conference, Participant, Tie
from conference.network.graph import build_graph, network_parts, shareable_graph


def moreau_diallo() -> Conference:
    """A fictional network (SCENARIOS.md §1), in memory."""
    people = (
        Participant(1, "Lina", Relation.FAMILY, None, InvitationStatus.CONFIRMED, is_focal=True),
        Participant(2, "Mamie Mariam", Relation.FAMILY, 1, phone="06 00 00 00 01", phone_visible=True,
                    email="mariam@example.invalid", note="Parle surtout arabe"),
        Participant(3, "Oncle Karim", Relation.FAMILY, 1),
        Participant(4, "Julien Moreau", Relation.FAMILY, 3, InvitationStatus.NOT_TO_INVITE, not_safe=True),
        Participant(5, "Ancien voisin Paul", Relation.NEIGHBOUR, 3, InvitationStatus.NOT_TO_INVITE),
        Participant(6, "Marraine Inès", Relation.FRIEND, 1),
    )
    ties = (Tie(1, 2, 3, TieKind.SUPPORT), Tie(2, 4, 2, TieKind.CONFLICT), Tie(3, 5, 6, TieKind.BROKEN),
            Tie(4, 1, 6, TieKind.SUPPORT))
    return Conference(7, "Famille Moreau-Diallo (démo)", Phase.PREPARATION, participants=people, ties=ties)


def test_nodes_are_participant_ids_and_names_are_only_attributes():
    conf = moreau_diallo()

    graph = build_graph(conf, for_sharing=False)

    assert sorted(graph.nodes) == [1, 2, 3, 4, 5, 6]
    assert all(isinstance(node, int) for node in graph.nodes)
    assert graph.nodes[2]["name"] == "Mamie Mariam"
    assert graph.nodes[2]["relation"] is Relation.FAMILY and graph.nodes[2]["ring"] == 1


def test_the_focal_person_is_marked_on_the_node_and_the_graph():
    conf = moreau_diallo()

    graph = build_graph(conf, for_sharing=False)

    assert graph.nodes[1]["is_focal"] is True
    assert graph.graph["focal"] == (1,)
    assert not any(graph.nodes[n]["is_focal"] for n in (2, 3, 4, 5, 6))


def test_ties_become_edges_with_their_kind_and_id():
    conf = moreau_diallo()

    graph = build_graph(conf, for_sharing=False)

    assert graph.edges[2, 3] == {"kind": TieKind.SUPPORT, "tie_id": 1}
    assert graph.edges[2, 4]["kind"] is TieKind.CONFLICT
    assert graph.number_of_edges() == 4


def test_the_professional_graph_keeps_not_safe_people_with_their_flag():
    conf = moreau_diallo()

    graph = build_graph(conf, for_sharing=False)

    assert graph.nodes[4]["not_safe"] is True


def test_the_shareable_graph_leaves_out_not_safe_people_and_their_ties():
    conf = moreau_diallo()

    graph = shareable_graph(conf)

    assert 4 not in graph
    assert not graph.has_edge(2, 4)
    assert "Julien Moreau" not in {data["name"] for _n, data in graph.nodes(data=True)}


def test_the_shareable_graph_leaves_out_people_not_to_be_invited_and_their_ties():
    conf = moreau_diallo()

    graph = shareable_graph(conf)

    assert 5 not in graph
    assert sorted(graph.edges) == [(1, 6), (2, 3)]


def test_shared_people_keep_only_visible_contact_details_and_no_note():
    conf = moreau_diallo()

    people, _ties = network_parts(conf, for_sharing=True)

    mariam = next(p for p in people if p.id == 2)
    assert mariam.phone == "06 00 00 00 01"
    assert mariam.email == "" and mariam.note == ""


def test_a_second_tie_between_the_same_two_people_and_self_ties_are_dropped():
    conf = moreau_diallo()
    conf = Conference(conf.id, conf.title, conf.phase, participants=conf.participants,
                      ties=conf.ties + (Tie(9, 3, 2, TieKind.CONFLICT), Tie(10, 3, 3, TieKind.SUPPORT)))

    graph = build_graph(conf, for_sharing=False)

    assert graph.edges[2, 3]["tie_id"] == 1
    assert not graph.has_edge(3, 3)


def test_build_graph_defaults_to_the_sharing_safe_view():
    conf = moreau_diallo()

    graph = build_graph(conf)

    assert 4 not in graph and 5 not in graph
    assert graph.graph["for_sharing"] is True
    assert "email" not in {k for _n, d in graph.nodes(data=True) for k, v in d.items() if k == "email" and v}
