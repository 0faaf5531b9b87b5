"""Accounts and family links through the services."""
from __future__ import annotations

from datetime import timedelta

import pytest

from conference.domain.enums import Phase, Role
from conference.domain.errors import FamilyLinkInvalid, Forbidden, LoginRefused, WeakPassword
from conference.services import auth, family_links, private_time
from conference.store.models import utcnow

from ..factories import make_conference

PASSWORD = "un-mot-de-passe-fictif"


@pytest.fixture
def admin_id(uow):
    return auth.create_account(auth.SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, PASSWORD, uow=uow)


def test_a_password_is_stored_as_an_argon2_hash_and_logs_in(uow, admin_id):
    actor = auth.authenticate("Admin.Fictif ", PASSWORD, uow=uow)

    assert actor.id == admin_id and actor.role is Role.ADMIN
    with uow:
        from conference.store.models import User
        stored = uow.session.get(User, admin_id).password_hash
    assert stored.startswith("$argon2") and PASSWORD not in stored


def test_unknown_login_and_wrong_password_are_refused_alike(uow, admin_id):
    with pytest.raises(LoginRefused) as unknown:
        auth.authenticate("personne", PASSWORD, uow=uow)
    with pytest.raises(LoginRefused) as wrong:
        auth.authenticate("admin.fictif", "pas-le-bon-mot", uow=uow)

    assert unknown.value.reason == wrong.value.reason == "credentials"


def test_five_failures_lock_the_account_for_fifteen_minutes(uow, admin_id):
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(LoginRefused):
            auth.authenticate("admin.fictif", "mauvais-mot-de-passe", uow=uow)

    with pytest.raises(LoginRefused) as refused:
        auth.authenticate("admin.fictif", PASSWORD, uow=uow)
    assert refused.value.reason == "locked"

    later = utcnow() + timedelta(minutes=auth.LOCK_MINUTES + 1)
    assert auth.authenticate("admin.fictif", PASSWORD, uow=uow, now=later).id == admin_id


def test_a_short_password_is_refused(uow):
    with pytest.raises(WeakPassword):
        auth.create_account(auth.SYSTEM, "court", "Court Fictif", Role.COORDINATOR, "court", uow=uow)


def test_only_an_administrator_creates_accounts_once_one_exists(uow, admin_id, coordinator):
    with pytest.raises(Forbidden):
        auth.create_account(coordinator, "pilote.fictif", "Pilote Fictif", Role.PILOT, PASSWORD, uow=uow)


def test_a_disabled_account_cannot_log_in(uow, admin_id):
    auth.create_account(auth.SYSTEM, "coord.fictive", "Coord Fictive", Role.COORDINATOR, PASSWORD, uow=uow)
    auth.set_account_active(auth.SYSTEM, "coord.fictive", False, uow=uow)

    with pytest.raises(LoginRefused) as refused:
        auth.authenticate("coord.fictive", PASSWORD, uow=uow)
    assert refused.value.reason == "disabled"


def test_changing_the_password_needs_the_old_one(uow, admin_id):
    actor = auth.authenticate("admin.fictif", PASSWORD, uow=uow)

    with pytest.raises(LoginRefused):
        auth.change_password(actor, "faux-ancien-mot", "nouveau-mot-de-passe", uow=uow)
    auth.change_password(actor, PASSWORD, "nouveau-mot-de-passe", uow=uow)

    assert auth.authenticate("admin.fictif", "nouveau-mot-de-passe", uow=uow).id == admin_id


def test_a_family_link_opens_its_own_conference_only(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    other = make_conference(uow, coordinator, Phase.PRIVATE_TIME)
    _, token = family_links.create_family_link(coordinator, cid, uow=uow)

    family = family_links.open_family_link(token, uow=uow)

    assert family.role is Role.FAMILY and family.conference_id == cid
    private_time.get_plan_draft(family, cid, uow=uow)
    with pytest.raises(Forbidden):
        private_time.get_plan_draft(family, other, uow=uow)


@pytest.mark.parametrize("change", ["altered", "expired", "revoked"])
def test_an_altered_expired_or_revoked_link_is_refused(uow, coordinator, change):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    link_id, token = family_links.create_family_link(coordinator, cid, days=1, uow=uow)
    now = None
    if change == "altered":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif change == "expired":
        now = utcnow() + timedelta(days=2)
    else:
        family_links.revoke_family_link(coordinator, cid, link_id, uow=uow)

    with pytest.raises(FamilyLinkInvalid) as refused:
        family_links.open_family_link(token, uow=uow, now=now)

    assert refused.value.reason == {"altered": "unknown", "expired": "expired", "revoked": "revoked"}[change]


def test_the_plain_token_is_never_stored(uow, coordinator):
    cid = make_conference(uow, coordinator, Phase.PREPARATION)
    _, token = family_links.create_family_link(coordinator, cid, uow=uow)

    with uow:
        from sqlalchemy import text
        dump = "\n".join(str(row) for row in uow.session.execute(text("SELECT * FROM family_links")))
    assert token not in dump


def test_an_identity_provider_signs_in_only_an_existing_active_account(uow):
    from conference.services import accounts
    auth.create_account(auth.SYSTEM, "camille.fictive@departement.invalid", "Camille Fictive", Role.COORDINATOR,
                        PASSWORD, uow=uow)

    assert accounts.actor_for_identity("Camille.Fictive@departement.invalid", uow=uow).role is Role.COORDINATOR
    assert accounts.actor_for_identity("inconnu@departement.invalid", uow=uow) is None
    auth.set_account_active(auth.SYSTEM, "camille.fictive@departement.invalid", False, uow=uow)
    assert accounts.actor_for_identity("camille.fictive@departement.invalid", uow=uow) is None
