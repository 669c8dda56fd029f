"""Hilfe aus einer Hand: a few questions decide between the one-stop agency and specialised counselling.

The search action starts the triage form when a message names several life
areas at once; this module asks what the form cannot ask with a fixed response,
validates the answers and gives the recommendation. "Wer ist für mich
zuständig?" names the district's Sozialzentrum.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import catalogue
from actions._cards import show_cards
from actions._catalogue import info_desk, session_scope
from german_text import tokens

# Plain answers to a yes/no question typed instead of pressing a button.
_YES = frozenset({"ja", "jo", "jap", "jein", "gern", "gerne", "bitte", "genau", "stimmt", "klar", "yes", "ok", "okay"})
EVERYTHING = "alles"
TRIAGE_SLOTS = ("triage_areas", "triage_coordination", "triage_several_offices", "triage_priority")


def _yes_no(value: Any) -> str:
    """Read a typed answer as "ja" or "nein" ("weiß nicht" counts as no)."""
    if value in ("ja", "nein"):
        return str(value)
    said = set(tokens(str(value or "")))
    yes = bool(said & _YES) or any(re.fullmatch(r"ja+h?", word) for word in said)
    return "ja" if yes and not said & {"nein", "nee", "nicht", "kein", "keine", "no"} else "nein"


def areas_text(areas: list[str]) -> str:
    return ", ".join(areas[:-1]) + f" und {areas[-1]}" if len(areas) > 1 else "".join(areas)


class ValidateTriageForm(FormValidationAction):
    """Read the triage answers; skip the last question when the one-stop agency is already decided."""

    def name(self) -> str:
        return "validate_triage_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        if "ja" in (tracker.get_slot("triage_coordination"), tracker.get_slot("triage_several_offices")):
            return [s for s in domain_slots if s != "triage_priority"]
        return domain_slots

    def validate_triage_coordination(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"triage_coordination": _yes_no(value)}

    def validate_triage_several_offices(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"triage_several_offices": _yes_no(value)}

    def validate_triage_priority(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        areas = list(tracker.get_slot("triage_areas") or [])
        named = catalogue.life_areas(str(value or "")) + [a for a in areas if a.lower() in str(value or "").lower()]
        choice = next((a for a in named if a in areas), named[0] if named else EVERYTHING)
        return {"triage_priority": choice}


class ActionAskTriagePriority(Action):
    """Ask which of the named life areas presses most, one button each."""

    def name(self) -> str:
        return "action_ask_triage_priority"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        areas = list(tracker.get_slot("triage_areas") or [])
        buttons = [{"title": area, "payload": area} for area in areas]
        buttons.append({"title": "Alles gleich", "payload": EVERYTHING})
        dispatcher.utter_message(response="utter_ask_triage_priority", buttons=buttons)
        return []


class ActionTriageResult(Action):
    """Recommend the one-stop agency or specialised counselling, say why, show the services."""

    def name(self) -> str:
        return "action_triage_result"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        areas = list(tracker.get_slot("triage_areas") or [])
        coordination = tracker.get_slot("triage_coordination") == "ja"
        offices = tracker.get_slot("triage_several_offices") == "ja"
        priority = tracker.get_slot("triage_priority")
        easy = bool(tracker.get_slot("easy_language"))
        vocab = catalogue.vocabulary()
        district = tracker.get_slot("district")
        specialised = not (coordination or offices) and priority in vocab.life_areas
        with session_scope() as session:
            if specialised:
                category = vocab.life_areas[priority].category
                dispatcher.utter_message(response="utter_triage_specialised", category=category, area=priority)
            else:
                category = vocab.one_stop_category
                response = "utter_triage_one_stop_coordination" if coordination else "utter_triage_one_stop_offices"
                dispatcher.utter_message(response=response, areas=areas_text(areas))
            services = catalogue.services_of_categories(session, [category], None)
            # The person's district first, when known.
            services.sort(key=lambda s: s.district != district)
            show_cards(dispatcher, services[:3], 1, easy=easy)
            ids = [s.id for s in services[:3]]
        return [SlotSet(name, None) for name in TRIAGE_SLOTS] + [
            SlotSet("results", ids),
            SlotSet("results_shown", float(len(ids))),
            SlotSet("service_in_focus", None),
        ]


def answer_responsible_office(
    dispatcher: CollectingDispatcher, session: Any, district: str, easy: bool
) -> list[EventType]:
    """Name the district's Sozialzentrum with its parts as cards (or the information desk when it has none)."""
    categories = catalogue.vocabulary().responsible_office_categories
    services = catalogue.services_of_categories(session, categories, district)
    if not services:
        dispatcher.utter_message(response="utter_no_responsible_office", district=district, **info_desk())
        return [SlotSet("district", district), SlotSet("asked_for_office_district", None)]
    dispatcher.utter_message(response="utter_responsible_office", district=district)
    show_cards(dispatcher, services, 1, easy=easy)
    ids = [s.id for s in services]
    return [
        SlotSet("district", district),
        SlotSet("asked_for_office_district", None),
        SlotSet("results", ids),
        SlotSet("results_shown", float(len(ids))),
        SlotSet("service_in_focus", None),
    ]


class ActionResponsibleOffice(Action):
    """Name the Sozialzentrum of the person's district, asking for the district first when unknown."""

    def name(self) -> str:
        return "action_responsible_office"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        entities = [e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == "district"]
        easy = bool(tracker.get_slot("easy_language"))
        with session_scope() as session:
            change = catalogue.read_filter_change(session, text)
            if tracker.get_slot("topic") and change.set and not catalogue.asks_who_is_responsible(text):
                # "ich wohn in der Altstadt" during a search names the district for that search.
                from actions.search import ActionSearchServices

                return ActionSearchServices().run(dispatcher, tracker, domain)
            known = catalogue.districts(session)
            district = change.set.get("district") or next((e for e in entities if e in known), None)
            district = district or tracker.get_slot("district")
            if not district:
                buttons = [
                    {"title": name, "payload": f'/ask_responsible_office{{"district": "{name}"}}'} for name in known
                ]
                dispatcher.utter_message(response="utter_ask_district_for_office", buttons=buttons)
                # A district typed instead of pressed answers the question (see the search action).
                return [SlotSet("asked_for_office_district", True)]
            return answer_responsible_office(dispatcher, session, str(district), easy)
