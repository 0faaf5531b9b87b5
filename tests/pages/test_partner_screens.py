"""AppTest: the synthesis meetings' screens (issue 10) on the Benali-Roussel demo.

pages/households.py, pages/household.py, pages/partner_meeting.py, pages/handover_notes.py,
pages/partner_directory.py, pages/reflection.py: each reads through the services, saves in
the rerun that made the change, refuses a partner of another structure, and shows a
hostile name as typed (never as an image)."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from sqlalchemy import select
from streamlit import config
from streamlit.testing.v1 import AppTest

from conference.demo_partners import load_partners_demo
from conference.domain.enums import Role
from conference.domain.households import TimelineKind
from conference.domain.partnership import DecisionStatus
from conference.services import accounts, handover_notes, households, partner_directory, partner_meetings
from conference.store import models as r

from .conftest import APP, texts

HOSTILE = "![x](http://example.invalid/x.png)"


@pytest.fixture
def demo(uow, coordinator):
    """The Benali-Roussel household, run by the local coordinator (the first one)."""
    return load_partners_demo(coordinator, uow=uow)


@pytest.fixture
def server_mode(app_env):
    config.set_option("server.address", "0.0.0.0")


def signed_in(user_id: int, page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "fr"
    at.session_state["signed_in_id"] = user_id
    at.run()
    at.switch_page(page).run()
    return at


def on_household(make_app, household_id: int, page: str = "pages/household.py") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "fr"
    at.session_state["household_id"] = household_id
    at.run()
    at.switch_page(page).run()
    return at


def on_meeting(meeting_id: int) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "fr"
    at.session_state["partner_meeting_id"] = meeting_id
    at.run()
    at.switch_page("pages/partner_meeting.py").run()
    return at


def no_error(at: AppTest) -> None:
    assert not at.exception, [e.stack_trace for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def decisions_of(uow, meeting_id: int) -> list[SimpleNamespace]:
    """The meeting's decision rows as stored (plain values, read in one session)."""
    d = r.DecisionRow
    with uow:
        found = uow.session.execute(select(d.action, d.owner_structure_id, d.deadline, d.agreement, d.status,
                                           d.carried_from_id).where(d.meeting_id == meeting_id).order_by(d.id))
        return [SimpleNamespace(**row._asdict()) for row in found]


# --- households ------------------------------------------------------------------------------------

def test_the_list_shows_the_household_and_highlights_the_overdue_decision(make_app, demo):
    at = make_app("pages/households.py")

    assert not at.exception
    shown = texts(at)
    assert "Famille Benali-Roussel (démo)" in shown
    overdue = "\n".join(e.value for e in at.error)
    assert "Réexaminer l'aide au logement" in overdue.replace("\\", "")  # the CAF's decision, past its deadline
    assert "1 en retard" in shown


def test_a_coordinator_creates_a_household_and_lands_on_it(make_app, uow, coordinator):
    at = make_app("pages/households.py")
    at.text_input(key="households_label").input("Foyer L. (fictif)")
    at.button(key="FormSubmitter:households_new_form-Créer le foyer").click().run()

    no_error(at)
    found = households.list_households(accounts.local_coordinator(uow=uow), uow=uow)
    assert [h.label for h in found] == ["Foyer L. (fictif)"]
    assert "Foyer L. (fictif)" in texts(at)  # the household's own page


def test_the_household_shows_its_timeline_partners_referent_and_shared_items(make_app, demo):
    at = on_household(make_app, demo.household_id)

    no_error(at)
    shown = texts(at)
    assert "Synthèse" in shown or "Réunion de synthèse" in shown
    for name in ("CAF de Villefictive (démo)", "UDAF de Fictivie (démo)", "Mme Caron (démo)",
                 "Trois mois de loyer en retard."):
        assert name in shown, name


def test_the_coordinator_puts_a_family_conference_on_the_households_thread(make_app, uow, coordinator, demo):
    from conference.services import conferences

    cid = conferences.create_conference(coordinator, "Famille Benali fictive", uow=uow)
    at = on_household(make_app, demo.household_id)
    at.selectbox(key=f"hh_{demo.household_id}_attach_choice").select(cid)
    at.button(key=f"FormSubmitter:hh_{demo.household_id}_attach_form-Rattacher").click().run()

    no_error(at)
    events = households.timeline(coordinator, demo.household_id, uow=uow)
    assert [e.target_id for e in events if e.kind is TimelineKind.CONFERENCE] == [cid]
    shown = texts(at)
    assert "Famille Benali fictive" in shown, shown  # on the timeline, drawn again from the database


def test_recording_a_new_meeting_carries_the_open_decisions_first(make_app, uow, demo):
    at = on_household(make_app, demo.household_id)
    at.button(key=f"FormSubmitter:hh_{demo.household_id}_plan_form-Enregistrer une réunion").click().run()

    no_error(at)
    meeting_id = at.session_state["partner_meeting_id"]
    carried = decisions_of(uow, meeting_id)
    assert {d.action for d in carried} == {"Réexaminer l'aide au logement", "Ouvrir un accompagnement budgétaire"}
    assert all(d.carried_from_id is not None for d in carried)
    shown = texts(at)
    assert shown.index("Décisions ouvertes reprises de la dernière réunion") < shown.index("La réunion")
    carried_table = at.data_editor(key=f"pm_{meeting_id}_carried_0").value
    assert set(carried_table["action"]) == {d.action for d in carried}


def test_a_carried_decision_marked_done_in_the_table_is_saved_at_once(uow, app_env, demo):
    meeting_id = demo.meetings[1]
    at = on_meeting(meeting_id)
    carried = [d for d in decisions_of(uow, meeting_id) if d.carried_from_id is not None]
    caf = next(n for n, d in enumerate(carried) if d.action == "Réexaminer l'aide au logement")

    at.session_state[f"pm_{meeting_id}_carried_0"] = {"edited_rows": {caf: {"status": "done"}}, "added_rows": [],
                                                      "deleted_rows": []}
    at.run()

    no_error(at)
    saved = next(d for d in decisions_of(uow, meeting_id) if d.action == "Réexaminer l'aide au logement")
    assert saved.status == DecisionStatus.DONE.value
    assert list(at.data_editor(key=f"pm_{meeting_id}_carried_1").value["status"])[caf] == "done"


def test_decisions_and_participants_typed_in_the_tables_are_saved_at_once(uow, app_env, demo):
    meeting_id = demo.meetings[1]
    at = on_meeting(meeting_id)
    udaf, caf = demo.structures["udaf"], demo.structures["caf"]

    at.session_state[f"pm_{meeting_id}_decisions_0"] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"action": "Prendre rendez-vous pour le budget", "owner": udaf, "deadline": "2026-12-15",
                        "agreement": "deferred"}]}
    at.run()
    at.session_state[f"pm_{meeting_id}_participants_0"] = {
        "edited_rows": {}, "deleted_rows": [],
        "added_rows": [{"structure_id": caf, "name": "Julie Marchand (démo)", "role": "conseillère",
                        "attendance": "written_input"}]}
    at.run()

    at.session_state[f"pm_{meeting_id}_decisions_1"] = {"edited_rows": {0: {"agreement": "yes"}},
                                                        "added_rows": [], "deleted_rows": []}
    at.run()

    no_error(at)
    new = [d for d in decisions_of(uow, meeting_id) if d.carried_from_id is None]
    assert [(d.action, d.owner_structure_id, d.deadline, d.agreement) for d in new] == [
        ("Prendre rendez-vous pour le budget", udaf, date(2026, 12, 15), "yes")]
    meeting = partner_meetings.meeting_view(accounts.local_coordinator(uow=uow), meeting_id, uow=uow)
    assert [(p.structure_id, p.name, p.attendance.value) for p in meeting.participants] == [
        (caf, "Julie Marchand (démo)", "written_input")]


def test_the_meeting_form_records_the_person_represented(uow, app_env, demo):
    meeting_id = demo.meetings[1]
    at = on_meeting(meeting_id)
    at.radio(key=f"pm_{meeting_id}_presence").set_value(at.radio(key=f"pm_{meeting_id}_presence").options[1])
    at.text_input(key=f"pm_{meeting_id}_third_party").input("Nadia Roussel (démo)")
    at.button(key=f"pm_{meeting_id}_save").click().run()

    no_error(at)
    meeting = partner_meetings.meeting_view(accounts.local_coordinator(uow=uow), meeting_id, uow=uow)
    assert (meeting.person_presence.value, meeting.third_party) == ("represented", "Nadia Roussel (démo)")


# --- handover ----------------------------------------------------------------------------------------

def test_the_successor_confirms_the_handover_note_waiting_for_them(server_mode, uow, demo):
    at = signed_in(demo.users["dasilva"], "pages/handover_notes.py")

    no_error(at)
    assert "En attente de votre confirmation" in texts(at) or "Pour vous" in texts(at)
    at.button(key=f"handover_confirm_{demo.handover_id}").click().run()

    no_error(at)
    note = handover_notes.get_handover_note(accounts.current_actor(demo.users["dasilva"], uow=uow),
                                            demo.handover_id, uow=uow)
    assert note.confirmed and note.confirmed_by == demo.users["dasilva"]


def test_someone_else_cannot_confirm_the_handover(server_mode, uow, demo):
    at = signed_in(demo.users["caf"], "pages/handover_notes.py")

    no_error(at)
    assert not [b for b in at.button if b.key == f"handover_confirm_{demo.handover_id}"]


# --- refusals -------------------------------------------------------------------------------------------

def test_a_partner_of_another_structure_sees_nothing_of_the_household(server_mode, uow, demo):
    admin = accounts.create_user("Admin Fictif", Role.ADMIN, "", uow=uow)
    other = partner_directory.create_structure(admin, "Mission locale fictive", uow=uow)
    outsider = accounts.create_user("Partenaire Extérieur (fictif)", Role.PARTNER, "", login="ext.fictif", uow=uow)
    partner_directory.assign_structure(admin, outsider.id, other, uow=uow)

    listing = signed_in(outsider.id, "pages/households.py")
    assert "Benali-Roussel" not in texts(listing) and not listing.exception

    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["signed_in_id"] = outsider.id
    at.session_state["household_id"] = demo.household_id
    at.session_state["partner_meeting_id"] = demo.meetings[0]
    at.run()
    for page in ("pages/household.py", "pages/partner_meeting.py"):
        at.switch_page(page).run()
        assert not at.exception
        assert "Vous n'avez pas le droit de faire cela ici." in [e.value for e in at.error]
        shown = texts(at)
        assert "Benali-Roussel" not in shown and "loyer" not in shown


def test_a_partner_of_the_household_does_not_see_the_health_item(server_mode, uow, demo):
    at = signed_in(demo.users["caf"], "pages/households.py")
    assert "Famille Benali-Roussel (démo)" in texts(at)
    at.session_state["household_id"] = demo.household_id
    at.switch_page("pages/household.py").run()

    no_error(at)
    shown = texts(at)
    assert "Trois mois de loyer en retard." in shown
    assert "blessure au dos" not in shown  # health: not allowed for the CAF
    assert "dette envers un cousin" not in shown  # objected: stays with the CCAS


# --- hostile text ---------------------------------------------------------------------------------------

def test_a_hostile_household_name_is_shown_as_typed(make_app, uow, coordinator):
    hid = households.create_household(coordinator, HOSTILE, uow=uow)
    meeting_id = partner_meetings.plan_meeting(coordinator, hid, "synthese", date(2026, 11, 23), uow=uow)

    for at in (make_app("pages/households.py"), on_household(make_app, hid), on_meeting(meeting_id)):
        no_error(at)
        assert HOSTILE in texts(at)
        raw = "\n".join(str(m.value) for m in [*at.markdown, *at.title])
        assert HOSTILE not in raw  # only its escaped form reaches Markdown: no image is ever made


# --- directory and reflection ------------------------------------------------------------------------

def test_a_directory_file_with_errors_is_refused_with_its_lines_and_changes_nothing(make_app, uow, demo):
    before = len(partner_directory.list_structures(accounts.local_coordinator(uow=uow), uow=uow))
    template = partner_directory.template_file().decode("utf-8-sig").splitlines()
    bad = "\n".join([template[0], template[1].replace("2026", "20x6", 1)]).encode()
    at = make_app("pages/partner_directory.py")
    no_error(at)
    assert any("CAF de Villefictive (démo)" in e.label.replace("\\", "") for e in at.expander)

    parsed = partner_directory.check_file(bad)
    assert parsed.problems, "the test file must hold a problem"
    # The uploader cannot be driven by AppTest: the page's import path is the service's.
    with pytest.raises(partner_directory.DirectoryFileRefused) as refused:
        partner_directory.import_directory(accounts.local_coordinator(uow=uow), bad, uow=uow)
    assert partner_directory.problem_text(refused.value.problems[0]).startswith("Ligne 2")
    assert len(partner_directory.list_structures(accounts.local_coordinator(uow=uow), uow=uow)) == before


def test_a_structure_added_in_the_directory_is_listed(make_app, uow, coordinator):
    at = make_app("pages/partner_directory.py")
    at.text_input(key="directory_new_name").input("Épicerie solidaire fictive")
    at.button(key="FormSubmitter:directory_new_form-Ajouter la structure").click().run()

    no_error(at)
    assert any(e.label.replace("\\", "").startswith("Épicerie solidaire fictive") for e in at.expander)


def test_the_reflection_cycle_starts_and_its_draft_is_approved(make_app, uow, coordinator):
    at = make_app("pages/reflection.py")
    at.text_input(key="reflection_title").input("Coopérer autour des foyers (fictif)")
    at.button(key="FormSubmitter:reflection_new_form-Démarrer le cycle").click().run()
    no_error(at)
    cycle_id = at.session_state["reflection_cycle"]
    key = next(k for k in at.session_state if str(k).startswith(f"reflection_{cycle_id}_") and
               str(k).endswith("_draft"))
    at.text_area(key=key).input("Nous avons appris à nous connaître.")
    at.button(key=f"FormSubmitter:{key.removesuffix('_draft')}_report_form-Enregistrer le brouillon").click().run()
    no_error(at)
    approve = next(b for b in at.button if str(b.key).endswith("_approve"))
    approve.click().run()
    final = next(b for b in at.button if str(b.key).endswith("_final"))
    final.click().run()

    no_error(at)
    from conference.services import reflection
    assert reflection.get_cycle(accounts.local_coordinator(uow=uow), cycle_id, uow=uow).is_final


def test_the_home_page_shows_the_overdue_decisions_of_the_households_run(make_app, demo):
    at = make_app()  # the coordinator's home page

    assert not at.exception
    overdue = "\n".join(e.value for e in at.error).replace("\\", "")
    assert "Réexaminer l'aide au logement" in overdue and "Famille Benali-Roussel (démo)" in overdue
    assert "Ouvrir un accompagnement budgétaire" not in overdue  # its deadline is still ahead


def test_a_partner_marks_the_decision_its_structure_owns_done_and_edits_nothing_else(server_mode, uow, demo):
    meeting_id = demo.meetings[1]
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["signed_in_id"] = demo.users["caf"]
    at.session_state["partner_meeting_id"] = meeting_id
    at.run()
    at.switch_page("pages/partner_meeting.py").run()
    no_error(at)
    assert at.button(key=f"pm_{meeting_id}_save").disabled
    carried = [d for d in decisions_of(uow, meeting_id) if d.carried_from_id is not None]
    caf = next(n for n, d in enumerate(carried) if d.action == "Réexaminer l'aide au logement")
    udaf = next(n for n, d in enumerate(carried) if d.action == "Ouvrir un accompagnement budgétaire")

    at.session_state[f"pm_{meeting_id}_carried_0"] = {"edited_rows": {caf: {"status": "done"}}, "added_rows": [],
                                                      "deleted_rows": []}
    at.run()
    no_error(at)
    at.session_state[f"pm_{meeting_id}_carried_1"] = {"edited_rows": {udaf: {"status": "dropped"}},
                                                      "added_rows": [], "deleted_rows": []}
    at.run()

    assert "Vous n'avez pas le droit de faire cela ici." in [e.value for e in at.error]
    statuses = {d.action: d.status for d in decisions_of(uow, meeting_id) if d.carried_from_id is not None}
    assert statuses == {"Réexaminer l'aide au logement": "done", "Ouvrir un accompagnement budgétaire": "open"}
