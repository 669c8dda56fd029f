"""Make the README's pictures of the editor workspace (docs/editor.png, docs/editor-history.png).

Starts the web app on a temporary SQLite database with the demo catalogue and a
demo account, signs in with headless Chromium, edits an entry and photographs
the edit form and the entry's history.

Usage: .venv/app/bin/python scripts/screenshot_editor.py [OUT_DIR]
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import catalogue  # noqa: E402
from webchat import create_app  # noqa: E402

USERNAME, PASSWORD = "m.mustermann", "demo-passwort-123"
ENTRY = "Schuldner- und Insolvenzberatung Altstadt – Diakonie"


def _demo_database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'catalogue.sqlite3'}"
    engine = catalogue.make_engine(url)
    catalogue.upgrade(engine)
    with catalogue.make_session_factory(engine).begin() as session:
        catalogue.write_catalogue(session, catalogue.read_catalogue(ROOT / "catalogue" / "demo"))
        catalogue.create_user(session, USERNAME, PASSWORD, "admin")
    engine.dispose()
    return url


def main() -> int:
    """Serve the app, sign in, edit an entry and save both pictures."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": _demo_database(Path(tmp)), "SECRET_KEY": os.urandom(16).hex()})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/redaktion"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=shutil.which("chromium"),
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="de-DE")
                page.goto(base + "/")
                page.get_by_label("Benutzername").fill(USERNAME)
                page.get_by_label("Passwort").fill(PASSWORD)
                page.get_by_role("button", name="Anmelden").click()
                page.get_by_role("searchbox", name="Suche").fill("Schuldner")
                page.get_by_role("button", name="Suchen").click()
                page.get_by_role("link", name=ENTRY).click()
                page.get_by_label("Hinweis zu den Öffnungszeiten").fill("Offene Sprechstunde donnerstags ohne Termin")
                page.get_by_label("Öffnungszeiten", exact=True).fill("Mo, Di, Do 09:00–12:00\nDo 14:00–18:00")
                page.get_by_role("button", name="Änderungen speichern").click()
                expect(page.locator(".flash--success")).to_contain_text("Gespeichert")
                page.locator(".panel textarea").fill("Am 24.12. und 31.12. nur telefonisch erreichbar.")
                page.get_by_role("button", name="Hinweis setzen").click()
                page.screenshot(path=str(out / "editor.png"))
                page.get_by_role("link", name="Verlauf ansehen").click()
                page.screenshot(path=str(out / "editor-history.png"))
                browser.close()
        finally:
            server.shutdown()
    print(f"Gespeichert: {out / 'editor.png'}, {out / 'editor-history.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
