"""A family member answers the questionnaire on a phone (390 × 844) through the family
link, in a real browser: the demo's Moreau-Diallo conference is in follow-up; its
coordinator made a link; the phone opens « Votre avis », answers, sends, and the answer
is in the database with the channel ``family_link``. Fails on any exception box."""
from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from conference.demo import MOREAU_DIALLO
from conference.services import accounts, family_links
from conference.store import models as r
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork

from .conftest import make_demo_database
from .helpers import main, screenshot, wait_idle
from .test_long_journey import open_family_link

WHAT_CHANGED = "On n'est plus seuls : Mamie Odile passe le mercredi."


def test_a_family_member_answers_on_a_phone_through_the_family_link(browser, server_factory, tmp_path, shots_dir):
    url = make_demo_database(tmp_path / "demo.sqlite3")  # a copy of its own: this test writes an answer
    engine = make_engine(url)
    uow = UnitOfWork(session_factory(engine))
    coordinator = accounts.local_coordinator(uow=uow)
    with uow:
        cid = uow.session.scalar(select(r.ConferenceRow.id).where(r.ConferenceRow.title == MOREAU_DIALLO.title))
    _, token = family_links.create_family_link(coordinator, cid, uow=uow)
    server = server_factory(url)

    phone = open_family_link(browser, f"{server.base_url}/questionnaire?famille={token}")
    content = main(phone)
    expect(content.get_by_role("heading", name="Votre avis")).to_be_visible()
    content.get_by_role("button", name="Membre de la famille", exact=True).click()
    wait_idle(phone)
    # Every widget's box carries its key as a class (st-key-…), round 0 of the family's screen;
    # the segmented buttons of a scale are radios for assistive technology.
    phone.locator(".st-key-questionnaire_0_score").get_by_role("radio", name="9", exact=True).click()
    phone.locator(".st-key-questionnaire_0_felt_heard").get_by_role("radio", name="Tout à fait").click()
    phone.locator(".st-key-questionnaire_0_what_changed").get_by_role("textbox").fill(WHAT_CHANGED)
    content.get_by_role("radiogroup").last.get_by_text("Non, ne me citez pas", exact=True).click()
    fits = phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, shots_dir / "questionnaire-phone.png")
    content.get_by_role("button", name="Envoyer mes réponses").click()
    wait_idle(phone)

    expect(content.get_by_text("Merci ! Vos réponses sont enregistrées, sans votre nom.")).to_be_visible()
    assert fits, "the questionnaire is wider than a 390 px phone"
    with uow:
        rows = uow.session.execute(select(r.QuestionnaireResponseRow.conference_id, r.QuestionnaireResponseRow.role,
                                          r.QuestionnaireResponseRow.channel, r.QuestionnaireResponseRow.score,
                                          r.QuestionnaireResponseRow.items)).all()
        texts = list(uow.session.scalars(select(r.QuestionnaireTextRow.text)))
    assert rows == [(cid, "family", "family_link", 9, {"felt_heard": 5})]
    assert texts == [WHAT_CHANGED]
    content.get_by_role("button", name="Personne suivante").click()
    wait_idle(phone)
    assert WHAT_CHANGED not in content.inner_text()  # the next person sees nothing of it
    phone.context.close()
    engine.dispose()
