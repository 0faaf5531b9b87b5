"""The first run of a fresh install: who the coordinator is, or who administers the server.

On this computer (local mode), an empty database offers two ways: discover Cercle with the
fictional demo (its own fictional coordinator, hand-back PIN ``demo.DEMO_PIN``), or start
for real (``accounts.create_first_coordinator``: name, structure and hand-back PIN).

On a server, the demo is never loaded, and the administrator is created from the command
line (``cercle user add --role admin``) or on the first-run screen with the one-time code
that ``cercle run`` prints in the terminal: the first network visitor cannot create it.
Only the code's argon2 hash is stored; five wrong codes void it (restart for a new one).
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from argon2.exceptions import InvalidHashError, VerificationError

from conference.demo import DEMO_COORDINATOR, DEMO_PIN  # noqa: F401  (shown on the first-run screen)
from conference.domain.enums import Role
from conference.domain.errors import Forbidden, InvalidInput
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.models import utcnow
from conference.store.uow import UnitOfWork

from . import accounts, auth, hashing

CODE_KEY = "first_admin_code"
CODE_HOURS = 24
CODE_TRIES = 5
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from a terminal


def start_with_demo(*, local: bool, uow: UnitOfWork) -> Actor:
    """Load the fictional demo: on this computer only, into an empty database. Returns the
    demo coordinator (hand-back PIN ``demo.DEMO_PIN``). Everything Cercle does is there to
    try: the conferences, the Benali-Roussel household's synthesis meetings, and two
    territories of evaluation data (so the dashboard means something; pilot ``pilote.demo``)."""
    from conference import clock
    from conference.demo import load_demo
    from conference.demo_partners import load_partners_demo
    from conference.store.evaluation_demo import PILOT_PASSWORD, load_evaluation_demo

    if not local or not accounts.is_blank(uow=uow):
        raise Forbidden("load_demo")
    coordinator = load_demo(uow=uow)
    load_partners_demo(coordinator, uow=uow)
    with uow:
        load_evaluation_demo(uow.session, pilot_password_hash=auth.hash_password(PILOT_PASSWORD), today=clock.today())
        uow.commit()
    return coordinator


def _normalise(code: str | None) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def issue_admin_code(*, uow: UnitOfWork) -> str | None:
    """A new one-time code for creating the administrator on the first-run screen (it
    replaces any earlier one), or None once an administrator exists. Valid 24 hours."""
    if not auth.needs_first_admin(uow=uow):
        return None
    code = "-".join("".join(secrets.choice(_ALPHABET) for _ in range(4)) for _ in range(3))
    value = {"hash": hashing.hasher().hash(_normalise(code)), "expires_at": (utcnow() + timedelta(hours=CODE_HOURS)).isoformat(),
             "failures": 0}
    with uow:
        row = uow.session.get(r.SettingRow, CODE_KEY)
        if row is None:
            uow.add(r.SettingRow(key=CODE_KEY, value=value))
        else:
            row.value = value
        uow.audit.record(auth.SYSTEM, "first_admin.code_issued", "setting", None)
        uow.commit()
    return code


def create_first_admin(code: str, login: str, display_name: str, password: str, *, uow: UnitOfWork) -> int:
    """Create the first administrator with the one-time code. A wrong, used, expired or
    voided code: ``InvalidInput("code", "wrong_code")``. Returns the account's id."""
    if not auth.needs_first_admin(uow=uow):
        raise Forbidden("create_first_admin")
    with uow:
        row = uow.session.get(r.SettingRow, CODE_KEY)
        value = dict(row.value) if row is not None else {}
        usable = bool(value.get("hash")) and value.get("failures", 0) < CODE_TRIES \
            and datetime.fromisoformat(value["expires_at"]) > utcnow()
        try:
            matches = usable and hashing.hasher().verify(value["hash"], _normalise(code))
        except (VerificationError, InvalidHashError):
            matches = False
        if not matches:
            if row is not None:
                value["failures"] = value.get("failures", 0) + 1
                row.value = value
            uow.audit.record(auth.SYSTEM, "first_admin.code_refused", "setting", None)
            uow.commit()
            raise InvalidInput("code", "wrong_code")
    user_id = auth.create_account(auth.SYSTEM, login, display_name, Role.ADMIN, password, uow=uow)
    with uow:
        row = uow.session.get(r.SettingRow, CODE_KEY)
        if row is not None:
            uow.session.delete(row)
        uow.commit()
    return user_id
