"""Pilots: what participants said (issue 9). The open answers of a territory with the
respondent's role, the field and the quarter (never a name, a date or a title), only from
conferences whose family agreed to the evaluation; themes tagged on whole answers or on
passages; counts per theme; the quotes usable in a report (their author agreed)."""
import pandas as pd
import streamlit as st

from conference.services import evaluation_themes as et
from pages import pilot_common as pc
from pages import ui

PAGE_SIZE = 20

actor = ui.require_actor()
_ = ui.t()
st.title(_("Words and themes"), anchor=False)
territory = pc.choose_territory(actor, "answers")
month_from, month_to = pc.choose_period("answers")
if st.session_state.get("answers_opened") != territory.id:
    # A read of sensitive text: written to the audit log once per territory and session.
    if ui.attempt(lambda: et.record_answers_opened(actor, territory.id, uow=ui.uow()) or True):
        st.session_state["answers_opened"] = territory.id

themes = ui.attempt(lambda: et.themes(actor, territory.id, uow=ui.uow())) or []
active = {t.id: t for t in themes if t.active}
if not themes:
    st.info(_("This territory has no themes yet: add some (or take the suggestions) in « Territory settings »."))


def highlighted(text: str, tags) -> str:
    """The answer as Markdown, escaped, with its tagged passages highlighted (bold on an
    orange background: not by colour alone)."""
    spans = sorted((t.start, t.end) for t in tags if not t.whole)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts, position = [], 0
    for start, end in merged:
        parts.append(ui.escape(text[position:start]))
        passage = " ".join(text[start:end].split())
        parts.append(f":orange-background[**{ui.escape(passage)}**]")
        position = end
    parts.append(ui.escape(text[position:]))
    return "".join(parts).replace("\n", "  \n")


def show_answer(answer) -> None:
    with st.container(border=True):
        st.caption(" · ".join([pc.role_label(answer.role), pc.field_label(answer.field), answer.quarter,
                               ui.escape(_(answer.question_label))]))
        st.markdown(highlighted(answer.text, answer.tags))
        for tag in answer.tags:
            left, right = st.columns([5, 1])
            if tag.whole:
                left.markdown(_("Whole answer: **{theme}**", theme=ui.escape(tag.theme_label)))
            else:
                left.markdown(_("Passage « {passage} »: **{theme}**", theme=ui.escape(tag.theme_label),
                                passage=ui.escape(" ".join(answer.text[tag.start:tag.end].split()))))
            if right.button(_("Remove"), key=f"untag_{tag.id}", icon=":material/close:"):
                if pc.attempt(lambda: et.untag(actor, tag.id, uow=ui.uow()) or True, success=_("Tag removed.")):
                    st.rerun()
        if not active:
            return
        with st.form(f"tag_{answer.text_id}", clear_on_submit=True, border=False):
            theme_col, words_col = st.columns([2, 3])
            theme_id = theme_col.selectbox(_("Theme"), list(active), format_func=lambda i: active[i].label,
                                           key=f"tag_theme_{answer.text_id}")
            words = words_col.text_input(_("Words of the passage (empty: the whole answer)"),
                                         key=f"tag_words_{answer.text_id}",
                                         help=_("Type or paste the words exactly as they are in the answer."))
            if st.form_submit_button(_("Tag"), icon=":material/sell:"):
                def tag_it():
                    start, end = et.locate_passage(answer.text, words) if words.strip() else (None, None)
                    return et.tag(actor, answer.text_id, theme_id, start, end, uow=ui.uow())

                if pc.attempt(tag_it, success=_("Theme tagged.")):
                    st.rerun()


def paged(items: list, key: str) -> list:
    """One page of ``items`` (a page number to choose when there are more)."""
    pages = max(1, -(-len(items) // PAGE_SIZE))
    page = st.number_input(_("Page"), min_value=1, max_value=pages, value=1, key=key) if pages > 1 else 1
    return items[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]


every_answer = pc.attempt(lambda: et.open_answers(actor, territory.id, month_from, month_to, uow=ui.uow()))
answers_tab, counts_tab, quotes_tab = st.tabs([_("Open answers"), _("Counts per theme"), _("Quotes for a report")])

with answers_tab:
    chosen = st.selectbox(_("Show"), [None, *active], key="answers_theme",
                          format_func=lambda i: _("Every answer") if i is None else _("Theme: {theme}",
                                                                                      theme=active[i].label))
    if every_answer is not None:
        answers = [a for a in every_answer if chosen is None or any(t.theme_id == chosen for t in a.tags)]
        st.caption(_("{n} open answer(s), only from conferences whose family agreed to the evaluation.",
                     n=len(answers)))
        if len(every_answer) >= et.ANSWER_LIMIT:
            st.caption(_("Only the newest {n} answers of the period are listed: choose a shorter period to see "
                         "older ones.", n=et.ANSWER_LIMIT))
        for answer in paged(answers, "answers_page"):
            show_answer(answer)

with counts_tab:
    counts = pc.attempt(lambda: et.theme_counts(actor, territory.id, month_from, month_to, uow=ui.uow())) or []
    with st.expander(_("Definition")):
        st.markdown(_("**Answers**: open answers carrying the theme (whole or on a passage). **Passages**: passages "
                      "tagged with the theme. Only conferences whose family agreed to the evaluation, in the "
                      "period. Counts from 1 to 5 are shown as « c » so that nobody can be recognised."))
    if not counts:
        st.info(_("No active theme yet."))
    else:
        table = pd.DataFrame({_("Theme"): [c.label for c in counts], _("Answers"): [str(c.answers) for c in counts],
                              _("Passages"): [str(c.passages) for c in counts]})
        shown = [c for c in counts if isinstance(c.answers, int)]
        if shown:
            chart = pd.DataFrame({_("Theme"): [c.label for c in shown], _("Answers"): [c.answers for c in shown]})
            st.bar_chart(chart, x=_("Theme"), y=_("Answers"), horizontal=True)
            st.caption(_("n = {n} open answer(s) in the period; themes counted « c » are left out of the chart.",
                         n=len(every_answer or [])))
        st.dataframe(table, hide_index=True)

with quotes_tab:
    st.caption(_("Only answers whose author agreed to be quoted without their name, from conferences whose family "
                 "agreed to the evaluation. Never put the date or the département beside a quote."))
    quotes = pc.attempt(lambda: et.quotes_for_report(actor, territory.id, month_from, month_to, uow=ui.uow())) or []
    if not quotes:
        st.info(_("No quote usable in a report in this period."))
    else:
        st.caption(_("{n} quote(s) usable in a report.", n=len(quotes)))
    for quote in paged(quotes, "quotes_page"):
        level = _("publication allowed") if quote.quote_consent == "publication" else _("internal use only")
        st.markdown("\n".join(f"> {ui.escape(line)}" for line in quote.text.splitlines() or [""]))
        st.caption(" · ".join([pc.role_label(quote.role), pc.field_label(quote.field), quote.quarter, level]))
