"""Hand over to the people of the city's social information desk."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

import catalogue
from actions._catalogue import session_scope
from actions._turns import give_human_contact, topic_buttons
from actions.search import ActionSearchServices, ActionServiceDetails


class ActionHumanContact(Action):
    """Give the information desk's phone, e-mail and hours (from configuration)."""

    def name(self) -> str:
        return "action_human_contact"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        asked = (tracker.latest_message.get("intent") or {}).get("name") == "request_human"
        text = tracker.latest_message.get("text") or ""
        if catalogue.clarify_topic(text):  # "Ältere Menschen" typed: the topic, not a person
            return ActionSearchServices().run(dispatcher, tracker, domain)
        if asked and tracker.get_slot("results") and catalogue.asks_about_a_shown_result(text):
            # "wie kann ich die anrufen", "telefonnummer bitte" after a list: the service's phone, not the desk's.
            return ActionServiceDetails().run(dispatcher, tracker, domain)
        if asked and not tracker.get_slot("results") and _only_asks_for_help(text):
            # "kann mir jemand helfen?": no need and no word for a person yet: the topics first, the desk below.
            dispatcher.utter_message(response="utter_ask_topic", buttons=topic_buttons())
        give_human_contact(dispatcher, asked)
        return []


def _only_asks_for_help(text: str) -> bool:
    """Tell whether a message asks for help and names nothing else: no need, no person, no way of contact."""
    with session_scope() as session:
        question = catalogue.analyse(session, text)
    return bool(question.words) and not question.terms
