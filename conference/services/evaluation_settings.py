"""A territory's own evaluation settings (issue 9): the indicators it defines itself,
beside the fixed core, and the territories a pilot may choose among.

An indicator has a name, a definition (what is counted, how) and a kind: ``count``
(a whole number per conference), ``hours`` (a decimal) or ``yes_no``. The coordinator
gives its value per conference; the dashboard shows it beside the core indicators;
merging leaves it out (it is the territory's own). Retiring keeps the values already
given. A territory's own questions live in ``services/questionnaires.py``.

Who: the territory's pilots or the local single user (``can_manage_evaluation``).
Refused means nothing written. Audited with ids and codes, never the names typed.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from conference.domain.errors import InvalidInput, NotFound
from conference.i18n import N_
from conference.security import evaluation_rules
from conference.security.rules import Actor
from conference.store import models as r
from conference.store.uow import UnitOfWork

from .base import MAX_SHORT, clean
from .evaluation_themes import territory_guard, territory_scope

KINDS = {"count": N_("a number per conference"), "hours": N_("hours per conference"),
         "yes_no": N_("yes or no per conference")}

MESSAGES = {
    "duplicate_indicator": N_("This territory already has an indicator with this name."),
    "unknown_kind": N_("Choose the kind of value: a number, hours, or yes or no."),
}


@dataclass(frozen=True)
class TerritoryView:
    id: int
    code: str
    name: str


@dataclass(frozen=True)
class IndicatorView:
    id: int
    name: str
    definition: str
    kind: str
    active: bool


def readable_territories(actor: Actor, *, uow: UnitOfWork) -> list[TerritoryView]:
    """The territories whose evaluation the actor reads (a pilot: those given to them;
    the local single user: every one), by name."""
    with uow:
        every = frozenset(uow.session.scalars(select(r.TerritoryRow.id)))
        allowed = evaluation_rules.readable_territories(actor, territory_scope(uow, actor), every)
        if not allowed:
            return []
        rows = uow.session.scalars(select(r.TerritoryRow).where(r.TerritoryRow.id.in_(sorted(allowed)))
                                   .order_by(r.TerritoryRow.name, r.TerritoryRow.id))
        return [TerritoryView(row.id, row.code, row.name) for row in rows]


def list_indicators(actor: Actor, territory_id: int, *, include_retired: bool = False,
                    uow: UnitOfWork) -> list[IndicatorView]:
    """A territory's own indicators, active ones first, in the order they were defined."""
    with uow:
        territory_guard(uow, actor, territory_id, manage=False, action="read_indicators")
        query = select(r.TerritoryIndicatorRow).where(r.TerritoryIndicatorRow.territory_id == territory_id)
        if not include_retired:
            query = query.where(r.TerritoryIndicatorRow.active.is_(True))
        rows = uow.session.scalars(query.order_by(r.TerritoryIndicatorRow.active.desc(), r.TerritoryIndicatorRow.id))
        return [IndicatorView(row.id, row.name, row.definition, row.kind, row.active) for row in rows]


def define_indicator(actor: Actor, territory_id: int, name: str, definition: str, kind: str, *,
                     uow: UnitOfWork) -> int:
    """Add an indicator of the territory's own. Audited (ids and kind). Returns its id."""
    name = clean(name, "name", required=True, limit=MAX_SHORT)
    definition = clean(definition, "definition", required=True)
    if kind not in KINDS:
        raise InvalidInput("kind", "unknown_kind")
    with uow:
        territory_guard(uow, actor, territory_id, manage=True, action="define_indicator")
        taken = uow.session.scalar(select(r.TerritoryIndicatorRow.id).where(
            r.TerritoryIndicatorRow.territory_id == territory_id,
            func.lower(r.TerritoryIndicatorRow.name) == name.lower()).limit(1))
        if taken is not None:
            raise InvalidInput("name", "duplicate_indicator")
        row = r.TerritoryIndicatorRow(territory_id=territory_id, name=name, definition=definition, kind=kind,
                                      active=True)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "evaluation.indicator_defined", "territory_indicator", row.id,
                         territory_id=territory_id, kind=kind)
        uow.commit()
        return row.id


def retire_indicator(actor: Actor, indicator_id: int, *, active: bool = False, uow: UnitOfWork) -> None:
    """Stop asking for an indicator (``active=True`` brings it back); values already
    given are kept. Audited."""
    with uow:
        row = uow.session.get(r.TerritoryIndicatorRow, indicator_id)
        if row is None:
            raise NotFound("territory_indicator", indicator_id)
        territory_guard(uow, actor, row.territory_id, manage=True, action="retire_indicator")
        row.active = active
        uow.audit.record(actor, "evaluation.indicator_restored" if active else "evaluation.indicator_retired",
                         "territory_indicator", row.id, territory_id=row.territory_id)
        uow.commit()


__all__ = [
    "KINDS",
    "MESSAGES",
    "IndicatorView",
    "TerritoryView",
    "define_indicator",
    "list_indicators",
    "readable_territories",
    "retire_indicator",
]
