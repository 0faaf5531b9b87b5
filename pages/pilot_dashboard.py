"""The pilot dashboard (issue 9): a territory and a period, then its figures, each as a
chart with its n in the title, its definition one click away and a table with the same
numbers beside it (for people who do not read charts, and screen readers). Hidden counts
show as « c ». Everything comes from services/evaluation_dashboard.py."""

import altair as alt
import pandas as pd
import streamlit as st

from conference import clock
from conference.evaluation.masking import MASK
from conference.services import evaluation_dashboard as board_service
from pages import ui

MONTHS_BACK = 48

actor = ui.require_actor()
_ = ui.t()
st.title(_("Evaluation dashboard"))

choices = ui.attempt(lambda: board_service.territories_for(actor, uow=ui.uow())) or []
if not choices:
    st.info(_("No territory has been given to your account yet. Ask your administrator."))
    st.stop()


def _months() -> list[str]:
    today = clock.today()
    index = today.year * 12 + today.month - 1
    return [f"{k // 12:04d}-{k % 12 + 1:02d}" for k in range(index - MONTHS_BACK + 1, index + 1)]


def _month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{number}/{year}"


months = _months()
names = {c.id: c.name for c in choices}
left, right = st.columns([2, 3])
with left:
    chosen = st.multiselect(_("Territories"), options=list(names), default=list(names), format_func=names.get,
                            key="dash_territories")
with right:
    month_from, month_to = st.select_slider(_("Situations oriented between"), options=months,
                                            value=(months[-12], months[-1]), format_func=_month_label,
                                            key="dash_period")
if not chosen:
    st.info(_("Choose at least one territory."))
    st.stop()

board = ui.attempt(lambda: board_service.dashboard(actor, chosen, month_from, month_to, uow=ui.uow(),
                                                   lang=ui.lang()))
if board is None:
    st.stop()


def cell(value) -> str:
    """A published value as the tables show it (French decimals, « c » for hidden)."""
    if value is None:
        return "–"
    if value == MASK:
        return MASK
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",") if value % 1 else f"{value:.0f}"
    return str(value)


def table(header, rows) -> pd.DataFrame:
    return pd.DataFrame([[cell(v) for v in row] for row in rows], columns=list(header))


def n_text(n) -> str:
    return _("n = {n}", n=cell(n))


def chart(figure: board_service.Figure):
    points = pd.DataFrame(figure.points, columns=["category", "series", "value"])
    value_title = {"scores": _("Mean (0 to 10)"), "means": _("Mean hours")}.get(figure.chart, _("Number"))
    encoding = dict(y=alt.Y("category:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)),
                    x=alt.X("value:Q", title=value_title, stack="zero" if figure.chart == "stacked" else None,
                            axis=alt.Axis(tickMinStep=1) if figure.chart in ("stacked", "total") else alt.Axis()),
                    tooltip=[alt.Tooltip("category:N", title=figure.header[0]),
                             alt.Tooltip("series:N", title=" "), alt.Tooltip("value:Q", title=value_title)])
    if figure.chart in ("stacked", "means"):
        encoding["color"] = alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom", columns=2))
    if figure.chart == "means":
        encoding["yOffset"] = "series:N"
    if figure.chart == "scores":
        encoding["x"] = alt.X("value:Q", title=value_title, scale=alt.Scale(domain=[0, 10]))
    return (alt.Chart(points, title=alt.TitleParams(f"{figure.title} ({n_text(figure.n)})", anchor="start",
                                                    fontSize=13))
            .mark_bar().encode(**encoding).properties(height=alt.Step(22)))


# --- summary ------------------------------------------------------------------------
st.markdown(_("**{n}** situations oriented from {start} to {end} in {territories}.",
              n=cell(board.situations), start=_month_label(month_from), end=_month_label(month_to),
              territories=ui.escape(", ".join(board.territories))))
if not board.reconciled:
    st.warning(_("The funnel does not add up: some situations are in no stage or in two. Tell your administrator."))
st.caption(_("Only the conferences whose family agreed to the evaluation count, except in the funnel. « c » hides "
             "a count from 1 to 5 (and a neighbour that would give it away); a percentage needs at least 10 "
             "situations, a mean at least 5 answers from 3 conferences."))

head = {h.key: h for h in board.headlines}
shown = [k for k in ("oriented", "evaluated", "plan_rate", "satisfaction.all", "actions_done_3m",
                     "situation_resolved") if k in head]
for column, key in zip([c for _row in range(2) for c in st.columns(3)], shown):
    h = head[key]
    suffix = " %" if h.kind == "rate" and isinstance(h.value, (int, float)) else ""
    column.metric(h.label, cell(h.value) + suffix, help=f"{h.definition} ({n_text(h.n)})", border=True)

with st.expander(_("Every indicator, with its n and its definition"), icon=":material/list:"):
    st.dataframe(table((_("Indicator"), _("Value"), _("n"), _("Definition")),
                       [(h.label, h.value, h.n, h.definition) for h in board.headlines]),
                 hide_index=True, width="stretch")

# --- the breakdowns ---------------------------------------------------------------------
for figure in board.figures:
    st.subheader(f"{figure.title} ({n_text(figure.n)})", anchor=figure.key.replace("_", "-"))
    with st.popover(_("Definition"), icon=":material/info:"):
        st.markdown(ui.escape(figure.definition))
    # the chart, then the table with the same numbers right under it (side by side, the
    # tables' labels were cut off on a laptop screen)
    if figure.points:
        st.altair_chart(chart(figure), width="stretch")
    else:
        st.caption(_("Nothing to draw: the numbers are too small to be shown, or there are none."))
    st.dataframe(table(figure.header, figure.rows), hide_index=True, width="stretch")
    if figure.points and any(v == MASK for row in figure.rows for v in row):
        st.caption(_("Hidden numbers (« c ») are not drawn."))

if board.own_indicators:
    st.subheader(_("The territory's own indicators"))
    st.caption(_("Indicators your territory defined itself, over the conferences in the evaluation."))
    st.dataframe(table((_("Territory"), _("Indicator"), _("Definition"), _("n"), _("Total"), _("Mean")),
                       [(i.territory, i.name, i.definition, i.n, i.total, i.mean) for i in board.own_indicators]),
                 hide_index=True, width="stretch")
