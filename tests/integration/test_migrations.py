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


def test_every_conference_of_a_filled_database_gets_its_own_household_and_no_row_is_lost(database_url):
    """Issue 10: a copy of a database full of conferences and their children, at 0009,
    upgraded to 0010 — every table keeps its count, each conference links to a household
    named like it, in its territory, created by its coordinator (SQLite and PostgreSQL)."""
    from sqlalchemy import inspect

    engine = make_engine(database_url)
    upgrade(engine, "0009")
    no, yes, day = False, True, "2026-01-01"
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO territories (code, name, created_at) VALUES ('nord', 'Nord', :d)"),
                           {"d": day})
        territory = connection.execute(text("SELECT id FROM territories")).scalar()
        connection.execute(text("INSERT INTO users (login, display_name, role, institution, active, failed_logins,"
                                " created_at, version) VALUES ('coord', 'Coordinatrice Fictive', 'coordinator', '',"
                                " :y, 0, :d, 1)"), {"y": yes, "d": day})
        user = connection.execute(text("SELECT id FROM users")).scalar()
        for n in range(1, 6):
            conference = connection.execute(text(
                "INSERT INTO conferences (territory_id, title, phase, situation, referral_other,"
                " referent_institution, referent_name, family_agreement, information_duty_met, coordinator_id,"
                " coordinator_institution, prior_knowledge, is_referent, co_coordinator_name,"
                " co_coordinator_institution, concerns, meeting_place, child_voice_note, what_changed,"
                " closure_reason_text, referent_service, referent_phone, conference_reason, fallback_contact,"
                " copy_recipients, professional_commitments, coordinator_contact, created_at, updated_at, version)"
                " VALUES (:territory, :t, 'preparation', '', '', '', '', :n, :n, :u, '', :n, :n, '', '', '', '', '',"
                " '', '', '', '', '', '', '', '', '', :c, :c, 1) RETURNING id"),
                {"territory": territory, "t": f"Famille Fictive {n}", "c": f"2026-0{n}-01", "n": no,
                 "u": user}).scalar()
            people = []
            for name in ("Tante Fictive", "Voisin Fictif"):
                people.append(connection.execute(text(
                    "INSERT INTO participants (conference_id, name, relation, invitation, not_safe, is_focal,"
                    " expert_question, phone, email, note, supports, phone_visible, email_visible,"
                    " parental_authority, version) VALUES (:c, :name, 'family', 'invited', :n, :n, '', '', '', '',"
                    " '[]', :n, :n, :n, 1) RETURNING id"), {"c": conference, "name": name, "n": no}).scalar())
            connection.execute(text("INSERT INTO bottom_lines (conference_id, text) VALUES (:c, 'Une limite')"),
                               {"c": conference})
            connection.execute(text("INSERT INTO consents (conference_id, kind, given, note, recorded_by,"
                                    " recorded_at) VALUES (:c, 'conference', :y, '', 'coord', :d)"),
                               {"c": conference, "y": yes, "d": day})
            draft = connection.execute(text("INSERT INTO plan_drafts (conference_id, if_not_working,"
                                            " follow_arrangement, updated_at, version) VALUES (:c, '', '', :d, 1)"
                                            " RETURNING id"), {"c": conference, "d": day}).scalar()
            connection.execute(text("INSERT INTO plan_actions (draft_id, position, what, who_text, when_text,"
                                    " success_sign, support_needed, parts, bottom_lines) VALUES (:dr, 1, 'Agir', '',"
                                    " '', '', '', '[]', '[]')"), {"dr": draft})
            connection.execute(text("INSERT INTO ties (conference_id, source_id, target_id, kind, created_at)"
                                    " VALUES (:c, :a, :b, 'support', :d)"),
                               {"c": conference, "a": min(people), "b": max(people), "d": day})
    tables = inspect(engine).get_table_names()
    with engine.connect() as connection:
        before = {t: connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in tables}

    upgrade(engine)

    with engine.begin() as connection:
        after = {t: connection.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar() for t in tables}
        links = connection.execute(text(
            "SELECT c.title, h.label, h.territory_id, h.created_by FROM conferences c"
            " JOIN households h ON h.id = c.household_id ORDER BY c.id")).all()
        households = connection.execute(text("SELECT COUNT(*) FROM households")).scalar()
        # The next household created gets a fresh id (PostgreSQL's sequence moved past the copied ones).
        connection.execute(text("INSERT INTO households (territory_id, label, created_at, updated_at, version)"
                                " VALUES (:t, 'Foyer Nouveau (fictif)', '2026-12-01', '2026-12-01', 1)"),
                           {"t": territory})
        total = connection.execute(text("SELECT COUNT(DISTINCT id) FROM households")).scalar()
    engine.dispose()
    assert after == before and before["participants"] == 10 and before["plan_actions"] == 5 and before["ties"] == 5
    assert [(title, label) for title, label, _, _ in links] == [(f"Famille Fictive {n}",) * 2 for n in range(1, 6)]
    assert {(t, creator) for _, _, t, creator in links} == {(territory, user)}
    assert households == 5 and total == 6
