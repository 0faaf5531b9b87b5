"""The pilot dashboard (issue 9): a territory's figures for a period, masked as in the files.

    choices = territories_for(actor, uow=uow)
    board = dashboard(actor, [choices[0].id], "2026-01", "2026-06", uow=uow)

Load → check → compute. A territory the actor may not read (``evaluation_rules``) is
refused before anything is read (``Forbidden``); a pilot never reaches a conference, only
these counts. The breakdowns are the files' own tables (``evaluation.tables``), so the
dashboard and a workbook never disagree: counts from 1 to 5 are ``c`` with secondary
masking, percentages only over at least 10, means only from enough answers. The funnel
counts every situation; every other figure only the conferences whose family agreed to
the evaluation. The result holds no id, name, contact or exact date: only labels,
months, quarters and published numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import func, select

from conference.domain.errors import Forbidden, InvalidInput
from conference.evaluation.codebook import value_label
from conference.evaluation.frames import Frames
from conference.evaluation.indicators import Indicator, funnel, indicators_by, reconcile
from conference.evaluation.masking import MASK, CountTable, mask_table, mean_allowed, publish_count, publish_indicator
from conference.evaluation.tables import Sheet, table_sheets
from conference.i18n import N_, translator
from conference.security.evaluation_rules import TerritoryScope, can_read_evaluation, readable_territories
from conference.security.rules import Actor
from conference.store import models as r
from conference.store import models_evaluation as e
from conference.store import evaluation_queries as queries
from conference.store.evaluation_queries import load_frames
from conference.store.territories import all_territory_ids, territory_ids_of
from conference.store.uow import UnitOfWork

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

# What each breakdown shows and how it is counted (message ids), in the order shown.
DEFINITIONS = {
    "t_funnel": N_("Every situation oriented in the period, in the furthest stage it reached (oriented, in "
                   "preparation, conference held, plan adopted, followed up at three months) and by where it "
                   "stands: each situation is counted once. Whether the family agreed to the evaluation or not."),
    "t_outcome_field": N_("Situations in the evaluation by field and by where they stand: in progress, completed "
                          "with a plan, organised by the family itself, not completed."),
    "t_reasons": N_("Situations in the evaluation closed without a plan, by the reason the coordinator gave."),
    "t_satisfaction": N_("Answers to the end-of-conference questionnaire by the role of the respondent: how many "
                         "gave each overall score from 0 to 10, their number, mean and median."),
    "t_actions": N_("Actions of the adopted plans reviewed at three months, by what became of them."),
    "t_situation": N_("Situations followed up at three months, by whether the starting situation is resolved."),
    "t_time": N_("Hours the coordinator and the referent spent per situation, from the synthesis sheets where "
                 "they were recorded (mean shown from 5 situations)."),
    "t_quarter_field": N_("Situations in the evaluation by the quarter they were oriented in and by field."),
    "t_themes": N_("Open answers tagged with each theme, by the role of the respondent (an answer counts once "
                   "per theme)."),
    "by_field": N_("The main indicators for each field; the same definitions as above."),
    "by_quarter": N_("The main indicators for each quarter the situations were oriented in; the same definitions "
                     "as above."),
}
# How each breakdown is drawn: (kind, which columns of its table are plotted).
CHARTS = {"t_funnel": "stacked", "t_outcome_field": "stacked", "t_reasons": "total", "t_satisfaction": "scores",
          "t_actions": "total", "t_situation": "total", "t_time": "means", "t_quarter_field": "stacked",
          "t_themes": "total"}
GROUP_INDICATORS = ("plan_rate", "satisfaction.all", "actions_done_3m", "situation_resolved")


@dataclass(frozen=True)
class TerritoryChoice:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class Figure:
    """One breakdown: its table as published (``c`` for a hidden count) and what the
    chart draws from it (``points``: category, series, value; hidden cells left out)."""

    key: str
    title: str
    definition: str
    n: int | str | None
    header: tuple[str, ...]
    rows: tuple[tuple, ...]
    chart: str
    points: tuple[tuple[str, str, float], ...]


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: int | float | str | None  # a count, a percentage, a mean, or ``c``
    n: int | str | None
    definition: str
    kind: str  # count, rate, mean


@dataclass(frozen=True)
class OwnIndicator:
    """An indicator the territory defined itself, over the conferences in the evaluation."""

    territory: str
    name: str
    definition: str
    kind: str
    n: int | str
    total: float | str | None
    mean: float | str | None


@dataclass(frozen=True)
class Dashboard:
    territories: tuple[str, ...]
    period: tuple[str | None, str | None]
    reconciled: bool
    situations: int | str  # every situation oriented (the funnel's n)
    headlines: tuple[Headline, ...]
    figures: tuple[Figure, ...]
    own_indicators: tuple[OwnIndicator, ...]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def _scope(uow: UnitOfWork, actor: Actor) -> TerritoryScope:
    return TerritoryScope(territory_ids_of(uow.session, actor.id) if actor.id is not None else frozenset())


def territories_for(actor: Actor, *, uow: UnitOfWork) -> list[TerritoryChoice]:
    """The territories ``actor`` may read, by name (empty for anyone else than a pilot or
    the local single user)."""
    with uow:
        readable = readable_territories(actor, _scope(uow, actor), all_territory_ids(uow.session))
        if not readable:
            return []
        rows = uow.session.execute(select(r.TerritoryRow.id, r.TerritoryRow.code, r.TerritoryRow.name)
                                   .where(r.TerritoryRow.id.in_(sorted(readable)))
                                   .order_by(r.TerritoryRow.name, r.TerritoryRow.id))
        return [TerritoryChoice(*row) for row in rows]


def check_period(month_from: str | None, month_to: str | None) -> None:
    for name, value in (("month_from", month_from), ("month_to", month_to)):
        if value and not MONTH.match(value):
            raise InvalidInput(name, "bad_month", value=value)
    if month_from and month_to and month_from > month_to:
        raise InvalidInput("month_to", "period_reversed", value=f"{month_from} > {month_to}")


def dashboard(actor: Actor, territory_ids: Iterable[int], month_from: str | None, month_to: str | None, *,
              uow: UnitOfWork, lang: str = "fr") -> Dashboard:
    """The figures of ``territory_ids`` for situations oriented from ``month_from`` to
    ``month_to`` (``YYYY-MM``, included; ``None``: no bound). ``Forbidden`` when one of the
    territories may not be read by ``actor`` (or none is given); ``InvalidInput`` for a
    malformed period."""
    chosen = frozenset(int(t) for t in territory_ids)
    check_period(month_from, month_to)
    with uow:
        session = uow.session
        scope, every = _scope(uow, actor), all_territory_ids(session)
        if not chosen or not chosen <= every or not all(can_read_evaluation(actor, t, scope) for t in chosen):
            raise Forbidden("evaluation.dashboard", sorted(chosen))
        names = tuple(n for (n,) in session.execute(select(r.TerritoryRow.name)
                                                    .where(r.TerritoryRow.id.in_(sorted(chosen)))
                                                    .order_by(r.TerritoryRow.name)))
        frames = load_frames(session, territory_ids=chosen, month_from=month_from, month_to=month_to,
                             counts_only=True)
        own = _own_indicators(session, chosen, month_from, month_to)
    return build(frames, names, (month_from, month_to), own, lang)


def build(frames: Frames, names: tuple[str, ...], period, own: tuple[OwnIndicator, ...], lang: str) -> Dashboard:
    """The dashboard of frames already loaded (pure: tests and benchmarks call it too)."""
    _ = translator(lang)
    sheets = {s.key: s for s in table_sheets(frames, lang)}
    headlines = tuple(_headline(row, key) for row, key in zip(sheets["t_indicators"].rows, _indicator_keys(frames)))
    figures = [_figure(sheets[key], _) for key in CHARTS if key in sheets]
    figures += [_groups(frames, "field", lang), _groups(frames, "quarter", lang)]
    result = funnel(frames)
    return Dashboard(names, period, reconcile(result) == [], publish_count(result.total), headlines, tuple(figures),
                     own)


def _indicator_keys(frames: Frames) -> list[str]:
    from conference.evaluation.indicators import indicators
    return list(indicators(frames))


def _headline(row, key: str) -> Headline:
    label, value, n, definition = row
    kind = "count" if key in ("oriented", "evaluated", "closed") else "mean" if (
        key.startswith("satisfaction") or key.startswith("hours")) else "rate"
    return Headline(key, label, value, n, definition, kind)


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _figure(sheet: Sheet, _) -> Figure:
    rows = tuple(tuple(row) for row in sheet.rows)
    header = tuple(sheet.header)
    kind = CHARTS[sheet.key]
    points: list[tuple[str, str, float]] = []
    body = [row for row in rows if row[0] != _("Total")]
    if kind == "stacked" and any(v == MASK for row in body for v in row[1:-1]):
        kind = "total"  # drawing only the visible parts would mislead: each row's total instead
    if kind == "stacked":  # rows × columns, the totals left out
        for row in body:
            points += [(str(row[0]), header[j], v) for j in range(1, len(header) - 1)
                       if (v := _number(row[j])) is not None and v > 0]
    elif kind == "total":  # each row's total
        points = [(str(row[0]), _("Total"), v) for row in body if (v := _number(row[-1])) is not None]
    elif kind == "scores":  # the mean by role
        mean = header.index(_("Mean"))
        points = [(str(row[0]), _("Mean"), v) for row in rows if (v := _number(row[mean])) is not None]
    elif kind == "means":  # mean hours, coordinator and referent, by field
        for row in body:
            points += [(str(row[0]), header[j], v) for j in (2, 4) if (v := _number(row[j])) is not None]
    return Figure(sheet.key, sheet.title, _(DEFINITIONS[sheet.key]), _figure_n(sheet, rows, header, _), header,
                  rows, kind, tuple(points))


def _figure_n(sheet: Sheet, rows, header, _) -> int | str | None:
    if sheet.key == "t_satisfaction":
        return rows[-1][header.index(_("n"))] if rows else None
    if sheet.key == "t_time":
        return rows[-1][1] if rows else None
    return rows[-1][-1] if rows else None  # the grand total, as published


def _masked_column(name: str, groups: list[str], values: list[int]) -> list[int | str]:
    """One count per group, with the published total below it: a small count is hidden,
    and so is a neighbour, so that no hidden one follows from the total."""
    if not groups:
        return []
    table = mask_table(CountTable(name, tuple(groups), ("n",), tuple((v,) for v in values)))
    return [row[0] for row in table.published()[:-1]]


def _groups(frames: Frames, column: str, lang: str) -> Figure:
    """The main indicators for each field (or quarter): counts masked as one table with
    their total, rates and means under the publication rules."""
    _ = translator(lang)
    by = indicators_by(frames, column)
    groups = [g for g in by if g and g != "nan"]
    oriented = _masked_column("oriented", groups, [by[g]["oriented"].n for g in groups])
    evaluated = _masked_column("evaluated", groups, [by[g]["evaluated"].n for g in groups])
    labels = [_(by[groups[0]][k].label) if groups else k for k in GROUP_INDICATORS]
    header = (_("Field") if column == "field" else _("Quarter"), _("Situations oriented"),
              _("Situations in the evaluation"), *(part for label in labels for part in (label, f"{label} (n)")))
    rows, points = [], []
    n_columns = {k: _masked_column(k, groups, [by[g][k].n for g in groups]) for k in GROUP_INDICATORS}
    for i, g in enumerate(groups):
        label = value_label(g, lang) if column == "field" else g
        values = []
        for k in GROUP_INDICATORS:
            indicator: Indicator = by[g][k]
            shown = n_columns[k][i] != MASK
            values += [publish_indicator(indicator) if shown else (MASK if indicator.n else None), n_columns[k][i]]
        rows.append((label, oriented[i], evaluated[i], *values))
        if isinstance(oriented[i], int):
            points.append((label, _("Situations oriented"), float(oriented[i])))
    key = f"by_{column}"
    title = _("Main indicators by field") if column == "field" else _("Main indicators by quarter")
    total = sum(by[g]["oriented"].n for g in groups)
    return Figure(key, title, _(DEFINITIONS[key]), publish_count(total), header, tuple(rows), "total",
                  tuple(points))


def _own_indicators(session, territory_ids: frozenset[int], month_from: str | None,
                    month_to: str | None) -> tuple[OwnIndicator, ...]:
    """Each active indicator of the territories, over the conferences in the evaluation
    and in the period: how many have a value, their sum and mean (masked like counts)."""
    t, v, c = e.TerritoryIndicatorRow, e.IndicatorValueRow, r.ConferenceRow
    definitions = session.execute(select(t.id, r.TerritoryRow.name, t.name, t.definition, t.kind)
                                  .join(r.TerritoryRow, r.TerritoryRow.id == t.territory_id)
                                  .where(t.territory_id.in_(sorted(territory_ids)), t.active.is_(True))
                                  .order_by(r.TerritoryRow.name, t.name)).all()
    if not definitions:
        return ()
    consented = queries.consented_subquery()
    sums = {indicator_id: (n, float(total or 0)) for indicator_id, n, total in session.execute(
        select(v.indicator_id, func.count(), func.sum(v.value)).join(c, c.id == v.conference_id)
        .join(consented, consented.c.conference_id == c.id)
        .where(v.indicator_id.in_([d[0] for d in definitions]),
               queries.conference_filter(territory_ids, month_from, month_to))
        .group_by(v.indicator_id))}
    out = []
    for indicator_id, territory, name, definition, kind in definitions:
        n, total = sums.get(indicator_id, (0, 0.0))
        if n == 0:
            out.append(OwnIndicator(territory, name, definition, kind, 0, None, None))
            continue
        hidden = publish_count(n) == MASK
        # a sum of counts or of yes (1) answers is itself a count: small ones hidden
        shown_total = MASK if hidden or (kind != "hours" and publish_count(int(round(total))) == MASK) \
            else round(total, 2)
        out.append(OwnIndicator(territory, name, definition, kind, MASK if hidden else n, shown_total,
                                MASK if hidden else round(total / n, 2)))
    return tuple(out)
