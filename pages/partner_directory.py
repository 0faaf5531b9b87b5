"""Qui fait quoi: the structures that work with households, their missions and contacts
(with a successor when someone leaves), when each entry was last checked (a reminder past
a year); import from the CSV template or a data·inclusion export (a file with problems is
refused whole, every problem listed with its line); the printable sheet."""
from __future__ import annotations

import streamlit as st

from conference import clock
from conference.domain.directory import RESEAUX_PORTEURS, FileFormat
from conference.security import partner_rules
from conference.services import partner_directory as directory
from conference.services import partner_documents
from pages import partner_ui, ui

actor = ui.require_actor()
_ = ui.t()
partner_ui.show_flash()
manager = partner_rules.can_manage_directory(actor)  # comfort only: the service checks
st.title(_("Who does what"), anchor=False)

entries = ui.attempt(lambda: directory.list_structures(actor, uow=ui.uow())) or []
st.download_button(_("The « who does what » sheet to print (.docx)"),
                   data=partner_ui.deferred(partner_documents.export_who_does_what, actor), file_name="qui-fait-quoi.docx",
                   mime=partner_ui.DOCX, on_click="ignore", icon=":material/print:", key="directory_sheet")

old = [e for e in entries if e.needs_verification and e.active]
if old:
    st.warning(_("To check again (never checked, or more than a year ago): {names}",
                 names=ui.escape(", ".join(e.name for e in old))), icon=":material/update:")

search = st.text_input(_("Search"), key="directory_search", placeholder=_("A name, a mission, a town…"))
wanted = search.strip().casefold()
for entry in entries:
    text = " ".join((entry.name, entry.missions, entry.public, entry.commune, *entry.reseaux_porteurs)).casefold()
    if wanted and wanted not in text:
        continue
    codes = ", ".join(RESEAUX_PORTEURS.get(code, code) for code in entry.reseaux_porteurs)
    checked = _("checked on {date}", date=partner_ui.day(entry.last_verified)) if entry.last_verified else \
        _("never checked")
    title = f"{entry.name}" + (f" · {codes}" if codes else "") + f" · {checked}"
    with st.expander(ui.escape(title), icon=":material/update:" if entry.needs_verification else None):
        for label, value in ((_("Missions"), entry.missions), (_("Public"), entry.public),
                             (_("Conditions"), entry.eligibility), (_("Opening hours"), entry.opening_hours),
                             (_("Address"), " ".join(x for x in (entry.address, entry.postal_code, entry.commune)
                                                    if x)),
                             (_("Phone"), entry.phone), (_("E-mail"), entry.email)):
            if value:
                st.markdown(f"**{label}**  \n{ui.escape(value)}")
        present = {c.id: c for c in entry.contacts if c.left_at is None}
        for contact in entry.contacts:
            line = f"- {ui.escape(contact.name)}" + (f" — {ui.escape(contact.role)}" if contact.role else "")
            line += "".join(f" · {ui.escape(x)}" for x in (contact.phone, contact.email) if x)
            if contact.left_at:
                successor = next((c.name for c in entry.contacts if c.id == contact.successor_id), None)
                line += " · " + _("left on {date}", date=partner_ui.day(contact.left_at)) + (
                    " → " + ui.escape(successor) if successor else "")
            st.markdown(line)
        if not manager:
            continue
        left, right = st.columns(2)
        if left.button(_("Checked today"), key=f"directory_verify_{entry.id}", icon=":material/task_alt:"):
            partner_ui.saved(ui.attempt(lambda e=entry: directory.mark_verified(actor, e.id, uow=ui.uow()) or True),
                             _("Marked as checked today."))
        with st.form(f"directory_contact_{entry.id}", clear_on_submit=True):
            a, b, c, d = st.columns(4)
            name = a.text_input(_("Name"), max_chars=200, key=f"directory_contact_name_{entry.id}")
            role = b.text_input(_("Role"), max_chars=200, key=f"directory_contact_role_{entry.id}")
            phone = c.text_input(_("Phone"), max_chars=60, key=f"directory_contact_phone_{entry.id}")
            email = d.text_input(_("E-mail"), max_chars=200, key=f"directory_contact_email_{entry.id}")
            if st.form_submit_button(_("Add this contact"), icon=":material/person_add:"):
                partner_ui.saved(ui.attempt(lambda e=entry, n=name, r=role, p=phone, m=email: directory.add_contact(
                    actor, e.id, n, r, phone=p, email=m, uow=ui.uow())), _("Contact added."))
        if present:
            with st.form(f"directory_leaves_{entry.id}"):
                a, b = st.columns(2)
                leaving = a.selectbox(_("Who leaves"), list(present), format_func=lambda i, p=present: p[i].name,
                                      index=None, key=f"directory_leaving_{entry.id}")
                successor = b.selectbox(_("Who takes over"), list(present), index=None,
                                        format_func=lambda i, p=present: p[i].name,
                                        key=f"directory_successor_{entry.id}")
                if st.form_submit_button(_("Record the departure"), icon=":material/logout:") and leaving:
                    partner_ui.saved(ui.attempt(lambda lv=leaving, sc=successor: directory.contact_leaves(
                        actor, lv, sc, uow=ui.uow()) or True), _("Departure recorded."))
if not entries:
    st.info(_("The directory is empty. Add a structure or import a file."))

if not manager:
    st.stop()

st.subheader(_("Add a structure"), anchor=False)
with st.form("directory_new_form", clear_on_submit=True):
    left, right = st.columns(2)
    name = left.text_input(_("Name of the structure"), max_chars=150, key="directory_new_name")
    codes = right.multiselect(_("Type (data·inclusion network)"), list(RESEAUX_PORTEURS), key="directory_new_codes",
                              format_func=lambda code: f"{RESEAUX_PORTEURS[code]} ({code})")
    missions = st.text_area(_("Missions"), max_chars=5000, key="directory_new_missions")
    left, right = st.columns(2)
    public = left.text_input(_("Public"), max_chars=1000, key="directory_new_public")
    eligibility = right.text_input(_("Conditions"), max_chars=1000, key="directory_new_eligibility")
    left, middle, right = st.columns(3)
    hours = left.text_input(_("Opening hours"), max_chars=300, key="directory_new_hours")
    phone = middle.text_input(_("Phone"), max_chars=60, key="directory_new_phone")
    email = right.text_input(_("E-mail"), max_chars=200, key="directory_new_email")
    added = st.form_submit_button(_("Add the structure"), type="primary", icon=":material/add_business:")
if added:
    partner_ui.saved(ui.attempt(lambda: directory.create_structure(
        actor, name, reseaux_porteurs=codes, last_verified=clock.today(), missions=missions, public=public,
        eligibility=eligibility, opening_hours=hours, phone=phone, email=email, uow=ui.uow())),
        _("Structure added."))

st.subheader(_("Import a file"), anchor=False)
st.caption(_("The template: one structure per line, columns separated by « ; », UTF-8, the column names of "
             "data·inclusion. Or a data·inclusion « structures » export (JSON or CSV). A file with a problem is "
             "refused whole: nothing changes until every line is right."))
st.download_button(_("The CSV template"), data=directory.template_file(), file_name="modele-qui-fait-quoi.csv",
                   mime=partner_ui.CSV, icon=":material/download:", key="directory_template", on_click="ignore")
with st.form("directory_import_form"):
    fmt = st.radio(_("Kind of file"), list(FileFormat), horizontal=True, key="directory_import_format",
                   format_func=lambda f: _("Cercle's template (CSV)") if f is FileFormat.CSV else
                   _("data·inclusion export"))
    upload = st.file_uploader(_("The file"), type=["csv", "json"], key="directory_import_file")
    imported = st.form_submit_button(_("Import"), type="primary", icon=":material/upload:")
if imported:
    if upload is None:
        st.warning(_("Choose a file first."), icon=":material/warning:")
    else:
        def run_import():
            try:
                return directory.import_directory(actor, upload.getvalue(), fmt, uow=ui.uow())
            except directory.DirectoryFileRefused as refused:
                st.error(_("The file is refused, nothing was changed. Correct these lines, then import it again:")
                         + "\n\n" + "\n".join(f"- {ui.escape(directory.problem_text(p, ui.lang()))}"
                                              for p in refused.problems), icon=":material/error:")
                return None
        report = ui.attempt(run_import)
        if report is not None:
            partner_ui.saved(report, _("Imported: {created} structures added, {updated} updated, {contacts} contacts.",
                                       created=report.created, updated=report.updated, contacts=report.contacts))
