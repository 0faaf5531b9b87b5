"""The forms under the network map, shared by the coordinator's and the family's screens
(``network_component.editing_tabs`` opens them): add a person, change a person (circle,
relation, help), draw or remove a tie. Every change is a callback that calls one service
through ``network_component.run`` (undo token, message for the next run). Not a page."""
from __future__ import annotations

import streamlit as st

from conference.domain.enums import Relation, Support, TieKind
from conference.services import network
from pages import ui
from pages.network_component import (
    RINGS,
    TIE_CHOICES,
    MapScreen,
    focal_names,
    ring_choice,
    run,
    say,
)

# --- adding a person ------------------------------------------------------------------------

def _add(screen: MapScreen) -> None:
    _ = ui.t()
    state = st.session_state
    name = " ".join((state.get(screen.key("add_name")) or "").split())
    relation, ring = state.get(screen.key("add_relation")), state.get(screen.key("add_ring"))
    change = run(screen, lambda: network.add_member(screen.actor, screen.conference_id, name, relation, ring or None,
                                                    uow=ui.uow()),
                 _("{name} is on the map.", name=ui.escape(name)))
    if change is not None:
        for field in ("add_name", "add_relation"):
            state.pop(screen.key(field), None)
        state[screen.key("add_ring")] = 1


def add_person_form(screen: MapScreen) -> None:
    """ONE short form: a name or nickname, who they are, how close."""
    _ = ui.t()
    st.session_state.setdefault(screen.key("add_ring"), 1)
    centre = focal_names(screen.view)
    with st.form(screen.key("add_form")):
        st.text_input(_("Name or nickname"), max_chars=200, key=screen.key("add_name"),
                      placeholder=_("e.g. Mamie Mariam, the neighbour upstairs"))
        st.selectbox(_("Who is it for {name}?", name=ui.escape(centre)) if centre else _("Who is it?"), list(Relation),
                     format_func=ui.lbl, index=None, placeholder=_("Choose"), key=screen.key("add_relation"))
        st.radio(_("How close?"), RINGS, format_func=ring_choice, horizontal=True, key=screen.key("add_ring"))
        st.form_submit_button(_("Add to the map"), type="primary", icon=":material/person_add:",
                              disabled=not screen.editable, on_click=_add, args=(screen,),
                              key=screen.key("add_submit"))


# --- changing a person ----------------------------------------------------------------------

def _set(screen: MapScreen, person_id: int, version: int, what: str, widget: str) -> None:
    _ = ui.t()
    value = st.session_state.get(widget)
    name = ui.escape(screen.name(person_id))  # messages are markdown: the name stays text
    actor, cid, uow = screen.actor, screen.conference_id, ui.uow()
    if what == "ring":
        run(screen, lambda: network.set_ring(actor, cid, person_id, value or None, version, uow=uow),
            _("{name}: circle changed.", name=name))
    elif what == "relation" and value is not None:
        run(screen, lambda: network.set_relation(actor, cid, person_id, value, version, uow=uow),
            _("{name}: relation changed.", name=name))
    elif what == "supports":
        run(screen, lambda: network.set_supports(actor, cid, person_id, value or [], version, uow=uow),
            _("{name}: help saved.", name=name))
    elif what == "reset":
        run(screen, lambda: network.reset_position(actor, cid, person_id, version, uow=uow),
            _("{name} is back in place on the circle.", name=name))


def change_person(screen: MapScreen) -> None:
    """Pick a person (or tap them on the map), then change their circle, relation and the
    help they can give: each change is saved at once and can be undone."""
    _ = ui.t()
    members = screen.members
    if not members:
        st.caption(_("Add a person first."))
        return
    ids = [p.id for p in members]
    chosen_key = screen.key("person")
    if st.session_state.get(chosen_key) not in ids:
        st.session_state.pop(chosen_key, None)
    chosen = st.selectbox(_("Person"), ids, index=None, format_func=screen.name, placeholder=_("Choose a person"),
                          key=chosen_key)
    person = next((p for p in members if p.id == chosen), None)
    if person is None:
        return
    if person.not_safe:
        st.warning(_("{name} is flagged « never invite » for safety: never shown to the family.",
                     name=ui.escape(person.name)), icon=":material/warning:")
    suffix = f"{person.id}_{person.version}"  # a new version gets fresh widgets, filled from the database
    ring_key, relation_key, supports_key = (screen.key(f"{f}_{suffix}") for f in ("ring", "relation", "supports"))
    disabled = not screen.editable
    st.segmented_control(_("How close?"), RINGS, format_func=ring_choice, default=person.ring or 0, required=True,
                         key=ring_key, disabled=disabled, on_change=_set,
                         args=(screen, person.id, person.version, "ring", ring_key))
    st.selectbox(_("Who is it?"), list(Relation), index=list(Relation).index(person.relation), format_func=ui.lbl,
                 key=relation_key, disabled=disabled, on_change=_set,
                 args=(screen, person.id, person.version, "relation", relation_key))
    st.pills(_("What can they help with?"), list(Support), selection_mode="multi", default=list(person.supports),
             format_func=ui.lbl, key=supports_key, disabled=disabled, on_change=_set,
             args=(screen, person.id, person.version, "supports", supports_key))
    if person.position is not None:
        st.button(_("Put back in place on the circle"), icon=":material/restart_alt:", disabled=disabled,
                  key=screen.key(f"reset_{suffix}"), on_click=_set,
                  args=(screen, person.id, person.version, "reset", ""))


# --- ties -----------------------------------------------------------------------------------

def _add_tie(screen: MapScreen) -> None:
    _ = ui.t()
    state = st.session_state
    a, b, kind = (state.get(screen.key(f)) for f in ("tie_a", "tie_b", "tie_kind"))
    if a is None or b is None:
        say(screen.prefix, "error", _("Choose the two people to tie."))
        return
    change = run(screen, lambda: network.add_tie(screen.actor, screen.conference_id, a, b, kind, uow=ui.uow()),
                 _("Tie added between {a} and {b}.", a=ui.escape(screen.name(a)), b=ui.escape(screen.name(b))))
    if change is not None:
        state.pop(screen.key("tie_a"), None)
        state.pop(screen.key("tie_b"), None)


def _remove_tie(screen: MapScreen) -> None:
    _ = ui.t()
    tie_id = st.session_state.get(screen.key("tie_remove"))
    if tie_id is None:
        say(screen.prefix, "error", _("Choose the tie to remove."))
        return
    if run(screen, lambda: network.remove_tie(screen.actor, screen.conference_id, tie_id, uow=ui.uow()),
           _("Tie removed.")) is not None:
        st.session_state.pop(screen.key("tie_remove"), None)


def ties_section(screen: MapScreen) -> None:
    """Draw a tie between two people (two lists and a kind); remove one."""
    _ = ui.t()
    people = screen.people
    if len(people) < 2:
        st.caption(_("Add at least two people first."))
        return
    ids = [p.id for p in people]
    for field in ("tie_a", "tie_b"):
        if st.session_state.get(screen.key(field)) not in ids:
            st.session_state.pop(screen.key(field), None)
    st.session_state.setdefault(screen.key("tie_kind"), TieKind.SUPPORT)
    with st.form(screen.key("tie_form")):
        st.markdown("**" + _("Tie two people") + "**")
        left, right = st.columns(2)
        left.selectbox(_("First person"), ids, index=None, format_func=screen.name, placeholder=_("Choose"),
                       key=screen.key("tie_a"))
        right.selectbox(_("Second person"), ids, index=None, format_func=screen.name, placeholder=_("Choose"),
                        key=screen.key("tie_b"))
        st.radio(_("What is between them?"), list(TieKind), format_func=lambda k: _(TIE_CHOICES[k]), horizontal=True,
                 key=screen.key("tie_kind"))
        st.form_submit_button(_("Draw the tie"), type="primary", icon=":material/share:", disabled=not screen.editable,
                              on_click=_add_tie, args=(screen,), key=screen.key("tie_submit"))
    ties = {t.id: t for t in screen.view.ties}
    if not ties:
        return
    if st.session_state.get(screen.key("tie_remove")) not in ties:
        st.session_state.pop(screen.key("tie_remove"), None)

    def tie_name(tie_id: int) -> str:
        tie = ties[tie_id]
        return f"{screen.name(tie.source_id)} — {screen.name(tie.target_id)} ({_(TIE_CHOICES[tie.kind])})"

    with st.form(screen.key("tie_remove_form")):
        st.markdown("**" + _("Remove a tie") + "**")
        st.selectbox(_("Tie"), list(ties), index=None, format_func=tie_name, placeholder=_("Choose"),
                     key=screen.key("tie_remove"))
        st.form_submit_button(_("Remove this tie"), icon=":material/link_off:", disabled=not screen.editable,
                              on_click=_remove_tie, args=(screen,), key=screen.key("tie_remove_submit"))
