"""What the pilot's qualitative and settings screens share (issue 9): the territory and
period choice, labels of roles and fields, and French messages for the refusals of
``services/evaluation_themes.py`` and ``evaluation_settings.py``. Not a page itself."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

import streamlit as st

from conference import clock
from conference.domain.enums import Field
from conference.domain.errors import InvalidInput
from conference.evaluation.codebook import value_label
from conference.i18n import N_
from conference.security.rules import Actor
from conference.services import evaluation_settings, evaluation_themes
from pages import ui

T = TypeVar("T")

MESSAGES = {**evaluation_themes.MESSAGES, **evaluation_settings.MESSAGES}
FIELD_LABELS = {"theme": N_("the theme"), "definition": N_("the definition"), "passage": N_("the passage"),
                "name": N_("the name"), "label": N_("the question"), "month_from": N_("the first month"),
                "month_to": N_("the last month")}
# Refusals of a territory's own questions (services/questionnaire_definitions.py), by field and code.
QUESTION_MESSAGES = {("label", "taken"): N_("The territory already asks this question."),
                     ("label", "too_many"): N_("A questionnaire holds at most {maximum} questions of the territory.")}
MONTHS_OFFERED = 48


def attempt(action: Callable[[], T], *, success: str | None = None) -> T | None:
    """``ui.attempt`` plus the French text of these screens' own refusals."""
    _ = ui.t()
    refused: list[InvalidInput] = []

    def run():
        try:
            return action()
        except InvalidInput as error:
            if (error.code in MESSAGES or (error.field, error.code) in QUESTION_MESSAGES
                    or (error.field in FIELD_LABELS and error.code in ("required", "too_long"))):
                refused.append(error)
                return None
            raise

    result = ui.attempt(run)
    if refused:
        error = refused[0]
        field = _(FIELD_LABELS.get(error.field, error.field))
        if error.code == "required":
            text = _("Please fill in {field}.", field=field)
        elif error.code == "too_long":
            text = _("{field} is too long (at most {limit} characters).", field=field.capitalize(),
                     limit=error.facts.get("limit"))
        else:
            text = _(QUESTION_MESSAGES.get((error.field, error.code)) or MESSAGES[error.code], **error.facts)
        st.error(text, icon=":material/error:")
        return None
    if result is not None and success:
        st.toast(success, icon=":material/check:")
    return result


def choose_territory(actor: Actor, key: str) -> evaluation_settings.TerritoryView:
    """The territory to work on (a choice only when there are several); stops the page
    when the actor reads none."""
    _ = ui.t()
    found = ui.attempt(lambda: evaluation_settings.readable_territories(actor, uow=ui.uow())) or []
    if not found:
        st.info(_("No territory is given to your account yet. Ask your administrator."))
        st.stop()
    if len(found) == 1:
        st.caption(_("Territory: {name}", name=ui.escape(found[0].name)))
        return found[0]
    by_id = {t.id: t for t in found}
    chosen = st.selectbox(_("Territory"), list(by_id), format_func=lambda ident: by_id[ident].name,
                          key=f"{key}_territory")
    return by_id[chosen]


def _months_back(today: date, count: int) -> list[str]:
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def choose_period(key: str) -> tuple[str, str]:
    """First and last month (``YYYY-MM``, both included); the last twelve months by default."""
    _ = ui.t()
    months = _months_back(clock.today(), MONTHS_OFFERED)
    first, last = st.columns(2)
    month_from = first.selectbox(_("From"), months, index=11, key=f"{key}_from")
    month_to = last.selectbox(_("To"), months, index=0, key=f"{key}_to")
    return month_from, month_to


def role_label(code: str) -> str:
    return value_label(code, ui.lang())


def field_label(code: str | None) -> str:
    _ = ui.t()
    if not code:
        return _("field not given")
    try:
        return ui.lbl(Field(code))
    except ValueError:
        return code
