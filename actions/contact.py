"""Hand over to the people of the city's social information desk."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

import catalogue
from actions._catalogue import info_desk


class ActionHumanContact(Action):
    """Give the information desk's phone, e-mail and hours (from configuration)."""

    def name(self) -> str:
        return "action_human_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        asked = (tracker.latest_message.get("intent") or {}).get("name") == "request_human"
        # Asked for a person: "Gern." — after two turns that did not help: "Ich kann Ihnen hier leider nicht …".
        dispatcher.utter_message(
            response="utter_human_contact_on_request" if asked else "utter_human_contact", **info_desk()
        )
        staffed = catalogue.info_desk_staffed(catalogue.local_now())
        dispatcher.utter_message(response="utter_info_desk_staffed" if staffed else "utter_info_desk_not_staffed")
        # The widget shows the contact-request form under this message (name or phone only if typed, consent).
        dispatcher.utter_message(response="utter_offer_contact_request", json_message={"type": "contact_request"})
        return []
