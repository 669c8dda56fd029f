"""Small talk that may carry a need: "danke, dann noch eine Frage: wo ist die Wärmestube?" is searched."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

import catalogue
from actions._catalogue import session_scope
from actions.search import ActionSearchServices


class ActionAnswerThanks(Action):
    """Thanks alone get "Gern geschehen"; thanks with a need named in the same message get the search."""

    def name(self) -> str:
        return "action_answer_thanks"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        with session_scope() as session:
            names_need = bool(catalogue.analyse(session, tracker.latest_message.get("text") or "").needs)
        if names_need:
            return ActionSearchServices().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_you_are_welcome")
        return []
