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


def _median(distribution: list[tuple[int, int]], n: int) -> float:
    """Median of integer values given as (value, count) pairs, in ascending order."""
    def nth(k: int) -> int:
        seen = 0
        for value, count in distribution:
            seen += count
            if seen > k:
                return value
        raise IndexError(k)
    return float(nth(n // 2)) if n % 2 else (nth(n // 2 - 1) + nth(n // 2)) / 2


def _score_mean(key, label, definition, counts: dict[int, int], per_conference: tuple[int, int],
                scale: range) -> Indicator:
    """A mean of integer scores from their distribution (exact, and the same for any group)."""
    distribution = [(v, int(counts.get(v, 0))) for v in scale]
    n = sum(c for _, c in distribution)
    if n == 0:
        return Indicator(key, label, definition, "mean", n=0, value=None, distribution=tuple(distribution))
    total = sum(v * c for v, c in distribution)
    conferences, largest = per_conference
    return Indicator(key, label, definition, "mean", n=n, value=round(total / n, 2), numerator=float(total),
                     denominator=n, median=_median(distribution, n), distribution=tuple(distribution),
                     conferences=conferences, largest_share=largest / n)


def _hours_mean(key, label, definition, total: float, n: int) -> Indicator:
    """Hours: one value per situation, so each value is its own conference."""
    if n == 0:
        return Indicator(key, label, definition, "mean", n=0, value=None)
    return Indicator(key, label, definition, "mean", n=n, value=round(total / n, 2), numerator=total,
                     denominator=n, conferences=n, largest_share=1 / n)


ALL = "__all__"
MET = (Stage.HELD.value, Stage.PLAN_ADOPTED.value, Stage.FOLLOWED_UP.value)


def _counts(frame: pd.DataFrame, keys: list[str]) -> dict:
    """{(group, value…): count} from one groupby."""
    if frame.empty:
        return {}
    return {k if isinstance(k, tuple) else (k,): int(v) for k, v in frame.groupby(keys, sort=False).size().items()}


def _aggregate(frames: Frames, by: str | None) -> dict[str, dict[str, Indicator]]:
    """Every indicator for every value of ``by`` (or for everything, ``by=None``), with a
    fixed number of vectorised group-bys whatever the number of groups."""
    everyone = frames.referrals.assign(**{ALL: ALL})
    column = by or ALL
    status = everyone["status"]
    flags = pd.DataFrame({
        "group": everyone[column].astype(str), "oriented": 1, "evaluated": everyone["evaluation_consent"],
    })
    ev = everyone["evaluation_consent"]
    flags["closed"] = ev & (status != Status.IN_PROGRESS.value)
    flags["completed"] = ev & (status == Status.COMPLETED.value)
    flags["self_organised"] = ev & (status == Status.SELF_ORGANISED.value)
    flags["stopped"] = ev & (status == Status.NOT_COMPLETED.value)
    flags["held"] = flags["closed"] & everyone["stage"].isin(MET) & (status != Status.SELF_ORGANISED.value)
    situation = everyone["situation_3m"]
    flags["followed"] = ev & situation.notna()
    flags["resolved"] = ev & situation.isin(["partly", "completely"])
    flags["completely"] = ev & (situation == "completely")
    for hours in ("hours_coordinator", "hours_referent"):
        value = everyone[hours].where(ev)
        flags[f"{hours}_n"] = value.notna()
        flags[f"{hours}_sum"] = value.fillna(0.0)
    sums = flags.groupby("group", sort=False).sum(numeric_only=True)

    evaluated = everyone[ev]
    groups_of = pd.Series(everyone[column].astype(str).tolist(), index=everyone["ref"].tolist())
    stopped = evaluated[evaluated["status"] == Status.NOT_COMPLETED.value]
    reasons = _counts(stopped.assign(group=stopped[column].astype(str), reason=stopped["reason"].fillna("other")),
                      ["group", "reason"])
    actions = frames.actions[frames.actions["conference_ref"].isin(evaluated["ref"])]
    actions = actions.assign(group=actions["conference_ref"].map(groups_of))
    action_counts = _counts(actions.dropna(subset=["status_3m"]), ["group", "status_3m"])

    answers = frames.answers[frames.answers["evaluation_consent"]]
    answers = answers.assign(group=answers["conference_ref"].map(groups_of))
    child = answers["respondent_role"] == ParticipantRole.CHILD.value
    adults = answers[~child].dropna(subset=["score"])
    pooled = pd.concat([adults, adults.assign(respondent_role="all")], ignore_index=True)
    pooled = pooled.assign(value=pooled["score"].astype(int))
    children = answers[child].dropna(subset=["faces"])
    children = children.assign(respondent_role="child", value=children["faces"].astype(int))
    scored = pd.concat([pooled, children], ignore_index=True)
    distribution = _counts(scored, ["group", "respondent_role", "value"])
    per_conf = (scored.groupby(["group", "respondent_role", "conference_ref"], sort=False).size()
                .groupby(level=[0, 1]).agg(["size", "max"])) if len(scored) else pd.DataFrame()
    spread = {k: (int(r["size"]), int(r["max"])) for k, r in per_conf.iterrows()}

    out = {}
    for group, row in sums.iterrows():
        numbers = {k: (float(v) if k.endswith("_sum") else int(v)) for k, v in row.items()}
        group_reasons = {r: c for (g, r), c in reasons.items() if g == group}
        group_actions = {a: c for (g, a), c in action_counts.items() if g == group}
        scores: dict[str, dict[int, int]] = {}
        for (g, role, value), count in distribution.items():
            if g == group:
                scores.setdefault(role, {})[value] = count
        out[group] = _indicators_from(numbers, group_reasons, group_actions, scores,
                                      {role: spread.get((group, role), (0, 0)) for role in scores})
    return out


def _indicators_from(c: dict, reasons: dict, actions: dict, scores: dict, spread: dict) -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    out["oriented"] = Indicator("oriented", N_("Situations oriented"),
                                N_("Every situation oriented towards a conference in the period, whatever the "
                                   "family decided about the evaluation."), "count", c["oriented"], c["oriented"])
    out["evaluated"] = Indicator("evaluated", N_("Situations in the evaluation"),
                                 N_("Situations whose family agreed that their conference is evaluated; only "
                                    "they count in the figures below."), "count", c["evaluated"], c["evaluated"])
    closed = c["closed"]
    out["closed"] = Indicator("closed", N_("Situations closed"),
                              N_("Evaluated situations that are no longer in progress (denominator of the "
                                 "rates below)."), "count", closed, closed)
    out["plan_rate"] = _rate("plan_rate", N_("Plan rate"),
                             N_("Situations ending with a plan, at a conference or organised by the family "
                                "itself ÷ situations closed."), c["completed"] + c["self_organised"], closed)
    out["meeting_rate"] = _rate("meeting_rate", N_("Meeting rate"),
                                N_("Conferences held with a coordinator ÷ situations closed."), c["held"], closed)
    out["self_organised"] = _rate("self_organised", N_("Family self-organised"),
                                  N_("Situations where the family organised its own meeting without a "
                                     "coordinator ÷ situations closed: an outcome, not a failure."),
                                  c["self_organised"], closed)
    out["not_completed"] = _rate("not_completed", N_("Not completed"),
                                 N_("Situations closed without a plan ÷ situations closed."), c["stopped"], closed)
    for reason, count in sorted(reasons.items()):
        out[f"not_completed.{reason}"] = _rate(
            f"not_completed.{reason}", N_("Not completed, by reason"),
            N_("Situations not completed for this reason ÷ situations not completed."), count, c["stopped"])
    definition = N_("Mean of the 0–10 overall score of the answers given at the end of the conference, by the "
                    "role of the respondent.")
    for role in ROLES:
        if role is not ParticipantRole.CHILD:
            out[f"satisfaction.{role.value}"] = _score_mean(
                f"satisfaction.{role.value}", N_("Satisfaction by role"), definition, scores.get(role.value, {}),
                spread.get(role.value, (0, 0)), range(11))
    out["satisfaction.all"] = _score_mean(
        "satisfaction.all", N_("Satisfaction, all adult roles"),
        N_("Mean of the 0–10 overall score of every adult answer: roles are not comparable with each other, read "
           "the figures by role first."), scores.get("all", {}), spread.get("all", (0, 0)), range(11))
    out["satisfaction.child"] = _score_mean(
        "satisfaction.child", N_("Children's answers (faces 1 to 5)"),
        N_("Mean of the faces the children ticked, from 1 (not good at all) to 5 (very good)."),
        scores.get("child", {}), spread.get("child", (0, 0)), range(1, 6))
    out["actions_done_3m"] = _rate("actions_done_3m", N_("Actions done at three months"),
                                   N_("Plan actions done at three months ÷ plan actions followed up."),
                                   actions.get("done", 0), sum(actions.values()))
    out["situation_resolved"] = _rate(
        "situation_resolved", N_("Situation resolved at three months"),
        N_("Situations resolved partly or completely at three months ÷ situations followed up."),
        c["resolved"], c["followed"])
    out["situation_resolved_completely"] = _rate(
        "situation_resolved_completely", N_("Situation resolved completely at three months"),
        N_("Situations resolved completely at three months ÷ situations followed up."), c["completely"],
        c["followed"])
    out["hours_coordinator"] = _hours_mean(
        "hours_coordinator", N_("Coordinator's time (hours)"),
        N_("Mean hours the coordinator spent per situation where they were recorded."),
        c["hours_coordinator_sum"], c["hours_coordinator_n"])
    out["hours_referent"] = _hours_mean(
        "hours_referent", N_("Referent's time (hours)"),
        N_("Mean hours the referent spent per situation where they were recorded."),
        c["hours_referent_sum"], c["hours_referent_n"])
    return out


EMPTY = {k: 0 for k in ("oriented", "evaluated", "closed", "completed", "self_organised", "stopped", "held",
                        "followed", "resolved", "completely", "hours_coordinator_n", "hours_referent_n")}


def indicators(frames: Frames) -> dict[str, Indicator]:
    """The fixed core for one territory and period (the frames given), by key.

    The funnel's bare count needs no consent; every other figure counts only the
    situations whose family agreed to the evaluation, and their answers and actions."""
    result = _aggregate(frames, None)
    return result.get(ALL) or _indicators_from({**EMPTY, "hours_coordinator_sum": 0.0,
                                                "hours_referent_sum": 0.0}, {}, {}, {}, {})


def indicators_by(frames: Frames, column: str) -> dict[str, dict[str, Indicator]]:
    """The core indicators for each value of ``field``, ``quarter`` or ``territory``,
    computed for all groups at once."""
    return dict(sorted(_aggregate(frames, column).items()))
