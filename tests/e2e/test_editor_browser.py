"""End to end: an editor signs in, finds an entry, changes it and sees the change in its history (Chromium)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

import catalogue
from webchat import create_app

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e

USERNAME, PASSWORD = "erika", "sicheres-passwort-1"
ENTRY = "Schuldner- und Insolvenzberatung Altstadt – Diakonie"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """Serve the web app on a free port with a fresh demo catalogue and one editor account; yield its URL."""
    url = f"sqlite:///{tmp_path_factory.mktemp('editor') / 'catalogue.sqlite3'}"
    engine = catalogue.make_engine(url)
    catalogue.upgrade(engine)
    with catalogue.make_session_factory(engine).begin() as session:
        catalogue.write_catalogue(session, catalogue.read_catalogue(ROOT / "catalogue" / "demo"))
        catalogue.create_user(session, USERNAME, PASSWORD, "editor")
        catalogue.create_user(session, "anton", PASSWORD, "admin")
        catalogue.create_user(session, "sabine", PASSWORD, "staff")
        catalogue.record_unanswered(session, "Wo gibt es einen Hundeführerschein?")
        catalogue.record_feedback(session, helpful=False, question="Tafel", comment="zu voll", service_ids=[1])
        catalogue.record_contact_request(
            session, consent=True, name="Erika Muster", phone="0123 456789", email=None, message="Rückruf bitte"
        )
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "e2e-editor"})
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join(timeout=10)


def test_editor_signs_in_edits_an_entry_and_sees_it_in_the_history(browser, server) -> None:
    from playwright.sync_api import expect

    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto(f"{server}/redaktion/")
        expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
        expect(page.get_by_text("Bitte melden Sie sich an")).to_be_visible()

        # Keyboard only: name, Tab, password, Enter.
        page.get_by_label("Benutzername").fill(USERNAME)
        page.keyboard.press("Tab")
        page.keyboard.type(PASSWORD)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Einträge", exact=True)).to_be_visible()
        expect(page.locator(".topbar__account")).to_contain_text(f"Angemeldet als {USERNAME}")

        page.get_by_role("searchbox", name="Suche").fill("Diakonisches Werk")
        page.get_by_role("button", name="Suchen").click()
        expect(page.locator(".result-count")).to_contain_text("für „Diakonisches Werk“")
        page.get_by_role("link", name=ENTRY).click()
        expect(page.get_by_role("heading", name=ENTRY, level=1)).to_be_visible()

        phone = page.get_by_label("Telefon", exact=True)
        old_phone = phone.input_value()
        phone.fill("0123 45 555-55")
        page.get_by_role("button", name="Änderungen speichern").click()
        expect(page.locator(".flash--success")).to_have_text("Gespeichert.")
        expect(page.get_by_label("Telefon", exact=True)).to_have_value("0123 45 555-55")

        page.get_by_role("link", name="Verlauf ansehen").click()
        latest = page.locator(".change").first
        expect(latest.get_by_role("heading")).to_contain_text("bearbeitet")
        expect(latest).to_contain_text(f"von {USERNAME}")
        row = latest.locator("tr", has_text="Telefon")
        expect(row.locator(".diff__old")).to_have_text(old_phone)
        expect(row.locator(".diff__new")).to_have_text("0123 45 555-55")

        # The chat's API finds the new number at once.
        services = page.request.get(f"{server}/api/services", params={"q": "Schuldnerberatung Altstadt"}).json()
        assert any(s["phone"] == "0123 45 555-55" for s in services["services"])
        assert errors == []  # no CSP violations or script errors
    finally:
        context.close()


def _sign_in(page, server: str, username: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page.goto(f"{server}/redaktion/anmelden")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".topbar__account")).to_contain_text(username)


def test_every_workspace_page_passes_axe(browser, server) -> None:
    from tests.e2e.axe import violations

    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(f"{server}/redaktion/anmelden")
    assert violations(page) == [], "Anmelden"
    _sign_in(page, server, "anton")
    pages = {
        "Einträge": "/redaktion/",
        "Neuer Eintrag": "/redaktion/eintraege/neu",
        "Eintrag": "/redaktion/eintraege/1",
        "Verlauf": "/redaktion/eintraege/1/verlauf",
        "Braucht Aufmerksamkeit": "/redaktion/aufmerksamkeit",
        "Kontaktwünsche": "/redaktion/kontaktwuensche",
        "Benutzer": "/redaktion/benutzer",
        "Passwort": "/redaktion/passwort",
        "Auskunft": "/redaktion/auskunft",
        "Handzettel": "/redaktion/auskunft/handzettel?id=1&id=2",
    }
    found = {}
    for name, path in pages.items():
        response = page.goto(f"{server}{path}")
        assert response is not None and response.status == 200, name
        found[name] = violations(page)
    assert found == {name: [] for name in pages}
    context.close()


def test_the_desk_finds_services_and_makes_a_handout(browser, server) -> None:
    from playwright.sync_api import expect

    from tests.e2e.axe import violations

    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    _sign_in(page, server, "sabine")
    expect(page.get_by_role("heading", name="Auskunft am Schalter")).to_be_visible()
    page.get_by_label("Anliegen").fill("Schulden")
    page.get_by_label("Bezirk").select_option("Altstadt")
    page.get_by_role("button", name="Suchen").click()
    rows = page.locator(".desk__row")
    expect(rows.first).to_be_visible()
    assert violations(page) == []
    rows.first.locator("summary").click()
    expect(rows.first.locator(".desk__facts")).to_be_visible()
    rows.nth(0).locator("input[type=checkbox]").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Merkzettel als PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    # The printout hides the workspace's navigation and the search form.
    page.emulate_media(media="print")
    assert page.locator(".topbar").is_hidden() and page.locator(".desk__search").is_hidden()
    context.close()
