"""Shared by the browser tests: Debian's Chromium driven by Playwright (its own download does not work here)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("Chromium fehlt: `make chromium` installiert Debians Paket.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def stack(tmp_path_factory) -> Iterator[str]:
    """Start all three processes on free ports and a fresh demo catalogue (once per test run); yield the chat URL."""
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("Kein trainiertes Modell in models/: erst `make train` ausführen.")
    tmp = tmp_path_factory.mktemp("stack")
    ports = {"ACTION_SERVER_PORT": _free_port(), "RASA_PORT": _free_port(), "WEBCHAT_PORT": _free_port()}
    # A city's page on another origin (tests/e2e/embed_demo.html, served by `embed_demo`) may embed the chat.
    os.environ.setdefault("SOZIALAUSKUNFT_TEST_DEMO_PORT", str(_free_port()))
    env = dict(
        os.environ,
        CATALOGUE_DATABASE_URL=f"sqlite:///{tmp / 'catalogue.sqlite3'}",
        CONVERSATIONS_DATABASE_URL=f"sqlite:///{tmp / 'conversations.sqlite3'}",
        INFO_DESK_PHONE="0123 45 000-0",
        EMBED_ORIGINS=f"http://127.0.0.1:{os.environ['SOZIALAUSKUNFT_TEST_DEMO_PORT']}",
        STARTUP_TIMEOUT="420",  # Rasa loads its model in ~100 s on 2 cores; leave room on a busy machine
        **{k: str(v) for k, v in ports.items()},
    )
    subprocess.run([sys.executable, "-m", "catalogue", "seed", "catalogue/demo"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--log-dir", str(tmp / "logs")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{ports['WEBCHAT_PORT']}"
    try:
        for line in server.stdout:  # type: ignore[union-attr]
            print(line, end="")
            if "Sozialauskunft läuft" in line:
                break
        else:
            logs = "\n".join(p.read_text(errors="replace")[-3000:] for p in (tmp / "logs").glob("*.log"))
            pytest.fail(f"Start fehlgeschlagen:\n{logs}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=60)


DEMO_PAGE = ROOT / "docs" / "embed-demo.html"


@pytest.fixture(scope="session")
def embed_demo(stack) -> Iterator[str]:
    """Serve the embed demo page (the city's own page with the snippet) from a second origin; yield its URL."""
    import http.server
    import threading

    html = DEMO_PAGE.read_text(encoding="utf-8").replace("http://127.0.0.1:8000", stack)

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            body = html.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    port = int(os.environ["SOZIALAUSKUNFT_TEST_DEMO_PORT"])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/"
    server.shutdown()
