"""Files and annual note (issue 9): the evaluation's pseudonymised files for the pilot's
territories — workbook (.xlsx, .ods), CSV tables, open answers (.qdpx), annual note
(.docx) — with a progress bar, then a download. The same bytes as ``cercle stats export``
(``services/evaluation_files.py``: checked, audited)."""
import streamlit as st

from conference import clock
from conference.domain.errors import Forbidden, InvalidInput
from conference.evaluation.errors import EvaluationRefused
from conference.services import evaluation_files
from pages import ui

MONTHS_OFFERED = 48

actor = ui.require_actor()
_ = ui.t()
st.title(_("Files and annual note"))
st.caption(_("Pseudonymised files: no names, no contact details, no exact dates (month and year only); counts "
             "from 1 to 5 shown as « c ». Open answers leave Cercle only with their author's consent."))

choices = ui.attempt(lambda: evaluation_files.territories(actor, uow=ui.uow())) or []
if not choices:
    st.info(_("No territory is given to your account yet. Ask your administrator."))
    st.stop()

FORMAT_LABELS = {"xlsx": _("Workbook (.xlsx)"), "ods": _("Workbook, OpenDocument (.ods)"),
                 "csv": _("Tables as CSV (.zip)"), "qdpx": _("Open answers for qualitative software (.qdpx)"),
                 "note": _("Annual note (.docx)")}
fmt = st.radio(_("File"), list(FORMAT_LABELS), format_func=FORMAT_LABELS.get, key="files_format")
by_id = {c.id: c for c in choices}
chosen = st.multiselect(_("Territories"), list(by_id), default=list(by_id), format_func=lambda i: by_id[i].name,
                        key="files_territories")
today = clock.today()
months = [f"{(today.year * 12 + today.month - 1 - k) // 12:04d}-{(today.year * 12 + today.month - 1 - k) % 12 + 1:02d}"
          for k in range(MONTHS_OFFERED)][::-1]
left, right = st.columns(2)
month_from = left.selectbox(_("First month"), ["", *months], format_func=lambda m: m or _("from the start"),
                            key="files_from")
month_to = right.selectbox(_("Last month"), ["", *months], format_func=lambda m: m or _("up to now"),
                           key="files_to")
publication = st.toggle(_("For publication: masked tables only (no row-level sheet)"), key="files_publication",
                        disabled=fmt in ("qdpx", "note"),
                        help=_("The evaluators' files hold one row per situation and per answer, under keyed "
                               "pseudonyms; a publication file holds only the masked tables."))

if st.button(_("Prepare the file"), type="primary", icon=":material/description:", key="files_prepare",
             disabled=not chosen):
    bar = st.progress(0.0, text=_("Reading the evaluation data…"))

    def progress(fraction: float, label: str) -> None:
        bar.progress(min(1.0, max(0.0, fraction)), text=_(label))

    st.session_state.pop("files_ready", None)
    try:
        data = evaluation_files.export(actor, fmt, territory_ids=chosen, month_from=month_from or None,
                                       month_to=month_to or None, publication=publication and fmt not in ("qdpx", "note"),
                                       progress=progress, lang=ui.lang(), uow=ui.uow())
    except (EvaluationRefused, Forbidden, InvalidInput) as error:
        bar.empty()
        st.error(evaluation_files.refusal_text(error, ui.lang()), icon=":material/error:")
    else:
        st.session_state["files_ready"] = (
            evaluation_files.file_name(fmt, publication=publication, month_from=month_from or None,
                                       month_to=month_to or None), evaluation_files.MIME[fmt], data)

ready = st.session_state.get("files_ready")
if ready:
    name, mime, data = ready
    st.download_button(_("Download {name}", name=name), data, file_name=name, mime=mime, type="primary",
                       icon=":material/download:", key="files_download")
