"""The synthesis meetings' tables (issue 10): the household followed, the partner directory
(qui fait quoi), the partners around a household and its path referent, the meetings with
their participants, agenda, round, decisions and shared items, handover notes, and the
partners' reflection cycle. Imported by ``models.py`` (one metadata).

Two columns live on older tables, added in place by migration 0010: ``conferences.household_id``
(every conference belongs to a household) and ``users.structure_id`` (a partner account belongs
to one structure of the directory). They are declared in ``models.py`` with their tables.

Who may see a shared item is decided at read time by ``conference.domain.sharing``; these
rows only record the facts (who brought it, its category, the structures allowed, whether the
person was informed, objected, agreed to see it written).
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from conference.store.models import ERASE, KEEP, Base, Versioned, utcnow

__all__ = ["HouseholdRow", "StructureRow", "StructureContactRow", "HouseholdPartnerRow", "PathReferentRow",
           "SynthesisMeetingRow", "MeetingParticipantRow", "AgendaNeedRow", "ContributionRow", "DecisionRow",
           "SharedItemRow", "SharedItemStructureRow", "HandoverNoteRow", "ReflectionCycleRow",
           "ReflectionSessionRow", "ReflectionQuoteRow", "ReflectionApprovalRow"]


class HouseholdRow(Versioned, Base):
    """The person or household followed (la situation): its conferences and its synthesis
    meetings hang from it. ``label`` is how the household wants to be named."""

    __tablename__ = "households"
    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"), nullable=True, index=True)
    label: Mapped[str] = mapped_column(String(200), info=ERASE)
    # The coordinator who created it (edits it beside the path referent).
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": Versioned.version}


class StructureRow(Versioned, Base):
    """A structure of the partner directory, with data·inclusion's structure fields.

    ``di_source``/``di_id`` are data·inclusion's ``source`` and ``id`` when the structure
    came from there (unique together); ``reseaux_porteurs`` its typology codes
    (``conference.domain.directory.RESEAUX_PORTEURS``); ``date_maj`` the producer's last
    update, ``last_verified`` the day someone here checked the entry.
    """

    __tablename__ = "structures"
    __table_args__ = (UniqueConstraint("di_source", "di_id", name="uq_structures_di"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"), nullable=True, index=True)
    name: Mapped[str] = mapped_column(String(150), info=KEEP)  # a structure, not a person
    di_source: Mapped[str | None] = mapped_column(String(100), nullable=True)
    di_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reseaux_porteurs: Mapped[list] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="", info=KEEP)  # a structure's public description
    missions: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    opening_hours: Mapped[str] = mapped_column(String(300), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    commune: Mapped[str] = mapped_column(String(150), default="")
    phone: Mapped[str] = mapped_column(String(60), default="", info=KEEP)  # the structure's switchboard
    email: Mapped[str] = mapped_column(String(200), default="", info=KEEP)  # the structure's public address
    website: Mapped[str] = mapped_column(String(300), default="")
    siret: Mapped[str] = mapped_column(String(14), default="")
    date_maj: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_verified: Mapped[date | None] = mapped_column(Date, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": Versioned.version}


class StructureContactRow(Base):
    """A contact of a structure by role ("assistante sociale de secteur"…); when the person
    leaves, ``successor_id`` points at who takes over and ``left_at`` is set."""

    __tablename__ = "structure_contacts"
    id: Mapped[int] = mapped_column(primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structures.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), info=ERASE)
    role: Mapped[str] = mapped_column(String(200), default="", info=KEEP)  # a job title, not a person
    phone: Mapped[str] = mapped_column(String(60), default="", info=ERASE)
    email: Mapped[str] = mapped_column(String(200), default="", info=ERASE)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("structure_contacts.id", ondelete="SET NULL"),
                                                     nullable=True)
    left_at: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class HouseholdPartnerRow(Base):
    """A structure involved with a household, its role there and its dates (``end_date``
    set when it stops)."""

    __tablename__ = "household_partners"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structures.id"), index=True)
    role: Mapped[str] = mapped_column(Text, default="", info=ERASE)  # may describe the household's situation
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PathReferentRow(Base):
    """One period of the household's path referent (référent de parcours): an account or a
    directory contact, why they were chosen (``reason``: preference, caseload, skills,
    other), from when to when. The current one has no ``to_date``."""

    __tablename__ = "path_referents"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("structure_contacts.id", ondelete="SET NULL"),
                                                   nullable=True)
    structure_id: Mapped[int | None] = mapped_column(ForeignKey("structures.id"), nullable=True)
    reason: Mapped[str] = mapped_column(String(20), info=KEEP)  # a code, no person
    reason_text: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SynthesisMeetingRow(Versioned, Base):
    """A meeting around the household: ``kind`` synthese, diagnostic_partage, commission,
    point_regulier; the person ``present``, ``represented`` by a trusted third party or
    ``absent`` with the reason."""

    __tablename__ = "synthesis_meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    meeting_date: Mapped[date] = mapped_column(Date, index=True)
    place: Mapped[str] = mapped_column(String(300), default="", info=ERASE)
    person_presence: Mapped[str | None] = mapped_column(String(20), nullable=True)
    presence_reason: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    third_party: Mapped[str] = mapped_column(String(200), default="", info=ERASE)  # the tiers de confiance
    shared_diagnosis: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    gaps_duplicates: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    next_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # minutes written
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": Versioned.version}


class MeetingParticipantRow(Base):
    """Who took part for which structure: ``present``, ``written_input`` only, ``absent``."""

    __tablename__ = "meeting_participants"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("synthesis_meetings.id", ondelete="CASCADE"), index=True)
    structure_id: Mapped[int | None] = mapped_column(ForeignKey("structures.id"), nullable=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("structure_contacts.id", ondelete="SET NULL"),
                                                   nullable=True)
    contact_name: Mapped[str] = mapped_column(String(200), default="", info=ERASE)
    contact_role: Mapped[str] = mapped_column(String(200), default="", info=KEEP)  # a job title, not a person
    attendance: Mapped[str] = mapped_column(String(20), default="present")


class AgendaNeedRow(Base):
    """A need on the agenda, in the person's own words."""

    __tablename__ = "agenda_needs"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("synthesis_meetings.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, info=ERASE)


class ContributionRow(Base):
    """One partner's contribution to the round (tour de table)."""

    __tablename__ = "meeting_contributions"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("synthesis_meetings.id", ondelete="CASCADE"), index=True)
    structure_id: Mapped[int | None] = mapped_column(ForeignKey("structures.id"), nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text, info=ERASE)


class DecisionRow(Versioned, Base):
    """A decision: the action, the structure that owns it, a deadline, the person's
    agreement (yes, no, deferred) and its status (open, done, dropped). An open decision
    carried into the next meeting is a new row whose ``carried_from_id`` names the old one."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("synthesis_meetings.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(Text, info=ERASE)
    owner_structure_id: Mapped[int | None] = mapped_column(ForeignKey("structures.id"), nullable=True, index=True)
    deadline: Mapped[date | None] = mapped_column(Date, nullable=True)
    agreement: Mapped[str] = mapped_column(String(20), default="deferred")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    status_note: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="SET NULL"),
                                                        nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __mapper_args__ = {"version_id_col": Versioned.version}


class SharedItemRow(Versioned, Base):
    """A piece of information shared for a purpose: who brought it, its category (social,
    health, justice, financial, housing, other), whether the person was informed, objected,
    and agreed to see it written in their own version of the minutes. The structures allowed
    to see it are ``SharedItemStructureRow``; the rule is ``conference.domain.sharing``."""

    __tablename__ = "shared_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("synthesis_meetings.id", ondelete="SET NULL"),
                                                   nullable=True, index=True)
    brought_by_structure_id: Mapped[int] = mapped_column(ForeignKey("structures.id"))
    category: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, info=ERASE)
    person_informed: Mapped[bool] = mapped_column(Boolean, default=False)
    person_objected: Mapped[bool] = mapped_column(Boolean, default=False)
    person_may_see_written: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __mapper_args__ = {"version_id_col": Versioned.version}


class SharedItemStructureRow(Base):
    """A structure allowed to see a shared item."""

    __tablename__ = "shared_item_structures"
    item_id: Mapped[int] = mapped_column(ForeignKey("shared_items.id", ondelete="CASCADE"), primary_key=True)
    structure_id: Mapped[int] = mapped_column(ForeignKey("structures.id", ondelete="CASCADE"), primary_key=True)


class HandoverNoteRow(Versioned, Base):
    """A fiche de passation: a professional (account or contact) leaves, the successor
    confirms in the app. ``status``: draft, awaiting (written, not yet confirmed), confirmed.
    ``situation`` is where things stand; ``already_told`` what the household already said
    (so no one asks again); ``pending_steps``; ``may_share`` what may be passed on."""

    __tablename__ = "handover_notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"), index=True)
    from_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    from_contact_id: Mapped[int | None] = mapped_column(ForeignKey("structure_contacts.id", ondelete="SET NULL"),
                                                        nullable=True)
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True,
                                                   index=True)
    to_contact_id: Mapped[int | None] = mapped_column(ForeignKey("structure_contacts.id", ondelete="SET NULL"),
                                                      nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    situation: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    already_told: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    pending_steps: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    may_share: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    written_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __mapper_args__ = {"version_id_col": Versioned.version}


class ReflectionCycleRow(Versioned, Base):
    """A reflection cycle of partners on their cooperation (six themed sessions and a
    review). The draft report becomes final (``final_at``) once every participant approved it."""

    __tablename__ = "reflection_cycles"
    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id"), nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(200), info=KEEP)  # the cycle's name, chosen by partners
    participants: Mapped[list] = mapped_column(JSON, default=list, info=ERASE)  # [{user_id, name, structure_id}]
    draft_report: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    final_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __mapper_args__ = {"version_id_col": Versioned.version}


class ReflectionSessionRow(Base):
    """One session of a cycle and its theme: current_state, common_aim, person_as_actor,
    mutual_recognition, working_together, ethics, review."""

    __tablename__ = "reflection_sessions"
    __table_args__ = (UniqueConstraint("cycle_id", "number", name="uq_reflection_session_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reflection_cycles.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    theme: Mapped[str] = mapped_column(String(30))
    held_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="", info=ERASE)


class ReflectionQuoteRow(Base):
    """An anonymous quote said in a session (no author kept)."""

    __tablename__ = "reflection_quotes"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("reflection_sessions.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text, info=ERASE)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ReflectionApprovalRow(Base):
    """A participant approved the draft report as it read then (its SHA-256)."""

    __tablename__ = "reflection_approvals"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("reflection_cycles.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    participant_name: Mapped[str] = mapped_column(String(200), default="", info=ERASE)
    report_hash: Mapped[str] = mapped_column(String(64), info=KEEP)  # a hash of the report, no person
    approved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
