"""The common codebook: every exported variable with its label, level and allowed values,
and the questionnaires as versioned data.

``CODEBOOK_VERSION`` travels in every file; ``stats merge`` refuses to combine files of
different versions. Questionnaire definitions are data (the dicts below could be JSON):
a common core that every département asks and merging keeps to, plus questions a
territory adds for itself (``"core": False``), which stay out of merged tables. An answer
keeps the questionnaire id and version it was given with.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from conference.domain.enums import (ActionFollowUp, ClosureReason, Field, Outcome, RatificationDecision,
                                     ReferralSource, Resolution)
from conference.i18n import N_, translator

from .types import ROLES, STAGES, STATUSES, Answer, QuoteConsent

CODEBOOK_VERSION = "cercle-evaluation-1.0"


@dataclass(frozen=True)
class Variable:
    name: str
    label: str  # English message id, French in evaluation.po
    level: str  # referral, action, answer, passage
    values: tuple[str, ...] = ()
    kind: str = "category"  # category, count, decimal, month, text, id, flag


def _values(enum) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


LEVELS = {"referral": N_("one row per situation oriented"), "action": N_("one row per plan action"),
          "answer": N_("one row per questionnaire answer"), "passage": N_("one row per tagged passage")}

VARIABLES: tuple[Variable, ...] = (
    Variable("study_id", N_("Study identifier (keyed pseudonym of the situation)"), "referral", kind="id"),
    Variable("dept", N_("Département (INSEE code)"), "referral", kind="id"),
    Variable("territory", N_("Territory"), "referral", kind="category"),
    Variable("referred_month", N_("Month of the referral (YYYY-MM)"), "referral", kind="month"),
    Variable("quarter", N_("Quarter of the referral (YYYY-Tn)"), "referral", kind="month"),
    Variable("field", N_("Field of the situation"), "referral", _values(Field)),
    Variable("referred_by", N_("Who referred the situation"), "referral", _values(ReferralSource)),
    Variable("stage", N_("Furthest stage reached"), "referral", _values(STAGES)),
    Variable("status", N_("Where the situation stands"), "referral", _values(STATUSES)),
    Variable("outcome", N_("Outcome (empty while in progress)"), "referral", _values(Outcome)),
    Variable("reason", N_("Reason when not completed"), "referral", _values(ClosureReason)),
    Variable("self_organised", N_("The family organised its own meeting (1 = yes)"), "referral", ("0", "1"),
             kind="flag"),
    Variable("hours_coordinator", N_("Hours spent by the coordinator"), "referral", kind="decimal"),
    Variable("hours_referent", N_("Hours spent by the referent"), "referral", kind="decimal"),
    *(Variable(f"participants_{role.value}", N_("Participants present: {role}"), "referral", kind="count")
      for role in ROLES),
    Variable("ratification", N_("Ratification of the plan"), "referral", _values(RatificationDecision)),
    Variable("situation_3m", N_("Starting situation resolved at three months"), "referral",
             _values(Resolution)),
    Variable("evaluation_consent", N_("The family agreed to the evaluation (1 = yes; 0: funnel columns only)"),
             "referral", ("0", "1"), kind="flag"),
    Variable("action_no", N_("Number of the action in the plan"), "action", kind="count"),
    Variable("owner_kind", N_("Who carries the action"), "action",
             ("family", "network", "professional", "institution")),
    Variable("status_3m", N_("Action at three months"), "action", _values(ActionFollowUp)),
    Variable("answer_id", N_("Answer identifier (keyed pseudonym)"), "answer", kind="id"),
    Variable("respondent_role", N_("Role of the respondent"), "answer", _values(ROLES)),
    Variable("questionnaire", N_("Questionnaire identifier"), "answer", kind="id"),
    Variable("questionnaire_version", N_("Questionnaire version"), "answer", kind="count"),
    Variable("score", N_("Overall satisfaction (0 to 10)"), "answer", tuple(str(n) for n in range(11)), "count"),
    Variable("felt_heard", N_("I felt heard (1 to 5)"), "answer", tuple("12345"), "count"),
    Variable("plan_ours", N_("The plan is ours (1 to 5)"), "answer", tuple("12345"), "count"),
    Variable("know_next_step", N_("I know what I will do (1 to 5)"), "answer", tuple("12345"), "count"),
    Variable("faces", N_("Child version: how was it? (faces 1 to 5)"), "answer", tuple("12345"), "count"),
    Variable("transcribed", N_("Transcribed from the paper form (1 = yes)"), "answer", ("0", "1"), "flag"),
    Variable("quote_consent", N_("The author's quote consent"), "answer", _values(QuoteConsent)),
    Variable("question", N_("Open question"), "answer", kind="id"),
    Variable("text", N_("Open answer, only with the author's consent"), "answer", kind="text"),
    Variable("theme", N_("Theme"), "passage", kind="category"),
)

VARIABLE_BY_NAME = {v.name: v for v in VARIABLES}

# Faces that also have words: the child version shows both, and stores 1 to 5.
FACES = {1: N_("Not good at all"), 2: N_("Not good"), 3: N_("So-so"), 4: N_("Good"), 5: N_("Very good")}

CLOSED_ITEMS = {"kind": "likert", "scale": [1, 5]}

QUESTIONNAIRES: dict[tuple[str, int], dict[str, Any]] = {
    ("end_of_conference", 1): {
        "id": "end_of_conference", "version": 1, "audience": "adult",
        "title": N_("After the conference: your opinion"),
        "questions": [
            {"id": "score", "kind": "score", "scale": [0, 10], "core": True,
             "label": N_("Overall, how satisfied are you with the conference? (0 to 10)")},
            {"id": "felt_heard", **CLOSED_ITEMS, "core": True, "label": N_("I felt heard")},
            {"id": "plan_ours", **CLOSED_ITEMS, "core": True, "label": N_("The plan is ours")},
            {"id": "know_next_step", **CLOSED_ITEMS, "core": True, "label": N_("I know what I will do")},
            {"id": "what_changed", "kind": "open", "core": True,
             "label": N_("What has changed for you, in your own words?")},
            {"id": "comment", "kind": "open", "core": True, "label": N_("Anything else you want to tell us?")},
        ],
    },
    ("end_of_conference_child", 1): {
        "id": "end_of_conference_child", "version": 1, "audience": "child",
        "title": N_("How was the conference for you?"),
        "questions": [
            {"id": "faces", "kind": "faces", "scale": [1, 5], "core": True, "words": FACES,
             "label": N_("How was it? Tick a face")},
            {"id": "felt_heard", **CLOSED_ITEMS, "core": True, "label": N_("The grown-ups listened to me")},
            {"id": "what_changed", "kind": "open", "core": True, "label": N_("What do you want to tell us?")},
        ],
    },
}


def questionnaire(questionnaire_id: str, version: int) -> Mapping[str, Any]:
    """The definition an answer was given with (raises ``KeyError`` when unknown)."""
    return QUESTIONNAIRES[(questionnaire_id, version)]


def with_territory_questions(base: Mapping[str, Any], *, version: int, questions: Iterable[Mapping]) -> dict:
    """A territory's own questionnaire version: the common core plus its questions, which
    are marked ``core: False`` so that merging leaves them out."""
    extra = [{**q, "core": False} for q in questions]
    return {**base, "version": version, "questions": [*base["questions"], *extra]}


def core_question_ids(definitions: Mapping[tuple[str, int], Mapping] = QUESTIONNAIRES) -> set[str]:
    return {q["id"] for d in definitions.values() for q in d["questions"] if q.get("core")}


def answer_findings(answer: Answer, definitions: Mapping[tuple[str, int], Mapping] = QUESTIONNAIRES) -> list[str]:
    """Every way an answer disagrees with the questionnaire version it names (empty: valid)."""
    definition = definitions.get((answer.questionnaire_id, answer.questionnaire_version))
    if definition is None:
        return [f"unknown questionnaire {answer.questionnaire_id} v{answer.questionnaire_version}"]
    questions = {q["id"]: q for q in definition["questions"]}
    findings = []
    closed = dict(answer.items)
    if answer.score is not None:
        closed["score"] = answer.score
    for qid, value in closed.items():
        q = questions.get(qid)
        if q is None or q["kind"] == "open":
            findings.append(f"{qid}: not a closed question of this version")
        elif not (q["scale"][0] <= value <= q["scale"][1]):
            findings.append(f"{qid}: {value} outside {q['scale']}")
    for qid in answer.texts:
        if questions.get(qid, {}).get("kind") != "open":
            findings.append(f"{qid}: not an open question of this version")
    return findings


def codebook_rows(lang: str = "fr") -> list[dict[str, str]]:
    """The codebook sheet: one row per variable, then one per questionnaire question."""
    _ = translator(lang)
    rows = []
    for v in VARIABLES:
        role = v.name.removeprefix("participants_") if v.name.startswith("participants_") else ""
        rows.append({"variable": v.name, "label": _(v.label, role=role) if role else _(v.label),
                     "level": _(LEVELS[v.level]), "kind": v.kind, "values": ", ".join(v.values),
                     "codebook_version": CODEBOOK_VERSION})
    return rows


def questionnaire_rows(lang: str = "fr",
                       definitions: Mapping[tuple[str, int], Mapping] = QUESTIONNAIRES) -> list[dict[str, str]]:
    _ = translator(lang)
    rows = []
    for (qid, version), d in sorted(definitions.items()):
        for q in d["questions"]:
            scale = q.get("scale")
            words = q.get("words")
            values = (", ".join(f"{k} = {_(w)}" for k, w in words.items()) if words
                      else f"{scale[0]}–{scale[1]}" if scale else "")
            rows.append({"questionnaire": qid, "version": str(version), "question": q["id"], "kind": q["kind"],
                         "label": _(q["label"]), "values": values, "core": "1" if q.get("core") else "0"})
    return rows


# Labels of coded values in the masked tables (the row-level sheets keep the codes).
VALUE_LABELS = {
    "oriented": N_("oriented"), "preparation": N_("in preparation"), "held": N_("held"),
    "plan_adopted": N_("plan adopted"), "followed_up": N_("followed up"),
    "in_progress": N_("in progress"), "completed": N_("completed"), "self_organised": N_("family self-organised"),
    "not_completed": N_("not completed"),
    "family": N_("family member"), "network": N_("network member"), "child": N_("child"),
    "professional": N_("professional"), "expert": N_("expert"), "coordinator": N_("coordinator"),
    "family_declined": N_("the family declined"), "network_not_mobilised": N_("network too small"),
    "neutrality_impossible": N_("no neutral coordinator"), "judicial_decision": N_("judicial decision"),
    "coordinator_left": N_("the coordinator left"), "other": N_("other"),
    "done": N_("done"), "partly": N_("partly"), "not_done": N_("not done"), "changed": N_("changed"),
    "not": N_("not resolved"), "completely": N_("completely"),
}


def value_label(value: str, lang: str = "fr") -> str:
    label = VALUE_LABELS.get(value)
    return translator(lang)(label) if label else value
