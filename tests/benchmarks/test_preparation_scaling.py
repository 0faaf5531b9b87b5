"""How the journey's pages scale with the size of the network: the rerun time of every
journey page with 10, 50 and 150 people, on the server (AppTest) and in a real browser
(headless chromium), in the same run (issue #7: every page under 1 s in the browser at
150 people, its cost growing at most linearly with the number of people).

    .venv/bin/pytest tests/benchmarks/test_preparation_scaling.py --benchmark-enable -s

The summary at the end prints one line per page: the medians at 10, 50 and 150 people,
server side and in the browser, and how much 150 costs against 10. Timings are never
asserted (see conftest.py). In the normal suite (``--benchmark-disable``) only the
10-person case runs, once: each page must still render without error.

* Server side: ``AppTest.run()`` on an AppTest that already ran the page (engine made,
  caches warm), as tests/benchmarks/test_rerun_cost.py measures it: the frame plus the
  page, their queries and their rendering into Streamlit's messages.
* In the browser: Streamlit's own "rerun" key (R) on the page as a coordinator has it,
  timed inside the page from the key press until the script has finished and the
  browser has painted twice (``performance.now()``), so Playwright's round trips are not
  counted: what a coordinator waits for after a harmless change.

Each conference is the Moreau-Diallo demo walked to the page's phase, its network
trimmed or extended with fictional cousins to the size measured, one database for all.
"""
from __future__ import annotations

import dataclasses
import statistics
from itertools import cycle
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from streamlit.testing.v1 import AppTest

from conference import demo
from conference.domain.enums import InvitationStatus, Phase, Relation
from conference.services import accounts, conferences, preparation
from conference.store.db import make_engine, session_factory
from conference.store.uow import UnitOfWork

from ..browser.conftest import StreamlitServer, make_demo_database
from ..browser.helpers import open_page as open_in_browser, wait_idle
from ..factories import TODAY

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
SIZES = (10, 50, 150)
ROUNDS = 5  # browser reruns per page and size when timing (each is a whole rerun)
# Journey page → (script, url path, the phase its conference is in).
PAGES: dict[str, tuple[str, str, Phase]] = {
    "orientation": ("pages/orientation.py", "orientation", Phase.ORIENTATION),
    "preparation": ("pages/preparation.py", "preparation", Phase.PREPARATION),
    "network": ("pages/network.py", "carte-reseau", Phase.PREPARATION),
    "meeting": ("pages/meeting.py", "partage", Phase.INFORMATION_SHARING),
    "private_time": ("pages/private_time.py", "temps-prive", Phase.PRIVATE_TIME),
    "validation": ("pages/validation.py", "validation", Phase.VALIDATION),
    "follow_up": ("pages/follow_up.py", "suivi", Phase.FOLLOW_UP),
}
# Installed before each measured rerun: the time from the key press to the end of the
# script (its state goes running → notRunning) plus two frames (the new page painted).
RERUN_TIMER = """() => {
  window.__rerunMs = null;
  const app = document.querySelector("[data-testid='stApp']");
  let start = null, ran = false;
  document.addEventListener('keydown', () => { if (start === null) start = performance.now(); },
                            {capture: true, once: true});
  const watch = new MutationObserver((records) => {
    // A quick rerun can go running → notRunning within one batch of records.
    const state = app.getAttribute('data-test-script-state');
    if (state === 'running' || records.some(r => r.oldValue === 'running')) ran = true;
    if (ran && state === 'notRunning') {
      watch.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => { window.__rerunMs = performance.now() - start; }));
    }
  });
  watch.observe(app, {attributes: true, attributeOldValue: true, attributeFilter: ['data-test-script-state']});
}"""
FIGURES: dict[tuple[str, int, str], float] = {}  # (page, size, "server" | "browser") → median ms


def sizes_for(config) -> tuple[int, ...]:
    """Every size when timing; only the smallest in the normal suite (--benchmark-disable
    in pyproject's addopts, unless --benchmark-enable overrides it)."""
    timing = config.getoption("benchmark_enable", default=False) or not config.getoption("benchmark_disable",
                                                                                       default=False)
    return SIZES if timing else SIZES[:1]


def pytest_generate_tests(metafunc):
    if "size" in metafunc.fixturenames:
        metafunc.parametrize("size", sizes_for(metafunc.config), ids=lambda n: f"{n}-people")


# --- the conferences ---------------------------------------------------------------------------

def scenario_of(size: int) -> demo.Scenario:
    """Moreau-Diallo with exactly ``size`` people: unreferenced people dropped from the end,
    or fictional cousins (every relation but expert, every ring, varied invitations) added."""
    base = demo.MOREAU_DIALLO
    needed = {a.who for a in base.actions} | {owner for _kind, _text, owner in base.logistics}
    people = list(base.people)
    for person in reversed(base.people):
        if len(people) <= size:
            break
        if person.name not in needed and not person.is_focal and not person.not_safe:
            people.remove(person)
    relations = cycle([r for r in Relation if r is not Relation.EXPERT])
    rings = cycle((1, 2, 3, None))
    invitations = cycle((InvitationStatus.CONFIRMED, InvitationStatus.INVITED, InvitationStatus.TO_INVITE,
                         InvitationStatus.DECLINED))
    for number in range(len(people) + 1, size + 1):
        people.append(demo.Person(f"Cousin fictif n° {number}", next(relations), next(rings), next(invitations)))
    return dataclasses.replace(base, title=f"Famille Moreau-Diallo, {size} personnes (fictif)", people=tuple(people))


class Conferences:
    """One demo database; a conference per (phase, size), built on first use."""

    def __init__(self, folder: Path):
        self.url = make_demo_database(folder / "cercle.sqlite3")
        self.built: dict[tuple[Phase, int], int] = {}

    def get(self, phase: Phase, size: int) -> int:
        if (phase, size) not in self.built:
            self.built[(phase, size)] = self._build(phase, size)
        return self.built[(phase, size)]

    def _build(self, phase: Phase, size: int) -> int:
        engine = make_engine(self.url)
        try:
            uow = lambda: UnitOfWork(session_factory(engine))  # noqa: E731
            coordinator = accounts.local_coordinator(uow=uow())
            scenario = scenario_of(size)
            cid = demo.journey(coordinator, scenario, until=phase, uow=uow(), today=TODAY)
            people = conferences.get_conference(coordinator, cid, uow=uow()).participants
            if len(people) < size:  # orientation: the journey enters nobody yet
                preparation.add_participants(coordinator, cid, [
                    {"name": p.name, "relation": p.relation, "ring": p.ring, "invitation": p.invitation,
                     "not_safe": p.not_safe, "is_focal": p.is_focal} for p in scenario.people[len(people):]],
                    preparation.roster_version(p.id for p in people), uow=uow())
            count = len(conferences.get_conference(coordinator, cid, uow=uow()).participants)
            assert count == size, f"{phase}: {count} people instead of {size}"
            return cid
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def networks(tmp_path_factory):
    return Conferences(tmp_path_factory.mktemp("scaling"))


@pytest.fixture(scope="module", autouse=True)
def summary(request):
    """Print every figure of the run at its end, one line per page (a summary section)."""

    class Summary:
        @staticmethod
        def pytest_terminal_summary(terminalreporter):
            if not FIGURES:
                return
            terminalreporter.section("journey pages: rerun time by network size (median ms; same run)")
            for name in PAGES:
                line = []
                for where in ("server", "browser"):
                    cells = [f"{FIGURES[(name, n, where)]:.0f}" if (name, n, where) in FIGURES else "–" for n in SIZES]
                    growth = ""
                    if (name, SIZES[0], where) in FIGURES and (name, SIZES[-1], where) in FIGURES:
                        growth = f" (×{FIGURES[(name, SIZES[-1], where)] / FIGURES[(name, SIZES[0], where)]:.1f})"
                    line.append(f"{where} {'/'.join(cells)}{growth}")
                terminalreporter.write_line(f"{name:13s} at {'/'.join(map(str, SIZES))} people: " + "; ".join(line))

    plugin = Summary()
    if not request.config.pluginmanager.is_registered(plugin):
        request.config.pluginmanager.register(plugin, "preparation-scaling-summary")
    yield


# --- server side ---------------------------------------------------------------------------------

@pytest.fixture
def local_mode(monkeypatch, networks):
    from streamlit import config

    monkeypatch.setenv("CERCLE_LOCAL_MODE", "1")
    monkeypatch.setenv("CERCLE_DATABASE_URL", networks.url)
    previous = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", previous)


def opened(script: str, cid: int) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "fr"
    at.session_state["conference_id"] = cid
    at.run()
    at.switch_page(script)
    at.run()
    return at


@pytest.mark.parametrize("name", list(PAGES))
def test_server_rerun_by_network_size(benchmark, networks, local_mode, name, size):
    script, _path, phase = PAGES[name]
    at = opened(script, networks.get(phase, size))
    assert not at.exception, f"{script} failed: {[e.value for e in at.exception]}"

    benchmark.group = f"{name}: server rerun"
    benchmark.extra_info["people"] = size
    benchmark(at.run)

    assert not at.exception, f"{script} failed on a rerun: {[e.value for e in at.exception]}"
    if not benchmark.disabled and benchmark.stats is not None:
        FIGURES[(name, size, "server")] = benchmark.stats.stats.median * 1000
        print(f"\n{name}, {size} people: server rerun {FIGURES[(name, size, 'server')]:.0f} ms (median)")


# --- in the browser ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(networks, tmp_path_factory):
    server = StreamlitServer(networks.url, tmp_path_factory.mktemp("scaling-log") / "streamlit.log").start()
    yield server
    server.stop()




def browser_rerun(page) -> float:
    """One rerun by Streamlit's R key, timed in the page (ms). The key needs the page to
    have the focus and no field to hold it: a click in the empty top margin gives it;
    a press that started no rerun (the page was not listening yet) is made again."""
    for _attempt in range(3):
        page.evaluate(RERUN_TIMER)
        page.mouse.click(900, 30)  # the blank band above the title: no widget there
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.keyboard.press("r")
        try:
            page.wait_for_function("window.__rerunMs !== null", timeout=15_000, polling=10)
            break
        except PlaywrightTimeout:
            continue
    else:
        raise AssertionError("three presses of R started no rerun")
    duration = page.evaluate("window.__rerunMs")
    wait_idle(page)
    return duration


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES))
def test_browser_rerun_by_network_size(benchmark, networks, server, chromium, name, size):
    script, path, phase = PAGES[name]
    cid = networks.get(phase, size)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR",
                                   timezone_id="Europe/Paris")
    try:
        page = context.new_page()
        open_in_browser(page, server.base_url, path, conference_id=cid)
        assert page.get_by_test_id("stException").count() == 0, f"{script} shows an exception box"
        times: list[float] = []
        benchmark.group = f"{name}: browser rerun"
        benchmark.extra_info["people"] = size
        benchmark.pedantic(lambda: times.append(browser_rerun(page)),
                           rounds=ROUNDS if not benchmark.disabled else 1, iterations=1)
        assert page.get_by_test_id("stException").count() == 0, f"{script} shows an exception box after a rerun"
    finally:
        context.close()
    benchmark.extra_info["in_page_ms_median"] = statistics.median(times)
    if not benchmark.disabled:
        FIGURES[(name, size, "browser")] = statistics.median(times)
        print(f"\n{name}, {size} people: browser rerun {FIGURES[(name, size, 'browser')]:.0f} ms "
              f"(median in page; {[round(t) for t in times]})")
