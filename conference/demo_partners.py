"""The synthesis meetings' demo: the Benali-Roussel household (fictional, see
``SCENARIOS.md`` §4) with four partners, two meetings, three decisions (one overdue), a
handover waiting for the successor. Loaded by ``cercle demo`` beside the conferences,
through the real services (audited like any other change); only the directory's
structures and the partner accounts' structure are written directly.

Partner accounts (no password: set one with ``cercle`` admin commands to sign in):
``caron.demo`` (the path referent, leaving), ``dasilva.demo`` (her successor),
``caf.demo`` (the CAF's adviser).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from conference import clock
from conference.domain.enums import Role
from conference.domain.partnership import Agreement, Attendance, DecisionStatus, InfoCategory, MeetingKind, PersonPresence
from conference.security.rules import Actor
from conference.services import accounts, handover_notes, households, partner_meetings
from conference.store import models as r
from conference.store.uow import UnitOfWork

HOUSEHOLD = "Famille Benali-Roussel (démo)"
STRUCTURES = (  # (key, name, typology code, missions, public)
    ("caf", "CAF de Villefictive (démo)", "CAF", "Prestations familiales, aide au logement.", "Familles"),
    ("ccas", "CCAS de Villefictive (démo)", "CCAS", "Aides d'urgence, énergie, domiciliation.", "Habitants de la commune"),
    ("udaf", "UDAF de Fictivie (démo)", "UDAF", "Accompagnement budgétaire, mesures de protection.", "Familles"),
    ("dept", "Service social départemental (démo)", "CD", "Accompagnement social global, référent de parcours.",
     "Tout public"),
)
ACCOUNTS = (  # (key, display name, login, structure key)
    ("caron", "Mme Caron (démo)", "caron.demo", "dept"),
    ("dasilva", "M. Da Silva (démo)", "dasilva.demo", "dept"),
    ("caf", "Julie Marchand (démo)", "caf.demo", "caf"),
)


@dataclass(frozen=True)
class PartnersDemo:
    household_id: int
    structures: dict[str, int]
    users: dict[str, int]
    meetings: tuple[int, int]
    handover_id: int


def _structures(uow: UnitOfWork, today: date) -> dict[str, int]:
    with uow:
        ids = {}
        for key, name, code, missions, public in STRUCTURES:
            row = r.StructureRow(name=name, reseaux_porteurs=[code], missions=missions, public=public,
                                 last_verified=today, phone="01 00 00 00 00")
            uow.add(row)
            uow.flush()
            ids[key] = row.id
        uow.commit()
        return ids


def _partner_accounts(uow: UnitOfWork, structures: dict[str, int]) -> dict[str, Actor]:
    actors = {}
    for key, name, login, structure in ACCOUNTS:
        actors[key] = accounts.create_user(name, Role.PARTNER, "", login=login, uow=uow)
    with uow:
        for key, _name, _login, structure in ACCOUNTS:
            uow.session.get(r.User, actors[key].id).structure_id = structures[structure]
        uow.commit()
    return actors


def load_partners_demo(coordinator: Actor, *, uow: UnitOfWork, today: date | None = None) -> PartnersDemo:
    """Create the Benali-Roussel household and its synthesis meetings, run by
    ``coordinator``. Dates are relative to ``today`` (Paris): the first meeting two
    months ago, the second yesterday; the CAF's decision is overdue."""
    today = today or clock.today()
    s = _structures(uow, today)
    people = _partner_accounts(uow, s)
    hid = households.create_household(coordinator, HOUSEHOLD, uow=uow)
    for key, role in (("caf", "Réexamen de l'aide au logement"), ("ccas", "Aide d'urgence, factures d'énergie"),
                      ("udaf", "Accompagnement budgétaire"), ("dept", "Accompagnement social, référente de parcours")):
        households.add_partner(coordinator, hid, s[key], role, start_date=today - timedelta(days=90), uow=uow)
    households.set_path_referent(coordinator, hid, "preference", user_id=people["caron"].id,
                                 reason_text="Le choix du ménage", uow=uow)

    # First meeting: the synthesis, two months ago.
    first_day = today - timedelta(days=60)
    m1 = partner_meetings.plan_meeting(coordinator, hid, MeetingKind.SYNTHESIS, first_day,
                                       place="Maison des solidarités (démo)", uow=uow)
    v = partner_meetings.record_presence(coordinator, m1, PersonPresence.REPRESENTED, 1,
                                         third_party="Nadia Roussel, sœur de M. Roussel (démo)", uow=uow)
    v = partner_meetings.set_participants(coordinator, m1, [
        {"structure_id": s["caf"], "name": "Julie Marchand (démo)", "role": "conseillère", "attendance": Attendance.PRESENT},
        {"structure_id": s["ccas"], "name": "Paul Lenoir (démo)", "role": "travailleur social",
         "attendance": Attendance.PRESENT},
        {"structure_id": s["udaf"], "name": "Inès Moreau (démo)", "role": "déléguée",
         "attendance": Attendance.WRITTEN_INPUT},
        {"structure_id": s["dept"], "name": "Mme Caron (démo)", "role": "assistante sociale",
         "attendance": Attendance.PRESENT},
    ], v, uow=uow)
    v = partner_meetings.set_needs(coordinator, m1, ["Ne plus avoir peur de l'expulsion",
                                                     "Que les travaux d'isolation avancent enfin",
                                                     "Souffler un peu sur le budget"], v, uow=uow)
    v = partner_meetings.set_contributions(coordinator, m1, [
        (s["caf"], "Le droit à l'aide au logement doit être réexaminé avec les nouveaux revenus."),
        (s["ccas"], "Une aide d'urgence peut couvrir la facture d'énergie en retard."),
        (s["udaf"], "Un accompagnement budgétaire est possible si le ménage le souhaite."),
        (s["dept"], "Le projet de rénovation est bloqué : personne ne le porte."),
    ], v, uow=uow)
    v = partner_meetings.update_meeting(coordinator, m1, v, diagnosis=(
        "Un budget très serré depuis l'arrêt de travail de M. Roussel, des impayés de loyer, un projet de "
        "rénovation énergétique sans porteur."), gaps="Personne n'était chargé du dossier de rénovation : le service "
        "social départemental le prend.", next_date=today - timedelta(days=1), uow=uow)
    caf = partner_meetings.add_decision(coordinator, m1, "Réexaminer l'aide au logement", s["caf"],
                                        today - timedelta(days=20), Agreement.YES, v, uow=uow)
    v += 1
    partner_meetings.add_decision(coordinator, m1, "Ouvrir un accompagnement budgétaire", s["udaf"],
                                  today + timedelta(days=30), Agreement.DEFERRED, v, uow=uow)
    v += 1
    energy = partner_meetings.add_decision(coordinator, m1, "Payer la facture d'énergie en retard", s["ccas"],
                                           today - timedelta(days=40), Agreement.YES, v, uow=uow)
    partner_meetings.change_decision_status(coordinator, energy, DecisionStatus.DONE, 1, note="Payée", uow=uow)
    partner_meetings.share_item(coordinator, hid, InfoCategory.FINANCIAL, "Trois mois de loyer en retard.",
                                brought_by_structure_id=s["caf"], allowed_structure_ids=s.values(), meeting_id=m1,
                                informed=True, may_see_written=True, uow=uow)
    partner_meetings.share_item(coordinator, hid, InfoCategory.HEALTH,
                                "M. Roussel est en arrêt de travail pour une blessure au dos jusqu'en janvier.",
                                brought_by_structure_id=s["dept"], allowed_structure_ids=(), meeting_id=m1,
                                informed=True, uow=uow)
    partner_meetings.share_item(coordinator, hid, InfoCategory.SOCIAL, "Une dette envers un cousin.",
                                brought_by_structure_id=s["ccas"], allowed_structure_ids=s.values(), meeting_id=m1,
                                informed=True, objected=True, uow=uow)

    # Second meeting, yesterday: the open decisions are carried into it.
    m2 = partner_meetings.plan_meeting(coordinator, hid, MeetingKind.REGULAR_REVIEW, today - timedelta(days=1),
                                       uow=uow)
    v2 = partner_meetings.record_presence(coordinator, m2, PersonPresence.PRESENT, 1, uow=uow)
    v2 = partner_meetings.set_needs(coordinator, m2, ["Savoir où en est l'aide au logement"], v2, uow=uow)
    partner_meetings.update_meeting(coordinator, m2, v2, next_date=today + timedelta(days=60), uow=uow)

    # Mme Caron leaves: her handover note waits for M. Da Silva.
    note = handover_notes.write_handover_note(
        coordinator, hid, from_user_id=people["caron"].id, to_user_id=people["dasilva"].id,
        situation="Réexamen CAF en retard ; accompagnement budgétaire en réflexion ; rénovation reprise par le service.",
        already_told="Le parcours professionnel de M. Roussel et l'origine des impayés : ne pas redemander.",
        pending_steps="Relancer la CAF ; recontacter le ménage pour l'accompagnement budgétaire.",
        may_share="La situation budgétaire ; pas la dette familiale.", uow=uow)
    del caf
    return PartnersDemo(household_id=hid, structures=s, users={k: a.id for k, a in people.items()},
                        meetings=(m1, m2), handover_id=note)
