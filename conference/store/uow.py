"""The unit of work: one short session per action, committed explicitly.

    with uow:
        row = uow.conferences.get(conference_id)
        ...
        uow.audit.record(actor, "conference.updated", "conference", row.id)
        uow.commit()

Leaving the block without ``commit()`` rolls everything back. A concurrent change caught
by SQLAlchemy's version counter surfaces as ``StaleWrite``, wherever it happens (``commit``,
an explicit ``flush``, an autoflush before a query); any other database failure leaving the
block becomes ``StorageError`` (``busy`` for a lock held past the wait), logged with the
reference the screen shows (``storage_error``).
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, selectinload, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from conference.domain.enums import Phase
from conference import logs
from conference.domain.errors import DomainError, NotFound, StaleWrite, StorageError
from conference.domain.model import ConferenceSummary
from conference.domain.enums import Field
from conference.security.rules import Actor, ConferenceAccess

from . import models as r


MEETING_PHASES = tuple(p.value for p in (Phase.ORIENTATION, Phase.PREPARATION, Phase.INFORMATION_SHARING,
                                          Phase.PRIVATE_TIME))


class ConferenceRepository:
    def __init__(self, session: Session):
        self.session = session

    def get(self, conference_id: int, *, full: bool = False) -> r.ConferenceRow:
        options = []
        if full:
            c = r.ConferenceRow
            options = [selectinload(rel) for rel in (
                c.questions, c.parts, c.bottom_lines, c.participants, c.logistics, c.info_items,
                c.plan_versions, c.form_checks, c.ratifications, c.reviews, c.ties, c.coordinator)]
        row = self.session.get(r.ConferenceRow, conference_id, options=options)
        if row is None:
            raise NotFound("conference", conference_id)
        return row

    def access(self, conference_id: int) -> ConferenceAccess:
        """The small frozen facts security predicates need, in one cheap query."""
        found = self.session.execute(
            select(r.ConferenceRow.phase, r.ConferenceRow.coordinator_id).where(r.ConferenceRow.id == conference_id)
        ).first()
        if found is None:
            raise NotFound("conference", conference_id)
        phase, coordinator_id = found
        referents = self.session.scalars(
            select(r.ConferenceReferentRow.user_id).where(r.ConferenceReferentRow.conference_id == conference_id))
        return ConferenceAccess(
            id=conference_id, phase=Phase(phase),
            coordinator_ids=frozenset({coordinator_id}) if coordinator_id else frozenset(),
            referent_ids=frozenset(referents),
        )

    def draft(self, conference_id: int, *, create: bool = False) -> r.PlanDraftRow | None:
        draft = self.session.scalar(
            select(r.PlanDraftRow).where(r.PlanDraftRow.conference_id == conference_id)
            .options(selectinload(r.PlanDraftRow.actions))
        )
        if draft is None and create:
            draft = r.PlanDraftRow(conference_id=conference_id)
            self.session.add(draft)
            self.session.flush()
        return draft

    def child(self, model, ident: int, conference_id: int):
        """A row belonging to ``conference_id`` (refuses ids of another conference)."""
        row = self.session.get(model, ident)
        if row is None or row.conference_id != conference_id:
            raise NotFound(model.__tablename__, ident)
        return row

    def summaries(self, coordinator_id: int | None, *, open_only: bool = True, limit: int = 50,
                  offset: int = 0) -> tuple[list[ConferenceSummary], int]:
        c = r.ConferenceRow
        where = []
        if coordinator_id is not None:
            where.append(c.coordinator_id == coordinator_id)
        if open_only:
            where.append(c.phase != Phase.CLOSED.value)
        total = self.session.scalar(select(func.count()).select_from(c).where(*where)) or 0
        rows = self.session.execute(
            select(c.id, c.title, c.phase, c.field, c.meeting_date, c.review_date, c.updated_at)
            .where(*where).order_by(c.updated_at.desc(), c.id.desc()).limit(limit).offset(offset)
        ).all()
        return [ConferenceSummary(i, t, Phase(p), Field(f) if f else None, md, rd, u)
                for i, t, p, f, md, rd, u in rows], total

    def due_soon(self, coordinator_id: int, today: date, limit: int = 10) -> list[ConferenceSummary]:
        """Conferences whose meeting or review date is today or later, soonest first."""
        c = r.ConferenceRow
        # The same date as ConferenceSummary.next_date: the meeting before it is held, the
        # review during follow-up, nothing in validation or once closed.
        next_date = case((c.phase.in_(MEETING_PHASES), c.meeting_date),
                         (c.phase == Phase.FOLLOW_UP.value, c.review_date), else_=None)
        rows = self.session.execute(
            select(c.id, c.title, c.phase, c.field, c.meeting_date, c.review_date, c.updated_at)
            .where(c.coordinator_id == coordinator_id, next_date >= today)
            .order_by(next_date).limit(limit)
        ).all()
        return [ConferenceSummary(i, t, Phase(p), Field(f) if f else None, md, rd, u)
                for i, t, p, f, md, rd, u in rows]


class AuditLog:
    def __init__(self, session: Session):
        self.session = session

    def record(self, actor: Actor, action: str, target_type: str, target_id: int | None, **details) -> None:
        """Who did what to which record. ``details`` holds codes and ids, never content;
        a family actor's family link or hand-over is written with everything it does."""
        for key, ident in (("link", getattr(actor, "link_id", None)), ("handover", getattr(actor, "handover_id", None))):
            if ident is not None:
                details.setdefault(key, ident)
        self.session.add(r.AuditRow(actor_id=actor.id, actor_role=actor.role.value, action=action,
                                    target_type=target_type, target_id=target_id, details=details))

    def entries(self, target_type: str | None = None, target_id: int | None = None) -> list[r.AuditRow]:
        q = select(r.AuditRow).order_by(r.AuditRow.id)
        if target_type:
            q = q.where(r.AuditRow.target_type == target_type)
        if target_id is not None:
            q = q.where(r.AuditRow.target_id == target_id)
        return list(self.session.scalars(q))


class UnitOfWork:
    def __init__(self, factory: sessionmaker[Session]):
        self.factory = factory
        self.session: Session | None = None

    def __enter__(self) -> "UnitOfWork":
        self.session = self.factory()
        self.conferences = ConferenceRepository(self.session)
        self.audit = AuditLog(self.session)
        self.committed = False
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if not self.committed:
                self.session.rollback()
        finally:
            self.session.close()
            self.session = None
        converted = storage_error(exc) if exc is not None else None
        if converted is not None:
            raise converted from exc

    def add(self, row) -> None:
        self.session.add(row)

    def flush(self) -> None:
        self.session.flush()

    def commit(self) -> None:
        try:
            self.session.commit()
        except SQLAlchemyError as error:
            self.session.rollback()
            converted = storage_error(error)
            if converted is not None:
                raise converted from error
            raise
        self.committed = True


_BUSY_MARKERS = ("database is locked", "database table is locked", "lock timeout", "could not obtain lock",
                 "deadlock detected", "could not serialize")


def storage_error(error: BaseException, *, integrity: bool = False) -> DomainError | None:
    """The domain error a database failure becomes, or None for anything else.

    ``StaleDataError`` (a row changed or vanished under a versioned UPDATE/DELETE) is a
    concurrent edit: ``StaleWrite``. An ``IntegrityError`` is left to the caller, which
    may expect one (a login already taken, the demo loaded twice) unless ``integrity`` says
    the caller is the last line (a page), which converts it too. Any other database
    error is logged here, in full, with a fresh reference, and becomes ``StorageError``:
    the screen says « la base est occupée » or « la base est indisponible » and shows the
    reference, never the SQL or the values it carried.
    """
    if isinstance(error, StaleDataError):
        return StaleWrite("row", -1, -1)
    if not isinstance(error, SQLAlchemyError) or (isinstance(error, IntegrityError) and not integrity):
        return None
    reference = logs.new_reference()
    text = str(getattr(error, "orig", None) or error).lower()
    busy = isinstance(error, DBAPIError) and any(marker in text for marker in _BUSY_MARKERS)
    logs.get("store").error("database %s [ref %s]", "busy" if busy else "error", reference, exc_info=error)
    return StorageError("busy" if busy else "unavailable", reference)


def check_version(what: str, row, expected: int | None) -> None:
    """Refuse a write based on an outdated screen (``expected`` is what the user saw)."""
    if expected is not None and row.version != expected:
        raise StaleWrite(what, expected, row.version)
