"""Our plan: the family's own editor during private time ("family mode").

The acting user is the FAMILY actor of one conference: the coordinator's screen handed
over (pages/private_time.py), or a family link. Large, simple, few words. Leaving family
mode goes through pages/family_exit.py (the coordinator's hand-back PIN), never through here.

Every save sends the draft's version *as this screen showed it*: if another device or tab
saved in between, the service refuses (StaleWrite), the message says so and nothing is
overwritten. Edit forms are keyed by their action's content, so when someone else changed
that action the form shows the new text instead of the old one.
"""
import hashlib

import streamlit as st

from conference.domain import errors as e
from conference.domain.enums import Phase, Role
from conference.i18n import format_date
from conference.services import conferences, private_time
from pages import ui
from pages.handback import handback_form

actor = ui.require_actor()
_ = ui.t()

FLASH = "family_flash"
SEEN = "family_seen_version"
ADD_FORM = "family_add_generation"
SOMEONE_ELSE = 0  # owner choice "someone else" (participant ids start at 1)
ADD_BLOCKS = 3  # actions written at once before « add these actions »
WHO_AS_BUTTONS = 12  # up to this many choices, "who does it?" shows every name as a button
st.session_state.setdefault(ADD_FORM, 0)


def give_back() -> None:
    """The way back to the coordinator: the frame's exit page, which asks for the
    coordinator's hand-back PIN (never a plain button here, that would bypass the lock).
    A family on its own device (family link) has nothing to give back."""
    if st.session_state.get("family_via_link"):
        return
    st.page_link("pages/family_exit.py", label=_("Give the screen back to the coordinator"),
                 icon=":material/logout:", width="stretch")


if actor.role is not Role.FAMILY or actor.conference_id is None:
    st.info(_("This screen is for the family, during private time."))
    st.stop()

cid = actor.conference_id
view = ui.attempt(lambda: private_time.get_family_view(actor, cid, uow=ui.uow()))
if view is None:
    give_back()
    st.stop()

if FLASH in st.session_state:
    st.toast(st.session_state.pop(FLASH), icon=":material/check:")

if view.question:
    st.caption(_("Our question"))
    st.header(ui.escape(view.question.text), anchor=False)
else:
    st.header(_("Our plan"), anchor=False)

if view.phase is not Phase.PRIVATE_TIME:
    st.success(_("Private time is over. Thank you! The coordinator will read the plan with you."),
               icon=":material/celebration:")
    if not st.session_state.get("family_via_link"):
        # The coordinator comes back to this very screen: the PIN box is here, no menu to find.
        handback_form(actor, key="family_done_exit")
    st.stop()

st.info(_("This plan is yours. Write it in your own words. No professional sees it during private time."),
        icon=":material/lock:")
if view.parts:
    st.markdown(f"**{_('The parts of our question')}**")
    st.markdown("\n".join(f"- {ui.escape(p.text)}" for p in view.parts))
if view.bottom_lines:
    st.markdown(f"**{_('What must be in the plan')}**")
    st.markdown("\n".join(f"- {ui.escape(b.text)}" for b in view.bottom_lines))

draft = ui.attempt(lambda: private_time.get_plan_draft(actor, cid, uow=ui.uow()))
if draft is None:
    give_back()
    st.stop()
# The version this screen showed before the click that caused this run: saves send it.
seen = st.session_state.get(SEEN, draft.version)
st.session_state[SEEN] = draft.version

people = {p.id: p.name for p in view.people}
part_text = {p.id: p.text for p in view.parts}
line_text = {b.id: b.text for b in view.bottom_lines}


def saved(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


def save(call, message: str) -> None:
    """Run a save; on success show the fresh plan. A stale version gets its own message:
    the common one says "reload the page", which here would end family mode."""
    try:
        call()
    except e.StaleWrite:
        st.error(_("Someone else has just saved the plan. Your screen now shows the latest version: check it, "
                   "then make your change again."), icon=":material/sync_problem:")
    except e.DomainError as error:
        st.error(ui.message(error), icon=":material/error:")
    else:
        saved(message)


def owner_name(action) -> str:
    return people.get(action.who_id) or action.who_text


def fingerprint(*values) -> str:
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()[:12]


def ask(place, question: str) -> None:
    """A large, plain label above a field (widget labels are small on a shared screen)."""
    place.markdown(f"##### {question}")


def ticks(question: str, texts: dict[int, str], chosen, prefix: str) -> list[int]:
    """A checkbox for each text (a part of the question, a bottom line); the ticked ids."""
    if not texts:
        return []
    ask(st, question)
    return [ident for ident, text in texts.items()
            if st.checkbox(ui.escape(text), value=ident in chosen, key=f"{prefix}_{ident}")]


def action_fields(prefix: str, action=None, *, compact: bool = False) -> dict:
    """The inputs of one action; returns the values for the service. ``compact``: the
    details (when exactly, how we will know, the help needed) folded in an expander."""
    hidden = "collapsed"
    ask(st, _("What will we do?"))
    what = st.text_area(_("What will we do?"), value=action.what if action else "", max_chars=2000, height=90,
                        key=f"{prefix}_what", label_visibility=hidden)
    options = list(people) + [SOMEONE_ELSE]
    current = None
    if action is not None:
        current = action.who_id if action.who_id in people else (SOMEONE_ELSE if action.who_text else None)
    ask(st, _("Who does it?"))
    index = options.index(current) if current is not None else None

    def name_of(ident: int) -> str:
        return people.get(ident) or _("Someone else (write the name)")

    if len(options) <= WHO_AS_BUTTONS:
        # A small network: every name in sight, one tap (a list to open hides them on a shared screen).
        who = st.radio(_("Who does it?"), options, index=index, format_func=name_of, horizontal=True,
                       key=f"{prefix}_who", label_visibility=hidden)
    else:
        who = st.selectbox(_("Who does it?"), options, index=index, format_func=name_of,
                           placeholder=_("Choose a person"), key=f"{prefix}_who", label_visibility=hidden)
    left, right = st.columns(2)
    ask(left, _("Someone else? Their name"))
    who_text = left.text_input(_("Someone else? Their name"), value=action.who_text if action else "",
                               max_chars=200, key=f"{prefix}_who_text", label_visibility=hidden)
    ask(right, _("By when?"))
    due = right.date_input(_("By when?"), value=action.due if action else None, format="DD/MM/YYYY",
                           key=f"{prefix}_due", label_visibility=hidden)
    details = st.expander(_("More details (optional)"), icon=":material/add_notes:") if compact else st.container()
    left, right = details.columns(2)
    ask(left, _("When exactly?"))
    when_text = left.text_input(_("When exactly?"), value=action.when_text if action else "", max_chars=300,
                                placeholder=_("For example: every Tuesday after school"), key=f"{prefix}_when",
                                label_visibility=hidden)
    ask(right, _("How will we know it works?"))
    success_sign = right.text_area(_("How will we know it works?"), value=action.success_sign if action else "",
                                   max_chars=2000, height=70, key=f"{prefix}_sign", label_visibility=hidden)
    ask(details, _("What help do we need?"))
    support = details.text_area(_("What help do we need?"), value=action.support_needed if action else "",
                           max_chars=2000, height=70, key=f"{prefix}_support", label_visibility=hidden)
    # One tick per part and per bottom line: they are few, and all stay in sight.
    parts = ticks(_("Which part of our question does it answer?"), part_text, action.parts if action else (),
                  f"{prefix}_part")
    lines = ticks(_("Which point that must be in the plan does it answer?"), line_text,
                  action.bottom_lines if action else (), f"{prefix}_line")
    person = who if who not in (None, SOMEONE_ELSE) else None
    return {"what": what, "who_id": person, "who_text": "" if person else who_text, "due": due,
            "when_text": when_text, "success_sign": success_sign, "support_needed": support,
            "parts": parts, "bottom_lines": lines}


# --- our actions --------------------------------------------------------------------------
st.header(_("Our actions"), anchor=False)
if not draft.actions:
    st.info(_("No action yet. Write the first one below."), icon=":material/arrow_downward:")

for n, action in enumerate(draft.actions, start=1):
    with st.container(border=True):
        st.subheader(f"{n}. {ui.escape(action.what)}", anchor=False)
        who = owner_name(action)
        lines = [
            _(":material/person: **Who:** {name}", name=ui.escape(who)) if who
            else _(":material/person: **Who:** :orange[not chosen yet]"),
            _(":material/event: **By when:** {date}", date=format_date(action.due, ui.lang())) if action.due
            else _(":material/event: **By when:** :orange[no date yet]"),
        ]
        if action.when_text:
            lines.append(_(":material/schedule: **When:** {text}", text=ui.escape(action.when_text)))
        if action.success_sign:
            lines.append(_(":material/check_circle: **We will know it works when:** {text}",
                           text=ui.escape(action.success_sign)))
        if action.support_needed:
            lines.append(_(":material/support: **Help we need:** {text}", text=ui.escape(action.support_needed)))
        answered = [part_text[i] for i in action.parts if i in part_text] + \
                   [line_text[i] for i in action.bottom_lines if i in line_text]
        if answered:
            lines.append(_(":material/done_all: **Answers:** {items}",
                           items=" · ".join(f"« {ui.escape(t)} »" for t in answered)))
        st.markdown("  \n".join(lines))

        with st.expander(_("Change this action"), icon=":material/edit:"):
            key = f"family_edit_{action.id}_" + fingerprint(action.what, action.who_id, action.who_text, action.due,
                                                           action.when_text, action.success_sign,
                                                           action.support_needed, action.parts, action.bottom_lines)
            with st.form(f"family_edit_form_{action.id}", border=False):
                values = action_fields(key, action)
                submitted = st.form_submit_button(_("Save the changes"), type="primary", icon=":material/save:",
                                                  key=f"family_edit_save_{action.id}", width="stretch")
            if submitted:
                save(lambda a=action, v=values: private_time.update_plan_action(actor, cid, a.id, seen, uow=ui.uow(),
                                                                                **v), _("Action saved."))
            with st.popover(_("Remove this action"), icon=":material/delete:", width="stretch"):
                st.write(_("Remove this action from our plan?"))
                if st.button(_("Yes, remove it"), key=f"family_remove_{action.id}", type="primary", width="stretch"):
                    save(lambda a=action: private_time.remove_plan_action(actor, cid, a.id, seen, uow=ui.uow()),
                         _("Action removed."))

# --- add actions -----------------------------------------------------------------------------
# A few actions written at once, added with one click; blocks left empty are ignored.
st.header(_("Add actions"), anchor=False)
st.caption(_("Write one action per block (up to {n}), then add them together. Leave a block empty if you do not "
             "need it.", n=ADD_BLOCKS))
generation = st.session_state[ADD_FORM]
with st.form("family_add_form"):
    blocks = []
    for i in range(ADD_BLOCKS):
        with st.container(border=True):
            st.markdown(f"#### {_('Action {n}', n=len(draft.actions) + i + 1)}")
            blocks.append(action_fields(f"family_add_{generation}_a{i}", compact=True))
    add = st.form_submit_button(_("Add these actions"), type="primary", icon=":material/add:", width="stretch",
                                key="family_add_save")
if add:
    written = [values for values in blocks if any(values.values())]

    def add_actions():
        private_time.add_plan_actions(actor, cid, seen, written, uow=ui.uow())
        st.session_state[ADD_FORM] += 1  # fresh, empty blocks on the next run

    # Nothing written: the service says what is missing (« what will we do? »).
    save(add_actions, _("Action added.") if len(written) == 1 else _("{n} actions added.", n=len(written)))

# --- if it does not work, following the plan ----------------------------------------------
st.header(_("If it does not work"), anchor=False)
texts_key = "family_texts_" + fingerprint(draft.if_not_working, draft.follow_arrangement)
with st.form("family_texts_form"):
    ask(st, _("What do we do if something in the plan does not work?"))
    if_not_working = st.text_area(_("What do we do if something in the plan does not work?"),
                                  value=draft.if_not_working, max_chars=5000, height=110,
                                  key=f"{texts_key}_if_not", label_visibility="collapsed")
    ask(st, _("How will we follow the plan? (who checks, when do we meet again)"))
    follow = st.text_area(_("How will we follow the plan? (who checks, when do we meet again)"),
                          value=draft.follow_arrangement, max_chars=5000, height=110, key=f"{texts_key}_follow",
                          label_visibility="collapsed")
    save_texts = st.form_submit_button(_("Save"), type="primary", icon=":material/save:", width="stretch",
                                       key="family_texts_save")
if save_texts:
    save(lambda: private_time.save_plan_texts(actor, cid, seen, if_not_working=if_not_working,
                                              follow_arrangement=follow, uow=ui.uow()), _("Saved."))

# --- finished -----------------------------------------------------------------------------
st.divider()
with st.popover(_("We have finished"), type="primary", icon=":material/flag:", width="stretch"):
    st.write(_("The coordinator will come back and read the plan with you."))
    if st.button(_("Yes, we have finished"), type="primary", key="family_finish", width="stretch"):
        if ui.attempt(lambda: conferences.change_phase(actor, cid, Phase.VALIDATION, uow=ui.uow())) is not None:
            saved(_("Well done! Call the coordinator back."))

give_back()
