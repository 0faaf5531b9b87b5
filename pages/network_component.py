"""The network map on a page: the map component (``st.components.v2``) and the controls
the coordinator's page (pages/network.py) and the family's (pages/family_network.py)
share. Not a page itself.

The component draws ``render.payload_json`` with vis-network and talks back: a person
dragged → ``moved`` ``{id, x, y, version}``; a person tapped → ``picked`` ``id``.
vis-network (pyvis's own file, ~470 KB) is not part of the component: Streamlit copies
a component's inline html/css/js into every delta, so the component's script loads it
once per browser tab from Streamlit's component file route (``vis_url``) and reuses
``window.vis`` on every rerun. See docs/decisions/0007-network-map-component.md.

Every edit is a callback: it runs before the page script, calls one service, keeps the
change's undo token (``<prefix>_undo``) and a message for the next run; the page then
draws the saved map. Session state holds only ids, the undo token and UI state. The
forms under the map (add, change, ties) are in pages/network_editing.py.
"""
from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import streamlit as st
from streamlit.components.v1 import declare_component

from conference.domain import errors as e
from conference.domain.enums import TieKind
from conference.i18n import N_
from conference.network import render
from conference.security.rules import Actor
from conference.services import network
from conference.services.network import NetworkChange, NetworkView
from pages import ui

ASSETS = Path(__file__).resolve().parent / "network_assets"
COMPONENT = "cercle_network_map"
VIS_ROUTE = "vis_network"    # served as /component/pages.network_component.vis_network/<file>
MODULE_ROUTE = "map_module"  # served as /component/pages.network_component.map_module/<file>

# The component's own inline script is this loader only: Streamlit copies inline js into
# every delta, so the drawing code (render.MAP_SCRIPT + network_map.js, ~18 KB) is
# served as a file too, imported once per page and then reused from the module map.
LOADER = """export default function (component) {
  const url = new URL(component.data.module, window.location.href).href;  // this module is a blob: no base URL
  return import(url).then((module) => module.default(component));
}"""

_map_component = st.components.v2.component(
    COMPONENT,
    html=(ASSETS / "network_map.html").read_text(encoding="utf-8"),
    css=(ASSETS / "network_map.css").read_text(encoding="utf-8") + render.MAP_CSS,
    js=LOADER,
)

RINGS = (1, 2, 3, 0)  # 0: not placed yet (a selectbox shows its placeholder for None)
RING_CHOICES = {1: N_("1 · very close"), 2: N_("2 · close"), 3: N_("3 · further"), 0: N_("Not placed yet")}
CHANGE_LABELS = {
    "member.added": N_("person added"), "ring.set": N_("circle changed"), "relation.set": N_("relation changed"),
    "supports.set": N_("help changed"), "member.moved": N_("person moved"), "position.reset": N_("person put back"),
    "tie.added": N_("tie added"), "tie.removed": N_("tie removed"), "network.imported": N_("file imported"),
}
TIE_CHOICES = {TieKind.SUPPORT: N_("They help each other"), TieKind.CONFLICT: N_("Conflict"),
               TieKind.BROKEN: N_("Contact broken")}


def _served(route_name: str, folder: Path, file_name: str) -> str:
    """The URL of ``folder/file_name`` through Streamlit's component file route: a
    ``components.v1`` declaration with a ``path`` (never mounted) makes Streamlit serve
    that folder, with ``Cache-Control: public``. Idempotent; it needs a script run."""
    route = declare_component(route_name, path=str(folder))
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{'/' + base if base else ''}/component/{route.name}/{file_name}"


def vis_url() -> str:
    """vis-network from pyvis's own folder: no file copied, no server setting changed."""
    return _served(VIS_ROUTE, render.VIS_DIR, render.VIS_JS.name)


@lru_cache(maxsize=1)
def _module_file() -> tuple[Path, str]:
    """The drawing code as an ES module in a private folder of this process (mkdtemp:
    0700, an unpredictable name), named after its content so a new version is a new URL."""
    code = render.MAP_SCRIPT + "\n" + (ASSETS / "network_map.js").read_text(encoding="utf-8")
    name = f"network_map-{hashlib.sha256(code.encode('utf-8')).hexdigest()[:12]}.js"
    folder = Path(tempfile.mkdtemp(prefix="cercle-map-"))
    (folder / name).write_text(code, encoding="utf-8")
    return folder, name


def module_url() -> str:
    return _served(MODULE_ROUTE, *_module_file())


# --- the screen --------------------------------------------------------------------------

@dataclass(frozen=True)
class MapScreen:
    """One screen's map: who acts, on which conference, with which session-state prefix
    (``net`` for the coordinator, ``fnet`` for the family: each screen undoes its own
    last change), the view drawn, and whether it may be edited."""

    actor: Actor
    conference_id: int
    prefix: str
    view: NetworkView
    editable: bool

    def key(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    @cached_property
    def members(self) -> list:
        """Everyone but the focal person(s), by name: who can be placed, changed, tied."""
        return sorted((p for p in self.view.participants if not p.is_focal), key=lambda p: (p.name.casefold(), p.id))

    @cached_property
    def people(self) -> list:
        """Everyone the screen shows (focal people first), for ties."""
        return sorted(self.view.participants, key=lambda p: (not p.is_focal, p.name.casefold(), p.id))

    @cached_property
    def _names(self) -> dict[int, str]:
        return {p.id: p.name for p in self.view.participants}

    def name(self, ident: int | None) -> str:
        """A person's name (select boxes call this once per option: a dict, not a search)."""
        return self._names.get(ident, "")


def focal_names(view: NetworkView) -> str:
    return " · ".join(p.name for p in view.participants if p.is_focal)


def ring_choice(ring: int) -> str:
    """A circle as a choice: « 1 · très proche » (0: not placed yet)."""
    return ui.t()(RING_CHOICES[ring])


def ring_name(ring: int | None) -> str:
    """A circle in a sentence or a list, as the map writes it: « 1 très proche »."""
    return ui.t()(render.RING_LABELS[ring if ring in (1, 2, 3) else None])


def name_list(screen: MapScreen, ids, *, limit: int = 30) -> str:
    """« Mamie Mariam · Oncle Karim · … and 12 more », escaped for markdown."""
    _ = ui.t()
    ids = list(ids)
    shown = " · ".join(ui.escape(screen.name(i)) for i in ids[:limit])
    return shown + (" " + _("… and {n} more", n=len(ids) - limit) if len(ids) > limit else "")


# --- running an edit (always from a callback) ---------------------------------------------

def say(prefix: str, kind: str, text: str) -> None:
    """Keep a message (markdown: names in it already escaped) for the next run of the page."""
    st.session_state.setdefault(f"{prefix}_flash", []).append((kind, text))


def show_messages(prefix: str) -> None:
    """The messages the last edit left (success as a toast, problems in the page)."""
    for kind, text in st.session_state.pop(f"{prefix}_flash", []):
        if kind == "error":
            st.error(text, icon=":material/error:")
        else:
            st.toast(text, icon=":material/check:")


def problem(error: e.DomainError) -> str:
    """French text for a refused map edit (``ui.message`` for the general cases)."""
    _ = ui.t()
    if isinstance(error, e.InvalidInput) and error.field == "tie":
        if error.code == "self_tie":
            return _("Choose two different people.")
        if error.code == "duplicate":
            return _("These two people are already tied. Remove the old tie first to change it.")
    if isinstance(error, e.InvalidInput) and error.field == "relation" and error.code == "required":
        return _("Say who the person is: family, friend, neighbour…")
    if isinstance(error, e.InvalidInput) and error.field == "name" and error.code == "required":
        return _("Write a name or a nickname.")
    if isinstance(error, e.InvalidInput) and error.field in ("x", "y"):
        return _("This place is too far from the map. Move the person closer to the circles.")
    if isinstance(error, e.StaleWrite):
        return _("Someone changed the map while you were working. The map now shows the latest version: "
                 "make your change again.")
    return ui.message(error)


def run(screen: MapScreen, action: Callable[[], NetworkChange | None], success: str) -> NetworkChange | None:
    """Call one service; keep its undo token and a message for the next run."""
    try:
        change = action()
    except e.DomainError as error:
        say(screen.prefix, "error", problem(error))
        return None
    if isinstance(change, NetworkChange):
        st.session_state[screen.key("undo")] = change.undo
    say(screen.prefix, "ok", success)
    return change


def _undo(screen: MapScreen) -> None:
    _ = ui.t()
    token = st.session_state.pop(screen.key("undo"), None)
    if token is None:
        return
    try:
        network.undo_last_change(screen.actor, screen.conference_id, token, uow=ui.uow())
    except e.StaleWrite:
        say(screen.prefix, "error", _("This change can no longer be undone: the map has changed since."))
    except e.DomainError as error:
        say(screen.prefix, "error", problem(error))
    else:
        say(screen.prefix, "ok", _("Change undone."))


def undo_button(screen: MapScreen) -> None:
    """« Undo the last change (tie added) »: one level, this screen's own change."""
    _ = ui.t()
    token = st.session_state.get(screen.key("undo"))
    if token is not None and token.conference_id != screen.conference_id:
        st.session_state.pop(screen.key("undo"), None)
        token = None
    # Always there (greyed out when there is nothing to undo), so the map below never jumps.
    text = _("Undo the last change ({what})", what=_(CHANGE_LABELS.get(token.action, token.action))) if token \
        else _("Undo the last change")
    st.button(text, icon=":material/undo:", key=screen.key("undo_button"), on_click=_undo, args=(screen,),
              disabled=token is None or not screen.editable)


# --- the map itself -----------------------------------------------------------------------

def _on_moved(screen: MapScreen, key: str) -> None:
    _ = ui.t()
    move = (st.session_state.get(key) or {}).get("moved")
    try:  # this comes from the browser: take nothing on trust
        ident, x, y, version = int(move["id"]), float(move["x"]), float(move["y"]), int(move["version"])
    except (TypeError, KeyError, ValueError):
        return
    run(screen, lambda: network.move_member(screen.actor, screen.conference_id, ident, x, y, version, uow=ui.uow()),
        _("{name} moved.", name=ui.escape(screen.name(ident))))


def _on_picked(screen: MapScreen, key: str, tab: str | None) -> None:
    _ = ui.t()
    picked = (st.session_state.get(key) or {}).get("picked")
    if isinstance(picked, int) and picked in {p.id for p in screen.members}:
        st.session_state[screen.key("person")] = picked
        if tab is not None:
            st.session_state[screen.key("tabs")] = tab
            say(screen.prefix, "ok", _("{name}: change them below, in « {tab} ».",
                                       name=ui.escape(screen.name(picked)), tab=tab))


def map_view(screen: MapScreen, *, change_tab: str | None = None) -> None:
    """The map component. Dragging a person saves the place (``move_member``, with the
    version the browser had); tapping one opens them in « Change a person »."""
    _ = ui.t()
    key = screen.key("map")
    count = sum(1 for p in screen.view.participants if not p.is_focal)
    _map_component(
        key=key,
        data={"payload": render.payload_json(screen.view.map, lang=ui.lang()), "vis": vis_url(), "module": module_url(),
              "editable": screen.editable, "aria": _("Network map of {count} people", count=count)},
        on_moved_change=lambda: _on_moved(screen, key),
        on_picked_change=lambda: _on_picked(screen, key, change_tab),
    )
    if screen.editable and count:
        st.caption(_("Drag a person to move them: the place is saved. Tap a person to change them."))


def legend(view: NetworkView) -> None:
    """The map's shapes, colours and lines, from the catalogs (the map itself has no text
    but names and circles)."""
    _ = ui.t()
    present = {p.relation for p in view.participants if not p.is_focal}
    shapes = [f":{s.streamlit_colour}[{s.symbol}] {ui.lbl(r)}" for r, s in render.RELATION_STYLES.items()
              if r in present] or [f":{s.streamlit_colour}[{s.symbol}] {ui.lbl(r)}"
                                  for r, s in render.RELATION_STYLES.items()]
    lines = [f"**:{s.streamlit_colour}[{s.sample}]** {_(TIE_CHOICES[k])}" for k, s in render.TIE_STYLES.items()]
    text = "**" + _("Legend") + "** · " + " · ".join(shapes) + "  \n" + " · ".join(lines)
    if any(p.not_safe for p in view.participants):
        text += "  \n:red[⚠] " + _("red dashed outline: never invite (safety); not shown on a shared screen")
    st.markdown(text)


def people_list(screen: MapScreen) -> None:
    """The map as text: who is on each circle, and the ties (for reading aloud, for a
    screen reader, and to check a name)."""
    _ = ui.t()
    view = screen.view
    by_ring: dict[int | None, list[str]] = {ring: [] for ring in (1, 2, 3, None)}
    for person in screen.members:
        name = ui.escape(person.name) + (" ⚠" if person.not_safe else "")
        by_ring[person.ring if person.ring in (1, 2, 3) else None].append(name)
    centre = focal_names(view)
    lines = []
    if centre:
        lines.append(f"- **{_('At the centre')}** : {ui.escape(centre)}")
    for ring, names in by_ring.items():
        if names:
            lines.append(f"- **{ring_name(ring).capitalize()}** ({len(names)}) : " + " · ".join(names))
    st.markdown("\n".join(lines) if lines else _("Nobody is on the map yet."))
    if view.ties:
        with st.expander(_("The ties ({n})", n=len(view.ties)), icon=":material/share:"):
            st.markdown("\n".join(f"- {ui.escape(screen.name(t.source_id))} — {ui.escape(screen.name(t.target_id))} : "
                                  f"{_(TIE_CHOICES[t.kind])}" for t in view.ties))


# --- the editing tabs (forms in pages/network_editing.py) ------------------------------------

def editing_tabs(screen: MapScreen, *, key: str, extra: dict[str, Callable[[], None]] | None = None) -> None:
    """The same editing tabs on every map screen (add, change, ties) plus ``extra``
    ones ({label: render}); only the open tab is drawn (a cheaper rerun)."""
    from pages import network_editing as edit  # here: that module builds on this one

    _ = ui.t()
    sections = {_("Add a person"): lambda: edit.add_person_form(screen),
                _("Change a person"): lambda: edit.change_person(screen),
                _("Ties"): lambda: edit.ties_section(screen), **(extra or {})}
    for tab, draw in zip(st.tabs(list(sections), key=key, on_change="rerun"), sections.values()):
        if tab.open:
            with tab:
                draw()
