"""Names are data, never markup: every screen, with hostile names everywhere, makes no
request that leaves this machine (issue #8: a name ``![x](http://evil.test/pixel.png)``
once made the family's phone fetch an outside image).

The demo is loaded, then every name and free text a person types is given a Markdown
image, an HTML image and a link to an outside host; the coordinator opens every screen of
conferences at four phases, and the family opens its screens through a family link.
"""
from __future__ import annotations

import pytest
from sqlalchemy import text

from conference.services import accounts, conferences, family_links
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork

from .conftest import make_demo_database
from .helpers import open_page

HOSTILE = ' ![x](http://evil.test/md.png) <img src="http://evil.test/html.png"> [lien](http://evil.test/a)'
# Every column where a person types a name or a text that a screen shows back.
TYPED = {"conferences": ("title", "situation", "concerns"), "participants": ("name", "note", "expert_question"),
         "users": ("display_name", "institution"), "question_versions": ("text",), "question_parts": ("text",),
         "bottom_lines": ("text",), "plan_actions": ("what", "who_text", "success_sign"),
         "info_items": ("text", "author"), "logistics_tasks": ("description",)}
COORDINATOR_PAGES = ("accueil", "orientation", "preparation", "carte-reseau", "partage", "temps-prive", "validation",
                     "suivi", "lien-famille")
FAMILY_PAGES = ("notre-conference", "notre-carte", "famille")
PHASES = ("Famille Moreau-Diallo (démo)", "M. Jean Perrin (démo)", "Mme Odile Fictive (démo)",
          "Famille Lenoir-Aubert (démo)")


@pytest.fixture
def hostile(server_factory, tmp_path):
    """A server on the demo with hostile text in every typed field; (server, ids, family link)."""
    url = make_demo_database(tmp_path / "hostile.sqlite3")
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            for table, columns in TYPED.items():
                sets = ", ".join(f"{column} = {column} || :hostile" for column in columns)
                connection.execute(text(f"UPDATE {table} SET {sets}"), {"hostile": HOSTILE})
        uow = lambda: UnitOfWork(session_factory(engine))  # noqa: E731
        coordinator = accounts.local_coordinator(uow=uow())
        found = conferences.list_conferences(coordinator, open_only=False, limit=100, offset=0, uow=uow())[0]
        ids = {item.title.replace(HOSTILE, ""): item.id for item in found}
        _, token = family_links.create_family_link(coordinator, ids[PHASES[0]], uow=uow())
    finally:
        engine.dispose()
    return server_factory(url), ids, token


def no_outside_markup(page, where: str) -> None:
    """The hostile text is shown as text: no image or link made of it (iframes included)."""
    for frame in page.frames:
        for selector in ('img[src*="evil.test"]', 'a[href*="evil.test"]', '[style*="evil.test"]'):
            assert frame.locator(selector).count() == 0, f"{where}: {selector} in {frame.url}"


def test_no_screen_fetches_anything_outside_whatever_the_names(page, hostile, record):
    server, ids, token = hostile

    for title in PHASES:
        for path in COORDINATOR_PAGES:
            open_page(page, server.base_url, path, conference_id=ids[title])
            no_outside_markup(page, f"{title} · {path}")
    page.goto(f"{server.base_url}/?famille={token}", wait_until="domcontentloaded")
    for path in FAMILY_PAGES:
        open_page(page, server.base_url, f"{path}?famille={token}")
        no_outside_markup(page, f"family · {path}")

    assert record.outside() == []
    assert record.page_errors == []
