"""The tables every evaluation file holds, built once for XLSX, ODS and CSV alike.

Row-level sheets (for the département's evaluators) carry keyed pseudonyms, months and
codes, and only the conferences whose family agreed to the evaluation; open text appears
only with its author's quote consent. Breakdown sheets are masked (:mod:`.masking`); in
publication mode they are all the file holds.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np
import pandas as pd

from conference.domain.enums import ActionFollowUp, ClosureReason, Resolution
from conference.i18n import N_, translator

from .codebook import CODEBOOK_VERSION, codebook_rows, questionnaire_rows, value_label
from .frames import ANSWER_ITEMS, Frames
from .indicators import funnel, indicators
from .masking import MASK, CountTable, MaskedTable, mask_table, mean_allowed, publish_count, publish_indicator
from .pseudonyms import study_ids
from .types import ROLES, STAGES, STATUSES, QuoteConsent

ROW_SHEETS = ("conferences", "actions", "answers", "open_answers", "follow_ups", "themes")
SHEET_TITLES = {
    "guide": N_("Reading guide"), "codebook": N_("Codebook"), "questionnaires": N_("Questionnaires"),
    "conferences": N_("Conferences"), "actions": N_("Actions"), "answers": N_("Answers"),
    "open_answers": N_("Open answers"), "follow_ups": N_("Follow-ups"), "themes": N_("Themes"),
    "t_indicators": N_("T1 Indicators"), "t_funnel": N_("T2 Funnel"), "t_outcome_field": N_("T3 Outcome by field"),
    "t_reasons": N_("T4 Not completed by reason"), "t_quarter_field": N_("T5 Quarter by field"),
    "t_satisfaction": N_("T6 Satisfaction by role"), "t_actions": N_("T7 Actions at 3 months"),
    "t_situation": N_("T8 Situation at 3 months"), "t_time": N_("T9 Time spent by field"),
    "t_themes": N_("T10 Themes by role"),
}


@dataclass(frozen=True)
class Sheet:
    key: str  # machine name, the same in every language (``stats merge`` reads it)
    title: str
    header: tuple[str, ...]
    rows: Sequence[Sequence]
    kind: str  # guide, codebook, rows, table


FUNNEL_ONLY = ("dept", "territory", "referred_month", "quarter", "stage", "status", "evaluation_consent")


def _pseudonymise(frames: Frames, key: bytes | None):
    """Keyed pseudonyms: the referrals' by ref, the answers' in the answers' order;
    ``key=None`` when the refs already are pseudonyms (merged files)."""
    refs, answer_refs = frames.referrals["ref"].tolist(), frames.answers["ref"].tolist()
    if key is None:
        return dict(zip(refs, refs)), answer_refs
    return dict(zip(refs, study_ids(key, "referral", refs))), study_ids(key, "answer", answer_refs)


class Rows:
    """The rows of a frame, built only while a file reads them and produced in chunks: at
    a département's scale every sheet's frame held at once, or a sheet as Python lists,
    would take hundreds of MB more. ``build`` is a frame or a function returning one (called
    at each reading, so nothing stays in memory between sheets). Iterable several times;
    ``len()`` is the number of rows; ``frame`` the sheet's columns, in order."""

    CHUNK = 5000

    def __init__(self, build: pd.DataFrame | Callable[[], pd.DataFrame], columns: Sequence[str]):
        self._build, self.columns, self._length = build, list(columns), None

    @property
    def frame(self) -> pd.DataFrame:
        frame = self._build if isinstance(self._build, pd.DataFrame) else self._build()
        return frame if list(frame.columns) == self.columns else frame.loc[:, self.columns]

    def __len__(self) -> int:
        if self._length is None:
            self._length = len(self.frame)
        return self._length

    def __iter__(self):
        frame = self.frame
        for start in range(0, len(frame), self.CHUNK):  # missing values (NaN, NA) as None
            yield from frame.iloc[start:start + self.CHUNK].to_numpy(dtype=object, na_value=None).tolist()

    def __getitem__(self, index):
        return list(self)[index]


CONFERENCE_COLUMNS = ["study_id", "dept", "territory", "referred_month", "quarter", "field", "referred_by", "stage",
                      "status", "outcome", "reason", "self_organised", "hours_coordinator", "hours_referent",
                      *(f"participants_{r.value}" for r in ROLES), "ratification", "situation_3m",
                      "evaluation_consent"]
ACTION_SHEET_COLUMNS = ["study_id", "dept", "action_no", "owner_kind", "status_3m"]
ANSWER_SHEET_COLUMNS = ["answer_id", "study_id", "dept", "respondent_role", "questionnaire", "questionnaire_version",
                        "score", *ANSWER_ITEMS, "transcribed", "quote_consent"]
TEXT_SHEET_COLUMNS = ["answer_id", "study_id", "dept", "respondent_role", "field", "quarter", "question", "text"]
FOLLOW_UP_COLUMNS = ["study_id", "dept", "situation_3m", *(f"actions_{s.value}" for s in ActionFollowUp)]
THEME_SHEET_COLUMNS = ["theme", "label", "answer_id", "study_id", "dept", "respondent_role", "question", "start",
                       "end"]


def row_sheets(frames: Frames, key: bytes | None, lang: str = "fr", *,
               consented: Frames | None = None) -> list[Sheet]:
    """The pseudonymised row-level sheets. A situation whose family did not agree to the
    evaluation keeps only its funnel columns (no study id, nothing else), so that merged
    files can still count the bare funnel; every other sheet holds consenting ones only.

    Pseudonyms are computed here, once; each sheet's frame is built when a file reads it.
    ``consented``: ``frames.consented()`` when the caller has it already."""
    _ = translator(lang)
    data = frames.consented() if consented is None else consented
    ids, answer_ids = _pseudonymise(data, key)
    ref = data.referrals.copy()
    ref.insert(0, "study_id", ref["ref"].map(ids))
    ref["self_organised"] = ref["self_organised"].astype(int)
    dept_of = pd.Series(ref["dept"].tolist(), index=ref["ref"].tolist())
    pseudonyms = {"answer_id": np.array(answer_ids, dtype=object), "study_id": data.answers["conference_ref"].map(ids).to_numpy(),
                  "dept": data.answers["conference_ref"].map(dept_of).to_numpy()}

    def conferences() -> pd.DataFrame:
        others = frames.referrals.loc[~frames.referrals["evaluation_consent"], list(FUNNEL_ONLY)]
        everyone = pd.concat([ref, others.reindex(columns=CONFERENCE_COLUMNS)], ignore_index=True)
        everyone["evaluation_consent"] = everyone["evaluation_consent"].astype(bool).astype(int)
        for column in ("self_organised", *(f"participants_{r.value}" for r in ROLES)):
            everyone[column] = everyone[column].astype("Int64")
        return everyone

    def actions() -> pd.DataFrame:
        actions = data.actions.copy()
        actions.insert(0, "study_id", actions["conference_ref"].map(ids))
        actions["dept"] = actions["conference_ref"].map(dept_of)
        return actions

    def answers(*columns: str, rows: np.ndarray | None = None) -> pd.DataFrame:
        """The consenting answers' ``columns`` only (``rows``: a mask of them), pseudonyms
        included (a copy of every answer column for each of three sheets was a large part
        of the export's peak)."""
        frame = data.answers.loc[:, [c for c in columns if c not in pseudonyms]]
        chosen = {c: pseudonyms[c] for c in columns if c in pseudonyms}
        if rows is not None:
            frame, chosen = frame[rows], {c: v[rows] for c, v in chosen.items()}
        frame = frame.assign(**chosen)
        if "transcribed" in frame.columns:
            frame["transcribed"] = frame["transcribed"].astype(int)
        return frame.loc[:, list(columns)]

    def with_answer(frame: pd.DataFrame, columns: tuple[str, ...], rows: np.ndarray | None = None) -> pd.DataFrame:
        """``frame`` (texts, passages) joined to its answer's ``columns`` (inner join on
        ``answer_ref``, in ``frame``'s order), by position when answer refs are unique: a
        merge copied every column and hashed the refs of both sides."""
        refs = data.answers["ref"] if rows is None else data.answers["ref"][rows]
        index = pd.Index(refs)
        if not index.is_unique:
            return frame.merge(answers("ref", *columns, rows=rows), left_on="answer_ref", right_on="ref")
        at = index.get_indexer(frame["answer_ref"])
        found = at >= 0
        picked = answers(*columns, rows=rows)
        # take() keeps Arrow strings as they are (to_numpy would make a Python str of each)
        return frame[found].assign(ref=frame["answer_ref"][found].array,
                                   **{c: picked[c].array.take(at[found]) for c in columns})

    def texts() -> pd.DataFrame:
        quotable = data.answers["quote_consent"].isin([QuoteConsent.INTERNAL.value,
                                                       QuoteConsent.PUBLICATION.value]).to_numpy()
        return with_answer(data.texts, ("answer_id", "study_id", "dept", "respondent_role", "field", "quarter"),
                           quotable)

    def passages() -> pd.DataFrame:
        joined = with_answer(data.passages, ("answer_id", "study_id", "dept", "respondent_role"))
        if data.themes["theme"].is_unique:  # a theme's label by a lookup, not a merge copying every column
            labels = pd.Series(data.themes["label"].to_numpy(), index=data.themes["theme"].to_numpy())
            return joined.assign(label=joined["theme"].map(labels))
        return joined.merge(data.themes, on="theme", how="left")

    def sheet(key: str, columns: list[str], build: Callable[[], pd.DataFrame]) -> Sheet:
        return Sheet(key, _(SHEET_TITLES[key]), tuple(columns), Rows(build, columns), "rows")

    return [
        sheet("conferences", CONFERENCE_COLUMNS, conferences),
        sheet("actions", ACTION_SHEET_COLUMNS, actions),
        sheet("answers", ANSWER_SHEET_COLUMNS, lambda: answers(*ANSWER_SHEET_COLUMNS)),
        sheet("open_answers", TEXT_SHEET_COLUMNS, texts),
        sheet("follow_ups", FOLLOW_UP_COLUMNS, lambda: _follow_ups(ref, actions())),
        sheet("themes", THEME_SHEET_COLUMNS, passages),
    ]


def _follow_ups(ref: pd.DataFrame, actions: pd.DataFrame) -> pd.DataFrame:
    counts = (actions.dropna(subset=["status_3m"]).groupby(["study_id", "status_3m"]).size()
              .unstack(fill_value=0).reindex(columns=[s.value for s in ActionFollowUp], fill_value=0))
    counts.columns = [f"actions_{c}" for c in counts.columns]
    followed = ref[ref["situation_3m"].notna() | ref["study_id"].isin(counts.index)]
    out = followed[["study_id", "dept", "situation_3m"]].merge(counts, left_on="study_id", right_index=True,
                                                                how="left")
    for column in counts.columns:
        out[column] = out[column].fillna(0).astype(int)
    return out


def _crosstab(name: str, frame: pd.DataFrame, row: str, column: str, row_values, column_values) -> CountTable:
    counts = frame.groupby([row, column]).size() if len(frame) else {}
    cells = tuple(tuple(int(counts.get((r, c), 0)) for c in column_values) for r in row_values)
    return CountTable(name, tuple(row_values), tuple(column_values), cells)


def _table_sheet(key: str, table: CountTable | MaskedTable, lang: str, first: str) -> Sheet:
    _ = translator(lang)
    masked = table if isinstance(table, MaskedTable) else mask_table(table)
    table = masked.table
    grid = masked.published()
    labels = [value_label(r, lang) for r in table.rows] + [_("Total")]
    header = (first, *(value_label(c, lang) for c in table.columns), _("Total"))
    return Sheet(key, _(SHEET_TITLES[key]), header, [[label, *row] for label, row in zip(labels, grid)], "table")


def _values(frame: pd.DataFrame, column: str, known: Sequence[str]) -> list[str]:
    present = set(frame[column].dropna().astype(str))
    return [v for v in known if v in present] + sorted(present - set(known))


def table_sheets(frames: Frames, lang: str = "fr", *, consented: Frames | None = None) -> list[Sheet]:
    """The masked breakdowns: the funnel counts every situation, the rest only evaluated ones.
    ``consented``: ``frames.consented()`` when the caller has it already."""
    _ = translator(lang)
    data = frames.consented() if consented is None else consented
    ref = data.referrals
    fields = _values(ref, "field", [])
    result = indicators(frames)
    satisfaction = _satisfaction_sheet(data, result, lang)
    # Linked tables: the n of each role is shown as in the satisfaction table, where it may
    # be hidden to protect a neighbour (else n(all) − n(family) would give n(professional)).
    linked_n = {f"satisfaction.{role}": row[12] for role, row in
                zip([r.value for r in ROLES if r.value != "child"] + ["all"], satisfaction.rows)}
    sheets = [Sheet("t_indicators", _(SHEET_TITLES["t_indicators"]),
                    (_("Indicator"), _("Value"), _("n"), _("Definition")),
                    [[_(i.label) + (f" ({value_label(i.key.split('.', 1)[1], lang)})"
                                    if "." in i.key and i.key.split(".")[1] not in ("all", "child") else ""),
                      publish_indicator(i), linked_n.get(i.key, publish_count(i.n)), _(i.definition)]
                     for i in result.values()],
                    "table")]
    f = funnel(frames)
    sheets.append(_table_sheet("t_funnel", CountTable(
        "funnel", tuple(s.value for s in STAGES), tuple(s.value for s in STATUSES),
        tuple(tuple(f.cells[(stage, status)] for status in STATUSES) for stage in STAGES)), lang, _("Stage")))
    outcome, reasons = outcome_and_reasons(ref, fields)
    sheets.append(_table_sheet("t_outcome_field", outcome, lang, _("Field")))
    sheets.append(_table_sheet("t_reasons", reasons, lang, _("Reason")))
    sheets.append(_table_sheet("t_quarter_field", _crosstab("quarters", ref, "quarter", "field",
                                                             sorted(set(ref["quarter"])), fields), lang,
                               _("Quarter")))
    sheets.append(satisfaction)
    # each reviewed action's field, by its conference (a merge copied every action column)
    reviewed = data.actions.loc[data.actions["status_3m"].notna(), ["conference_ref", "status_3m"]]
    actions = reviewed.assign(field=reviewed["conference_ref"].map(
        pd.Series(ref["field"].to_numpy(), index=ref["ref"].to_numpy()))).dropna(subset=["field"])
    sheets.append(_table_sheet("t_actions", _crosstab("actions", actions, "status_3m", "field",
                                                       [s.value for s in ActionFollowUp], fields), lang,
                               _("Action at three months")))
    followed = ref.dropna(subset=["situation_3m"])
    sheets.append(_table_sheet("t_situation", _crosstab("situation", followed, "situation_3m", "field",
                                                         [s.value for s in Resolution], fields), lang,
                               _("Situation at three months")))
    sheets.append(_time_sheet(ref, fields, lang))
    tagged = data.passages[["theme", "answer_ref"]].drop_duplicates()
    tagged = tagged.merge(data.answers[["ref", "respondent_role"]], left_on="answer_ref", right_on="ref")
    tagged = tagged.merge(data.themes, on="theme", how="left")
    tagged["label"] = tagged["label"].fillna(tagged["theme"])
    sheets.append(_table_sheet("t_themes", _crosstab("themes", tagged, "label", "respondent_role",
                                                      sorted(set(tagged["label"])), [r.value for r in ROLES]),
                               lang, _("Theme")))
    return sheets


def outcome_and_reasons(ref: pd.DataFrame, fields: list[str]) -> tuple[MaskedTable, MaskedTable]:
    """Outcome by field, and not completed by reason × field, masked together: the column
    totals of the second are the "not completed" cells of the first, so a cell hidden there
    is hidden here too before this table's own suppression runs."""
    outcome = mask_table(_crosstab("outcome", ref, "field", "status", fields, [s.value for s in STATUSES]))
    stopped = ref[ref["status"] == "not_completed"].assign(reason=lambda d: d["reason"].fillna("other"))
    table = _crosstab("reasons", stopped, "reason", "field",
                      _values(stopped, "reason", [r.value for r in ClosureReason]), fields)
    column = [s.value for s in STATUSES].index("not_completed")
    # row f of the first (its total row included) is column f of the second's totals row
    forced = [(len(table.rows), f) for f in range(len(fields) + 1) if (f, column) in outcome.masked]
    return outcome, mask_table(table, forced)


def reason_links(fields: list[str], reasons: MaskedTable) -> list[tuple[tuple, tuple]]:
    """Which cells of "outcome" and "reasons" hold the same count (for checks)."""
    column = [s.value for s in STATUSES].index("not_completed")
    return [(("outcome", f, column), ("reasons", len(reasons.table.rows), f)) for f in range(len(fields) + 1)]


def _satisfaction_sheet(data: Frames, result, lang: str) -> Sheet:
    """Role × score counts (masked as one table), then n, mean and median by role."""
    _ = translator(lang)
    roles = [r.value for r in ROLES if r.value != "child"]
    table = CountTable("satisfaction", tuple(roles), tuple(str(s) for s in range(11)),
                       tuple(tuple(c for _, c in result[f"satisfaction.{r}"].distribution) or (0,) * 11
                             for r in roles))
    grid = mask_table(table).published()
    rows = []
    for role, line in zip(roles + ["all"], grid):
        indicator = result[f"satisfaction.{role}"]
        shown = mean_allowed(indicator)
        rows.append([value_label(role, lang) if role != "all" else _("All adult roles"), *line,
                     round(indicator.value, 2) if shown and indicator.value is not None else MASK if indicator.n else None,
                     indicator.median if shown else MASK if indicator.n else None])
    header = (_("Role"), *(str(s) for s in range(11)), _("n"), _("Mean"), _("Median"))
    return Sheet("t_satisfaction", _(SHEET_TITLES["t_satisfaction"]), header, rows, "table")


def _time_sheet(ref: pd.DataFrame, fields: list[str], lang: str) -> Sheet:
    """Hours by field. Each n column is masked as a table with its total (a field's small n
    could otherwise be recomputed from the total and the others); a mean needs an n of at
    least 5 (it reveals no count)."""
    _ = translator(lang)
    parts = [ref[ref["field"] == value] for value in fields] + [ref]
    columns = {}
    for column in ("hours_coordinator", "hours_referent"):
        counts = [int(part[column].notna().sum()) for part in parts]
        table = CountTable(f"time.{column}", tuple(fields), ("n",), tuple((n,) for n in counts[:-1]))
        published = [row[0] for row in mask_table(table).published()]
        means = [round(float(part[column].mean()), 1) if n >= 5 else (MASK if n else None)
                 for part, n in zip(parts, counts)]
        columns[column] = (published, means)
    rows = []
    for i, value in enumerate(fields + [None]):
        line = [value_label(value, lang) if value else _("Total")]
        for column in ("hours_coordinator", "hours_referent"):
            published, means = columns[column]
            line += [published[i], means[i]]
        rows.append(line)
    header = (_("Field"), _("n (coordinator)"), _("Mean hours, coordinator"), _("n (referent)"),
              _("Mean hours, referent"))
    return Sheet("t_time", _(SHEET_TITLES["t_time"]), header, rows, "table")


def guide_sheet(frames: Frames, *, publication: bool, period: str = "", lang: str = "fr",
                keys: Sequence[str] = ()) -> Sheet:
    """The reading guide: what the file holds and how to read it. Column A holds machine
    keys that ``stats merge`` reads; column B the text people read."""
    _ = translator(lang)
    rows = [
        ["title", _("Evaluation of family group conferences — Cercle export")],
        ["codebook_version", CODEBOOK_VERSION],
        ["dept", frames.dept],
        ["period", period],
        ["publication", "1" if publication else "0"],
        ["about", _("Pseudonymised data: no names, no contact details, no exact dates (month and year only). "
                    "Identifiers are keyed pseudonyms that only the département can link back.")],
        ["consent", _("Only the conferences whose family agreed to the evaluation appear, except in the funnel, "
                      "which counts every situation oriented.")],
        ["masking", _("In the tables, « c » hides a count from 1 to 5, and the cells that would let someone "
                      "recompute it from the totals; 0 is shown as 0.")],
        ["rates", _("A percentage is shown only over a denominator of at least 10; a mean only from at least 5 "
                    "answers in at least 3 conferences, none giving more than half.")],
        ["quotes", _("Open answers appear only when their author agreed to be quoted, without their name.")],
    ]
    if publication:
        rows.append(["mode", _("Publication mode: this file holds only the masked tables.")])
    rows += [[f"sheet:{key}", _(SHEET_TITLES[key])] for key in keys]
    return Sheet("guide", _(SHEET_TITLES["guide"]), (_("Key"), _("Reading guide")), rows, "guide")


def codebook_sheets(lang: str = "fr") -> list[Sheet]:
    _ = translator(lang)
    variables = codebook_rows(lang)
    questions = questionnaire_rows(lang)
    return [Sheet("codebook", _(SHEET_TITLES["codebook"]), tuple(variables[0].keys()),
                  [list(r.values()) for r in variables], "codebook"),
            Sheet("questionnaires", _(SHEET_TITLES["questionnaires"]), tuple(questions[0].keys()),
                  [list(r.values()) for r in questions], "codebook")]


def workbook_sheets(frames: Frames, *, key: bytes | None, publication: bool = False, period: str = "",
                    lang: str = "fr", pseudonymous: bool = False) -> list[Sheet]:
    """Every sheet of an evaluation file, in order. ``key`` (the study key) is needed for
    the row-level sheets and ignored in publication mode; ``pseudonymous=True`` says the
    refs already are study ids (a merge of exported files)."""
    if not publication and key is None and not pseudonymous:
        from .errors import StudyKeyMissing
        raise StudyKeyMissing()
    data = frames.consented()  # once for both kinds of sheet (a copy of every frame)
    body = table_sheets(frames, lang, consented=data)
    if not publication:
        body = row_sheets(frames, None if pseudonymous else key, lang, consented=data) + body
    rest = codebook_sheets(lang) + body
    guide = guide_sheet(frames, publication=publication, period=period, lang=lang, keys=[s.key for s in rest])
    return [guide, *rest]
