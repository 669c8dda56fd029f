"""End to end: the real action server, Rasa server and web chat, driven through Chromium."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e

DEBT_QUESTION = "Ich habe Schulden und weiß nicht weiter"


@pytest.fixture()
def page(browser, stack):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(stack)
    page.locator(".msg--bot").first.wait_for(timeout=60_000)
    yield page
    context.close()


def _ask(page, text: str) -> None:
    """Type a message, send it with Enter and wait for the whole answer."""
    from playwright.sync_api import expect

    before = page.locator(".msg--bot").count()
    page.fill("#chat-input", text)
    page.keyboard.press("Enter")
    page.locator(".msg--bot").nth(before).wait_for(timeout=60_000)
    expect(page.locator("#chat-send")).to_be_enabled(timeout=60_000)


def test_all_processes_report_healthy(stack) -> None:
    body = httpx.get(f"{stack}/healthz", timeout=10).json()
    assert body == {"status": "ok", "checks": {"rasa": True, "action_server": True, "database": True}}


def test_greeting_says_digital_assistant_and_no_personal_data(page) -> None:
    greeting = page.locator(".msg--bot").first.inner_text()
    assert "digitale Assistent" in greeting and "keine persönlichen Daten" in greeting


def test_debt_question_lists_debt_counselling_first(page, stack) -> None:
    _ask(page, DEBT_QUESTION)
    cards = page.locator(".service-card")
    cards.first.wait_for(timeout=60_000)
    assert 3 <= cards.count() <= 5
    first = cards.first
    assert "Schuldnerberatung" in first.inner_text()
    expected = httpx.get(f"{stack}/api/services", params={"q": DEBT_QUESTION}, timeout=10).json()["services"][0]
    assert first.get_attribute("data-service-id") == str(expected["id"])
    assert expected["address"].split(",")[0] in first.inner_text()
    assert first.locator("a[href^='tel:']").count() == 1
    (ROOT / "results").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "results" / "e2e-chat.png"), full_page=True)


def test_details_button_gives_hours_and_costs(page) -> None:
    _ask(page, "Suchtberatung im Nordhafen")
    page.locator(".service-card").first.wait_for(timeout=60_000)
    before = page.locator(".msg--bot").count()
    page.locator(".service-card button").first.click()
    page.locator(".msg--bot").nth(before).wait_for(timeout=60_000)
    details = page.locator(".msg--bot").last.inner_text()
    assert "Öffnungszeiten" in details and "Kosten" in details and "Nordhafen" in details


def test_a_reload_keeps_the_conversation_and_neu_beginnen_starts_over(page) -> None:
    from playwright.sync_api import expect

    _ask(page, DEBT_QUESTION)
    page.locator(".service-card").first.wait_for(timeout=60_000)
    cards = page.locator(".service-card").count()
    page.reload()
    # Rasa's SQL tracker store gives the transcript back: the question, the cards, no second greeting.
    expect(page.locator(".msg--user")).to_have_count(1, timeout=60_000)
    expect(page.locator(".msg--user")).to_contain_text(DEBT_QUESTION)
    assert page.locator(".service-card").count() == cards
    assert page.locator(".msg--bot").filter(has_text="digitale Assistent").count() == 1
    expect(page.locator("#chat-status")).to_contain_text("bisheriges Gespräch")
    page.click("#chat-restart")
    expect(page.locator(".msg--user")).to_have_count(0)
    expect(page.locator(".msg--bot").first).to_contain_text("digitale Assistent", timeout=60_000)
    page.reload()
    expect(page.locator(".msg--bot").first).to_contain_text("digitale Assistent", timeout=60_000)
    assert page.locator(".msg--user").count() == 0 and page.locator(".service-card").count() == 0


def test_filters_survive_a_reload(page) -> None:
    from playwright.sync_api import expect

    _ask(page, "Begegnungsstätte für Rentner")
    _ask(page, "am besten in der Südhöhe")
    expect(page.locator(".msg--bot").filter(has_text="in Südhöhe, für Senioren")).to_have_count(1)
    page.reload()
    expect(page.locator(".msg--user")).to_have_count(2, timeout=60_000)
    expect(page.locator(".msg--bot").filter(has_text="in Südhöhe, für Senioren")).to_have_count(1)
    # The filters live in the conversation on the server, not in the page: the next change builds on them.
    _ask(page, "nur kostenlose")
    expect(page.locator(".msg--bot").filter(has_text="in Südhöhe, für Senioren, kostenlos")).to_have_count(1)


def test_feedback_and_contact_form_by_keyboard(page) -> None:
    from playwright.sync_api import expect

    _ask(page, "Wärmestube")
    feedback = page.locator(".feedback").last
    feedback.get_by_role("button", name="👎 Nein").focus()
    page.keyboard.press("Enter")
    expect(feedback.locator(".feedback__result")).to_contain_text("Danke", timeout=30_000)
    expect(feedback.locator(".feedback__input")).to_be_focused()
    page.keyboard.type("Die Wärmestube war voll")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#chat-input")).to_be_focused()
    _ask(page, "ich möchte mit einem Menschen sprechen")
    form = page.locator(".contact-form").last
    form.get_by_label("Telefon").fill("0123 456789")
    form.get_by_role("button", name="Kontaktwunsch senden").click()
    expect(form.locator(".contact-form__result")).to_contain_text("bestätigen", timeout=30_000)
    form.get_by_label("Ich bin einverstanden").check()
    form.get_by_role("button", name="Kontaktwunsch senden").click()
    expect(form.locator(".contact-form__result")).to_contain_text("angekommen", timeout=30_000)


def test_markup_typed_by_the_user_stays_text(page) -> None:
    attack = '<img src=x onerror="window.__pwned=1"> Schulden'
    _ask(page, attack)
    assert page.locator(".msg--user").last.inner_text().strip().endswith(attack.split("> ")[1])
    assert attack in page.locator(".msg--user").last.inner_text()
    assert page.locator("#chat-log img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_too_long_message_is_refused_in_german(page) -> None:
    page.fill("#chat-input", "")
    page.evaluate("document.querySelector('#chat-input').removeAttribute('maxlength')")
    page.fill("#chat-input", "x" * 600)
    page.keyboard.press("Enter")
    assert "zu lang" in page.locator("#chat-status").inner_text()
