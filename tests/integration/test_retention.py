"""Retention: settings, the purge's dry run and real run, archiving that anonymises.

Runs on SQLite and, when CERCLE_TEST_POSTGRES_URL is set, on PostgreSQL (the
``database_url`` fixture of tests/postgres.py). Ages are made by moving dates back in
the database (the services always stamp "now"); the purge then runs at the real now.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, or_, select, update

from conference.demo import MOREAU_DIALLO
from conference.domain.enums import Phase, Role
from conference.domain.errors import Forbidden, InvalidInput, StaleWrite
from conference.security.rules import Actor
from conference.services import family_links, retention
from conference.services.auth import SYSTEM, create_account
from conference.services.retention import PurgePlanChanged, add_months, purge
from conference.store import anonymise
from conference.store import models as r
from conference.store.models import utcnow

from ..factories import make_conference
from ..postgres import database_rows, database_url  # noqa: F401  (SQLite, and PostgreSQL when configured)

NAMES = ("Mamie Mariam", "Lina", "Awa Diallo", "Oncle Karim", "Sophie Moreau", "Marraine Inès", "Lefort",
         "Julien Moreau", "Moreau-Diallo", "Centre social des Tilleuls")
PROFESSIONAL_ROLES = [role for role in Role if role is not Role.ADMIN]


# ----------------------------------------------------------------------------- helpers

def set_closed_at(uow, conference_id: int, when: datetime) -> None:
    with uow:
        uow.session.execute(update(r.ConferenceRow).where(r.ConferenceRow.id == conference_id).values(closed_at=when))
        uow.commit()


def statistics(uow, conference_id: int) -> dict:
    """What an archived conference must still tell the pilots."""
    with uow:
        s = uow.session
        conf = s.get(r.ConferenceRow, conference_id)
        relations = Counter(s.scalars(select(r.ParticipantRow.relation).where(
            r.ParticipantRow.conference_id == conference_id)))
        actions = s.scalar(select(func.count()).select_from(r.PlanActionRow).join(r.PlanDraftRow).where(
            r.PlanDraftRow.conference_id == conference_id))
        reviews = sorted(s.scalars(select(r.ActionReviewRow.status).where(
            r.ActionReviewRow.conference_id == conference_id)))
        return {
            "phase": conf.phase, "field": conf.field, "outcome": conf.outcome, "closure_reason": conf.closure_reason,
            "referral_source": conf.referral_source, "child_voice": conf.child_voice, "closed_at": conf.closed_at,
            "meeting_date": conf.meeting_date, "created_at": conf.created_at, "relations": relations,
            "rings": sorted(map(str, s.scalars(select(r.ParticipantRow.ring).where(
                r.ParticipantRow.conference_id == conference_id)))),
            "invitations": Counter(s.scalars(select(r.ParticipantRow.invitation).where(
                r.ParticipantRow.conference_id == conference_id))),
            "actions": actions, "reviews": reviews,
            "plan_versions": s.scalar(select(func.count()).select_from(r.PlanVersionRow).where(
                r.PlanVersionRow.conference_id == conference_id)),
            "referent_institution": conf.referent_institution,
        }


def rows_of(engine, conference_id: int) -> dict[str, list[dict]]:
    """Every row of the conference and of every table that belongs to it, all columns."""
    out = {}
    with engine.connect() as connection:
        conf = r.ConferenceRow.__table__
        out["conferences"] = [dict(x) for x in connection.execute(select(conf).where(conf.c.id == conference_id))
                              .mappings()]
        children = anonymise.child_tables()
        for table, column in children.items():
            out[table.name] = [dict(x) for x in connection.execute(select(table).where(column == conference_id))
                               .mappings()]
        for table, links in anonymise.grandchild_tables().items():
            ids = set()
            for column, child in links:
                ids |= set(connection.scalars(select(table.c.id).where(column.in_(
                    select(child.c.id).where(children[child] == conference_id)))))
            out[table.name] = [dict(x) for x in connection.execute(select(table).where(table.c.id.in_(ids)))
                               .mappings()]
    return out


def where_names_appear(rows: dict[str, list[dict]], needles) -> list[str]:
    return [f"{table}.{column} = {value!r}"[:160] for table, items in rows.items() for row in items
            for column, value in row.items() for needle in needles if needle in str(value)]


def add_audit(uow, at: datetime, action: str = "test.old", **details) -> int:
    with uow:
        row = r.AuditRow(at=at, actor_id=None, actor_role="admin", action=action, target_type="test",
                         target_id=None, details=details)
        uow.add(row)
        uow.flush()
        uow.commit()
        return row.id


def add_link(uow, conference_id: int, *, expires_at: datetime, revoked_at: datetime | None = None) -> int:
    with uow:
        row = r.FamilyLinkRow(conference_id=conference_id, token_hash=f"{conference_id}-{expires_at.isoformat()}"
                              f"-{revoked_at}".ljust(64, "0")[:64], expires_at=expires_at, revoked_at=revoked_at)
        uow.add(row)
        uow.flush()
        uow.commit()
        return row.id


@pytest.fixture
def world(uow, coordinator):
    """Three Moreau-Diallo conferences: ``old`` closed 30 months ago (to archive),
    ``recent`` closed today (inside its retention time), ``open`` in preparation with a
    live family link and a link revoked two months ago. Plus audit entries 13 and 11
    months old, and a family link of ``old``."""
    now = utcnow()
    old = make_conference(uow, coordinator, Phase.CLOSED)
    recent = make_conference(uow, coordinator, Phase.CLOSED)
    open_ = make_conference(uow, coordinator, Phase.PREPARATION)
    with uow:  # the journey's families wrote their plans through a family link: this world starts without any
        uow.session.query(r.FamilyLinkRow).delete()
        uow.commit()
    set_closed_at(uow, old, add_months(now, -30))
    live_link, _ = family_links.create_family_link(coordinator, open_, uow=uow)
    dead_link = add_link(uow, open_, expires_at=now + timedelta(days=10), revoked_at=now - timedelta(days=60))
    old_link = add_link(uow, old, expires_at=add_months(now, -29))
    audit_old = add_audit(uow, add_months(now, -13), note="an old entry")
    audit_recent = add_audit(uow, add_months(now, -11))
    return {"now": now, "old": old, "recent": recent, "open": open_, "live_link": live_link,
            "dead_link": dead_link, "old_link": old_link, "audit_old": audit_old, "audit_recent": audit_recent}


# --------------------------------------------------------------------------- settings

def test_the_defaults_follow_the_cnil_references_until_an_administrator_changes_them(uow):
    settings = retention.get_retention(SYSTEM, uow=uow)

    assert settings.values() == {"archive_closed_months": 24, "flag_inactive_months": 24, "audit_months": 12,
                                 "family_link_months": 1}
    assert settings.version == 0
    assert set(retention.CATEGORY_LABELS) == set(settings.values())


def test_an_administrator_changes_one_duration_and_the_others_stay(uow):
    admin_id = create_account(SYSTEM, "admin.fictif", "Admin Fictif", Role.ADMIN, "un mot de passe assez long",
                              uow=uow)
    admin = Actor(id=admin_id, role=Role.ADMIN, name="Admin Fictif")

    saved = retention.set_retention(admin, {"audit_months": "6"}, 0, uow=uow)
    again = retention.set_retention(admin, {"archive_closed_months": 36}, saved.version, uow=uow)

    assert saved.audit_months == 6 and saved.archive_closed_months == 24
    assert retention.get_retention(admin, uow=uow) == again
    assert again.values() == {"archive_closed_months": 36, "flag_inactive_months": 24, "audit_months": 6,
                              "family_link_months": 1}
    with uow:
        entries = uow.audit.entries("setting")
        assert [(e.action, e.actor_id, e.details["changed"]) for e in entries] == [
            ("settings.retention_changed", admin_id, ["audit_months"]),
            ("settings.retention_changed", admin_id, ["archive_closed_months"])]


def test_a_retention_form_saved_on_an_outdated_screen_is_refused_and_nothing_is_written(uow):
    first = retention.set_retention(SYSTEM, {"audit_months": 6}, 0, uow=uow)

    with pytest.raises(StaleWrite):
        retention.set_retention(SYSTEM, {"audit_months": 9}, 0, uow=uow)

    assert retention.get_retention(SYSTEM, uow=uow) == first


@pytest.mark.parametrize("value, code", [
    (0, "out_of_range"), (121, "out_of_range"), (-3, "out_of_range"), ("-3", "not_whole_number"),
    (1.5, "not_whole_number"),
    ("douze", "not_whole_number"), (True, "not_whole_number"), ("", "required"), (None, "required"),
    ([12], "not_whole_number"),
])
def test_a_duration_must_be_a_whole_number_of_months_from_1_to_120(uow, value, code):
    with pytest.raises(InvalidInput) as error:
        retention.set_retention(SYSTEM, {"audit_months": value}, 0, uow=uow)

    assert (error.value.field, error.value.code) == ("audit_months", code)
    assert retention.get_retention(SYSTEM, uow=uow).version == 0


def test_whole_numbers_given_as_text_or_float_are_accepted_at_the_limits(uow):
    saved = retention.set_retention(SYSTEM, {"audit_months": "120", "family_link_months": 1.0}, 0, uow=uow)

    assert (saved.audit_months, saved.family_link_months) == (120, 1)


def test_an_unknown_setting_is_refused(uow):
    with pytest.raises(InvalidInput) as error:
        retention.set_retention(SYSTEM, {"keep_forever": 12}, 0, uow=uow)

    assert error.value.code == "unknown_setting"


@pytest.mark.parametrize("role", PROFESSIONAL_ROLES, ids=lambda role: role.value)
def test_only_an_administrator_reads_changes_or_applies_retention(uow, role):
    actor = Actor(id=1, role=role, conference_id=1 if role is Role.FAMILY else None)

    for call in (lambda: retention.get_retention(actor, uow=uow),
                 lambda: retention.set_retention(actor, {"audit_months": 6}, 0, uow=uow),
                 lambda: purge(actor, dry_run=True, uow=uow),
                 lambda: purge(actor, dry_run=False, uow=uow),
                 lambda: retention.upcoming_archives(actor, uow=uow)):
        with pytest.raises(Forbidden):
            call()


def test_a_deactivated_administrator_cannot_purge(uow):
    with pytest.raises(Forbidden):
        purge(Actor(id=1, role=Role.ADMIN, active=False), dry_run=True, uow=uow)


# ------------------------------------------------------------------------------ purge

def test_the_dry_run_lists_what_is_due_and_changes_nothing(world, uow, engine):
    before = database_rows(engine)

    plan = purge(SYSTEM, dry_run=True, uow=uow)

    assert database_rows(engine) == before
    assert plan.conference_ids == (world["old"],)
    assert plan.archive[0].title == MOREAU_DIALLO.title
    assert plan.archive[0].archive_on == add_months(plan.archive[0].closed_at, 24)
    assert plan.audit_count == 1 and plan.audit_last_id == world["audit_old"]
    assert set(plan.family_link_ids) == {world["dead_link"], world["old_link"]}
    assert plan.stale == ()


def test_the_purge_after_a_dry_run_changes_exactly_what_the_dry_run_listed(world, uow, engine):
    dry = purge(SYSTEM, dry_run=True, uow=uow)
    before = database_rows(engine)

    done = purge(SYSTEM, dry_run=False, expected=dry, uow=uow)

    after = database_rows(engine)
    assert done.same_work(dry) and done.now == dry.now
    # Deleted rows: exactly the plan's audit entries and family links.
    assert set(before["audit_log"]) - set(after["audit_log"]) == {(world["audit_old"],)}
    assert set(before["family_links"]) - set(after["family_links"]) == {(i,) for i in dry.family_link_ids}
    # Changed rows: only rows of the archived conference (and its audit entries).
    archived = rows_of(engine, world["old"])
    archived_keys = {(table, tuple(row[c.name] for c in r.Base.metadata.tables[table].primary_key.columns))
                     for table, rows in archived.items() for row in rows}
    changed = {(table, key) for table, rows in before.items() for key, row in rows.items()
               if key in after[table] and after[table][key] != row}
    assert {c for c in changed if c[0] != "audit_log"} <= archived_keys
    assert ("conferences", (world["recent"],)) not in changed and ("conferences", (world["open"],)) not in changed
    # Added rows: only the purge's own audit entries.
    added = [after["audit_log"][k] for k in set(after["audit_log"]) - set(before["audit_log"])]
    assert sorted(x["action"] for x in added) == ["conference.archived", "retention.purged"]
    summary = next(x for x in added if x["action"] == "retention.purged")["details"]
    assert summary == {"archived": 1, "conferences": [world["old"]], "audit_deleted": dry.audit_count,
                       "family_links_deleted": dry.family_link_count, "flagged": 0}


def test_a_purge_without_a_dry_run_applies_its_own_plan_and_a_second_finds_nothing(world, uow):
    first = purge(SYSTEM, dry_run=False, uow=uow)
    second = purge(SYSTEM, dry_run=True, uow=uow)

    assert first.conference_ids == (world["old"],)
    assert second.is_empty


def test_a_purge_refuses_when_the_data_moved_since_the_dry_run(world, uow, engine):
    dry = purge(SYSTEM, dry_run=True, uow=uow)
    set_closed_at(uow, world["recent"], add_months(dry.now, -25))
    before = database_rows(engine)

    with pytest.raises(PurgePlanChanged) as error:
        purge(SYSTEM, dry_run=False, expected=dry, uow=uow)

    assert error.value.current.conference_ids == (world["old"], world["recent"])
    assert database_rows(engine) == before


def test_the_purge_is_one_transaction_a_failure_leaves_everything_as_it_was(world, uow, engine, monkeypatch):
    set_closed_at(uow, world["recent"], add_months(world["now"], -25))
    before = database_rows(engine)
    real = retention.anonymise_conference
    calls = []

    def fail_on_second(session, conference_id, **kw):
        calls.append(conference_id)
        if len(calls) == 2:
            raise RuntimeError("disk full (simulated)")
        return real(session, conference_id, **kw)

    monkeypatch.setattr(retention, "anonymise_conference", fail_on_second)

    with pytest.raises(RuntimeError):
        purge(SYSTEM, dry_run=False, uow=uow)

    assert len(calls) == 2
    assert database_rows(engine) == before


def test_an_archived_conference_keeps_its_statistics_and_loses_every_personal_string(world, uow, engine):
    stats_before = statistics(uow, world["old"])
    assert where_names_appear(rows_of(engine, world["old"]), NAMES)  # the test data does hold them

    purge(SYSTEM, dry_run=False, uow=uow)

    assert statistics(uow, world["old"]) == stats_before
    assert stats_before["actions"] == len(MOREAU_DIALLO.actions) and stats_before["relations"]["family"] == 6
    rows = rows_of(engine, world["old"])
    needles = NAMES + (MOREAU_DIALLO.question, MOREAU_DIALLO.question[:40], MOREAU_DIALLO.concerns[:30],
                       MOREAU_DIALLO.if_not_working[:30], MOREAU_DIALLO.referent_name)
    assert where_names_appear(rows, needles) == []
    with uow:
        assert anonymise.personal_values(uow.session, world["old"]) == {}
        conf = uow.session.get(r.ConferenceRow, world["old"])
        assert conf.title == f"Conférence archivée n°\u00a0{world['old']}"
        assert conf.archived_at >= world["now"]
    assert rows["family_links"] == []


def test_every_erase_column_of_the_archived_conference_is_empty(world, uow, engine):
    purge(SYSTEM, dry_run=False, uow=uow)

    rows = rows_of(engine, world["old"])
    not_empty = []
    for table in anonymise.covered_tables():
        for column in anonymise.erase_columns(table):
            empty = anonymise.empty_value(column, conference_id=world["old"])
            not_empty += [f"{table.name}.{column.name}" for row in rows[table.name] if row[column.name] != empty]
    assert not_empty == []
    kept = {t: len(rows[t]) for t in ("participants", "plan_actions", "question_versions", "plan_versions")}
    assert all(kept.values()), f"the rows themselves stay, for the counts: {kept}"


def test_a_conference_inside_its_retention_time_is_untouched(world, uow, engine):
    before = {k: rows_of(engine, world[k]) for k in ("recent", "open")}

    purge(SYSTEM, dry_run=False, uow=uow)

    for key in ("recent", "open"):
        after = rows_of(engine, world[key])
        expected = before[key]
        if key == "open":  # its dead link went; its live one stays
            expected["family_links"] = [x for x in expected["family_links"] if x["id"] != world["dead_link"]]
        assert after == expected, key
    assert where_names_appear(rows_of(engine, world["recent"]), ("Mamie Mariam", "Lina"))


def test_audit_entries_older_than_the_limit_are_deleted_and_recent_ones_stay(world, uow):
    with uow:
        recent_count = uow.session.scalar(select(func.count()).select_from(r.AuditRow).where(
            r.AuditRow.at >= add_months(world["now"], -12)))

    plan = purge(SYSTEM, dry_run=False, uow=uow)

    with uow:
        ids = set(uow.session.scalars(select(r.AuditRow.id)))
        oldest = uow.session.scalar(select(func.min(r.AuditRow.at)))
    assert world["audit_old"] not in ids and world["audit_recent"] in ids
    assert oldest >= plan.audit_cutoff
    assert len(ids) == recent_count + 2  # plus conference.archived and retention.purged


def test_a_shorter_audit_setting_deletes_more_at_the_next_purge(world, uow):
    retention.set_retention(SYSTEM, {"audit_months": 6}, 0, uow=uow)

    plan = purge(SYSTEM, dry_run=True, uow=uow)

    assert plan.audit_count == 2 and plan.retention.audit_months == 6


def test_dead_family_links_are_deleted_and_live_ones_stay(world, uow):
    purge(SYSTEM, dry_run=False, uow=uow)

    with uow:
        ids = set(uow.session.scalars(select(r.FamilyLinkRow.id)))
    assert ids == {world["live_link"]}


def test_an_open_conference_without_activity_is_flagged_never_archived(world, uow, engine):
    long_ago = add_months(world["now"], -30)
    about_it = or_((r.AuditRow.target_type == "conference") & (r.AuditRow.target_id == world["open"]),
                   r.AuditRow.details["conference_id"].as_integer() == world["open"])
    with uow:
        s = uow.session
        s.execute(update(r.ConferenceRow).where(r.ConferenceRow.id == world["open"])
                  .values(updated_at=long_ago))
        s.execute(update(r.AuditRow).where(about_it).values(at=long_ago))
        uow.commit()
    before = rows_of(engine, world["open"])

    plan = purge(SYSTEM, dry_run=False, uow=uow)

    assert [(x.id, x.phase) for x in plan.stale] == [(world["open"], Phase.PREPARATION)]
    assert world["open"] not in plan.conference_ids
    assert rows_of(engine, world["open"])["participants"] == before["participants"]


def test_recent_activity_in_the_audit_log_keeps_an_open_conference_off_the_flagged_list(world, uow):
    with uow:
        uow.session.execute(update(r.ConferenceRow).where(r.ConferenceRow.id == world["open"])
                            .values(updated_at=add_months(world["now"], -30)))
        uow.commit()

    plan = purge(SYSTEM, dry_run=True, uow=uow)

    assert plan.stale == ()


def test_activity_on_a_record_of_the_conference_keeps_it_off_the_flagged_list(world, uow, coordinator):
    long_ago = add_months(world["now"], -30)
    with uow:
        s = uow.session
        s.execute(update(r.ConferenceRow).where(r.ConferenceRow.id == world["open"]).values(updated_at=long_ago))
        s.execute(update(r.AuditRow).where(r.AuditRow.target_type == "conference",
                                           r.AuditRow.target_id == world["open"]).values(at=long_ago))
        uow.commit()
    add_audit(uow, world["now"], "participant.updated", conference_id=world["open"])

    plan = purge(SYSTEM, dry_run=True, uow=uow)

    assert plan.stale == ()


def test_the_warning_lists_the_conferences_archived_within_30_days(world, uow):
    now = world["now"]
    set_closed_at(uow, world["recent"], add_months(now, -24) + timedelta(days=10))

    soon = retention.upcoming_archives(SYSTEM, now=now, uow=uow)
    later = retention.upcoming_archives(SYSTEM, days=5, now=now, uow=uow)

    assert [x.id for x in soon] == [world["old"], world["recent"]]  # the overdue one first
    assert [x.id for x in later] == [world["old"]]
    assert soon[1].archive_on == add_months(add_months(now, -24) + timedelta(days=10), 24)


# ------------------------------------------------------------------ archiving, directly

def test_archiving_twice_is_refused(world, uow):
    with uow:
        anonymise.anonymise_conference(uow.session, world["old"])
        uow.commit()

    with uow, pytest.raises(anonymise.AlreadyArchived) as error:
        anonymise.anonymise_conference(uow.session, world["old"])

    assert error.value.conference_id == world["old"]


def test_archiving_rewrites_audit_details_of_the_conference_to_codes_only(world, uow):
    leaked = add_audit(uow, world["now"], "test.leak", conference_id=world["old"], note="Mamie Mariam a appelé",
                       status="done", ids=[1, 2])

    with uow:
        anonymise.anonymise_conference(uow.session, world["old"])
        uow.commit()

    with uow:
        details = uow.session.get(r.AuditRow, leaked).details
    assert details == {"conference_id": world["old"], "note": anonymise.REDACTED, "status": "done", "ids": [1, 2]}


def test_every_table_holding_erase_columns_is_reached_by_archiving():
    """Guard: a new table with personal columns must belong to a conference (a foreign
    key to conferences.id, or to a table that has one), or be listed here with why."""
    outside_cases = {"users"}  # accounts of professionals: managed by the accounts screens, not by case retention
    # Issue 10: the directory's contacts are professionals (managed by the directory, like
    # accounts); the reflection cycle is the partners' work on their cooperation, no household.
    outside_cases |= {"structure_contacts", "reflection_cycles", "reflection_sessions", "reflection_quotes",
                      "reflection_approvals"}
    from conference.store.anonymise_households import household_tables

    covered = {t.name for t in anonymise.covered_tables()} | {t.name for t in household_tables()}
    missing = [t.name for t in r.Base.metadata.sorted_tables
               if anonymise.erase_columns(t) and t.name not in covered | outside_cases]

    assert not missing, (f"Archiving cannot reach {missing}: give each a foreign key to conferences.id (or to a "
                         "table that has one), or explain here why its personal columns live outside a case")


def test_every_erase_column_has_an_empty_value():
    problems = []
    for table in r.Base.metadata.sorted_tables:
        for column in anonymise.erase_columns(table):
            try:
                anonymise.empty_value(column, conference_id=1)
            except anonymise.NoEmptyValue as error:
                problems.append(str(error))

    assert not problems, f"Make these columns nullable, or KEEP them with a comment why: {problems}"
