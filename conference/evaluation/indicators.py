"""The fixed core of indicators, each with its definition and its n.

The funnel counts every situation oriented (the bare count needs no consent); every other
figure counts only the conferences whose family agreed to the evaluation. Values here are
exact: :mod:`conference.evaluation.masking` decides what may be shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from conference.i18n import N_

from .frames import Frames
from .types import ROLES, STAGES, STATUSES, ParticipantRole, Stage, Status


@dataclass(frozen=True)
class Indicator:
    """One figure: ``value`` = ``numerator`` ÷ ``denominator`` for rates, the mean for
    scores and hours; ``n`` is what it was computed from (situations, answers, actions)."""

    key: str
    label: str  # message id
    definition: str  # message id: numerator, denominator, who counts
    kind: str  # count, rate, mean
    n: int
    value: float | None
    numerator: float | None = None
    denominator: int | None = None
    median: float | None = None
    distribution: tuple[tuple[int, int], ...] = ()
    conferences: int = 0  # how many conferences the answers come from
    largest_share: float = 0.0  # the largest share of answers one conference gave


@dataclass(frozen=True)
class Funnel:
    """Situations by furthest stage reached and by status: each situation in exactly one cell."""

    cells: dict[tuple[Stage, Status], int]
    total: int
    refs: int = 0  # distinct situations counted (for the reconciliation)
    invalid: int = 0  # rows whose stage or status is not in the codebook

    def at(self, stage: Stage) -> int:
        return sum(self.cells[(stage, status)] for status in STATUSES)

    def reached(self, stage: Stage) -> int:
        """Situations that got at least as far as ``stage``."""
        return sum(self.at(s) for s in STAGES[STAGES.index(stage):])

    def by_status(self, status: Status) -> int:
        return sum(self.cells[(stage, status)] for stage in STAGES)


def funnel(frames: Frames) -> Funnel:
    ref = frames.referrals
    counts = ref.groupby(["stage", "status"]).size()
    cells = {(stage, status): int(counts.get((stage.value, status.value), 0)) for stage in STAGES
             for status in STATUSES}
    valid = ref["stage"].isin([s.value for s in STAGES]) & ref["status"].isin([s.value for s in STATUSES])
    return Funnel(cells, total=len(ref), refs=int(ref["ref"].nunique()), invalid=int((~valid).sum()))


# Which statuses a stage allows: a plan adopted cannot be "not completed", a situation
# stopped before the meeting cannot be "completed".
ALLOWED = {
    Stage.ORIENTED: {Status.IN_PROGRESS, Status.NOT_COMPLETED, Status.SELF_ORGANISED},
    Stage.PREPARATION: {Status.IN_PROGRESS, Status.NOT_COMPLETED, Status.SELF_ORGANISED},
    Stage.HELD: {Status.IN_PROGRESS, Status.NOT_COMPLETED},
    Stage.PLAN_ADOPTED: {Status.IN_PROGRESS, Status.COMPLETED, Status.SELF_ORGANISED},
    Stage.FOLLOWED_UP: {Status.COMPLETED, Status.SELF_ORGANISED},
}


def reconcile(result: Funnel) -> list[str]:
    """Proof that every situation is in exactly one state: an empty list, or what is wrong.

    Checks that the cells add up to the number of rows, that no situation is counted twice,
    that no row falls outside the codebook, that the cumulative funnel never grows, and that
    no cell holds a combination of stage and status that cannot happen.
    """
    findings = []
    if sum(result.cells.values()) != result.total:
        findings.append(f"cells add up to {sum(result.cells.values())}, not {result.total}")
    if result.refs != result.total:
        findings.append(f"{result.total - result.refs} situation(s) counted twice")
    if result.invalid:
        findings.append(f"{result.invalid} situation(s) outside the codebook")
    reached = [result.reached(s) for s in STAGES]
    if reached[0] != sum(result.cells.values()) or any(a < b for a, b in zip(reached, reached[1:])):
        findings.append(f"cumulative funnel not decreasing: {reached}")
    for (stage, status), count in result.cells.items():
        if count and status not in ALLOWED[stage]:
            findings.append(f"{count} situation(s) {status.value} at stage {stage.value}")
    return findings


def _rate(key, label, definition, numerator: int, denominator: int) -> Indicator:
    return Indicator(key, label, definition, "rate", n=denominator,
                     value=(numerator / denominator) if denominator else None, numerator=numerator,
                     denominator=denominator)


def _mean(key, label, definition, values: pd.Series, conferences: pd.Series | None = None,
          distribution_range: range | None = None) -> Indicator:
    values = values.dropna()
    n = len(values)
    if n == 0:
        return Indicator(key, label, definition, "mean", n=0, value=None)
    distribution = ()
    if distribution_range is not None:
        counts = values.astype(int).value_counts()
        distribution = tuple((v, int(counts.get(v, 0))) for v in distribution_range)
    # Without a conference column each value is its own conference (hours: one per situation).
    n_conf, share = n, 1 / n
    if conferences is not None:
        per_conference = conferences.loc[values.index].value_counts()
        n_conf, share = len(per_conference), float(per_conference.max()) / n
    return Indicator(key, label, definition, "mean", n=n, value=round(float(values.mean()), 2),
                     numerator=float(values.sum()), denominator=n, median=float(values.median()),
                     distribution=distribution, conferences=n_conf, largest_share=share)


def indicators(frames: Frames) -> dict[str, Indicator]:
    """The fixed core for one territory and period (the frames given), by key."""
    everyone = frames.referrals
    out: dict[str, Indicator] = {}
    out["oriented"] = Indicator("oriented", N_("Situations oriented"),
                                N_("Every situation oriented towards a conference in the period, whatever the "
                                   "family decided about the evaluation."), "count", len(everyone), len(everyone))
    ref = everyone[everyone["evaluation_consent"]]
    status = ref["status"]
    closed = int((status != Status.IN_PROGRESS.value).sum())
    completed = int((status == Status.COMPLETED.value).sum())
    self_org = int((status == Status.SELF_ORGANISED.value).sum())
    stopped = int((status == Status.NOT_COMPLETED.value).sum())
    held = int((ref["stage"].isin([Stage.HELD.value, Stage.PLAN_ADOPTED.value, Stage.FOLLOWED_UP.value])
                & (status != Status.SELF_ORGANISED.value) & (status != Status.IN_PROGRESS.value)).sum())
    out["evaluated"] = Indicator("evaluated", N_("Situations in the evaluation"),
                                 N_("Situations whose family agreed that their conference is evaluated; only "
                                    "they count in the figures below."), "count", len(ref), len(ref))
    out["closed"] = Indicator("closed", N_("Situations closed"),
                              N_("Evaluated situations that are no longer in progress (denominator of the "
                                 "rates below)."), "count", closed, closed)
    out["plan_rate"] = _rate("plan_rate", N_("Plan rate"),
                             N_("Situations ending with a plan, at a conference or organised by the family "
                                "itself ÷ situations closed."), completed + self_org, closed)
    out["meeting_rate"] = _rate("meeting_rate", N_("Meeting rate"),
                                N_("Conferences held with a coordinator ÷ situations closed."), held, closed)
    out["self_organised"] = _rate("self_organised", N_("Family self-organised"),
                                  N_("Situations where the family organised its own meeting without a "
                                     "coordinator ÷ situations closed: an outcome, not a failure."), self_org, closed)
    out["not_completed"] = _rate("not_completed", N_("Not completed"),
                                 N_("Situations closed without a plan ÷ situations closed."), stopped, closed)
    reasons = ref.loc[status == Status.NOT_COMPLETED.value, "reason"].fillna("other").value_counts()
    for reason, count in sorted(reasons.items()):
        out[f"not_completed.{reason}"] = _rate(
            f"not_completed.{reason}", N_("Not completed, by reason"),
            N_("Situations not completed for this reason ÷ situations not completed."), int(count), stopped)
    out.update(satisfaction(frames))
    actions = frames.actions[frames.actions["conference_ref"].isin(set(ref["ref"]))]
    followed = actions["status_3m"].notna()
    out["actions_done_3m"] = _rate("actions_done_3m", N_("Actions done at three months"),
                                   N_("Plan actions done at three months ÷ plan actions followed up."),
                                   int((actions["status_3m"] == "done").sum()), int(followed.sum()))
    situation = ref["situation_3m"]
    out["situation_resolved"] = _rate(
        "situation_resolved", N_("Situation resolved at three months"),
        N_("Situations resolved partly or completely at three months ÷ situations followed up."),
        int(situation.isin(["partly", "completely"]).sum()), int(situation.notna().sum()))
    out["situation_resolved_completely"] = _rate(
        "situation_resolved_completely", N_("Situation resolved completely at three months"),
        N_("Situations resolved completely at three months ÷ situations followed up."),
        int((situation == "completely").sum()), int(situation.notna().sum()))
    out["hours_coordinator"] = _mean("hours_coordinator", N_("Coordinator's time (hours)"),
                                     N_("Mean hours the coordinator spent per situation where they were recorded."),
                                     ref["hours_coordinator"])
    out["hours_referent"] = _mean("hours_referent", N_("Referent's time (hours)"),
                                  N_("Mean hours the referent spent per situation where they were recorded."),
                                  ref["hours_referent"])
    return out


def satisfaction(frames: Frames) -> dict[str, Indicator]:
    """Mean (two decimals), median, n and distribution of the 0–10 score by role, all adult
    roles pooled, and the child version's faces (1–5, never pooled with the 0–10 score)."""
    answers = frames.answers[frames.answers["evaluation_consent"]]
    out = {}
    adults = answers[answers["respondent_role"] != ParticipantRole.CHILD.value]
    definition = N_("Mean of the 0–10 overall score of the answers given at the end of the conference, by the "
                    "role of the respondent.")
    for role in ROLES:
        if role is ParticipantRole.CHILD:
            continue
        mine = adults[adults["respondent_role"] == role.value]
        out[f"satisfaction.{role.value}"] = _mean(f"satisfaction.{role.value}", N_("Satisfaction by role"),
                                                  definition, mine["score"], mine["conference_ref"], range(11))
    out["satisfaction.all"] = _mean("satisfaction.all", N_("Satisfaction, all adult roles"),
                                    N_("Mean of the 0–10 overall score of every adult answer: roles are not "
                                       "comparable with each other, read the figures by role first."),
                                    adults["score"], adults["conference_ref"], range(11))
    children = answers[answers["respondent_role"] == ParticipantRole.CHILD.value]
    out["satisfaction.child"] = _mean("satisfaction.child", N_("Children's answers (faces 1 to 5)"),
                                      N_("Mean of the faces the children ticked, from 1 (not good at all) to 5 "
                                         "(very good)."), children["faces"], children["conference_ref"], range(1, 6))
    return out


def indicators_by(frames: Frames, column: str) -> dict[str, dict[str, Indicator]]:
    """The core indicators for each value of ``field`` or ``quarter`` (or ``territory``)."""
    out = {}
    answers_by = dict(tuple(frames.answers.groupby(column))) if len(frames.answers) else {}
    for value, ref in frames.referrals.groupby(column):
        keep = set(ref["ref"])
        answers = answers_by.get(value, frames.answers.iloc[0:0])
        out[str(value)] = indicators(Frames(ref, frames.actions[frames.actions["conference_ref"].isin(keep)],
                                            answers, frames.texts, frames.themes, frames.passages, frames.dept))
    return out
