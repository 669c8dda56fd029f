"""Small talk that may carry a need or a question: "danke, dann noch eine Frage: wo ist die Wärmestube?"
is searched, "hallo? wann offen?" after a list is answered about the shown result."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

import catalogue
from actions._catalogue import session_scope
from actions.search import ActionSearchServices, answer_short_question_about_shown


class ActionAnswerThanks(Action):
    """Thanks alone get "Gern geschehen"; thanks with a need named in the same message get the search."""

    def name(self) -> str:
        return "action_answer_thanks"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        answered = answer_short_question_about_shown(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        with session_scope() as session:
            names_need = bool(catalogue.analyse(session, tracker.latest_message.get("text") or "").needs)
        if names_need:
            return ActionSearchServices().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_you_are_welcome")
        return []


# The answer to each small-talk intent (domain responses, with their Leichte Sprache variants).
SMALL_TALK_RESPONSES = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "bot_challenge": "utter_iamabot",
    "affirm": "utter_capabilities",  # a "ja" with nothing offered: invite a question
}


class ActionSmallTalk(Action):
    """Greet, say goodbye, say it is a digital assistant, invite a question after a bare "ja": unless the
    message asks about a shown result
    ("hallo? wann offen?", "gut, und wo ist das" after a list), which is answered instead."""

    def name(self) -> str:
        return "action_small_talk"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        answered = answer_short_question_about_shown(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        dispatcher.utter_message(response=SMALL_TALK_RESPONSES.get(intent, "utter_capabilities"))
        return []
