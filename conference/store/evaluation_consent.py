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

#: Past this many ids, every record is read and filtered here: a database refuses a query
#: with too many parameters (SQLite's limit is 32,766).
MAX_LISTED = 1000


def consented_conference_ids(session: Session, conference_ids: Iterable[int] | None = None) -> frozenset[int]:
    """The conferences (among ``conference_ids``, or all) whose family agreed to the
    evaluation: the latest non-withdrawn EVALUATION record is ``given=True``."""
    query = (select(r.ConsentRow.conference_id, r.ConsentRow.given)
             .where(r.ConsentRow.kind == ConsentKind.EVALUATION.value, r.ConsentRow.withdrawn_at.is_(None))
             .order_by(r.ConsentRow.conference_id, r.ConsentRow.id))
    wanted = None if conference_ids is None else frozenset(conference_ids)
    if wanted is not None and not wanted:
        return frozenset()
    if wanted is not None and len(wanted) <= MAX_LISTED:
        query = query.where(r.ConsentRow.conference_id.in_(sorted(wanted)))
    latest: dict[int, bool] = {}
    for conference_id, given in session.execute(query):
        latest[conference_id] = bool(given)  # ordered by id: the last one wins
    consented = frozenset(cid for cid, given in latest.items() if given)
    return consented if wanted is None else consented & wanted
