"""The three-month follow-up form (.docx), reopened and read block by block."""
from __future__ import annotations

import io

import pytest
from docx import Document

from conference.domain.enums import ActionFollowUp, Resolution
from conference.domain.model import ActionReview, FollowUp
from exports.followup_form import build_followup_form

from .test_action_plan import DO_NOT_INVITE_NAME, NOT_SAFE_NAME, REVIEW_DATE, all_xml, body_texts, moreau_diallo, plain

BOXES = ("Fait", "En partie", "Pas fait", "Changé")
KARIM_WHY = "Le nouveau travail de Karim : le jeudi, c'est Mariam qui y va."


def action_blocks(doc) -> list[list[str]]:
    """The text of each action block (a boxed table whose first row names the action)."""
    return [[plain(row.cells[0].text) for row in t.rows] for t in doc.tables
            if plain(t.rows[0].cells[0].text).startswith("Action ")]


def ticks(line: str) -> dict[str, bool]:
    """'☒ Fait ☐ En partie …' → {'Fait': True, 'En partie': False, …}."""
    found = {}
    for piece in line.split("\t"):
        box, _, name = piece.partition(" ")
        found[name] = box == "☒"
    return found


def checkbox_lines(texts: list[str]) -> list[str]:
    return [line for text in texts for line in text.split("\n") if line.startswith(("☐", "☒"))]


@pytest.fixture(scope="module")
def blank_form():
    conf, plan = moreau_diallo()
    data = build_followup_form(conf, plan)
    return data, Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def filled_form():
    follow_up = FollowUp(chosen=True, review_date=REVIEW_DATE, resolution=Resolution.PARTLY,
                         what_changed="Deux nouvelles personnes aident le soir.",
                         reviews=(ActionReview("A1", ActionFollowUp.DONE),
                                  ActionReview("A3", ActionFollowUp.PARTLY, KARIM_WHY),
                                  ActionReview("A5", ActionFollowUp.CHANGED, "C'est Awa qui s'en charge"),
                                  ActionReview("A9", ActionFollowUp.NOT_DONE, "une action d'un autre plan")))
    conf, plan = moreau_diallo(follow_up=follow_up)
    return Document(io.BytesIO(build_followup_form(conf, plan, filled=True)))


def test_the_form_names_the_conference_review_date_plan_version_and_question(blank_form):
    _, doc = blank_form
    texts = [plain(p.text) for p in doc.paragraphs]

    assert texts[0] == "Fiche de suivi à trois mois"
    assert "Famille Moreau-Diallo (démo)" in texts
    assert "Plan version 1, adopté le 23 novembre 2026" in texts
    assert "Date du rendez-vous de suivi : 23 février 2027" in texts
    assert "Fiche vierge, à remplir pendant la rencontre" in texts
    assert any(t.startswith("« Comment on s'organise pour que Lina") and t.endswith("week-end ? »") for t in texts)


def test_without_a_review_date_there_is_a_blank_to_fill_in():
    conf, plan = moreau_diallo(follow_up=FollowUp(chosen=True))

    doc = Document(io.BytesIO(build_followup_form(conf, plan)))

    assert "Date du rendez-vous de suivi : ____ / ____ / ________" in [plain(p.text) for p in doc.paragraphs]


def test_there_is_one_block_per_action_prefilled_with_what_who_and_when(blank_form):
    _, doc = blank_form
    blocks = action_blocks(doc)

    assert len(blocks) == 5
    first = blocks[0]
    assert first[0] == "Action 1 : Mamie Mariam dort à l'appartement du lundi au jeudi"
    assert "Qui : Mamie Mariam" in first[1]
    assert "Quand : 30/11/2026 — Dès le premier jour de l'hospitalisation" in first[1]
    assert "Pourquoi ? / Ce qui a changé" in first[1]
    assert blocks[2][0] == "Action 3 : Karim va chercher Lina à l'école le mardi et le jeudi"
    assert "Qui : Oncle Karim" in blocks[2][1] and "Quand : 01/12/2026 — Après l'école" in blocks[2][1]


def test_every_block_has_the_four_empty_boxes_and_lines_to_write_on(blank_form):
    _, doc = blank_form

    for block in action_blocks(doc):
        (line,) = checkbox_lines(block)
        assert ticks(line) == dict.fromkeys(BOXES, False)
        assert block[2:] == ["", "", ""]  # three empty rows to write why


def test_recorded_reviews_tick_the_right_box_and_write_the_why(filled_form):
    blocks = action_blocks(filled_form)
    ticked = [[name for name, on in ticks(checkbox_lines(b)[0]).items() if on] for b in blocks]

    assert ticked == [["Fait"], [], ["En partie"], [], ["Changé"]]
    assert blocks[2][2] == KARIM_WHY  # typography aside (plain() reads no-break spaces as spaces)
    assert blocks[4][2] == "C'est Awa qui s'en charge"
    assert blocks[0][2:] == ["", "", ""]
    assert "une action d'un autre plan" not in "\n".join(sum(blocks, []))


def test_the_end_of_the_form_asks_about_the_situation_and_the_network_map(blank_form, filled_form):
    _, blank = blank_form
    texts = [plain(p.text) for p in blank.paragraphs]
    filled = [plain(p.text) for p in filled_form.paragraphs]

    i = texts.index("La situation de départ est-elle résolue ?")
    assert ticks(texts[i + 1]) == {"Non": False, "En partie": False, "Complètement": False}
    i = filled.index("La situation de départ est-elle résolue ?")
    assert ticks(filled[i + 1]) == {"Non": False, "En partie": True, "Complètement": False}
    assert "Qu'est-ce qui a changé ?" in texts
    assert "Deux nouvelles personnes aident le soir." in filled
    i = texts.index("Souhaitez-vous une nouvelle carte du réseau ?")
    assert ticks(checkbox_lines(texts[i:])[0]) == {"Oui": False, "Non": False}
    signature = blank.tables[-1]
    assert [plain(c.text) for c in signature.rows[0].cells] == ["Nom", "Signature", "Date"]
    names = [plain(row.cells[0].text) for row in signature.rows[1:]]
    assert names[:7] == ["Lina", "Awa Diallo", "Mamie Mariam", "Oncle Karim", "Tante Sophie Moreau",
                         "Marraine Inès", "M. Lefort (voisin)"]  # one row per signatory of the plan
    assert names[-2:] == ["M. Référent Fictif\nSuit la famille", "Coordinatrice Fictive\nCoordination de la conférence"]
    i = texts.index("Et maintenant ?")
    assert [ticks(line) for line in checkbox_lines(texts[i:])[:3]] == [
        {"On arrête la conférence": False}, {"On écrit un nouveau plan": False}, {"On fait une nouvelle conférence": False}]
    assert "Qui est venu à la rencontre" in texts


def test_the_form_is_a4_with_page_numbers_and_french_tag(blank_form):
    data, doc = blank_form
    section = doc.sections[0]

    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert " PAGE " in section.footer._element.xml and " NUMPAGES " in section.footer._element.xml
    assert '<w:lang w:val="fr-FR"' in all_xml(data)


def test_the_not_safe_person_appears_nowhere_in_the_form(blank_form):
    data, doc = blank_form
    everything = body_texts(doc) + [p.text for s in doc.sections for part in (s.header, s.footer)
                                    for p in part.paragraphs]

    for name in (NOT_SAFE_NAME, "Julien", DO_NOT_INVITE_NAME):
        assert not [t for t in everything if name in t], name
        assert name not in all_xml(data)


def test_hostile_text_in_a_review_comes_back_as_literal_text():
    hostile = '"><script>x</script> <img src=x onerror=alert(1)>'
    conf, plan = moreau_diallo(follow_up=FollowUp(reviews=(ActionReview("A2", ActionFollowUp.NOT_DONE, hostile),)))

    data = build_followup_form(conf, plan, lang="en", filled=True)
    blocks = action_blocks(Document(io.BytesIO(data)))

    assert blocks[1][2] == hostile
    assert "<script>" not in all_xml(data) and "&lt;script&gt;" in all_xml(data)


def test_an_english_form_uses_the_english_labels():
    conf, plan = moreau_diallo()

    doc = Document(io.BytesIO(build_followup_form(conf, plan, lang="en")))
    (line,) = checkbox_lines(action_blocks(doc)[0])

    assert doc.paragraphs[0].text == "Three-month follow-up form"
    assert ticks(line) == {"Done": False, "Partly done": False, "Not done": False, "Changed": False}


def test_the_form_restates_each_non_negotiable_and_asks_if_it_still_holds(blank_form):
    _, doc = blank_form
    texts = [plain(p.text) for p in doc.paragraphs]

    i = texts.index("Point non négociable n° 1 : Lina n'est jamais seule la nuit.")
    assert texts[i + 1] == "Est-ce toujours le cas ?"
    assert ticks(texts[i + 2]) == {"Oui": False, "En partie": False, "Non": False}
    assert "Point non négociable n° 2 : Un adulte connu de l'école vient la chercher chaque jour." in texts


def test_the_blank_form_has_empty_boxes_even_when_answers_were_recorded():
    follow_up = FollowUp(chosen=True, review_date=REVIEW_DATE, resolution=Resolution.PARTLY,
                         what_changed="Deux nouvelles personnes aident le soir.",
                         reviews=(ActionReview("A1", ActionFollowUp.DONE), ActionReview("A3", ActionFollowUp.PARTLY,
                                                                                         KARIM_WHY)))
    conf, plan = moreau_diallo(follow_up=follow_up)

    doc = Document(io.BytesIO(build_followup_form(conf, plan, filled=False)))
    texts = body_texts(doc)

    assert "☒" not in "\n".join(texts)
    assert KARIM_WHY not in "\n".join(texts).replace("\u2019", "'").replace("\u00a0", " ")
    assert "Deux nouvelles personnes" not in "\n".join(texts)
