"""Orientation: the situation, the family's agreement, and the coordinator's neutrality.

One form saves everything in one service call, with the version the form was filled
from: if someone saved in between, the write is refused (never silently overwritten) and
the typed values stay on screen. Below the form: what is still missing before
preparation, and the button to go on.
"""
import streamlit as st

from conference.domain.enums import Field, Phase, ReferralSource
from conference.domain.rules import missing_for, neutrality_conflicts, neutrality_resolved
from conference.i18n import N_
from conference.services import conferences
from pages import document_forms, ui
from pages.forms import Forms

actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
ui.header(conf, Phase.ORIENTATION)

CONFLICT_TEXTS = {
    "same_institution": N_("You work for the same institution as the referent."),
    "prior_knowledge": N_("You already know this family."),
    "is_referent": N_("You are, or were, this family's referent."),
}

editable = conf.phase is not Phase.CLOSED
forms = Forms("orientation", conf.id, editable=editable)  # pages/forms.py: prefill, submit, stale notice
forms.show_flash()
neutrality = conf.neutrality
conflicts = neutrality_conflicts(neutrality)
show_co = bool(conflicts or neutrality.co_coordinator_name or neutrality.co_coordinator_institution)

values = {
    "orientation_title": conf.title,
    "orientation_situation": conf.situation,
    "orientation_field": conf.field,
    "orientation_referral": conf.referral_source,
    "orientation_referral_other": conf.referral_other,
    "orientation_referent_institution": conf.referent_institution,
    "orientation_referent_name": conf.referent_name,
    "orientation_agreement": conf.family_agreement,
    "orientation_information": conf.information_duty_met,
    "orientation_institution": neutrality.coordinator_institution,
    "orientation_prior_knowledge": neutrality.prior_knowledge,
    "orientation_is_referent": neutrality.is_referent,
}
if show_co:
    values["orientation_co_name"] = neutrality.co_coordinator_name
    values["orientation_co_institution"] = neutrality.co_coordinator_institution

# Filled from the database once (a new conference, after a save, or when the widgets lost
# their state by leaving the page); otherwise the user's typing stays.
state = st.session_state
forms.prefill("orientation", values, conf.version)

with st.form("orientation_form"):
    st.header(_("The situation"), anchor=False)
    st.text_input(_("Name of the situation"), max_chars=200, key="orientation_title",
                  help=_("A short name, e.g. « Famille M. ». Avoid full names when you can."))
    st.text_area(_("What is happening?"), max_chars=5000, height=150, key="orientation_situation",
                 help=_("In plain words: who is concerned and why a family conference is proposed."))
    st.caption(_("Write only what the conference needs. Leave out health, legal or private details that do not "
                 "matter for the family's plan."))
    st.selectbox(_("Field"), list(Field), format_func=ui.lbl, index=None, key="orientation_field",
                 placeholder=_("Choose the field"))
    st.radio(_("Who asked for the conference?"), list(ReferralSource), format_func=ui.lbl, index=None,
             horizontal=True, key="orientation_referral")
    st.text_input(_("If someone else: who?"), max_chars=200, key="orientation_referral_other")
    left, right = st.columns(2)
    left.text_input(_("Referent's institution"), max_chars=200, key="orientation_referent_institution",
                    help=_("The service that knows the family and follows the situation, e.g. the child welfare "
                           "service (ASE)."))
    right.text_input(_("Referent professional"), max_chars=200, key="orientation_referent_name",
                     help=_("The name of the professional who follows the family."))

    st.header(_("The family's agreement"), anchor=False)
    st.checkbox(_("The family agrees to hold a family conference"), key="orientation_agreement")
    st.caption(_("A conference is the family's choice. Tick this only once the family has said yes, after "
                 "hearing what a conference is."))
    st.checkbox(_("The family received the information it is owed"), key="orientation_information")
    st.caption(_("You have explained how the conference works, who will see which information and for how "
                 "long it is kept, and that the family can say no or stop at any time."))

    st.header(_("Your neutrality"), anchor=False)
    st.caption(_("The coordinator must be neutral: from another structure than the referent, not already "
                 "knowing the family, and not its referent."))
    st.text_input(_("Your structure"), max_chars=200, key="orientation_institution",
                  help=_("The structure you work for."))
    st.checkbox(_("I already know this family (through my work or personally)"), key="orientation_prior_knowledge")
    st.checkbox(_("I am, or was, this family's referent"), key="orientation_is_referent")
    if conflicts:
        reasons = "\n".join(f"- {_(CONFLICT_TEXTS[code])}" for code in conflicts)
        if neutrality_resolved(neutrality):
            st.success(_("Neutrality conflict:") + "\n" + reasons + "\n\n" +
                       _("It is resolved: a co-coordinator from another structure works with you."),
                       icon=":material/handshake:")
        else:
            st.warning(_("Neutrality conflict:") + "\n" + reasons + "\n\n" +
                       _("You cannot coordinate this conference alone. The next step is blocked until you name a "
                         "co-coordinator from another structure: neither yours nor the referent's."),
                       icon=":material/warning:")
    if show_co:
        st.subheader(_("Co-coordinator"), anchor=False)
        left, right = st.columns(2)
        left.text_input(_("Co-coordinator's name"), max_chars=200, key="orientation_co_name")
        right.text_input(_("Co-coordinator's structure"), max_chars=200, key="orientation_co_institution",
                         help=_("In a small département, this can be a colleague seconded from a neighbouring "
                                "département."))
    opening = conf.phase is Phase.ORIENTATION
    save_col, next_col = st.columns(2)
    submitted = save_col.form_submit_button(_("Save"), type="secondary" if opening else "primary",
                                            icon=":material/save:", disabled=not editable, key="orientation_save")
    # Most of the time everything is there at once: save and move on in one click.
    go_on = opening and next_col.form_submit_button(_("Save and go to preparation"), type="primary",
                                                    icon=":material/arrow_forward:", disabled=not editable,
                                                    key="orientation_save_next")


def save() -> int:
    form = {
        "title": state["orientation_title"],
        "situation": state["orientation_situation"],
        "field": state["orientation_field"],
        "referral_source": state["orientation_referral"],
        "referral_other": state["orientation_referral_other"],
        "referent_institution": state["orientation_referent_institution"],
        "referent_name": state["orientation_referent_name"],
        "family_agreement": state["orientation_agreement"],
        "information_duty_met": state["orientation_information"],
        "coordinator_institution": state["orientation_institution"],
        "prior_knowledge": state["orientation_prior_knowledge"],
        "is_referent": state["orientation_is_referent"],
    }
    if show_co:
        form["co_coordinator_name"] = state["orientation_co_name"]
        form["co_coordinator_institution"] = state["orientation_co_institution"]
    return conferences.update_orientation(actor, conf.id, forms.loaded_version("orientation"), uow=ui.uow(), **form)


if submitted and forms.submit("orientation", save, _("Orientation saved.")) is not None:
    forms.done()
if go_on and forms.submit("orientation", save, _("Orientation saved.")) is not None:
    # Saved; change_phase checks what preparation needs and, when something is missing,
    # its message (shown here by ui.attempt) says what.
    if ui.attempt(lambda: conferences.change_phase(actor, conf.id, Phase.PREPARATION, uow=ui.uow())) is not None:
        st.switch_page(ui.PHASE_PAGES[Phase.PREPARATION])
forms.stale_notice("orientation")  # after a refused stale save: "show the latest version" (orientation_reload)

document_forms.show_flash()
document_forms.identity_form(actor, conf, disabled=not editable)

if conf.phase is Phase.ORIENTATION:
    st.divider()
    st.header(_("Next: preparation"), anchor=False)
    missing = missing_for(conf, Phase.PREPARATION)
    if missing:
        st.markdown(_("Still to do before preparation (from what is saved):") + "\n" +
                    "\n".join(f"- {_(ui.MISSING_LABELS.get(code, code))}" for code in missing))
    else:
        st.success(_("Everything is ready: you can start preparing the conference with the family."),
                   icon=":material/check_circle:")
    ui.next_step(actor, conf, Phase.PREPARATION, _("Go to preparation"), key="orientation_next")
