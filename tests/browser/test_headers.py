"""The server as the network sees it (#8): anti-framing headers, no call out at start on
0.0.0.0, and the WebSocket behind a reverse proxy that passes the public host name.

Servers here are real ``scripts/serve.py`` processes (as ``cercle run`` starts them).
"""
from __future__ import annotations

import asyncio
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from conference import clock

from ..conftest import FROZEN_AT
from .conftest import ROOT, SERVE, free_port

FRAMING_HEADERS = {"x-frame-options": "DENY", "content-security-policy": "frame-ancestors 'none'"}
PUBLIC_HOST = "cercle.departement.example"

# Loaded by every Python process that finds it on PYTHONPATH: records each outgoing
# connection to an address that is not this machine (TCP and UDP, by IP or by name).
SITECUSTOMIZE = '''
import ipaddress, os, socket
_LOG = os.environ["CERCLE_TEST_CONNECTIONS"]

def _outside(host):
    try:
        return not ipaddress.ip_address(host).is_loopback and not ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return host not in ("localhost",)

def _note(kind, address):
    host = address[0] if isinstance(address, tuple) else str(address)
    if _outside(str(host)):
        with open(_LOG, "a") as fh:
            fh.write(f"{kind} {address!r}\\n")

_connect, _connect_ex, _create = socket.socket.connect, socket.socket.connect_ex, socket.create_connection
_getaddrinfo = socket.getaddrinfo

def connect(self, address):
    _note("connect", address)
    return _connect(self, address)

def connect_ex(self, address):
    _note("connect_ex", address)
    return _connect_ex(self, address)

def create_connection(address, *args, **kwargs):
    _note("create_connection", address)
    return _create(address, *args, **kwargs)

def getaddrinfo(host, *args, **kwargs):
    if host is not None:
        _note("resolve", (host,))
    return _getaddrinfo(host, *args, **kwargs)

socket.socket.connect, socket.socket.connect_ex, socket.create_connection = connect, connect_ex, create_connection
socket.getaddrinfo = getaddrinfo
'''


class Served:
    """A ``scripts/serve.py`` process on ``address`` with outgoing connections recorded."""

    def __init__(self, tmp_path: Path, database_url: str, address: str, script: str = "streamlit_app.py"):
        self.port = free_port()
        hook = tmp_path / "hook"
        hook.mkdir(exist_ok=True)
        (hook / "sitecustomize.py").write_text(SITECUSTOMIZE)
        self.connections = tmp_path / f"connections-{self.port}.log"
        self.connections.touch()
        self.log = tmp_path / f"server-{self.port}.log"
        env = {**os.environ, "CERCLE_DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1",
               "PYTHONPATH": str(hook), "CERCLE_TEST_CONNECTIONS": str(self.connections),
               clock.FROZEN_ENV: FROZEN_AT.isoformat()}
        env.pop("CERCLE_SERVER_NAME", None)
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(SERVE), "run", script, "--server.port", str(self.port),
                 "--server.address", address, "--server.fileWatcherType", "none"],
                cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        self.base_url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            try:
                with urllib.request.urlopen(f"{self.base_url}/_stcore/health", timeout=2) as answer:
                    if answer.read().strip() == b"ok":
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError(f"no health answer:\n{self.log.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def wildcard_server(tmp_path, demo_database):
    served = Served(tmp_path, demo_database, "0.0.0.0")
    yield served
    served.stop()


def _headers(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return {k.lower(): v for k, v in answer.headers.items()}


# ------------------------------------------------------------------------ framing

def test_the_page_and_a_static_file_forbid_framing(server):
    page = _headers(server.base_url + "/")
    with urllib.request.urlopen(server.base_url + "/", timeout=10) as answer:
        script = next(part.split('"')[0] for part in answer.read().decode().split('src="')[1:] if ".js" in part)
    static = _headers(server.base_url + "/" + script.removeprefix("./"))

    for headers in (page, static):
        for name, value in FRAMING_HEADERS.items():
            assert headers.get(name) == value, (name, headers)
        assert headers.get("referrer-policy") == "no-referrer"


def test_a_page_of_another_origin_cannot_frame_the_app(server, browser, tmp_path):
    app_url = server.base_url.replace("127.0.0.1", "localhost") + "/"
    (tmp_path / "index.html").write_text(
        f'<!doctype html><title>Autre site</title><iframe id="cadre" src="{app_url}" width="800" height="600"></iframe>')
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{other.server_address[1]}/index.html")
        page.wait_for_timeout(3000)
        framed = [f for f in page.frames if f != page.main_frame]
        # Chromium refuses the document: the frame stays on its error page, no app inside.
        assert framed and all(not f.url.startswith(app_url) or f.locator("[data-testid=stApp]").count() == 0
                              for f in framed)
        assert all(f.locator("[data-testid=stApp]").count() == 0 for f in framed)
    finally:
        context.close()
        other.shutdown()


# ----------------------------------------------------------------- no call out

def test_listening_on_all_addresses_makes_no_outside_connection_at_start(wildcard_server):
    with urllib.request.urlopen(wildcard_server.base_url + "/", timeout=10):
        pass
    time.sleep(2)  # the start banner (and any External URL lookup) is printed by now

    outside = wildcard_server.connections.read_text()
    log = wildcard_server.log.read_text()
    assert outside == "", f"outgoing connections:\n{outside}"
    assert "External URL" not in log and "checkip" not in log


# ------------------------------------------------------------ behind a proxy

class HostProxy:
    """A reverse proxy on 127.0.0.1, like the README's nginx: forwards every byte, and
    either passes the client's Host header (``proxy_set_header Host $host``) or replaces it
    with the upstream address (nginx's default, ``$proxy_host``)."""

    def __init__(self, upstream_port: int, *, pass_host: bool):
        self.upstream_port, self.pass_host = upstream_port, pass_host
        self.loop = asyncio.new_event_loop()
        self.port = free_port()
        started = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(asyncio.start_server(self.handle, "127.0.0.1", self.port))
            started.set()
            self.loop.run_forever()

        threading.Thread(target=run, daemon=True).start()
        started.wait(5)

    async def handle(self, reader, writer):
        head = await reader.readuntil(b"\r\n\r\n")
        if not self.pass_host:
            lines = head.split(b"\r\n")
            head = b"\r\n".join(f"Host: 127.0.0.1:{self.upstream_port}".encode() if line.lower().startswith(b"host:")
                                else line for line in lines)
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        up_writer.write(head)

        async def pipe(source, sink):
            try:
                while data := await source.read(65536):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                sink.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    def close(self):
        async def shutdown():
            self.server.close()
            for task in asyncio.all_tasks() - {asyncio.current_task()}:
                task.cancel()
            await asyncio.sleep(0)
            self.loop.stop()

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop)


def _websocket_status(port: int) -> int:
    """Open ``/_stcore/stream`` as a browser on https://cercle.departement.example would."""
    request = (f"GET /_stcore/stream HTTP/1.1\r\nHost: {PUBLIC_HOST}\r\nOrigin: https://{PUBLIC_HOST}\r\n"
               "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        status_line = sock.recv(4096).split(b"\r\n", 1)[0].decode()
    return int(status_line.split()[1])


@pytest.mark.parametrize("pass_host, expected", [(True, 101), (False, 403)], ids=["host-passed", "host-replaced"])
def test_the_websocket_opens_through_a_proxy_that_passes_the_public_host(server, pass_host, expected):
    """Why the README's nginx has ``proxy_set_header Host $host``: Streamlit accepts the
    WebSocket when its Origin matches the Host it receives; with the upstream address as
    Host, the origin looks foreign and the app never connects."""
    proxy = HostProxy(server.port, pass_host=pass_host)
    try:
        assert _websocket_status(proxy.port) == expected
    finally:
        proxy.close()


def test_the_forced_options_cannot_be_loosened_from_the_command_line():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import serve
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    script, options = serve.parse_run(["run", "streamlit_app.py", "--server.address", "0.0.0.0",
                                       "--client.showErrorDetails=full", "--server.port", "8600"])

    safe = serve.safe_options(options)

    assert script == "streamlit_app.py" and safe["server.port"] == 8600
    assert safe["client.showErrorDetails"] == "none" and safe["browser.gatherUsageStats"] is False
    assert safe["browser.serverAddress"] == "localhost"
    assert json.dumps(safe)  # plain values, as App.run(config=…) wants


# ------------------------------------------------------------ an unexpected error

def test_an_error_no_page_caught_shows_a_french_sentence_and_a_reference_only(tmp_path, demo_database, browser):
    """The last line of defence (scripts/serve.py ``on_script_error``): whatever escapes a
    page is logged with a reference; the screen shows neither its type nor its text."""
    app = tmp_path / "broken_app.py"
    app.write_text("raise RuntimeError(\"UPDATE participants SET name='Mamie Odile' WHERE id=7\")\n")
    served = Served(tmp_path, demo_database, "127.0.0.1", script=str(app))
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(served.base_url + "/")
        alert = page.get_by_test_id("stAlertContentError")
        alert.wait_for(timeout=30_000)
        shown = page.locator("body").inner_text()
    finally:
        context.close()
        served.stop()

    reference = re.search(r" : ([A-Z0-9]{8})\.", shown)
    assert "Une erreur est survenue" in shown and reference
    assert not any(word in shown for word in ("RuntimeError", "UPDATE", "Mamie Odile", "Traceback"))
    assert reference.group(1) in served.log.read_text()  # the log has it, under that reference
