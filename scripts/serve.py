"""Start Streamlit for Cercle: ``python scripts/serve.py run streamlit_app.py [--section.option value]…``.

Why not plain ``streamlit run``:

- Streamlit still auto-discovers a ``pages/`` folder until the first ``st.navigation`` call
  of the process, so on a freshly (re)started server a deep link such as
  ``/orientation?c=7`` would run the page file outside the frame and show nothing. Cercle
  registers its pages explicitly; this switches the legacy discovery off before the
  server starts (see docs/decisions/0005-pages-folder-and-navigation.md).
- Every response carries ``X-Frame-Options: DENY`` and ``Content-Security-Policy:
  frame-ancestors 'none'`` (no other site can frame Cercle and trick a click), in local
  mode too. Streamlit has no option for response headers; its app-level hook is
  ``st.App(middleware=…)``, so the script is served as an ``st.App`` with a small ASGI
  middleware. ``on_script_error`` logs an unexpected error with a reference and shows a
  French sentence instead of Streamlit's English one.
- Safe options are forced whatever the command line says: no error details on screen
  (``client.showErrorDetails = none``: the message of a database error holds SQL and
  values), no usage statistics, and ``browser.serverAddress`` set, without which
  Streamlit, listening on 0.0.0.0, asks checkip.amazonaws.com for the machine's public
  address at start to print an "External URL".

- Streamlit's own words in French: a few words are written in Streamlit's JavaScript with no
  option to change them ("No results", "Drag and drop files here", "dd / mm / yyyy", the
  "Connection error" dialog). Every page is served with ``lang="fr"`` and loads
  ``scripts/static/streamlit-fr.js``, which translates those exact texts
  (docs/decisions/0014-french-for-streamlits-own-words.md).

The command line stays the one of ``streamlit run`` (``cercle run``, the browser tests
and the README use it); anything else (``--help``, ``version``) goes to Streamlit's CLI.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a file: the ``conference`` package sits beside scripts/
    sys.path.insert(0, str(ROOT))

from streamlit import config as st_config  # noqa: E402
from streamlit import net_util  # noqa: E402
from streamlit.runtime.pages_manager import PagesManager  # noqa: E402
from streamlit.web import cli  # noqa: E402

PagesManager.uses_pages_directory = False

WILDCARD_ADDRESSES = {"0.0.0.0", "::", ""}
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    # A family link carries its token in the address: never send it to another site.
    "Referrer-Policy": "no-referrer",
}
# Forced over the command line and config.toml: these are not a matter of taste.
FORCED_OPTIONS = {
    "client.showErrorDetails": "none",
    "client.showErrorLinks": False,
    "browser.gatherUsageStats": False,
}


class SecurityHeaders:
    """ASGI middleware adding ``SECURITY_HEADERS`` to every HTTP response (pages, static
    files, health checks); the WebSocket handshake is left alone."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(name.lower().encode("latin-1"), value.encode("latin-1"))
                         for name, value in SECURITY_HEADERS.items() if name.lower().encode("latin-1") not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return await self.app(scope, receive, send_with_headers)


STATIC = Path(__file__).resolve().parent / "static"
FRENCH_SCRIPT = "cercle-static/streamlit-fr.js"
# Paths that never answer with a page (Streamlit's API and assets, our own script).
NOT_PAGES = ("/_stcore/", "/static/", "/media/", "/component/", "/app/static/", "/cercle-static/")


class FrenchPages:
    """ASGI middleware: every HTML page Streamlit serves (its one index.html, for every
    page path) says ``lang="fr"`` and loads the script that translates Streamlit's own
    words. Asked uncompressed (the page is 8 kB) so that it can be edited."""

    def __init__(self, app, script_url: str):
        self.app, self.tag = app, f'<script src="{script_url}"></script></head>'.encode()

    async def __call__(self, scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or any(
                part in path for part in NOT_PAGES):
            return await self.app(scope, receive, send)
        scope = {**scope, "headers": [(k, v) for k, v in scope.get("headers", []) if k.lower() != b"accept-encoding"]}
        start: dict | None = None
        body = bytearray()

        async def edit(message):
            nonlocal start
            if message["type"] == "http.response.start":
                kind = dict((k.lower(), v) for k, v in message.get("headers", [])).get(b"content-type", b"")
                if not kind.startswith(b"text/html"):
                    start = None
                    return await send(message)
                start = message
                return None
            if start is None:
                return await send(message)
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return None
            page = bytes(body).replace(b'<html lang="en">', b'<html lang="fr">', 1).replace(b"</head>", self.tag, 1)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"etag")]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        return await self.app(scope, receive, edit)


def french_script_route(base: str):
    from starlette.responses import FileResponse
    from starlette.routing import Route

    async def script(_request):
        return FileResponse(STATIC / "streamlit-fr.js", media_type="text/javascript")

    return Route(f"{base}/{FRENCH_SCRIPT}", script)


def on_script_error(error: BaseException) -> bool:
    """An error no page caught: logged in full with a reference; the screen gets one French
    sentence and the reference (never the type, message or traceback)."""
    import streamlit as st

    from conference import logs
    from conference.i18n import translator

    reference = logs.new_reference()
    logs.get("app").error("unexpected error [ref %s]", reference, exc_info=error)
    lang = st.session_state.get("lang", "fr") if hasattr(st, "session_state") else "fr"
    st.error(translator(lang)("Something went wrong. Reload the page; if it happens again, give your "
                              "administrator this reference: {reference}.", reference=reference))
    return True


def _typed(key: str, value: str):
    """A command-line value converted to the option's type, as ``streamlit run`` does."""
    option = st_config._config_options_template.get(key)
    kind = getattr(option, "type", str)
    if kind is bool:
        return value.strip().lower() in {"true", "1", "yes"}
    if kind in (int, float):
        return kind(value)
    return value


def parse_run(argv: list[str]) -> tuple[str, dict] | None:
    """``run SCRIPT --a.b v --c.d=w`` → (SCRIPT, {"a.b": v, "c.d": w}); None for any other
    command line (left to Streamlit's own CLI)."""
    if len(argv) < 2 or argv[0] != "run" or argv[1].startswith("-"):
        return None
    script, options, rest = argv[1], {}, argv[2:]
    while rest:
        flag = rest.pop(0)
        if not flag.startswith("--") or "." not in flag:
            return None
        key, _, value = flag[2:].partition("=")
        if not _:
            if not rest:
                return None
            value = rest.pop(0)
        options[key] = _typed(key, value)
    return script, options


def safe_options(options: dict) -> dict:
    """The command line's options with the forced ones, and a server address that keeps
    Streamlit from looking up the machine's public IP address on the Internet."""
    options = {**options, **FORCED_OPTIONS}
    options.setdefault("server.headless", True)
    if "browser.serverAddress" not in options:
        address = str(options.get("server.address", ""))
        options["browser.serverAddress"] = (os.environ.get("CERCLE_SERVER_NAME")
                                            or ("localhost" if address in WILDCARD_ADDRESSES else address))
    return options


def main(argv: list[str]) -> int:
    parsed = parse_run(argv)
    if parsed is None:
        return cli.main()  # Streamlit's own CLI reads sys.argv
    script, options = parsed
    import streamlit as st
    from starlette.middleware import Middleware

    from conference import logs

    logs.configure()
    # Streamlit's WebSocket origin check, for a request whose Origin differs from its Host
    # (a proxy that does not pass Host, or another site), falls back to asking
    # checkip.amazonaws.com: pin "unknown" so that no request ever makes the server call out.
    net_util._external_ip = ""
    script_path = Path(script).resolve()
    options = safe_options(options)
    base = "/" + str(options.get("server.baseUrlPath", "")).strip("/") if options.get("server.baseUrlPath") else ""
    app = st.App(script_path, routes=[french_script_route(base)],
                 middleware=[Middleware(SecurityHeaders), Middleware(FrenchPages, script_url=f"{base}/{FRENCH_SCRIPT}")],
                 on_script_error=on_script_error)
    # App.run anchors the script-level .streamlit/ (config.toml, secrets.toml) on sys.argv[0]:
    # point it at the app, as `streamlit run streamlit_app.py` does, whatever the current folder.
    sys.argv = [str(script_path)]
    app.run(config=options)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
