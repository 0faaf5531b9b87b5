"""The annual note (.docx) for the département's assembly: key figures with their n and
definitions, the dashboard's charts as images, a few quotes whose authors agreed to a
publication, the method and its limits. A4, "Page X sur Y", French typography (the
common template, :mod:`exports.docx_build`).

Frames in, bytes out; no database. Every figure comes from the same computations and the
same masked tables as the workbook (:mod:`conference.evaluation.tables`), so the note and
the files never disagree: a count from 1 to 5 is "c" here too, and a chart leaves out the
bars it may not show (the caption says how many). Charts are Vega-Lite specs (Altair)
rendered to PNG offline by ``vl-convert`` (no browser, no network).
"""
from __future__ import annotations

import io
from datetime import date
from typing import Sequence

from docx.shared import Mm

from conference.evaluation.codebook import value_label
from conference.evaluation.frames import Frames
from conference.evaluation.indicators import indicators
from conference.evaluation.masking import publish_count, publish_indicator
from conference.evaluation.tables import Sheet, table_sheets
from conference.evaluation.types import QuoteConsent
from conference.i18n import N_, translator

from .docx_build import DocBuilder
from .typography import long_date

MASK = "c"
MAX_QUOTES = 6
KEY_FIGURES = ("oriented", "evaluated", "closed", "plan_rate", "meeting_rate", "self_organised", "not_completed",
               "satisfaction.family", "satisfaction.network", "satisfaction.professional", "satisfaction.all",
               "satisfaction.child", "actions_done_3m", "situation_resolved", "hours_coordinator", "hours_referent")
# (table key, column read, title, definition): the dashboard's charts, from the masked tables.
CHARTS = (
    ("t_funnel", "Total", N_("Situations by furthest stage reached"),
     N_("Every situation oriented in the period sits in exactly one stage: the furthest it reached.")),
    ("t_reasons", "Total", N_("Situations not completed, by reason"),
     N_("Evaluated situations closed without a plan, by the reason the coordinator recorded.")),
    ("t_satisfaction", None, N_("Mean satisfaction by role (0 to 10)"),
     N_("Mean of the overall score given at the end of the conference, by the role of the respondent.")),
    ("t_actions", "Total", N_("Plan actions at three months"),
     N_("Actions of the adopted plans, by what had become of them at the three-month follow-up.")),
    ("t_situation", "Total", N_("Starting situation at three months"),
     N_("Situations followed up, by how far the starting situation was resolved at three months.")),
)


def _number(value, lang: str, *, percent: bool = False, decimals: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and not value.is_integer() or percent:
        text = f"{value:.{decimals}f}"
    else:
        text = f"{int(value)}"
    if lang == "fr":
        text = text.replace(".", ",")
    return f"{text} %" if percent else text


def _bars(sheet: Sheet, column: str | None) -> tuple[list[tuple[str, float]], int]:
    """(label, value) of every row but the total, from one column of a masked table (for
    satisfaction, the mean); and how many rows were left out because masked."""
    header = list(sheet.header)
    index = header.index(column) if column in header else len(header) - 2  # "Moyenne" column
    bars, hidden = [], 0
    for row in sheet.rows:
        label, value = str(row[0]), row[index]
        if row is sheet.rows[-1] and sheet.key != "t_satisfaction":
            continue  # the total row
        if isinstance(value, str) or value is None:
            hidden += 1
            continue
        bars.append((label, float(value)))
    if sheet.key == "t_satisfaction":
        bars = [b for b in bars if not b[0].lower().startswith(("tous", "all"))]
    return bars, hidden


def chart_png(bars: Sequence[tuple[str, float]], title: str, *, lang: str = "fr") -> bytes:
    """One horizontal bar chart as PNG, rendered offline (Vega-Lite through vl-convert)."""
    import altair as alt
    import pandas as pd
    import vl_convert

    frame = pd.DataFrame(bars, columns=["label", "value"])
    chart = (alt.Chart(frame, title=title, width=420, height=max(60, 26 * len(frame)))
             .mark_bar(color="#1F3A5F")
             .encode(x=alt.X("value:Q", title=None, axis=alt.Axis(format="~r")),
                     y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=220))))
    text = chart.mark_text(align="left", dx=3, color="#222222").encode(
        text=alt.Text("value:Q", format=",.2~f"))
    spec = (chart + text).configure(font="Liberation Sans").configure_view(stroke=None).to_dict()
    if lang == "fr":
        spec.setdefault("config", {})["locale"] = {"number": {"decimal": ",", "thousands": "\u202f",
                                                              "grouping": [3], "currency": ["", " €"]}}
    return vl_convert.vegalite_to_png(spec, scale=2)


def quotes(frames: Frames, limit: int = MAX_QUOTES) -> list[tuple[str, str]]:
    """(text, role) of open answers whose author agreed to a publication, from conferences
    whose family agreed to the evaluation; one per theme first, then in order."""
    data = frames.consented()
    answers = data.answers[data.answers["quote_consent"] == QuoteConsent.PUBLICATION.value]
    roles = dict(zip(answers["ref"], answers["respondent_role"]))
    texts = data.texts[data.texts["answer_ref"].isin(answers["ref"])]
    chosen, seen = [], set()
    themed = dict(zip(data.passages["answer_ref"], data.passages["theme"])) if len(data.passages) else {}
    themes_used = set()
    for first_pass in (True, False):
        for answer_ref, text in texts[["answer_ref", "text"]].itertuples(index=False):
            text = str(text).strip()
            theme = themed.get(answer_ref)
            if not text or text in seen or (first_pass and (theme is None or theme in themes_used)):
                continue
            seen.add(text)
            themes_used.add(theme)
            chosen.append((text, roles[answer_ref]))
            if len(chosen) >= limit:
                return chosen
    return chosen


def build_evaluation_note(frames: Frames, *, period: str = "", territories: Sequence[str] = (), lang: str = "fr",
                          today: date | None = None) -> bytes:
    """The annual note as .docx bytes."""
    _ = translator(lang)
    doc = DocBuilder(lang, footer_label=_("Annual note — family group conferences"),
                     title=_("Family group conferences: annual note"))
    doc.title(_("Family group conferences: annual note"))
    where = ", ".join(territories) or _("every territory")
    doc.paragraph(_("Territories: {territories}", territories=where), style="CercleIntro")
    doc.paragraph(_("Period: {period}", period=period or _("all the data recorded")))
    if today is not None:
        doc.paragraph(_("Written on {date} from the data recorded in Cercle.", date=long_date(today, lang)))

    doc.heading(_("Key figures"))
    doc.paragraph(_("Each figure gives its n (what it was computed from) and its definition. « c » hides a count "
                    "from 1 to 5; a percentage needs at least 10 situations, a mean at least 5 answers from 3 "
                    "conferences."))
    result = indicators(frames)
    rows = []
    for key in KEY_FIGURES:
        indicator = result.get(key)
        if indicator is None:
            continue
        value = publish_indicator(indicator)
        shown = _number(value, lang, percent=indicator.kind == "rate" and not isinstance(value, str),
                        decimals=2 if indicator.kind == "mean" else 1)
        rows.append([_(indicator.label) + _role_suffix(key, lang), shown, _number(publish_count(indicator.n), lang),
                     _(indicator.definition)])
    doc.grid((48, 20, 16, 86), (_("Indicator"), _("Value"), _("n"), _("Definition")), rows)

    doc.heading(_("Charts"))
    sheets = {s.key: s for s in table_sheets(frames, lang)}
    for key, column, title, definition in CHARTS:
        sheet = sheets.get(key)
        if sheet is None:
            continue
        bars, hidden = _bars(sheet, column)
        n = sheet.rows[-1][-1] if key != "t_satisfaction" else sheet.rows[-1][-3]
        doc.heading(_(title), level=2)
        if bars:
            doc.doc.add_picture(io.BytesIO(chart_png(bars, f"{_(title)} (n = {_number(n, lang)})", lang=lang)),
                                width=Mm(150))
        else:
            doc.paragraph(_("Too few situations to draw this chart."), italic=True)
        doc.paragraph(_(definition) + " " + _("n = {n}.", n=_number(n, lang)))
        if hidden:
            doc.paragraph(_("{count} bar(s) left out: their count is masked (« c »).", count=hidden), italic=True)
        doc.grid((80, 30), (sheet.header[0], _("Value")),
                 [[str(b[0]), _number(b[1], lang, decimals=2)] for b in bars])

    doc.heading(_("In their own words"))
    chosen = quotes(frames)
    if chosen:
        doc.paragraph(_("A few answers whose authors agreed to be quoted in a publication, without their name, "
                        "from conferences whose family agreed to the evaluation."))
        for text, role in chosen:
            doc.paragraph(doc.quoted(text), italic=True, keep_next=True)
            doc.paragraph("— " + value_label(role, lang), space_after=6)
    else:
        doc.paragraph(_("No answer may be quoted in a publication for this period."))

    doc.heading(_("Method and limits"))
    for text in METHOD:
        doc.bullet(_(text))
    return doc.to_bytes()


def _role_suffix(key: str, lang: str) -> str:
    if key.startswith("satisfaction.") and key not in ("satisfaction.all", "satisfaction.child"):
        return f" ({value_label(key.split('.', 1)[1], lang)})"
    return ""


METHOD = (
    N_("Sources: the coordinators' synthesis sheets, the adopted plans and their three-month follow-up, and the "
       "anonymous questionnaires filled in at the end of the conferences (on screen, through the family's link "
       "or typed in from the paper form)."),
    N_("Consent: the funnel counts every situation oriented; every other figure counts only the conferences "
       "whose family agreed to the evaluation. Quotes appear only with their author's agreement to a publication."),
    N_("Privacy: no names, no contact details, no exact dates; counts from 1 to 5 are shown as « c », with the "
       "cells that would let someone recompute them from the totals."),
    N_("Limits: the questionnaires are answered by those present and willing, so satisfaction may be "
       "overestimated; roles are not comparable with each other; small territories give unstable percentages; "
       "the three-month results are recorded by the coordinator with the family."),
    N_("Figures of different periods are not protected together: do not publish overlapping periods side by side."),
)
