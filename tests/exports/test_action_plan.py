"""The family's action plan (.docx), reopened with python-docx and read back.

The fictional Moreau-Diallo family (../shared/SCENARIOS.md §1). Julien Moreau, Lina's
father, is flagged "not safe": a court order limits contact, so no document names him.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace
from datetime import date, datetime

import pytest
from docx import Document

from conference.domain.enums import Attendance, InvitationStatus, Phase, Relation
from conference.domain.model import (
    Action, AdoptedPlan, BottomLine, CentralQuestion, Conference, FollowUp, Participant,
    PlanDraft, content_hash, plan_content,
)
from exports.action_plan import build_action_plan, took_part

QUESTION = ("Comment on s'organise pour que Lina soit bien entourée pendant l'hospitalisation de maman, "
            "le soir et le week-end ?")
NOT_SAFE_NAME = "Julien Moreau"
DO_NOT_INVITE_NAME = "Cousin Théo Fictif"
ADOPTED_AT = datetime(2026, 11, 23, 17, 30)
REVIEW_DATE = date(2027, 2, 23)


def moreau_diallo_participants(*, attendance_taken: bool = True) -> tuple[Participant, ...]:
    present = Attendance.PRESENT if attendance_taken else None
    confirmed = InvitationStatus.CONFIRMED
    return (
        Participant(1, "Lina", Relation.FAMILY, is_focal=True, invitation=confirmed, attendance=present),
        Participant(2, "Awa Diallo", Relation.FAMILY, 1, confirmed, attendance=present),
        Participant(3, "Mamie Mariam", Relation.FAMILY, 1, confirmed, attendance=present),
        Participant(4, "Oncle Karim", Relation.FAMILY, 1, confirmed, attendance=present),
        Participant(5, "Tante Sophie Moreau", Relation.FAMILY, 2, confirmed, attendance=present),
        Participant(6, "Marraine Inès", Relation.FRIEND, 1, confirmed, attendance=present),
        Participant(7, "M. Lefort (voisin)", Relation.NEIGHBOUR, 2, confirmed, attendance=present),
        Participant(8, "Infirmière scolaire", Relation.EXPERT, 3, confirmed, attendance=present,
                    expert_question="Qu'est-ce qui aide un enfant de 8 ans quand sa maman est à l'hôpital ?"),
        Participant(9, "Coach de foot de Lina", Relation.FRIEND, 3, InvitationStatus.DECLINED,
                    attendance=Attendance.ABSENT if attendance_taken else None),
        # Flagged "not safe": even marked present and confirmed by mistake, never printed.
        Participant(10, NOT_SAFE_NAME, Relation.FAMILY, 3, InvitationStatus.CONFIRMED, not_safe=True,
                    attendance=present),
        Participant(11, DO_NOT_INVITE_NAME, Relation.FAMILY, 3, InvitationStatus.NOT_TO_INVITE, attendance=present),
    )


def moreau_diallo_draft() -> PlanDraft:
    return PlanDraft(
        actions=(
            Action(1, "Mamie Mariam dort à l'appartement du lundi au jeudi", who_id=3, due=date(2026, 11, 30),
                   bottom_lines=(1,),
                   when_text="Dès le premier jour de l'hospitalisation",
                   success_sign="Lina dit à sa maîtresse qu'elle a bien dormi", support_needed="Un double des clés"),
            Action(2, "Sophie prend Lina du vendredi soir au dimanche", who_id=5, due=date(2026, 12, 4),
                   when_text="Chaque week-end", success_sign="Lina est contente de partir le vendredi"),
            Action(3, "Karim va chercher Lina à l'école le mardi et le jeudi", who_id=4, due=date(2026, 12, 1),
                   bottom_lines=(1, 2),
                   when_text="Après l'école", success_sign="L'école ne signale plus d'absence d'adulte",
                   support_needed="Présenter Karim à l'école"),
            Action(4, "Inès appelle Lina tous les soirs", who_id=6, due=date(2026, 11, 30), when_text="À 19 h",
                   success_sign="Lina attend l'appel"),
            # Owned by the not-safe father by mistake: the name must fall back to the free text.
            Action(5, "Rappeler les horaires de l'école", who_id=10, who_text="Awa Diallo", due=date(2026, 12, 2)),
        ),
        if_not_working="Si Mariam est malade, M. Lefort appelle Sophie, qui vient.",
        follow_arrangement="On se revoit dans trois mois avec la coordinatrice. Karim appelle tout le monde avant.",
    )


def moreau_diallo(*, attendance_taken: bool = True, follow_up: FollowUp | None = None,
                  participants: tuple[Participant, ...] | None = None,
                  draft: PlanDraft | None = None) -> tuple[Conference, AdoptedPlan]:
    """The conference (as the exporter receives it, unfiltered on purpose) and its plan v1."""
    conf = Conference(
        id=1, title="Famille Moreau-Diallo (démo)", phase=Phase.FOLLOW_UP,
        coordinator_name="Coordinatrice Fictive", referent_name="M. Référent Fictif",
        question=CentralQuestion(2, QUESTION),
        bottom_lines=(BottomLine(1, "Lina n'est jamais seule la nuit."),
                      BottomLine(2, "Un adulte connu de l'école vient la chercher chaque jour.")),
        participants=participants or moreau_diallo_participants(attendance_taken=attendance_taken),
        follow_up=follow_up or FollowUp(chosen=True, review_date=REVIEW_DATE),
    )
    content = plan_content(conf, draft or moreau_diallo_draft())
    plan = AdoptedPlan(number=1, content=content, content_hash=content_hash(content), adopted_at=ADOPTED_AT,
                       adopted_by="Coordinatrice Fictive")
    return replace(conf, adopted=(plan,)), plan


# --- reading a .docx back ---------------------------------------------------------------

SPACES = re.compile("[\u00a0\u202f]")


def plain(text: str) -> str:
    """No-break spaces read as spaces and ’ as ', so assertions stay readable (the
    typography tests check that every apostrophe of a French document is ’)."""
    return SPACES.sub(" ", text).replace("\u2019", "'")


def body_texts(doc) -> list[str]:
    """Every paragraph of the body, tables included (cell by cell), in order."""
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.append(cell.text)
    return texts


def all_xml(data: bytes) -> str:
    """Every XML part of the package (body, styles, headers, footers, properties)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return "\n".join(package.read(name).decode("utf-8") for name in package.namelist()
                         if name.endswith((".xml", ".rels")))


def action_table(doc):
    return next(t for t in doc.tables if plain(t.rows[0].cells[1].text) == "Quoi ?")


@pytest.fixture(scope="module")
def plan_docx() -> bytes:
    conf, plan = moreau_diallo()
    return build_action_plan(conf, plan)


@pytest.fixture(scope="module")
def plan_doc(plan_docx):
    return Document(io.BytesIO(plan_docx))


# --- tests ------------------------------------------------------------------------------

def test_the_plan_opens_with_its_title_conference_and_adoption(plan_doc):
    texts = [plain(p.text) for p in plan_doc.paragraphs]

    assert texts[0] == "Plan d'action de la famille"
    assert "Famille Moreau-Diallo (démo)" in texts
    assert "Version 1 · plan adopté le 23 novembre 2026" in texts


def test_the_central_question_is_quoted_in_the_familys_words(plan_doc):
    question = next(p.text for p in plan_doc.paragraphs if "Lina soit bien entourée" in p.text)

    assert question.startswith("«\u202f") and question.endswith("\u202f»")
    assert plain(question)[2:-2] == QUESTION
    assert "s\u2019organise" in question


def test_every_action_is_a_row_with_what_who_and_date(plan_doc):
    table = action_table(plan_doc)
    rows = [[plain(c.text) for c in row.cells] for row in table.rows[1:]]

    assert [plain(c.text) for c in table.rows[0].cells] == [
        "N°", "Quoi ?", "Qui ?", "Quand ?", "Comment on saura que ça marche", "Soutien nécessaire, et qui l'apporte"]
    assert rows[0] == ["1", "Mamie Mariam dort à l'appartement du lundi au jeudi", "Mamie Mariam",
                       "30/11/2026\nDès le premier jour de l'hospitalisation",
                       "Lina dit à sa maîtresse qu'elle a bien dormi", "Un double des clés"]
    assert rows[1][1:4] == ["Sophie prend Lina du vendredi soir au dimanche", "Tante Sophie Moreau",
                            "04/12/2026\nChaque week-end"]
    assert rows[2][2:4] == ["Oncle Karim", "01/12/2026\nAprès l'école"]
    assert rows[3][2:4] == ["Marraine Inès", "30/11/2026\nÀ 19 h"]
    assert rows[4][2:4] == ["Awa Diallo", "02/12/2026"]
    assert len(rows) == 5


def test_the_action_header_row_repeats_on_every_page(plan_doc):
    header = action_table(plan_doc).rows[0]._tr

    assert header.trPr is not None and header.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None


def test_the_plan_names_its_non_negotiables_with_the_actions_that_answer_them(plan_doc):
    texts = [plain(p.text) for p in plan_doc.paragraphs]

    assert "Les points non négociables" in texts
    i = texts.index("Point non négociable n° 1 : Lina n'est jamais seule la nuit.")
    assert texts[i + 1] == "Les actions qui y répondent : 1, 3"
    i = texts.index("Point non négociable n° 2 : Un adulte connu de l'école vient la chercher chaque jour.")
    assert texts[i + 1] == "Les actions qui y répondent : 3"


def test_the_plan_has_its_fallback_and_follow_up(plan_doc):
    texts = [plain(p.text) for p in plan_doc.paragraphs]

    i = texts.index("Si ça ne marche pas")
    assert texts[i + 1] == "Si Mariam est malade, M. Lefort appelle Sophie, qui vient."
    i = texts.index("Comment le plan sera suivi")
    assert texts[i + 1].startswith("On se revoit dans trois mois")
    assert texts[i + 2] == "Rendez-vous de suivi : 23 février 2027"


def test_without_attendance_those_invited_or_confirmed_took_part():
    participants = moreau_diallo_participants(attendance_taken=False)
    participants = tuple(replace(p, invitation=InvitationStatus.INVITED) if p.id == 7 else p
                         for p in participants) + (Participant(12, "Tonton Fictif", Relation.FAMILY,
                                                               invitation=InvitationStatus.TO_INVITE),)
    conf, _ = moreau_diallo(participants=participants)

    names = [p.name for p in took_part(conf)]

    assert "M. Lefort (voisin)" in names and "Awa Diallo" in names
    assert "Coach de foot de Lina" not in names and "Tonton Fictif" not in names
    assert NOT_SAFE_NAME not in names and DO_NOT_INVITE_NAME not in names


def test_the_signatures_block_has_a_row_per_family_member_and_the_coordinator(plan_doc):
    table = next(t for t in plan_doc.tables if plain(t.rows[0].cells[0].text) == "Nom")
    names = [plain(row.cells[0].text) for row in table.rows[1:]]

    assert [plain(c.text) for c in table.rows[0].cells] == ["Nom", "Signature", "Date"]
    assert names[:7] == ["Lina", "Awa Diallo", "Mamie Mariam", "Oncle Karim", "Tante Sophie Moreau",
                         "Marraine Inès", "M. Lefort (voisin)"]
    assert "Infirmière scolaire" not in names  # experts leave before private time
    assert names[-2:] == ["M. Référent Fictif\nSuit la famille", "Coordinatrice Fictive\nCoordination de la conférence"]
    assert names.count("") == 2  # room for someone who came without being listed
    assert all(row.cells[1].text == "" and row.cells[2].text == "" for row in table.rows[1:])


def test_the_page_is_a4_portrait_with_page_numbers_in_the_footer(plan_doc, plan_docx):
    section = plan_doc.sections[0]
    footer_xml = section.footer._element.xml

    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == round(section.right_margin.mm) == 20
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer_xml)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footer_xml)
    assert "Page" in footer_xml and "sur" in footer_xml
    assert "Famille Moreau-Diallo (démo) · Plan d'action, version 1" in plain(section.footer.paragraphs[0].text)


def test_the_styles_carry_the_french_language_tag(plan_docx):
    with zipfile.ZipFile(io.BytesIO(plan_docx)) as package:
        styles = package.read("word/styles.xml").decode("utf-8")

    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    assert re.search(r'<w:lang w:val="fr-FR"', defaults)
    assert 'w:val="en-US"' not in styles


def test_an_english_plan_uses_the_english_texts_and_tag():
    conf, plan = moreau_diallo()

    data = build_action_plan(conf, plan, lang="en")
    doc = Document(io.BytesIO(data))

    assert doc.paragraphs[0].text == "Family action plan"
    assert "If it does not work" in [p.text for p in doc.paragraphs]
    assert '<w:lang w:val="en-GB"' in all_xml(data)


def test_the_not_safe_person_appears_nowhere(plan_doc, plan_docx):
    everything = body_texts(plan_doc) + [p.text for s in plan_doc.sections
                                         for part in (s.header, s.footer) for p in part.paragraphs]
    everything.append(plan_doc.core_properties.title or "")

    for name in (NOT_SAFE_NAME, "Julien", DO_NOT_INVITE_NAME):
        assert not [t for t in everything if name in t], name
        assert name not in all_xml(plan_docx)


@pytest.mark.parametrize("hostile", ['<img src=x onerror=alert(1)>', '"><script>x</script>',
                                     "&amp; ]]> <w:t>x</w:t>"])
def test_hostile_text_comes_back_as_literal_text(hostile):
    participants = moreau_diallo_participants() + (
        Participant(20, hostile, Relation.FRIEND, 2, InvitationStatus.CONFIRMED, attendance=Attendance.PRESENT),)
    draft = replace(moreau_diallo_draft(), if_not_working=hostile)
    conf, plan = moreau_diallo(participants=participants, draft=draft)

    data = build_action_plan(conf, plan, lang="en")  # English: no typography, the text is exact
    doc = Document(io.BytesIO(data))

    assert hostile in [p.text for p in doc.paragraphs]
    xml = all_xml(data)
    assert "<script>" not in xml and "<img " not in xml
    assert hostile.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in xml


def test_control_characters_in_family_text_do_not_break_the_document():
    draft = replace(moreau_diallo_draft(), follow_arrangement="Karim\x00 appelle\x0b tout le monde\r\nle lundi")
    conf, plan = moreau_diallo(draft=draft)

    doc = Document(io.BytesIO(build_action_plan(conf, plan)))

    assert "Karim appelle tout le monde\nle lundi" in [p.text for p in doc.paragraphs]


def test_a_plan_with_nothing_written_still_builds_and_says_so():
    empty = PlanDraft()
    conf, plan = moreau_diallo(draft=empty, follow_up=FollowUp())

    doc = Document(io.BytesIO(build_action_plan(conf, plan)))
    texts = [plain(p.text) for p in doc.paragraphs]

    assert "Aucune action n'a été écrite." in texts
    assert texts.count("Rien n'a été écrit ici.") == 2
    assert "Rien n'a été noté." in texts  # what the professionals bring
    assert not any(t.startswith("Rendez-vous de suivi") for t in texts)


# --- who decided what: identity block, ratification, professionals, copies ------------------

def complete_conference():
    """The Moreau-Diallo plan with everything a referent or a judge looks for."""
    from conference.domain.enums import RatificationDecision
    from conference.domain.model import Neutrality, Ratification

    participants = tuple(replace(p, parental_authority=p.id in (2, 10)) for p in moreau_diallo_participants())
    participants += (Participant(12, 'Tonton "Dédé"', Relation.FAMILY, 2, InvitationStatus.CONFIRMED,
                                 attendance=Attendance.PRESENT),)
    conf, plan = moreau_diallo(participants=participants)
    conf = replace(
        conf, referent_institution="Conseil départemental (fictif)", referent_service="Aide sociale à l'enfance",
        referent_phone="01 00 00 00 00", meeting_date=date(2026, 12, 1), meeting_place="Maison des familles",
        conference_reason="L'hospitalisation de la maman de Lina pendant trois mois.", plan_watcher_id=4,
        fallback_contact="Coordinatrice Fictive, 01 11 11 11 11", copy_recipients="La famille\nL'école de Lina",
        professional_commitments="ASE : une aide à domicile le mercredi\nCentre social : la cantine payée",
        neutrality=Neutrality(coordinator_institution="Association Imaginaire", co_coordinator_name="Co Fictive",
                              co_coordinator_institution="CCAS Imaginaire"),
        ratifications=(Ratification(RatificationDecision.RESERVATIONS, "Le mardi soir reste fragile.",
                                    "M. Référent Fictif", "Coordinatrice Fictive", datetime(2026, 12, 1, 23, 30),
                                    plan.content_hash),))
    # Adopted at 00:30 in Paris on 2 December: 23:30 UTC the day before.
    plan = replace(plan, adopted_at=datetime(2026, 12, 1, 23, 30))
    return replace(conf, adopted=(plan,)), plan


@pytest.fixture(scope="module")
def complete_doc():
    conf, plan = complete_conference()
    data = build_action_plan(conf, plan, unnamed_holders=1)
    return data, Document(io.BytesIO(data))


def identity_rows(doc) -> dict[str, str]:
    table = next(t for t in doc.tables if plain(t.rows[0].cells[0].text) == "La personne concernée")
    return {plain(row.cells[0].text): plain(row.cells[1].text) for row in table.rows}


def test_the_identity_block_names_who_is_concerned_who_follows_and_who_coordinated(complete_doc):
    _, doc = complete_doc
    rows = identity_rows(doc)

    assert rows["La personne concernée"] == "Lina"
    assert rows["Autorité parentale"] == "Awa Diallo\nun autre titulaire de l'autorité parentale, non nommé ici"
    assert rows["Le professionnel référent (qui suit la famille)"] == (
        "M. Référent Fictif\nAide sociale à l'enfance · Conseil départemental (fictif)\nTéléphone : 01 00 00 00 00")
    assert rows["Coordination"] == ("Coordinatrice Fictive\nAssociation Imaginaire\n"
                                    "avec Co Fictive (CCAS Imaginaire), en co-coordination")
    assert rows["Date et lieu de la conférence"] == "1er décembre 2026, Maison des familles"
    assert rows["Pourquoi la conférence a eu lieu"] == "L'hospitalisation de la maman de Lina pendant trois mois."


def test_the_ratification_says_who_validated_when_and_the_reservations(complete_doc):
    _, doc = complete_doc
    texts = [plain(p.text) for p in doc.paragraphs]

    i = texts.index("Qui a validé le plan")
    assert texts[i + 1] == "Plan validé par M. Référent Fictif le 2 décembre 2026."  # Paris day, not UTC's
    assert texts[i + 2] == "Décision : Ratifié avec réserves" or texts[i + 2].startswith("Décision : ")
    assert texts[i + 3] == "Réserves, et pourquoi : Le mardi soir reste fragile."
    assert texts[i + 4] == "Plan adopté par Coordinatrice Fictive le 2 décembre 2026."
    assert "Version 1 · plan adopté le 2 décembre 2026" in texts


def test_professionals_watcher_fallback_copies_and_confidentiality_are_printed(complete_doc):
    _, doc = complete_doc
    texts = [plain(p.text) for p in doc.paragraphs]

    i = texts.index("Ce que les professionnels apportent")
    assert texts[i + 2:i + 4] == ["ASE : une aide à domicile le mercredi", "Centre social : la cantine payée"]
    assert "Qui appeler : Coordinatrice Fictive, 01 11 11 11 11" in texts
    assert "Dans la famille, la personne qui veille sur le plan : Oncle Karim" in texts
    i = texts.index("Qui reçoit une copie")
    assert texts[i + 1:i + 3] == ["La famille", "L'école de Lina"]
    assert any(t.startswith("Confidentiel.") for t in texts)


def test_the_referent_signs_beside_the_family_and_the_co_coordinator_too(complete_doc):
    _, doc = complete_doc
    table = next(t for t in doc.tables if plain(t.rows[0].cells[0].text) == "Nom")
    names = [plain(row.cells[0].text) for row in table.rows[1:]]

    assert names[-3:] == ["M. Référent Fictif\nSuit la famille pour : Aide sociale à l'enfance",
                          "Coordinatrice Fictive\nCoordination de la conférence",
                          "Co Fictive\nCo-coordination de la conférence"]
    assert 'Tonton "Dédé"' in names  # quotes typed in a name are printed as typed


def test_french_typography_apostrophes_and_no_point_median(complete_doc):
    data, doc = complete_doc
    everything = "\n".join(body_texts(doc) + [p.text for p in doc.sections[0].footer.paragraphs])

    assert "'" not in everything
    assert not re.search(r"\w·\w", everything), "no point médian in a family document"
    assert "«\u202fDédé\u202f»" not in everything


def test_a_not_safe_holder_of_parental_authority_is_never_named(complete_doc):
    data, doc = complete_doc

    assert "Julien" not in all_xml(data)
