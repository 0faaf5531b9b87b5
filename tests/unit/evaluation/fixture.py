"""A small hand-computed fixture: nine situations of the fictional Territoire des Tilleuls.

Expected figures (computed by hand, see the tests): 9 situations oriented, 8 evaluated
(the Moreau situation, R9, did not agree), 6 closed; family satisfaction 49 / 6 = 8.17.
"""
from __future__ import annotations

from datetime import date

from conference.domain.enums import ActionFollowUp as A, ClosureReason, Field, Outcome, ReferralSource, Resolution
from conference.evaluation.types import (Action, Answer, EvaluationRows, ParticipantRole as Role, Passage,
                                         QuoteConsent, Referral, Stage, Theme)

T = "Territoire des Tilleuls"
PRO = ReferralSource.PROFESSIONAL

# Words that must never leave Cercle: a store id with a family name, unconsented texts.
SECRET_REF = "conf-sophie-moreau"
UNCONSENTED_TEXT = "Awa Diallo ne veut pas que ceci sorte"
NO_FAMILY_CONSENT_TEXT = "Julien Moreau a tout raconté"
QUOTABLE_TEXT = "On n'est pas seuls, la tante est venue."


def referrals() -> tuple[Referral, ...]:
    return (
        Referral("r1", T, Field.CHILDHOOD, PRO, date(2026, 1, 10), Stage.FOLLOWED_UP, Outcome.PLAN_ADOPTED,
                 evaluation_consent=True, dept="33", hours_coordinator=20, hours_referent=5,
                 participants={Role.FAMILY: 4, Role.NETWORK: 3, Role.COORDINATOR: 1},
                 situation_3m=Resolution.PARTLY,
                 actions=(Action(1, "family", A.DONE), Action(2, "network", A.DONE), Action(3, "family", A.PARTLY),
                          Action(4, "professional", None))),
        Referral("r2", T, Field.CHILDHOOD, PRO, date(2026, 2, 3), Stage.FOLLOWED_UP, Outcome.PLAN_ADOPTED,
                 evaluation_consent=True, dept="33", hours_coordinator=30, hours_referent=8,
                 situation_3m=Resolution.COMPLETELY,
                 actions=(Action(1, "family", A.DONE), Action(2, "institution", A.NOT_DONE))),
        Referral("r3", T, Field.INSERTION, PRO, date(2026, 2, 20), Stage.PLAN_ADOPTED, Outcome.PLAN_ADOPTED,
                 evaluation_consent=True, dept="33", hours_coordinator=25, hours_referent=6),
        Referral("r4", T, Field.CHILDHOOD, PRO, date(2026, 4, 2), Stage.PREPARATION, Outcome.NOT_COMPLETED,
                 ClosureReason.FAMILY_DECLINED, evaluation_consent=True, dept="33", hours_coordinator=4,
                 hours_referent=1),
        Referral("r5", T, Field.AUTONOMY, PRO, date(2026, 4, 15), Stage.ORIENTED, Outcome.NOT_COMPLETED,
                 ClosureReason.NETWORK_NOT_MOBILISED, evaluation_consent=True, dept="33", hours_coordinator=2),
        Referral("r6", T, Field.CHILDHOOD, ReferralSource.SELF, date(2026, 5, 5), Stage.PLAN_ADOPTED,
                 Outcome.FAMILY_SELF_ORGANISED, evaluation_consent=True, dept="33", hours_coordinator=3,
                 hours_referent=1),
        Referral("r7", T, Field.CHILDHOOD, PRO, date(2026, 5, 20), Stage.PREPARATION, evaluation_consent=True,
                 dept="33"),
        Referral("r8", T, Field.INSERTION, PRO, date(2026, 6, 1), Stage.HELD, evaluation_consent=True, dept="33"),
        Referral(SECRET_REF, T, Field.CHILDHOOD, PRO, date(2026, 3, 14), Stage.FOLLOWED_UP, Outcome.PLAN_ADOPTED,
                 evaluation_consent=False, dept="33", hours_coordinator=50, hours_referent=50,
                 situation_3m=Resolution.NOT_RESOLVED, actions=(Action(1, "family", A.NOT_DONE),)),
    )


def _family(ref, conf, score, **kw) -> Answer:
    return Answer(ref, conf, Role.FAMILY, "end_of_conference", 1, score=score, **kw)


def answers() -> tuple[Answer, ...]:
    return (
        _family("a1", "r1", 8, texts={"what_changed": QUOTABLE_TEXT}, quote_consent=QuoteConsent.PUBLICATION,
                items={"felt_heard": 5, "plan_ours": 4, "know_next_step": 5}),
        _family("a2", "r1", 9, transcribed=True),
        _family("a3", "r2", 7, texts={"what_changed": UNCONSENTED_TEXT}, quote_consent=QuoteConsent.NONE),
        _family("a4", "r2", 10),
        _family("a5", "r3", 6),
        _family("a6", "r3", 9, texts={"comment": "Merci à la coordinatrice."}, quote_consent=QuoteConsent.INTERNAL),
        Answer("a7", "r1", Role.PROFESSIONAL, "end_of_conference", 1, score=7),
        Answer("a8", "r2", Role.PROFESSIONAL, "end_of_conference", 1, score=6),
        Answer("a9", "r1", Role.CHILD, "end_of_conference_child", 1, items={"faces": 4}),
        _family("a10", SECRET_REF, 0, texts={"what_changed": NO_FAMILY_CONSENT_TEXT},
                quote_consent=QuoteConsent.PUBLICATION),
    )


THEMES = (Theme("isolement", "Sortie de l'isolement"), Theme("ecoute", "Se sentir écouté"))


def rows() -> EvaluationRows:
    passages = (Passage("isolement", "a1", "what_changed"), Passage("ecoute", "a1", "what_changed", 0, 16),
                Passage("ecoute", "a3", "what_changed"), Passage("isolement", "a10", "what_changed"))
    return EvaluationRows(referrals(), answers(), THEMES, passages, dept="33")
