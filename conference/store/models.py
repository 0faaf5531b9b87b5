"""SQLAlchemy 2 typed models. Rows never leave the store: ``mapping.py`` turns them into
the frozen snapshots of ``conference.domain.model`` (see docs/decisions/0002).

Every column that may hold personal data says how it is anonymised at archiving:
``info=ERASE`` (emptied) or ``info=KEEP`` (kept, with a comment saying why). A guard test
(tests/integration/test_models_guard.py) fails when one is missing.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Index, Integer, String,
                        Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from conference import clock

ERASE = {"anonymise": "erase"}
KEEP = {"anonymise": "keep"}


def utcnow() -> datetime:
    """Naive UTC from the app's one clock (``conference.clock``), frozen in tests."""
    return clock.utcnow()


class Base(DeclarativeBase):
    pass


class Versioned:
    """Optimistic concurrency: SQLAlchemy bumps ``version`` on every UPDATE and refuses a
    write whose row changed meanwhile; services also compare the version the user saw."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class User(Versioned, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(120), unique=True, info=ERASE)
    display_name: Mapped[str] = mapped_column(String(200), info=ERASE)
    role: Mapped[str] = mapped_column(String(20))
    institution: Mapped[str] = mapped_column(String(200), default="", info=KEEP)  # a structure, not a person
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(300), nullable=True, info=ERASE)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, info=KEEP)  # a counter, no identity
    locked_until: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    password_changed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, info=ERASE)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, info=ERASE)
    # The secret that takes a screen handed to the family back (argon2, like passwords).
    screen_pin_hash: Mapped[str | None] = mapped_column(String(300), nullable=True, info=ERASE)
    # A partner account belongs to one structure of the directory (issue 10).
    structure_id: Mapped[int | None] = mapped_column(ForeignKey("structures.id"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __mapper_args__ = {"version_id_col": Versioned.version}


class ConferenceReferentRow(Base):
    """Which referent accounts may see a conference (concerns, adopted plan, ratification)."""

    __tablename__ = "conference_referents"
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class FamilyLinkRow(Base):
    """A family link: only the SHA-256 of its random token is stored."""

    __tablename__ = "family_links"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ScreenHandoverRow(Base):
    """The coordinator's screen handed to the family: open until the coordinator's secret
    closes it. While open, that coordinator's sessions show the family's screens only."""

    __tablename__ = "screen_handovers"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ConsentRow(Base):
    """An information or consent record: agreement, objection, withdrawal — who and when."""

    __tablename__ = "consents"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"), nullable=True)
    given: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    recorded_by: Mapped[str] = mapped_column(String(200), info=ERASE)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class SettingRow(Versioned, Base):
    """Settings an administrator may change (retention durations…), as JSON values."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    __mapper_args__ = {"version_id_col": Versioned.version}


class TerritoryRow(Base):
    """A territory of the département: conferences and pilot accounts belong to territories
    (a pilot sees the figures of the territories given to them, nothing else)."""

    __tablename__ = "territories"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True, info=KEEP)  # a place, not a person
    name: Mapped[str] = mapped_column(String(200), info=KEEP)  # a place, not a person
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class UserTerritoryRow(Base):
    """Which territories an account (a pilot) is given."""

    __tablename__ = "user_territories"
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"), primary_key=True)


class ConferenceRow(Versioned, Base):
    __tablename__ = "conferences"
    id: Mapped[int] = mapped_column(primary_key=True)
    # Always set by services (the coordinator's territory, else the default one); nullable
    # in the schema only so that migration 0008 adds it in place.
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"), nullable=True, index=True)
    # The household it belongs to (issue 10; migration 0010 gives every existing one its own).
    household_id: Mapped[int | None] = mapped_column(ForeignKey("households.id"), nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(200), info=ERASE)
    phase: Mapped[str] = mapped_column(String(30), index=True)
    field: Mapped[str | None] = mapped_column(String(20), nullable=True)
    situation: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    referral_source: Mapped[str | None] = mapped_column(String(20), nullable=True)
    referral_other: Mapped[str] = mapped_column(String(300), default="", info=ERASE)
    referent_institution: Mapped[str] = mapped_column(String(200), default="", info=KEEP)  # a structure
    referent_name: Mapped[str] = mapped_column(String(200), default="", info=ERASE)
    family_agreement: Mapped[bool] = mapped_column(Boolean, default=False)
    information_duty_met: Mapped[bool] = mapped_column(Boolean, default=False)
    coordinator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    coordinator_institution: Mapped[str] = mapped_column(String(200), default="", info=KEEP)  # a structure
    prior_knowledge: Mapped[bool] = mapped_column(Boolean, default=False)
    is_referent: Mapped[bool] = mapped_column(Boolean, default=False)
    co_coordinator_name: Mapped[str] = mapped_column(String(200), default="", info=ERASE)
    co_coordinator_institution: Mapped[str] = mapped_column(String(200), default="", info=KEEP)  # a structure
    concerns: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    meeting_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    meeting_place: Mapped[str] = mapped_column(String(300), default="", info=ERASE)
    child_voice: Mapped[str | None] = mapped_column(String(30), nullable=True)
    child_voice_note: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    follow_up_chosen: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    review_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    # What the documents print (identity block, who watches over the plan, copies): issue 7.
    referent_service: Mapped[str] = mapped_column(String(200), default="", info=KEEP)  # a service, not a person
    referent_phone: Mapped[str] = mapped_column(String(60), default="", info=ERASE)
    conference_reason: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    plan_watcher_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # a participant's id
    fallback_contact: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    copy_recipients: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    professional_commitments: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    coordinator_contact: Mapped[str] = mapped_column(String(300), default="", info=ERASE)
    resolution: Mapped[str | None] = mapped_column(String(20), nullable=True)
    what_changed: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    follow_up_completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    closure_reason: Mapped[str | None] = mapped_column(String(30), nullable=True, info=KEEP)  # a code, for statistics
    closure_reason_text: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    archived_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # anonymised for statistics
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow, index=True)

    coordinator: Mapped[User | None] = relationship()
    questions: Mapped[list["QuestionVersionRow"]] = relationship(order_by="QuestionVersionRow.number", cascade="all, delete-orphan")
    parts: Mapped[list["QuestionPartRow"]] = relationship(order_by="QuestionPartRow.id", cascade="all, delete-orphan")
    bottom_lines: Mapped[list["BottomLineRow"]] = relationship(order_by="BottomLineRow.id", cascade="all, delete-orphan")
    participants: Mapped[list["ParticipantRow"]] = relationship(order_by="ParticipantRow.id", cascade="all, delete-orphan")
    logistics: Mapped[list["LogisticsRow"]] = relationship(order_by="LogisticsRow.id", cascade="all, delete-orphan")
    info_items: Mapped[list["InfoItemRow"]] = relationship(order_by="InfoItemRow.id", cascade="all, delete-orphan")
    draft: Mapped["PlanDraftRow | None"] = relationship(cascade="all, delete-orphan", uselist=False)
    plan_versions: Mapped[list["PlanVersionRow"]] = relationship(order_by="PlanVersionRow.number", cascade="all, delete-orphan")
    form_checks: Mapped[list["FormCheckRow"]] = relationship(order_by="FormCheckRow.id", cascade="all, delete-orphan")
    ratifications: Mapped[list["RatificationRow"]] = relationship(order_by="RatificationRow.id", cascade="all, delete-orphan")
    reviews: Mapped[list["ActionReviewRow"]] = relationship(order_by="ActionReviewRow.id", cascade="all, delete-orphan")
    ties: Mapped[list["TieRow"]] = relationship(order_by="TieRow.id", cascade="all, delete-orphan")
    network_snapshots: Mapped[list["NetworkSnapshotRow"]] = relationship(order_by="NetworkSnapshotRow.id",
                                                                         cascade="all, delete-orphan")
    __mapper_args__ = {"version_id_col": Versioned.version}


class QuestionVersionRow(Base):
    """The central question, in the family's words; every change is a new version."""

    __tablename__ = "question_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, info=ERASE)
    problem: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    for_whom: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    what_different: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class QuestionPartRow(Base):
    __tablename__ = "question_parts"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text, info=ERASE)


class BottomLineRow(Base):
    __tablename__ = "bottom_lines"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text, info=ERASE)


class ParticipantRow(Versioned, Base):
    """A member of the family's network (the network-map issue adds ties and supports)."""

    __tablename__ = "participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), info=ERASE)
    relation: Mapped[str] = mapped_column(String(30))
    ring: Mapped[int | None] = mapped_column(Integer, nullable=True)
    invitation: Mapped[str] = mapped_column(String(20), default="to_invite")
    not_safe: Mapped[bool] = mapped_column(Boolean, default=False)
    is_focal: Mapped[bool] = mapped_column(Boolean, default=False)
    expert_question: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    attendance: Mapped[str | None] = mapped_column(String(20), nullable=True)
    phone: Mapped[str] = mapped_column(String(60), default="", info=ERASE)
    email: Mapped[str] = mapped_column(String(200), default="", info=ERASE)
    note: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    # Network map (issue 3): supports offered, contact visibility per field, a position
    # moved by hand (None: the computed concentric layout places the person).
    supports: Mapped[list] = mapped_column(JSON, default=list, info=KEEP)  # categories; no identity once the name is erased
    phone_visible: Mapped[bool] = mapped_column(Boolean, default=False)
    email_visible: Mapped[bool] = mapped_column(Boolean, default=False)
    pos_x: Mapped[float | None] = mapped_column(Float, nullable=True)
    pos_y: Mapped[float | None] = mapped_column(Float, nullable=True)
    parental_authority: Mapped[bool] = mapped_column(Boolean, default=False)  # holds it (documents' identity block)
    __mapper_args__ = {"version_id_col": Versioned.version}


class TieRow(Base):
    """A tie between two members of a conference's network."""

    __tablename__ = "ties"
    # Stored smallest id first, once per pair: two devices adding the same tie at once
    # cannot both succeed.
    __table_args__ = (UniqueConstraint("source_id", "target_id", name="uq_ties_pair"),
                      CheckConstraint("source_id < target_id", name="ck_ties_ordered"))
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class NetworkSnapshotRow(Base):
    """The network map frozen at a moment (the conference's map, kept for comparison at
    follow-up). ``data`` is the JSON exchange format of conference.network."""

    __tablename__ = "network_snapshots"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(30))
    taken_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    data: Mapped[dict] = mapped_column(JSON, info=ERASE)


class LogisticsRow(Versioned, Base):
    __tablename__ = "logistics_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"), nullable=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    __mapper_args__ = {"version_id_col": Versioned.version}


class InfoItemRow(Base):
    __tablename__ = "info_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, info=ERASE)
    answer: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    author: Mapped[str] = mapped_column(String(200), default="", info=ERASE)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PlanDraftRow(Versioned, Base):
    """The plan the family is writing. Its version guards every change to its actions."""

    __tablename__ = "plan_drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), unique=True)
    if_not_working: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    follow_arrangement: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    actions: Mapped[list["PlanActionRow"]] = relationship(order_by="PlanActionRow.position", cascade="all, delete-orphan")
    __mapper_args__ = {"version_id_col": Versioned.version}


class PlanActionRow(Base):
    __tablename__ = "plan_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("plan_drafts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    who_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id", ondelete="SET NULL"), nullable=True)
    who_text: Mapped[str] = mapped_column(String(200), default="", info=ERASE)
    due: Mapped[date | None] = mapped_column(Date, nullable=True)
    when_text: Mapped[str] = mapped_column(String(300), default="", info=ERASE)
    success_sign: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    support_needed: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    parts: Mapped[list] = mapped_column(JSON, default=list)
    bottom_lines: Mapped[list] = mapped_column(JSON, default=list)


class PlanVersionRow(Base):
    """An adopted plan, frozen: content plus its SHA-256. Never updated, only added."""

    __tablename__ = "plan_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON, info=ERASE)
    content_hash: Mapped[str] = mapped_column(String(64), info=ERASE)
    adopted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    adopted_by: Mapped[str] = mapped_column(String(200), info=ERASE)


class FormCheckRow(Base):
    __tablename__ = "form_checks"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    checked_by: Mapped[str] = mapped_column(String(200), info=ERASE)
    checked_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    findings: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64), info=ERASE)


class RatificationRow(Base):
    __tablename__ = "ratifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    decision: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    decided_by: Mapped[str] = mapped_column(String(200), info=ERASE)
    recorded_by: Mapped[str] = mapped_column(String(200), info=ERASE)
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64), info=ERASE)
    # The plan as the referent read it, and the version number people call it by (a refused
    # plan stays readable; the plan adopted after it is the next version).
    content: Mapped[dict | None] = mapped_column(JSON, nullable=True, info=ERASE)
    plan_number: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ActionReviewRow(Versioned, Base):
    """The follow-up of one action of the adopted plan (keyed A1, A2… in its content)."""

    __tablename__ = "action_reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    plan_number: Mapped[int] = mapped_column(Integer)
    action_key: Mapped[str] = mapped_column(String(10))
    status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    why: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    __mapper_args__ = {"version_id_col": Versioned.version}


class AuditRow(Base):
    """Who did what to which record, never the content (keeps anonymisation simple)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)


Index("ix_conferences_coordinator_phase", ConferenceRow.coordinator_id, ConferenceRow.phase)
# The pilot dashboard's reads at a département's scale (migration 0011, decision 0026).
Index("ix_consents_conference_kind_withdrawn", ConsentRow.conference_id, ConsentRow.kind, ConsentRow.withdrawn_at,
      ConsentRow.id)
Index("ix_plan_versions_conference_number", PlanVersionRow.conference_id, PlanVersionRow.number)
Index("ix_action_reviews_conference_plan_status", ActionReviewRow.conference_id, ActionReviewRow.plan_number,
      ActionReviewRow.status)


# The evaluation's tables (issue 9) live in their own module; importing it here registers
# them on ``Base.metadata`` wherever the models are used.
from conference.store.models_evaluation import *  # noqa: E402,F401,F403
# The synthesis meetings' tables (issue 10), the same way.
from conference.store.models_partners import *  # noqa: E402,F401,F403
