"""BITV 2.0 / WCAG 2.1 AA: axe-core finds no violations; a whole conversation works by keyboard; 320 px, 200 %.

axe-core comes from npm (requirements/npm) and is injected into the page under
test here; users never receive it.
"""

from __future__ import annotations

import pytest

from tests.e2e.axe import violations

pytestmark = pytest.mark.e2e


def _ask(page, text: str) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    before = page.locator(".msg--bot").count()
    page.fill("#chat-input", text)
    page.keyboard.press("Enter")
    page.locator(".msg--bot").nth(before).wait_for(timeout=60_000)
    expect(page.locator("#chat-send")).to_be_enabled(timeout=60_000)


@pytest.fixture()
def context(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="de-DE")
    yield context
    context.close()


def test_the_chat_page_with_cards_buttons_and_forms_has_no_violations(context, stack) -> None:
    page = context.new_page()
    page.goto(stack)
    page.locator(".msg--bot").first.wait_for(timeout=60_000)
    assert violations(page) == []
    _ask(page, "Beratung")
    _ask(page, "Tafel")
    _ask(page, "ich möchte mit einem Menschen sprechen")
    page.locator(".contact-form").wait_for()
    assert page.locator(".service-card").count() >= 1 and page.locator(".msg__button").count() >= 4
    # Links open safely: only http(s), tel and mailto, and websites without handing over the page.
    for link in page.locator("#chat-log a").all():
        href = link.get_attribute("href") or ""
        assert href.startswith(("https://", "http://", "tel:", "mailto:")), href
        if href.startswith("http"):
            assert link.get_attribute("rel") == "noopener noreferrer"
    assert page.locator("#chat-log a.service-card__link").count() >= 1
    assert violations(page) == []


def test_the_privacy_page_has_no_violations(context, stack) -> None:
    page = context.new_page()
    page.goto(f"{stack}/datenschutz")
    assert violations(page) == []


def test_the_embedded_chat_on_another_origin_works_and_has_no_violations(context, embed_demo, stack) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(embed_demo)
    frame = page.frame_locator("iframe[title='Chat der Sozialauskunft']")
    expect(frame.locator(".msg--bot").first).to_be_visible(timeout=60_000)
    expect(frame.locator(".embed__notice")).to_contain_text("Automatischer Assistent")
    frame.locator("#chat-input").fill("Beratung")
    frame.locator("#chat-input").press("Enter")
    expect(frame.locator(".msg__button").first).to_be_visible(timeout=60_000)
    frame.locator(".msg__button", has_text="Schulden").click()
    expect(frame.locator(".service-card").first).to_be_visible(timeout=60_000)
    # The cookie works inside the frame: after a reload of the city's page the conversation is back.
    page.reload()
    frame = page.frame_locator("iframe[title='Chat der Sozialauskunft']")
    expect(frame.locator(".service-card").first).to_be_visible(timeout=60_000)
    expect(frame.locator(".msg--user")).to_have_count(2)
    inner = next(f for f in page.frames if f.url.startswith(stack))
    assert violations(inner) == []
    assert violations(page) == []


def test_a_page_of_an_origin_not_configured_cannot_show_the_chat(context, stack) -> None:
    from playwright.sync_api import expect

    foreign = "http://fremde-stadt.example/"
    html = f'<!DOCTYPE html><html lang="de"><title>x</title><iframe src="{stack}/einbetten" title="Chat"></iframe>'
    context.route(f"{foreign}**", lambda route: route.fulfill(body=html, content_type="text/html"))
    page = context.new_page()
    page.goto(foreign)
    page.wait_for_timeout(2000)
    frame = page.frames[1]
    # frame-ancestors lists only the configured origins: the browser shows its error page instead of the chat.
    assert frame.locator("#chat").count() == 0
    # The configured demo origin is the positive case (test above); the full page refuses every frame.
    own = context.new_page()
    own.goto(stack)
    expect(own.locator("#chat")).to_be_visible()


def test_a_whole_conversation_by_keyboard_alone(context, stack) -> None:
    from playwright.sync_api import expect

    page = context.new_page()
    page.goto(stack)
    page.locator(".msg--bot").first.wait_for(timeout=60_000)
    # The skip link comes first and leads to the input.
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#chat-input")).to_be_focused()
    page.keyboard.type("Beratung")
    page.keyboard.press("Enter")
    expect(page.locator(".msg__button").first).to_be_visible(timeout=60_000)
    expect(page.locator("#chat-input")).to_be_focused()
    # Shift+Tab back into the log reaches the quick replies; Enter picks one.
    button = page.locator(".msg__button", has_text="Sucht")
    for _ in range(40):
        if button.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Shift+Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".service-card").first).to_be_visible(timeout=60_000)
    details = page.locator(".service-card__more").first
    for _ in range(80):
        if details.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Shift+Tab")
    expect(details).to_be_focused()
    # Focus is visible: the focused control has an outline.
    assert details.evaluate("b => getComputedStyle(b).outlineStyle") != "none"
    before = page.locator(".msg--bot").count()
    page.keyboard.press("Enter")
    page.locator(".msg--bot").nth(before).wait_for(timeout=60_000)
    expect(page.locator(".msg--bot").last).to_contain_text("Öffnungszeiten")
    restart = page.locator("#chat-restart")
    for _ in range(120):
        if restart.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".msg--user")).to_have_count(0)
    expect(page.locator("#chat-input")).to_be_focused()


@pytest.mark.parametrize(("width", "zoom"), [(320, 1.0), (1280, 2.0)])
def test_no_horizontal_scrolling_and_every_control_reachable(browser, stack, width, zoom) -> None:
    # 200 % zoom is a 640 CSS px viewport at device scale 2, as WCAG 1.4.10 counts it.
    context = browser.new_context(
        locale="de-DE", viewport={"width": int(width / zoom), "height": 800}, device_scale_factor=zoom
    )
    page = context.new_page()
    page.goto(stack)
    page.locator(".msg--bot").first.wait_for(timeout=60_000)
    _ask(page, "Tafel")
    page.locator(".service-card").first.wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    viewport = page.evaluate("document.documentElement.clientWidth")
    for control in page.locator("button:visible, a:visible, textarea:visible").all():
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport + 1
    context.close()
