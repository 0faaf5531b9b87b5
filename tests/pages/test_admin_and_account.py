"""AppTest: the administrator's accounts screen, my account, family link and consent."""
from __future__ import annotations

import re


from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from conference.domain.enums import ConsentKind, Phase, Role
from conference.services import auth, consent, family_links, referents

from .conftest import APP, texts

COVERS = ("pages/admin_accounts.py", "pages/account.py", "pages/no_access.py", "pages/admin_audit.py",
          "pages/admin_retention.py")  # screens reached through the frame

PASSWORD = "mot-de-passe-fictif-long"
PAGES = Path(__file__).resolve().parents[2] / "pages"


@pytest.fixture
def server_mode(app_env):
    config.set_option("server.address", "0.0.0.0")


def signed_in(user_id: int) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["signed_in_id"] = user_id
    return at.run()


def test_the_administrator_creates_and_disables_an_account_and_reads_no_case(server_mode, uow, conference_at):
    conference_at(Phase.PREPARATION)
    admin = auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    at = signed_in(admin)

    at.text_input(key="admin_new_name").input("Pilote Imaginaire")
    at.text_input(key="admin_new_login").input("pilote.imaginaire")
    at.selectbox(key="admin_new_role").set_value(Role.PILOT)
    at.text_input(key="admin_new_password").input(PASSWORD)
    at.button(key="FormSubmitter:admin_new_account-Créer le compte").click().run()

    assert any(a["login"] == "pilote.imaginaire" for a in auth.list_accounts(auth.SYSTEM, uow=uow))
    assert "Moreau-Diallo" not in texts(at)  # no case content on the administrator's screens
    pilot_id = next(a["id"] for a in auth.list_accounts(auth.SYSTEM, uow=uow) if a["login"] == "pilote.imaginaire")
    at.button(key=f"admin_toggle_{pilot_id}").click().run()
    assert not next(a for a in auth.list_accounts(auth.SYSTEM, uow=uow) if a["id"] == pilot_id)["active"]


def test_changing_my_password_needs_the_current_one(server_mode, uow):
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    coord = auth.create_account(auth.SYSTEM, "coord.fictive", "Coord Fictive", Role.COORDINATOR, PASSWORD, uow=uow)
    at = signed_in(coord)
    at.switch_page("pages/account.py").run()

    at.text_input(key="account_old").input("pas-le-bon-mot-de-passe")
    at.text_input(key="account_new").input("un-nouveau-mot-de-passe")
    at.button[0].click().run()

    assert "Identifiant ou mot de passe incorrect" in at.error[0].value
    assert auth.authenticate("coord.fictive", PASSWORD, uow=uow).id == coord


def test_a_pilot_lands_on_a_page_without_family_records(server_mode, uow, conference_at):
    conference_at(Phase.PREPARATION)
    auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    pilot = auth.create_account(auth.SYSTEM, "pilote.fictif", "Pilote Fictif", Role.PILOT, PASSWORD, uow=uow)

    at = signed_in(pilot)

    assert "Tableau de bord de l'évaluation" in texts(at) and "Moreau-Diallo" not in texts(at)


def test_the_coordinator_creates_a_family_link_shown_once_with_a_qr_code(make_app, uow, coordinator, conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = make_app("pages/family_access.py", conference_id=cid)

    at.button(key="FormSubmitter:access_link_form-Créer un lien famille").click().run()

    token = at.session_state["access_new_link"][2]  # (conference id, link id, token)
    assert any(token in c.value for c in at.code)
    assert family_links.open_family_link(token, uow=uow).conference_id == cid
    assert len(family_links.list_family_links(coordinator, cid, uow=uow)) == 1


def test_a_consent_record_is_kept_and_can_be_withdrawn(make_app, uow, coordinator, conference_at):
    cid = conference_at(Phase.PREPARATION)
    at = make_app("pages/family_access.py", conference_id=cid)

    at.selectbox(key="access_consent_kind").set_value(ConsentKind.FOLLOW_UP)
    at.button(key="FormSubmitter:access_consent_form-Enregistrer").click().run()

    (record,) = consent.list_consents(coordinator, cid, uow=uow)
    assert record.kind is ConsentKind.FOLLOW_UP and record.given and record.withdrawn_at is None
    at.button(key=f"access_withdraw_{record.id}").click().run()
    assert consent.list_consents(coordinator, cid, uow=uow)[0].withdrawn_at is not None


def test_the_coordinator_gives_a_referent_account_access(make_app, uow, coordinator, conference_at):
    cid = conference_at(Phase.PREPARATION)
    ref = auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    ref = auth.create_account(auth.SYSTEM, "ref.fictif", "Ref Fictif", Role.REFERENT, PASSWORD, uow=uow)
    at = make_app("pages/family_access.py", conference_id=cid)

    at.text_input(key="access_referent_login").input("ref.fictif")
    at.button(key="FormSubmitter:access_referent_form-Donner l'accès").click().run()

    assert [r[0] for r in referents.referents_of(coordinator, cid, uow=uow)] == [ref]


def test_every_page_file_has_an_apptest():
    """Guard: every screen registered in the navigation comes with its AppTest, and every
    other file of pages/ is a helper that some screen imports (no forgotten screen)."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    frame = "\n".join(p.read_text(encoding="utf-8") for p in [PAGES.parent / "streamlit_app.py",
                                                                *sorted(PAGES.glob("nav_*.py"))])
    registered = set(re.findall(r'"pages/(\w+\.py)"', frame))
    missing = [name for name in sorted(registered)
               if f"pages/{name}" not in sources and f"/{name[:-3]}" not in sources]
    assert not missing, f"Write an AppTest for {missing} in tests/pages/"
    code = frame + "\n".join(p.read_text(encoding="utf-8") for p in PAGES.glob("*.py"))
    helpers = {f"{name}.py" for name in re.findall(r"from pages\.(\w+) import", code)}
    for group in re.findall(r"from pages import ([\w ,]+)", code):  # "a, b" or "a as b"
        helpers |= {f"{part.split()[0]}.py" for part in group.split(",") if part.strip()}
    orphans = [p.name for p in sorted(PAGES.glob("*.py"))
               if p.name != "__init__.py" and p.name not in registered | helpers]
    assert not orphans, f"{orphans} are neither in the navigation (streamlit_app.py) nor imported by a page"


def test_the_audit_log_lists_exports_and_phase_changes_for_the_administrator_only(server_mode, uow, coordinator,
                                                                                  conference_at):
    conference_at(Phase.VALIDATION)
    admin = auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    at = signed_in(admin)
    at.switch_page("pages/admin_audit.py").run()

    table = at.dataframe[0].value
    assert "phase.changed" in set(table.iloc[:, 2]) and not at.exception
    assert "Moreau" not in table.to_string()  # codes and numbers, never content


def test_the_retention_dry_run_lists_and_the_purge_needs_a_confirmation(server_mode, uow, coordinator):
    admin = auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)
    at = signed_in(admin)
    at.switch_page("pages/admin_retention.py").run()

    at.button(key="retention_dry_run").click().run()

    assert at.session_state["retention_plan"] is not None and not at.exception
    assert "Rien à archiver" in texts(at) or at.button(key="retention_purge").disabled
