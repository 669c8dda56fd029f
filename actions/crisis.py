"""Somebody in crisis: the 24/7 numbers first, then the city's own services, then the conversation goes on."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

import catalogue
from actions._cards import show_cards
from actions._catalogue import session_scope
from german_text import detect_crisis

logger = logging.getLogger(__name__)


def _lines_text(plan: catalogue.CrisisPlan) -> str:
    """One line per number: who answers, the numbers, when (the data's own words)."""
    return "\n".join(
        f"• {line.name}: {' oder '.join(line.numbers)}" + (f" ({line.note})" if line.note else "")
        for line in plan.lines
    )


class ActionCrisisHelp(Action):
    """Give the right 24/7 numbers at once, then the city's crisis services (open now first)."""

    def name(self) -> str:
        return "action_crisis_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        found = detect_crisis(text)
        kind = found.kind if found else catalogue.UNSPECIFIED_CRISIS
        plan = catalogue.crisis_plan(kind, text)
        # The numbers go out before anything that needs the database: nothing may delay or prevent them.
        dispatcher.utter_message(response=f"utter_crisis_{kind}", lines=_lines_text(plan))
        try:
            with session_scope() as session:
                services = catalogue.crisis_services(session, kind)
                if services:
                    dispatcher.utter_message(response="utter_crisis_services")
                    show_cards(dispatcher, services, first_position=1)
                ids = [s.id for s in services]
        except SQLAlchemyError:
            logger.exception("crisis services could not be read; the numbers were sent")
            ids = []
        dispatcher.utter_message(response="utter_crisis_continue")
        return [SlotSet("crisis_kind", kind), SlotSet("results", ids), SlotSet("results_shown", float(len(ids)))]
