"""Who may do what in a partners' reflection cycle (issue 10), as pure predicates.

A cycle belongs to the professionals taking part in it: any active coordinator, referent
or partner may open one (they become its first participant); its participants write the
sessions' notes and anonymous quotes, the draft report, and each approves the report for
themselves. No one else reads it: not a pilot, an administrator or a family.
"""
from __future__ import annotations

from dataclasses import dataclass

from .partner_rules import PATH_REFERENT_ROLES
from .rules import Actor, is_active


@dataclass(frozen=True)
class CycleAccess:
    id: int | None
    participant_ids: frozenset[int] = frozenset()
    final: bool = False


def can_create_cycle(actor: Actor) -> bool:
    return is_active(actor) and actor.role in PATH_REFERENT_ROLES


def is_participant_of(actor: Actor, cycle: CycleAccess) -> bool:
    return (is_active(actor) and actor.role in PATH_REFERENT_ROLES and actor.id is not None
            and actor.id in cycle.participant_ids)


can_read_cycle = is_participant_of


def can_edit_cycle(actor: Actor, cycle: CycleAccess) -> bool:
    """Notes, quotes, the draft: a participant, until the report is final."""
    return is_participant_of(actor, cycle) and not cycle.final


can_approve_report = can_edit_cycle
can_finalise_report = can_edit_cycle
