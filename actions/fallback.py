"""A message the classifier is unsure about, or reads as outside the social services: use the
conversation before asking to rephrase or declining.

"was für unterlagen brauch ich da" after a list of results asks about one of
them; "in Weidenbruch" after a search changes its filter; a message naming a
need is searched. Only when neither explains the message is the person asked
to say it differently, and the second time in a row they get the information desk.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

import catalogue
from actions._catalogue import session_scope
from actions._turns import give_human_contact, not_helped_before
from actions.search import (
    ActionSearchServices,
    ActionServiceDetails,
    answer_about_shown,
    answer_short_question_about_shown,
)


class ActionFallback(Action):
    """Answer from the conversation's context, else ask to rephrase, else (twice) hand over to a person."""

    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("results") and catalogue.detail_aspects(text):
            return ActionServiceDetails().run(dispatcher, tracker, domain)
        with session_scope() as session:
            question = catalogue.analyse(session, text)
            change = catalogue.read_filter_change(session, question)
            answered = answer_about_shown(dispatcher, tracker, session, question, change)  # "darf mein Hund mit"
            if answered is not None:
                return answered
        if tracker.get_slot("topic") and (change.set or change.dropped):
            return ActionSearchServices().run(dispatcher, tracker, domain)
        if question.needs:
            # "betreutes Wohnen für meinen Sohn, er hat eine geistige Behinderung": it names a need.
            return ActionSearchServices().run(dispatcher, tracker, domain)
        if not_helped_before(tracker, domain):
            give_human_contact(dispatcher, asked=False)
            return []
        dispatcher.utter_message(response="utter_ask_rephrase")
        return []


class ActionOutOfScope(Action):
    """Decline a question outside the social services, unless it asks about a shown result ("auch
    samstags?" after a list); the second such turn in a row gets the information desk."""

    def name(self) -> str:
        return "action_out_of_scope"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        answered = answer_short_question_about_shown(dispatcher, tracker, domain)  # "auch samstags?"
        if answered is not None:
            return answered
        if tracker.get_slot("results"):
            with session_scope() as session:
                question = catalogue.analyse(session, tracker.latest_message.get("text") or "")
                change = catalogue.read_filter_change(session, question)
                answered = answer_about_shown(dispatcher, tracker, session, question, change)  # "darf mein Hund mit"
                if answered is not None:
                    return answered
        if not_helped_before(tracker, domain):
            give_human_contact(dispatcher, asked=False)
            return []
        dispatcher.utter_message(response="utter_out_of_scope")
        return []
