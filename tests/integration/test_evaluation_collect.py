"""The coordinator's side of the evaluation (issue 9): the family's choice, the synthesis
sheet, a territory's own indicator values, territories. SQLite and PostgreSQL."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest
from docx import Document

from conference import demo
from conference.domain.enums import ClosureReason, ConsentKind, Outcome, Phase, Role
from conference.domain.errors import Forbidden, InvalidInput, NotFound, StaleWrite
from conference.security.evaluation_rules import can_move_conference_territory
from conference.security.rules import Actor
from conference.services import accounts, conferences, consent, referents
from conference.services import evaluation_consent as ec
from conference.services import synthesis_sheet as ss
from conference.services import territories as terr
from conference.services import territory_indicators as ti
from conference.store import models as r
from conference.store.evaluation_consent import consented_conference_ids
from conference.store.territories import territory_ids_of
from tests.factories import make_access, make_actor, make_conference, make_coordinator


def _count(uow, model) -> int:
    with uow:
        return uow.session.query(model).count()


def test_family_choice_history_and_read_time_helper(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    other = make_conference(uow, coordinator, Phase.ORIENTATION)
    assert ec.evaluation_consent_of(coordinator, cid, uow=uow).current is None
    ec.record_evaluation_choice(coordinator, cid, False, uow=uow)
    ec.record_evaluation_choice(coordinator, cid, True, note="accord oral", uow=uow)
    ec.record_evaluation_choice(coordinator, other, True, uow=uow)
    state = ec.evaluation_consent_of(coordinator, cid, uow=uow)
    assert state.current is True
    assert [c.given for c in state.history] == [False, True]
    assert state.history[0].withdrawn_at is not None and state.history[1].withdrawn_at is None
    assert state.history[1].recorded_by == coordinator.name
    with uow:
        assert consented_conference_ids(uow.session) == {cid, other}
        assert consented_conference_ids(uow.session, [other]) == {other}
        assert consented_conference_ids(uow.session, []) == frozenset()
        many = range(1, 40_000)  # more ids than a query may carry
        assert consented_conference_ids(uow.session, many) == {cid, other}
    assert ec.withdraw_evaluation_choice(coordinator, cid, uow=uow) is True
    state = ec.evaluation_consent_of(coordinator, cid, uow=uow)
    assert state.current is None and len(state.history) == 2 and all(c.withdrawn_at for c in state.history)
    assert ec.withdraw_evaluation_choice(coordinator, cid, uow=uow) is False
    with uow:
        assert consented_conference_ids(uow.session) == {other}
        actions = [a.action for a in uow.audit.entries("conference", cid)]
    assert actions.count("evaluation_consent.recorded") == 2 and "evaluation_consent.withdrawn" in actions


def test_a_refusal_after_an_agreement_takes_the_conference_out(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    ec.record_evaluation_choice(coordinator, cid, True, uow=uow)
    ec.record_evaluation_choice(coordinator, cid, False, uow=uow)
    with uow:
        assert consented_conference_ids(uow.session) == frozenset()


def test_another_coordinator_records_no_choice(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    stranger = make_coordinator(uow, "Autre Coordinatrice Fictive")
    before = _count(uow, r.ConsentRow)
    with pytest.raises(Forbidden):
        ec.record_evaluation_choice(stranger, cid, True, uow=uow)
    with pytest.raises(Forbidden):
        ec.evaluation_consent_of(stranger, cid, uow=uow)
    assert _count(uow, r.ConsentRow) == before


# --- the synthesis sheet --------------------------------------------------------------------

def test_sheet_prefilled_from_a_conference_held(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.INFORMATION_SHARING)  # attendance marked
    sheet = ss.sheet_for(coordinator, cid, uow=uow)
    assert sheet.version == 0 and sheet.participants_prefilled
    assert sheet.field.value == "enfance" and sheet.referral_source.value == "professional"
    assert sheet.outcome is None and sheet.closure_reason is None and not sheet.self_organised
    # Moreau-Diallo: Lina is the child; four relatives, three of the network and the school
    # nurse (expert) came; the coach declined and Julien (not safe) was not invited.
    assert dict(sheet.participants) == {"family": 4, "network": 3, "child": 1, "professional": 0, "expert": 1,
                                        "coordinator": 1}


def test_sheet_of_a_conference_not_completed_or_self_organised(uow, coordinator):
    cid = demo.journey(coordinator, demo.BENALI, until=Phase.CLOSED, uow=uow,
                       close_with=(Outcome.NOT_COMPLETED, ClosureReason.FAMILY_DECLINED, ""))
    sheet = ss.sheet_for(coordinator, cid, uow=uow)
    assert sheet.outcome is Outcome.NOT_COMPLETED and sheet.closure_reason is ClosureReason.FAMILY_DECLINED
    assert sum(sheet.participants.values()) == 0  # never met: nobody present
    own = demo.journey(coordinator, demo.MARCHAND, until=Phase.CLOSED, uow=uow,
                       close_with=(Outcome.FAMILY_SELF_ORGANISED, None, ""))
    assert ss.sheet_for(coordinator, own, uow=uow).self_organised
    # Saved for a conference not completed too.
    assert ss.save_sheet(coordinator, cid, "45 min", "", {"family": 1}, "", 0, uow=uow) == 1


def test_sheet_saved_then_read_back_and_stale_write_refused(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.INFORMATION_SHARING)
    version = ss.save_sheet(coordinator, cid, "1h30", "1,5", {"family": 5, "child": "1", "coordinator": 1},
                            "  Réunion longue.  ", 0, uow=uow)
    sheet = ss.sheet_for(coordinator, cid, uow=uow)
    assert (sheet.hours_coordinator, sheet.hours_referent, sheet.note) == (1.5, 1.5, "Réunion longue.")
    assert sheet.version == version and not sheet.participants_prefilled
    assert sheet.participants["family"] == 5 and sheet.participants["network"] == 0
    with pytest.raises(StaleWrite):  # a second screen that still shows the unsaved sheet
        ss.save_sheet(coordinator, cid, "2h", "", {}, "", 0, uow=uow)
    second = ss.save_sheet(coordinator, cid, "2h", "", {"family": 5}, "", version, uow=uow)
    with pytest.raises(StaleWrite):
        ss.save_sheet(coordinator, cid, "3h", "", {}, "", version, uow=uow)
    sheet = ss.sheet_for(coordinator, cid, uow=uow)
    assert sheet.version == second and sheet.hours_coordinator == 2.0 and sheet.hours_referent is None
    with uow:
        assert [a.action for a in uow.audit.entries("conference", cid)].count("synthesis_sheet.saved") == 2


@pytest.mark.parametrize("typed, hours", [
    ("1h30", 1.5), ("1 h 30", 1.5), ("2h", 2.0), ("2 heures", 2.0), ("1h05", 1.08), ("1:45", 1.75),
    ("1,5", 1.5), ("1.25", 1.25), ("90 min", 1.5), ("45min", 0.75), ("3", 3.0), (" ", None), ("", None),
    (None, None), (2.5, 2.5), ("0", 0.0)])
def test_hours_quick_entry(typed, hours):
    assert ss.parse_hours(typed) == hours


@pytest.mark.parametrize("hours, shown", [(1.5, "1 h 30"), (0.75, "45 min"), (2.0, "2 h"), (0.0, "0 min"),
                                          (1.08, "1 h 05"), (None, "")])
def test_hours_shown_back_as_typed_again(hours, shown):
    assert ss.format_hours(hours) == shown
    assert ss.parse_hours(shown) == hours


@pytest.mark.parametrize("typed", ["deux heures", "1h75", "-1", "1,5,2", "h30", "600", "1:75", "12abc"])
def test_hours_not_understood(typed):
    with pytest.raises(InvalidInput) as caught:
        ss.parse_hours(typed, "hours_referent")
    assert (caught.value.field, caught.value.code) == ("hours_referent", "hours_format")


def test_bad_input_writes_nothing(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    for hours, people in (("beaucoup", {}), ("1h", {"cousin": 2}), ("1h", {"family": -1}), ("1h", {"family": "2,5"})):
        with pytest.raises(InvalidInput):
            ss.save_sheet(coordinator, cid, hours, "", people, "", 0, uow=uow)
    assert _count(uow, r.SynthesisSheetRow) == 0


def _refused_actors(uow, cid) -> dict[str, Actor]:
    """Everyone but the conference's coordinator."""
    referent = accounts.create_user("Référent Fictif", Role.REFERENT, login="referent.fictif", uow=uow)
    return {
        "other coordinator": make_coordinator(uow, "Autre Coordinatrice Fictive"),
        "family": Actor(id=None, role=Role.FAMILY, conference_id=cid),
        "pilot": accounts.create_user("Pilote Fictive", Role.PILOT, uow=uow),
        "referent": referent,
        "admin": accounts.create_user("Admin Fictif", Role.ADMIN, uow=uow),
    }


def test_refused_actors_write_nothing(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.INFORMATION_SHARING)
    actors = _refused_actors(uow, cid)
    referents.assign_referent(coordinator, cid, "referent.fictif", uow=uow)
    actors["deactivated coordinator"] = replace(coordinator, active=False)
    with uow:
        indicator = r.TerritoryIndicatorRow(territory_id=uow.conferences.get(cid).territory_id, name="Visites",
                                            kind="count")
        uow.add(indicator)
        uow.commit()
        indicator_id = indicator.id
    before = {m: _count(uow, m) for m in (r.ConsentRow, r.SynthesisSheetRow, r.IndicatorValueRow, r.AuditRow)}
    for actor in actors.values():
        for call in (lambda actor=actor: ec.record_evaluation_choice(actor, cid, True, uow=uow),
                     lambda actor=actor: ec.withdraw_evaluation_choice(actor, cid, uow=uow),
                     lambda actor=actor: ss.sheet_for(actor, cid, uow=uow),
                     lambda actor=actor: ss.save_sheet(actor, cid, "1h", "", {}, "", 0, uow=uow),
                     lambda actor=actor: ti.set_indicator_value(actor, cid, indicator_id, "3", uow=uow),
                     lambda actor=actor: ti.indicators_for(actor, cid, uow=uow)):
            with pytest.raises(Forbidden):
                call()
    after = {m: _count(uow, m) for m in before}
    assert after == before


# --- a territory's own indicators -----------------------------------------------------------

def _indicator(uow, territory_id, name, kind="count", active=True) -> int:
    with uow:
        row = r.TerritoryIndicatorRow(territory_id=territory_id, name=name, definition="Définition fictive",
                                      kind=kind, active=active)
        uow.add(row)
        uow.commit()
        return row.id


def test_indicator_values_set_changed_cleared(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    with uow:
        territory_id = uow.conferences.get(cid).territory_id
    visits = _indicator(uow, territory_id, "Visites à domicile")
    hours = _indicator(uow, territory_id, "Temps de trajet", "hours")
    housed = _indicator(uow, territory_id, "Logement trouvé", "yes_no")
    _indicator(uow, territory_id, "Ancien indicateur", active=False)
    assert ti.set_indicator_value(coordinator, cid, visits, "3", uow=uow) == 3.0
    assert ti.set_indicator_value(coordinator, cid, visits, "4", uow=uow) == 4.0
    assert ti.set_indicator_value(coordinator, cid, hours, "1h30", uow=uow) == 1.5
    assert ti.set_indicator_value(coordinator, cid, housed, "oui", uow=uow) == 1.0
    entries = {e.name: e.value for e in ti.indicators_for(coordinator, cid, uow=uow)}
    assert entries == {"Visites à domicile": 4.0, "Temps de trajet": 1.5, "Logement trouvé": 1.0}
    assert ti.set_indicator_value(coordinator, cid, hours, "", uow=uow) is None
    assert {e.name: e.value for e in ti.indicators_for(coordinator, cid, uow=uow)}["Temps de trajet"] is None
    for indicator, bad in ((visits, "2,5"), (visits, "-1"), (housed, "peut-être"), (hours, "longtemps")):
        with pytest.raises(InvalidInput):
            ti.set_indicator_value(coordinator, cid, indicator, bad, uow=uow)
    assert _count(uow, r.IndicatorValueRow) == 2


def test_indicator_of_another_territory_or_inactive_refused(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    admin = accounts.create_user("Admin Fictif", Role.ADMIN, uow=uow)
    elsewhere = terr.create_territory(admin, "nord", "Territoire Nord", uow=uow)
    with uow:
        territory_id = uow.conferences.get(cid).territory_id
    foreign = _indicator(uow, elsewhere, "Visites")
    old = _indicator(uow, territory_id, "Ancien", active=False)
    for indicator in (foreign, old, 999_999):
        with pytest.raises(NotFound):
            ti.set_indicator_value(coordinator, cid, indicator, "1", uow=uow)
    assert _count(uow, r.IndicatorValueRow) == 0


# --- territories ----------------------------------------------------------------------------

def test_territories_admin(uow, coordinator):
    admin = accounts.create_user("Admin Fictif", Role.ADMIN, uow=uow)
    pilot = accounts.create_user("Pilote Fictive", Role.PILOT, uow=uow)
    referent = accounts.create_user("Référent Fictif", Role.REFERENT, uow=uow)
    north = terr.create_territory(admin, "Nord", "Territoire Nord", uow=uow)
    south = terr.create_territory(admin, "sud-ouest", "Territoire Sud", uow=uow)
    with pytest.raises(InvalidInput):
        terr.create_territory(admin, "nord", "Encore le Nord", uow=uow)
    with pytest.raises(InvalidInput):
        terr.create_territory(admin, "pas de code!", "Mauvais code", uow=uow)
    terr.rename_territory(admin, south, "Territoire Sud-Ouest", uow=uow)
    terr.set_account_territories(admin, pilot.id, [north, south], uow=uow)
    terr.set_account_territories(admin, pilot.id, [south], uow=uow)
    with pytest.raises(InvalidInput):
        terr.set_account_territories(admin, referent.id, [north], uow=uow)
    with pytest.raises(NotFound):
        terr.set_account_territories(admin, pilot.id, [999_999], uow=uow)
    listed = {t.code: t for t in terr.list_territories(admin, uow=uow)}
    assert listed["sud-ouest"].name == "Territoire Sud-Ouest"
    assert [a.id for a in listed["sud-ouest"].accounts] == [pilot.id] and listed["nord"].accounts == ()
    accounts_given = {a.id: given for a, given in terr.territory_accounts(admin, uow=uow)}
    assert accounts_given[pilot.id] == {south} and referent.id not in accounts_given
    with uow:
        actions = [a.action for a in uow.audit.entries()]
    assert actions.count("territory.created") == 2 and "territory.renamed" in actions
    assert actions.count("territory.accounts_set") == 2


def test_territories_refused_to_others_and_nothing_written(uow, coordinator):
    pilot = accounts.create_user("Pilote Fictive", Role.PILOT, uow=uow)
    admin = accounts.create_user("Admin Fictif", Role.ADMIN, uow=uow)
    north = terr.create_territory(admin, "nord", "Territoire Nord", uow=uow)
    before = {m: _count(uow, m) for m in (r.TerritoryRow, r.UserTerritoryRow, r.User, r.AuditRow)}
    for actor in (coordinator, pilot, replace(admin, active=False), Actor(id=None, role=Role.FAMILY, conference_id=1)):
        for call in (lambda actor=actor: terr.create_territory(actor, "sud", "Sud", uow=uow),
                     lambda actor=actor: terr.rename_territory(actor, north, "Autre", uow=uow),
                     lambda actor=actor: terr.set_account_territories(actor, pilot.id, [north], uow=uow),
                     lambda actor=actor: terr.list_territories(actor, uow=uow),
                     lambda actor=actor: terr.create_pilot(actor, "pilote.bis", "Pilote Bis", "Un mot de passe très long 42",
                                               [north], uow=uow)):
            with pytest.raises(Forbidden):
                call()
    assert {m: _count(uow, m) for m in before} == before


def test_create_pilot_with_territories(uow):
    admin = accounts.create_user("Admin Fictif", Role.ADMIN, uow=uow)
    north = terr.create_territory(admin, "nord", "Territoire Nord", uow=uow)
    with pytest.raises(NotFound):  # an unknown territory: no account made
        terr.create_pilot(admin, "pilote.fictive", "Pilote Fictive", "Un mot de passe très long 42", [999_999],
                          uow=uow)
    assert _count(uow, r.User) == 1
    user_id = terr.create_pilot(admin, "pilote.fictive", "Pilote Fictive", "Un mot de passe très long 42", [north],
                                uow=uow)
    with uow:
        user = uow.session.get(r.User, user_id)
        assert user.role == "pilot"
        assert territory_ids_of(uow.session, user_id) == {north}


def test_new_conference_lands_in_the_coordinators_territory_and_moves(uow, coordinator):
    admin = accounts.create_user("Admin Fictif", Role.ADMIN, uow=uow)
    first = conferences.create_conference(coordinator, "Famille Avant (fictive)", uow=uow)
    north = terr.create_territory(admin, "nord", "Territoire Nord", uow=uow)
    south = terr.create_territory(admin, "sud", "Territoire Sud", uow=uow)
    terr.set_account_territories(admin, coordinator.id, [south], uow=uow)
    cid = conferences.create_conference(coordinator, "Famille Après (fictive)", uow=uow)
    with uow:
        assert uow.conferences.get(cid).territory_id == south
        assert uow.conferences.get(first).territory_id not in (north, south)
        version = uow.conferences.get(cid).version
    terr.move_conference(coordinator, cid, north, uow=uow)
    terr.move_conference(admin, first, north, uow=uow)
    stranger = make_coordinator(uow, "Autre Coordinatrice Fictive")
    pilot = accounts.create_user("Pilote Fictive", Role.PILOT, uow=uow)
    for actor in (stranger, pilot, replace(coordinator, active=False)):
        with pytest.raises(Forbidden):
            terr.move_conference(actor, cid, south, uow=uow)
    with pytest.raises(NotFound):
        terr.move_conference(coordinator, cid, 999_999, uow=uow)
    with uow:
        row = uow.conferences.get(cid)
        assert row.territory_id == north and row.version == version  # an open screen is not made stale
        assert uow.conferences.get(first).territory_id == north
        moved = [a.details for a in uow.audit.entries("conference", cid) if a.action == "conference.territory_moved"]
    assert moved == [{"territory_from": south, "territory_to": north}]


def test_who_may_move_a_conference_between_territories():
    conf = make_access(coordinator=1)
    assert can_move_conference_territory(make_actor(Role.COORDINATOR, ident=1), conf)
    assert can_move_conference_territory(make_actor(Role.ADMIN, ident=9), conf)
    for actor in (make_actor(Role.COORDINATOR, ident=2), make_actor(Role.COORDINATOR, ident=1, active=False),
                  make_actor(Role.PILOT, ident=1), make_actor(Role.REFERENT, ident=2),
                  make_actor(Role.FAMILY, conference_id=conf.id), make_actor(Role.ADMIN, ident=9, active=False)):
        assert not can_move_conference_territory(actor, conf)


def test_territory_choices_for_the_coordinator_only(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    admin = accounts.create_user("Admin Fictif", Role.ADMIN, uow=uow)
    north = terr.create_territory(admin, "nord", "Territoire Nord", uow=uow)
    current, choices = terr.territory_choices(coordinator, cid, uow=uow)
    assert current != north and (north, "Territoire Nord") in choices and len(choices) == 2
    with pytest.raises(Forbidden):
        terr.territory_choices(make_coordinator(uow, "Autre Coordinatrice Fictive"), cid, uow=uow)


def test_the_familys_printed_consent_record_shows_the_evaluation_choice(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    ec.record_evaluation_choice(coordinator, cid, True, uow=uow)
    _name, data = consent.export_consent_record(coordinator, cid, uow=uow)
    document = Document(io.BytesIO(data))
    cells = " ".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert "Participer à l’évaluation" in cells  # the document's typographic apostrophe


def test_withdrawing_ends_every_standing_record_even_one_made_on_the_consent_screen(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.ORIENTATION)
    consent.record_consent(coordinator, cid, ConsentKind.EVALUATION, True, uow=uow)
    consent.record_consent(coordinator, cid, ConsentKind.EVALUATION, False, uow=uow)
    assert ec.withdraw_evaluation_choice(coordinator, cid, uow=uow)
    assert ec.evaluation_consent_of(coordinator, cid, uow=uow).current is None
    with uow:
        assert consented_conference_ids(uow.session) == frozenset()
