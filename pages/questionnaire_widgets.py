"""The questionnaire's questions as widgets, shared by the family's screen and the
coordinator's transcription (not a page). Big, touch-friendly controls: segmented
buttons per scale, the faces with their words one per line, text areas for open questions.

Every widget key carries a ``round`` number: the next person (a screen passed from hand
to hand, the next paper form) gets fresh widgets, and nothing of the previous answer
stays on the screen. Labels a territory typed are escaped like any user text.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from conference.evaluation.scales import SCORE_ENDS, quote_consent_texts, words_for
from conference.evaluation.types import QuoteConsent
from conference.services.base import MAX_LONG
from pages import ui

# Faces people recognise on any phone, always beside their words (FACES in the codebook).
FACE_SIGNS = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


def label(question: Mapping[str, Any]) -> str:
    """The question's text: a codebook message translated, a territory's own as typed."""
    text = ui.t()(question["label"])
    return text if question.get("core") else ui.escape(text)


def question_widgets(definition: Mapping[str, Any], *, prefix: str, round_: int) -> dict[str, Any]:
    """One widget per question of ``definition``, inside the caller's form; returns
    {question id: value or None}."""
    _ = ui.t()
    values: dict[str, Any] = {}
    for n, question in enumerate(definition["questions"], start=1):
        key = f"{prefix}_{round_}_{question['id']}"
        kind = question["kind"]
        shown = f"{n}. {label(question)}"
        if kind == "open":
            values[question["id"]] = st.text_area(shown, key=key, max_chars=MAX_LONG, height=120)
            continue
        words = words_for(question)
        if kind == "faces":  # one face and its words per line: a big target for a child's finger
            values[question["id"]] = st.radio(shown, list(words), index=None, key=key,
                                              format_func=lambda v, w=words: f"{FACE_SIGNS.get(v, '')} {_(w[v])}")
            continue
        # Scales as segmented buttons: finger-sized, wrapping onto a second row on a phone.
        values[question["id"]] = st.segmented_control(
            shown, list(words), key=key, format_func=lambda v, w=words, k=kind: _(w[v]) if k != "score" else str(v))
        if kind == "score":
            low, high = SCORE_ENDS
            st.caption(f"{_(low)} · {_(high)}")
    return values


def quote_consent_widget(definition: Mapping[str, Any], *, prefix: str, round_: int) -> QuoteConsent:
    """The separate "may we quote your words, without your name" question (in a child's
    words for the child version); no choice is a no."""
    _ = ui.t()
    child = definition.get("audience") == "child"
    question, choices = quote_consent_texts(child=child)
    chosen = st.radio(_(question), list(choices), index=None, key=f"{prefix}_{round_}_quote_consent",
                      format_func=lambda v: _(choices[v]))
    st.caption(_("If you tick nothing, what you wrote is not repeated.") if child else
               _("Without an answer here, your words are not quoted."))
    return chosen or QuoteConsent.NONE
