"""Which conferences take part in the evaluation: the family's choice, read at read time.

A conference counts when its latest EVALUATION consent record that is not withdrawn says
yes. No record, a refusal, or a withdrawn agreement with nothing after it: it does not.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from conference.domain.enums import ConsentKind

from . import models as r


def consented_conference_ids(session: Session, conference_ids: Iterable[int] | None = None) -> frozenset[int]:
    """The conferences (among ``conference_ids``, or all) whose family agreed to the
    evaluation: the latest non-withdrawn EVALUATION record is ``given=True``."""
    query = (select(r.ConsentRow.conference_id, r.ConsentRow.given)
             .where(r.ConsentRow.kind == ConsentKind.EVALUATION.value, r.ConsentRow.withdrawn_at.is_(None))
             .order_by(r.ConsentRow.conference_id, r.ConsentRow.id))
    if conference_ids is not None:
        wanted = list(conference_ids)
        if not wanted:
            return frozenset()
        query = query.where(r.ConsentRow.conference_id.in_(wanted))
    latest: dict[int, bool] = {}
    for conference_id, given in session.execute(query):
        latest[conference_id] = bool(given)  # ordered by id: the last one wins
    return frozenset(cid for cid, given in latest.items() if given)
