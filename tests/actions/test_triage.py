"""Hilfe aus einer Hand: the triage form's answers decide, and "Wer ist für mich zuständig?"."""

from __future__ import annotations

import asyncio

import pytest

from actions.easy_language import ActionEasyLanguage
from actions.triage import (
    ActionAskTriagePriority,
    ActionResponsibleOffice,
    ActionTriageResult,
    ValidateTriageForm,
)
from tests.actions.conftest import responses, slot_events

AREAS = ["Arbeit", "Schulden", "Wohnung"]


def _cards(dispatcher):  # type: ignore[no-untyped-def]
    return [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]


@pytest.mark.parametrize(
    ("coordination", "offices", "response"),
    [
        ("ja", "nein", "utter_triage_one_stop_coordination"),
        ("ja", "ja", "utter_triage_one_stop_coordination"),
        ("nein", "ja", "utter_triage_one_stop_offices"),
    ],
)
def test_wanting_one_person_or_many_offices_leads_to_the_one_stop_agency(
    dispatcher, tracker, coordination, offices, response
) -> None:
    slots = {"triage_areas": AREAS, "triage_coordination": coordination, "triage_several_offices": offices}
    events = ActionTriageResult().run(dispatcher, tracker("ja", intent="affirm", slots=slots), {})
    assert responses(dispatcher)[0] == response
    assert dispatcher.messages[0]["areas"] == "Arbeit, Schulden und Wohnung"
    cards = _cards(dispatcher)
    assert cards and cards[0]["category"] == "Hilfe aus einer Hand"
    slots_after = slot_events(events)
    assert slots_after["triage_areas"] is None and slots_after["results"] == [cards[0]["id"]]


@pytest.mark.parametrize(
    ("priority", "category"), [("Schulden", "Schuldnerberatung"), ("Wohnung", "Wohnungsnotfallhilfe")]
)
def test_specialised_counselling_for_what_presses_most(dispatcher, tracker, priority, category) -> None:
    slots = {
        "triage_areas": AREAS,
        "triage_coordination": "nein",
        "triage_several_offices": "nein",
        "triage_priority": priority,
    }
    ActionTriageResult().run(dispatcher, tracker(priority, intent="search_service", slots=slots), {})
    message = dispatcher.messages[0]
    assert message["response"] == "utter_triage_specialised"
    assert (message["category"], message["area"]) == (category, priority)
    assert _cards(dispatcher)[0]["category"] == category


def test_everything_at_once_without_coordination_still_gets_the_one_stop_agency(dispatcher, tracker) -> None:
    slots = {
        "triage_areas": AREAS,
        "triage_coordination": "nein",
        "triage_several_offices": "nein",
        "triage_priority": "alles",
    }
    ActionTriageResult().run(dispatcher, tracker("alles", slots=slots), {})
    assert responses(dispatcher)[0] == "utter_triage_one_stop_offices"
    assert _cards(dispatcher)[0]["category"] == "Hilfe aus einer Hand"


@pytest.mark.parametrize(
    ("typed", "read"),
    [("ja", "ja"), ("ja gerne", "ja"), ("nein", "nein"), ("weiß nicht", "nein"), ("nicht ja", "nein")],
)
def test_typed_answers_are_read_as_yes_or_no(dispatcher, tracker, typed, read) -> None:
    result = ValidateTriageForm().validate_triage_coordination(typed, dispatcher, tracker(typed), {})
    assert result == {"triage_coordination": read}


def test_the_last_question_is_skipped_once_the_one_stop_agency_is_decided(dispatcher, tracker) -> None:
    slots = ["triage_coordination", "triage_several_offices", "triage_priority"]
    decided = tracker("ja", slots={"triage_coordination": "ja"})
    open_question = tracker("nein", slots={"triage_coordination": "nein", "triage_several_offices": "nein"})
    form = ValidateTriageForm()
    assert asyncio.run(form.required_slots(slots, dispatcher, decided, {})) == slots[:2]
    assert asyncio.run(form.required_slots(slots, dispatcher, open_question, {})) == slots


def test_priority_question_offers_the_named_areas(dispatcher, tracker) -> None:
    ActionAskTriagePriority().run(dispatcher, tracker("nein", slots={"triage_areas": AREAS}), {})
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == [*AREAS, "Alles gleich"]
    typed = ValidateTriageForm().validate_triage_priority(
        "die mietschulden sind am schlimmsten", dispatcher, tracker("x", slots={"triage_areas": AREAS}), {}
    )
    assert typed == {"triage_priority": "Wohnung"}


def test_responsible_office_asks_for_the_district_first(dispatcher, tracker) -> None:
    events = ActionResponsibleOffice().run(
        dispatcher, tracker("Wer ist für mich zuständig?", intent="ask_responsible_office"), {}
    )
    assert slot_events(events) == {"asked_for_office_district": True}
    (message,) = dispatcher.messages
    assert message["response"] == "utter_ask_district_for_office"
    assert [b["title"] for b in message["buttons"]] == ["Altstadt", "Lindenhof", "Nordhafen", "Südhöhe", "Weidenbruch"]
    assert message["buttons"][1]["payload"] == '/ask_responsible_office{"district": "Lindenhof"}'


@pytest.mark.parametrize(
    ("text", "slots", "district"),
    [
        ("Welches Sozialzentrum ist zuständig, ich wohne im Lindenhof", {}, "Lindenhof"),
        ("Wer ist für mich zuständig?", {"district": "Südhöhe"}, "Südhöhe"),
    ],
)
def test_responsible_office_names_the_districts_sozialzentrum(dispatcher, tracker, text, slots, district) -> None:
    events = ActionResponsibleOffice().run(dispatcher, tracker(text, intent="ask_responsible_office", slots=slots), {})
    assert dispatcher.messages[0]["response"] == "utter_responsible_office"
    assert dispatcher.messages[0]["district"] == district
    cards = _cards(dispatcher)
    assert [c["category"] for c in cards] == [
        "Wirtschaftliche Hilfen",
        "Ambulanter Sozialdienst für Erwachsene",
        "Ambulanter Sozialdienst für junge Menschen",
    ]
    assert {c["district"] for c in cards} == {district}
    assert slot_events(events)["district"] == district


def test_easy_language_is_switched_on_for_the_rest_of_the_conversation(dispatcher, tracker) -> None:
    events = ActionEasyLanguage().run(dispatcher, tracker("Leichte Sprache bitte", intent="request_easy_language"), {})
    assert responses(dispatcher) == ["utter_easy_language_on"]
    assert slot_events(events) == {"easy_language": True}


def test_a_district_typed_after_the_question_answers_it(dispatcher, tracker) -> None:
    from actions.search import ActionSearchServices

    asked = slot_events(
        ActionResponsibleOffice().run(dispatcher, tracker("wer ist zuständig", intent="ask_responsible_office"), {})
    )
    assert asked == {"asked_for_office_district": True}
    typed = tracker("Nordhafen bitte", intent="change_filter", slots=asked)
    answer = type(dispatcher)()
    events = slot_events(ActionSearchServices().run(answer, typed, {}))
    assert answer.messages[0]["response"] == "utter_responsible_office"
    assert answer.messages[0]["district"] == "Nordhafen"
    assert events["asked_for_office_district"] is None


def test_a_district_named_during_a_search_changes_the_search_not_the_office(dispatcher, tracker) -> None:
    from actions.search import ActionSearchServices

    slots = slot_events(ActionSearchServices().run(type(dispatcher)(), tracker("Familienberatung"), {}))
    ActionResponsibleOffice().run(
        dispatcher, tracker("ich wohn in der altstadt", intent="ask_responsible_office", slots=slots), {}
    )
    assert dispatcher.messages[0]["response"].startswith("utter_results")
    assert dispatcher.messages[0]["custom"]["filters"].get("district") == "Altstadt"
