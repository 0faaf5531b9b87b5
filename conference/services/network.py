"""The network map's use cases: read it for one audience, edit it (people, rings, ties,
positions), undo the last change, snapshots for before/after, export and import.

The members of the map *are* the participants of the conference (one list): adding a
member adds a participant, with the validation of ``services.preparation``.

Who may do what (``rules.can_edit_network``, ``rules.can_export_network``):
the coordinator does everything; the family, on its screen or its device, adds people
and ties, sets rings, relations and supports, moves people and undoes its own last
change, but only ever sees or touches shareable people: anyone flagged "not safe" or
"not to be invited" does not exist for a family actor (``NotFound``). Import, snapshots
and exports are the coordinator's.

Undo: every edit returns a ``NetworkChange`` whose ``undo`` token (ids, codes and
numbers, never a name) the page keeps in ``st.session_state`` and gives back to
``undo_last_change``. The token carries the version each change left, so undoing after
someone else changed the same person is refused (``StaleWrite``) instead of erasing it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, or_, select

from conference import clock
from conference.domain import safety
from conference.domain.enums import Field, InvitationStatus, Phase, Relation, Support, TieKind
from conference.domain.errors import InvalidInput, NotFound, StaleWrite
from conference.domain.model import Participant, Tie
from conference.network import exchange
from conference.network.analysis import NetworkAnalysis, NetworkComparison, analyse, compare
from conference.network.graph import network_parts
from conference.network.layout import MapData, map_data
from conference.security import rules
from conference.security.rules import Actor
from conference.store import mapping
from conference.store import models as r
from conference.store.uow import UnitOfWork, check_version

from . import preparation
from .base import clean, enum_value, guard

# Audit actions written here (details hold ids and codes only).
AUDIT_ACTIONS = ("participant.added", "participant.updated", "tie.added", "tie.removed", "network.undone",
                 "network.imported", "network.snapshot_taken", "export.network")
# ``NetworkChange.action`` / ``Undo.action`` codes, for the page's "Undo: …" label.
CHANGE_KINDS = ("member.added", "ring.set", "relation.set", "supports.set", "member.moved", "position.reset",
                "tie.added", "tie.removed", "network.imported")
EXPORT_MEDIA_TYPES = {"graphml": "application/graphml+xml", "csv": "application/zip", "json": "application/json"}
# The map itself, drawn: a standalone page that opens offline, a PDF to print (issue #3).
MAP_FORMATS = ("html", "pdf")
MAP_MEDIA_TYPES = {"html": "text/html", "pdf": "application/pdf"}
_EXTENSIONS = {"graphml": "graphml", "csv": "zip", "json": "json"}
MAX_COORDINATE = exchange.MAX_COORDINATE

# What an undo may put back. A family token only ever holds map fields; an import's
# token may also restore flags, and clear (never write) a text field it had filled.
_MAP_FIELDS = frozenset({"ring", "relation", "supports", "pos_x", "pos_y"})
_FLAG_FIELDS = frozenset({"invitation", "not_safe", "is_focal", "attendance", "phone_visible", "email_visible"})
_CLEARABLE_TEXT = frozenset({"expert_question", "phone", "email", "note"})


# --- results -------------------------------------------------------------------------------

@dataclass(frozen=True)
class NetworkView:
    """The network for one audience. Shared views hold no one flagged "not safe" or "not
    to be invited", no tie of theirs, no hidden contact details and no notes. It has
    the ``id``, ``title``, ``field``, ``participants`` and ``ties`` the pure functions
    of ``conference.network`` read, so they accept it like a ``Conference``."""

    id: int
    title: str
    phase: Phase
    field: Field | None
    for_sharing: bool
    participants: tuple[Participant, ...]
    ties: tuple[Tie, ...]
    analysis: NetworkAnalysis
    map: MapData


@dataclass(frozen=True)
class UndoStep:
    """One inverse operation: ``restore_member`` (put ``values`` back), ``delete_member``,
    ``delete_tie`` or ``restore_tie``. ``version`` is the one the change left."""

    op: str
    participant_id: int | None = None
    version: int | None = None
    values: tuple[tuple[str, object], ...] = ()
    tie_id: int | None = None
    source_id: int | None = None
    target_id: int | None = None
    kind: str | None = None


@dataclass(frozen=True)
class Undo:
    """What ``undo_last_change`` needs to revert one change; no names, no free text."""

    conference_id: int
    action: str
    steps: tuple[UndoStep, ...]


@dataclass(frozen=True)
class NetworkChange:
    action: str              # one of CHANGE_KINDS
    target_id: int | None    # the participant or tie changed
    version: int | None      # the participant's new version (the next ``expected_version``)
    undo: Undo


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    ties_added: int
    ties_skipped: int
    undo: Undo


@dataclass(frozen=True)
class SnapshotInfo:
    id: int
    label: str
    taken_at: datetime


# --- permissions -----------------------------------------------------------------------------

def _edit(uow: UnitOfWork, actor: Actor, conference_id: int, action: str) -> bool:
    """Guard an edit; True when the actor is restricted to shareable people (family)."""
    access = guard(uow, actor, conference_id, rules.can_edit_network, action)
    return not rules.can_edit_conference(actor, access)


def _person(uow: UnitOfWork, conference_id: int, participant_id: int, restricted: bool) -> r.ParticipantRow:
    row = uow.conferences.child(r.ParticipantRow, participant_id, conference_id)
    if restricted and not safety.is_shareable(mapping.participant(row)):
        raise NotFound(r.ParticipantRow.__tablename__, participant_id)  # does not exist for the family
    return row


# --- reading -------------------------------------------------------------------------------

def get_network(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> NetworkView:
    """The professional view: everyone, "not safe" people flagged. Never for a shared
    screen. Guarded by ``can_read_conference``; raises ``Forbidden``/``NotFound``."""
    with uow:
        guard(uow, actor, conference_id, rules.can_read_conference, "read_network")
        conf = mapping.conference(uow.conferences.get(conference_id, full=True))
    return _view(conf, for_sharing=False)


def get_shareable_network(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> NetworkView:
    """The view for family screens and the coordinator's shared screen (``for_sharing``)."""
    with uow:
        guard(uow, actor, conference_id, rules.can_read_family_screens, "read_shareable_network")
        conf = mapping.conference(uow.conferences.get(conference_id, full=True))
    return _view(conf, for_sharing=True)


def _view(conf, *, for_sharing: bool) -> NetworkView:
    people, ties = network_parts(conf, for_sharing=for_sharing)
    return NetworkView(conf.id, conf.title, conf.phase, conf.field, for_sharing, people, ties,
                       analyse(conf, for_sharing=for_sharing), map_data(conf, for_sharing=for_sharing))


# --- editing people ----------------------------------------------------------------------------

def add_member(actor: Actor, conference_id: int, name: str, relation: Relation | str, ring: int | None, *,
               uow: UnitOfWork) -> NetworkChange:
    """The short form: a name or nickname, a relation, a ring (``None``: not placed yet).

    Adds a participant "to invite" (validated like ``preparation.add_participant``);
    audited ``participant.added``. Raises ``InvalidInput``, ``Forbidden``.
    """
    data = preparation.participant_values({"name": name, "relation": relation, "ring": ring,
                                            "invitation": InvitationStatus.TO_INVITE.value})
    with uow:
        _edit(uow, actor, conference_id, "add_member")
        row = r.ParticipantRow(conference_id=conference_id, supports=[], **data)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "participant.added", "participant", row.id, conference_id=conference_id, via="network")
        uow.commit()
        return NetworkChange("member.added", row.id, row.version,
                             Undo(conference_id, "member.added", (UndoStep("delete_member", row.id, row.version),)))


def set_ring(actor: Actor, conference_id: int, participant_id: int, ring: int | None, expected_version: int, *,
             uow: UnitOfWork) -> NetworkChange:
    """Move a person to ring 1, 2, 3 or ``None`` (not placed). ``StaleWrite`` if outdated."""
    if ring not in (None, 1, 2, 3) or isinstance(ring, bool):
        raise InvalidInput("ring", "unknown_value", value=str(ring))
    return _update(actor, conference_id, participant_id, expected_version, {"ring": ring}, "ring.set", uow)


def set_relation(actor: Actor, conference_id: int, participant_id: int, relation: Relation | str,
                 expected_version: int, *, uow: UnitOfWork) -> NetworkChange:
    """Change the relation (the person's sector on the map)."""
    value = enum_value(Relation, relation, "relation").value
    return _update(actor, conference_id, participant_id, expected_version, {"relation": value}, "relation.set", uow)


def set_supports(actor: Actor, conference_id: int, participant_id: int, supports, expected_version: int, *,
                 uow: UnitOfWork) -> NetworkChange:
    """Replace the supports a person offers (codes or ``Support`` members, any order)."""
    values = [enum_value(Support, s, "supports").value for s in supports]
    return _update(actor, conference_id, participant_id, expected_version,
                   {"supports": list(dict.fromkeys(values))}, "supports.set", uow)


def move_member(actor: Actor, conference_id: int, participant_id: int, x: float, y: float,
                expected_version: int, *, uow: UnitOfWork) -> NetworkChange:
    """Save the position a person was dragged to (it then wins over the computed layout)."""
    position = {"pos_x": _coordinate(x, "x"), "pos_y": _coordinate(y, "y")}
    return _update(actor, conference_id, participant_id, expected_version, position, "member.moved", uow)


def reset_position(actor: Actor, conference_id: int, participant_id: int, expected_version: int, *,
                   uow: UnitOfWork) -> NetworkChange:
    """Forget a hand-moved position: the concentric layout places the person again."""
    return _update(actor, conference_id, participant_id, expected_version, {"pos_x": None, "pos_y": None},
                   "position.reset", uow)


def _coordinate(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or abs(value) > MAX_COORDINATE:
        raise InvalidInput(name, "out_of_range", value=str(value))
    return round(float(value), 1)


def _update(actor: Actor, conference_id: int, participant_id: int, expected_version: int, values: dict,
            kind: str, uow: UnitOfWork) -> NetworkChange:
    with uow:
        restricted = _edit(uow, actor, conference_id, kind)
        row = _person(uow, conference_id, participant_id, restricted)
        check_version("participant", row, expected_version)
        before = tuple((name, _plain(getattr(row, name))) for name in values)
        for name, value in values.items():
            setattr(row, name, value)
        uow.flush()
        uow.audit.record(actor, "participant.updated", "participant", participant_id,
                         conference_id=conference_id, fields=sorted(values), via="network")
        uow.commit()
        return NetworkChange(kind, participant_id, row.version,
                             Undo(conference_id, kind, (UndoStep("restore_member", participant_id, row.version,
                                                                 before),)))


def _plain(value):
    return tuple(value) if isinstance(value, list) else value


# --- ties ----------------------------------------------------------------------------------

def add_tie(actor: Actor, conference_id: int, a: int, b: int, kind: TieKind | str, *,
            uow: UnitOfWork) -> NetworkChange:
    """Tie two people of this conference (support, conflict, contact broken).

    Refuses a self-tie and a second tie between the same two people
    (``InvalidInput("tie", "self_tie" | "duplicate")``), and people of another
    conference (``NotFound``). Ties are undirected: stored smallest id first.
    """
    kind = enum_value(TieKind, kind, "kind")
    if a == b:
        raise InvalidInput("tie", "self_tie")
    with uow:
        restricted = _edit(uow, actor, conference_id, "add_tie")
        _person(uow, conference_id, a, restricted)
        _person(uow, conference_id, b, restricted)
        if _tie_between(uow, conference_id, a, b) is not None:
            raise InvalidInput("tie", "duplicate")
        source, target = sorted((a, b))
        row = r.TieRow(conference_id=conference_id, source_id=source, target_id=target, kind=kind.value)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "tie.added", "tie", row.id, conference_id=conference_id, kind=kind.value)
        uow.commit()
        step = UndoStep("delete_tie", tie_id=row.id, source_id=source, target_id=target, kind=kind.value)
        return NetworkChange("tie.added", row.id, None, Undo(conference_id, "tie.added", (step,)))


def remove_tie(actor: Actor, conference_id: int, tie_id: int, *, uow: UnitOfWork) -> NetworkChange:
    """Remove a tie. A family actor can only remove ties between people it can see."""
    with uow:
        restricted = _edit(uow, actor, conference_id, "remove_tie")
        row = uow.conferences.child(r.TieRow, tie_id, conference_id)
        if restricted:
            _person(uow, conference_id, row.source_id, restricted)
            _person(uow, conference_id, row.target_id, restricted)
        step = UndoStep("restore_tie", source_id=row.source_id, target_id=row.target_id, kind=row.kind)
        uow.session.delete(row)
        uow.audit.record(actor, "tie.removed", "tie", tie_id, conference_id=conference_id)
        uow.commit()
        return NetworkChange("tie.removed", tie_id, None, Undo(conference_id, "tie.removed", (step,)))


def _tie_between(uow: UnitOfWork, conference_id: int, a: int, b: int) -> r.TieRow | None:
    t = r.TieRow
    return uow.session.scalars(select(t).where(
        t.conference_id == conference_id,
        or_(and_(t.source_id == a, t.target_id == b), and_(t.source_id == b, t.target_id == a)))).first()


# --- undo ----------------------------------------------------------------------------------

def undo_last_change(actor: Actor, conference_id: int, undo: Undo, *, uow: UnitOfWork) -> None:
    """Revert the change ``undo`` came with, all steps in one transaction.

    Refused with ``StaleWrite`` (nothing changes) when the map moved on meanwhile: the
    person was changed again, removed, or got ties since being added. Audited
    ``network.undone``. The page forgets the token afterwards (one level of undo).
    """
    if undo.conference_id != conference_id:
        raise InvalidInput("undo", "other_conference")
    with uow:
        restricted = _edit(uow, actor, conference_id, "undo_network_change")
        _check_no_new_ties(uow, conference_id, undo.steps)
        for step in undo.steps:
            try:
                _apply(uow, conference_id, step, restricted)
            except NotFound as error:
                raise StaleWrite("network", 0, 0) from error
        uow.audit.record(actor, "network.undone", "conference", conference_id, undone=undo.action,
                         steps=len(undo.steps))
        uow.commit()


def _check_no_new_ties(uow: UnitOfWork, conference_id: int, steps: tuple[UndoStep, ...]) -> None:
    """A person added by the change being undone may only lose the ties the same change
    added: a tie made since is someone's later work (``StaleWrite``). Loads the
    conference's people and ties once, so a 5,000-person import undoes quickly."""
    removed = {s.participant_id for s in steps if s.op == "delete_member"}
    undone_ties = {s.tie_id for s in steps if s.op == "delete_tie"}
    uow.session.scalars(select(r.ParticipantRow).where(r.ParticipantRow.conference_id == conference_id)).all()
    ties = uow.session.scalars(select(r.TieRow).where(r.TieRow.conference_id == conference_id)).all()
    later = [t.id for t in ties if t.id not in undone_ties and {t.source_id, t.target_id} & removed]
    if later:
        raise StaleWrite("participant_ties", 0, len(later))


def _apply(uow: UnitOfWork, conference_id: int, step: UndoStep, restricted: bool) -> None:
    if step.op in ("restore_member", "delete_member"):
        row = _person(uow, conference_id, step.participant_id, restricted)
        if row.version != step.version:
            raise StaleWrite("participant", step.version, row.version)
        if step.op == "delete_member":
            uow.session.delete(row)
            return
        for name, value in step.values:
            allowed = _MAP_FIELDS if restricted else _MAP_FIELDS | _FLAG_FIELDS | _CLEARABLE_TEXT
            if name not in allowed or (name in _CLEARABLE_TEXT and value != ""):
                raise InvalidInput("undo", "not_undoable", name=name)
            setattr(row, name, list(value) if name == "supports" else value)
    elif step.op == "delete_tie":
        row = uow.conferences.child(r.TieRow, step.tie_id, conference_id)
        if (row.source_id, row.target_id, row.kind) != (step.source_id, step.target_id, step.kind):
            raise StaleWrite("tie", 0, 1)
        if restricted:
            _person(uow, conference_id, row.source_id, restricted)
            _person(uow, conference_id, row.target_id, restricted)
        uow.session.delete(row)
    elif step.op == "restore_tie":
        _person(uow, conference_id, step.source_id, restricted)
        _person(uow, conference_id, step.target_id, restricted)
        if _tie_between(uow, conference_id, step.source_id, step.target_id) is not None:
            raise StaleWrite("tie", 0, 1)
        uow.add(r.TieRow(conference_id=conference_id, source_id=step.source_id, target_id=step.target_id,
                         kind=enum_value(TieKind, step.kind, "kind").value))
        uow.flush()
    else:
        raise InvalidInput("undo", "not_undoable", op=step.op)


# --- snapshots ------------------------------------------------------------------------------

def snapshot_network(actor: Actor, conference_id: int, label: str, *, uow: UnitOfWork) -> int:
    """Freeze the whole map (exchange JSON, everyone: it stays in the database) under
    ``label`` (e.g. "adoption"), for a before/after comparison at follow-up. Audited."""
    label = clean(label, "label", required=True, limit=30)
    with uow:
        guard(uow, actor, conference_id, rules.can_edit_conference, "snapshot_network")
        conf = mapping.conference(uow.conferences.get(conference_id, full=True))
        row = r.NetworkSnapshotRow(conference_id=conference_id, label=label,
                                   data=exchange.to_json(conf, for_sharing=False))
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "network.snapshot_taken", "network_snapshot", row.id, conference_id=conference_id)
        uow.commit()
        return row.id


def list_snapshots(actor: Actor, conference_id: int, *, uow: UnitOfWork) -> tuple[SnapshotInfo, ...]:
    """The snapshots of a conference, oldest first (labels and dates only)."""
    s = r.NetworkSnapshotRow
    with uow:
        guard(uow, actor, conference_id, rules.can_read_conference, "list_network_snapshots")
        rows = uow.session.execute(select(s.id, s.label, s.taken_at).where(s.conference_id == conference_id)
                                   .order_by(s.id)).all()
    return tuple(SnapshotInfo(*row) for row in rows)


def compare_with_snapshot(actor: Actor, conference_id: int, label: str, *, for_sharing: bool = False,
                          uow: UnitOfWork) -> NetworkComparison:
    """Compare the latest snapshot called ``label`` with the live map.

    ``for_sharing=False`` (professional, ``can_read_conference``) compares everyone;
    ``for_sharing=True`` (``can_read_family_screens``) leaves out, on each side, anyone
    not shareable there or today (a person flagged after the snapshot is gone from both). Raises ``NotFound`` when no snapshot has that label.
    """
    s = r.NetworkSnapshotRow
    predicate = rules.can_read_family_screens if for_sharing else rules.can_read_conference
    with uow:
        guard(uow, actor, conference_id, predicate, "compare_network")
        before = uow.session.scalars(select(s.data).where(s.conference_id == conference_id, s.label == label)
                                     .order_by(s.id.desc())).first()
        if before is None:
            raise NotFound("network_snapshot", label)
        conf = mapping.conference(uow.conferences.get(conference_id, full=True))
        after = exchange.to_json(conf, for_sharing=False)
    if for_sharing:  # today's flags reach the frozen side too (safety.redact_snapshot)
        before = safety.redact_snapshot(before, conf.participants)
    return compare(before, after, for_sharing=for_sharing)


# --- exchange ------------------------------------------------------------------------------

def export_network(actor: Actor, conference_id: int, fmt: str, *, uow: UnitOfWork) -> tuple[str, bytes]:
    """``(filename, bytes)`` of the shareable map in ``fmt`` ("graphml", "csv" → a ZIP of
    members.csv and ties.csv, "json"). Never anyone "not safe"/"not to be invited",
    nor hidden contact details or notes. Audited ``export.network``. The file name
    holds no name, only the conference id and the date."""
    if fmt not in exchange.FORMATS:
        raise InvalidInput("format", "unknown_value", value=str(fmt))
    now = clock.now()
    build = {"graphml": exchange.to_graphml, "csv": exchange.to_csv_zip, "json": exchange.to_json_bytes}[fmt]
    with uow:
        guard(uow, actor, conference_id, rules.can_export_network, "export_network")
        conf = mapping.conference(uow.conferences.get(conference_id, full=True))
        data = build(conf, for_sharing=True, now=now)
        uow.audit.record(actor, "export.network", "conference", conference_id, format=fmt,
                         members=len(conf.shareable_participants))
        uow.commit()
    return f"reseau-conference-{conference_id}-{now:%Y-%m-%d}.{_EXTENSIONS[fmt]}", data


def export_network_map(actor: Actor, conference_id: int, fmt: str, *, lang: str = "fr",
                       uow: UnitOfWork) -> tuple[str, bytes]:
    """``(filename, bytes)`` of the shareable map drawn: "html" (a standalone page that
    opens offline, ``render.standalone_html``) or "pdf" (A4 to print, with the list of
    people, ``exports.network_paper``). Never anyone "not safe"/"not to be invited".
    Coordinator only (``can_export_network``); audited ``export.network`` like the
    data formats. The file name holds no name, only the conference id and the date."""
    if fmt not in MAP_FORMATS:
        raise InvalidInput("format", "unknown_value", value=str(fmt))
    today = clock.today()
    with uow:
        guard(uow, actor, conference_id, rules.can_export_network, "export_network")
        conf = mapping.conference(uow.conferences.get(conference_id, full=True))
        shared = map_data(conf, for_sharing=True)
        if fmt == "html":
            from conference.network.render import standalone_html

            data = standalone_html(shared, title=conf.title, lang=lang).encode("utf-8")
        else:
            from exports.network_paper import build_network_map_pdf

            data = build_network_map_pdf(shared, title=conf.title, lang=lang, today=today)
        uow.audit.record(actor, "export.network", "conference", conference_id, format=fmt, lang=lang,
                         members=len(conf.shareable_participants))
        uow.commit()
    return f"carte-reseau-conference-{conference_id}-{today:%Y-%m-%d}.{fmt}", data


def export_network_html(actor: Actor, conference_id: int, *, lang: str = "fr", uow: UnitOfWork) -> tuple[str, bytes]:
    """``export_network_map(..., "html")``: the name ``pages/network.py`` looks for."""
    return export_network_map(actor, conference_id, "html", lang=lang, uow=uow)


def network_worksheet(*, lang: str = "fr") -> tuple[str, bytes]:
    """``(filename, bytes)`` of the blank worksheet (PDF) for families who prefer paper.
    Holds nothing of any conference: no permission, no audit."""
    from exports.network_paper import build_network_worksheet

    return "feuille-reseau.pdf", build_network_worksheet(lang=lang)


def import_network(actor: Actor, conference_id: int, fmt: str, data: bytes, *, uow: UnitOfWork) -> ImportResult:
    """Merge a GraphML, CSV (ZIP or a lone members.csv) or JSON file into the map.

    The whole file is validated first (``NetworkImportInvalid`` lists every problem),
    then merged in ONE transaction by ``exchange.plan_merge`` (by id for a file of this
    conference, else by name; nobody is removed; names never change; safety flags are
    never lifted). Any error: nothing changes. Coordinator only; audited
    ``network.imported`` with counts. The result's ``undo`` reverts the whole import.
    """
    if fmt not in exchange.FORMATS:
        raise InvalidInput("format", "unknown_value", value=str(fmt))
    imported = exchange.parse(fmt, data)
    with uow:
        guard(uow, actor, conference_id, rules.can_edit_conference, "import_network")
        conference = uow.conferences.get(conference_id, full=True)
        conf = mapping.conference(conference)
        plan = exchange.plan_merge(conf.participants, conf.ties, imported, conference_id=conference_id)
        created = {}
        for member, values in plan.create:
            created[member.key] = r.ParticipantRow(conference_id=conference_id, **values)
            uow.add(created[member.key])
        rows = {row.id: row for row in conference.participants}
        updated = []
        for participant_id, values in plan.update:
            row = rows[participant_id]
            updated.append((row, tuple((name, _plain(getattr(row, name))) for name in values)))
            for name, value in values.items():
                setattr(row, name, value)
        uow.flush()
        ties = []
        for a, b, kind in plan.ties:
            source, target = sorted(end if isinstance(end, int) else created[end].id for end in (a, b))
            ties.append(r.TieRow(conference_id=conference_id, source_id=source, target_id=target, kind=kind.value))
            uow.add(ties[-1])
        uow.flush()
        steps = ([UndoStep("delete_tie", tie_id=t.id, source_id=t.source_id, target_id=t.target_id, kind=t.kind)
                  for t in ties]
                 + [UndoStep("restore_member", row.id, row.version, before) for row, before in updated]
                 + [UndoStep("delete_member", row.id, row.version) for row in created.values()])
        uow.audit.record(actor, "network.imported", "conference", conference_id, format=fmt, added=len(created),
                         updated=len(updated), ties_added=len(ties))
        uow.commit()
    return ImportResult(len(created), len(updated), len(plan.unchanged), len(ties), plan.ties_skipped,
                        Undo(conference_id, "network.imported", tuple(steps)))
