"""Small forms for what the plan and follow-up documents print beyond the plan itself
(not a page: orientation and validation call them).

- ``identity_form`` (orientation): the referent's service and telephone, why the
  conference is held, the coordinator's contact (printed on the consent record);
- ``plan_details_form`` (validation): who holds parental authority, the family member who
  watches over the plan, whom to call if it does not work, what each professional
  brings, who receives a copy.

Each form saves in one service call (``documents.save_document_details``) with the
version the page loaded: a stale form is refused, never silently overwritten.
"""
from __future__ import annotations

import streamlit as st

from conference.domain import safety
from conference.domain.model import Conference
from conference.security.rules import Actor
from conference.services import documents
from pages import ui

FLASH = "document_forms_flash"


def _saved(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


def show_flash() -> None:
    if FLASH in st.session_state:
        st.toast(st.session_state.pop(FLASH), icon=":material/check:")


def identity_form(actor: Actor, conf: Conference, *, disabled: bool = False) -> None:
    """What the identity block of the documents needs, beyond the orientation form."""
    _ = ui.t()
    key = f"docid_{conf.id}_{conf.version}"  # a new version refills the widgets from the database
    with st.expander(_("For the documents: the referent's service, why the conference is held"),
                     icon=":material/badge:"):
        with st.form(f"{key}_form", border=False):
            left, right = st.columns(2)
            service = left.text_input(_("Referent's service"), value=conf.referent_service, max_chars=200,
                                      key=f"{key}_service", help=_("e.g. Aide sociale à l'enfance, Maison des "
                                                                   "solidarités du secteur Nord."))
            phone = right.text_input(_("Referent's telephone"), value=conf.referent_phone, max_chars=60,
                                     key=f"{key}_phone")
            reason = st.text_area(_("Why the conference is held (printed on the plan)"), value=conf.conference_reason,
                                  max_chars=2000, height=80, key=f"{key}_reason",
                                  help=_("One or two plain sentences the family agrees with. No health or legal "
                                         "details."))
            contact = st.text_input(_("Your contact for the family (telephone or e-mail)"),
                                    value=conf.coordinator_contact, max_chars=300, key=f"{key}_contact",
                                    help=_("Printed on the consent record, so the family knows whom to ask."))
            submitted = st.form_submit_button(_("Save for the documents"), icon=":material/save:", disabled=disabled,
                                              key=f"{key}_save")
    if submitted and ui.attempt(lambda: documents.save_document_details(
            actor, conf.id, conf.version, referent_service=service, referent_phone=phone,
            conference_reason=reason, coordinator_contact=contact, uow=ui.uow())) is not None:
        st.session_state.pop("orientation_loaded", None)  # the orientation form reloads the new version
        _saved(_("Saved for the documents."))


def plan_details_form(actor: Actor, conf: Conference, *, disabled: bool = False) -> None:
    """Parental authority, the plan's watcher, whom to call, professionals, copies."""
    _ = ui.t()
    key = f"docplan_{conf.id}_{conf.version}"
    people = [p for p in conf.participants if not p.is_focal]
    names = {p.id: p.name + ("" if safety.is_shareable(p) else " ⚠") for p in people}
    shown = [p.id for p in people if safety.is_shareable(p)]
    with st.expander(_("For the documents: parental authority, who watches over the plan, copies"),
                     icon=":material/description:"):
        with st.form(f"{key}_form", border=False):
            holders = st.multiselect(_("Who holds parental authority?"), list(names), format_func=names.get,
                                     default=[p.id for p in people if p.parental_authority], key=f"{key}_holders",
                                     placeholder=_("Nobody, or not applicable"),
                                     help=_("A person flagged as a safety risk (⚠) is printed as « another holder "
                                            "of parental authority, not named here »."))
            watcher = st.selectbox(_("In the family, who watches over the plan?"), shown, format_func=names.get,
                                   index=shown.index(conf.plan_watcher_id) if conf.plan_watcher_id in shown else None,
                                   placeholder=_("Nobody chosen yet"), key=f"{key}_watcher")
            fallback = st.text_input(_("If it does not work, who to call"), value=conf.fallback_contact,
                                     max_chars=2000, key=f"{key}_fallback",
                                     help=_("A name and a telephone number, e.g. the coordinator or the referent."))
            commitments = st.text_area(_("What each professional brings (one per line)"),
                                       value=conf.professional_commitments, max_chars=3000, height=90,
                                       key=f"{key}_commitments",
                                       help=_("e.g. « Centre social: pays the canteen until June »."))
            copies = st.text_area(_("Who receives a copy of the plan (one per line)"), value=conf.copy_recipients,
                                  max_chars=2000, height=80, key=f"{key}_copies",
                                  help=_("Left empty: the family, the referent and the coordination."))
            submitted = st.form_submit_button(_("Save for the documents"), icon=":material/save:", disabled=disabled,
                                              key=f"{key}_save")
    if not submitted:
        return

    def save() -> bool:
        documents.set_parental_authority(actor, conf.id, holders, uow=ui.uow())
        documents.save_document_details(actor, conf.id, conf.version, plan_watcher_id=watcher,
                                        fallback_contact=fallback, professional_commitments=commitments,
                                        copy_recipients=copies, uow=ui.uow())
        return True

    if ui.attempt(save) is not None:
        _saved(_("Saved for the documents."))


def refused_plans(conf: Conference) -> None:
    """Every plan the referent refused, read-only, under its version number (the plan
    adopted after a refusal is the next version)."""
    from conference.services import validation

    _ = ui.t()
    for number, content, reason in validation.refused_plans(conf):
        content = safety.redact_plan_content(content, conf.participants)
        with st.expander(_("Plan version {number}, refused by the referent (read only)", number=number),
                         icon=":material/block:"):
            st.markdown(_("Reason: {text}", text=ui.escape(reason)) if reason else "—")
            for action in content.get("actions") or ():
                who = (_("person removed — to review with the coordination") if action.get(safety.WITHHELD)
                       else action.get("who") or "—")
                st.markdown(f"- **{ui.escape(action.get('what') or '')}** — {ui.escape(who)}")
