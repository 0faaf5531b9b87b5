"""Plain rows → pandas frames, once, with the codebook's column names.

Indicators, breakdowns and files all read these frames, so a computation written once
serves the dashboard, the exports and ``stats merge`` alike, and stays fast on a
département's whole history (vectorised, no per-row Python in the computations).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .pseudonyms import month, quarter
from .types import ROLES, EvaluationRows

REFERRAL_COLUMNS = ("ref", "dept", "territory", "field", "referred_by", "referred_month", "quarter", "stage",
                    "status", "outcome", "reason", "self_organised", "evaluation_consent", "hours_coordinator",
                    "hours_referent", *(f"participants_{r.value}" for r in ROLES), "ratification",
                    "situation_3m")
ACTION_COLUMNS = ("conference_ref", "action_no", "owner_kind", "status_3m")
ANSWER_ITEMS = ("felt_heard", "plan_ours", "know_next_step", "faces")
ANSWER_COLUMNS = ("ref", "conference_ref", "respondent_role", "questionnaire", "questionnaire_version", "score",
                  *ANSWER_ITEMS, "transcribed", "quote_consent")
# What the counts read of a situation and of an answer (the dashboard loads only these:
# ``load_frames(counts_only=True)``); the participants and the ratification are the files' rows only.
COUNTED_REFERRAL_COLUMNS = tuple(c for c in REFERRAL_COLUMNS
                                 if not c.startswith("participants_") and c != "ratification")
COUNTED_ANSWER_COLUMNS = ("ref", "conference_ref", "respondent_role", "score", "faces")
TEXT_COLUMNS = ("answer_ref", "question", "text")
PASSAGE_COLUMNS = ("theme", "answer_ref", "question", "start", "end")


def _value(enum_or_none):
    return None if enum_or_none is None else enum_or_none.value


@dataclass(frozen=True)
class Frames:
    """The evaluation's tables. ``answers`` also carries its conference's ``field``,
    ``quarter``, ``territory`` and ``evaluation_consent`` (joined once here)."""

    referrals: pd.DataFrame
    actions: pd.DataFrame
    answers: pd.DataFrame
    texts: pd.DataFrame
    themes: pd.DataFrame
    passages: pd.DataFrame
    dept: str = ""

    def consented(self) -> "Frames":
        """Only the conferences whose family agreed to the evaluation (and their rows)."""
        # isin() with a Series stays in Arrow; with a Python set it walks every value.
        keep = self.referrals.loc[self.referrals["evaluation_consent"], "ref"]
        answers = self.answers[self.answers["conference_ref"].isin(keep)]
        return Frames(self.referrals[self.referrals["evaluation_consent"]],
                      self.actions[self.actions["conference_ref"].isin(keep)], answers,
                      self.texts[self.texts["answer_ref"].isin(answers["ref"])], self.themes,
                      self.passages[self.passages["answer_ref"].isin(answers["ref"])], self.dept)


def to_frames(rows: EvaluationRows) -> Frames:
    referrals = pd.DataFrame.from_records(
        [(r.ref, r.dept or rows.dept, r.territory, r.field.value, r.referred_by.value, month(r.referred_on),
          quarter(r.referred_on), r.stage.value, r.status.value, _value(r.outcome), _value(r.reason),
          r.self_organised, bool(r.evaluation_consent), r.hours_coordinator, r.hours_referent,
          *(int(r.participants.get(role, 0)) for role in ROLES), _value(r.ratification), _value(r.situation_3m))
         for r in rows.referrals], columns=list(REFERRAL_COLUMNS))
    referrals["hours_coordinator"] = referrals["hours_coordinator"].astype("float64")
    referrals["hours_referent"] = referrals["hours_referent"].astype("float64")
    actions = pd.DataFrame.from_records(
        [(r.ref, a.number, a.owner_kind, _value(a.status_3m)) for r in rows.referrals for a in r.actions],
        columns=list(ACTION_COLUMNS))
    answers = pd.DataFrame.from_records(
        [(a.ref, a.conference_ref, a.role.value, a.questionnaire_id, a.questionnaire_version, a.score,
          *(a.items.get(item) for item in ANSWER_ITEMS), a.transcribed, a.quote_consent.value)
         for a in rows.answers], columns=list(ANSWER_COLUMNS))
    for column in ("score", *ANSWER_ITEMS):
        answers[column] = answers[column].astype("Float64")
    texts = pd.DataFrame.from_records(
        [(a.ref, qid, text) for a in rows.answers for qid, text in a.texts.items() if text and text.strip()],
        columns=list(TEXT_COLUMNS))
    themes = pd.DataFrame.from_records([(t.id, t.label) for t in rows.themes], columns=["theme", "label"])
    passages = pd.DataFrame.from_records(
        [(p.theme_id, p.answer_ref, p.question_id, p.start, p.end) for p in rows.passages],
        columns=list(PASSAGE_COLUMNS))
    return with_object_ids(Frames(referrals, actions, join_conference(answers, referrals), texts, themes, passages,
                                  rows.dept))


ID_COLUMNS = ("ref", "conference_ref", "answer_ref")


def with_object_ids(frames: Frames) -> Frames:
    """Identifier columns as plain Python objects: pandas' Arrow strings make ``isin`` walk
    every value through a pyarrow scalar (seconds at 100,000 rows); object columns hash.
    Referrals are numbered (``pos``) and answers and actions keep their conference's number
    (``conference_pos``, -1 when unknown), which the indicators use instead of string lookups."""
    for frame in (frames.referrals, frames.actions, frames.answers, frames.texts, frames.passages):
        for column in ID_COLUMNS:
            if column in frame.columns:
                frame[column] = frame[column].astype(object)
    frames = replace(frames, referrals=frames.referrals.reset_index(drop=True))
    frames.referrals["pos"] = np.arange(len(frames.referrals), dtype=np.int64)
    for frame in (frames.actions, frames.answers):
        if "conference_pos" not in frame.columns:  # join_conference(at=...) numbered them already
            frame["conference_pos"] = positions(frames.referrals["ref"], frame["conference_ref"])
    return frames


def positions(refs: pd.Series, keys: pd.Series) -> np.ndarray:
    """Position of each key among ``refs`` (its first occurrence; -1 when absent)."""
    first = ~refs.duplicated().to_numpy()
    found = pd.Index(refs[first]).get_indexer(keys)
    return np.where(found >= 0, np.flatnonzero(first)[np.maximum(found, 0)], -1).astype(np.int64) \
        if len(found) else np.zeros(0, dtype=np.int64)


def join_conference(answers: pd.DataFrame, referrals: pd.DataFrame, at: np.ndarray | None = None) -> pd.DataFrame:
    """Each answer with its conference's ``territory``, ``field``, ``quarter`` and
    ``evaluation_consent``. ``at``: each answer's conference position among ``referrals``
    when the caller already knows it (``load_frames`` matches integer ids), which replaces
    the merge on string refs (a fifth of the dashboard's load at 500,000 answers) and is kept
    as ``conference_pos``."""
    columns = ["territory", "field", "quarter", "evaluation_consent"]
    if at is not None and len(at) == len(answers) and bool((at >= 0).all()):
        taken = {c: referrals[c].iloc[at].set_axis(answers.index) for c in columns}
        return answers.assign(**taken, conference_pos=np.asarray(at, dtype=np.int64))
    conf = referrals[["ref", *columns]].rename(columns={"ref": "conference_ref"})
    joined = answers.merge(conf, on="conference_ref", how="left")
    joined["evaluation_consent"] = joined["evaluation_consent"].fillna(False).astype(bool)
    return joined
