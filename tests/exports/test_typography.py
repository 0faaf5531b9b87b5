"""French typography of the documents (``exports.typography``)."""
from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from datetime import date, datetime

from exports.typography import NBSP, NNBSP, clean_text, clock_time, fr_typography, long_date, long_datetime, short_date

# Text close to what families type, so the property tests hit the interesting cases often.
_typed = st.text(alphabet=st.sampled_from(list('ab19 :;!?"«»“”\'’./\t\n') + [NBSP, NNBSP]), max_size=40)
_any_text = st.one_of(_typed, st.text(max_size=80))
_DOUBLE_SPACE = re.compile(r"\s\s")


@pytest.mark.parametrize(("typed", "printed"), [
    ("Pourquoi: ça", f"Pourquoi{NBSP}: ça"),
    ("Pourquoi : ça", f"Pourquoi{NBSP}: ça"),
    ("Vraiment?", f"Vraiment{NNBSP}?"),
    ("Vraiment ?", f"Vraiment{NNBSP}?"),
    ("Non; pas le lundi!", f"Non{NNBSP}; pas le lundi{NNBSP}!"),
    ('un "mot"', f"un «{NNBSP}mot{NNBSP}»"),
    ('un " mot "', f"un «{NNBSP}mot{NNBSP}»"),
    ("un “mot”", f"un «{NNBSP}mot{NNBSP}»"),
    ("un «mot»", f"un «{NNBSP}mot{NNBSP}»"),
    ('"Quoi?"', f"«{NNBSP}Quoi{NNBSP}?{NNBSP}»"),
    ("C'est l'heure", "C\u2019est l\u2019heure"),
    ("aujourd'hui, l’heure", "aujourd\u2019hui, l\u2019heure"),
    ("Quoi?!", f"Quoi{NNBSP}?!"),
])
def test_french_typography_puts_no_break_spaces_and_guillemets(typed, printed):
    assert fr_typography(typed) == printed


@pytest.mark.parametrize("kept", ["À 19:30", "https://exemple.invalid/?q=1", ": au début",
                                  "un seul \" guillemet", "", "a\n: b"])
def test_times_addresses_and_odd_marks_are_left_as_typed(kept):
    assert fr_typography(kept) == kept


@settings(max_examples=400, deadline=None)
@given(_any_text)
@example('""')
@example('« :')
@example("a ?»")
@example("““””")  # nested curly quotes
def test_typography_applied_twice_changes_nothing_more(text):
    once = fr_typography(text)

    assert fr_typography(once) == once


@settings(max_examples=400, deadline=None)
@given(_any_text)
def test_typography_never_introduces_double_spaces(text):
    printed = fr_typography(text)

    assert len(_DOUBLE_SPACE.findall(printed)) <= len(_DOUBLE_SPACE.findall(text))


@settings(max_examples=200, deadline=None)
@given(_any_text)
def test_typography_keeps_every_word_and_line(text):
    printed = fr_typography(text)

    strip = lambda s: re.sub(r'[\s"«»“”]', "", s).replace("\u2019", "'")
    assert strip(printed) == strip(text)
    assert printed.count("\n") == text.count("\n")


def test_clean_text_drops_what_xml_cannot_hold_and_keeps_line_breaks():
    assert clean_text("a\x00b\x1fc\r\nd\re\tf") == "abc\nd\ne\tf"


@pytest.mark.parametrize("build", ["action_plan", "followup_form"])
def test_every_text_of_the_documents_follows_french_typography(build):
    import io
    from dataclasses import replace

    from docx import Document

    from exports.action_plan import build_action_plan
    from exports.followup_form import build_followup_form

    from .test_action_plan import body_texts, moreau_diallo, moreau_diallo_draft

    draft = moreau_diallo_draft()
    first = replace(draft.actions[0], what='Mamie dit: "je reste"', success_sign="Lina dort bien ?")
    conf, plan = moreau_diallo(draft=replace(draft, actions=(first,) + draft.actions[1:],
                                             if_not_working='On appelle M. Lefort; il dit "oui"!'))
    data = (build_action_plan if build == "action_plan" else build_followup_form)(conf, plan)
    doc = Document(io.BytesIO(data))
    texts = body_texts(doc) + [p.text for p in doc.sections[0].footer.paragraphs]

    joined = "\n".join(texts)
    assert not re.search(r"[^\s\u00a0\u202f][ ]?[;:!?](\s|$)", joined.replace(f"{NBSP}:", "").replace(
        f"{NNBSP};", "").replace(f"{NNBSP}!", "").replace(f"{NNBSP}?", "")), "a mark without its no-break space"
    assert '"' not in joined
    assert f"Mamie dit{NBSP}: «{NNBSP}je reste{NNBSP}»" in joined


def test_quotes_inside_a_name_are_printed_as_typed():
    assert fr_typography('Tonton "Dédé"', quotes=False) == 'Tonton "Dédé"'
    assert fr_typography("Tonton l'ancien", quotes=False) == "Tonton l\u2019ancien"


@pytest.mark.parametrize(("value", "printed"), [
    (date(2026, 12, 1), f"1er{NBSP}décembre{NBSP}2026"),
    (date(2027, 2, 23), f"23{NBSP}février{NBSP}2027"),
    ("2026-08-01", f"1er{NBSP}août{NBSP}2026"),
    (datetime(2026, 12, 1, 23, 30), f"2{NBSP}décembre{NBSP}2026"),  # stored UTC, 00:30 in Paris
    (datetime(2026, 7, 31, 22, 30), f"1er{NBSP}août{NBSP}2026"),  # summer time: UTC+2
])
def test_running_text_dates_are_long_and_in_paris_time(value, printed):
    assert long_date(value) == printed


def test_times_read_14_h_58_in_paris_time():
    assert clock_time(datetime(2026, 12, 1, 13, 58)) == f"14{NBSP}h{NBSP}58"
    assert long_datetime(datetime(2026, 12, 1, 8, 5)) == f"1er{NBSP}décembre{NBSP}2026 à 9{NBSP}h{NBSP}05"
    assert short_date(datetime(2026, 12, 1, 23, 30)) == "02/12/2026"
