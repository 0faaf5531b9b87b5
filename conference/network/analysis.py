"""What the map says: size, rings, sectors, supports covered and missing, people not yet
invited, isolated people, conflicts; and the before/after comparison of follow-up.

Results hold participant ids (and, for comparisons, the names written in the exchange
documents compared); the page turns ids into names for the audience it serves.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Mapping

from conference.domain.enums import InvitationStatus, Relation, Support, TieKind

from .graph import NetworkSource, build_graph
from .layout import RINGS


@dataclass(frozen=True)
class NetworkAnalysis:
    """Counts over the members of the network; the focal person is not a member."""

    size: int                                   # members, focal person(s) excluded
    per_ring: Mapping[int | None, int]          # keys 1, 2, 3 and None (not placed yet)
    per_relation: Mapping[Relation, int]        # every Relation, zero included
    supports_covered: tuple[Support, ...]       # in the order of ``Support``
    supports_missing: tuple[Support, ...]       # every Support nobody offers
    providers: Mapping[Support, tuple[int, ...]]  # who offers each covered support
    not_yet_invited: tuple[int, ...]            # invitation "to invite", focal person included
    isolated: tuple[int, ...]                   # members with no tie at all
    ties_per_kind: Mapping[TieKind, int]
    hidden: int                                 # people a shared view leaves out (always 0 in it)

    @property
    def conflicts(self) -> int:
        return self.ties_per_kind[TieKind.CONFLICT]


def analyse(source: NetworkSource, *, for_sharing: bool = True) -> NetworkAnalysis:
    """Analyse the network one audience sees (shareable by default).

    Supports count only from people who may come: a person flagged "not safe" or "not
    to be invited" offers no support the family can plan on, even in the professional
    view. ``hidden`` tells the professional view how many people a shared view omits.
    """
    graph = build_graph(source, for_sharing=for_sharing)
    members = [(ident, data) for ident, data in graph.nodes(data=True) if not data["is_focal"]]
    per_ring = {ring: 0 for ring in RINGS}
    per_relation = {relation: 0 for relation in Relation}
    offers: dict[Support, list[int]] = {support: [] for support in Support}
    for ident, data in members:
        per_ring[data["ring"] if data["ring"] in per_ring else None] += 1
        per_relation[data["relation"]] += 1
        if not data["not_safe"] and data["invitation"] is not InvitationStatus.NOT_TO_INVITE:
            for support in dict.fromkeys(data["supports"]):
                offers[support].append(ident)
    ties_per_kind = {kind: 0 for kind in TieKind}
    for _a, _b, kind in graph.edges(data="kind"):
        ties_per_kind[kind] += 1
    return NetworkAnalysis(
        size=len(members), per_ring=per_ring, per_relation=per_relation,
        supports_covered=tuple(s for s in Support if offers[s]),
        supports_missing=tuple(s for s in Support if not offers[s]),
        providers={s: tuple(ids) for s, ids in offers.items() if ids},
        not_yet_invited=tuple(i for i, d in graph.nodes(data=True) if d["invitation"] is InvitationStatus.TO_INVITE),
        isolated=tuple(i for i, _d in members if graph.degree(i) == 0),
        ties_per_kind=ties_per_kind,
        hidden=0 if for_sharing else sum(1 for p in source.participants if not p.shareable),
    )


# --- before / after -----------------------------------------------------------------------

@dataclass(frozen=True)
class PersonRef:
    """Someone in a compared document: their participant id (if any) and name."""

    id: int | None
    name: str


@dataclass(frozen=True)
class FieldChange:
    person: PersonRef
    before: object   # ring: int | None; relation: Relation (or the raw code if unknown)
    after: object


@dataclass(frozen=True)
class NetworkComparison:
    joined: tuple[PersonRef, ...]
    left: tuple[PersonRef, ...]
    ring_changed: tuple[FieldChange, ...]
    relation_changed: tuple[FieldChange, ...]
    size_before: int
    size_after: int

    @property
    def unchanged(self) -> bool:
        return not (self.joined or self.left or self.ring_changed or self.relation_changed)


def normalised_name(name: str) -> str:
    """Case-, space- and Unicode-form-insensitive form of a name, to match people."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def compare(before: dict, after: dict, *, for_sharing: bool = False) -> NetworkComparison:
    """Who joined, who left, whose ring or relation changed between two exchange-JSON
    documents (``exchange.to_json``), e.g. the snapshot taken at adoption and the live map.

    People are matched by participant id when both documents come from the same
    conference, then by name (``normalised_name``) among those still unmatched. Focal
    people are the centre, not members: they are not compared. With ``for_sharing``,
    each document leaves out whoever it flags "not safe" or "not to be invited".
    """
    old, new = _members(before, for_sharing), _members(after, for_sharing)
    same_case = _case_id(before) is not None and _case_id(before) == _case_id(after)
    pairs: list[tuple[dict, dict]] = []
    if same_case:
        new_by_id = {m["id"]: m for m in new if m.get("id") is not None}
        for m in list(old):
            match = new_by_id.pop(m.get("id"), None) if m.get("id") is not None else None
            if match is not None:
                pairs.append((m, match))
        matched = {id(m) for pair in pairs for m in pair}
        old = [m for m in old if id(m) not in matched]
        new = [m for m in new if id(m) not in matched]
    new_by_name: dict[str, list[dict]] = {}
    for m in new:
        new_by_name.setdefault(normalised_name(m["name"]), []).append(m)
    left = []
    for m in old:
        candidates = new_by_name.get(normalised_name(m["name"]))
        if candidates:
            pairs.append((m, candidates.pop(0)))
        else:
            left.append(m)
    paired_new = {id(b) for _a, b in pairs}
    joined = [m for m in new if id(m) not in paired_new]
    ring_changed = [FieldChange(_ref(b), a.get("ring"), b.get("ring")) for a, b in pairs if a.get("ring") != b.get("ring")]
    relation_changed = [FieldChange(_ref(b), _relation(a), _relation(b)) for a, b in pairs
                        if a.get("relation") != b.get("relation")]
    by_name = lambda ref: (normalised_name(ref.name), ref.id or 0)
    return NetworkComparison(
        joined=tuple(sorted(map(_ref, joined), key=by_name)), left=tuple(sorted(map(_ref, left), key=by_name)),
        ring_changed=tuple(sorted(ring_changed, key=lambda c: by_name(c.person))),
        relation_changed=tuple(sorted(relation_changed, key=lambda c: by_name(c.person))),
        size_before=len(_members(before, for_sharing)), size_after=len(_members(after, for_sharing)),
    )


def _case_id(document: dict):
    return (document.get("case") or {}).get("conference_id")


def _members(document: dict, for_sharing: bool) -> list[dict]:
    out = []
    for m in document.get("members") or ():
        if m.get("is_focal"):
            continue
        if for_sharing and (m.get("not_safe") or m.get("invitation") == InvitationStatus.NOT_TO_INVITE.value):
            continue
        out.append(m)
    return out


def _ref(member: dict) -> PersonRef:
    return PersonRef(member.get("id"), member.get("name", ""))


def _relation(member: dict):
    try:
        return Relation(member.get("relation"))
    except ValueError:
        return member.get("relation")

