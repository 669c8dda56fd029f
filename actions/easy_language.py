"""Leichte Sprache for the rest of the conversation, on request."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import catalogue
from actions._catalogue import session_scope
from actions.search import ActionServiceDetails
from german_text import ordinal


class ActionEasyLanguage(Action):
    """Switch the assistant's texts to their Leichte Sprache variants (the domain's conditional responses).

    "und das von denen bitte in Leichter Sprache" after a list also gives that result's Leichte Sprache text.
    """

    def name(self) -> str:
        return "action_easy_language"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(response="utter_easy_language_on")
        events: list[EventType] = [SlotSet("easy_language", True)]
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("results") and _points_at_a_result(text):
            events += ActionServiceDetails().run(dispatcher, tracker, domain)
        return events


def _points_at_a_result(text: str) -> bool:
    """Tell whether a message points at a shown result ("das von denen", "die zweite", "dort")."""
    with session_scope() as session:
        question = catalogue.analyse(session, text)
    return question.refers_to_a_result or question.questions_a_result or ordinal(text) is not None
