"""What the synthesis meetings show, each read filtered for the actor, and the sharing of
information for a purpose.

- ``meeting_view``: a meeting as the actor may read it (items through
  ``partner_rules.items_for``: a partner sees only what its structure may see);
- ``list_meetings``: one line per meeting of the households the actor may read;
- ``overdue_decisions``: open decisions past their deadline owned by the actor's structure
  (for the home page); for a coordinator without a structure, those of the households
  they run;
- ``share_item`` / ``set_item_consent``: record an item (who brought it, category,
  structures allowed, informed / objected, may the person see it written) and change the
  person's choices later;
- ``minutes_snapshot`` / ``export_minutes``: what a set of minutes may print (audited).
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from conference import clock
from conference.domain import sharing
from conference.domain.errors import Forbidden, InvalidInput, NotFound
from conference.domain.partnership import Decision, DecisionStatus, InfoCategory, Meeting, MeetingKind, MeetingSummary
from conference.security import partner_rules
from conference.security.rules import Actor
from conference.store import mapping_partners as mp
from conference.store import models as r
from conference.store.uow import UnitOfWork, check_version

from .base import clean, enum_value
from .partner_access import current_decisions, household_access, meeting_row, readable_household_ids, seat


def _items_rows(uow: UnitOfWork, household_id: int, meeting_id: int | None = None) -> list[r.SharedItemRow]:
    q = select(r.SharedItemRow).where(r.SharedItemRow.household_id == household_id).order_by(r.SharedItemRow.id)
    if meeting_id is not None:
        q = q.where(r.SharedItemRow.meeting_id == meeting_id)
    return list(uow.session.scalars(q))


def meeting_view(actor: Actor, meeting_id: int, *, uow: UnitOfWork) -> Meeting:
    """The meeting as the actor may read it: ``Forbidden`` unless their structure takes
    part in the household or they run it; the information items are those the sharing
    rule lets them see. Reads only."""
    with uow:
        row = meeting_row(uow, meeting_id)
        access, where = household_access(uow, row.household_id), seat(uow, actor)
        if not partner_rules.can_read_household(actor, access, where):
            raise Forbidden("meeting_view", meeting_id)
        items = partner_rules.items_for(actor, access, where, mp.info_items(uow.session,
                                                                            _items_rows(uow, row.household_id,
                                                                                        meeting_id)))
        return mp.meeting(uow.session, row, items)


def minutes_snapshot(actor: Actor, meeting_id: int, audience: sharing.Audience | str, *,
                     uow: UnitOfWork) -> Meeting:
    """The meeting as a set of minutes may print it: the actor's view, then the items a
    set of minutes for ``audience`` may hold (the exporter applies the same rule again)."""
    audience = enum_value(sharing.Audience, audience, "audience")
    view = meeting_view(actor, meeting_id, uow=uow)
    recipients = {p.structure_id for p in view.participants if p.structure_id is not None}
    items = sharing.items_for_minutes(view.info_items, audience,
                                      recipients or None if audience is sharing.Audience.PARTNERS else None)
    return Meeting(**{**view.__dict__, "info_items": tuple(items)})


def export_minutes(actor: Actor, meeting_id: int, audience: sharing.Audience | str, *, lang: str = "fr",
                   uow: UnitOfWork) -> tuple[str, bytes]:
    """(file name, .docx bytes) of the minutes for ``audience``; audited
    (``export.minutes`` with the audience, never the content)."""
    from exports.minutes import build_minutes

    audience = enum_value(sharing.Audience, audience, "audience")
    snapshot = minutes_snapshot(actor, meeting_id, audience, uow=uow)
    data = build_minutes(snapshot, audience=audience.value, lang=lang)
    with uow:
        uow.audit.record(actor, "export.minutes", "synthesis_meeting", meeting_id, audience=audience.value)
        uow.commit()
    prefix = "compte-rendu-partenaires" if audience is sharing.Audience.PARTNERS else "compte-rendu-personne"
    return f"{prefix}-{snapshot.held_on.isoformat()}-{meeting_id}.docx", data


def _readable_household_ids(uow: UnitOfWork, actor: Actor) -> list[int]:
    """Households the actor may read; ``Forbidden`` for a role that lists none."""
    if not partner_rules.can_list_households(actor):
        raise Forbidden("list_households")
    return readable_household_ids(uow, actor)


def list_meetings(actor: Actor, *, uow: UnitOfWork) -> list[MeetingSummary]:
    """Every meeting of the households the actor may read, newest first, with its open
    and overdue decisions. Reads only."""
    today = clock.today()
    with uow:
        households = _readable_household_ids(uow, actor)
        if not households:
            return []
        labels = dict(uow.session.execute(select(r.HouseholdRow.id, r.HouseholdRow.label)
                                          .where(r.HouseholdRow.id.in_(households))).all())
        rows = list(uow.session.scalars(select(r.SynthesisMeetingRow)
                                        .where(r.SynthesisMeetingRow.household_id.in_(households))
                                        .order_by(r.SynthesisMeetingRow.meeting_date.desc(),
                                                  r.SynthesisMeetingRow.id.desc())))
        carried = set(uow.session.scalars(select(r.DecisionRow.carried_from_id)
                                          .where(r.DecisionRow.carried_from_id.is_not(None))))
        counts: dict[int, list[int]] = {row.id: [0, 0] for row in rows}
        for d in uow.session.scalars(select(r.DecisionRow).where(r.DecisionRow.household_id.in_(households),
                                                                 r.DecisionRow.status == DecisionStatus.OPEN.value)):
            if d.id in carried or d.meeting_id not in counts:
                continue
            counts[d.meeting_id][0] += 1
            if d.deadline is not None and d.deadline < today:
                counts[d.meeting_id][1] += 1
        return [MeetingSummary(id=row.id, household_id=row.household_id, household_label=labels.get(row.household_id, ""),
                               kind=MeetingKind(row.kind), held_on=row.meeting_date, open_decisions=counts[row.id][0],
                               overdue_decisions=counts[row.id][1]) for row in rows]


def overdue_decisions(actor: Actor, *, uow: UnitOfWork) -> list[Decision]:
    """Open decisions past their deadline (Paris day) owned by the actor's structure, in
    the households the actor may read, most overdue first; a coordinator without a
    structure gets those of the households they run. Reads only."""
    today = clock.today()
    with uow:
        households = _readable_household_ids(uow, actor)
        structure = seat(uow, actor).structure
        rows = []
        for household_id in households:
            if structure is not None:
                found = current_decisions(uow, household_id, structure_id=structure)
            elif partner_rules.can_edit_household(actor, household_access(uow, household_id)):
                found = current_decisions(uow, household_id)
            else:
                found = []
            rows += [d for d in found if d.status == DecisionStatus.OPEN.value
                     and d.deadline is not None and d.deadline < today]
        rows.sort(key=lambda d: (d.deadline, d.id))
        return mp.decisions(uow.session, rows)


def open_decisions(actor: Actor, household_id: int, *, uow: UnitOfWork) -> list[Decision]:
    """The household's decisions still open (each chain's last link), oldest first."""
    with uow:
        access = household_access(uow, household_id)
        if not partner_rules.can_read_household(actor, access, seat(uow, actor)):
            raise Forbidden("open_decisions", household_id)
        return mp.decisions(uow.session, [d for d in current_decisions(uow, household_id)
                                          if d.status == DecisionStatus.OPEN.value])


# ---------------------------------------------------------------------------------------
# Sharing for a purpose
# ---------------------------------------------------------------------------------------

def share_item(actor: Actor, household_id: int, category: InfoCategory | str, text: str, *,
               brought_by_structure_id: int | None = None, allowed_structure_ids: Iterable[int] = (),
               meeting_id: int | None = None, informed: bool = False, objected: bool = False,
               may_see_written: bool = False, uow: UnitOfWork) -> int:
    """Record a piece of information shared about the household: who brought it (a
    partner always brings it for its own structure), its category, the structures allowed
    to see it, whether the person was informed or objected, and whether the person agreed
    to see it written in their own minutes. Audited (``shared_item.recorded`` with the
    category, never the text). Returns the id."""
    category = enum_value(InfoCategory, category, "category")
    text = clean(text, "text", required=True, limit=3000)
    allowed = sorted({int(s) for s in allowed_structure_ids})
    with uow:
        access, where = household_access(uow, household_id), seat(uow, actor)
        if not partner_rules.can_add_item(actor, access, where):
            raise Forbidden("share_item", household_id)
        if not partner_rules.can_edit_household(actor, access):
            brought_by_structure_id = where.structure  # a partner speaks for its own structure only
        if brought_by_structure_id is None:
            raise InvalidInput("brought_by_structure_id", "required")
        known = set(uow.session.scalars(select(r.StructureRow.id).where(
            r.StructureRow.id.in_(set(allowed) | {brought_by_structure_id}))))
        for missing in sorted((set(allowed) | {brought_by_structure_id}) - known):
            raise InvalidInput("structure_id", "unknown_value", value=str(missing))
        if meeting_id is not None and meeting_row(uow, meeting_id).household_id != household_id:
            raise NotFound("synthesis_meeting", meeting_id)
        row = r.SharedItemRow(household_id=household_id, meeting_id=meeting_id,
                              brought_by_structure_id=brought_by_structure_id, category=category.value, text=text,
                              person_informed=bool(informed or objected), person_objected=bool(objected),
                              person_may_see_written=bool(may_see_written), created_by=actor.id)
        uow.add(row)
        uow.flush()
        for structure_id in allowed:
            if structure_id != brought_by_structure_id:
                uow.add(r.SharedItemStructureRow(item_id=row.id, structure_id=structure_id))
        uow.audit.record(actor, "shared_item.recorded", "shared_item", row.id, household=household_id,
                         category=category.value, objected=bool(objected))
        uow.commit()
        return row.id


def set_item_consent(actor: Actor, item_id: int, expected_version: int, *, uow: UnitOfWork,
                     informed: bool | None = None, objected: bool | None = None,
                     may_see_written: bool | None = None, allowed_structure_ids: Iterable[int] | None = None) -> int:
    """The person changes their mind (objects, agrees to see it written…) or the
    household's editors change who is allowed. Only who runs the household. Returns the
    new version. Audited."""
    with uow:
        row = uow.session.get(r.SharedItemRow, item_id)
        if row is None:
            raise NotFound("shared_item", item_id)
        if not partner_rules.can_edit_household(actor, household_access(uow, row.household_id)):
            raise Forbidden("set_item_consent", item_id)
        check_version("shared_item", row, expected_version)
        if objected is not None:
            row.person_objected = bool(objected)
        if informed is not None or objected:
            row.person_informed = bool(informed) or bool(row.person_objected)
        if may_see_written is not None:
            row.person_may_see_written = bool(may_see_written)
        if allowed_structure_ids is not None:
            wanted = {int(s) for s in allowed_structure_ids} - {row.brought_by_structure_id}
            for link in uow.session.scalars(select(r.SharedItemStructureRow)
                                            .where(r.SharedItemStructureRow.item_id == item_id)):
                if link.structure_id not in wanted:
                    uow.session.delete(link)
                else:
                    wanted.discard(link.structure_id)
            for structure_id in sorted(wanted):
                uow.add(r.SharedItemStructureRow(item_id=item_id, structure_id=structure_id))
        flag_modified(row, "person_informed")  # the version moves even when only the links changed
        uow.flush()
        uow.audit.record(actor, "shared_item.consent_changed", "shared_item", item_id,
                         objected=bool(row.person_objected), written=bool(row.person_may_see_written))
        uow.commit()
        return row.version


def shared_items(actor: Actor, household_id: int, *, uow: UnitOfWork):
    """Every item of the household the actor may see (the rule: ``partner_rules.items_for``)."""
    with uow:
        access, where = household_access(uow, household_id), seat(uow, actor)
        if not partner_rules.can_read_household(actor, access, where):
            raise Forbidden("shared_items", household_id)
        return partner_rules.items_for(actor, access, where, mp.info_items(uow.session, _items_rows(uow, household_id)))
