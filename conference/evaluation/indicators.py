"""The fixed core of indicators, each with its definition and its n.

The funnel counts every situation oriented (the bare count needs no consent); every other
figure counts only the conferences whose family agreed to the evaluation. Values here are
exact: :mod:`conference.evaluation.masking` decides what may be shown.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from conference.i18n import N_

from .frames import Frames, positions
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


SCORED_ROLES = [r.value for r in ROLES if r is not ParticipantRole.CHILD] + ["all", "child"]
ALL_ROLE, CHILD_ROLE = SCORED_ROLES.index("all"), SCORED_ROLES.index("child")


def _codes(values: pd.Series, *, missing_as_group: bool = False) -> tuple[np.ndarray, list[str]]:
    """Integer codes of a column (``-1`` for missing unless ``missing_as_group``) and the names."""
    codes, uniques = pd.factorize(values, use_na_sentinel=not missing_as_group)
    return np.asarray(codes, dtype=np.int64), [str(u) for u in uniques]


def _role_codes(roles: pd.Series) -> np.ndarray:
    """Position of each answer's role in ``SCORED_ROLES`` (-1: missing or unknown). Each
    distinct role is looked up once: a categorical over 500,000 strings cost a tenth of a
    second per call, and the dashboard aggregates several times."""
    codes, uniques = pd.factorize(roles)
    table = np.array([SCORED_ROLES.index(u) if u in SCORED_ROLES else -1 for u in uniques] + [-1], dtype=np.int64)
    return table[np.asarray(codes, dtype=np.int64)]


def _cross(groups: np.ndarray, values: np.ndarray, n_groups: int, n_values: int) -> np.ndarray:
    """groups × values counts of paired integer codes (negative codes are skipped)."""
    ok = (groups >= 0) & (values >= 0)
    flat = np.bincount(groups[ok] * n_values + values[ok], minlength=n_groups * n_values)
    return flat.reshape(n_groups, n_values)


def _conference_index(frame: pd.DataFrame, refs: pd.DataFrame) -> np.ndarray:
    """Position of each row's conference among the referrals (-1: unknown conference).

    ``to_frames`` numbers the referrals (``pos``) and stores each row's ``conference_pos``;
    while the referrals are the whole numbered set those numbers are the positions, and the
    string lookup is skipped (it was a third of the time at 100,000 situations)."""
    numbered = refs["pos"].to_numpy() if "pos" in refs.columns else None
    if ("conference_pos" in frame.columns and numbered is not None
            and np.array_equal(numbered, np.arange(len(refs)))):
        return frame["conference_pos"].to_numpy(dtype=np.int64)
    return positions(refs["ref"], frame["conference_ref"])


def _aggregate(frames: Frames, by: str | None) -> dict[str, dict[str, Indicator]]:
    """Every indicator for every value of ``by`` (or for everything, ``by=None``).

    Each row gets the integer code of its group (answers and actions through their
    conference's position), and every count is one ``numpy.bincount`` over those codes:
    the cost grows with the rows, not with the number of groups."""
    ref = frames.referrals
    if by is None:
        codes, names = np.zeros(len(ref), dtype=np.int64), [ALL]
    else:
        codes, names = _codes(ref[by], missing_as_group=True)
    n = len(names)
    ev = ref["evaluation_consent"].to_numpy(dtype=bool)
    status = ref["status"]
    situation = ref["situation_3m"]

    def count(mask) -> np.ndarray:
        return np.bincount(codes[np.asarray(mask, dtype=bool)], minlength=n)

    closed = ev & (status != Status.IN_PROGRESS.value).to_numpy(dtype=bool)
    self_org = (status == Status.SELF_ORGANISED.value).to_numpy(dtype=bool)
    stopped = ev & (status == Status.NOT_COMPLETED.value).to_numpy(dtype=bool)
    c = {"oriented": count(np.ones(len(ref), dtype=bool)), "evaluated": count(ev), "closed": count(closed),
         "completed": count(ev & (status == Status.COMPLETED.value).to_numpy(dtype=bool)),
         "self_organised": count(ev & self_org), "stopped": count(stopped),
         "held": count(closed & ref["stage"].isin(MET).to_numpy(dtype=bool) & ~self_org),
         "followed": count(ev & situation.notna().to_numpy(dtype=bool)),
         "resolved": count(ev & situation.isin(["partly", "completely"]).to_numpy(dtype=bool)),
         "completely": count(ev & (situation == "completely").to_numpy(dtype=bool))}
    for hours in ("hours_coordinator", "hours_referent"):
        values = ref[hours].to_numpy(dtype=float, na_value=np.nan)
        known = ev & ~np.isnan(values)
        c[f"{hours}_n"] = count(known)
        c[f"{hours}_sum"] = np.bincount(codes[known], weights=values[known], minlength=n)

    reason_codes, reason_names = _codes(ref["reason"].fillna("other"))
    reasons = _cross(np.where(stopped, codes, -1), reason_codes, n, len(reason_names))

    refs = ref
    group_of = np.append(codes, -1)  # indexed by conference position, -1 (unknown) → no group
    action_conf = _conference_index(frames.actions, refs)
    action_ok = (action_conf >= 0) & frames.actions["status_3m"].notna().to_numpy(dtype=bool)
    action_ok[action_ok] &= ev[action_conf[action_ok]]
    action_codes, action_names = _codes(frames.actions["status_3m"])
    actions = _cross(np.where(action_ok, group_of[action_conf], -1), action_codes, n,
                     max(len(action_names), 1))

    answers = frames.answers
    answer_conf = _conference_index(answers, refs)
    known = answer_conf >= 0
    known[known] &= ev[answer_conf[known]]
    role = _role_codes(answers["respondent_role"])
    child = role == CHILD_ROLE
    raw = np.where(child, answers["faces"].to_numpy(dtype=float, na_value=np.nan),
                   answers["score"].to_numpy(dtype=float, na_value=np.nan))
    valid = known & (role >= 0) & ~np.isnan(raw) & (raw >= 0) & (raw <= 10)
    value = np.where(valid, raw, 0).astype(np.int64)
    group = np.where(valid, group_of[answer_conf], -1)
    n_roles = len(SCORED_ROLES)
    distribution = _cross(group * n_roles + np.where(valid, role, 0), np.where(valid, value, -1), n * n_roles,
                          11).reshape(n, n_roles, 11)
    adult = valid & ~child
    distribution[:, ALL_ROLE, :] = _cross(np.where(adult, group, -1), value, n, 11)
    conferences = np.zeros((n, n_roles), dtype=np.int64)
    largest = np.zeros((n, n_roles), dtype=np.int64)
    for mask, roles in ((valid, role), (adult, np.full(len(role), ALL_ROLE))):
        keys, per = np.unique(answer_conf[mask] * n_roles + roles[mask], return_counts=True)
        conf_of, role_of = keys // n_roles, keys % n_roles
        np.add.at(conferences, (codes[conf_of], role_of), 1)
        np.maximum.at(largest, (codes[conf_of], role_of), per)

    out = {}
    for g, name in enumerate(names):
        numbers = {k: (float(v[g]) if k.endswith("_sum") else int(v[g])) for k, v in c.items()}
        scores = {r: {v: int(distribution[g, k, v]) for v in range(11) if distribution[g, k, v]}
                  for k, r in enumerate(SCORED_ROLES)}
        spread = {r: (int(conferences[g, k]), int(largest[g, k])) for k, r in enumerate(SCORED_ROLES)}
        out[name] = _indicators_from(numbers, {r: int(reasons[g, k]) for k, r in enumerate(reason_names)
                                               if reasons[g, k]},
                                     {a: int(actions[g, k]) for k, a in enumerate(action_names)}, scores, spread)
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
