"""The words beside the questionnaires' scales, shared by the screen and the printed form
(issue 9), so that a 4 means the same wherever it was ticked. English message ids; French
in ``questionnaires.po``. The codebook stores numbers only."""
from __future__ import annotations

from conference.i18n import N_

from .codebook import FACES
from .types import QuoteConsent

#: 1 to 5 for a statement (« I felt heard »): how much it is true.
LIKERT_WORDS = {1: N_("Not at all"), 2: N_("A little"), 3: N_("Half and half"), 4: N_("Mostly"),
                5: N_("Completely true")}
YES_NO_WORDS = {1: N_("Yes"), 0: N_("No")}
#: The two ends of the 0 to 10 satisfaction scale.
SCORE_ENDS = (N_("0 = not satisfied at all"), N_("10 = fully satisfied"))
FACE_WORDS = FACES

#: The separate "you may quote my words, without my name" question, in the order shown.
QUOTE_CONSENT_QUESTION = N_("May we quote your words, without your name?")
QUOTE_CONSENT_WORDS = {
    QuoteConsent.NONE: N_("No, do not quote me"),
    QuoteConsent.INTERNAL: N_("Yes, within the team that evaluates the conferences"),
    QuoteConsent.PUBLICATION: N_("Yes, also in a public report, without my name"),
}


# The same question for a child, in the words a child is spoken to with (« tu »).
QUOTE_CONSENT_QUESTION_CHILD = N_("May we repeat what you wrote, without your name?")
QUOTE_CONSENT_WORDS_CHILD = {
    QuoteConsent.NONE: N_("No"),
    QuoteConsent.INTERNAL: N_("Yes, to the people who study the conferences"),
    QuoteConsent.PUBLICATION: N_("Yes, also in a report anyone can read, without my name"),
}


def quote_consent_texts(*, child: bool) -> tuple[str, dict[QuoteConsent, str]]:
    """(question, {choice: words}) of the quote consent, for a child or an adult."""
    if child:
        return QUOTE_CONSENT_QUESTION_CHILD, dict(QUOTE_CONSENT_WORDS_CHILD)
    return QUOTE_CONSENT_QUESTION, dict(QUOTE_CONSENT_WORDS)


def words_for(question: dict) -> dict[int, str]:
    """The (value → words) choices of a closed question, in the order shown; empty for an
    open question."""
    kind = question["kind"]
    if kind == "faces":
        return dict(question.get("words") or FACE_WORDS)
    if kind == "likert":
        return dict(LIKERT_WORDS)
    if kind == "yes_no":
        return dict(YES_NO_WORDS)
    if kind == "score":
        low, high = question.get("scale", [0, 10])
        return {n: str(n) for n in range(low, high + 1)}
    return {}
