"""Households and partner permissions on the database (issue 10), SQLite and PostgreSQL:
a partner reads only the households its structure takes part in and, within them, only
the items its structure may see; refused means nothing written; the path referent with
its history; the timeline. Household Benali-Roussel (SCENARIOS.md §4), fictional."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from conference import clock
from conference.domain.enums import Role
from conference.domain.errors import Forbidden, InvalidInput, StaleWrite
from conference.domain.households import ReferentReason, TimelineKind
from conference.domain.partnership import InfoCategory
from conference.security.rules import Actor
from conference.services import accounts, auth, conferences, households
from conference.services import partner_directory as pd
from conference.services import partner_meetings
from conference.store import models as r


@dataclass
class World:
    coordinator: Actor
    caron: Actor          # département's social worker, path referent
    da_silva: Actor       # her successor
    caf: Actor
    msa: Actor            # a structure that does not take part
    pilot: Actor
    referent: Actor
    other_coordinator: Actor
    s: dict               # structure ids by short name
    household: int


def partner(uow, name, structure_id):
    actor = accounts.create_user(name, Role.PARTNER, uow=uow)
    pd.assign_structure(auth.SYSTEM, actor.id, structure_id, uow=uow)
    return actor


@pytest.fixture
def world(uow, coordinator):
    s = {short: pd.create_structure(auth.SYSTEM, name, reseaux_porteurs=codes, uow=uow) for short, name, codes in (
        ("caf", "CAF de l'Imaginaire", ["caf"]), ("ccas", "CCAS de Villeneuve-Imaginaire", ["ccas-cias"]),
        ("udaf", "UDAF de l'Imaginaire", ["unaf"]), ("dept", "Département — service social", ["departements"]),
        ("msa", "MSA Imaginaire", ["mutualite-sociale-agricole"]))}
    w = World(coordinator=coordinator, caron=partner(uow, "Mme Caron", s["dept"]),
              da_silva=partner(uow, "M. Da Silva", s["dept"]), caf=partner(uow, "Agent CAF Fictif", s["caf"]),
              msa=partner(uow, "Agent MSA Fictif", s["msa"]),
              pilot=accounts.create_user("Pilote Fictive", Role.PILOT, uow=uow),
              referent=accounts.create_user("Référente Fictive", Role.REFERENT, uow=uow),
              other_coordinator=accounts.create_user("Autre Coordinatrice", Role.COORDINATOR, uow=uow),
              s=s, household=households.create_household(coordinator, "Benali-Roussel", uow=uow))
    for short in ("caf", "ccas", "udaf", "dept"):
        households.add_partner(coordinator, w.household, s[short], "suivi", uow=uow)
    households.set_path_referent(coordinator, w.household, ReferentReason.PREFERENCE, user_id=w.caron.id, uow=uow)
    return w


def everything(uow) -> dict[str, int]:
    """Row counts of every table touched here, and the household's version."""
    with uow:
        counts = {m.__tablename__: uow.session.scalar(select(func.count()).select_from(m)) for m in (
            r.HouseholdRow, r.HouseholdPartnerRow, r.PathReferentRow, r.SharedItemRow, r.SharedItemStructureRow,
            r.AuditRow, r.SynthesisMeetingRow)}
        counts["versions"] = sum(uow.session.scalars(select(r.HouseholdRow.version)))
        counts["links"] = uow.session.scalar(select(func.count()).select_from(r.ConferenceRow)
                                             .where(r.ConferenceRow.household_id.is_not(None)))
        return counts


def test_a_partner_lists_and_reads_only_the_households_its_structure_takes_part_in(uow, world):
    other = households.create_household(world.other_coordinator, "Foyer Autre (fictif)", uow=uow)

    assert [h.label for h in households.list_households(world.caf, uow=uow)] == ["Benali-Roussel"]
    assert households.list_households(world.msa, uow=uow) == []
    assert [h.id for h in households.list_households(world.other_coordinator, uow=uow)] == [other]
    summary = households.list_households(world.caron, uow=uow)[0]
    assert (summary.path_referent, summary.partners) == ("Mme Caron", 4)
    assert households.get_household(world.caf, world.household, uow=uow).label == "Benali-Roussel"
    for refused in (world.msa, world.pilot, world.referent, world.other_coordinator,
                    replace(world.caf, active=False)):
        with pytest.raises(Forbidden):
            households.get_household(refused, world.household, uow=uow)
    for refused in (world.pilot, auth.SYSTEM):
        with pytest.raises(Forbidden):
            households.list_households(refused, uow=uow)


@pytest.mark.parametrize("who", ["caf", "msa", "pilot", "referent", "other_coordinator", "deactivated_caron"])
def test_refused_means_nothing_written(uow, world, who):
    actor = replace(world.caron, active=False) if who == "deactivated_caron" else getattr(world, who)
    conference = conferences.create_conference(world.coordinator, "Conférence Benali", uow=uow)
    partner_id = households.get_household(world.coordinator, world.household, uow=uow).partners[0].id
    version = households.get_household(world.coordinator, world.household, uow=uow).version
    before = everything(uow)
    attempts = [
        lambda: households.rename_household(actor, world.household, "Autre nom", version, uow=uow),
        lambda: households.add_partner(actor, world.household, world.s["msa"], uow=uow),
        lambda: households.end_partner(actor, world.household, partner_id, uow=uow),
        lambda: households.set_path_referent(actor, world.household, "skills", user_id=world.caf.id, uow=uow),
        lambda: households.attach_conference(actor, world.household, conference, uow=uow),
    ]
    if actor.role is not Role.COORDINATOR:  # any coordinator may open a household of their own
        attempts.append(lambda: households.create_household(actor, "Nouveau foyer", uow=uow))
    for attempt in attempts:
        with pytest.raises(Forbidden):
            attempt()
    assert everything(uow) == before


def test_the_path_referent_runs_the_household_and_a_change_keeps_the_history(uow, world):
    version = households.get_household(world.caron, world.household, uow=uow).version
    households.rename_household(world.caron, world.household, "Famille Benali-Roussel", version, uow=uow)
    with pytest.raises(InvalidInput):  # "other" needs its reason written out
        households.set_path_referent(world.caron, world.household, "other", user_id=world.da_silva.id, uow=uow)

    households.set_path_referent(world.caron, world.household, ReferentReason.CASELOAD, user_id=world.da_silva.id,
                                 reason_text="Mme Caron change de poste", uow=uow)

    household = households.get_household(world.da_silva, world.household, uow=uow)
    assert [(p.name, p.reason, p.to_date) for p in household.referents] == [
        ("Mme Caron", ReferentReason.PREFERENCE, clock.today()), ("M. Da Silva", ReferentReason.CASELOAD, None)]
    assert household.path_referent.structure_name == "Département — service social"
    with pytest.raises(Forbidden):  # Mme Caron still reads (her structure takes part) but no longer edits
        households.rename_household(world.caron, world.household, "X", household.version, uow=uow)
    households.get_household(world.caron, world.household, uow=uow)


def test_a_stale_screen_is_refused(uow, world):
    old = households.get_household(world.coordinator, world.household, uow=uow).version
    households.add_partner(world.coordinator, world.household, world.s["msa"], expected_version=old, uow=uow)
    before = everything(uow)
    with pytest.raises(StaleWrite):
        households.rename_household(world.coordinator, world.household, "Autre", old, uow=uow)
    with pytest.raises(InvalidInput):  # the MSA already takes part
        households.add_partner(world.coordinator, world.household, world.s["msa"], uow=uow)
    assert everything(uow) == before


def test_a_structure_that_stops_loses_the_household_the_next_day(uow, world):
    caf_partner = next(p for p in households.get_household(world.coordinator, world.household, uow=uow).partners
                       if p.structure_id == world.s["caf"])
    households.end_partner(world.coordinator, world.household, caf_partner.id, uow=uow)
    households.get_household(world.caf, world.household, uow=uow)  # still today
    with clock.freeze(datetime(2026, 11, 24, 9, 0)):
        with pytest.raises(Forbidden):
            households.get_household(world.caf, world.household, uow=uow)
        assert households.list_households(world.caf, uow=uow) == []


def test_a_partner_moved_to_another_structure_loses_the_household_at_once(uow, world):
    pd.assign_structure(auth.SYSTEM, world.caf.id, world.s["msa"], uow=uow)
    with pytest.raises(Forbidden):
        households.get_household(world.caf, world.household, uow=uow)
    pd.set_structure_active(auth.SYSTEM, world.s["dept"], False, uow=uow)
    with pytest.raises(Forbidden):  # Mme Caron is still path referent: she runs it, her structure closed or not
        households.get_household(world.da_silva, world.household, uow=uow)
    households.get_household(world.caron, world.household, uow=uow)


def test_a_partners_reads_of_shared_items_are_filtered_by_structure_and_category(uow, world):
    s, hh = world.s, world.household
    share = partner_meetings.share_item
    share(world.coordinator, hh, "housing", "Dette de loyer de trois mois", brought_by_structure_id=s["dept"],
          allowed_structure_ids=[s["caf"], s["ccas"], s["udaf"]], informed=True, may_see_written=True, uow=uow)
    share(world.coordinator, hh, InfoCategory.HEALTH, "Arrêt de travail de M. Roussel (dos)",
          brought_by_structure_id=s["dept"], allowed_structure_ids=[s["caf"]], informed=True, uow=uow)
    share(world.coordinator, hh, InfoCategory.JUSTICE, "Procédure d'expulsion engagée",
          brought_by_structure_id=s["udaf"], informed=True, uow=uow)
    share(world.coordinator, hh, InfoCategory.FINANCIAL, "Crédit à la consommation",
          brought_by_structure_id=s["udaf"], allowed_structure_ids=[s["caf"], s["dept"]], objected=True, uow=uow)
    udaf = partner(uow, "Agent UDAF Fictif", s["udaf"])
    ccas = partner(uow, "Agent CCAS Fictif", s["ccas"])

    def seen(actor):
        return sorted(i.category.value for i in partner_meetings.shared_items(actor, hh, uow=uow))

    assert seen(world.caf) == ["health", "housing"]
    assert seen(ccas) == ["housing"]
    assert seen(udaf) == ["financial", "housing", "justice"]   # it brought the objected one
    assert seen(world.caron) == ["health", "housing", "justice"]  # runs the household: all but objected
    assert seen(world.coordinator) == ["health", "housing", "justice"]
    for refused in (world.msa, world.pilot, world.referent):
        with pytest.raises(Forbidden):
            partner_meetings.shared_items(refused, hh, uow=uow)


def test_the_timeline_holds_conferences_for_who_runs_the_household_and_meetings_for_every_reader(uow, world):
    conference = conferences.create_conference(world.coordinator, "Conférence Benali", uow=uow)
    households.attach_conference(world.coordinator, world.household, conference, uow=uow)
    meeting = partner_meetings.plan_meeting(world.coordinator, world.household, "synthese", date(2026, 12, 3),
                                            uow=uow)
    with uow:
        conference_row = uow.session.get(r.ConferenceRow, conference)
        assert conference_row.household_id == world.household and conference_row.version == 1

    kinds = [(e.kind, e.target_id) for e in households.timeline(world.coordinator, world.household, uow=uow)]
    assert (TimelineKind.CONFERENCE, conference) in kinds and kinds[-1] == (TimelineKind.MEETING, meeting)
    partner_view = households.timeline(world.caf, world.household, uow=uow)
    assert TimelineKind.CONFERENCE not in {e.kind for e in partner_view}
    assert [e.kind for e in partner_view][-1] is TimelineKind.MEETING
    assert households.get_household(world.coordinator, world.household, uow=uow).conference_ids == (conference,)


def test_a_conference_created_after_the_migration_gets_its_own_household_once(uow, world):
    conference = conferences.create_conference(world.coordinator, "Famille Nouvelle (fictive)", uow=uow)
    with pytest.raises(Forbidden):
        households.household_of_conference(world.other_coordinator, conference, uow=uow)

    first = households.household_of_conference(world.coordinator, conference, uow=uow)

    assert households.household_of_conference(world.coordinator, conference, uow=uow) == first
    household = households.get_household(world.coordinator, first, uow=uow)
    assert (household.label, household.conference_ids) == ("Famille Nouvelle (fictive)", (conference,))


def test_the_listing_sql_and_the_read_predicate_agree_for_every_actor(uow, world):
    """``store.partners.readable_household_ids`` is the SQL form of ``can_read_household``."""
    from conference.security import partner_rules as pr
    from conference.store import partners as store

    other = households.create_household(world.other_coordinator, "Foyer Autre (fictif)", uow=uow)
    households.add_partner(world.other_coordinator, other, world.s["msa"], uow=uow)
    households.set_path_referent(world.other_coordinator, other, "skills", user_id=world.caf.id, uow=uow)
    ended = households.create_household(world.coordinator, "Foyer Ancien (fictif)", uow=uow)
    households.add_partner(world.coordinator, ended, world.s["ccas"], start_date=date(2026, 1, 5), uow=uow)
    partner_id = households.get_household(world.coordinator, ended, uow=uow).partners[0].id
    households.end_partner(world.coordinator, ended, partner_id, end_date=date(2026, 6, 30), uow=uow)
    ccas = partner(uow, "Agent CCAS Fictif", world.s["ccas"])
    actors = [world.coordinator, world.caron, world.da_silva, world.caf, world.msa, world.pilot, world.referent,
              world.other_coordinator, ccas, replace(world.caf, active=False),
              replace(world.other_coordinator, local=True)]
    with uow:
        every = sorted(uow.session.scalars(select(r.HouseholdRow.id)))
        for actor in actors:
            seat = store.seat(uow.session, actor)
            by_rule = [h for h in every if pr.can_read_household(actor, store.household_access(uow.session, h), seat)]
            query = store.readable_household_ids(uow.session, actor, seat)
            by_sql = every if query is None else sorted(uow.session.scalars(query))
            assert by_sql == by_rule, actor.name
    assert len(every) == 3
