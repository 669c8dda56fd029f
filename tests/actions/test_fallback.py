"""A message the classifier is unsure about: context first, then rephrase, then a person."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.easy_language import ActionEasyLanguage
from actions.fallback import ActionFallback, ActionOutOfScope
from actions.search import ActionSearchServices
from tests.actions.conftest import responses, slot_events

DOMAIN = {
    "responses": {
        "utter_ask_rephrase": [{"text": "Das habe ich leider nicht verstanden."}],
        "utter_out_of_scope": [{"text": "Dabei kann ich leider nicht helfen."}],
    }
}


def _tracker(text: str, slots: dict | None = None, last_bot: str | None = None) -> Tracker:
    events = []
    if last_bot:
        events += [{"event": "user", "text": "vorher"}, {"event": "bot", "text": last_bot}]
    events.append({"event": "user", "text": text})
    return Tracker(
        sender_id="t",
        slots=slots or {},
        latest_message={"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.4}, "entities": []},
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def _search(text: str) -> dict:
    dispatcher = CollectingDispatcher()
    tracker = _tracker(text)
    return slot_events(ActionSearchServices().run(dispatcher, tracker, {}))


def test_a_question_about_a_shown_result_is_answered() -> None:
    slots = _search("Sozialzentrum Lindenhof")
    dispatcher = CollectingDispatcher()
    ActionFallback().run(dispatcher, _tracker("was für unterlagen brauch ich da", slots), DOMAIN)
    assert responses(dispatcher) == ["utter_detail_documents"]


def test_a_changed_filter_searches_again() -> None:
    slots = _search("Tafel")
    dispatcher = CollectingDispatcher()
    ActionFallback().run(dispatcher, _tracker("nur im nordhafen", slots), DOMAIN)
    assert dispatcher.messages[0]["custom"]["filters"] == {"district": "Nordhafen"}


def test_a_message_naming_a_need_is_searched() -> None:
    dispatcher = CollectingDispatcher()
    said = "betreutes Wohnen für meinen Sohn, er hat eine geistige Behinderung"
    ActionFallback().run(dispatcher, _tracker(said), DOMAIN)
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and "Menschen mit Behinderung" in cards[0]["target_groups"]


def test_without_context_it_asks_to_rephrase_then_hands_over() -> None:
    first = CollectingDispatcher()
    ActionFallback().run(first, _tracker("blubb"), DOMAIN)
    assert responses(first) == ["utter_ask_rephrase"]
    second = CollectingDispatcher()
    ActionFallback().run(second, _tracker("blabb", last_bot="Das habe ich leider nicht verstanden."), DOMAIN)
    assert responses(second)[0] == "utter_human_contact"
    after_out_of_scope = CollectingDispatcher()
    ActionFallback().run(after_out_of_scope, _tracker("hm", last_bot="Dabei kann ich leider nicht helfen."), DOMAIN)
    assert responses(after_out_of_scope)[0] == "utter_human_contact"


def test_nothing_found_twice_in_a_row_hands_over_to_a_person() -> None:
    domain = {"responses": {"utter_no_results": [{"text": "Dazu habe ich nichts gefunden. Telefon {phone}."}]}}
    dispatcher = CollectingDispatcher()
    tracker = _tracker("Raumschiff Quantenchromodynamik", last_bot="Dazu habe ich nichts gefunden. Telefon 0123.")
    ActionSearchServices().run(dispatcher, tracker, domain)
    assert responses(dispatcher)[0] == "utter_human_contact"
    assert dispatcher.messages[-1]["custom"] == {"type": "contact_request"}


def test_out_of_scope_after_a_list_answers_about_the_shown_result() -> None:
    slots = _search("Tafel im Nordhafen")
    dispatcher = CollectingDispatcher()
    ActionOutOfScope().run(dispatcher, _tracker("auch sonntags?", slots), DOMAIN)
    assert responses(dispatcher) == ["utter_detail_hours"]


def test_out_of_scope_is_declined_and_the_second_in_a_row_gets_a_person() -> None:
    first = CollectingDispatcher()
    ActionOutOfScope().run(first, _tracker("wie wird das wetter"), DOMAIN)
    assert responses(first) == ["utter_out_of_scope"]
    second = CollectingDispatcher()
    ActionOutOfScope().run(second, _tracker("und fußball?", last_bot="Dabei kann ich leider nicht helfen."), DOMAIN)
    assert responses(second)[0] == "utter_human_contact"


def test_a_thing_named_in_a_shown_service_gets_its_own_sentence() -> None:
    slots = _search("Wärmestube in der Südhöhe")
    dispatcher = CollectingDispatcher()
    ActionFallback().run(dispatcher, _tracker("kann mein hund mitkommen", slots), DOMAIN)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_detail_mentioned" and "Hund" in message["mentioned"]


def test_easy_language_asked_for_a_shown_result_switches_and_gives_its_text() -> None:
    slots = _search("Migrationsberatung in der Altstadt")
    dispatcher = CollectingDispatcher()
    events = ActionEasyLanguage().run(dispatcher, _tracker("und das von der ersten in leichter sprache", slots), DOMAIN)
    assert responses(dispatcher)[:2] == ["utter_easy_language_on", "utter_detail_easy"]
    assert slot_events(events)["easy_language"] is True
    alone = CollectingDispatcher()
    ActionEasyLanguage().run(alone, _tracker("leichte sprache bitte", slots), DOMAIN)
    assert responses(alone) == ["utter_easy_language_on"]


def test_out_of_scope_naming_a_thing_of_a_shown_service_is_answered_from_its_text() -> None:
    slots = _search("Wärmestube in der Südhöhe")
    dispatcher = CollectingDispatcher()
    ActionOutOfScope().run(dispatcher, _tracker("nehmen die auch hunde", slots), DOMAIN)
    assert dispatcher.messages[0]["response"] == "utter_detail_mentioned"
