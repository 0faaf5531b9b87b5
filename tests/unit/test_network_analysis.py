"""What the map says (size, rings, supports, invitations, isolated people, conflicts)
and the before/after comparison of follow-up."""
from __future__ import annotations

from datetime import datetime, timezone

from conference.domain.enums import InvitationStatus, Phase, Relation, Support, TieKind
from conference.domain.model import Conference, Participant, Tie
from conference.network.analysis import FieldChange, PersonRef, analyse, compare
from conference.network.exchange import to_json

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)


def network(people, ties=(), ident: int = 7) -> Conference:
    return Conference(ident, "Famille Fictive (démo)", Phase.FOLLOW_UP, participants=tuple(people), ties=tuple(ties))


def lina_and_family() -> list[Participant]:
    return [
        Participant(1, "Lina", Relation.FAMILY, None, InvitationStatus.CONFIRMED, is_focal=True),
        Participant(2, "Mamie Mariam", Relation.FAMILY, 1, InvitationStatus.CONFIRMED,
                    supports=(Support.CHILDCARE, Support.EMOTIONAL)),
        Participant(3, "Oncle Karim", Relation.FAMILY, 1, InvitationStatus.INVITED, supports=(Support.TRANSPORT,)),
        Participant(4, "M. Lefort (voisin)", Relation.NEIGHBOUR, 2, supports=(Support.PRACTICAL,)),
        Participant(5, "Coach de foot", Relation.FRIEND, None),
        Participant(6, "Julien Moreau", Relation.FAMILY, 3, InvitationStatus.NOT_TO_INVITE, not_safe=True,
                    supports=(Support.HOUSING,)),
    ]


def test_size_counts_the_members_without_the_focal_person():
    result = analyse(network(lina_and_family()), for_sharing=False)

    assert result.size == 5


def test_members_are_counted_per_ring_and_per_relation():
    result = analyse(network(lina_and_family()), for_sharing=False)

    assert result.per_ring == {1: 2, 2: 1, 3: 1, None: 1}
    assert result.per_relation[Relation.FAMILY] == 3
    assert result.per_relation[Relation.NEIGHBOUR] == 1 and result.per_relation[Relation.EXPERT] == 0


def test_supports_covered_and_missing_cover_every_support_type():
    result = analyse(network(lina_and_family()), for_sharing=False)

    assert result.supports_covered == (Support.EMOTIONAL, Support.PRACTICAL, Support.CHILDCARE, Support.TRANSPORT)
    assert result.supports_missing == (Support.HOUSING, Support.FINANCIAL, Support.OTHER)
    assert result.providers[Support.CHILDCARE] == (2,)


def test_the_support_of_a_person_who_is_not_safe_does_not_count():
    result = analyse(network(lina_and_family()), for_sharing=False)

    assert Support.HOUSING in result.supports_missing


def test_people_not_yet_invited_are_listed():
    result = analyse(network(lina_and_family()), for_sharing=False)

    assert result.not_yet_invited == (4, 5)


def test_people_with_no_tie_are_isolated_but_not_the_focal_person():
    ties = [Tie(1, 2, 3, TieKind.SUPPORT), Tie(2, 1, 4, TieKind.SUPPORT)]

    result = analyse(network(lina_and_family(), ties), for_sharing=False)

    assert result.isolated == (5, 6)


def test_conflicts_and_broken_contacts_are_counted():
    ties = [Tie(1, 2, 3, TieKind.CONFLICT), Tie(2, 2, 6, TieKind.CONFLICT), Tie(3, 4, 5, TieKind.BROKEN)]

    result = analyse(network(lina_and_family(), ties), for_sharing=False)

    assert result.conflicts == 2
    assert result.ties_per_kind[TieKind.BROKEN] == 1


def test_the_shared_analysis_knows_nothing_of_hidden_people():
    ties = [Tie(2, 2, 6, TieKind.CONFLICT)]

    shared = analyse(network(lina_and_family(), ties))
    professional = analyse(network(lina_and_family(), ties), for_sharing=False)

    assert (shared.size, shared.conflicts, shared.hidden) == (4, 0, 0)
    assert (professional.size, professional.conflicts, professional.hidden) == (5, 1, 1)


# --- comparison --------------------------------------------------------------------------------

def test_the_comparison_lists_who_joined_and_who_left():
    before = to_json(network(lina_and_family()), for_sharing=False, now=NOW)
    people = [p for p in lina_and_family() if p.id != 5] + [Participant(9, "Cousine Aïcha", Relation.FAMILY, 2)]
    after = to_json(network(people), for_sharing=False, now=NOW)

    result = compare(before, after)

    assert result.joined == (PersonRef(9, "Cousine Aïcha"),)
    assert result.left == (PersonRef(5, "Coach de foot"),)
    assert (result.size_before, result.size_after) == (5, 5)


def test_the_comparison_reports_ring_and_relation_changes():
    before = to_json(network(lina_and_family()), for_sharing=False, now=NOW)
    people = lina_and_family()
    people[2] = Participant(3, "Oncle Karim", Relation.FAMILY, 2)
    people[4] = Participant(5, "Coach de foot", Relation.TRUSTED_PERSON, None)
    after = to_json(network(people), for_sharing=False, now=NOW)

    result = compare(before, after)

    assert result.ring_changed == (FieldChange(PersonRef(3, "Oncle Karim"), 1, 2),)
    assert result.relation_changed == (FieldChange(PersonRef(5, "Coach de foot"), Relation.FRIEND,
                                                   Relation.TRUSTED_PERSON),)
    assert not result.joined and not result.left


def test_the_comparison_matches_by_id_even_when_a_name_was_corrected():
    before = to_json(network(lina_and_family()), for_sharing=False, now=NOW)
    people = lina_and_family()
    people[3] = Participant(4, "M. Lefort", Relation.NEIGHBOUR, 2)
    after = to_json(network(people), for_sharing=False, now=NOW)

    result = compare(before, after)

    assert result.unchanged


def test_the_comparison_falls_back_on_names_across_conferences_ignoring_case_and_spaces():
    before = to_json(network(lina_and_family(), ident=7), for_sharing=False, now=NOW)
    renumbered = [Participant(p.id + 100, p.name, p.relation, p.ring, p.invitation, p.not_safe, p.is_focal)
                  for p in lina_and_family()]
    renumbered[1] = Participant(102, "  mamie   MARIAM ", Relation.FAMILY, 2)
    after = to_json(network(renumbered, ident=8), for_sharing=False, now=NOW)

    result = compare(before, after)

    assert not result.joined and not result.left
    assert result.ring_changed == (FieldChange(PersonRef(102, "  mamie   MARIAM "), 1, 2),)


def test_a_shared_comparison_leaves_out_people_who_are_not_safe():
    before = to_json(network(lina_and_family()), for_sharing=False, now=NOW)
    after = to_json(network([p for p in lina_and_family() if p.id != 6]), for_sharing=False, now=NOW)

    shared, professional = compare(before, after, for_sharing=True), compare(before, after)

    assert shared.left == ()
    assert professional.left == (PersonRef(6, "Julien Moreau"),)
