"""Who may be seen: the one "not safe" policy, decided here and applied at read time.

A person flagged "not safe" (or "not to be invited") never appears on a shared screen,
an invitation, a document or an export, and can neither be invited nor own a task.
Every view and exporter asks these functions when it is made, so a flag set today also
hides the person from content frozen yesterday (an adopted plan, a network snapshot):

- ``sharing_view(conf)`` is the conference as any shared reader gets it (family screens,
  documents, exports): nobody removed, hidden contact details blanked, every adopted plan
  redacted against today's flags;
- ``redact_plan_content(content, people)`` does it for one frozen plan: an action whose
  owner is no longer shareable keeps its text, loses its owner (``who_withheld``: pages and
  documents print "personne retirée — à revoir avec la coordination") and the person's
  full name disappears from every free text of the plan, and so does each first or last
  name written with a capital that nobody who may be shown bears;
- ``redact_snapshot(document, people)`` marks, in a frozen network document, everyone
  today's flags hide, so a shared comparison leaves them out on both sides.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Iterable, TypeVar

from .enums import InvitationStatus
from .model import AdoptedPlan, Conference, Participant

P = TypeVar("P", bound=Participant)

# Put in place of a removed person's name inside the family's free text (language-neutral).
NAME_REMOVED = "[…]"
WITHHELD = "who_withheld"  # the key an action of a redacted plan carries when its owner was removed
# The free texts of a frozen plan (the action's own fields are listed in ACTION_TEXTS).
PLAN_TEXTS = ("central_question", "if_not_working", "follow_arrangement")
ACTION_TEXTS = ("what", "who", "when", "success_sign", "support_needed")


def is_shareable(person: Participant) -> bool:
    """May appear on a shared screen, an invitation, a document or an export."""
    return not person.not_safe and person.invitation is not InvitationStatus.NOT_TO_INVITE


def can_be_invited(person: Participant) -> bool:
    """A person flagged "not safe" is never invited, whatever anyone asks."""
    return not person.not_safe


def can_own_task(person: Participant) -> bool:
    """Nobody flagged "not safe" owns an action or a logistics task."""
    return not person.not_safe


def shareable(people: Iterable[P]) -> tuple[P, ...]:
    """The people of ``people`` who may be shown, in their order."""
    return tuple(p for p in people if is_shareable(p))


def removed(people: Iterable[P]) -> tuple[P, ...]:
    """The people of ``people`` that no shared reader may see."""
    return tuple(p for p in people if not is_shareable(p))


def shareable_details(person: P) -> P:
    """``person`` as a shared screen or file may show them: contact details only when
    marked visible, no note (the coordinator's working note stays with them)."""
    if (person.phone and not person.phone_visible) or (person.email and not person.email_visible) or person.note:
        return replace(person, phone=person.phone if person.phone_visible else "",
                       email=person.email if person.email_visible else "", note="")
    return person  # nothing to blank: ``replace`` is the slowest step of a 1,000-person map


# --- names ----------------------------------------------------------------------------------

def normalised(name: str) -> str:
    """Case-, space- and Unicode-form-insensitive form of a name, to match people."""
    return " ".join(unicodedata.normalize("NFC", name or "").split()).casefold()


def _name_pattern(names: Iterable[str]) -> re.Pattern | None:
    """One pattern finding any of ``names`` as a whole (any spacing, any case)."""
    parts = sorted({normalised(n) for n in names if normalised(n)}, key=len, reverse=True)
    if not parts:
        return None
    alternatives = [r"\s+".join(re.escape(word) for word in name.split()) for name in parts]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _single_names(gone, shown) -> re.Pattern | None:
    """The words of removed people's names (3 letters or more) written with a capital, as
    a first name or a family name is ("Karim appelle"), unless someone who may be shown
    bears the same word (the aunt's family name stays). "mon oncle" is left alone."""
    shown_words = {w for p in shown for w in normalised(p.name).split()}
    words = {w for p in gone for w in normalised(p.name).split() if len(w) >= 3 and w not in shown_words}
    if not words:
        return None
    forms = sorted({w[:1].upper() + w[1:] for w in words} | {w.upper() for w in words}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")


def _without_names(text: str, pattern: re.Pattern | None) -> str:
    if not text or pattern is None or not isinstance(text, str):
        return text
    return pattern.sub(NAME_REMOVED, unicodedata.normalize("NFC", text))


def names_in_text(text: str, person: Participant) -> tuple[str, ...]:
    """The parts of ``person``'s name (full name, first and last names of 3 letters or
    more) that ``text`` contains as whole words, for the form check."""
    found = []
    full = normalised(person.name)
    words = [w for w in full.split() if len(w) >= 3]
    for candidate in ([full] if full else []) + words:
        pattern = _name_pattern([candidate])
        if pattern is not None and pattern.search(unicodedata.normalize("NFC", text or "")) and candidate not in found:
            found.append(candidate)
    return tuple(found)


# --- frozen content -------------------------------------------------------------------------

def redact_plan_content(content: dict, people: Iterable[Participant]) -> dict:
    """A copy of a frozen plan's ``content`` as shared readers may see it today.

    An action whose owner is no longer shareable (matched by the ``who_id`` frozen since
    owners are stored by id, by normalised name for older plans) keeps its text, gets
    ``who`` empty and ``who_withheld`` True. The full names of everyone removed are
    replaced by ``NAME_REMOVED`` in every free text. The content hash of the plan is not
    recomputed: it proves what was adopted, not what is shown.
    """
    gone = removed(people)
    if not gone:
        return content
    gone_ids = {p.id for p in gone}
    gone_names = {normalised(p.name) for p in gone}
    full = _name_pattern(p.name for p in gone)
    alone = _single_names(gone, shareable(people))

    def scrub(text):
        return _without_names(_without_names(text, full), alone)

    out = dict(content)
    for key in PLAN_TEXTS:
        if key in out:
            out[key] = scrub(out[key])
    out["bottom_lines"] = [scrub(t) for t in content.get("bottom_lines") or ()]
    actions = []
    for action in content.get("actions") or ():
        action = dict(action)
        owner_id = action.get("who_id")
        if (owner_id is not None and owner_id in gone_ids) or (
                owner_id is None and action.get("who") and normalised(action["who"]) in gone_names):
            action["who"], action[WITHHELD] = "", True
            action.pop("who_id", None)
        for key in ACTION_TEXTS:
            if key in action:
                action[key] = scrub(action[key])
        actions.append(action)
    out["actions"] = actions
    return out


def withheld_actions(content: dict) -> tuple[str, ...]:
    """Keys of the actions of a redacted plan whose owner was removed (for the coordinator's warning)."""
    return tuple(a.get("key", "") for a in content.get("actions") or () if a.get(WITHHELD))


def redact_plan(plan: AdoptedPlan, people: Iterable[Participant]) -> AdoptedPlan:
    content = redact_plan_content(plan.content, people)
    return plan if content is plan.content else replace(plan, content=content)


def redact_snapshot(document: dict, people: Iterable[Participant]) -> dict:
    """A frozen network document (``exchange.to_json``) with today's flags on it: a member
    whose participant is now not shareable is marked "not safe" and "not to be invited"
    there too (matched by id), so a shared reader leaves them out of both sides."""
    gone = removed(people)
    gone_ids = {p.id for p in gone}
    gone_names = {normalised(p.name) for p in gone}
    if not gone:
        return document
    members = []
    for member in document.get("members") or ():
        if member.get("id") in gone_ids or (member.get("id") is None and normalised(member.get("name", "")) in gone_names):
            member = {**member, "not_safe": True, "invitation": InvitationStatus.NOT_TO_INVITE.value}
        members.append(member)
    return {**document, "members": members}


def sharing_view(conf: Conference) -> Conference:
    """The conference as every shared reader gets it: documents, the family's screens,
    exports. Nobody flagged "not safe" or "not to be invited" (nor their ties), hidden
    contact details and notes blanked, every adopted plan redacted against today's flags."""
    people = shareable(conf.participants)
    ids = {p.id for p in people}
    return replace(
        conf,
        participants=tuple(shareable_details(p) for p in people),
        ties=tuple(t for t in conf.ties if t.source_id in ids and t.target_id in ids),
        adopted=tuple(redact_plan(plan, conf.participants) for plan in conf.adopted),
        plan_watcher_id=conf.plan_watcher_id if conf.plan_watcher_id in ids else None,
    )
