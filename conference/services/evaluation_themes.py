"""The qualitative side of the evaluation (issue 9): open answers, a territory's editable
list of themes, themes tagged on whole answers or on passages, counts per theme, and the
quotes usable in a report.

Who: the pilots of a territory (``evaluation_rules.can_read_evaluation`` to read,
``can_manage_evaluation`` to change), or the single user of a local install. What they
see of an answer: its text, the question, the respondent's role, the conference's field
and the quarter of the answer — never a name, an exact date or the conference's title —
and only from conferences whose family agreed to the evaluation (read-time rule,
``store.evaluation_consent``). A quote usable in a report also needs its author's quote
consent. Every change is audited with ids and bounds, never the text.

Refusals: ``Forbidden`` (another territory: nothing written), ``NotFound`` (a theme, a
tag, or an answer the caller may not see), ``InvalidInput`` with a code of ``MESSAGES``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import func, select

from conference import clock
from conference.domain.errors import Forbidden, InvalidInput, NotFound
from conference.evaluation.masking import publish_count
from conference.evaluation.pseudonyms import quarter
from conference.evaluation.types import QuoteConsent
from conference.i18n import N_
from conference.security import evaluation_rules
from conference.security.evaluation_rules import TerritoryScope
from conference.security.rules import Actor
from conference.store import models as r
from conference.store import territories
from conference.store.evaluation_consent import consented_conference_ids
from conference.store.uow import UnitOfWork

from .base import MAX_SHORT, clean

#: Offered when a territory opens its list for the first time; never added by themselves.
SUGGESTED_THEMES = (N_("Leaving isolation"), N_("Trust in professionals"), N_("Unexpected solutions"))

MESSAGES = {
    "duplicate_theme": N_("This theme is already in the list."),
    "theme_retired": N_("This theme is retired: bring it back before tagging with it."),
    "passage_half": N_("A passage needs both its start and its end."),
    "passage_outside": N_("The passage is outside the answer (it has {length} characters)."),
    "passage_empty": N_("The passage is empty: choose at least one word."),
    "passage_not_found": N_("These words are not in the answer: copy them exactly as written."),
    "already_tagged": N_("This theme is already tagged there."),
    "bad_month": N_("The month must be written YYYY-MM, for instance 2026-03."),
    "months_reversed": N_("The first month comes after the last one."),
}

ANSWER_LIMIT = 500  # answers listed at once; the period or a theme narrows the list


@dataclass(frozen=True)
class ThemeView:
    id: int
    label: str
    definition: str
    active: bool


@dataclass(frozen=True)
class TagView:
    id: int
    theme_id: int
    theme_label: str
    start: int | None
    end: int | None

    @property
    def whole(self) -> bool:
        return self.start is None


@dataclass(frozen=True)
class OpenAnswer:
    """One open answer as a pilot may read it: no name, no exact date, no title."""

    text_id: int
    text: str
    question: str  # the question's id
    question_label: str  # a catalog message id (common core) or the territory's own words
    role: str  # ParticipantRole code
    field: str | None  # Field code
    quarter: str  # "2026-T3"
    quote_consent: str  # QuoteConsent code
    tags: tuple[TagView, ...] = ()


@dataclass(frozen=True)
class ThemeCount:
    """Open answers carrying a theme and passages tagged with it, as they may be shown
    (1 to 5 as ``c``)."""

    theme_id: int
    label: str
    answers: int | str
    passages: int | str


# --- helpers -------------------------------------------------------------------------------

def territory_scope(uow: UnitOfWork, actor: Actor) -> TerritoryScope:
    given = territories.territory_ids_of(uow.session, actor.id) if actor.id is not None else frozenset()
    return TerritoryScope(given=given)


def territory_guard(uow: UnitOfWork, actor: Actor, territory_id: int, *, manage: bool, action: str) -> None:
    predicate = evaluation_rules.can_manage_evaluation if manage else evaluation_rules.can_read_evaluation
    if not predicate(actor, territory_id, territory_scope(uow, actor)):
        raise Forbidden(action, territory_id)
    if uow.session.get(r.TerritoryRow, territory_id) is None:
        raise NotFound("territory", territory_id)


def parse_month(value: str | date | None, field: str) -> date | None:
    """``"2026-03"`` (or a date) → the first day of that month; empty → None."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.replace(day=1)
    try:
        year, month = str(value).strip().split("-")
        return date(int(year), int(month), 1)
    except ValueError:
        raise InvalidInput(field, "bad_month") from None


def _utc_start(day: date) -> datetime:
    """Midnight of a Paris day as stored (naive UTC)."""
    return datetime(day.year, day.month, day.day, tzinfo=clock.PARIS).astimezone(timezone.utc).replace(tzinfo=None)


def period_bounds(month_from, month_to) -> tuple[datetime | None, datetime | None]:
    """Stored instants [start, end) covering whole Paris months from ``month_from`` to
    ``month_to`` included."""
    first, last = parse_month(month_from, "month_from"), parse_month(month_to, "month_to")
    if first and last and first > last:
        raise InvalidInput("month_to", "months_reversed")
    end = None
    if last is not None:
        end = _utc_start(date(last.year + (last.month == 12), last.month % 12 + 1, 1))
    return (_utc_start(first) if first else None), end


def _visible(uow: UnitOfWork, territory_id: int, month_from, month_to, *columns, where=(), order=(),
             tags: bool = False) -> list:
    """``columns`` of the open answers of a territory in the period (whole Paris months),
    only those of conferences whose family agreed to the evaluation. The consent rule is
    the store's, applied to the rows here, so that no list of a territory's thousands of
    conference ids is ever sent to the database as parameters. ``tags``: one row per tag
    of these answers (``columns`` may then name ``ThemeTagRow``'s)."""
    start, end = period_bounds(month_from, month_to)
    t, a, c = r.QuestionnaireTextRow, r.QuestionnaireResponseRow, r.ConferenceRow
    query = select(c.id, *columns).select_from(t)
    if tags:
        query = query.join(r.ThemeTagRow, r.ThemeTagRow.text_id == t.id)
    query = (query.join(a, a.id == t.response_id).join(c, c.id == a.conference_id)
             .where(c.territory_id == territory_id, func.trim(t.text) != "", *where).order_by(*order))
    if start is not None:
        query = query.where(a.created_at >= start)
    if end is not None:
        query = query.where(a.created_at < end)
    consented = consented_conference_ids(uow.session)
    return [row[1:] for row in uow.session.execute(query) if row[0] in consented]


def _question_labels(uow: UnitOfWork, definition_ids) -> dict[tuple[int, str], str]:
    labels = {}
    for ident, definition in uow.session.execute(select(r.QuestionnaireDefinitionRow.id,
                                                        r.QuestionnaireDefinitionRow.definition)
                                                 .where(r.QuestionnaireDefinitionRow.id.in_(set(definition_ids)))):
        for question in (definition or {}).get("questions", []):
            labels[(ident, question.get("id"))] = question.get("label", question.get("id"))
    return labels


def _tags(uow: UnitOfWork, text_ids) -> dict[int, list[TagView]]:
    found: dict[int, list[TagView]] = {}
    if not text_ids:
        return found
    g, th = r.ThemeTagRow, r.ThemeRow
    text_ids = list(text_ids)
    for first in range(0, len(text_ids), 500):  # a few hundred ids per query
        for tag_id, text_id, theme_id, label, start, end in uow.session.execute(
                select(g.id, g.text_id, g.theme_id, th.label, g.start, g.end).join(th, th.id == g.theme_id)
                .where(g.text_id.in_(text_ids[first:first + 500])).order_by(g.start.is_not(None), g.start, g.id)):
            found.setdefault(text_id, []).append(TagView(tag_id, theme_id, label, start, end))
    return found


def _visible_text(uow: UnitOfWork, actor: Actor, text_id: int, action: str) -> tuple[r.QuestionnaireTextRow, int]:
    """An open answer the actor may tag, and its territory. An answer of a conference
    whose family did not agree is not found (its existence is not given away)."""
    found = uow.session.execute(
        select(r.QuestionnaireTextRow, r.ConferenceRow.territory_id, r.ConferenceRow.id)
        .join(r.QuestionnaireResponseRow, r.QuestionnaireResponseRow.id == r.QuestionnaireTextRow.response_id)
        .join(r.ConferenceRow, r.ConferenceRow.id == r.QuestionnaireResponseRow.conference_id)
        .where(r.QuestionnaireTextRow.id == text_id)).first()
    if found is None:
        raise NotFound("answer", text_id)
    row, territory_id, conference_id = found
    if territory_id is None:
        raise NotFound("answer", text_id)
    territory_guard(uow, actor, territory_id, manage=True, action=action)
    if conference_id not in consented_conference_ids(uow.session, [conference_id]):
        raise NotFound("answer", text_id)
    return row, territory_id


def _theme(uow: UnitOfWork, actor: Actor, theme_id: int, action: str) -> r.ThemeRow:
    row = uow.session.get(r.ThemeRow, theme_id)
    if row is None:
        raise NotFound("theme", theme_id)
    territory_guard(uow, actor, row.territory_id, manage=True, action=action)
    return row


def _label_taken(uow: UnitOfWork, territory_id: int, label: str, *, besides: int | None = None) -> bool:
    query = select(r.ThemeRow.id).where(r.ThemeRow.territory_id == territory_id,
                                        func.lower(r.ThemeRow.label) == label.lower())
    if besides is not None:
        query = query.where(r.ThemeRow.id != besides)
    return uow.session.scalar(query.limit(1)) is not None


def locate_passage(text: str, words: str) -> tuple[int, int]:
    """The bounds of ``words`` in ``text`` (first occurrence; case, and the spaces and line
    breaks between words, ignored): how a person chooses a passage by typing its words."""
    wanted = (words or "").split()
    if not wanted:
        raise InvalidInput("passage", "passage_empty")
    found = re.search(r"\s+".join(re.escape(word) for word in wanted), text, re.IGNORECASE)
    if found is None:
        raise InvalidInput("passage", "passage_not_found")
    return found.start(), found.end()


def check_passage(text: str, start: int | None, end: int | None) -> tuple[int | None, int | None]:
    """Bounds of a passage validated against its text (both empty: the whole answer)."""
    if start is None and end is None:
        return None, None
    if start is None or end is None:
        raise InvalidInput("passage", "passage_half")
    if not (0 <= start < end <= len(text)):
        raise InvalidInput("passage", "passage_outside", length=len(text))
    if not text[start:end].strip():
        raise InvalidInput("passage", "passage_empty")
    return start, end


# --- reading -------------------------------------------------------------------------------

def _answers(uow: UnitOfWork, territory_id: int, month_from, month_to, where=(),
             limit: int | None = None) -> list[OpenAnswer]:
    """The visible open answers (``_visible``) matching ``where``, newest first, with
    their question's label and their tags."""
    t, a = r.QuestionnaireTextRow, r.QuestionnaireResponseRow
    ids = [row[0] for row in _visible(uow, territory_id, month_from, month_to, t.id, where=where,
                                      order=(a.created_at.desc(), t.id.desc()))][:limit]
    found = {}
    for first in range(0, len(ids), 500):  # a few hundred ids per query, whatever the period
        found.update((row.id, row) for row in uow.session.execute(
            select(t.id, t.text, t.question, a.role, a.created_at, a.quote_consent, a.definition_id,
                   r.ConferenceRow.field)
            .join(a, a.id == t.response_id).join(r.ConferenceRow, r.ConferenceRow.id == a.conference_id)
            .where(t.id.in_(ids[first:first + 500]))))
    rows = [found[ident] for ident in ids]
    labels = _question_labels(uow, {row.definition_id for row in rows})
    tags = _tags(uow, [row.id for row in rows])
    return [OpenAnswer(text_id=row.id, text=row.text, question=row.question,
                       question_label=labels.get((row.definition_id, row.question), row.question),
                       role=row.role, field=row.field, quarter=quarter(clock.local_date(row.created_at)),
                       quote_consent=row.quote_consent, tags=tuple(tags.get(row.id, ())))
            for row in rows]


def open_answers(actor: Actor, territory_id: int, month_from=None, month_to=None, *, theme: int | None = None,
                 uow: UnitOfWork, limit: int = ANSWER_LIMIT) -> list[OpenAnswer]:
    """The open answers of a territory in a period (months ``"YYYY-MM"``, both included),
    newest first (at most ``limit``), with their tags; only from conferences whose family
    agreed to the evaluation; ``theme`` keeps the answers carrying that theme. Reads only."""
    with uow:
        territory_guard(uow, actor, territory_id, manage=False, action="read_open_answers")
        tagged = select(r.ThemeTagRow.text_id).where(r.ThemeTagRow.theme_id == theme)
        where = () if theme is None else (r.QuestionnaireTextRow.id.in_(tagged),)
        return _answers(uow, territory_id, month_from, month_to, where, limit)


def record_answers_opened(actor: Actor, territory_id: int, *, uow: UnitOfWork) -> None:
    """A pilot opened a territory's open answers: a read of sensitive text, audited once
    per opening (not on every rerun), without any text."""
    with uow:
        territory_guard(uow, actor, territory_id, manage=False, action="read_open_answers")
        uow.audit.record(actor, "evaluation.answers_opened", "territory", territory_id)
        uow.commit()


def quotes_for_report(actor: Actor, territory_id: int, month_from=None, month_to=None, *,
                      publication: bool = False, uow: UnitOfWork) -> list[OpenAnswer]:
    """Open answers whose author agreed to be quoted without their name (``internal`` or
    ``publication``; only ``publication`` when ``publication``), from conferences whose
    family agreed to the evaluation; every one of the period (no limit). Reads only."""
    wanted = ((QuoteConsent.PUBLICATION,) if publication else (QuoteConsent.INTERNAL, QuoteConsent.PUBLICATION))
    with uow:
        territory_guard(uow, actor, territory_id, manage=False, action="read_quotes")
        where = (r.QuestionnaireResponseRow.quote_consent.in_([c.value for c in wanted]),)
        return _answers(uow, territory_id, month_from, month_to, where)


def themes(actor: Actor, territory_id: int, *, uow: UnitOfWork) -> list[ThemeView]:
    """A territory's themes, active ones first, in the order they were added."""
    with uow:
        territory_guard(uow, actor, territory_id, manage=False, action="read_themes")
        rows = uow.session.scalars(select(r.ThemeRow).where(r.ThemeRow.territory_id == territory_id)
                                   .order_by(r.ThemeRow.active.desc(), r.ThemeRow.id))
        return [ThemeView(row.id, row.label, row.definition, row.active) for row in rows]


def suggested_themes(actor: Actor, territory_id: int, *, uow: UnitOfWork) -> tuple[str, ...]:
    """The starter themes (catalog message ids) to offer: only while the territory's list
    is empty, so that a list people shaped is never pushed back to the suggestions."""
    with uow:
        territory_guard(uow, actor, territory_id, manage=False, action="read_themes")
        has_any = uow.session.scalar(select(r.ThemeRow.id).where(r.ThemeRow.territory_id == territory_id).limit(1))
        return () if has_any is not None else SUGGESTED_THEMES


def theme_counts(actor: Actor, territory_id: int, month_from=None, month_to=None, *,
                 uow: UnitOfWork) -> list[ThemeCount]:
    """Per active theme: open answers carrying it and passages tagged with it (consented
    conferences, the period), counts 1 to 5 shown as ``c``. Reads only."""
    with uow:
        territory_guard(uow, actor, territory_id, manage=False, action="read_themes")
        g = r.ThemeTagRow
        answers: dict[int, set[int]] = {}
        passages: dict[int, int] = {}
        for theme_id, text_id, start in _visible(uow, territory_id, month_from, month_to, g.theme_id, g.text_id,
                                                 g.start, tags=True):
            answers.setdefault(theme_id, set()).add(text_id)
            passages[theme_id] = passages.get(theme_id, 0) + (start is not None)
        rows = uow.session.scalars(select(r.ThemeRow).where(r.ThemeRow.territory_id == territory_id,
                                                            r.ThemeRow.active.is_(True)).order_by(r.ThemeRow.id))
        return [ThemeCount(row.id, row.label, publish_count(len(answers.get(row.id, ()))),
                           publish_count(passages.get(row.id, 0))) for row in rows]


# --- changing ------------------------------------------------------------------------------

def add_theme(actor: Actor, territory_id: int, label: str, definition: str = "", *, uow: UnitOfWork) -> int:
    """Add a theme to a territory's list. Audited (ids only). Returns its id."""
    label = clean(label, "theme", required=True, limit=MAX_SHORT)
    definition = clean(definition, "definition")
    with uow:
        territory_guard(uow, actor, territory_id, manage=True, action="add_theme")
        if _label_taken(uow, territory_id, label):
            raise InvalidInput("theme", "duplicate_theme")
        row = r.ThemeRow(territory_id=territory_id, label=label, definition=definition, active=True)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "evaluation.theme_added", "theme", row.id, territory_id=territory_id)
        uow.commit()
        return row.id


def add_suggested_themes(actor: Actor, territory_id: int, labels, *, uow: UnitOfWork) -> list[int]:
    """Add the starter themes a pilot accepted (as shown to them, translated), skipping
    any label already there. One transaction, audited per theme."""
    cleaned = [clean(label, "theme", required=True, limit=MAX_SHORT) for label in labels]
    with uow:
        territory_guard(uow, actor, territory_id, manage=True, action="add_theme")
        added = []
        for label in cleaned:
            if _label_taken(uow, territory_id, label):
                continue
            row = r.ThemeRow(territory_id=territory_id, label=label, definition="", active=True)
            uow.add(row)
            uow.flush()
            uow.audit.record(actor, "evaluation.theme_added", "theme", row.id, territory_id=territory_id)
            added.append(row.id)
        uow.commit()
        return added


def rename_theme(actor: Actor, theme_id: int, label: str, definition: str | None = None, *,
                 uow: UnitOfWork) -> None:
    """Change a theme's label (and its definition when given); its tags stay. Audited."""
    label = clean(label, "theme", required=True, limit=MAX_SHORT)
    definition = None if definition is None else clean(definition, "definition")
    with uow:
        row = _theme(uow, actor, theme_id, "rename_theme")
        if _label_taken(uow, row.territory_id, label, besides=row.id):
            raise InvalidInput("theme", "duplicate_theme")
        row.label = label
        if definition is not None:
            row.definition = definition
        uow.audit.record(actor, "evaluation.theme_renamed", "theme", row.id, territory_id=row.territory_id)
        uow.commit()


def retire_theme(actor: Actor, theme_id: int, *, active: bool = False, uow: UnitOfWork) -> None:
    """Take a theme out of the list (``active=True`` brings it back). Its tags are kept
    (an evaluator's past work), but a retired theme is neither counted nor offered."""
    with uow:
        row = _theme(uow, actor, theme_id, "retire_theme")
        row.active = active
        uow.audit.record(actor, "evaluation.theme_restored" if active else "evaluation.theme_retired", "theme",
                         row.id, territory_id=row.territory_id)
        uow.commit()


def tag(actor: Actor, text_id: int, theme_id: int, start: int | None = None, end: int | None = None, *,
        uow: UnitOfWork) -> int:
    """Tag a theme on a whole open answer (no bounds) or on the passage ``text[start:end]``.
    The theme and the answer belong to the same territory, the passage lies inside the
    answer. Audited with ids and bounds, never the text. Returns the tag's id."""
    with uow:
        text, territory_id = _visible_text(uow, actor, text_id, "tag_answer")
        theme = _theme(uow, actor, theme_id, "tag_answer")
        if theme.territory_id != territory_id:
            raise NotFound("theme", theme_id)
        if not theme.active:
            raise InvalidInput("theme", "theme_retired")
        start, end = check_passage(text.text, start, end)
        g = r.ThemeTagRow
        same = select(g.id).where(g.text_id == text_id, g.theme_id == theme_id,
                                  g.start.is_(None) if start is None else g.start == start,
                                  g.end.is_(None) if end is None else g.end == end)
        if uow.session.scalar(same.limit(1)) is not None:
            raise InvalidInput("passage", "already_tagged")
        row = r.ThemeTagRow(theme_id=theme_id, text_id=text_id, start=start, end=end, created_by=actor.id)
        uow.add(row)
        uow.flush()
        uow.audit.record(actor, "evaluation.tagged", "theme_tag", row.id, theme_id=theme_id, text_id=text_id,
                         start=start, end=end)
        uow.commit()
        return row.id


def untag(actor: Actor, tag_id: int, *, uow: UnitOfWork) -> None:
    """Remove a tag. Audited (ids only)."""
    with uow:
        row = uow.session.get(r.ThemeTagRow, tag_id)
        if row is None:
            raise NotFound("theme_tag", tag_id)
        _visible_text(uow, actor, row.text_id, "untag_answer")
        uow.session.delete(row)
        uow.audit.record(actor, "evaluation.untagged", "theme_tag", tag_id, theme_id=row.theme_id,
                         text_id=row.text_id)
        uow.commit()
