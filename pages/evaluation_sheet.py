"""The coordinator's synthesis sheet (fiche de synthèse, issue 9) for the selected
conference, completed or not: the family's choice about the evaluation, the sheet itself
(prefilled from what Cercle knows, hours in quick entry) and the territory's own indicators.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from conference.domain import errors as e
from conference.evaluation.types import ROLES
from conference.i18n import N_, format_datetime
from conference.services import (
    evaluation_consent,
    synthesis_sheet,
    territories,
    territory_indicators,
)
from conference.services.synthesis_sheet import format_hours
from pages import ui

T = TypeVar("T")

ROLE_LABELS = {"family": N_("Family members"), "network": N_("Friends, neighbours and other network members"),
               "child": N_("Children"), "professional": N_("Professionals"), "expert": N_("Experts"),
               "coordinator": N_("Coordinators")}
FIELD_NAMES = {"hours_coordinator": N_("the coordinator's time"), "hours_referent": N_("the referent's time"),
               "indicator_value": N_("this indicator")}
KIND_HINTS = {"count": N_("A whole number, 0 or more."), "hours": N_("A duration: 1h30, 1,5 or 90 min."),
              "yes_no": N_("Yes or no.")}

actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
key = f"sheet_{conf.id}"  # widget keys carry the conference: switching never mixes two families

flash = st.session_state.pop("sheet_flash", None)
if flash:
    st.toast(flash, icon=":material/check:")


def own_message(error: e.InvalidInput) -> str | None:
    """A plain French sentence for a duration or a number not understood; None otherwise."""
    if error.code == "hours_format":
        return _("« {value} » is not a duration we understand for {field}. Write for example 1h30, 1,5 or 90 min.",
                 value=ui.escape(str(error.facts.get("value", ""))),
                 field=_(FIELD_NAMES.get(error.field, error.field)))
    if error.field in ("indicator_value", "participants"):
        return _("This value is not understood. {hint}", hint=_(KIND_HINTS.get(error.code, KIND_HINTS["count"])))
    return None


def attempt(action: Callable[[], T]) -> T | None:
    """``ui.attempt``, with ``own_message`` for a duration or a number not understood."""
    def run() -> T | None:
        try:
            return action()
        except e.InvalidInput as error:
            text = own_message(error)
            if text is None:
                raise
            st.error(text, icon=":material/error:")
            return None

    return ui.attempt(run)


def save_the_sheet(hours_coordinator, hours_referent, counts, note, seen) -> int | None:
    try:
        return synthesis_sheet.save_sheet(actor, conf.id, hours_coordinator, hours_referent, counts, note, seen,
                                          uow=ui.uow())
    except e.StaleWrite:  # this run's form already shows what the other screen saved
        st.error(_("Someone saved this sheet while you were working: it now shows what they saved. Make your "
                   "change again if it is still needed."), icon=":material/error:")
        return None


def saved(result, message: str) -> None:
    """After a write, run the page again so every section shows the new version."""
    if result is not None:
        st.session_state["sheet_flash"] = message
        st.rerun()




st.title(_("Synthesis sheet"), anchor=False)
st.caption(ui.escape(conf.title))

# ------------------------------------------------------------------ the family's choice
st.subheader(_("The family's choice about the evaluation"), anchor=False)
st.markdown(_("If the family agrees, what this conference gives (the answers to the questionnaires, this sheet, "
              "the follow-up at three months) is counted in the territory's evaluation: without any name, "
              "contact or exact date, and no figure under 5 is shown. If the family says no, or is not asked, "
              "only the fact that a situation was oriented is counted. The family may change its mind at any "
              "time."))
choice = attempt(lambda: evaluation_consent.evaluation_consent_of(actor, conf.id, uow=ui.uow()))
if choice is not None:
    if choice.current is True:
        st.success(_("The family agreed: this conference counts in the evaluation."), icon=":material/check:")
    elif choice.current is False:
        st.info(_("The family said no: this conference stays out of the evaluation."), icon=":material/block:")
    else:
        st.info(_("Not asked yet: this conference stays out of the evaluation."), icon=":material/help:")
    agree, refuse, withdraw = st.columns(3)
    if agree.button(_("The family agrees"), key=f"{key}_agree", disabled=choice.current is True):
        saved(attempt(lambda: evaluation_consent.record_evaluation_choice(actor, conf.id, True, uow=ui.uow())),
              _("The family's choice is recorded."))
    if refuse.button(_("The family says no"), key=f"{key}_refuse", disabled=choice.current is False):
        saved(attempt(lambda: evaluation_consent.record_evaluation_choice(actor, conf.id, False, uow=ui.uow())),
              _("The family's choice is recorded."))
    if withdraw.button(_("Withdraw the choice"), key=f"{key}_withdraw", disabled=choice.current is None):
        saved(attempt(lambda: evaluation_consent.withdraw_evaluation_choice(actor, conf.id, uow=ui.uow())),
              _("The choice is withdrawn."))
    if choice.history:
        with st.expander(_("History of the choice ({n})", n=len(choice.history)), icon=":material/history:"):
            for record in reversed(choice.history):
                said = _("agreed") if record.given else _("said no")
                line = _("{when}: the family {said} (recorded by {who})", said=said, who=ui.escape(record.recorded_by),
                         when=format_datetime(record.recorded_at, ui.lang()))
                if record.withdrawn_at is not None:
                    line += " · " + _("ended on {when}", when=format_datetime(record.withdrawn_at, ui.lang()))
                st.markdown(line)

# ------------------------------------------------------------------ the sheet
st.subheader(_("The sheet"), anchor=False)
sheet = attempt(lambda: synthesis_sheet.sheet_for(actor, conf.id, uow=ui.uow()))
if sheet is not None:
    facts = [(_("Field"), ui.lbl(sheet.field) or _("not given")),
             (_("Referred by"), ui.lbl(sheet.referral_source) or _("not given")),
             (_("Outcome"), ui.lbl(sheet.outcome) or _("in progress"))]
    if sheet.closure_reason is not None:
        facts.append((_("Reason"), ui.lbl(sheet.closure_reason)))
    facts.append((_("The family organised it themselves"), _("yes") if sheet.self_organised else _("no")))
    st.markdown("  \n".join(f"**{ui.escape(label)}** : {ui.escape(value)}" for label, value in facts))
    st.caption(_("These come from the conference itself: change them on its steps (orientation, closure)."))
    if sheet.participants_prefilled:
        st.caption(_("Participants are counted from the people marked present at the meeting: check them, then "
                     "save."))
    # The sheet's version in the fields' keys: once saved (here or elsewhere) the form shows
    # what is stored, in the browser too; what was typed on an older version is not sent.
    fields = f"{key}_v{sheet.version}"
    with st.form(f"{key}_form"):
        left, right = st.columns(2)
        hours_coordinator = left.text_input(_("Coordinator's time"), value=format_hours(sheet.hours_coordinator),
                                            placeholder="1h30", key=f"{fields}_hours_coordinator",
                                            help=_("Write 1h30, 1,5 or 90 min."))
        hours_referent = right.text_input(_("Referent's time"), value=format_hours(sheet.hours_referent),
                                          placeholder="45 min", key=f"{fields}_hours_referent",
                                          help=_("Write 1h30, 1,5 or 90 min."))
        st.markdown(_("**Who took part, by role**"))
        columns = st.columns(3)
        counts = {role.value: columns[i % 3].number_input(_(ROLE_LABELS[role.value]), min_value=0,
                                                          max_value=synthesis_sheet.MAX_PARTICIPANTS, step=1,
                                                          value=int(sheet.participants.get(role.value, 0)),
                                                          key=f"{fields}_role_{role.value}")
                  for i, role in enumerate(ROLES)}
        note = st.text_area(_("Note (optional, erased with the conference)"), value=sheet.note, key=f"{fields}_note")
        submitted = st.form_submit_button(_("Save the sheet"), type="primary", icon=":material/save:",
                                          key=f"{key}_save")
    if submitted:
        # The version the form was shown with (the run before this click), not the one
        # just read: a sheet saved elsewhere in between is not overwritten.
        seen = st.session_state.get(f"{key}_seen", sheet.version)
        saved(attempt(lambda: save_the_sheet(hours_coordinator, hours_referent, counts, note, seen)),
              _("Synthesis sheet saved."))
    st.session_state[f"{key}_seen"] = sheet.version

# ------------------------------------------------------------------ the territory's own indicators
st.subheader(_("Your territory's own indicators"), anchor=False)
entries = attempt(lambda: territory_indicators.indicators_for(actor, conf.id, uow=ui.uow()))
if entries is not None and not entries:
    st.caption(_("Your territory has not defined indicators of its own."))
elif entries:
    with st.form(f"{key}_indicators"):
        typed = {}
        for entry in entries:
            shown = "" if entry.value is None else (
                format_hours(entry.value) if entry.kind == "hours"
                else (_("yes") if entry.value else _("no")) if entry.kind == "yes_no" else f"{entry.value:g}")
            hint = _(KIND_HINTS.get(entry.kind, KIND_HINTS["count"]))
            typed[entry.indicator_id] = (shown, st.text_input(
                ui.escape(entry.name), value=shown, key=f"{key}_indicator_{entry.indicator_id}",
                help=f"{ui.escape(entry.definition)}  \n{hint}" if entry.definition else hint))
        submitted_values = st.form_submit_button(_("Save the indicators"), icon=":material/save:",
                                                 key=f"{key}_indicators_save")
    if submitted_values:
        changed = [(ident, value) for ident, (shown, value) in typed.items() if value.strip() != shown]
        results = [attempt(lambda ident=ident, value=value: territory_indicators.set_indicator_value(
            actor, conf.id, ident, value, uow=ui.uow()) or True) for ident, value in changed]
        if all(result is not None for result in results):
            saved(True, _("Indicators saved."))

# ------------------------------------------------------------------ the conference's territory
place = attempt(lambda: territories.territory_choices(actor, conf.id, uow=ui.uow()))
if place is not None and len(place[1]) > 1:
    current, choices = place
    names = dict(choices)
    with st.expander(_("Territory: {name}", name=ui.escape(names.get(current, "?"))), icon=":material/map:"):
        target = st.selectbox(_("Move this conference to"), [ident for ident, _name in choices],
                              index=[ident for ident, _name in choices].index(current) if current in names else 0,
                              format_func=lambda ident: names[ident], key=f"{key}_territory")
        if st.button(_("Move it"), key=f"{key}_territory_move", disabled=target == current):
            saved(attempt(lambda: territories.move_conference(actor, conf.id, target, uow=ui.uow()) or True),
                  _("The conference is moved."))
