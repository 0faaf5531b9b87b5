"""Rerun cost of the coordinator's pages with 2,000 conferences in the database, against the
same page on a database holding only the conference shown and its coordinator.

Issue: "the added cost stays under 50 ms". Both cases of a page sit in one benchmark group,
so they are measured in the same run; the summary at the end prints the added cost of each
page. Timing is never asserted (see conftest.py): only that the page rendered.

    .venv/bin/pytest tests/benchmarks/test_rerun_cost.py --benchmark-enable --benchmark-min-rounds=30 -q

A rerun takes tens of milliseconds, so a busy machine (other test runs, a browser) moves
the means by more than the budget: compare the medians and minimums the summary prints
too, and rerun on a quiet machine before concluding that a page is over budget.

What is measured: ``AppTest.run()`` on an AppTest that already ran the page once (engine
created, database migrated, caches warm), i.e. what a coordinator waits for after each
click: the frame (streamlit_app.py) plus the page, their queries and their rendering.
Every page a coordinator works in is measured, so the heaviest one shows itself.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from conference.domain.enums import Phase
from conference.security.rules import Actor
from conference.services import accounts, handover_screen, private_time
from conference.store.bulk import insert_fictional_conferences
from conference.store.db import make_engine, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork

from ..factories import TEST_PIN, TODAY, make_conference, make_coordinator
from .conftest import BASELINE, LOADED

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
OTHER_CONFERENCES = 2000
BUDGET_MS = 50

# Each page with the phase its conference is in when a coordinator works there.
PAGES: dict[str, Phase] = {
    "pages/home.py": Phase.PREPARATION,
    "pages/orientation.py": Phase.ORIENTATION,
    "pages/preparation.py": Phase.PREPARATION,
    "pages/meeting.py": Phase.INFORMATION_SHARING,
    "pages/private_time.py": Phase.PRIVATE_TIME,
    "pages/family.py": Phase.PRIVATE_TIME,  # the screen handed to the family
    "pages/validation.py": Phase.VALIDATION,
    "pages/follow_up.py": Phase.FOLLOW_UP,
    "pages/family_access.py": Phase.PREPARATION,  # family link and consent
}


@dataclass(frozen=True)
class Database:
    url: str
    conference_id: int
    family: Actor | None  # the family actor of that conference, when it is in private time
    conferences: int


class Databases:
    """Built on first use and kept for the module: per phase, a baseline database (one
    Moreau-Diallo conference walked through the services, and its coordinator) and a
    loaded copy of it (the same file, plus 2,000 conferences of the same coordinator)."""

    def __init__(self, root: Path):
        self.root = root
        self.built: dict[tuple[Phase, bool], Database] = {}

    def get(self, phase: Phase, *, loaded: bool) -> Database:
        if (phase, False) not in self.built:
            self._build(phase)
        return self.built[(phase, loaded)]

    def _build(self, phase: Phase) -> None:
        base = self.root / f"{phase.value}-baseline.sqlite3"
        engine = make_engine(f"sqlite:///{base}")
        upgrade(engine)
        uow = UnitOfWork(session_factory(engine))
        coordinator = make_coordinator(uow)
        conference_id = make_conference(uow, coordinator, phase)
        family = None  # a screen handed over is opened per test (open_page): it locks the coordinator's pages
        engine.dispose()

        loaded = self.root / f"{phase.value}-loaded.sqlite3"
        _copy_sqlite(base, loaded)
        engine = make_engine(f"sqlite:///{loaded}")
        insert_fictional_conferences(engine, coordinator.id, OTHER_CONFERENCES, today=TODAY)
        engine.dispose()

        self.built[(phase, False)] = Database(f"sqlite:///{base}", conference_id, family, 1)
        self.built[(phase, True)] = Database(f"sqlite:///{loaded}", conference_id, family, 1 + OTHER_CONFERENCES)


def _copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy even in WAL mode (a plain file copy could miss the -wal file)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    return Databases(tmp_path_factory.mktemp("rerun-cost"))


@pytest.fixture
def local_mode(monkeypatch):
    """Local single-user mode, as a coordinator runs Cercle on a laptop (no login): asked
    for by CERCLE_LOCAL_MODE=1 and allowed because the server listens on 127.0.0.1."""
    from streamlit import config

    monkeypatch.setenv("CERCLE_LOCAL_MODE", "1")
    previous = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", previous)


def hand_over(db: Database, handed: bool) -> None:
    """Open the screen's hand-over to the family (recorded in the database), or close it
    with the coordinator's PIN, so that the page measured is the one asked for."""
    engine = make_engine(db.url)
    try:
        uow = UnitOfWork(session_factory(engine))
        coordinator = accounts.local_coordinator(uow=uow)
        open_now = handover_screen.family_actor_of(coordinator.id, uow=uow)
        if handed and open_now is None:
            private_time.hand_screen_to_family(coordinator, db.conference_id, uow=uow)
        elif not handed and open_now is not None:
            handover_screen.take_back(coordinator.id, TEST_PIN, open_now.handover_id, uow=uow)
    finally:
        engine.dispose()


def open_page(page: str, db: Database) -> AppTest:
    """The page as a coordinator has it on screen: run once, so the next run is a rerun."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state["lang"] = "fr"
    at.session_state["conference_id"] = db.conference_id
    hand_over(db, page == "pages/family.py")  # the frame then shows the family's pages only
    at.run()
    if page != "pages/home.py":
        at.switch_page(page)
        at.run()
    return at


def _problems(at: AppTest) -> list[str]:
    return [str(x.value) for x in at.exception]


@pytest.mark.parametrize("loaded", [False, True], ids=["only-its-conference", f"plus-{OTHER_CONFERENCES}"])
# (Not named "page": pytest-playwright, when installed, treats a "page" argument as its own.)
@pytest.mark.parametrize("page_path", list(PAGES), ids=[Path(p).stem for p in PAGES])
def test_page_rerun_with_and_without_2000_other_conferences(benchmark, record_mean, databases, monkeypatch,
                                                            local_mode, page_path, loaded):
    db = databases.get(PAGES[page_path], loaded=loaded)
    monkeypatch.setenv("CERCLE_DATABASE_URL", db.url)
    at = open_page(page_path, db)
    assert not at.exception, f"{page_path} failed before the benchmark: {_problems(at)}"
    assert at.session_state["actor"] is not None, "the frame found nobody to act as"

    benchmark.group = f"rerun {Path(page_path).stem}"
    benchmark.extra_info["conferences_in_database"] = db.conferences
    benchmark(at.run)

    assert not at.exception, f"{page_path} failed on a rerun: {_problems(at)}"
    record_mean(benchmark, LOADED if loaded else BASELINE, budget_ms=BUDGET_MS)
