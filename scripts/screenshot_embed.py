"""Pictures for the README: the chat embedded in a city's page (a second origin), and the counter's desk.

Usage (with `make run` going, EMBED_ORIGINS=http://127.0.0.1:8001 and a staff account):
    .venv/app/bin/python scripts/screenshot_embed.py http://127.0.0.1:8000 USER PASSWORD
It serves docs/embed-demo.html on http://127.0.0.1:8001, asks two questions in the embedded chat and
saves docs/embed.png; then signs in as USER, searches the desk and saves docs/desk.png.
"""

from __future__ import annotations

import http.server
import shutil
import sys
import threading
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
DEMO_PORT = 8001


def _serve_demo(chat_url: str) -> http.server.ThreadingHTTPServer:
    html = (ROOT / "docs" / "embed-demo.html").read_text(encoding="utf-8").replace("http://127.0.0.1:8000", chat_url)

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
            body = html.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", DEMO_PORT), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    chat_url, user, password = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    demo = _serve_demo(chat_url)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 1000}, locale="de-DE")
        page.goto(f"http://127.0.0.1:{DEMO_PORT}/")
        frame = page.frame_locator("iframe")
        expect(frame.locator(".msg--bot").first).to_be_visible(timeout=60_000)
        for text in ("Beratung", "Begegnungsstätte für Rentner", "nur kostenlose"):
            before = frame.locator(".msg--bot").count()
            frame.locator("#chat-input").fill(text)
            frame.locator("#chat-input").press("Enter")
            expect(frame.locator(".msg--bot").nth(before)).to_be_visible(timeout=60_000)
            expect(frame.locator("#chat-send")).to_be_enabled(timeout=60_000)
        # Show the last answer's heading and its card, as a reader would.
        frame.locator(".msg--user").last.evaluate("m => { m.parentElement.scrollTop = m.offsetTop - 8; }")
        frame.locator(".service-card").last.evaluate("c => c.scrollIntoView({block: 'end'})")
        page.screenshot(path=str(ROOT / "docs" / "embed.png"))
        desk = browser.new_page(viewport={"width": 1200, "height": 900}, locale="de-DE")
        desk.goto(f"{chat_url}/redaktion/anmelden")
        desk.get_by_label("Benutzername").fill(user)
        desk.get_by_label("Passwort").fill(password)
        desk.keyboard.press("Enter")
        desk.get_by_label("Anliegen").fill("Beratung")
        desk.get_by_label("Sprache").select_option("Russisch")
        desk.get_by_role("button", name="Suchen").click()
        desk.locator(".desk__row summary").first.click()
        desk.screenshot(path=str(ROOT / "docs" / "desk.png"), full_page=True)
        browser.close()
    demo.shutdown()
    print("docs/embed.png und docs/desk.png geschrieben.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
