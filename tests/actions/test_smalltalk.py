"""Thanks alone are answered; thanks with a need in the same message search that need."""

from __future__ import annotations

from actions.smalltalk import ActionAnswerThanks
from tests.actions.conftest import responses


def test_thanks_alone_are_answered(dispatcher, tracker) -> None:
    ActionAnswerThanks().run(dispatcher, tracker("vielen dank!", intent="thank"), {})
    assert responses(dispatcher) == ["utter_you_are_welcome"]


def test_thanks_with_a_need_search_it(dispatcher, tracker) -> None:
    said = "danke, dann noch eine frage: wo ist die wärmestube in der altstadt"
    ActionAnswerThanks().run(dispatcher, tracker(said, intent="thank"), {})
    assert "utter_you_are_welcome" not in responses(dispatcher)
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and cards[0]["category"] == "Wärmestube" and cards[0]["district"] == "Altstadt"
