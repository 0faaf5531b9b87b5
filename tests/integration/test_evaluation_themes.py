"""The qualitative side of the evaluation (issue 9): open answers only from conferences
whose family agreed, themes and tags, passage bounds, counts with small numbers masked,
quotes only with their author's consent, another territory's pilot refused with nothing
written, an audit trail without any text. A territory's own indicators. SQLite and
PostgreSQL."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from conference.domain.errors import Forbidden, InvalidInput, NotFound
from conference.services import evaluation_settings as settings
from conference.services import evaluation_themes as et
from conference.store import models as r

from ..evaluation_world import HOSTILE, answer, build, family_choice


@pytest.fixture
def world(uow, coordinator):
    return build(uow, coordinator)


def _count(uow, model) -> int:
    with uow:
        return uow.session.query(model).count()


def _audit(uow) -> list[tuple]:
    """(action, actor id, target type, target id, details) of the evaluation's entries."""
    with uow:
        return [(e.action, e.actor_id, e.target_type, e.target_id, e.details) for e in uow.audit.entries()
                if e.action.startswith("evaluation.")]


def test_open_answers_come_only_from_conferences_whose_family_agreed(uow, world):
    listed = et.open_answers(world.pilot_north, world.north, uow=uow)
    assert {a.text_id for a in listed} == {world.texts["isolation"], world.texts["trust"], world.texts["hostile"]}
    newest = listed[0]
    assert (newest.role, newest.field, newest.quarter, newest.question) == ("network", "enfance", "2026-T4", "comment")
    assert listed[-1].quarter == "2026-T3"
    assert listed[-1].question_label == "What has changed for you, in your own words?"
    assert not any("refusé" in a.text for a in listed)


def test_a_withdrawn_agreement_takes_the_answers_out_at_once(uow, world):
    family_choice(uow, world.consented, False)
    assert et.open_answers(world.pilot_north, world.north, uow=uow) == []
    assert et.quotes_for_report(world.pilot_north, world.north, uow=uow) == []


def test_an_answer_of_a_conference_without_agreement_cannot_be_tagged(uow, world):
    theme = et.add_theme(world.pilot_north, world.north, "Sortie de l'isolement", uow=uow)
    with pytest.raises(NotFound):
        et.tag(world.pilot_north, world.texts["refused"], theme, uow=uow)
    assert _count(uow, r.ThemeTagRow) == 0


def test_the_local_single_user_reads_every_territory_a_coordinator_with_an_account_none(uow, world, coordinator):
    local = replace(coordinator, local=True)
    assert {a.text_id for a in et.open_answers(local, world.south, uow=uow)} == {world.texts["south"]}
    assert [t.id for t in settings.readable_territories(local, uow=uow)] == sorted([world.north, world.south])
    assert [t.code for t in settings.readable_territories(world.pilot_south, uow=uow)] == ["sud"]
    with pytest.raises(Forbidden):
        et.open_answers(coordinator, world.north, uow=uow)
    assert settings.readable_territories(coordinator, uow=uow) == []


def test_the_period_and_the_theme_narrow_the_list(uow, world):
    later = et.open_answers(world.pilot_north, world.north, "2026-10", "2026-12", uow=uow)
    assert {a.text_id for a in later} == {world.texts["trust"], world.texts["hostile"]}
    assert et.open_answers(world.pilot_north, world.north, "2026-08", "2026-08", uow=uow)[0].text_id == \
        world.texts["isolation"]
    theme = et.add_theme(world.pilot_north, world.north, "Confiance envers les professionnels", uow=uow)
    et.tag(world.pilot_north, world.texts["trust"], theme, uow=uow)
    assert [a.text_id for a in et.open_answers(world.pilot_north, world.north, theme=theme, uow=uow)] == \
        [world.texts["trust"]]
    with pytest.raises(InvalidInput) as reversed_months:
        et.open_answers(world.pilot_north, world.north, "2026-12", "2026-01", uow=uow)
    assert reversed_months.value.code == "months_reversed"
    with pytest.raises(InvalidInput) as bad:
        et.open_answers(world.pilot_north, world.north, "décembre", None, uow=uow)
    assert bad.value.code == "bad_month"


def test_quotes_for_a_report_need_their_authors_consent(uow, world):
    quotes = et.quotes_for_report(world.pilot_north, world.north, uow=uow)
    assert {q.text_id for q in quotes} == {world.texts["isolation"], world.texts["hostile"]}
    published = et.quotes_for_report(world.pilot_north, world.north, publication=True, uow=uow)
    assert [q.text_id for q in published] == [world.texts["isolation"]]
    assert all(q.quote_consent != "none" for q in quotes)


def test_the_list_is_limited_to_the_newest_answers_the_quotes_are_not(uow, world):
    newest = et.open_answers(world.pilot_north, world.north, limit=1, uow=uow)
    assert [a.text_id for a in newest] == [world.texts["hostile"]]
    assert len(et.quotes_for_report(world.pilot_north, world.north, uow=uow)) == 2


def test_tags_on_a_whole_answer_and_on_a_passage(uow, world):
    theme = et.add_theme(world.pilot_north, world.north, "Sortie de l'isolement", uow=uow)
    text = "On n'est plus seuls le soir, Mamie Odile vient dormir."
    start, end = et.locate_passage(text, "  plus   SEULS le soir ")
    assert text[start:end] == "plus seuls le soir"
    passage = et.tag(world.pilot_north, world.texts["isolation"], theme, start, end, uow=uow)
    whole = et.tag(world.pilot_north, world.texts["isolation"], theme, uow=uow)
    tags = et.open_answers(world.pilot_north, world.north, theme=theme, uow=uow)[0].tags
    assert [(t.id, t.start, t.end, t.theme_label) for t in tags] == [
        (whole, None, None, "Sortie de l'isolement"), (passage, start, end, "Sortie de l'isolement")]
    with pytest.raises(InvalidInput) as twice:
        et.tag(world.pilot_north, world.texts["isolation"], theme, start, end, uow=uow)
    assert twice.value.code == "already_tagged"
    et.untag(world.pilot_north, passage, uow=uow)
    assert [t.id for t in et.open_answers(world.pilot_north, world.north, uow=uow)[-1].tags] == [whole]


@pytest.mark.parametrize("start, end, code", [
    (3, None, "passage_half"), (None, 4, "passage_half"), (-1, 4, "passage_outside"), (5, 5, "passage_outside"),
    (6, 2, "passage_outside"), (0, 999, "passage_outside"), (2, 3, "passage_empty"),
])
def test_passage_bounds_are_checked_against_the_text_and_nothing_is_written(uow, world, start, end, code):
    theme = et.add_theme(world.pilot_north, world.north, "Solutions inattendues", uow=uow)
    with pytest.raises(InvalidInput) as refused:  # "On n'est…": position 2 is a space
        et.tag(world.pilot_north, world.texts["isolation"], theme, start, end, uow=uow)
    assert refused.value.code == code
    assert _count(uow, r.ThemeTagRow) == 0


def test_a_passage_is_found_across_line_breaks():
    text = "Le soir,\n  Mamie   Odile vient."
    start, end = et.locate_passage(text, "mamie odile")
    assert text[start:end] == "Mamie   Odile"
    assert et.locate_passage(text, "soir, mamie") == (3, 16)


def test_words_not_in_the_answer_are_refused():
    with pytest.raises(InvalidInput) as missing:
        et.locate_passage("Je fais plus confiance", "moins confiance")
    assert missing.value.code == "passage_not_found"
    with pytest.raises(InvalidInput) as empty:
        et.locate_passage("Je fais plus confiance", "   ")
    assert empty.value.code == "passage_empty"


def test_counts_per_theme_show_1_to_5_as_c(uow, world):
    many = et.add_theme(world.pilot_north, world.north, "Sortie de l'isolement", uow=uow)
    few = et.add_theme(world.pilot_north, world.north, "Confiance envers les professionnels", uow=uow)
    none = et.add_theme(world.pilot_north, world.north, "Solutions inattendues", uow=uow)
    texts = [answer(uow, world.consented, f"Réponse fictive numéro {n}", when=datetime(2026, 9, n + 1))
             for n in range(6)]
    for ident in texts:
        et.tag(world.pilot_north, ident, many, uow=uow)
        et.tag(world.pilot_north, ident, many, 0, 7, uow=uow)  # "Réponse"
    et.tag(world.pilot_north, texts[0], few, uow=uow)
    et.tag(world.pilot_north, texts[0], few, 0, 7, uow=uow)
    counts = {c.theme_id: (c.answers, c.passages) for c in et.theme_counts(world.pilot_north, world.north, uow=uow)}
    assert counts == {many: (6, 6), few: ("c", "c"), none: (0, 0)}
    # The period counts only the answers it holds; a refused conference never counts.
    assert {c.theme_id: c.answers for c in et.theme_counts(world.pilot_north, world.north, "2026-10", "2026-12",
                                                           uow=uow)} == {many: 0, few: 0, none: 0}
    family_choice(uow, world.consented, False)
    assert {c.answers for c in et.theme_counts(world.pilot_north, world.north, uow=uow)} == {0}


def test_the_theme_list_is_editable_and_suggestions_are_only_offered(uow, world):
    assert et.suggested_themes(world.pilot_north, world.north, uow=uow) == et.SUGGESTED_THEMES
    assert et.themes(world.pilot_north, world.north, uow=uow) == []  # offered, not forced
    added = et.add_suggested_themes(world.pilot_north, world.north,
                                    ["Sortie de l'isolement", "Confiance envers les professionnels"], uow=uow)
    assert len(added) == 2 and et.suggested_themes(world.pilot_north, world.north, uow=uow) == ()
    with pytest.raises(InvalidInput) as duplicate:
        et.add_theme(world.pilot_north, world.north, "  sortie de l'isolement ", uow=uow)
    assert duplicate.value.code == "duplicate_theme"
    et.rename_theme(world.pilot_north, added[0], "Sortir de l'isolement", "On n'est pas seuls", uow=uow)
    et.retire_theme(world.pilot_north, added[1], uow=uow)
    listed = et.themes(world.pilot_north, world.north, uow=uow)
    assert [(t.label, t.definition, t.active) for t in listed] == [
        ("Sortir de l'isolement", "On n'est pas seuls", True), ("Confiance envers les professionnels", "", False)]
    assert [c.theme_id for c in et.theme_counts(world.pilot_north, world.north, uow=uow)] == [added[0]]
    with pytest.raises(InvalidInput) as retired:
        et.tag(world.pilot_north, world.texts["trust"], added[1], uow=uow)
    assert retired.value.code == "theme_retired"
    et.retire_theme(world.pilot_north, added[1], active=True, uow=uow)
    assert et.tag(world.pilot_north, world.texts["trust"], added[1], uow=uow)
    assert et.themes(world.pilot_south, world.south, uow=uow) == []  # each territory its own list


def test_a_pilot_of_another_territory_is_refused_and_nothing_is_written(uow, world, coordinator):
    theme = et.add_theme(world.pilot_north, world.north, "Sortie de l'isolement", uow=uow)
    tag = et.tag(world.pilot_north, world.texts["isolation"], theme, uow=uow)
    indicator = settings.define_indicator(world.pilot_north, world.north, "Réunions préparatoires",
                                          "Nombre de rencontres avant la conférence", "count", uow=uow)
    south_theme = et.add_theme(world.pilot_south, world.south, "Sortie de l'isolement", uow=uow)
    tables = (r.ThemeRow, r.ThemeTagRow, r.TerritoryIndicatorRow, r.AuditRow)
    before = {model: _count(uow, model) for model in tables}
    stranger = world.pilot_south
    attempts = [
        lambda: et.open_answers(stranger, world.north, uow=uow),
        lambda: et.quotes_for_report(stranger, world.north, uow=uow),
        lambda: et.themes(stranger, world.north, uow=uow),
        lambda: et.theme_counts(stranger, world.north, uow=uow),
        lambda: et.record_answers_opened(stranger, world.north, uow=uow),
        lambda: et.add_theme(stranger, world.north, "Intrus", uow=uow),
        lambda: et.rename_theme(stranger, theme, "Intrus", uow=uow),
        lambda: et.retire_theme(stranger, theme, uow=uow),
        lambda: et.tag(stranger, world.texts["trust"], theme, uow=uow),
        lambda: et.tag(stranger, world.texts["trust"], south_theme, uow=uow),
        lambda: et.untag(stranger, tag, uow=uow),
        lambda: settings.list_indicators(stranger, world.north, uow=uow),
        lambda: settings.define_indicator(stranger, world.north, "Intrus", "Intrus", "count", uow=uow),
        lambda: settings.retire_indicator(stranger, indicator, uow=uow),
    ]
    for attempt in attempts:
        with pytest.raises(Forbidden):
            attempt()
    with pytest.raises(Forbidden):  # a theme of the south: not theirs
        et.tag(world.pilot_north, world.texts["trust"], south_theme, uow=uow)
    with pytest.raises(NotFound):  # who reads both: still not a theme of the answer's territory
        et.tag(replace(coordinator, local=True), world.texts["trust"], south_theme, uow=uow)
    assert {model: _count(uow, model) for model in tables} == before


def test_the_audit_trail_holds_ids_never_the_text(uow, world):
    pilot = world.pilot_north
    theme = et.add_theme(pilot, world.north, "Sortie de l'isolement", "Se sentir moins seuls", uow=uow)
    text = "On n'est plus seuls le soir, Mamie Odile vient dormir."
    start, end = et.locate_passage(text, "Mamie Odile vient dormir")
    tag = et.tag(pilot, world.texts["isolation"], theme, start, end, uow=uow)
    et.rename_theme(pilot, theme, "Sortir de l'isolement", uow=uow)
    et.untag(pilot, tag, uow=uow)
    et.retire_theme(pilot, theme, uow=uow)
    et.record_answers_opened(pilot, world.north, uow=uow)
    settings.define_indicator(pilot, world.north, "Visites de Mamie Odile", "Compte des visites", "yes_no", uow=uow)
    entries = _audit(uow)
    assert [e[0] for e in entries] == [
        "evaluation.theme_added", "evaluation.tagged", "evaluation.theme_renamed", "evaluation.untagged",
        "evaluation.theme_retired", "evaluation.answers_opened", "evaluation.indicator_defined"]
    assert entries[1][4] == {"theme_id": theme, "text_id": world.texts["isolation"], "start": start, "end": end}
    trail = repr(entries)
    for words in ("Mamie", "Odile", "isolement", "seuls", "Visites", "Compte"):
        assert words not in trail
    assert {e[1] for e in entries} == {pilot.id}


def test_the_hostile_text_is_kept_as_typed(uow, world):
    listed = {a.text_id: a for a in et.open_answers(world.pilot_north, world.north, uow=uow)}
    assert HOSTILE in listed[world.texts["hostile"]].text


def test_a_territorys_own_indicators(uow, world):
    pilot = world.pilot_north
    hours = settings.define_indicator(pilot, world.north, "Temps de trajet", "Heures de route du coordinateur",
                                      "hours", uow=uow)
    yes_no = settings.define_indicator(pilot, world.north, "Interprète présent", "Un interprète était là",
                                       "yes_no", uow=uow)
    with pytest.raises(InvalidInput) as duplicate:
        settings.define_indicator(pilot, world.north, "temps de trajet", "Autre", "count", uow=uow)
    assert duplicate.value.code == "duplicate_indicator"
    with pytest.raises(InvalidInput) as kind:
        settings.define_indicator(pilot, world.north, "Autre", "Autre", "percent", uow=uow)
    assert kind.value.code == "unknown_kind"
    with pytest.raises(InvalidInput) as empty:
        settings.define_indicator(pilot, world.north, "Autre", "   ", "count", uow=uow)
    assert empty.value.code == "required"
    settings.retire_indicator(pilot, yes_no, uow=uow)
    assert [(i.id, i.kind) for i in settings.list_indicators(pilot, world.north, uow=uow)] == [(hours, "hours")]
    assert [(i.id, i.active) for i in settings.list_indicators(pilot, world.north, include_retired=True,
                                                              uow=uow)] == [(hours, True), (yes_no, False)]
    assert settings.list_indicators(world.pilot_south, world.south, uow=uow) == []
