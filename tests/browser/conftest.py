"""Real-browser fixtures: the app served by ``streamlit run`` on a fresh demo database,
and Debian's chromium driven by Playwright.

One server and one browser for the whole ``tests/browser`` package (starting Streamlit
costs seconds); one fresh browser context per test (no cookie, storage or session shared
between tests). Every test here is marked ``browser``: ``pytest -m "not browser"`` skips
them. Without /usr/bin/chromium they are skipped, unless CERCLE_REQUIRE_TOOLS=1 (CI),
where a missing browser is a failure.

    def test_something(page, base_url, record):
        open_page(page, base_url)                      # the home page is at the root
        open_page(page, base_url, "suivi", conference_id=3)
        ...
        assert not record.dialogs

The server runs in local single-user mode (CERCLE_LOCAL_MODE=1 on 127.0.0.1: no login,
the demo's first coordinator). ``server_factory`` starts extra servers on other databases
(each one stopped at the end); every server can ``stop()``, ``start()`` and ``restart()``
on the same database and port. Screenshots a test takes, and one of every failing page,
go to ``shots_dir``: $CERCLE_SCREENSHOTS if set, otherwise a temporary folder.
"""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable

import pytest
from playwright.sync_api import expect

from conference import clock
from conference.demo import load_demo
from conference.store.db import make_engine, session_factory
from conference.store.migrate import upgrade
from conference.store.uow import UnitOfWork

from ..conftest import FROZEN_AT, require_tool
from .helpers import Record, assert_no_exception

# expect() retries for 5 s by default; a rerun on a CI machine whose two cores also run
# PostgreSQL and another browser can take longer than that.
expect.set_options(timeout=15_000)

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SERVE = ROOT / "scripts" / "serve.py"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]
# Here the server answers its health check about one second after launch (it has to import
# Streamlit and the app's dependencies first); a busy shared CI runner can be ten times
# slower. Sixty seconds leaves room for that, and a server that really hangs still fails.
HEALTH_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10


def pytest_collection_modifyitems(config, items):
    """Every test of this folder is a browser test (``-m "not browser"`` leaves them out).
    Under pytest-xdist they all run on one worker (tests/conftest.py)."""
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_demo_database(path: Path) -> str:
    """A migrated SQLite database at ``path`` holding the fictional demo. Returns its URL."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        load_demo(uow=UnitOfWork(session_factory(engine)))
    finally:
        engine.dispose()
    return url


@dataclass
class StreamlitServer:
    """``streamlit run streamlit_app.py`` (through scripts/serve.py) as a child process,
    on 127.0.0.1 only."""

    database_url: str
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    _log: IO | None = None
    local: bool = True  # False: server mode, everyone signs in (the partners' journeys)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> "StreamlitServer":
        """Start (on the same port and database as before, if it ran already) and wait
        until ``/_stcore/health`` answers ``ok``."""
        if self.running:
            return self
        # Local single-user mode (no login), which the app allows only on 127.0.0.1.
        env = {**os.environ, "CERCLE_DATABASE_URL": self.database_url,
               "CERCLE_LOCAL_MODE": "1" if self.local else "0",
               "PYTHONUNBUFFERED": "1", clock.FROZEN_ENV: FROZEN_AT.isoformat()}
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            # scripts/serve.py is `streamlit run` without the legacy pages/ discovery, as
            # `cercle run` serves the app (docs/decisions/0005); with a plain `python -m
            # streamlit run`, a deep link on a fresh server shows an empty page.
            [sys.executable, str(SERVE), "run", "streamlit_app.py",
             "--server.port", str(self.port), "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false",
             # Other people edit pages/ while the suite runs: a file watcher would make the
             # app offer "source changed, rerun?" in the middle of a test.
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_healthy()
        return self

    def stop(self) -> None:
        """Stop the process (SIGTERM, then SIGKILL after ``STOP_TIMEOUT_S``)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_S)
        self.process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self) -> "StreamlitServer":
        self.stop()
        return self.start()

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        url = f"{self.base_url}/_stcore/health"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200 and answer.read().strip() == b"ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"streamlit did not answer {url} within {HEALTH_TIMEOUT_S} s:\n{self.log_tail()}")


@pytest.fixture(scope="package")
def demo_database(tmp_path_factory) -> str:
    """URL of a fresh temporary SQLite database, migrated, with the fictional demo loaded."""
    return make_demo_database(tmp_path_factory.mktemp("browser-db") / "cercle.sqlite3")


@pytest.fixture(scope="package")
def server_factory(tmp_path_factory) -> Callable[..., StreamlitServer]:
    """``server_factory(database_url)`` starts a server on that database (``local=False``:
    in server mode, where everyone signs in); all the servers
    it started are stopped at the end of the package, whatever the tests did to them."""
    servers: list[StreamlitServer] = []
    logs = tmp_path_factory.mktemp("streamlit-logs")

    def start(database_url: str, *, local: bool = True) -> StreamlitServer:
        server = StreamlitServer(database_url, logs / f"streamlit-{len(servers)}.log", local=local)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="package")
def server(server_factory, demo_database) -> StreamlitServer:
    """The shared server on the demo database. A test may stop or restart it: ``base_url``
    starts it again if needed (same port, same database), so test order does not matter."""
    return server_factory(demo_database)


@pytest.fixture
def base_url(server) -> str:
    server.start()  # no-op when running; brings it back if a previous test stopped it
    return server.base_url


@pytest.fixture(scope="package")
def shots_dir(tmp_path_factory) -> Path:
    """Where tests save screenshots for people to look at: $CERCLE_SCREENSHOTS if set
    (e.g. /tmp/shots), otherwise a temporary folder of this run."""
    wanted = os.environ.get("CERCLE_SCREENSHOTS")
    if not wanted:
        return tmp_path_factory.mktemp("screenshots")
    path = Path(wanted)
    path.mkdir(parents=True, exist_ok=True)
    for stale in (path / "failures").glob("*.png"):  # from an earlier run: would mislead
        stale.unlink()
    return path


@pytest.fixture(scope="package")
def chromium_path() -> str:
    """Debian's chromium (Playwright cannot download its own browsers here)."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return require_tool("chromium")  # elsewhere on PATH; absent: skip, or fail when CERCLE_REQUIRE_TOOLS=1


@pytest.fixture(scope="package")
def browser(chromium_path):
    """One headless chromium for the package (its contexts keep tests apart)."""
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def record() -> Record:
    """What the test's page did: requests, websockets, dialogs, JavaScript errors."""
    return Record()


@pytest.fixture
def page(request, browser, record, shots_dir):
    """A fresh page in a fresh French context (downloads accepted), recorded in ``record``.
    On failure a screenshot is kept in ``shots_dir``/failures (its path is printed)."""
    context = browser.new_context(accept_downloads=True, locale="fr-FR", timezone_id="Europe/Paris",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    context.on("page", record.attach)  # popups too
    page = context.new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed and not page.is_closed():
        for each in context.pages:  # popups and second tabs too
            assert_no_exception(each)
    if report is not None and report.failed:
        shot = shots_dir / "failures" / (re.sub(r"[^\w.-]+", "_", request.node.name)[:120] + ".png")
        shot.parent.mkdir(exist_ok=True)
        try:
            page.screenshot(path=str(shot), full_page=True)
            print(f"\nscreenshot of the failing page: {shot}")
        except Exception as error:  # the page may be gone; the original failure matters more
            print(f"\nno screenshot ({error})")
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so ``page`` knows whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
