"""Thanks alone are answered; thanks with a need in the same message search that need."""

from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.search import ActionSearchServices, ActionShowMore
from actions.smalltalk import ActionAnswerThanks, ActionSmallTalk
from tests.actions.conftest import responses, slot_events


def test_thanks_alone_are_answered(dispatcher, tracker) -> None:
    ActionAnswerThanks().run(dispatcher, tracker("vielen dank!", intent="thank"), {})
    assert responses(dispatcher) == ["utter_you_are_welcome"]


def test_thanks_with_a_need_search_it(dispatcher, tracker) -> None:
    said = "danke, dann noch eine frage: wo ist die wärmestube in der altstadt"
    ActionAnswerThanks().run(dispatcher, tracker(said, intent="thank"), {})
    assert "utter_you_are_welcome" not in responses(dispatcher)
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and cards[0]["category"] == "Wärmestube" and cards[0]["district"] == "Altstadt"


@pytest.mark.parametrize(("intent", "response"), [("greet", "utter_greet"), ("goodbye", "utter_goodbye")])
def test_small_talk_gets_its_answer_without_a_question_about_a_result(dispatcher, tracker, intent, response) -> None:
    ActionSmallTalk().run(dispatcher, tracker("hallo zusammen", intent=intent), {})
    assert responses(dispatcher) == [response]


def test_small_talk_after_a_list_that_asks_about_a_result_is_answered(dispatcher, tracker) -> None:
    slots = slot_events(ActionSearchServices().run(CollectingDispatcher(), tracker("Tafel im Nordhafen"), {}))
    ActionSmallTalk().run(dispatcher, tracker("hallo? wann offen?", intent="greet", slots=slots), {})
    assert responses(dispatcher) == ["utter_detail_hours"]


def test_a_bare_yes_with_nothing_offered_invites_a_question(dispatcher, tracker) -> None:
    ActionSmallTalk().run(dispatcher, tracker("ja", intent="affirm"), {})
    assert responses(dispatcher) == ["utter_capabilities"]


def test_a_yes_to_more_results_that_asks_about_a_shown_one_is_answered(tracker) -> None:
    slots = slot_events(ActionSearchServices().run(CollectingDispatcher(), tracker("Schuldnerberatung"), {}))
    asking = CollectingDispatcher()
    ActionShowMore().run(asking, tracker("ja, und wo ist die erste?", intent="affirm", slots=slots), {})
    assert responses(asking) == ["utter_detail_address"]
    more = CollectingDispatcher()
    ActionShowMore().run(more, tracker("ja", intent="affirm", slots=slots), {})
    assert "utter_service_card" in responses(more)
