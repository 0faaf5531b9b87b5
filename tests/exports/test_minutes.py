"""The minutes of a synthesis meeting, reopened and read paragraph by paragraph: the
partners' version holds the whole meeting but no item the person objected to, nor an item
a partner around the table may not see; the person's plain version holds the decisions,
who does what and the next date, and only what the person agreed to see written."""
from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document

from conference.domain.partnership import (Agreement, Attendance, Contribution, Decision, DecisionStatus, InfoCategory,
                                           InfoItem, Meeting, MeetingKind, Need, Participant, PersonPresence)
from exports.minutes import build_minutes

CAF, CCAS, UDAF, DEPT, CARSAT = 1, 2, 3, 4, 5
NAMES = {CAF: "CAF", CCAS: "CCAS", UDAF: "UDAF", DEPT: "Service social départemental", CARSAT: "CARSAT"}


def item(n, by, category, text, allowed=(), *, objected=False, written=False):
    return InfoItem(id=n, household_id=1, meeting_id=2, brought_by_structure_id=by, brought_by_name=NAMES[by],
                    category=category, text=text, allowed_structure_ids=frozenset(allowed),
                    allowed_structure_names=tuple(sorted(NAMES[a] for a in allowed)), person_informed=True,
                    person_objected=objected, person_may_see_written=written)


def decision(n, action, owner, deadline, agreement, *, carried_from=None, first=None):
    return Decision(id=n, meeting_id=2, action=action, owner_structure_id=owner, owner_structure_name=NAMES[owner],
                    deadline=deadline, agreement=agreement, carried_from=carried_from, first_meeting_date=first)


ITEMS = (
    item(1, CAF, InfoCategory.FINANCIAL, "Arriéré de loyer de 1 200 euros", (CCAS, UDAF, DEPT, CARSAT), written=True),
    item(2, CARSAT, InfoCategory.HEALTH, "Lombalgie de M. Roussel : arrêt jusqu'en janvier", (DEPT,)),
    item(3, CCAS, InfoCategory.SOCIAL, "Dette envers un cousin, à ne pas ébruiter", (CAF, UDAF, DEPT, CARSAT),
         objected=True, written=True),
    item(4, DEPT, InfoCategory.JUSTICE, "Ancienne procédure d'expulsion en 2019", (CAF, CCAS, UDAF, CARSAT)),
    item(5, DEPT, InfoCategory.HEALTH, "Mme Benali voit son médecin traitant chaque mois",
         (CAF, CCAS, UDAF, CARSAT), written=True),
)


def benali_meeting(**changes) -> Meeting:
    values = dict(
        id=2, household_id=1, household_label="Famille Benali-Roussel", kind=MeetingKind.SYNTHESIS,
        held_on=date(2026, 11, 23), person_presence=PersonPresence.REPRESENTED, third_party="Nadia Roussel, sa sœur",
        participants=(
            Participant(1, CAF, "CAF", "Julie Marchand", "conseillère", Attendance.PRESENT),
            Participant(2, CCAS, "CCAS", "Paul Lenoir", "travailleur social", Attendance.PRESENT),
            Participant(3, UDAF, "UDAF", "Inès Moreau", "déléguée", Attendance.WRITTEN_INPUT),
            Participant(4, DEPT, "Service social départemental", "Mme Caron", "assistante sociale", Attendance.PRESENT),
            Participant(5, CARSAT, "CARSAT", "", "", Attendance.ABSENT),
        ),
        needs=(Need(1, "Ne plus avoir peur de l'expulsion"), Need(2, "Que les travaux d'isolation avancent")),
        contributions=(Contribution(1, CAF, "CAF", "Le droit à l'aide au logement est à revoir."),
                       Contribution(2, CCAS, "CCAS", "Une aide d'urgence pour l'énergie est possible.")),
        diagnosis="Un budget serré, un projet de rénovation sans porteur.",
        decisions=(
            decision(7, "Relancer le dossier de rénovation", DEPT, date(2026, 11, 1), Agreement.YES, carried_from=3,
                     first=date(2026, 9, 21)),
            decision(8, "Réexaminer l'aide au logement", CAF, date(2026, 12, 15), Agreement.YES),
            decision(9, "Ouvrir un accompagnement budgétaire", UDAF, None, Agreement.DEFERRED),
            decision(10, "Payer la facture d'énergie", CCAS, date(2026, 12, 1), Agreement.YES),
        ),
        gaps="Personne ne portait le dossier de rénovation.", next_date=date(2027, 1, 25), info_items=ITEMS,
        path_referent="Mme Caron (Service social départemental)", path_referent_reason="le choix du ménage",
    )
    values.update(changes)
    return Meeting(**values)


def paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the body, tables included (row by row), as a person reads it."""
    document = Document(io.BytesIO(data))
    out = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            out.append(_text(child))
        elif child.tag.endswith("}tbl"):
            for tr in child.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr"):
                cells = tr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")
                out.append(" | ".join(" / ".join(_text(p) for p in tc.iter(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")) for tc in cells))
    return [p for p in out if p]


def _text(p) -> str:
    text = "".join(t.text or "" for t in p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
    return text.replace("\u2019", "'").replace("\u00a0", " ").replace("\u202f", " ")


def footer_of(data: bytes) -> str:
    return Document(io.BytesIO(data)).sections[0].footer.paragraphs[0].text


if __name__ == "__main__":  # pragma: no cover - to look at the paragraphs while writing tests
    for audience in ("partners", "person"):
        print(f"--- {audience}")
        print("\n".join(paragraphs(build_minutes(benali_meeting(), audience=audience))))


PARTNERS = [
    "Compte rendu de la réunion",
    "Famille Benali-Roussel",
    "Réunion de synthèse du 23 novembre 2026",
    "Référent·e de parcours : Mme Caron (Service social départemental) — le choix du ménage",
    "Pour les partenaires autour du ménage. Confidentiel : ne le partagez qu'avec les personnes qui en ont besoin "
    "pour agir sur les décisions.",
    "La personne",
    "Représentation par Nadia Roussel, sa sœur (tiers de confiance)",
    "Qui a participé",
    "Structure | Nom et fonction | Présence",
    "CAF | Julie Marchand, conseillère | Autour de la table",
    "CCAS | Paul Lenoir, travailleur social | Autour de la table",
    "UDAF | Inès Moreau, déléguée | Contribution écrite seulement",
    "Service social départemental | Mme Caron, assistante sociale | Autour de la table",
    "CARSAT |  | Absence",
    "Les besoins de la personne, avec ses mots",
    "« Ne plus avoir peur de l'expulsion »",
    "« Que les travaux d'isolation avancent »",
    "Tour de table",
    "CAF : Le droit à l'aide au logement est à revoir.",
    "CCAS : Une aide d'urgence pour l'énergie est possible.",
    "Diagnostic partagé",
    "Un budget serré, un projet de rénovation sans porteur.",
    "Informations partagées dans un but précis",
    "Catégorie | Apportée par | Information | Qui peut la voir",
    "Argent | CAF | Arriéré de loyer de 1 200 euros | CARSAT, CCAS, Service social départemental, UDAF",
    "Justice | Service social départemental | Ancienne procédure d'expulsion en 2019 | CAF, CARSAT, CCAS, UDAF",
    "Santé | Service social départemental | Mme Benali voit son médecin traitant chaque mois | CAF, CARSAT, CCAS, UDAF",
    "Décisions",
    "Décisions reprises des réunions précédentes",
    "N° | Action | Qui s'en occupe | Pour le | Accord de la personne | État",
    "1 | Relancer le dossier de rénovation / Reprise de la réunion du 21 septembre 2026 | "
    "Service social départemental | 01/11/2026 | D'accord | En cours",
    "Décisions de cette réunion",
    "N° | Action | Qui s'en occupe | Pour le | Accord de la personne | État",
    "1 | Réexaminer l'aide au logement | CAF | 15/12/2026 | D'accord | En cours",
    "2 | Ouvrir un accompagnement budgétaire | UDAF | Sans date | Souhaite réfléchir | En cours",
    "3 | Payer la facture d'énergie | CCAS | 01/12/2026 | D'accord | En cours",
    "Manques et doublons repérés",
    "Personne ne portait le dossier de rénovation.",
    "Prochaine réunion",
    "25 janvier 2027",
    "Confidentiel. Ce compte rendu ne contient que les informations dont la personne a accepté le partage. "
    "Ne le transmettez pas au-delà des partenaires présents.",
]

PERSON = [
    "Ce que nous avons décidé ensemble",
    "Famille Benali-Roussel",
    "Réunion du 23 novembre 2026",
    "Cette feuille est pour vous. Elle dit ce qui a été décidé, qui fait quoi, et quand nous nous revoyons. "
    "Elle contient seulement ce que vous avez accepté de voir écrit.",
    "Ce dont vous nous avez dit avoir besoin",
    "« Ne plus avoir peur de l'expulsion »",
    "« Que les travaux d'isolation avancent »",
    "Ce qui a été décidé",
    "1. Relancer le dossier de rénovation",
    "Qui s'en occupe : Service social départemental",
    "Pour quand : 1er novembre 2026",
    "Vous êtes d'accord.",
    "2. Réexaminer l'aide au logement",
    "Qui s'en occupe : CAF",
    "Pour quand : 15 décembre 2026",
    "Vous êtes d'accord.",
    "3. Ouvrir un accompagnement budgétaire",
    "Qui s'en occupe : UDAF",
    "Pour quand : Pas encore de date",
    "Vous voulez réfléchir. Vous pourrez donner votre réponse plus tard.",
    "4. Payer la facture d'énergie",
    "Qui s'en occupe : CCAS",
    "Pour quand : 1er décembre 2026",
    "Vous êtes d'accord.",
    "Qui fait quoi",
    "Service social départemental : Relancer le dossier de rénovation",
    "CAF : Réexaminer l'aide au logement",
    "UDAF : Ouvrir un accompagnement budgétaire",
    "CCAS : Payer la facture d'énergie",
    "Les personnes qui ont travaillé sur votre situation :",
    "CAF — Julie Marchand, conseillère",
    "CCAS — Paul Lenoir, travailleur social",
    "UDAF — Inès Moreau, déléguée",
    "Service social départemental — Mme Caron, assistante sociale",
    "Ce qui a été dit, et que vous avez accepté de voir écrit",
    "Arriéré de loyer de 1 200 euros",
    "Mme Benali voit son médecin traitant chaque mois",
    "Prochaine réunion",
    "Nous nous revoyons le 25 janvier 2027.",
    "Votre contact pour tout : Mme Caron (Service social départemental)",
    "Si quelque chose est faux ou manque sur cette feuille, dites-le à votre contact. Vous pouvez changer d'avis "
    "sur ce qui est partagé à tout moment.",
]


def test_the_partners_minutes_read_paragraph_by_paragraph():
    data = build_minutes(benali_meeting(), audience="partners")

    assert paragraphs(data) == PARTNERS
    assert footer_of(data).startswith("Famille Benali-Roussel · Compte rendu du 23/11/2026")
    assert "Page" in footer_of(data) and "sur" in footer_of(data)


def test_the_persons_minutes_read_paragraph_by_paragraph():
    assert paragraphs(build_minutes(benali_meeting(), audience="person")) == PERSON


@pytest.mark.parametrize("audience", ["partners", "person"])
def test_no_minutes_hold_an_item_the_person_objected_to(audience):
    text = "\n".join(paragraphs(build_minutes(benali_meeting(), audience=audience)))

    assert "cousin" not in text


def test_the_persons_version_holds_no_health_or_justice_item_they_did_not_agree_to_see_written():
    text = "\n".join(paragraphs(build_minutes(benali_meeting(), audience="person")))

    assert "Lombalgie" not in text and "expulsion en 2019" not in text
    assert "médecin traitant" in text, "a health item the person agreed to see written is there"
    assert "budget serré" not in text and "aide d'urgence pour l'énergie" not in text, \
        "no diagnosis nor round in the person's version"


def test_a_health_item_only_some_partners_may_see_is_not_in_the_partners_minutes():
    text = "\n".join(paragraphs(build_minutes(benali_meeting(), audience="partners")))

    assert "Lombalgie" not in text, "the CARSAT's item is allowed to the département only"


def test_a_dropped_decision_is_not_in_the_persons_version_and_an_empty_meeting_still_prints():
    dropped = Decision(id=11, meeting_id=2, action="Action abandonnée", owner_structure_id=CAF,
                       owner_structure_name="CAF", deadline=None, agreement=Agreement.NO,
                       status=DecisionStatus.DROPPED)
    assert "Action abandonnée" not in "\n".join(paragraphs(build_minutes(benali_meeting(decisions=(dropped,)),
                                                                         audience="person")))

    empty = benali_meeting(participants=(), needs=(), contributions=(), decisions=(), info_items=(), diagnosis="",
                           gaps="", next_date=None, path_referent="", person_presence=None)
    for audience in ("partners", "person"):
        assert paragraphs(build_minutes(empty, audience=audience))
    assert "Rien n'a été décidé cette fois." in paragraphs(build_minutes(empty, audience="person"))


def test_an_unknown_audience_is_refused():
    with pytest.raises(ValueError):
        build_minutes(benali_meeting(), audience="everyone")
