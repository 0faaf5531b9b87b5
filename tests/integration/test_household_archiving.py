"""Archiving a household (issue 10): every personal column of the household and of its
meetings, decisions, shared items, handover notes is emptied, read from the models' rules;
rows and codes stay; its conferences and the directory are left alone."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from conference.domain.households import ReferentReason
from conference.services import auth, conferences, households, partner_meetings
from conference.services import partner_directory as pd
from conference.store import anonymise_households as ah
from conference.store import models as r


def test_archiving_a_household_empties_every_personal_column_of_its_rows(uow, coordinator):
    caf = pd.create_structure(auth.SYSTEM, "CAF de l'Imaginaire", uow=uow)
    contact = pd.add_contact(auth.SYSTEM, caf, "Agent CAF Fictif", "Conseillère", uow=uow)
    hh = households.create_household(coordinator, "Benali-Roussel", uow=uow)
    households.add_partner(coordinator, hh, caf, "Révision de l'aide au logement", uow=uow)
    households.set_path_referent(coordinator, hh, ReferentReason.OTHER, contact_id=contact,
                                 reason_text="Mme Benali la connaît", uow=uow)
    conference = conferences.create_conference(coordinator, "Conférence Benali", uow=uow)
    households.attach_conference(coordinator, hh, conference, uow=uow)
    meeting = partner_meetings.plan_meeting(coordinator, hh, "synthese", date(2026, 12, 3), place="Mairie", uow=uow)
    partner_meetings.share_item(coordinator, hh, "housing", "Dette de loyer", brought_by_structure_id=caf,
                                meeting_id=meeting, uow=uow)
    other = households.create_household(coordinator, "Foyer Autre (fictif)", uow=uow)
    with uow:
        assert ah.personal_values(uow.session, hh)  # something to erase
        rows_before = {t.name: uow.session.scalar(select(func.count()).select_from(t)) for t in ah.household_tables()}

    with uow:
        result = ah.anonymise_household(uow.session, hh)
        uow.commit()

    with uow:
        assert ah.personal_values(uow.session, hh) == {}
        assert uow.session.get(r.HouseholdRow, hh).label == f"Foyer archivé n° {hh}"
        assert uow.session.get(r.HouseholdRow, other).label == "Foyer Autre (fictif)"
        assert uow.session.get(r.ConferenceRow, conference).title == "Conférence Benali"
        assert uow.session.get(r.StructureContactRow, contact).name == "Agent CAF Fictif"
        assert uow.session.get(r.SynthesisMeetingRow, meeting).kind == "synthese"
        rows_after = {t.name: uow.session.scalar(select(func.count()).select_from(t)) for t in ah.household_tables()}
    assert rows_after == rows_before and result.rows_emptied >= 5
    assert {t.name for t in ah.household_tables()} >= {"households", "household_partners", "path_referents",
                                                       "synthesis_meetings", "meeting_participants", "agenda_needs",
                                                       "meeting_contributions", "decisions", "shared_items",
                                                       "handover_notes"}
    assert "conferences" not in {t.name for t in ah.household_tables()}
