"""Small helpers for real-browser tests: open a page, act, wait until the script is idle.

Every action is followed by ``wait_idle``: Streamlit answers a click with a rerun over
its websocket, and an assertion made before the rerun ends reads the *old* page (a
green test for a broken screen). Elements are found by role, label or test id, never by
CSS class (Streamlit's classes are generated and change between versions).

    open_page(page, base_url)                       # the home page
    click_button(page, "Ouvrir", within=row)
    fill(page, "Nom de la situation", "Famille Fictive")
    fill_date(page, "Date de la réunion", date(2026, 11, 30))
    path = download(page, "Télécharger le plan d'action (.docx)", into=tmp_path)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from playwright.sync_api import Dialog, Locator, Page, Request, WebSocket, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

# Streamlit sets these on its root element. The script state cycles initial → running →
# notRunning on every rerun; the connection state says the websocket is up.
APP_IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
APP_CONNECTED = "[data-testid='stApp'][data-test-connection-state='CONNECTED']"
# Generous on purpose: the first run of a page after a server start imports and migrates,
# and a shared CI runner can be several times slower than a laptop.
TIMEOUT_MS = 30_000
# A click reaches the server only after the widget's debounce (~200 ms for some widgets):
# waiting this long first keeps wait_idle from seeing the *previous* idle state.
BEFORE_MS = 250
# After the script ends the frontend still lays out the last deltas.
SETTLE_MS = 150


def wait_idle(page: Page, *, timeout_ms: int = TIMEOUT_MS) -> None:
    """Wait until the app is connected, its script has finished and nothing is still loading."""
    page.wait_for_timeout(BEFORE_MS)
    page.locator(APP_CONNECTED).wait_for(state="attached", timeout=timeout_ms)
    page.locator(APP_IDLE).wait_for(state="attached", timeout=timeout_ms)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout_ms)
    page.wait_for_timeout(SETTLE_MS)
    assert_no_exception(page)


def assert_no_exception(page: Page) -> None:
    """Fail on an exception box or a traceback on screen: a person must never see one,
    and a crash in the middle of a journey is exactly what unit tests miss."""
    boxes = page.get_by_test_id("stException")
    if boxes.count():
        raise AssertionError(f"an exception box is on screen: {boxes.first.inner_text()[:2000]}")
    if page.get_by_text("Traceback", exact=False).count():
        raise AssertionError("the word « Traceback » is on screen")


def url_for(base_url: str, path: str = "", conference_id: int | None = None) -> str:
    query = f"?{urlencode({'c': conference_id})}" if conference_id is not None else ""
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}{query}"


def open_page(page: Page, base_url: str, path: str = "", conference_id: int | None = None) -> None:
    """Go to a page by its url path (``""`` for the home page, the default one; ``suivi``,
    ``partage``…), optionally with a conference selected (``?c=``, as the app does
    itself), and wait until it is idle."""
    page.goto(url_for(base_url, path, conference_id), wait_until="domcontentloaded")
    wait_idle(page)


def main(page: Page):
    """The page's own content, without the sidebar (navigation, language, data location)."""
    return page.get_by_test_id("stMain")


def click_button(page: Page, name: str, *, within: Locator | None = None, exact: bool = True) -> None:
    """Click the button named ``name`` (its visible text) in the page's content, or in
    ``within`` (e.g. one row of a list), then wait. Fails if the name is ambiguous."""
    (within or main(page)).get_by_role("button", name=name, exact=exact).click()
    wait_idle(page)


def fill(page: Page, label: str, text: str, *, exact: bool = True, submit: bool = False) -> None:
    """Type ``text`` into the field labelled ``label`` (exactly: a field with help also has
    a "Help for <label>" button). Streamlit commits a text field on blur or Enter:
    ``submit=True`` presses Enter (in a form, that submits it), otherwise Tab."""
    box = main(page).get_by_label(label, exact=exact)
    box.fill(text)
    box.press("Enter" if submit else "Tab")
    wait_idle(page)


def fill_date(page: Page, label: str, day: date) -> None:
    """Set the ``st.date_input`` labelled ``label`` to ``day``. Streamlit 1.67 draws it as
    separate day / month / year segments (no <input> to ``fill``): each segment is typed
    in turn, whatever the display order, then Tab commits the value, then wait."""
    field = main(page).get_by_test_id("stDateInput").filter(
        has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))
    for kind, value in (("day", f"{day.day:02d}"), ("month", f"{day.month:02d}"), ("year", f"{day.year:04d}")):
        segment = field.locator(f"[role='spinbutton'][data-type='{kind}']")
        segment.click()
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    wait_idle(page)


def date_value(page: Page, label: str) -> date | None:
    """What the ``st.date_input`` labelled ``label`` shows (None while it is empty)."""
    field = main(page).get_by_test_id("stDateInput").filter(
        has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True))
    parts = {}
    for kind in ("day", "month", "year"):
        now = field.locator(f"[role='spinbutton'][data-type='{kind}']").get_attribute("aria-valuenow")
        if now is None:
            return None
        parts[kind] = int(now)
    return date(parts["year"], parts["month"], parts["day"])


# A document is built when its button is clicked (deferred download data), on a server that
# may share two cores with other work: give it longer than an ordinary rerun.
DOWNLOAD_TIMEOUT_MS = 90_000
# A click that lands while the page is being drawn again reaches the previous run's button,
# whose deferred file Streamlit has already dropped ("Deferred file … not found" in the
# server's log): nothing downloads, and a person clicks again. So does the test, once the
# page is idle; the attempts share the timeout above.
DOWNLOAD_ATTEMPTS = 3


def download(page: Page, button_name: str, *, into: Path | None = None, exact: bool = True) -> Path:
    """Click a download button and return the saved file (the context must accept downloads).
    The file keeps the name the app suggested, in ``into`` or the browser's temp folder."""
    for attempt in range(DOWNLOAD_ATTEMPTS):
        try:
            with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS // DOWNLOAD_ATTEMPTS) as info:
                main(page).get_by_role("button", name=button_name, exact=exact).click()
            break
        except PlaywrightTimeoutError:
            if attempt == DOWNLOAD_ATTEMPTS - 1:
                raise
            wait_idle(page)
    result = info.value
    failure = result.failure()
    assert failure is None, f"download of « {button_name} » failed: {failure}"
    if into is None:
        return Path(result.path())
    target = into / result.suggested_filename
    result.save_as(target)
    return target


def screenshot(page: Page, path: Path) -> Path:
    """The whole page, top to bottom. Streamlit scrolls inside its main area, not the
    document, so ``full_page=True`` alone stops at the window: the window is made as
    tall as the content for the shot, then put back."""
    size = page.viewport_size or {"width": 1280, "height": 900}
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll(\"[data-testid='stMain'], [data-testid='stSidebar'],"
        " [data-testid='stMainBlockContainer']\")].map(e => e.scrollHeight), document.body.scrollHeight)")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height))})
    page.wait_for_timeout(SETTLE_MS)
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(size)
    return path


def query_param(page: Page, name: str) -> str | None:
    """One query parameter of the current URL (e.g. the selected conference, ``c``)."""
    for key, _, value in (part.partition("=") for part in urlsplit(page.url).query.split("&") if part):
        if key == name:
            return value
    return None


def text_of(page: Page) -> str:
    """All visible text of the page's content, for coarse "is it there" checks."""
    return main(page).inner_text()


@dataclass
class Record:
    """Everything a page did that a test may want to forbid: network requests (http and
    websocket), dialogs (alert/confirm/prompt, dismissed so they cannot hang a test),
    uncaught JavaScript errors and console errors."""

    requests: list[str] = field(default_factory=list)
    websockets: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        page.on("request", self._on_request)
        page.on("websocket", self._on_websocket)
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        page.on("console", lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None)

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_websocket(self, socket: WebSocket) -> None:
        self.websockets.append(socket.url)

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def hosts(self) -> set[str]:
        """Every host contacted (``data:`` and ``blob:`` URLs stay in the browser)."""
        found = set()
        for url in [*self.requests, *self.websockets]:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            found.add(parts.hostname or url)
        return found

    def outside(self, allowed: str = "127.0.0.1") -> list[str]:
        """The URLs that went anywhere but ``allowed`` (each listed once)."""
        urls = []
        for url in [*self.requests, *self.websockets]:
            parts = urlsplit(url)
            if parts.scheme not in ("data", "blob", "about") and parts.hostname != allowed and url not in urls:
                urls.append(url)
        return urls



@dataclass
class Effort:
    """What a person had to do on screen, counted as issue #7 counts it: one click, one
    field filled or one paste counts 1 (typing a whole name into a field or a table cell
    is one). A test notes each action next to the code that performs it:

        effort = Effort()
        effort.click("Participants tab"); main(page).get_by_role("tab", name="Participants").click()
        effort.field("name, line 1"); ...
        print(effort.summary())          # "9 interactions (3 clicks, 6 fields, 0 pastes)"
    """

    steps: list[tuple[str, str]] = field(default_factory=list)

    def click(self, what: str) -> None:
        self.steps.append(("click", what))

    def field(self, what: str) -> None:
        self.steps.append(("field", what))

    def paste(self, what: str) -> None:
        self.steps.append(("paste", what))

    @property
    def count(self) -> int:
        return len(self.steps)

    def summary(self) -> str:
        kinds = {kind: sum(1 for k, _ in self.steps if k == kind) for kind in ("click", "field", "paste")}
        return (f"{self.count} interactions ({kinds['click']} clicks, {kinds['field']} fields, "
                f"{kinds['paste']} pastes)")


def open_popover(page: Page, button: Locator, inside: Locator, *, tries: int = 3) -> None:
    """Click ``button`` until ``inside`` (something in its popover) is visible. A popover
    opened while the previous rerun is still drawing can be closed by that redraw (seen on a
    loaded CI machine): the click is made again, as a person would."""
    for attempt in range(tries):
        button.click()
        try:
            inside.wait_for(state="visible", timeout=5_000)
            return
        except Exception:  # Playwright's TimeoutError
            if attempt == tries - 1:
                raise
            wait_idle(page)
