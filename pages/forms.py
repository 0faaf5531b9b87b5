"""Form helpers the journey's pages share (not a page itself).

A page makes one ``Forms`` for the conference it shows, then for each form:

    forms = Forms("prep", conf.id, editable=conf.phase is not Phase.CLOSED)
    forms.show_flash()                                   # the last save's confirmation
    forms.prefill("prep_concerns_form", {"prep_concerns": conf.concerns}, conf.version)
    with st.form("prep_concerns_form"):
        ...
    if saved and forms.submit("prep_concerns_form", lambda: service(..., forms.loaded_version(...)),
                              _("Concerns saved.")) is not None:
        forms.done()
    forms.stale_notice("prep_concerns_form")

* ``prefill`` fills the widgets from the database once (a new record, after a save, or
  when the widgets lost their state because the page was left) and remembers the
  version they were filled from; otherwise the user's typing stays.
* ``submit`` runs one service call. A domain error is shown in French and the typed
  values stay; a ``StaleWrite`` also offers ``stale_notice``'s "show the latest version"
  button. On success the form is refilled from the database on the next run, and the
  confirmation is kept for it (``show_flash``).
* ``remove_button`` puts a removal behind a confirmation.
"""
from __future__ import annotations

from typing import Callable, TypeVar

import streamlit as st

from conference.domain.errors import StaleWrite
from pages import ui

T = TypeVar("T")


class Forms:
    """The form state of one page for one conference (keys prefixed by the page)."""

    def __init__(self, page: str, owner_id: int, *, editable: bool = True):
        self.page, self.owner_id, self.editable = page, owner_id, editable
        self.flash_key = f"{page}_flash"

    @property
    def state(self):
        return st.session_state

    # --- confirmations ----------------------------------------------------------------------

    def flash(self, message: str | None, *, warning: str | None = None) -> None:
        """Keep a confirmation and/or a warning for the next run of the page."""
        self.state[self.flash_key] = ([("toast", message)] if message else []) + (
            [("warning", warning)] if warning else [])

    def show_flash(self) -> None:
        for kind, text in self.state.pop(self.flash_key, []):
            if kind == "warning":
                st.warning(text, icon=":material/warning:")
            else:
                st.toast(text, icon=":material/check:")

    # --- filling and saving -----------------------------------------------------------------

    def prefill(self, form: str, values: dict, version: int | None = None) -> None:
        """Fill ``form``'s widgets from ``values`` once (see the module's docstring)."""
        loaded = self.state.get(f"{form}__loaded")
        if loaded is None or loaded[0] != self.owner_id or any(key not in self.state for key in values):
            self.state.update(values)
            self.state[f"{form}__loaded"] = (self.owner_id, version)
            self.state.pop(f"{form}__stale", None)

    def loaded_version(self, form: str) -> int:
        """The version ``form``'s widgets were filled from (what the user saw)."""
        return self.state[f"{form}__loaded"][1]

    def reload(self, form: str) -> None:
        """Forget what ``form`` was filled from: the next run fills it from the database."""
        self.state.pop(f"{form}__loaded", None)

    def submit(self, form: str, action: Callable[[], T], message: str, *, refill: tuple[str, ...] = (),
               warning: str | None = None) -> T | bool | None:
        """Run ``action`` (one service call) for ``form``. Returns its result (``True`` for
        ``None``), or ``None`` after an error, which is then shown on the page."""

        def run():
            try:
                result = action()
            except StaleWrite:
                self.state[f"{form}__stale"] = True
                raise
            return True if result is None else result

        result = ui.attempt(run)
        if result is None:
            return None
        for name in (form, *refill):
            self.reload(name)
        self.flash(message, warning=warning)
        return result

    @staticmethod
    def done() -> None:
        """Show the page again, refilled from the database."""
        st.rerun()

    def advance(self, old: int, new: int, forms: tuple[str, ...]) -> None:
        """After our own save of a record that several forms were filled from (version
        ``old`` → ``new``), the other forms are still up to date with what their user saw:
        move them on and keep their typing."""
        for form in forms:
            loaded = self.state.get(f"{form}__loaded")
            if loaded and loaded[1] == old:
                self.state[f"{form}__loaded"] = (loaded[0], new)

    def is_stale(self, form: str) -> bool:
        return bool(self.state.get(f"{form}__stale"))

    def stale_notice(self, form: str) -> None:
        """After a refused stale save: a way to drop the typing and see the latest version."""
        if self.is_stale(form):
            st.button(ui.t()("Show the latest version (my changes will be lost)"), on_click=self.reload,
                      args=(form,), key=f"{form}_reload", icon=":material/refresh:")

    def remove_button(self, key: str, question: str, action: Callable[[], object], message: str) -> None:
        """A removal behind a confirmation: a slip of the finger must not lose anything."""
        _ = ui.t()
        with st.popover(_("Remove"), icon=":material/delete:", type="tertiary", disabled=not self.editable):
            st.write(question)
            if st.button(_("Yes, remove"), key=key, type="primary"):
                if self.submit(key, action, message) is not None:
                    self.done()
