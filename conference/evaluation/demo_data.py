"""A seeded generator of fictional evaluation data: several hundred situations over two
years in two territories, with plausible funnels, reasons, answers and open answers in
French. Everything is invented; the same seed gives the same rows."""
from __future__ import annotations

import random
from datetime import date

from conference.domain.enums import (ActionFollowUp, ClosureReason, Field, Outcome, RatificationDecision,
                                     ReferralSource, Resolution)

from .types import (Action, Answer, EvaluationRows, ParticipantRole, Passage, QuoteConsent, Referral, Stage,
                    Theme)

TERRITORIES = ("Territoire Nord (fictif)", "Territoire Sud (fictif)")
THEMES = (Theme("isolement", "Sortie de l'isolement"), Theme("confiance", "Confiance envers les professionnels"),
          Theme("solutions", "Solutions inattendues"), Theme("ecoute", "Se sentir écouté"),
          Theme("appropriation", "Un plan qui est le nôtre"), Theme("essoufflement", "Essoufflement"))
OPEN_TEXTS = {
    "isolement": ("On n'est pas seuls, la tante Mireille (personnage inventé) va passer le mercredi.",
                  "J'ai revu des cousins que je n'avais pas vus depuis dix ans."),
    "confiance": ("La référente nous a parlé autrement, d'égal à égal.",
                  "J'ai moins peur des professionnels qu'avant."),
    "solutions": ("Le voisin a proposé d'emmener les enfants à l'école, personne n'y avait pensé.",
                  "On a trouvé une solution pour les vacances entre nous."),
    "ecoute": ("Pour une fois, on m'a laissé parler jusqu'au bout.", "Ma parole a compté."),
    "appropriation": ("Le plan, c'est nous qui l'avons écrit.", "On sait qui fait quoi, et quand."),
    "essoufflement": ("Au bout d'un mois, plus personne n'appelait.", "Il manque une place en crèche, le plan bloque."),
}
FIELDS = (Field.CHILDHOOD,) * 6 + (Field.INSERTION, Field.AUTONOMY, Field.DISABILITY, Field.OTHER)
REASONS = (ClosureReason.FAMILY_DECLINED,) * 4 + (ClosureReason.NETWORK_NOT_MOBILISED,) * 2 + (
    ClosureReason.NEUTRALITY_IMPOSSIBLE, ClosureReason.JUDICIAL_DECISION, ClosureReason.COORDINATOR_LEFT,
    ClosureReason.OTHER)
ADULT_ROLES = (ParticipantRole.FAMILY,) * 4 + (ParticipantRole.NETWORK,) * 3 + (
    ParticipantRole.PROFESSIONAL,) * 2 + (ParticipantRole.EXPERT, ParticipantRole.COORDINATOR)


def _referral(rnd: random.Random, n: int, start: date, dept: str) -> Referral:
    day = date(start.year + (start.month - 1 + n % 24) // 12, (start.month - 1 + n % 24) % 12 + 1, rnd.randint(1, 28))
    roll = rnd.random()
    if roll < 0.12:
        stage, outcome = rnd.choice((Stage.ORIENTED, Stage.PREPARATION, Stage.PLAN_ADOPTED)), None
    elif roll < 0.45:
        stage, outcome = rnd.choice((Stage.ORIENTED, Stage.PREPARATION, Stage.PREPARATION)), Outcome.NOT_COMPLETED
    elif roll < 0.52:
        stage, outcome = rnd.choice((Stage.PLAN_ADOPTED, Stage.FOLLOWED_UP)), Outcome.FAMILY_SELF_ORGANISED
    else:
        stage, outcome = rnd.choice((Stage.PLAN_ADOPTED, Stage.FOLLOWED_UP, Stage.FOLLOWED_UP)), Outcome.PLAN_ADOPTED
    met = stage in (Stage.PLAN_ADOPTED, Stage.FOLLOWED_UP) and outcome is not Outcome.FAMILY_SELF_ORGANISED
    followed = stage is Stage.FOLLOWED_UP
    actions = tuple(Action(k + 1, rnd.choice(("family", "family", "network", "professional", "institution")),
                           rnd.choice((ActionFollowUp.DONE,) * 5 + (ActionFollowUp.PARTLY, ActionFollowUp.PARTLY,
                                                                     ActionFollowUp.NOT_DONE, ActionFollowUp.CHANGED))
                           if followed else None)
                    for k in range(rnd.randint(3, 9) if stage in (Stage.PLAN_ADOPTED, Stage.FOLLOWED_UP) else 0))
    return Referral(
        ref=f"demo-{n}", territory=TERRITORIES[n % 2], field=rnd.choice(FIELDS),
        referred_by=rnd.choice((ReferralSource.PROFESSIONAL,) * 5 + (ReferralSource.SELF, ReferralSource.OTHER)),
        referred_on=day, stage=stage, outcome=outcome,
        reason=rnd.choice(REASONS) if outcome is Outcome.NOT_COMPLETED else None,
        evaluation_consent=rnd.random() < 0.85, dept=dept,
        hours_coordinator=round(rnd.uniform(12, 40) if met else rnd.uniform(1, 10), 1),
        hours_referent=round(rnd.uniform(3, 12) if met else rnd.uniform(0.5, 4), 1),
        participants={ParticipantRole.FAMILY: rnd.randint(2, 6), ParticipantRole.NETWORK: rnd.randint(1, 6),
                      ParticipantRole.CHILD: rnd.randint(0, 2), ParticipantRole.PROFESSIONAL: rnd.randint(1, 3),
                      ParticipantRole.EXPERT: rnd.randint(0, 1), ParticipantRole.COORDINATOR: 1} if met else {},
        ratification=(rnd.choice((RatificationDecision.RATIFIED,) * 8 + (RatificationDecision.RESERVATIONS,))
                      if met else None),
        situation_3m=rnd.choice((Resolution.COMPLETELY, Resolution.PARTLY, Resolution.PARTLY,
                                 Resolution.NOT_RESOLVED)) if followed else None,
        actions=actions)


def _answers(rnd: random.Random, referral: Referral, counter: list[int],
             answers_range: tuple[int, int]) -> list[tuple[Answer, list[Passage]]]:
    out = []
    for _ in range(rnd.randint(*answers_range)):
        counter[0] += 1
        ref = f"demo-answer-{counter[0]}"
        child = rnd.random() < 0.08
        theme = rnd.choice(THEMES)
        text = rnd.choice(OPEN_TEXTS[theme.id]) if rnd.random() < 0.6 else ""
        consent = rnd.choice((QuoteConsent.NONE, QuoteConsent.INTERNAL, QuoteConsent.PUBLICATION,
                              QuoteConsent.PUBLICATION))
        if child:
            answer = Answer(ref, referral.ref, ParticipantRole.CHILD, "end_of_conference_child", 1,
                            items={"faces": rnd.choice((3, 4, 4, 5, 5)), "felt_heard": rnd.randint(3, 5)},
                            texts={"what_changed": text} if text else {}, quote_consent=consent,
                            transcribed=rnd.random() < 0.5)
        else:
            role = rnd.choice(ADULT_ROLES)
            base = 7 if role in (ParticipantRole.PROFESSIONAL, ParticipantRole.EXPERT) else 8
            answer = Answer(ref, referral.ref, role, "end_of_conference", 1,
                            score=max(0, min(10, round(rnd.gauss(base, 1.5)))),
                            items={"felt_heard": rnd.randint(2, 5), "plan_ours": rnd.randint(2, 5),
                                   "know_next_step": rnd.randint(3, 5)},
                            texts={"what_changed": text} if text else {}, quote_consent=consent,
                            transcribed=rnd.random() < 0.3)
        passages = [Passage(theme.id, ref, "what_changed")] if text else []
        out.append((answer, passages))
    return out


def demo_rows(*, seed: int = 2026, situations: int = 360, start: date = date(2025, 1, 1),
              dept: str = "99", answers_range: tuple[int, int] = (3, 9)) -> EvaluationRows:
    """Fictional rows for the demo and the benchmarks (``dept`` 99 is no real département):
    ``situations`` over two years from ``start``, ``answers_range`` answers per conference held."""
    rnd = random.Random(seed)
    referrals = [_referral(rnd, n, start, dept) for n in range(situations)]
    answers, passages, counter = [], [], [0]
    for referral in referrals:
        if referral.stage in (Stage.PLAN_ADOPTED, Stage.FOLLOWED_UP) and referral.outcome is Outcome.PLAN_ADOPTED:
            for answer, tagged in _answers(rnd, referral, counter, answers_range):
                answers.append(answer)
                passages.extend(tagged)
    return EvaluationRows(tuple(referrals), tuple(answers), THEMES, tuple(passages), dept)
