"""A message the classifier is unsure about: context first, then rephrase, then a person."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback import ActionFallback
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
