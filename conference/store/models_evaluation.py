"""The evaluation's tables (issue 9): questionnaire definitions and their anonymous
answers, the coordinator's synthesis sheet, themes tagged on open answers, and the
indicators a territory defines itself. Imported by ``models.py`` (one metadata).

Answers are anonymous by construction: a response row points at its conference, never at
a participant. Whether a conference enters any figure is the family's evaluation consent
(``consents`` with kind ``evaluation``), decided at read time.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from conference.store.models import ERASE, KEEP, Base, Versioned, utcnow

__all__ = ["QuestionnaireDefinitionRow", "QuestionnaireResponseRow", "QuestionnaireTextRow", "SynthesisSheetRow",
           "ThemeRow", "ThemeTagRow", "TerritoryIndicatorRow", "IndicatorValueRow"]


class QuestionnaireDefinitionRow(Base):
    """One version of a questionnaire, as data (``conference.evaluation.codebook`` shape).

    ``territory_id`` is empty for the common codebook's versions; a territory's own
    version (its extra questions beside the core ones) names its territory. A definition
    is never changed once answered: a change is a new version.
    """

    __tablename__ = "questionnaire_definitions"
    __table_args__ = (UniqueConstraint("questionnaire", "version", name="uq_questionnaire_version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire: Mapped[str] = mapped_column(String(60), info=KEEP)  # an identifier, no person
    version: Mapped[int] = mapped_column(Integer)
    territory_id: Mapped[int | None] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"),
                                                     nullable=True, index=True)
    definition: Mapped[dict] = mapped_column(JSON, info=KEEP)  # questions and labels, no person
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class QuestionnaireResponseRow(Base):
    """One anonymous answer to a questionnaire, with the version it was given with.

    ``channel``: ``shared_screen``, ``family_link`` or ``transcribed`` (from the printed
    form). ``items`` holds the closed answers ({question id: value}); ``score`` the 0–10
    satisfaction (``faces`` 1–5 for the child version sits in ``items``).
    """

    __tablename__ = "questionnaire_responses"
    # Covering for the counts by conference, role and score (migration 0011, decision 0026).
    __table_args__ = (Index("ix_questionnaire_responses_conference_role_score", "conference_id", "role", "score"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_definitions.id"), index=True)
    questionnaire: Mapped[str] = mapped_column(String(60), info=KEEP)  # an identifier, no person
    questionnaire_version: Mapped[int] = mapped_column(Integer, info=KEEP)  # a number, no person
    role: Mapped[str] = mapped_column(String(20), index=True, info=KEEP)  # a role code, no identity
    channel: Mapped[str] = mapped_column(String(20))
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    items: Mapped[dict] = mapped_column(JSON, default=dict, info=KEEP)  # numbers only
    quote_consent: Mapped[str] = mapped_column(String(20), default="none")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class QuestionnaireTextRow(Base):
    """An open answer. It may name people, so it is erased when its conference is archived,
    and it leaves Cercle only with its author's quote consent (read-time rule)."""

    __tablename__ = "questionnaire_texts"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_responses.id", ondelete="CASCADE"),
                                             index=True)
    question: Mapped[str] = mapped_column(String(60), info=KEEP)  # an identifier, no person
    text: Mapped[str] = mapped_column(Text, info=ERASE)


class SynthesisSheetRow(Versioned, Base):
    """The coordinator's fiche de synthèse, one per conference, completed or not. The
    outcome, reason, field and referral source already live on the conference; the sheet
    adds the time spent and who took part, by role."""

    __tablename__ = "synthesis_sheets"
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True)
    hours_coordinator: Mapped[float | None] = mapped_column(Float, nullable=True)
    hours_referent: Mapped[float | None] = mapped_column(Float, nullable=True)
    participants: Mapped[dict] = mapped_column(JSON, default=dict, info=KEEP)  # counts by role, no names
    note: Mapped[str] = mapped_column(Text, default="", info=ERASE)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    __mapper_args__ = {"version_id_col": Versioned.version}


class ThemeRow(Base):
    """A theme of a territory's editable list ("sortie de l'isolement"…)."""

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("territory_id", "label", name="uq_theme_label"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200), info=KEEP)  # a theme, chosen by the pilots
    definition: Mapped[str] = mapped_column(Text, default="", info=KEEP)  # what the theme covers
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ThemeTagRow(Base):
    """A theme tagged on a whole open answer (``start`` empty) or on a passage of it."""

    __tablename__ = "theme_tags"
    id: Mapped[int] = mapped_column(primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), index=True)
    text_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_texts.id", ondelete="CASCADE"), index=True)
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TerritoryIndicatorRow(Base):
    """An indicator a territory defines itself (name, definition); the coordinator gives
    its value per conference. It sits beside the fixed core and never enters a merge."""

    __tablename__ = "territory_indicators"
    __table_args__ = (UniqueConstraint("territory_id", "name", name="uq_indicator_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), info=KEEP)  # an indicator's name, no person
    definition: Mapped[str] = mapped_column(Text, default="", info=KEEP)  # its definition, no person
    kind: Mapped[str] = mapped_column(String(20), default="count")  # count, hours, yes_no
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class IndicatorValueRow(Base):
    """The value of a territory's indicator for one conference."""

    __tablename__ = "indicator_values"
    indicator_id: Mapped[int] = mapped_column(ForeignKey("territory_indicators.id", ondelete="CASCADE"),
                                              primary_key=True)
    conference_id: Mapped[int] = mapped_column(ForeignKey("conferences.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[float] = mapped_column(Float)
