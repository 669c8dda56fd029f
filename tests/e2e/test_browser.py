"""End to end: the real action server, Rasa server and web chat, driven through Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e

DEBT_QUESTION = "Ich habe Schulden und weiß nicht weiter"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[str]:
    """Start all three processes on free ports and a fresh demo catalogue; yield the chat URL."""
    if not list((ROOT / "models").glob("*.tar.gz")):
        pytest.fail("Kein trainiertes Modell in models/: erst `make train` ausführen.")
    tmp = tmp_path_factory.mktemp("stack")
    ports = {"ACTION_SERVER_PORT": _free_port(), "RASA_PORT": _free_port(), "WEBCHAT_PORT": _free_port()}
    env = dict(
        os.environ,
        CATALOGUE_DATABASE_URL=f"sqlite:///{tmp / 'catalogue.sqlite3'}",
        CONVERSATIONS_DATABASE_URL=f"sqlite:///{tmp / 'conversations.sqlite3'}",
        INFO_DESK_PHONE="0123 45 000-0",
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
