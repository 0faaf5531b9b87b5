"""The fictional demo: invented families whose conferences sit at every phase.

Everything goes through the services (as a coordinator would), so the demo is also a
walk through the journey. ``journey(..., until=Phase.X)`` stops at any phase: tests use it
to get a conference "as it is in phase X" with realistic data (tests/factories.py).
All names are invented (see ../shared/SCENARIOS.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from conference import clock
from conference.domain.enums import (
    ActionFollowUp, Attendance, ChildVoice, ClosureReason, Field, InfoKind, InvitationStatus, LogisticsKind,
    Outcome, Phase, RatificationDecision, ReferralSource, Relation, Role,
)
from conference.domain.rules import JOURNEY
from conference.security.rules import Actor
from conference.services import (accounts, conferences, family_links, followup, handover_screen, meeting, preparation,
                                 private_time, validation)
from conference.store.uow import UnitOfWork


@dataclass
class Person:
    name: str
    relation: Relation
    ring: int | None = None
    invitation: InvitationStatus = InvitationStatus.CONFIRMED
    not_safe: bool = False
    expert_question: str = ""
    is_focal: bool = False


@dataclass
class PlannedAction:
    what: str
    who: str
    days: int
    when: str = ""
    success_sign: str = ""
    support: str = ""
    parts: tuple[int, ...] = ()  # indexes into Scenario.parts
    bottom_lines: tuple[int, ...] = ()


@dataclass
class Scenario:
    title: str
    field: Field
    situation: str
    referent_institution: str
    referent_name: str
    question: str
    prompts: tuple[str, str, str]
    parts: tuple[str, ...]
    concerns: str
    bottom_lines: tuple[str, ...]
    people: tuple[Person, ...]
    logistics: tuple[tuple[LogisticsKind, str, str], ...] = ()
    info: tuple[tuple[InfoKind, str, str, str], ...] = ()
    actions: tuple[PlannedAction, ...] = ()
    if_not_working: str = ""
    follow_arrangement: str = ""
    child_voice: ChildVoice = ChildVoice.NOT_APPLICABLE
    child_voice_note: str = ""
    first_question: str = ""
    reviews: dict[int, tuple[ActionFollowUp, str]] = field(default_factory=dict)


MOREAU_DIALLO = Scenario(
    title="Famille Moreau-Diallo (démo)",
    field=Field.CHILDHOOD,
    situation="Lina, 8 ans, vit avec sa mère Awa Diallo, qui va être hospitalisée longtemps. "
              "Le référent ASE s'inquiète : Lina est souvent seule le soir.",
    referent_institution="Aide sociale à l'enfance (démo)",
    referent_name="M. Référent Fictif",
    first_question="Qui s'occupe de Lina quand maman est à l'hôpital ?",
    question="Comment on s'organise pour que Lina soit bien entourée pendant l'hospitalisation de maman, "
             "le soir et le week-end ?",
    prompts=("Maman va à l'hôpital pour longtemps.", "Pour Lina.", "Lina n'est jamais seule le soir."),
    parts=("Le soir", "Le week-end"),
    concerns="Lina est restée seule plusieurs soirs. L'école a remarqué qu'elle est fatiguée.",
    bottom_lines=("Lina n'est jamais seule la nuit.",
                  "Un adulte connu de l'école vient la chercher chaque jour."),
    people=(
        Person("Lina", Relation.FAMILY, None, is_focal=True),
        Person("Awa Diallo", Relation.FAMILY, 1),
        Person("Mamie Mariam", Relation.FAMILY, 1),
        Person("Oncle Karim", Relation.FAMILY, 1),
        Person("Tante Sophie Moreau", Relation.FAMILY, 2),
        Person("Marraine Inès", Relation.FRIEND, 1),
        Person("M. Lefort (voisin)", Relation.NEIGHBOUR, 2),
        Person("Coach de foot de Lina", Relation.FRIEND, 3, InvitationStatus.DECLINED),
        Person("Paire aidante de l'association des parents", Relation.PEER_SUPPORTER, 3),
        Person("Infirmière scolaire", Relation.EXPERT, 3, expert_question=
               "Qu'est-ce qui aide un enfant de 8 ans quand sa maman est à l'hôpital ?"),
        Person("Julien Moreau", Relation.FAMILY, 3, InvitationStatus.NOT_TO_INVITE, not_safe=True),
    ),
    logistics=(
        (LogisticsKind.VENUE, "Réserver la salle du centre social", "Oncle Karim"),
        (LogisticsKind.MEAL, "Apporter le repas", "Mamie Mariam"),
        (LogisticsKind.TRAVEL, "Conduire Mamie Mariam", "Tante Sophie Moreau"),
        (LogisticsKind.INTERPRETER, "Interprète arabe-français pour la sœur de Mariam", ""),
    ),
    info=(
        (InfoKind.CONCERN, "Lina est restée seule plusieurs soirs ; l'école la trouve fatiguée.", "", "Référent ASE"),
        (InfoKind.EXPERT_ANSWER, "Garder les mêmes horaires, parler de maman, l'appeler souvent.", "",
         "Infirmière scolaire"),
        (InfoKind.FAMILY_QUESTION, "Est-ce que Lina peut dormir chez Sophie le week-end ?",
         "Oui, si l'adresse est connue de l'école et du référent.", "Tante Sophie Moreau"),
        (InfoKind.RESOURCE, "Le centre social propose une aide aux devoirs le mercredi.", "", "Coordinatrice"),
    ),
    actions=(
        PlannedAction("Mamie Mariam dort à l'appartement du lundi au jeudi", "Mamie Mariam", 7,
                      "Dès le premier jour de l'hospitalisation", "Lina dit à sa maîtresse qu'elle a bien dormi",
                      "Un double des clés", parts=(0,), bottom_lines=(0,)),
        PlannedAction("Sophie prend Lina du vendredi soir au dimanche", "Tante Sophie Moreau", 11,
                      "Chaque week-end", "Lina est contente de partir le vendredi", parts=(1,), bottom_lines=(0,)),
        PlannedAction("Karim va chercher Lina à l'école le mardi et le jeudi", "Oncle Karim", 7,
                      "Après l'école", "L'école ne signale plus d'absence d'adulte", "Présenter Karim à l'école",
                      parts=(0,), bottom_lines=(1,)),
        PlannedAction("Mamie Mariam va chercher Lina le lundi, le mercredi et le vendredi", "Mamie Mariam", 7,
                      "Après l'école", "L'école connaît Mariam", bottom_lines=(1,)),
        PlannedAction("Inès appelle Lina tous les soirs", "Marraine Inès", 7, "À 19 h",
                      "Lina attend l'appel", parts=(0,)),
    ),
    if_not_working="Si Mariam est malade, M. Lefort appelle Sophie, qui vient.",
    follow_arrangement="On se revoit dans trois mois avec la coordinatrice. Karim appelle tout le monde avant.",
    child_voice=ChildVoice.LETTER_OR_DRAWING,
    child_voice_note="Lina a fait un dessin de « qui est là le soir » ; Inès le présentera.",
    reviews={0: (ActionFollowUp.DONE, ""), 1: (ActionFollowUp.DONE, ""),
             2: (ActionFollowUp.PARTLY, "Le nouveau travail de Karim : le jeudi, c'est Mariam qui y va."),
             3: (ActionFollowUp.DONE, ""), 4: (ActionFollowUp.DONE, "")},
)

PERRIN = Scenario(
    title="M. Jean Perrin (démo)",
    field=Field.AUTONOMY,
    situation="M. Perrin, 84 ans, vit seul. Deux chutes cette année. Sa fille Claire est épuisée.",
    referent_institution="Service autonomie du département (démo)",
    referent_name="Mme Assistante Fictive",
    question="Qu'est-ce qu'il faut pour que papa puisse rester chez lui encore longtemps, "
             "sans que ce soit toujours Claire qui fasse tout ?",
    prompts=("Papa est tombé deux fois.", "Pour papa et pour Claire.", "Claire peut souffler."),
    parts=("Rester chez lui", "Soulager Claire"),
    concerns="Deux chutes. Claire, sa fille, est épuisée.",
    bottom_lines=("Une chute est remarquée en quelques heures.",),
    people=(
        Person("Jean Perrin", Relation.FAMILY, None, is_focal=True),
        Person("Claire", Relation.FAMILY, 1), Person("Nadia", Relation.FAMILY, 1),
        Person("Théo (petit-fils)", Relation.FAMILY, 2), Person("Mme Voisine du 2e", Relation.NEIGHBOUR, 2),
        Person("Pharmacien du quartier", Relation.PROFESSIONAL, 3),
        Person("Groupe de visite de la paroisse", Relation.FRIEND, 3),
        Person("Service d'aide à domicile", Relation.PROFESSIONAL, 2),
        Person("Ergothérapeute", Relation.EXPERT, 3, expert_question="Quels aménagements pour la salle de bain ?"),
    ),
    logistics=((LogisticsKind.VENUE, "La réunion se fait chez M. Perrin", "Claire"),
               (LogisticsKind.TRAVEL, "Aller chercher Théo à la gare", "Nadia")),
    actions=(
        PlannedAction("Un appel chaque soir, à tour de rôle", "Nadia", 5, "Planning affiché sur le frigo",
                      "Personne ne rate son soir", parts=(0, 1), bottom_lines=(0,)),
        PlannedAction("Théo fait les courses le samedi", "Théo (petit-fils)", 6, parts=(1,)),
        PlannedAction("Nadia s'occupe du dossier d'allocation autonomie", "Nadia", 30, parts=(0,)),
    ),
)

MARCHAND = Scenario(
    title="Kevin Marchand (démo)",
    field=Field.INSERTION,
    situation="Kevin, 17 ans et demi, quitte l'aide sociale à l'enfance à 18 ans.",
    referent_institution="Aide sociale à l'enfance (démo)",
    referent_name="Éducateur Fictif",
    question="Où je vais vivre après mes 18 ans, et qui m'aide pour mes papiers et mon apprentissage ?",
    prompts=("", "Pour moi, Kevin.", "J'ai un endroit où vivre."),
    parts=("Le logement", "Les papiers et l'apprentissage"),
    concerns="",
    bottom_lines=(),
    people=(
        Person("Kevin", Relation.FAMILY, None, is_focal=True),
        Person("Sœur aînée de Kevin", Relation.FAMILY, 1), Person("Ancienne famille d'accueil", Relation.TRUSTED_PERSON, 1),
        Person("Maître d'apprentissage", Relation.COLLEAGUE, 2),
        Person("Mission locale", Relation.EXPERT, 3, expert_question="Quelles aides pour un apprenti de 18 ans ?"),
    ),
)

BENALI = Scenario(
    title="Famille Lenoir-Aubert (démo)",
    field=Field.HOUSING,
    situation="Impayés de loyer après une perte d'emploi ; la famille souhaite une conférence.",
    referent_institution="CCAS de Villefictive",
    referent_name="Mme Conseillère Fictive",
    question="Comment garder notre logement cette année ?",
    prompts=("Les loyers en retard.", "Pour toute la famille.", "On ne craint plus l'expulsion."),
    parts=("Le loyer", "Le budget"),
    concerns="Trois mois d'impayés.",
    bottom_lines=("Le bailleur reçoit un plan d'apurement.",),
    people=(Person("Mme Lenoir", Relation.FAMILY, None, is_focal=True), Person("M. Aubert", Relation.FAMILY, 1)),
)


def _coordinator_institution() -> str:
    return "Association Cercle de démonstration"


def journey(actor: Actor, scenario: Scenario, *, until: Phase, uow: UnitOfWork, today: date | None = None,
            close_with: tuple[Outcome, ClosureReason | None, str] | None = None) -> int:
    """Create ``scenario`` and walk it through the phases up to ``until``. Returns its id."""
    today = today or clock.today()
    stop = JOURNEY.index(until)
    cid = conferences.create_conference(actor, scenario.title, uow=uow)
    conf = conferences.get_conference(actor, cid, uow=uow)
    conferences.update_orientation(
        actor, cid, conf.version, uow=uow, field=scenario.field.value, situation=scenario.situation,
        referral_source=ReferralSource.PROFESSIONAL.value, referent_institution=scenario.referent_institution,
        referent_name=scenario.referent_name, coordinator_institution=_coordinator_institution(),
        family_agreement=stop > 0, information_duty_met=stop > 0)
    if stop == 0 and close_with is None:
        return cid
    if close_with is not None and close_with[0] is not Outcome.PLAN_ADOPTED:
        conferences.change_phase(actor, cid, Phase.PREPARATION, uow=uow)
        _prepare(actor, cid, scenario, today, uow)
        conferences.close_conference(actor, cid, close_with[0], reason=close_with[1], reason_text=close_with[2], uow=uow)
        return cid
    conferences.change_phase(actor, cid, Phase.PREPARATION, uow=uow)
    # A conference still in preparation has its meeting ahead; one past it met today.
    ids = _prepare(actor, cid, scenario, today, uow, meeting_in_days=14 if stop <= 1 else 0)
    if stop <= 1:
        return cid
    conferences.change_phase(actor, cid, Phase.INFORMATION_SHARING, uow=uow)
    conf = conferences.get_conference(actor, cid, uow=uow)
    for p in conf.participants:
        if p.invitation is InvitationStatus.CONFIRMED:
            meeting.set_attendance(actor, cid, p.id, Attendance.PRESENT, p.version, uow=uow)
    for kind, text, answer, author in scenario.info:
        meeting.add_info_item(actor, cid, kind, text, answer=answer, author=author, uow=uow)
    if stop <= 2:
        return cid
    conferences.change_phase(actor, cid, Phase.PRIVATE_TIME, uow=uow)
    # The family writes its plan on its own phone, through a family link: a screen handed
    # over would stay locked in family mode until the coordinator's PIN takes it back.
    link_id, token = family_links.create_family_link(actor, cid, uow=uow)
    family = family_links.open_family_link(token, uow=uow)
    version = private_time.get_plan_draft(family, cid, uow=uow).version
    for a in scenario.actions:
        version = private_time.add_plan_action(
            family, cid, version, uow=uow, what=a.what, who_id=ids["people"].get(a.who), due=today + timedelta(days=a.days),
            when_text=a.when, success_sign=a.success_sign, support_needed=a.support,
            parts=[ids["parts"][i] for i in a.parts], bottom_lines=[ids["lines"][i] for i in a.bottom_lines])
    if scenario.if_not_working or scenario.follow_arrangement:
        private_time.save_plan_texts(family, cid, version, if_not_working=scenario.if_not_working,
                                     follow_arrangement=scenario.follow_arrangement, uow=uow)
    if stop <= 3:
        return cid
    conferences.change_phase(family, cid, Phase.VALIDATION, uow=uow)
    family_links.revoke_family_link(actor, cid, link_id, uow=uow)  # the fictional family's phone is gone
    if stop <= 4:
        return cid
    validation.check_plan_form(actor, cid, uow=uow)
    validation.record_ratification(actor, cid, RatificationDecision.RATIFIED, decided_by=scenario.referent_name, uow=uow)
    validation.adopt_plan(actor, cid, uow=uow)
    conf = conferences.get_conference(actor, cid, uow=uow)
    followup.choose_follow_up(actor, cid, True, conf.version, uow=uow)
    for index, (status, why) in scenario.reviews.items():
        followup.record_action_review(actor, cid, f"A{index + 1}", status, why, uow=uow)
    if stop <= 5:
        return cid
    conferences.close_conference(actor, cid, Outcome.PLAN_ADOPTED, uow=uow)
    return cid


def _prepare(actor: Actor, cid: int, s: Scenario, today: date, uow: UnitOfWork, *, meeting_in_days: int = 14) -> dict:
    number = 0
    if s.first_question:
        number = preparation.save_central_question(actor, cid, s.first_question, expected_number=0, uow=uow)
    problem, for_whom, different = s.prompts
    preparation.save_central_question(actor, cid, s.question, expected_number=number, problem=problem,
                                      for_whom=for_whom, what_different=different, uow=uow)
    parts = [preparation.add_question_part(actor, cid, text, uow=uow) for text in s.parts]
    conf = conferences.get_conference(actor, cid, uow=uow)
    version = conf.version
    if s.concerns:
        version = preparation.save_concerns(actor, cid, s.concerns, version, uow=uow)
    lines = [preparation.add_bottom_line(actor, cid, text, uow=uow) for text in s.bottom_lines]
    people = {}
    for p in s.people:
        people[p.name] = preparation.add_participant(
            actor, cid, uow=uow, name=p.name, relation=p.relation.value, ring=p.ring, invitation=p.invitation.value,
            not_safe=p.not_safe, expert_question=p.expert_question, is_focal=p.is_focal)
    for kind, description, owner in s.logistics:
        preparation.add_logistics_task(actor, cid, kind, description, people.get(owner), uow=uow)
    preparation.save_meeting_arrangements(actor, cid, version, meeting_date=today + timedelta(days=meeting_in_days),
                                          meeting_place="Centre social des Tilleuls (fictif)",
                                          child_voice=s.child_voice, child_voice_note=s.child_voice_note, uow=uow)
    return {"parts": parts, "lines": lines, "people": people}


DEMO_COORDINATOR = ("Camille Démo", "Association Cercle de démonstration")
# The demo coordinator's hand-back PIN (takes a screen handed to the family back): printed
# by ``cercle demo`` and on the first-run screen. Fictional, like everything here.
DEMO_PIN = "246813"


def load_demo(*, uow: UnitOfWork, today: date | None = None) -> Actor:
    """Create the demo coordinator and conferences at every phase. Returns the coordinator."""
    today = today or clock.today()
    coordinator = accounts.create_user(DEMO_COORDINATOR[0], Role.COORDINATOR, DEMO_COORDINATOR[1],
                                       login="camille.demo", screen_pin_hash=handover_screen.hash_pin(DEMO_PIN), uow=uow)
    accounts.create_user("Référent Démo", Role.REFERENT, "Aide sociale à l'enfance (démo)", login="referent.demo", uow=uow)
    journey(coordinator, MOREAU_DIALLO, until=Phase.FOLLOW_UP, uow=uow, today=today - timedelta(days=30))
    journey(coordinator, PERRIN, until=Phase.PRIVATE_TIME, uow=uow, today=today)
    journey(coordinator, MARCHAND, until=Phase.CLOSED, uow=uow, today=today,
            close_with=(Outcome.FAMILY_SELF_ORGANISED, None, ""))
    journey(coordinator, BENALI, until=Phase.PREPARATION, uow=uow, today=today)
    journey(coordinator, _variant(PERRIN, "Mme Odile Fictive (démo)"), until=Phase.VALIDATION, uow=uow, today=today)
    journey(coordinator, _variant(MOREAU_DIALLO, "Famille Exemple-Imaginaire (démo)"), until=Phase.INFORMATION_SHARING,
            uow=uow, today=today)
    journey(coordinator, _variant(BENALI, "Famille Nouvelle-Fiction (démo)"), until=Phase.ORIENTATION, uow=uow, today=today)
    return coordinator


def _variant(s: Scenario, title: str) -> Scenario:
    from dataclasses import replace

    return replace(s, title=title)
