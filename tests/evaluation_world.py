"""A small evaluation world for the qualitative side's tests (issue 9): two territories,
their pilots, conferences whose family agreed to the evaluation or not, and anonymous open
answers. Written straight into the store (the collecting screens have their own tests).
Every person and word is fictional (../shared/SCENARIOS.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from conference.domain.enums import ConsentKind, Phase, Role
from conference.evaluation.codebook import QUESTIONNAIRES
from conference.security.rules import Actor
from conference.services import accounts
from conference.store import models as r
from conference.store.uow import UnitOfWork

from .factories import make_conference

HOSTILE = "![x](http://example.invalid/x.png)"


@dataclass
class World:
    north: int
    south: int
    pilot_north: Actor
    pilot_south: Actor
    consented: int  # a conference of the north whose family agreed
    refused: int  # a conference of the north whose family said no
    southern: int  # a conference of the south whose family agreed
    texts: dict[str, int] = field(default_factory=dict)  # name → questionnaire_texts.id


def add_territory(uow: UnitOfWork, code: str, name: str) -> int:
    with uow:
        row = r.TerritoryRow(code=code, name=name)
        uow.add(row)
        uow.commit()
        return row.id


def add_pilot(uow: UnitOfWork, name: str, territory_ids: list[int]) -> Actor:
    actor = accounts.create_user(name, Role.PILOT, "Département Imaginaire", uow=uow)
    with uow:
        for ident in territory_ids:
            uow.add(r.UserTerritoryRow(user_id=actor.id, territory_id=ident))
        uow.commit()
    return actor


def place(uow: UnitOfWork, conference_id: int, territory_id: int, field_code: str) -> None:
    with uow:
        row = uow.session.get(r.ConferenceRow, conference_id)
        row.territory_id, row.field = territory_id, field_code
        uow.commit()


def family_choice(uow: UnitOfWork, conference_id: int, given: bool) -> None:
    with uow:
        uow.add(r.ConsentRow(conference_id=conference_id, kind=ConsentKind.EVALUATION.value, given=given,
                             recorded_by="Coordinatrice Fictive"))
        uow.commit()


def definition_id(uow: UnitOfWork) -> int:
    with uow:
        found = uow.session.query(r.QuestionnaireDefinitionRow).filter_by(questionnaire="end_of_conference",
                                                                           version=1).first()
        if found is not None:
            return found.id
        row = r.QuestionnaireDefinitionRow(questionnaire="end_of_conference", version=1,
                                           definition=QUESTIONNAIRES[("end_of_conference", 1)])
        uow.add(row)
        uow.commit()
        return row.id


def answer(uow: UnitOfWork, conference_id: int, text: str, *, role: str = "family", quote: str = "none",
           when: datetime = datetime(2026, 8, 10, 12, 0), question: str = "what_changed") -> int:
    """One anonymous response with one open answer; returns the text's id."""
    definition = definition_id(uow)
    with uow:
        response = r.QuestionnaireResponseRow(conference_id=conference_id, definition_id=definition,
                                              questionnaire="end_of_conference", questionnaire_version=1,
                                              role=role, channel="shared_screen", score=8, items={},
                                              quote_consent=quote, created_at=when)
        uow.add(response)
        uow.flush()
        row = r.QuestionnaireTextRow(response_id=response.id, question=question, text=text)
        uow.add(row)
        uow.commit()
        return row.id


def build(uow: UnitOfWork, coordinator: Actor) -> World:
    north = add_territory(uow, "nord", "Territoire Nord")
    south = add_territory(uow, "sud", "Territoire Sud")
    consented = make_conference(uow, coordinator, Phase.ORIENTATION)
    refused = make_conference(uow, coordinator, Phase.ORIENTATION)
    southern = make_conference(uow, coordinator, Phase.ORIENTATION)
    place(uow, consented, north, "enfance")
    place(uow, refused, north, "autonomie")
    place(uow, southern, south, "insertion")
    family_choice(uow, consented, True)
    family_choice(uow, refused, False)
    family_choice(uow, southern, True)
    world = World(north, south, add_pilot(uow, "Pilote Nord Fictive", [north]),
                  add_pilot(uow, "Pilote Sud Fictif", [south]), consented, refused, southern)
    world.texts["isolation"] = answer(uow, consented, "On n'est plus seuls le soir, Mamie Odile vient dormir.",
                                      quote="publication")
    world.texts["trust"] = answer(uow, consented, "Je fais plus confiance à l'éducatrice qu'avant.",
                                  role="professional", quote="none", when=datetime(2026, 10, 2, 8, 0))
    world.texts["hostile"] = answer(uow, consented, f"Merci {HOSTILE} pour tout", role="network",
                                    quote="internal", when=datetime(2026, 11, 5, 9, 0), question="comment")
    world.texts["refused"] = answer(uow, refused, "Texte de la famille qui a refusé l'évaluation.",
                                    quote="publication")
    world.texts["south"] = answer(uow, southern, "Le foyer de jeunes travailleurs m'a aidé.", role="child",
                                  quote="publication")
    return world
