"""The printed questionnaire (.docx) is generated from the same definition as the screen:
every question printed, the child version's faces drawn with their words, the separate
quote-consent question, « Merci »; it opens in LibreOffice (PDF, one page rendered)."""
from __future__ import annotations

import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document

from conference.evaluation import codebook
from conference.evaluation.scales import LIKERT_WORDS, quote_consent_texts
from conference.i18n import translator
from exports.faces import face_png
from exports.questionnaire_form import build_questionnaire_form
from exports.typography import fr_typography

from ..conftest import require_tool
from .test_pdf_render import convert_to_pdf, page_count

_ = translator("fr")
ADULT = codebook.QUESTIONNAIRES[("end_of_conference", 1)]
CHILD = codebook.QUESTIONNAIRES[("end_of_conference_child", 1)]
TERRITORY = codebook.with_territory_questions(ADULT, version=101, questions=[
    {"id": "t1_1", "kind": "yes_no", "scale": [0, 1], "label": "Le lieu vous convenait-il ?"},
    {"id": "t1_2", "kind": "open", "label": "Qu'auriez-vous changé à l'accueil ?"}])


def text_of(data: bytes) -> str:
    """Every paragraph of the document, tables included, as one string."""
    doc = Document(BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split())


def plain(text: str) -> str:
    """Both sides through the form's French typography (’, no-break spaces), spaces folded."""
    return " ".join(fr_typography(text).replace("\u202f", " ").replace("\u00a0", " ").split())


@pytest.mark.parametrize("definition", [ADULT, CHILD, TERRITORY], ids=["adult", "child", "territory"])
def test_every_question_of_the_definition_is_printed_with_the_quote_consent_and_thanks(definition):
    text = plain(text_of(build_questionnaire_form(definition, reference=7)))

    missing = [q["label"] for q in definition["questions"] if plain(_(q["label"])) not in text]
    assert not missing, f"not printed: {missing}"
    question, choices = quote_consent_texts(child=definition["audience"] == "child")
    for words in choices.values():
        assert plain(_(words)) in text
    assert plain(_(question)) in text
    assert "Merci" in text and "Conférence n° 7" in text
    assert f"version {definition['version']}" in text  # the transcription names the version


def test_the_adult_form_has_boxes_for_0_to_10_and_words_for_1_to_5():
    doc = Document(BytesIO(build_questionnaire_form(ADULT)))

    score = next(t for t in doc.tables if len(t.columns) == 11)
    assert [c.text.replace("\u2610", "").strip() for c in score.rows[0].cells] == [str(n) for n in range(11)]
    assert all(c.text.startswith("\u2610") for c in score.rows[0].cells)
    likert = [t for t in doc.tables if len(t.columns) == 5]
    assert len(likert) == 3  # felt heard, the plan is ours, I know what I will do
    assert [c.text.replace("\u2610", "").strip() for c in likert[0].rows[0].cells] == [_(w) for w in LIKERT_WORDS.values()]


def test_the_child_form_shows_five_faces_each_with_its_words():
    data = build_questionnaire_form(CHILD)
    doc = Document(BytesIO(data))

    faces = doc.tables[0].rows[0].cells
    assert [c.text.replace("\u2610", "").strip() for c in faces] == [_(w) for w in codebook.FACES.values()]
    assert [len(c._tc.xpath(".//pic:pic")) for c in faces] == [1] * 5
    images = [p for p in doc.part.package.parts if p.partname.endswith(".png")]
    assert sorted(p.blob for p in images) == sorted(face_png(n) for n in range(1, 6))
    text = text_of(data)
    assert "Vous êtes" not in text  # the child version asks no role
    assert "Pouvons-nous répéter ce que tu as écrit, sans ton nom" in plain(text)


def test_the_same_definition_gives_the_same_bytes():
    assert build_questionnaire_form(CHILD, reference=3) == build_questionnaire_form(CHILD, reference=3)


def test_faces_are_five_different_pictures_and_nothing_else_has_one():
    pictures = [face_png(n) for n in range(1, 6)]
    assert len(set(pictures)) == 5 and all(p.startswith(b"\x89PNG") for p in pictures)
    with pytest.raises(ValueError):
        face_png(6)


@pytest.mark.soffice
@pytest.mark.parametrize("definition, pages", [(CHILD, 1), (TERRITORY, 2)], ids=["child", "territory"])
def test_the_form_converts_to_pdf_and_renders(definition, pages, tmp_path):
    docx = tmp_path / f"{definition['id']}.docx"
    docx.write_bytes(build_questionnaire_form(definition, reference=7))

    pdf = convert_to_pdf(docx, tmp_path)

    assert page_count(pdf) == pages
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True,
                              timeout=60).stdout
        words = plain(text)
        for q in definition["questions"]:
            assert plain(_(q["label"])).split()[0] in words
        assert "Merci" in words
    pdftoppm = require_tool("pdftoppm")
    subprocess.run([pdftoppm, "-r", "50", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=60)
    rendered = sorted(Path(tmp_path).glob("page*.png"))
    assert rendered and rendered[0].stat().st_size > 5_000  # a drawn page, not a blank one
