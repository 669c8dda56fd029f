"""What the assistant said last: a second turn in a row that does not help goes to a person."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import catalogue
from actions._catalogue import info_desk

# Answers that did not help: after one of them, another turn without help gives the information desk.
NOT_HELPED = ("utter_ask_rephrase", "utter_out_of_scope", "utter_no_results")


def _last_bot_text(tracker: Tracker) -> str | None:
    """The assistant's last message before the person's latest one (None at the start)."""
    seen_latest = False
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            if seen_latest:
                return None
            seen_latest = True
        elif event.get("event") == "bot" and seen_latest:
            return event.get("text")
    return None


def not_helped_before(tracker: Tracker, domain: dict[str, Any]) -> bool:
    """Tell whether the assistant's previous answer was one that did not help (any variant, placeholders filled)."""
    text = _last_bot_text(tracker)
    if not text:
        return False
    responses = domain.get("responses") or {}
    for name in NOT_HELPED:
        for variant in responses.get(name, []):
            template = variant.get("text") or ""
            head = template.split("{", 1)[0]
            if text == template or (head and "{" in template and text.startswith(head)):
                return True
    return False


def topic_buttons() -> list[dict[str, str]]:
    """The topic buttons of the question "Worum geht es?" (labels and questions from the vocabulary)."""
    return [{"title": label, "payload": question} for label, question in catalogue.vocabulary().clarify_topics]


def give_human_contact(dispatcher: CollectingDispatcher, asked: bool) -> None:
    """The information desk: phone, e-mail, hours, whether it is staffed now, and the contact-request offer.

    Asked for a person: "Gern." — after two turns that did not help: "Ich kann Ihnen hier leider nicht …".
    """
    dispatcher.utter_message(
        response="utter_human_contact_on_request" if asked else "utter_human_contact", **info_desk()
    )
    staffed = catalogue.info_desk_staffed(catalogue.local_now())
    dispatcher.utter_message(response="utter_info_desk_staffed" if staffed else "utter_info_desk_not_staffed")
    # The widget shows the contact-request form under this message (name or phone only if typed, consent).
    dispatcher.utter_message(response="utter_offer_contact_request", json_message={"type": "contact_request"})
