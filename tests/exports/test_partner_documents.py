"""The other documents of the synthesis meetings, reopened: the handover note and the
« votre nouveau contact » letter, the « qui fait quoi » and « ce qui est partagé, avec
qui » sheets, the reflection report; and the minutes and the letter through LibreOffice
(A4, « Page X sur Y »)."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime

import pytest

from conference.domain.partnership import (HandoverNote, ReflectionCycle, ReflectionSession,
                                           ReflectionTheme, Structure)
from exports.handover_letter import build_handover_note, build_new_contact_letter
from exports.minutes import build_minutes
from exports.partner_sheets import build_shared_with_whom, build_who_does_what
from exports.reflection_report import build_reflection_report

from .test_minutes import ITEMS, benali_meeting, paragraphs
from .test_pdf_render import convert_to_pdf, page_count

NOTE = HandoverNote(
    id=1, household_id=1, household_label="Famille Benali-Roussel", from_name="Mme Caron",
    from_structure="Service social départemental", to_name="M. Da Silva", to_user_id=7,
    situation="Réexamen CAF en retard.", already_told="L'origine des impayés : ne pas redemander.",
    pending_steps="Relancer la CAF.", may_share="La situation budgétaire.", written_at=datetime(2026, 11, 20, 9, 0),
    successor_phone="01 00 00 00 00", successor_email="m.dasilva@example.invalid",
    successor_structure="Service social départemental")


def test_the_handover_note_says_what_not_to_ask_again_and_whether_it_is_confirmed():
    waiting = paragraphs(build_handover_note(NOTE))
    confirmed = paragraphs(build_handover_note(HandoverNote(**{**NOTE.__dict__, "state": None,
                                                               "confirmed_at": datetime(2026, 11, 23, 9, 0)})))

    assert waiting[:3] == ["Fiche de passation", "Famille Benali-Roussel",
                           "Départ : Mme Caron (Service social départemental)"]
    assert "Ce que le ménage a déjà raconté : ne pas le redemander" in waiting
    assert "L'origine des impayés : ne pas redemander." in waiting
    assert "Pas encore confirmée par la personne qui reprend le suivi" in waiting
    assert "Confirmée par la personne qui reprend le suivi le 23 novembre 2026 à 10 h 00" in confirmed


def test_the_new_contact_letter_is_in_plain_words():
    text = paragraphs(build_new_contact_letter(NOTE))

    assert text[0] == "Votre nouveau contact"
    assert "Mme Caron quitte son poste." in text
    assert "À partir de maintenant, votre contact est M. Da Silva (Service social départemental)." in text
    assert "Téléphone : 01 00 00 00 00" in text
    assert any(t.startswith("Vous n'avez pas à raconter à nouveau votre histoire.") for t in text)
    assert not any("impayés" in t for t in text), "the letter tells nothing of the situation"


def test_the_shared_with_whom_sheet_names_who_sees_each_item_and_writes_only_what_the_person_allows():
    text = paragraphs(build_shared_with_whom("Famille Benali-Roussel", ITEMS, printed_on=date(2026, 11, 23)))

    assert text[0] == "Ce qui est partagé, avec qui"
    assert ("Argent | Arriéré de loyer de 1 200 euros | CAF | CAF, CARSAT, CCAS, Service social départemental, "
            "UDAF") in text
    assert ("Santé | (pas écrit ici, comme vous l'avez demandé) | CARSAT | CARSAT, Service social départemental"
            ) in text
    assert ("Social | (pas écrit ici, comme vous l'avez demandé) | CCAS | Vous avez refusé le partage : seule la "
            "structure CCAS la garde.") in text
    assert not any("Lombalgie" in t or "cousin" in t for t in text)


def test_the_who_does_what_sheet_lists_each_structure_and_when_it_was_checked():
    structures = [Structure(id=1, name="CAF de Villefictive", typology="CAF", missions="Aide au logement.",
                            public="Familles", phone="01 00 00 00 01", contacts=("Julie Marchand — conseillère",),
                            last_verified=date(2026, 3, 1)),
                  Structure(id=2, name="CCAS de Villefictive", missions="Aides d'urgence.")]

    text = paragraphs(build_who_does_what("Territoire fictif", structures, printed_on=date(2026, 11, 23)))

    assert text[:3] == ["Qui fait quoi", "Territoire fictif", "Imprimé le 23 novembre 2026"]
    assert ("CAF de Villefictive / CAF | Aide au logement. / Public : Familles | 01 00 00 00 01 / "
            "Julie Marchand — conseillère | 01/03/2026") in text
    assert "CCAS de Villefictive | Aides d'urgence. |  | Jamais vérifiée" in text


def test_the_reflection_report_is_marked_draft_until_final_and_keeps_quotes_anonymous():
    cycle = ReflectionCycle(
        id=1, title="Travailler ensemble", territory_id=None,
        sessions=(ReflectionSession(1, ReflectionTheme.CURRENT_STATE, date(2026, 10, 1), "Chacun ses missions.",
                                    ("On ne savait pas ce que faisait l'UDAF.",)),
                  ReflectionSession(2, ReflectionTheme.COMMON_AIM, None)),
        participants=((1, "Mme Caron"), (2, "Julie Marchand")), approvals=frozenset({1}),
        draft_report="Nous avons appris à nous connaître.")

    draft = paragraphs(build_reflection_report(cycle))
    final = paragraphs(build_reflection_report(ReflectionCycle(**{**cycle.__dict__, "approvals": frozenset({1, 2}),
                                                                  "final_at": datetime(2026, 12, 1, 10, 0)})))

    assert "Projet : pas encore approuvé par chaque participant" in draft
    assert "Doivent encore approuver : Julie Marchand" in draft
    assert "Séance 1 : L'état des lieux — 1er octobre 2026" in draft
    assert "« On ne savait pas ce que faisait l'UDAF. »" in draft
    assert final[2] == "Rapport définitif, approuvé par chaque participant le 1er décembre 2026 à 11 h 00"


@pytest.mark.soffice
@pytest.mark.parametrize("name, build", [
    ("partners", lambda: build_minutes(benali_meeting(), audience="partners")),
    ("person", lambda: build_minutes(benali_meeting(), audience="person")),
    ("letter", lambda: build_new_contact_letter(NOTE)),
])
def test_the_documents_open_in_libreoffice_as_numbered_a4_pages(tmp_path, name, build):
    docx = tmp_path / f"{name}.docx"
    docx.write_bytes(build())

    pdf = convert_to_pdf(docx, tmp_path)

    pages = page_count(pdf)
    assert pages >= 1
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        assert "(A4)" in info, "A4 portrait"
    if shutil.which("pdftotext"):
        text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                       text=True).stdout.split())
        assert f"Page 1 sur {pages}" in text
        assert "cousin" not in text
