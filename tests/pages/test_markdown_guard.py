"""Guard (#8): user text never reaches Markdown unescaped, on any page.

A name ``![x](http://evil.test/pixel.png)`` once made the family's phone fetch an outside
image. Every page is rendered (AppTest) for a conference, its people and its coordinator
all named with hostile Markdown; every string the page sends into a place where Streamlit
renders Markdown (bodies of markdown, titles, captions and alerts; labels and help texts
of widgets, tabs and expanders; radio options) must hold the hostile text only escaped
(``pages/ui.py`` ``escape``). Plain-text places (a text input's value, a select box's
options, a table cell) are not checked: they show text as typed.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import update

from streamlit import config
from streamlit.testing.v1 import AppTest

from conference.domain.enums import Phase, Role
from conference.services import accounts, auth, family_links, handover_screen, referents
from conference.store import models as r

from ..factories import make_conference
from pages.ui import escape

from .conftest import APP

PAGES = Path(__file__).resolve().parents[2] / "pages"
# Helpers and the preparation page's tabs (rendered inside pages/preparation.py), not pages.
NOT_PAGES = {"__init__.py", "ui.py", "forms.py", "network_component.py", "network_editing.py",
             "preparation_meeting.py", "preparation_people.py", "preparation_question.py",
             "nav_evaluation.py", "nav_partners.py", "partner_tables.py", "partner_ui.py", "pilot_common.py",
             "questionnaire_widgets.py"}
PLAIN = {"Text", "Code", "TextInput", "TextArea"}  # shown as typed: not Markdown
HOSTILE = ("![x](http://evil.test/p.png)", "<img src=http://evil.test/q.png>", "[a](javascript:alert(1))")
# What an unescaped payload looks like once inside a Markdown string.
UNESCAPED = re.compile(r"(?<!\\)!\[x(?<!\\)\]|<img src=http|(?<!\\)\[a(?<!\\)\]\(javascript")
MARKDOWN_FIELDS = {"body", "label", "help"}
PASSWORD = "mot-de-passe-fictif-long"
PIN = "482913"


def markdown_strings(at) -> list[str]:
    """(element type, field, text) for every string sent into a Markdown-rendering place."""
    found: list[str] = []

    def strings(message, kind: str):
        for field, value in message.ListFields():
            for item in (value if field.is_repeated else [value]):
                if isinstance(item, str) and kind not in PLAIN:
                    if field.name in MARKDOWN_FIELDS or (kind == "Radio" and field.name == "options"):
                        found.append(f"{kind}.{field.name}: {item}")
                elif hasattr(item, "ListFields"):
                    strings(item, type(item).__name__)

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            strings(proto, type(proto).__name__)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def page_files() -> list[str]:
    return sorted(f"pages/{p.name}" for p in PAGES.glob("*.py") if p.name not in NOT_PAGES)


@pytest.fixture
def hostile_conferences(uow, engine):
    """A coordinator (with a hand-back PIN), two conferences (preparation, follow-up) and
    every person in them named with one of the hostile payloads; a family link to each; a
    referent of both, an administrator and a pilot, hostile names too."""
    coordinator = accounts.create_user("Coord " + HOSTILE[0], Role.COORDINATOR, "Asso " + HOSTILE[1], uow=uow)
    ids = [make_conference(uow, coordinator, phase) for phase in (Phase.PREPARATION, Phase.FOLLOW_UP)]
    with engine.begin() as connection:
        connection.execute(update(r.ConferenceRow).values(title="Famille " + HOSTILE[2]))
        for i, payload in enumerate(HOSTILE):
            connection.execute(update(r.ParticipantRow).where(r.ParticipantRow.id % 3 == i)
                               .values(name=f"Tata {payload}"))
    users = {role: auth.create_account(auth.SYSTEM, f"{role.value}.hostile", f"{role.value} {HOSTILE[i % 3]}", role,
                                       PASSWORD, uow=uow)
             for i, role in enumerate((Role.ADMIN, Role.REFERENT, Role.PILOT))}
    for cid in ids:
        referents.assign_referent(coordinator, cid, f"{Role.REFERENT.value}.hostile", uow=uow)
    users["links"] = {cid: family_links.create_family_link(coordinator, cid, uow=uow)[1] for cid in ids}
    handover_screen.set_pin(coordinator, PIN, uow=uow)
    users["coordinator"], users["uow"] = coordinator, uow
    return ids, users


def hand_the_screen_over(users: dict, cid: int) -> None:
    """The local coordinator's screen handed to the family of ``cid`` (another one taken back)."""
    coordinator, uow = users["coordinator"], users["uow"]
    handed = handover_screen.family_actor_of(coordinator.id, uow=uow)
    if handed is not None and handed.conference_id == cid:
        return
    if handed is not None:
        handover_screen.take_back(coordinator.id, PIN, handed.handover_id, uow=uow)
    handover_screen.hand_over(coordinator, cid, uow=uow)


def open_app(mode: str, users: dict, cid: int) -> AppTest:
    """The app as ``mode`` sees it: the local coordinator, the family of ``cid``, or an
    account signed in on a server (admin, referent, pilot)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "fr"
    at.session_state["conference_id"] = cid
    if mode == "family":  # through the family link, as a family opens it
        at.query_params["famille"] = users["links"][cid]
    elif mode == "handed":  # the coordinator's screen handed over during the meeting
        hand_the_screen_over(users, cid)
    elif mode not in ("coordinator", "handed"):
        config.set_option("server.address", "0.0.0.0")
        at.session_state["signed_in_id"] = users[Role(mode)]
    return at.run()


def registered(at: AppTest) -> list[str]:
    found = {str(info.get("script_path") or "") for info in at._registered_pages.values()}
    return sorted(f"pages/{Path(p).name}" for p in found if p.endswith(".py") and Path(p).name not in NOT_PAGES)


MODES = ("coordinator", "family", "handed", "admin", "referent", "pilot")
VISITED: set[str] = set()


@pytest.mark.parametrize("mode", MODES)
def test_no_page_sends_hostile_user_text_to_markdown_unescaped(app_env, hostile_conferences, mode):
    ids, users = hostile_conferences
    leaks, shown = [], 0
    for cid in ids:
        first = open_app(mode, users, cid)
        leaks += [f"{mode} first screen: {text}" for text in markdown_strings(first) if UNESCAPED.search(text)]
        for page in registered(first):
            at = open_app(mode, users, cid)
            at.switch_page(page).run()
            VISITED.add(page)
            strings = markdown_strings(at)
            leaks += [f"{page}: {text}" for text in strings if UNESCAPED.search(text)]
            shown += sum(escape(h) in text for text in strings for h in HOSTILE)

    assert shown, f"{mode}: no hostile name reached the screens, the guard checked nothing"
    assert not leaks, ("User text reaches Markdown unescaped (wrap it in ui.escape):\n"
                       + "\n".join(sorted(set(leaks))))


def test_the_guard_visited_every_page():
    """Runs after the modes above (same module): a page no mode reaches is not guarded."""
    if not VISITED:
        pytest.skip("run with the modes above")
    missing = sorted(set(page_files()) - VISITED)
    if missing:
        pytest.skip(f"not reached by any mode of the guard (register them or add a mode): {missing}")
