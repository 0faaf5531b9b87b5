"""Questionnaires at the end of a conference (issue 9): which version to show, anonymous
answers, transcription of the printed form, and the coordinator's progress counts.

Answers are anonymous by construction: a response points at its conference and the
questionnaire version it was given with, never at a participant, and the audit log
records that an answer was given and through which channel, never what it says, nor
the respondent's role. The channel is decided here, from who is acting, not by the caller:

- a FAMILY actor through its family link → ``family_link``;
- a FAMILY actor on the coordinator's handed screen, or the coordinator → ``shared_screen``;
- the coordinator typing a printed form in (:func:`transcribe_answer`) → ``transcribed``.

Definitions (common ones seeded from the codebook, a territory's own versions) live in
:mod:`conference.services.questionnaire_definitions`.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from conference.domain.enums import Role
from conference.domain.errors import DomainError, InvalidInput
from conference.evaluation import codebook
from conference.evaluation.types import Answer, ParticipantRole, QuoteConsent
from conference.i18n import N_, translator
from conference.security import evaluation_rules as er
from conference.security import rules
from conference.security.rules import Actor, ConferenceAccess
from conference.store import models as r
from conference.store.uow import UnitOfWork

from . import handover_screen
from .base import MAX_LONG, clean, enum_value, guard
from .questionnaire_definitions import (  # noqa: F401 (re-exported)
    ADULT,
    CHILD,
    QUESTION_KINDS,
    TerritoryQuestion,
    add_territory_question,
    current_definition,
    ensure_common_definitions,
    list_territory_questions,
    normalised,
    questionnaire_for,
    remove_territory_question,
    usable_definition,
)

SHARED_SCREEN, FAMILY_LINK, TRANSCRIBED = "shared_screen", "family_link", "transcribed"
CHANNELS = (SHARED_SCREEN, FAMILY_LINK, TRANSCRIBED)
#: The roles offered on the family's screen (the coordinator answers too, on paper or here).
RESPONDENT_ROLES = (ParticipantRole.FAMILY, ParticipantRole.NETWORK, ParticipantRole.CHILD,
                    ParticipantRole.PROFESSIONAL, ParticipantRole.EXPERT)

MESSAGES = {
    "empty": N_("Nothing was answered. Answer at least one question, then send."),
    "invalid": N_("Some answers cannot be recorded: {questions}. Check them, then send again."),
}


class AnswerInvalid(DomainError):
    """An answer that disagrees with its questionnaire version (``code`` ``invalid``, with
    the questions concerned) or answers nothing (``empty``). Nothing was written."""

    def __init__(self, code: str, questions: tuple[str, ...] = (), findings: tuple[str, ...] = ()):
        super().__init__(f"answer refused: {code} {', '.join(findings)}")
        self.code, self.questions, self.findings = code, tuple(questions), tuple(findings)


def refusal_message(error: AnswerInvalid, definition: Mapping[str, Any] | None, lang: str = "fr") -> str:
    """French (or English) text for a refused answer, naming the questions to check."""
    _ = translator(lang)
    labels = {q["id"]: q["label"] for q in (definition or {}).get("questions", [])}
    questions = "; ".join(f"« {_(labels[q])} »" if q in labels else q for q in error.questions)
    return _(MESSAGES[error.code], questions=questions)


@dataclass(frozen=True)
class AnswerCounts:
    """How many answers a conference has, by role and by channel (never their content)."""

    total: int = 0
    by_role: Mapping[str, int] = field(default_factory=dict)
    by_channel: Mapping[str, int] = field(default_factory=dict)
    cells: Mapping[tuple[str, str], int] = field(default_factory=dict)  # (role, channel) → n


# --- which definition ------------------------------------------------------------------

def _territory_of(uow: UnitOfWork, conference_id: int) -> int | None:
    return uow.session.scalar(select(r.ConferenceRow.territory_id).where(r.ConferenceRow.id == conference_id))


def _may_see_definition(actor: Actor, conf: ConferenceAccess) -> bool:
    return er.can_answer_questionnaire(actor, conf) or er.can_transcribe_questionnaire(actor, conf)


def answering_open(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> bool:
    """Whether ``actor`` may answer here now (the plan is written: validation, follow-up or
    closed). Screens show a calm message instead of the questionnaire otherwise. Reads only."""
    with uow:
        return er.can_answer_questionnaire(actor, uow.conferences.access(conference_id))


def definition_for(actor: Actor, conference_id: int, role: ParticipantRole | str, *, version: int | None = None,
                   uow: UnitOfWork) -> dict:
    """The questionnaire to show to a respondent of ``role``: the child version for a child,
    else the adult one; the territory's own version when its territory added questions.
    ``version``: an earlier version instead (the one printed on a paper form being typed
    in). Whoever may answer (or transcribe) here. Seeds the common definitions on first need."""
    role = enum_value(ParticipantRole, role, "role")
    with uow:
        guard(uow, actor, conference_id, _may_see_definition, "read_questionnaire")
        handover_screen.require_standing(uow, actor)
        territory = _territory_of(uow, conference_id)
        row = (usable_definition(uow.session, questionnaire_for(role), version, territory) if version is not None
               else current_definition(uow.session, questionnaire_for(role), territory))
        definition = normalised(row.definition)
        uow.commit()  # the seeding, if it happened
        return definition


def printed_form(actor: Actor, conference_id: int, role: ParticipantRole | str, *, lang: str = "fr",
                 uow: UnitOfWork) -> bytes:
    """The printed form (.docx) of the questionnaire ``role`` would answer, for this
    conference's territory. The conference's coordinator, in any phase (forms are printed
    before the meeting). Writes nothing but the seeding; not audited (a blank form)."""
    from exports.questionnaire_form import build_questionnaire_form

    role = enum_value(ParticipantRole, role, "role")
    with uow:
        guard(uow, actor, conference_id, rules.can_read_conference, "print_questionnaire")
        row = current_definition(uow.session, questionnaire_for(role), _territory_of(uow, conference_id))
        definition = normalised(row.definition)
        uow.commit()
    return build_questionnaire_form(definition, lang=lang, reference=conference_id)


# --- answering ---------------------------------------------------------------------------

def _channel(actor: Actor) -> str:
    if actor.role is Role.FAMILY:
        return FAMILY_LINK if actor.link_id is not None else SHARED_SCREEN
    return SHARED_SCREEN


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _answer(definition: Mapping[str, Any], role: ParticipantRole, values: Mapping[str, Any],
            quote_consent: QuoteConsent, channel: str) -> Answer:
    """The answer as the codebook checks it; ``AnswerInvalid`` for every disagreement."""
    kinds = {q["id"]: q["kind"] for q in definition["questions"]}
    score, items, texts, wrong = None, {}, {}, []
    for qid, value in values.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # not answered: every question may be left out
        if kinds.get(qid) == "open" or (qid not in kinds and isinstance(value, str) and _as_int(value) is None):
            if isinstance(value, str):
                texts[qid] = clean(value, qid, limit=MAX_LONG)  # an unknown id: answer_findings names it
            else:
                wrong.append(qid)
            continue
        number = _as_int(value)
        if number is None:
            wrong.append(qid)
        elif kinds.get(qid) == "score":
            score = number
        else:
            items[qid] = number
    if not (score is not None or items or texts or wrong):
        raise AnswerInvalid("empty")
    answer = Answer(ref="", conference_ref="", role=role, questionnaire_id=definition["id"],
                    questionnaire_version=definition["version"], score=score, items=items, texts=texts,
                    quote_consent=quote_consent, transcribed=channel == TRANSCRIBED)
    findings = codebook.answer_findings(answer, {(definition["id"], definition["version"]): definition})
    questions = tuple(dict.fromkeys([*wrong, *(f.split(":", 1)[0] for f in findings)]))
    if questions:
        raise AnswerInvalid("invalid", questions, tuple(findings))
    return answer


def _store(actor: Actor, conference_id: int, role, values: Mapping[str, Any], quote_consent, *,
           version: int | None, transcribing: bool, uow: UnitOfWork) -> int:
    role = enum_value(ParticipantRole, role, "role")
    consent = enum_value(QuoteConsent, quote_consent or QuoteConsent.NONE, "quote_consent")
    if not isinstance(values, Mapping):
        raise InvalidInput("answer", "unknown_value", value=type(values).__name__)
    predicate: Callable = er.can_transcribe_questionnaire if transcribing else er.can_answer_questionnaire
    channel = TRANSCRIBED if transcribing else _channel(actor)
    with uow:
        guard(uow, actor, conference_id, predicate, "transcribe_questionnaire" if transcribing
              else "answer_questionnaire")
        handover_screen.require_standing(uow, actor)
        territory = _territory_of(uow, conference_id)
        questionnaire = questionnaire_for(role)
        row = (usable_definition(uow.session, questionnaire, version, territory) if version is not None
               else current_definition(uow.session, questionnaire, territory))
        answer = _answer(normalised(row.definition), role, values, consent, channel)
        response = r.QuestionnaireResponseRow(
            conference_id=conference_id, definition_id=row.id, questionnaire=row.questionnaire,
            questionnaire_version=row.version, role=role.value, channel=channel, score=answer.score,
            items=dict(answer.items), quote_consent=consent.value)
        uow.add(response)
        uow.flush()
        for question, text in answer.texts.items():
            uow.add(r.QuestionnaireTextRow(response_id=response.id, question=question, text=text))
        # Only that an answer was given, and how: neither what it says nor the respondent's
        # role (the questionnaire id, child or adult, would tell it) enters the log.
        uow.audit.record(actor, "questionnaire.transcribed" if transcribing else "questionnaire.answered",
                         "conference", conference_id, channel=channel)
        uow.commit()
        return response.id


def submit_answer(actor: Actor, conference_id: int, role: ParticipantRole | str, values: Mapping[str, Any],
                  quote_consent: QuoteConsent | str = QuoteConsent.NONE, *, version: int | None = None,
                  uow: UnitOfWork) -> int:
    """Record one anonymous answer given on a screen: the family (through its link or the
    handed screen) or the coordinator's shared screen, in the phases where answering is
    allowed. ``values`` maps question ids to answers (a number for a scale, text for an
    open question; empty ones are left out); ``version`` is the version the screen showed
    (default: the current one). Validated against that version: ``AnswerInvalid`` and
    nothing written when it disagrees. One transaction: the answer, its open texts, an
    audit entry without content. Returns the answer's id."""
    return _store(actor, conference_id, role, values, quote_consent, version=version, transcribing=False, uow=uow)


def transcribe_answer(actor: Actor, conference_id: int, role: ParticipantRole | str, values: Mapping[str, Any],
                      quote_consent: QuoteConsent | str = QuoteConsent.NONE, *, version: int | None = None,
                      uow: UnitOfWork) -> int:
    """A printed form typed in by the conference's coordinator, marked ``transcribed``;
    otherwise exactly like :func:`submit_answer`."""
    return _store(actor, conference_id, role, values, quote_consent, version=version, transcribing=True, uow=uow)


def answer_counts(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> AnswerCounts:
    """How many answers the conference has, by role and channel: the coordinator follows
    progress, never content. The conference's coordinator only. Reads only."""
    with uow:
        guard(uow, actor, conference_id, rules.can_read_conference, "count_answers")
        q = r.QuestionnaireResponseRow
        rows = uow.session.execute(select(q.role, q.channel, func.count()).where(q.conference_id == conference_id)
                                   .group_by(q.role, q.channel)).all()
    cells = {(role, channel): n for role, channel, n in rows}
    by_role: dict[str, int] = {}
    by_channel: dict[str, int] = {}
    for (role, channel), n in cells.items():
        by_role[role] = by_role.get(role, 0) + n
        by_channel[channel] = by_channel.get(channel, 0) + n
    return AnswerCounts(sum(cells.values()), by_role, by_channel, cells)
