"""Filters that last: a conversation's need, district, group, language, access, open now and costs over turns."""

from __future__ import annotations

from typing import Any

import pytest
from freezegun import freeze_time
from rasa_sdk.executor import CollectingDispatcher

import catalogue
from actions.search import ActionAnswerDeny, ActionSearchServices, ActionServiceDetails
from tests.actions.conftest import slot_events


class Conversation:
    """Run the search action turn by turn, carrying its slots like Rasa's tracker does."""

    def __init__(self, tracker) -> None:  # type: ignore[no-untyped-def]
        self.tracker = tracker
        self.slots: dict[str, Any] = {}

    def say(self, text: str, action=ActionSearchServices, intent: str = "search_service") -> CollectingDispatcher:  # type: ignore[no-untyped-def]
        dispatcher = CollectingDispatcher()
        events = action().run(dispatcher, self.tracker(text, intent=intent, slots=dict(self.slots)), {})
        self.slots.update(slot_events(events))
        return dispatcher

    @staticmethod
    def heading(dispatcher: CollectingDispatcher) -> dict[str, Any]:
        return dispatcher.messages[0]

    @staticmethod
    def cards(dispatcher: CollectingDispatcher) -> list[dict[str, Any]]:
        return [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]


@pytest.fixture()
def chat(tracker) -> Conversation:  # type: ignore[no-untyped-def]
    return Conversation(tracker)


def test_a_district_named_later_narrows_the_same_need(chat) -> None:
    first = chat.say("Begegnungsstätte für Rentner")
    assert chat.heading(first)["custom"]["filters"] == {"target_group": "Senioren"}
    assert chat.cards(first)[0]["category"] == "Seniorenbegegnungsstätte"
    second = chat.say("am besten in der Südhöhe", intent="change_filter")
    heading = chat.heading(second)
    assert heading["response"] == "utter_results_one"  # one Begegnungsstätte in Südhöhe: "1 passendes Angebot"
    assert heading["custom"]["filters"] == {"district": "Südhöhe", "target_group": "Senioren"}
    assert heading["filters"] == " – in Südhöhe, für Senioren"
    cards = chat.cards(second)
    assert cards and {c["district"] for c in cards} == {"Südhöhe"}
    assert cards[0]["category"] == "Seniorenbegegnungsstätte"


def test_a_district_can_be_changed_and_dropped(chat) -> None:
    chat.say("Tafel in der Altstadt")
    changed = chat.say("nein, im Nordhafen", intent="change_filter")
    assert chat.heading(changed)["custom"]["filters"] == {"district": "Nordhafen"}
    assert {c["district"] for c in chat.cards(changed)} == {"Nordhafen"}
    assert all(c["category"] == "Tafel" for c in chat.cards(changed))
    dropped = chat.say("der Stadtteil ist mir egal", intent="change_filter")
    assert chat.heading(dropped)["custom"]["filters"] == {}
    assert chat.slots["district"] is None
    assert len({c["district"] for c in chat.cards(dropped)}) > 1
    assert chat.slots["topic"] == "Tafel in der Altstadt"


def test_free_of_charge_is_kept_and_can_be_dropped(chat) -> None:
    first = chat.say("kostenlose Beratung bei Schulden")
    assert chat.heading(first)["custom"]["filters"] == {"free_of_charge": True}
    assert all(c["costs"] == "kostenlos" for c in chat.cards(first))
    # No debt counselling speaks Russian: only the language is dropped, "kostenlos" stays.
    language = chat.say("auf Russisch bitte", intent="change_filter")
    assert chat.heading(language)["custom"]["filters"] == {"free_of_charge": True}
    assert chat.heading(language)["relaxed"] == "mit Russisch"
    assert chat.slots["language"] == "Russisch"
    dropped = chat.say("Sprache egal, darf auch was kosten", intent="change_filter")
    assert chat.heading(dropped)["custom"]["filters"] == {}
    assert chat.slots["language"] is None and chat.slots["free_of_charge"] is None


def test_a_new_need_keeps_the_filters(chat) -> None:
    chat.say("Schuldnerberatung in der Altstadt")
    second = chat.say("und eine Suchtberatung?")
    assert chat.heading(second)["custom"]["filters"] == {"district": "Altstadt"}
    cards = chat.cards(second)
    assert cards[0]["category"] == "Suchtberatung" and cards[0]["district"] == "Altstadt"


def test_a_filter_that_leaves_nothing_is_named_and_alternatives_shown(chat) -> None:
    chat.say("Wärmestube")
    narrowed = chat.say("im Nordhafen", intent="change_filter")
    heading = chat.heading(narrowed)
    assert heading["response"].startswith("utter_results_relaxed") and heading["relaxed"] == "in Nordhafen"
    assert heading["custom"]["relaxed"] == ["district"]
    cards = chat.cards(narrowed)
    assert cards and all(c["category"] == "Wärmestube" for c in cards)


def test_step_free_access_is_a_lasting_filter(chat) -> None:
    chat.say("Seniorentreff")
    access = chat.say("ich sitze im Rollstuhl", intent="change_filter")
    assert chat.heading(access)["custom"]["filters"] == {"target_group": "Senioren", "accessible": True}
    assert chat.cards(access)
    assert chat.slots["accessible"] is True
    dropped = chat.say("muss nicht barrierefrei sein", intent="change_filter")
    assert "accessible" not in chat.heading(dropped)["custom"]["filters"]


@freeze_time("2026-12-01 09:30:00")  # Tuesday morning
def test_open_now_is_a_lasting_filter(chat) -> None:
    chat.say("Suchtberatung")
    now = chat.say("nur was jetzt offen hat", intent="change_filter")
    assert chat.heading(now)["custom"]["filters"] == {"open_now": True}
    assert all(c["open_now"] is True for c in chat.cards(now))


def test_a_filter_without_a_need_asks_for_the_need_and_keeps_the_filter(chat) -> None:
    asked = chat.say("in Weidenbruch bitte", intent="change_filter")
    assert asked.messages[0]["response"] == "utter_ask_topic"
    assert chat.slots["district"] == "Weidenbruch"
    found = chat.say("Schuldnerberatung")
    # No debt counselling in Weidenbruch: the district is named as the filter that left nothing.
    assert chat.heading(found)["relaxed"] == "in Weidenbruch"


def test_follow_up_by_reference_uses_the_service_talked_about(chat) -> None:
    chat.say("Suchtberatung")
    chat.say("Details zur Nummer 2", action=ActionServiceDetails, intent="ask_details")
    second = chat.slots["results"][1]
    there = chat.say("was kostet das dort?", action=ActionServiceDetails, intent="ask_details")
    (message,) = there.messages
    assert message["response"] == "utter_detail_costs"
    assert message["custom"]["service"]["id"] == second


def test_easy_text_on_request_and_its_absence_said(chat, sessions) -> None:
    chat.say("Tafel")
    with sessions.begin() as session:
        first = session.get(catalogue.Service, chat.slots["results"][0])
        has_text = bool(first.description_easy)
    easy = chat.say("erklär mir die erste in einfachen worten", action=ActionServiceDetails, intent="ask_details")
    expected = "utter_detail_easy" if has_text else "utter_detail_easy_missing"
    assert easy.messages[0]["response"] == expected


def test_a_home_visit_question_is_answered_from_the_services_own_text(chat, sessions) -> None:
    chat.say("Ambulanter Sozialdienst für Erwachsene im Nordhafen")
    visits = chat.say("kommen die auch zu ihm nach hause?", action=ActionServiceDetails, intent="ask_details")
    (message,) = visits.messages
    with sessions.begin() as session:
        service = session.get(catalogue.Service, message["custom"]["service"]["id"])
        note = catalogue.home_visit_note(service)
    assert note and "Hausbesuch" in note  # the demo's Sozialzentren visit people at home
    assert message["response"] == "utter_detail_home_visits"
    assert message["home_visits"] == note


def test_a_home_visit_question_about_a_service_that_says_nothing_sends_to_its_phone(chat, sessions) -> None:
    chat.say("Tafel in der Altstadt")
    visits = chat.say("liefern die auch nach hause?", action=ActionServiceDetails, intent="ask_details")
    (message,) = visits.messages
    with sessions.begin() as session:
        assert not catalogue.home_visit_note(session.get(catalogue.Service, message["custom"]["service"]["id"]))
    assert message["response"] == "utter_detail_home_visits_unknown"


def test_several_life_areas_start_the_triage(chat) -> None:
    said = chat.say("hab meinen job verloren, die schulden wachsen und jetzt droht der vermieter mit kündigung")
    assert [m["response"] for m in said.messages] == ["utter_triage_intro"]
    assert said.messages[0]["areas"] == "Arbeit, Schulden und Wohnung"
    assert chat.slots["triage_areas"] == ["Arbeit", "Schulden", "Wohnung"]


def test_a_named_category_is_searched_even_with_several_areas(chat) -> None:
    said = chat.say("Ich suche eine Schuldnerberatung, ich habe Schulden und keinen Job mehr")
    assert chat.cards(said)[0]["category"] == "Schuldnerberatung"


def test_a_no_that_names_a_district_changes_the_search(chat) -> None:
    chat.say("Tafel in der Altstadt")
    changed = chat.say("nein, im Nordhafen", action=ActionAnswerDeny, intent="deny")
    assert chat.heading(changed)["custom"]["filters"] == {"district": "Nordhafen"}
    assert {c["district"] for c in chat.cards(changed)} == {"Nordhafen"}


@pytest.mark.parametrize("text", ["nein danke", "nein, das wars"])
def test_a_plain_no_offers_another_search(chat, text) -> None:
    chat.say("Tafel in der Altstadt")
    answer = chat.say(text, action=ActionAnswerDeny, intent="deny")
    assert [m["response"] for m in answer.messages] == ["utter_anything_else"]
    assert chat.slots["district"] == "Altstadt"  # the filters stay for the next question


def test_a_no_before_any_search_offers_another_search(chat) -> None:
    answer = chat.say("nein, im Nordhafen", action=ActionAnswerDeny, intent="deny")
    assert [m["response"] for m in answer.messages] == ["utter_anything_else"]
