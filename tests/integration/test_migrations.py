"""Migrations upgrade a database that already holds data, step by step."""
from __future__ import annotations

from sqlalchemy import text

from conference.store.db import make_engine
from conference.store.migrate import upgrade


def test_upgrading_a_database_with_data_from_the_first_revision_keeps_it(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO conferences (title, phase, situation, referral_other, referent_institution,"
                                " referent_name, family_agreement, information_duty_met, coordinator_institution,"
                                " prior_knowledge, is_referent, co_coordinator_name, co_coordinator_institution,"
                                " concerns, meeting_place, child_voice_note, what_changed, closure_reason_text,"
                                " created_at, updated_at, version) VALUES ('Famille Ancienne (fictive)', 'preparation',"
                                " '', '', '', '', 0, 0, '', 0, 0, '', '', '', '', '', '', '', '2026-01-01', '2026-01-01', 1)"))
        connection.execute(text("INSERT INTO participants (conference_id, name, relation, invitation, not_safe, is_focal,"
                                " expert_question, phone, email, note, version) VALUES (1, 'Mamie Odile', 'family',"
                                " 'invited', 0, 0, '', '', '', '', 1)"))

    upgrade(engine)

    with engine.connect() as connection:
        row = connection.execute(text("SELECT name, supports, phone_visible FROM participants")).one()
    assert row[0] == "Mamie Odile" and row[1] == "[]" and row[2] == 0


def test_existing_conferences_go_to_the_default_territory_and_keep_their_children(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'filled.sqlite3'}")
    upgrade(engine, "0007")
    with engine.begin() as connection:
        for n in (1, 2):
            connection.execute(text(
                "INSERT INTO conferences (title, phase, situation, referral_other, referent_institution,"
                " referent_name, family_agreement, information_duty_met, coordinator_institution, prior_knowledge,"
                " is_referent, co_coordinator_name, co_coordinator_institution, concerns, meeting_place,"
                " child_voice_note, what_changed, closure_reason_text, referent_service, referent_phone,"
                " conference_reason, fallback_contact, copy_recipients, professional_commitments,"
                " coordinator_contact, created_at, updated_at, version) VALUES (:t, 'preparation', '', '', '', '',"
                " 0, 0, '', 0, 0, '', '', '', '', '', '', '', '', '', '', '', '', '', '', '2026-01-01',"
                " '2026-01-01', 1)"), {"t": f"Famille Fictive {n}"})
            connection.execute(text(
                "INSERT INTO participants (conference_id, name, relation, invitation, not_safe, is_focal,"
                " expert_question, phone, email, note, supports, phone_visible, parental_authority, version)"
                " VALUES (:c, 'Tante Fictive', 'family', 'invited', 0, 0, '', '', '', '', '[]', 0, 0, 1)"), {"c": n})

    upgrade(engine)

    with engine.connect() as connection:
        territories = connection.execute(text("SELECT id, code FROM territories")).all()
        placed = connection.execute(text("SELECT territory_id FROM conferences ORDER BY id")).scalars().all()
        children = connection.execute(text("SELECT COUNT(*) FROM participants")).scalar()
    assert [code for _, code in territories] == ["principal"]
    assert placed == [territories[0][0]] * 2
    assert children == 2
