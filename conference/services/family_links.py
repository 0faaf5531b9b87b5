"""Family links: a long random token, scoped to one conference and the family screens.

Only the token's SHA-256 is stored: a database leak gives no working link. The plain
token is shown once, at creation (as a link and a QR code). A link expires, can be
revoked, and an altered token simply matches nothing. The family actor of a link carries
its id: ``require_standing`` (services/handover_screen.py) re-checks the link on every
service call and ``check_family_link`` on every rerun of the app, so a link switched off
or expired stops working in a session already open. After closure the link keeps
working until it expires, read-only (the rules allow no family write on a closed
conference).
"""
from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from conference.domain.enums import Role
from conference.domain.errors import FamilyLinkInvalid, InvalidInput
from conference.security import rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.models import utcnow
from conference.store.uow import UnitOfWork

from .base import guard

DEFAULT_DAYS = 14
MAX_DAYS = 120
TOKEN_BYTES = 32  # 256 bits, URL-safe base64: 43 characters


@dataclass(frozen=True)
class FamilyLink:
    id: int
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None

    def active(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_family_link(actor: Actor, conference_id: int, *, days: int = DEFAULT_DAYS,
                       uow: UnitOfWork) -> tuple[int, str]:
    """(link id, plain token). The token is never stored nor shown again. Audited."""
    if not 1 <= int(days) <= MAX_DAYS:
        raise InvalidInput("days", "out_of_range", limit=MAX_DAYS)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with uow:
        guard(uow, actor, conference_id, rules.can_manage_family_links, "create_family_link")
        row = r.FamilyLinkRow(conference_id=conference_id, token_hash=_digest(token), created_by=actor.id,
                              expires_at=utcnow() + timedelta(days=int(days)))
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "family_link.created", "conference", conference_id, link=row.id, days=int(days))
        uow.commit()
        return row.id, token


def list_family_links(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> list[FamilyLink]:
    with uow:
        guard(uow, actor, conference_id, rules.can_see_family_links, "list_family_links")
        rows = uow.session.scalars(select(r.FamilyLinkRow).where(r.FamilyLinkRow.conference_id == conference_id)
                                   .order_by(r.FamilyLinkRow.id.desc()))
        return [FamilyLink(x.id, x.created_at, x.expires_at, x.revoked_at, x.last_used_at) for x in rows]


def revoke_family_link(actor: Actor, conference_id: int, link_id: int, *, uow: UnitOfWork) -> None:
    with uow:
        guard(uow, actor, conference_id, rules.can_see_family_links, "revoke_family_link")
        row = uow.conferences.child(r.FamilyLinkRow, link_id, conference_id)
        if row.revoked_at is None:
            row.revoked_at = utcnow()
        uow.audit.record(actor, "family_link.revoked", "conference", conference_id, link=link_id)
        uow.commit()


def open_family_link(token: str, *, uow: UnitOfWork, now: datetime | None = None) -> Actor:
    """The FAMILY actor a valid token stands for; ``FamilyLinkInvalid`` otherwise. Audited."""
    now = now or utcnow()
    if not token or len(token) > 200:
        raise FamilyLinkInvalid("unknown")
    with uow:
        row = uow.session.scalar(select(r.FamilyLinkRow).where(r.FamilyLinkRow.token_hash == _digest(token)))
        if row is None:
            raise FamilyLinkInvalid("unknown")
        if row.revoked_at is not None:
            raise FamilyLinkInvalid("revoked")
        if row.expires_at <= now:
            raise FamilyLinkInvalid("expired")
        row.last_used_at = now
        actor = Actor(id=None, role=Role.FAMILY, conference_id=row.conference_id, link_id=row.id)
        uow.audit.record(actor, "family_link.opened", "conference", row.conference_id, link=row.id)
        uow.commit()
        return actor


def link_state(uow: UnitOfWork, link_id: int, now: datetime | None = None) -> rules.LinkState | None:
    """The link as it is now, for the rules (inside a unit of work)."""
    row = uow.session.get(r.FamilyLinkRow, link_id)
    if row is None:
        return None
    return rules.LinkState(row.id, row.conference_id, row.revoked_at is not None, row.expires_at <= (now or utcnow()))


def check_family_link(actor: Actor, *, uow: UnitOfWork, now: datetime | None = None) -> None:
    """On every rerun of a family link's session: ``FamilyLinkInvalid`` once the link is
    switched off or expired. Not audited (the opening was)."""
    if actor.link_id is None:
        raise FamilyLinkInvalid("unknown")
    with uow:
        link = link_state(uow, actor.link_id, now)
        if not rules.family_standing_holds(actor, handover=None, link=link):
            raise FamilyLinkInvalid("revoked" if link is not None and link.revoked else
                                    "expired" if link is not None and link.expired else "unknown")


def qr_svg(url: str) -> bytes:
    """A QR code of ``url`` as SVG (no image library needed), to show or print."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue()
