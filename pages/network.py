"""The network map, the coordinator's side: the map the family draws (same controls as
pages/family_network.py), what it shows (size, circles, help covered and missing, people
not yet invited or without a tie), the comparison with the map at adoption during
follow-up, and the files: the map drawn (offline HTML, PDF to print), GraphML, CSV, JSON,
a blank sheet for families who prefer paper, and imports.

« Shared screen » (on by default: this screen is often the family's screen) draws the
shareable view, where people flagged "never invite" do not exist. Turned off, the
professional view shows everyone, those people marked in red.
"""
from __future__ import annotations


import streamlit as st

from conference import clock
from conference.domain.enums import Phase, Relation
from conference.domain.errors import DomainError, NotFound
from conference.network import exchange
from conference.network.exchange import NetworkImportInvalid
from conference.services import network
from conference.store.uow import UnitOfWork
from pages import network_component as nc
from pages import ui

actor = ui.require_actor()
_ = ui.t()
conf = ui.require_conference(actor)
state = st.session_state
state.setdefault("net_shared", True)

st.title(ui.escape(conf.title), anchor=False)
top_left, top_right = st.columns([3, 2], vertical_alignment="center")
top_left.subheader(_("Network map"), anchor=False)
shared = top_right.toggle(_("Shared screen"), key="net_shared", help=_(
    "On when the family sees this screen: people flagged « never invite » are not shown, nor counted. "
    "Off: the professional view, with everyone."))
reader = network.get_shareable_network if shared else network.get_network
view = ui.attempt(lambda: reader(actor, conf.id, uow=ui.uow()))
if view is None:
    st.stop()
screen = nc.MapScreen(actor, conf.id, "net", view, editable=conf.phase is not Phase.CLOSED)
if not shared:
    st.warning(_("Professional view: it may show people the family must not see. Switch « Shared screen » on "
                 "before turning the screen to the family."), icon=":material/visibility:")
if conf.phase is Phase.CLOSED:
    st.info(_("This conference is closed: the map can be read and exported, not changed."), icon=":material/lock:")
nc.show_messages(screen.prefix)

CHANGE, FILES = _("Change a person"), _("Files")


# --- what the map shows -----------------------------------------------------------------

def analysis_section() -> None:
    a = view.analysis
    st.subheader(_("What the map shows"), anchor=False)
    size_col, conflict_col = st.columns(2)
    size_col.metric(_("People around"), a.size)
    conflict_col.metric(_("Conflicts"), a.conflicts)
    rings = "  \n".join(f"{nc.ring_name(ring).capitalize()} : **{a.per_ring[ring]}**" for ring in (1, 2, 3, None)
                        if ring is not None or a.per_ring[None])
    st.markdown(f"**{_('By circle')}**  \n{rings}")
    relations = " · ".join(f"{ui.lbl(r)} : **{n}**" for r, n in a.per_relation.items() if n)
    if relations:
        st.markdown(f"**{_('By relation')}**  \n{relations}")
    covered = " · ".join(f"{ui.lbl(s)} ({len(a.providers[s])})" for s in a.supports_covered)
    missing = " · ".join(ui.lbl(s) for s in a.supports_missing)
    st.markdown(f"**{_('Help the network can give')}**  \n" + (f":green[✓] {covered}" if covered else _("none yet")))
    if missing:
        st.markdown(f"**{_('Help nobody offers yet')}**  \n:orange[✗] {missing}")
    if a.not_yet_invited:
        st.markdown(f"**{_('Not yet invited')}** ({len(a.not_yet_invited)})  \n{nc.name_list(screen, a.not_yet_invited)}")
    if a.isolated:
        st.markdown(f"**{_('No tie with anyone yet')}** ({len(a.isolated)})  \n{nc.name_list(screen, a.isolated)}")
    if a.hidden:
        st.caption(_("{n} person(s) flagged « never invite »: never shown on a shared screen or in a file.",
                     n=a.hidden))


def comparison_section() -> None:
    """Follow-up: the map now against the map at the adoption of the plan."""
    st.subheader(_("Since the plan was adopted"), anchor=False)
    try:
        diff = network.compare_with_snapshot(actor, conf.id, "adoption", for_sharing=shared, uow=ui.uow())
    except NotFound:
        st.caption(_("No copy of the map was kept when the plan was adopted."))
        return
    except DomainError as error:
        st.error(ui.message(error), icon=":material/error:")
        return
    st.markdown(_("{before} people then, {after} now.", before=diff.size_before, after=diff.size_after))
    if diff.unchanged:
        st.caption(_("Nobody joined or left, and nobody changed circle."))
        return
    if diff.joined:
        st.markdown(f"**{_('Joined')}** : " + " · ".join(ui.escape(p.name) for p in diff.joined))
    if diff.left:
        st.markdown(f"**{_('Left')}** : " + " · ".join(ui.escape(p.name) for p in diff.left))
    if diff.ring_changed:
        st.markdown(f"**{_('Changed circle')}**  \n" + "  \n".join(
            f"{ui.escape(c.person.name)} : {nc.ring_name(c.before)} → {nc.ring_name(c.after)}"
            for c in diff.ring_changed))
    if diff.relation_changed:
        st.markdown(f"**{_('Changed relation')}**  \n" + "  \n".join(
            f"{ui.escape(c.person.name)} : {ui.escape(relation_name(c.before))} → {ui.escape(relation_name(c.after))}"
            for c in diff.relation_changed))


def relation_name(value) -> str:
    return ui.lbl(value) if isinstance(value, Relation) else str(value)


# --- files ---------------------------------------------------------------------------------

EXPORTS = (
    ("graphml", _("GraphML (network software)"), "application/graphml+xml"),
    ("csv", _("CSV, in a ZIP (spreadsheet)"), "application/zip"),
    ("json", _("JSON (Cercle, other tools)"), "application/json"),
)


def deferred(fmt: str):
    """The file's bytes, built (and audited) only when the button is clicked, on
    Streamlit's thread: its own unit of work, nothing from the session."""
    factory, who, ident = ui.uow().factory, actor, conf.id
    return lambda: network.export_network(who, ident, fmt, uow=UnitOfWork(factory))[1]


def drawn_map(fmt: str):
    """The map drawn, shareable view only: "html" (opens offline, for the family to keep)
    or "pdf" (A4, to print). Built and audited by the service on click."""
    factory, who, ident, lang = ui.uow().factory, actor, conf.id, ui.lang()
    return lambda: network.export_network_map(who, ident, fmt, lang=lang, uow=UnitOfWork(factory))[1]


def blank_worksheet():
    lang = ui.lang()
    return lambda: network.network_worksheet(lang=lang)[1]


def _import() -> None:
    upload, fmt = state.get("net_import_file"), state.get("net_import_format")
    state.pop("net_import_problems", None)
    if upload is None:
        nc.say("net", "error", _("Choose a file first."))
        return
    if fmt is None:
        name = upload.name.lower()
        fmt = "graphml" if name.endswith((".graphml", ".xml")) else "json" if name.endswith(".json") else "csv"
    try:
        result = network.import_network(actor, conf.id, fmt, upload.getvalue(), uow=ui.uow())
    except NetworkImportInvalid as error:
        state["net_import_problems"] = [exchange.problem_text(p, ui.lang()) for p in error.problems]
        return
    except DomainError as error:
        nc.say("net", "error", nc.problem(error))
        return
    state["net_undo"] = result.undo
    nc.say("net", "ok", _("File imported: {added} people added, {updated} updated, {ties} ties added.",
                           added=result.added, updated=result.updated, ties=result.ties_added))


def files_section() -> None:
    # The same names as the services give (known before the bytes exist).
    stamp, today = f"{clock.now():%Y-%m-%d}", f"{clock.today():%Y-%m-%d}"
    st.markdown("**" + _("Download the map") + "**")
    st.caption(_("Files never hold the people flagged « never invite », nor hidden phone numbers or notes. "
                 "Each download is recorded in the audit log."))
    st.download_button(_("Offline map (HTML), for the family to keep"), data=drawn_map("html"),
                       file_name=f"carte-reseau-conference-{conf.id}-{today}.html", mime="text/html",
                       on_click="ignore", icon=":material/map:", key="net_export_html")
    st.download_button(_("Map to print (PDF)"), data=drawn_map("pdf"),
                       file_name=f"carte-reseau-conference-{conf.id}-{today}.pdf", mime="application/pdf",
                       on_click="ignore", icon=":material/print:", key="net_export_pdf")
    for fmt, text, mime in EXPORTS:
        extension = "zip" if fmt == "csv" else fmt
        st.download_button(text, data=deferred(fmt), file_name=f"reseau-conference-{conf.id}-{stamp}.{extension}",
                           mime=mime, on_click="ignore", icon=":material/download:", key=f"net_export_{fmt}")
    st.download_button(_("Blank sheet with the circles (PDF), for families who prefer paper"),
                       data=blank_worksheet(), file_name="feuille-reseau.pdf", mime="application/pdf",
                       on_click="ignore", icon=":material/edit_document:", key="net_export_worksheet")
    st.divider()
    st.markdown("**" + _("Import a file") + "**")
    st.caption(_("The people of the file are added to the map, or completed when they are already on it. "
                 "Nobody is removed, and the whole import can be undone."))
    with st.form("net_import_form"):
        st.file_uploader(_("File"), type=["graphml", "xml", "csv", "zip", "json"], key="net_import_file")
        st.selectbox(_("Format"), exchange.FORMATS, index=None, key="net_import_format",
                     format_func=lambda f: {"graphml": "GraphML", "csv": "CSV", "json": "JSON"}[f],
                     placeholder=_("Guess from the file name"))
        st.form_submit_button(_("Import"), icon=":material/upload:", disabled=not screen.editable, on_click=_import)
    problems = state.get("net_import_problems")
    if problems:
        st.error(_("The file was not imported; nothing changed. Problems found:") + "\n\n"
                 + "\n".join(f"- {ui.escape(text)}" for text in problems), icon=":material/error:")


# --- the page ------------------------------------------------------------------------------

# The map takes the whole width (it is what the family looks at); below it, the
# controls on the left and what the map shows on the right.
nc.undo_button(screen)
nc.map_view(screen, change_tab=CHANGE)
nc.legend(view)
edit_col, facts_col = st.columns([3, 2], gap="large")
with edit_col:
    nc.editing_tabs(screen, key="net_tabs", extra={FILES: files_section})
with facts_col:
    analysis_section()
    if conf.phase in (Phase.FOLLOW_UP, Phase.CLOSED):
        comparison_section()

st.subheader(_("Who is on the map"), anchor=False)
nc.people_list(screen)
