"""A territory's own indicators, the coordinator's side (issue 9): the value of each for
one conference. The pilots define them (``services/evaluation_settings.py``); they sit
beside the fixed core and never enter a merge.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from conference.domain.errors import InvalidInput, NotFound
from conference.security import evaluation_rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.uow import UnitOfWork

from .base import guard
from .synthesis_sheet import parse_hours

KINDS = ("count", "hours", "yes_no")
MAX_COUNT = 100_000
_YES = {"1", "oui", "o", "yes", "y", "true", "vrai"}
_NO = {"0", "non", "n", "no", "false", "faux"}


@dataclass(frozen=True)
class IndicatorEntry:
    """An active indicator of the conference's territory and its value here (None: not given)."""

    indicator_id: int
    name: str
    definition: str
    kind: str
    value: float | None


def parse_value(kind: str, value) -> float | None:
    """A typed value for an indicator of ``kind``; empty means no value. A count is a whole
    number, hours are quick entry (``parse_hours``), yes/no is 1 or 0."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == "hours":
        return parse_hours(value, "indicator_value")
    if kind == "yes_no":
        if isinstance(value, bool):
            return 1.0 if value else 0.0
        text = str(value).strip().lower()
        if text in _YES:
            return 1.0
        if text in _NO:
            return 0.0
        raise InvalidInput("indicator_value", "yes_no")
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit():
        raise InvalidInput("indicator_value", "not_whole_number")
    number = int(text)
    if number > MAX_COUNT:
        raise InvalidInput("indicator_value", "out_of_range", minimum=0, maximum=MAX_COUNT)
    return float(number)


def indicators_for(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> list[IndicatorEntry]:
    """The active indicators of the conference's territory with their values, by name."""
    with uow:
        guard(uow, actor, conference_id, evaluation_rules.can_enter_indicator_value, "read_indicator_values")
        territory_id = uow.conferences.get(conference_id).territory_id
        rows = uow.session.execute(
            select(r.TerritoryIndicatorRow, r.IndicatorValueRow.value)
            .outerjoin(r.IndicatorValueRow, (r.IndicatorValueRow.indicator_id == r.TerritoryIndicatorRow.id)
                       & (r.IndicatorValueRow.conference_id == conference_id))
            .where(r.TerritoryIndicatorRow.territory_id == territory_id, r.TerritoryIndicatorRow.active.is_(True))
            .order_by(r.TerritoryIndicatorRow.name, r.TerritoryIndicatorRow.id)).all()
        return [IndicatorEntry(i.id, i.name, i.definition, i.kind, value) for i, value in rows]


def set_indicator_value(actor: Actor, conference_id: int, indicator_id: int, value, *, uow: UnitOfWork) -> float | None:
    """Give (or clear, with an empty value) an indicator's value for a conference. The
    indicator must be an active one of the conference's own territory. Audited."""
    with uow:
        guard(uow, actor, conference_id, evaluation_rules.can_enter_indicator_value, "set_indicator_value")
        territory_id = uow.conferences.get(conference_id).territory_id
        indicator = uow.session.get(r.TerritoryIndicatorRow, indicator_id)
        if indicator is None or indicator.territory_id != territory_id or not indicator.active:
            raise NotFound("territory_indicator", indicator_id)
        number = parse_value(indicator.kind, value)
        row = uow.session.get(r.IndicatorValueRow, (indicator_id, conference_id))
        if number is None:
            if row is not None:
                uow.session.delete(row)
        elif row is None:
            uow.add(r.IndicatorValueRow(indicator_id=indicator_id, conference_id=conference_id, value=number))
        else:
            row.value = number
        uow.audit.record(actor, "indicator_value.set", "conference", conference_id, indicator=indicator_id,
                         cleared=number is None)
        uow.commit()
        return number
