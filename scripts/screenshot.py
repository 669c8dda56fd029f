"""Chat through a running web chat in headless Chromium, print the transcript, save a screenshot.

Usage: .venv/app/bin/python scripts/screenshot.py [URL] [OUT.png] [message ...]
Used to make the README's picture and example conversation.
"""

from __future__ import annotations

import shutil
import sys

from playwright.sync_api import expect, sync_playwright

DEFAULT_MESSAGES = ["Ich habe Schulden und weiß nicht weiter", "Details zur Nummer 1"]


def main() -> int:
    """Run the conversation and save the picture."""
    url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/"
    out = sys.argv[2] if len(sys.argv) > 2 else "docs/chat.png"
    messages = sys.argv[3:] or DEFAULT_MESSAGES
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page(viewport={"width": 900, "height": 1150}, locale="de-DE")
        page.goto(url)
        page.locator(".msg--bot").first.wait_for(timeout=60_000)
        for text in messages:
            before = page.locator(".msg--bot").count()
            page.fill("#chat-input", text)
            page.keyboard.press("Enter")
            page.locator(".msg--bot").nth(before).wait_for(timeout=60_000)
            expect(page.locator("#chat-send")).to_be_enabled(timeout=60_000)
        # Show the answer to the last question from its start, as a reader would.
        page.locator(".msg--user").last.evaluate("m => { m.parentElement.scrollTop = m.offsetTop - 8; }")
        for message in page.locator("#chat-log .msg").all():
            print(message.inner_text().strip(), end="\n\n")
        page.screenshot(path=out, full_page=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
