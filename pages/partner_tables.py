"""Tables whose every edit is saved in the rerun that made it (not a page itself).

``st.data_editor`` keeps what was typed in the session (``edited_rows``, ``added_rows``,
``deleted_rows``). A page shows the rows read from the database and, on each run, calls
``save_whole`` or ``save_lines`` *before* drawing the table: the change becomes service
calls, then the table is drawn again from the database under a new key (its typing state
emptied), so a refresh or a second tab always shows what is saved.

A new line is saved once its required cell is typed; until then it waits on screen (each
cell typed is a rerun, so at most the line being typed waits). A refused change is
explained in French after the table is drawn again, from the database.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from conference.domain.errors import DomainError
from pages import partner_ui, ui

ERRORS = "partner_tables_errors"


def generation(key: str) -> str:
    """The table's current widget key (a new one after every save)."""
    return f"{key}_{st.session_state.setdefault(f'{key}__gen', 0)}"


def _renew(key: str) -> None:
    st.session_state.pop(generation(key), None)
    st.session_state[f"{key}__gen"] += 1


def as_date(value) -> date | None:
    """A date cell's value: a date, an ISO string (how the editor sends it) or empty."""
    if value is None or value == "" or (not isinstance(value, (str, date)) and pd.isna(value)):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _typed(row: dict, required: str) -> bool:
    return bool(str(row.get(required) or "").strip()) and row.get(required) is not None


def _state(key: str) -> tuple[dict, dict, list, list]:
    state = st.session_state.get(generation(key)) or {}
    edited = {int(i): dict(v) for i, v in (state.get("edited_rows") or {}).items() if v}
    added = [dict(row) for row in state.get("added_rows") or []]
    deleted = [int(i) for i in state.get("deleted_rows") or []]
    return state, edited, added, deleted


def _run(key: str, calls: list[Callable[[], object]], saved: str) -> None:
    problems = []
    for call in calls:
        try:
            call()
        except DomainError as error:
            problems.append(ui.message(error))
            break  # what follows may depend on it; the table shows what is saved
    _renew(key)
    if problems:
        st.session_state[ERRORS] = problems
    else:
        partner_ui.flash(saved)
    st.rerun()


def save_whole(key: str, rows: list[dict], *, required: str, save: Callable[[list[dict]], object],
               saved: str) -> None:
    """For a list saved all at once (participants, agenda, tour de table): the table's
    lines after the user's change go to ``save(lines)`` in one call."""
    _, edited, added, deleted = _state(key)
    ready = [row for row in added if _typed(row, required)]
    if not (edited or deleted or ready):
        return
    lines = [{**row, **edited.get(n, {})} for n, row in enumerate(rows) if n not in deleted] + ready
    _run(key, [lambda: save(lines)], saved)


def save_lines(key: str, ids: list[int], *, required: str, add: Callable[[dict], object],
               edit: Callable[[int, dict], object], saved: str) -> None:
    """For records saved one by one (decisions): ``edit(id, changed cells)`` for a changed
    line, ``add(line)`` for a new one (lines cannot be deleted: a decision is closed by
    its status, and its history stays)."""
    _, edited, added, _deleted = _state(key)
    calls: list[Callable[[], object]] = [lambda i=ids[n], v=values: edit(i, v)
                                         for n, values in edited.items() if n < len(ids)]
    calls += [lambda row=row: add(row) for row in added if _typed(row, required)]
    if calls:
        _run(key, calls, saved)


def show_errors() -> None:
    for problem in st.session_state.pop(ERRORS, []):
        st.error(problem, icon=":material/error:")


def table(key: str, rows: list[dict], columns: dict, *, disabled: bool = False, dynamic: bool = True,
          deletable: bool = True, locked: tuple[str, ...] = ()) -> None:
    """Draw the table ``key`` (after ``save_whole`` or ``save_lines``)."""
    frame = pd.DataFrame(rows, columns=list(columns))
    for name, config in columns.items():
        if config.get("type_config", {}).get("type") == "date":
            frame[name] = pd.to_datetime(frame[name])  # a missing date shows empty (NaT), never « None »
    rows_mode = "fixed" if disabled or not dynamic else ("dynamic" if deletable else "add")
    st.data_editor(frame, key=generation(key), column_config=columns, column_order=list(columns),
                   num_rows=rows_mode, hide_index=True, disabled=True if disabled else list(locked),
                   width="stretch", placeholder="")
