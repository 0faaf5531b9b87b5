"""Preparation, the people: enter a network fast, correct it in one table, open one
person's details only when needed; and the experts. Functions called by
pages/preparation.py; not a page.

* New people: one editable table (a line per person, only the name is needed) or a
  pasted list ("Name" or "Name; relation" per line), saved by one click through
  ``preparation.add_participants`` (all lines or none).
* Everyone already entered: one table for the name, relation, circle, invitation,
  support and safety flag, saved by one click through ``update_participants``. The
  table is drawn from a snapshot of the list (ids and versions, kept in the session), so
  that the lines a user edited are the people saved, even if the list changed meanwhile
  (then the save is refused as stale and the table shows the latest list).
* One person's contact details, note and removal: chosen in a list, shown alone.

The page stays one table whatever the size of the network: no widget per person.
"""
from __future__ import annotations

import streamlit as st

from conference.domain import safety
from conference.domain.enums import InvitationStatus, Relation, Support
from conference.domain.errors import InvalidInput, StaleWrite
from conference.domain.model import Conference
from conference.i18n import N_
from conference.i18n.labels import label
from conference.security.rules import Actor
from conference.services import conferences, preparation
from conference.services.preparation import InvalidRow, roster_version
from pages import ui
from pages.forms import Forms

RINGS = (1, 2, 3, 0)  # 0: not placed on the map yet
RING_LABELS = {1: N_("1 · very close"), 2: N_("2 · close"), 3: N_("3 · further"), 0: N_("Not placed yet")}
INVITED = (InvitationStatus.INVITED, InvitationStatus.CONFIRMED)
# The safety flag right after the name: it must be seen without scrolling the table sideways.
COLUMNS = NEW_COLUMNS = ("name", "not_safe", "relation", "ring", "invitation", "supports")
SNAPSHOT = "prep_people_snapshot"  # {"owner", "gen", "ids", "versions", "rows"} the table is drawn from
NEW_GEN = "prep_new_gen"  # a new table of new people after each successful addition


def ring_label(ring: int) -> str:
    return ui.t()(RING_LABELS[ring or 0])


def not_safe_badge() -> str:
    return ":red-badge[" + ui.t()("⚠ do not invite (safety)") + "]"


def people_tab(actor: Actor, conf: Conference, forms: Forms) -> None:
    _ = ui.t()
    people = conf.participants
    invited = sum(1 for p in people if p.invitation in INVITED)
    unsafe = [p for p in people if not safety.can_be_invited(p)]
    if people:
        st.caption(_("{total} people in the network · {invited} invited or confirmed · {unsafe} not to be invited "
                     "for safety", total=len(people), invited=invited, unsafe=len(unsafe)))
    new_people(actor, conf, forms)
    if people:
        invitations_sent(actor, conf, forms)
        everyone(actor, conf, forms, unsafe)
        details(actor, conf, forms)


# --- new people -----------------------------------------------------------------------------------

def _columns(*, new: bool) -> dict:
    _ = ui.t()
    relations = [r.value for r in Relation]
    return {
        "name": st.column_config.TextColumn(
            _("Name"), max_chars=200, width=160, required=not new,
            help=_("As the family says it: « Mamie Mariam », « M. Lefort (voisin) ».")),
        "relation": st.column_config.SelectboxColumn(
            _("Link"), options=relations, format_func=lambda code: ui.lbl(Relation(code)), required=True,
            width=130,
            default=Relation.FAMILY.value if new else None),
        "ring": st.column_config.SelectboxColumn(
            _("Circle"), options=list(RINGS), format_func=ring_label, width=115,
            help=_("Closeness on the network map. Left empty: family and friends go in circle 2, neighbours, "
                   "colleagues and professionals in circle 3.")),
        "invitation": st.column_config.SelectboxColumn(
            _("Invitation"), options=[s.value for s in InvitationStatus], required=True, width=110,
            format_func=lambda code: ui.lbl(InvitationStatus(code)),
            default=InvitationStatus.TO_INVITE.value if new else None,
            help=_("A person flagged as a safety risk is always « not to be invited ».")),
        "supports": st.column_config.MultiselectColumn(
            _("What they can bring"), options=[s.value for s in Support],
            format_func=lambda code: ui.lbl(Support(code)), default=[]),
        "not_safe": st.column_config.CheckboxColumn(
            _("Safety risk"), default=False, width=115,
            help=_("For example when a court order limits contact. This person is never invited, never shown on "
                   "a shared screen or a document, and never takes on a task.")),
    }


def _empty_new_table():
    import pandas as pd

    return pd.DataFrame({"name": pd.Series([], dtype="string"), "relation": pd.Series([], dtype="object"),
                         "ring": pd.Series([], dtype="Int64"), "invitation": pd.Series([], dtype="object"),
                         "supports": pd.Series([], dtype="object"), "not_safe": pd.Series([], dtype="boolean")})


def _typed(row: dict) -> bool:
    """A line the user actually filled (the table adds default cells to every new line)."""
    return bool(str(row.get("name") or "").strip() or row.get("ring") not in (None, "") or row.get("supports")
                or row.get("not_safe"))


def new_people(actor: Actor, conf: Conference, forms: Forms) -> None:
    _ = ui.t()
    state = st.session_state
    seen = roster_version(p.id for p in conf.participants)
    forms.prefill("prep_new_form", {}, seen)
    forms.prefill("prep_paste_form", {"prep_paste_text": ""}, seen)
    st.subheader(_("Add people"), anchor=False)
    st.caption(_("One line per person: type the name, then change what differs from the defaults. Click the table's "
                 "last line to add one more. Everyone is saved by one click."))
    key = f"prep_new_people_{state.setdefault(NEW_GEN, 0)}"
    with st.form("prep_new_form", border=False):
        st.data_editor(_empty_new_table(), num_rows="dynamic", hide_index=True, key=key, column_order=NEW_COLUMNS,
                       column_config=_columns(new=True), disabled=not forms.editable, width="stretch",
                       placeholder="")
        add = st.form_submit_button(_("Add these people"), type="primary", icon=":material/group_add:",
                                    disabled=not forms.editable, key="prep_new_submit")
    if add:
        rows = [dict(row) for row in (state.get(key) or {}).get("added_rows", []) if _typed(row)]
        if not rows:
            st.warning(_("Type at least one name in the table first."), icon=":material/warning:")
        elif _add(actor, conf, forms, "prep_new_form", rows):
            state[NEW_GEN] = state[NEW_GEN] + 1
            forms.done()

    with st.expander(_("Paste a list of names"), icon=":material/content_paste:", expanded=not conf.participants):
        with st.form("prep_paste_form", border=False):
            st.text_area(_("One person per line, with the relation after a semicolon if you know it"), height=140,
                         key="prep_paste_text", max_chars=20_000,
                         placeholder=_("Mamie Mariam; famille\nM. Lefort; voisin\nCoach de foot de Lina"))
            paste = st.form_submit_button(_("Add the list"), icon=":material/playlist_add:",
                                          disabled=not forms.editable, key="prep_paste_submit")
    if paste:
        rows = preparation.parse_people_list(state["prep_paste_text"], relation_names())
        if not rows:
            st.warning(_("Paste or type at least one name first."), icon=":material/warning:")
        elif _add(actor, conf, forms, "prep_paste_form", rows):
            forms.done()


def relation_names() -> dict[str, str]:
    """Every way a pasted list may name a relation → its code: the codes, and the labels
    in both languages, with and without the « ·e » of inclusive French (« Voisin·e »:
    voisin, voisine)."""
    names: dict[str, str] = {}
    for relation in Relation:
        words = {relation.value, relation.value.replace("_", " ")}
        for lang in ("fr", "en"):
            text = label(relation, lang).casefold()
            words |= {text, text.replace("·", ""), text.split("·")[0]}
        for word in words:
            names.setdefault(word.strip(), relation.value)
    return names


def _add(actor: Actor, conf: Conference, forms: Forms, form: str, rows: list[dict]) -> bool:
    """One call to ``add_participants``; a refused line or a stale list is explained and the
    typed lines stay on screen."""
    _ = ui.t()
    try:
        ids = preparation.add_participants(actor, conf.id, rows, forms.loaded_version(form), uow=ui.uow())
    except InvalidRow as error:
        st.error(row_error(error, new=True), icon=":material/error:")
        return False
    except StaleWrite:
        # Someone added or removed people meanwhile (another tab, the family's device): the
        # list below now shows them; the typed lines stay, to be checked and sent again.
        st.session_state[f"{form}__loaded"] = (conf.id, roster_version(p.id for p in _fresh_people(actor, conf)))
        st.warning(_("The list of people changed while you were typing. Check that nobody is entered twice, then "
                     "click again to add your lines."), icon=":material/warning:")
        return False
    except InvalidInput as error:
        st.error(row_problem(error), icon=":material/error:")
        return False
    forms.reload(form)
    flagged = sum(1 for row in rows if row.get("not_safe"))
    forms.flash(_("{n} people added.", n=len(ids)) if len(ids) != 1 else _("1 person added."),
                warning=_("People flagged as a safety risk are recorded as « not to be invited »: they will never "
                          "be invited.") if flagged else None)
    return True


def _fresh_people(actor: Actor, conf: Conference):
    return conferences.get_conference(actor, conf.id, uow=ui.uow()).participants


def row_problem(error: InvalidInput) -> str:
    _ = ui.t()
    if error.field == "rows" and error.code == "too_many":
        return _("At most {limit} people at once: add the list in several parts.", limit=error.facts.get("limit"))
    if error.field == "relation" and error.code == "unknown_value":
        known = ", ".join(ui.lbl(r) for r in Relation)
        return _("« {value} » is not a relation Cercle knows. Use one of: {known}.",
                 value=ui.escape(str(error.facts.get("value", ""))), known=known)
    if error.field == "supports":
        return _("The value given for {field} is not valid.", field=_("what the person can bring"))
    return ui.message(error)


def row_error(error: InvalidRow, *, new: bool) -> str:
    """« Line 3 (Tonton Dédé): … » for a new line, « Tonton Dédé: … » for someone entered."""
    _ = ui.t()
    problem = row_problem(error)
    name = ui.escape(error.name)
    if new:
        where = (_("Line {line} ({name})", line=error.line, name=name) if name
                 else _("Line {line}", line=error.line))
    else:
        where = name
    return _("{where}: {problem}", where=where, problem=problem) + "\n\n" + \
        _("Nothing was saved: correct this line, then click again.")


# --- invitations sent -----------------------------------------------------------------------------

def invitations_sent(actor: Actor, conf: Conference, forms: Forms) -> None:
    """One click once the invitations are out: everyone « to invite » becomes « invited »
    (the service never touches a person who must not be invited)."""
    _ = ui.t()
    waiting = [p for p in conf.participants
               if p.invitation is InvitationStatus.TO_INVITE and safety.can_be_invited(p)]
    if not waiting or not forms.editable:
        return
    label = (_("The invitations are sent: mark the {n} people to invite as invited", n=len(waiting))
             if len(waiting) != 1 else _("The invitation is sent: mark the person to invite as invited"))
    if st.button(label, icon=":material/mark_email_read:", key="prep_people_invited"):
        done = ui.attempt(lambda: preparation.mark_invitations_sent(actor, conf.id, uow=ui.uow()))
        if done is not None:
            st.session_state.pop(SNAPSHOT, None)
            forms.flash(_("{n} people marked as invited.", n=len(done)) if len(done) != 1
                        else _("1 person marked as invited."))
            forms.done()


# --- everyone entered -----------------------------------------------------------------------------

def _row(person) -> dict:
    return {"name": person.name, "relation": person.relation.value, "ring": person.ring or 0,
            "invitation": person.invitation.value, "supports": [s.value for s in person.supports],
            "not_safe": person.not_safe}


def _snapshot(conf: Conference, forms: Forms) -> dict:
    """The list the table is drawn from: kept while the user works on it, taken again when
    the page was left, after a save, or when the list changed (except in the run that
    saves the table, which must read the lines the user edited)."""
    state = st.session_state
    snap = state.get(SNAPSHOT)
    ids = [p.id for p in conf.participants]
    versions = [p.version for p in conf.participants]
    saving = bool(state.get("prep_people_save"))
    fresh = (snap is None or snap["owner"] != conf.id or f"prep_people_{snap['gen']}" not in state
             or ((snap["ids"], snap["versions"]) != (ids, versions) and not saving))
    if fresh:
        gen = (snap["gen"] + 1) if snap else 0
        snap = {"owner": conf.id, "gen": gen, "ids": ids, "versions": versions,
                "rows": [_row(p) for p in conf.participants]}
        state[SNAPSHOT] = snap
    return snap


def everyone(actor: Actor, conf: Conference, forms: Forms, unsafe) -> None:
    import pandas as pd

    _ = ui.t()
    state = st.session_state
    st.subheader(_("Everyone entered"), anchor=False)
    if unsafe:
        st.markdown(not_safe_badge() + " " + ", ".join(f"**{ui.escape(p.name)}**" for p in unsafe))
    st.caption(_("Correct a cell, then save. A person flagged as a safety risk is never invited and never takes on "
                 "a task."))
    snap = _snapshot(conf, forms)
    key = f"prep_people_{snap['gen']}"
    with st.form("prep_people_form", border=False):
        st.data_editor(pd.DataFrame(snap["rows"], columns=list(COLUMNS)), hide_index=True, key=key,
                       column_order=COLUMNS, column_config=_columns(new=False), disabled=not forms.editable,
                       width="stretch", num_rows="fixed")
        save = st.form_submit_button(_("Save the changes"), type="primary", icon=":material/save:",
                                     disabled=not forms.editable, key="prep_people_save")
    if not save:
        return
    edited = (state.get(key) or {}).get("edited_rows", {})
    changes = {}
    for position, values in sorted((int(k), v) for k, v in edited.items()):
        if 0 <= position < len(snap["ids"]) and values:
            changes[snap["ids"][position]] = (snap["versions"][position], dict(values))
    if not changes:
        st.info(_("Nothing has changed in the table."), icon=":material/info:")
        return
    newly_flagged = [ident for ident, (_v, values) in changes.items() if values.get("not_safe")]
    try:
        preparation.update_participants(actor, conf.id, changes, uow=ui.uow())
    except InvalidRow as error:
        st.error(row_error(error, new=False), icon=":material/error:")
        return
    except StaleWrite:
        state.pop(SNAPSHOT, None)
        forms.flash(None, warning=_("Nothing was saved: someone changed these people while you were working. The "
                                    "table now shows the latest version: make your changes again."))
        forms.done()
        return
    except InvalidInput as error:
        st.error(row_problem(error), icon=":material/error:")
        return
    state.pop(SNAPSHOT, None)
    forms.flash(_("Changes saved."), warning=_("People now flagged as a safety risk will not be invited.")
                if newly_flagged else None)
    forms.done()


# --- one person -----------------------------------------------------------------------------------

def details(actor: Actor, conf: Conference, forms: Forms) -> None:
    _ = ui.t()
    state = st.session_state
    names = {p.id: p.name for p in conf.participants}
    if state.get("prep_detail_id") not in names:
        state.pop("prep_detail_id", None)
    st.selectbox(_("Details of one person (telephone, e-mail, note) or removal"), list(names),
                 format_func=lambda ident: names.get(ident, ""), index=None, key="prep_detail_id",
                 placeholder=_("Choose a person"))
    person = conf.participant(state.get("prep_detail_id"))
    if person is None:
        return
    form = f"prep_detail_form_{person.id}"
    forms.prefill(form, {f"prep_detail_phone_{person.id}": person.phone,
                         f"prep_detail_email_{person.id}": person.email,
                         f"prep_detail_note_{person.id}": person.note,
                         f"prep_detail_focal_{person.id}": person.is_focal}, person.version)
    with st.container(border=True):
        title = f"**{ui.escape(person.name)}**"
        if not safety.can_be_invited(person):
            title += " " + not_safe_badge()
        st.markdown(title)
        with st.form(form, border=False):
            left, right = st.columns(2)
            left.text_input(_("Telephone"), max_chars=60, key=f"prep_detail_phone_{person.id}")
            right.text_input(_("E-mail"), max_chars=200, key=f"prep_detail_email_{person.id}")
            st.text_area(_("Note for the coordinator"), max_chars=2000, height=80,
                         key=f"prep_detail_note_{person.id}",
                         help=_("Only what the conference needs: no health or legal details."))
            st.checkbox(_("This is the person the conference is about"), key=f"prep_detail_focal_{person.id}")
            save = st.form_submit_button(_("Save"), type="primary", icon=":material/save:",
                                         disabled=not forms.editable, key=f"prep_detail_save_{person.id}")
        if save and forms.submit(form, lambda: preparation.update_participant(
                actor, conf.id, person.id, forms.loaded_version(form), uow=ui.uow(),
                phone=state[f"prep_detail_phone_{person.id}"], email=state[f"prep_detail_email_{person.id}"],
                note=state[f"prep_detail_note_{person.id}"], is_focal=state[f"prep_detail_focal_{person.id}"]),
                _("Changes saved.")):
            forms.done()
        forms.stale_notice(form)
        forms.remove_button(f"prep_person_remove_{person.id}", _("Remove {name} from the list?",
                                                                 name=ui.escape(person.name)),
                            lambda: preparation.remove_participant(actor, conf.id, person.id, uow=ui.uow()),
                            _("Person removed."))


# --- experts --------------------------------------------------------------------------------------

def experts_tab(actor: Actor, conf: Conference, forms: Forms) -> None:
    _ = ui.t()
    state = st.session_state
    st.caption(_("The family may invite experts (a school nurse, a doctor, a lawyer…). Each one answers one "
                 "question that the family chose."))
    experts = [p for p in conf.participants if p.relation is Relation.EXPERT]
    if not experts:
        st.info(_("No expert yet. To add one, add a person in « Participants » with the relation « Expert »."),
                icon=":material/info:")
    for p in experts:
        expert_form = f"prep_expert_form_{p.id}"
        with st.container(border=True):
            title = f"**{ui.escape(p.name)}** · {ui.lbl(p.invitation)}"
            if not safety.can_be_invited(p):
                title += " " + not_safe_badge()
            st.markdown(title)
            forms.prefill(expert_form, {f"prep_expert_q_{p.id}": p.expert_question}, p.version)
            with st.form(expert_form, border=False):
                st.text_area(_("The family's question for this expert"), max_chars=1000, height=80,
                             key=f"prep_expert_q_{p.id}")
                save_expert = st.form_submit_button(_("Save the question"), icon=":material/save:",
                                                    disabled=not forms.editable, key=f"prep_expert_save_{p.id}")
            if save_expert and forms.submit(expert_form, lambda p=p, form=expert_form: preparation.update_participant(
                    actor, conf.id, p.id, forms.loaded_version(form), uow=ui.uow(),
                    expert_question=state[f"prep_expert_q_{p.id}"]), _("Question saved.")):
                forms.done()
            forms.stale_notice(expert_form)
