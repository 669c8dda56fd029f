"""Leichte Sprache for the rest of the conversation, on request."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher


class ActionEasyLanguage(Action):
    """Switch the assistant's texts to their Leichte Sprache variants (the domain's conditional responses)."""

    def name(self) -> str:
        return "action_easy_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(response="utter_easy_language_on")
        return [SlotSet("easy_language", True)]
