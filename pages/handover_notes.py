"""Handover notes (fiches de passation): when a professional leaves, what the successor
must know so that the household tells its story only once. The successor sees the notes
waiting for them and confirms; the « votre nouveau contact » letter for the household."""
from __future__ import annotations

import streamlit as st

from conference import clock
from conference.domain.partnership import HandoverNote
from conference.services import handover_notes, households
from pages import partner_ui, ui

actor = ui.require_actor()
_ = ui.t()
partner_ui.show_flash()
st.title(_("Handover notes"), anchor=False)


def note_text(note: HandoverNote) -> None:
    st.markdown(_("From **{name}** ({structure}) to **{successor}** ({successor_structure}), written on {date}.",
                  name=ui.escape(note.from_name), structure=ui.escape(note.from_structure),
                  successor=ui.escape(note.to_name), successor_structure=ui.escape(note.successor_structure or "—"),
                  date=partner_ui.day(clock.local_date(note.written_at))))
    for title, text in ((_("Where things stand"), note.situation),
                        (_("What the household already told (do not ask again)"), note.already_told),
                        (_("Steps under way"), note.pending_steps), (_("What may be shared"), note.may_share)):
        if text:
            st.markdown(f"**{title}**  \n{ui.escape(text)}")


def downloads(note: HandoverNote) -> None:
    left, right = st.columns(2)
    left.download_button(_("The handover note (.docx)"),
                         data=partner_ui.deferred(handover_notes.export_handover_note, actor, note.id),
                         file_name=f"fiche-de-passation-{note.id}.docx", mime=partner_ui.DOCX, on_click="ignore",
                         icon=":material/download:", key=f"handover_docx_{note.id}")
    right.download_button(_("The « your new contact » letter for the household (.docx)"),
                          data=partner_ui.deferred(handover_notes.export_handover_note, actor, note.id, letter=True),
                          file_name=f"votre-nouveau-contact-{note.id}.docx", mime=partner_ui.DOCX,
                          on_click="ignore", icon=":material/download:", key=f"handover_letter_{note.id}")


notes = ui.attempt(lambda: handover_notes.handover_notes_for(actor, uow=ui.uow())) or []
waiting = [n for n in notes if n.to_user_id == actor.id and not n.confirmed]
others = [n for n in notes if n not in waiting]

if waiting:
    st.subheader(_("Waiting for you"), anchor=False)
for note in waiting:
    with st.container(border=True):
        st.markdown(f"### {ui.escape(note.household_label)}")
        note_text(note)
        if st.button(_("I have read this note and I take over"), type="primary", key=f"handover_confirm_{note.id}",
                     icon=":material/how_to_reg:"):
            partner_ui.saved(ui.attempt(lambda n=note: handover_notes.confirm_handover(actor, n.id, n.version,
                                                                                       uow=ui.uow())),
                             _("Handover confirmed: you are the new contact."))
        downloads(note)

st.subheader(_("Write a handover note"), anchor=False)
found = ui.attempt(lambda: households.list_households(actor, uow=ui.uow())) or []
people = partner_ui.people(actor)
if not found:
    st.info(_("No household yet."))
else:
    labels = {h.id: h.label for h in found}
    with st.form("handover_form", clear_on_submit=True):
        household_id = st.selectbox(_("Household"), list(labels), format_func=labels.get,
                                    index=0 if len(labels) == 1 else None, key="handover_household")
        left, right = st.columns(2)
        leaving = left.selectbox(_("Who leaves"), people, index=None, format_func=lambda p: p.label,
                                 key="handover_from", placeholder=_("Me"))
        successor = right.selectbox(_("The successor"), people, index=None, format_func=lambda p: p.label,
                                    key="handover_to")
        situation = st.text_area(_("Where things stand"), max_chars=10_000, key="handover_situation")
        told = st.text_area(_("What the household already told (so that no one asks again)"), max_chars=10_000,
                            key="handover_told")
        pending = st.text_area(_("Steps under way"), max_chars=10_000, key="handover_pending")
        may_share = st.text_area(_("What may be shared"), max_chars=10_000, key="handover_share")
        written = st.form_submit_button(_("Save the handover note"), type="primary", icon=":material/move_up:")
    if written:
        if household_id is None or successor is None:
            st.warning(_("Choose the household and the successor first."), icon=":material/warning:")
        else:
            partner_ui.saved(ui.attempt(lambda: handover_notes.write_handover_note(
                actor, household_id, situation=situation, already_told=told, pending_steps=pending,
                may_share=may_share, from_user_id=leaving.user_id if leaving else None,
                from_contact_id=leaving.contact_id if leaving else None, to_user_id=successor.user_id,
                to_contact_id=successor.contact_id, uow=ui.uow())),
                _("The handover note is saved; the successor will confirm it."))

if others:
    st.subheader(_("All handover notes"), anchor=False)
for note in others:
    state = _("confirmed on {date}", date=partner_ui.day(clock.local_date(note.confirmed_at))) if note.confirmed else \
        _("waiting for the successor")
    with st.expander(ui.escape(f"{note.household_label} · {note.from_name} → {note.to_name} · {state}")):
        note_text(note)
        downloads(note)
