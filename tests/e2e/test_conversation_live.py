"""Whole conversations through the real stack's /api/chat: Rasa, its SQL tracker store, the action server.

One test per behaviour of the conversation; the Rasa-only conversation tests
(tests/conversations) check the predicted actions, these check what a person reads.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

pytestmark = pytest.mark.e2e


class Chat:
    """One browser's conversation: its own cookie jar."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=120)

    def say(self, text: str) -> list[dict[str, Any]]:
        response = self.client.post("/api/chat", json={"message": text})
        assert response.status_code == 200, response.text
        return response.json()["messages"]

    @staticmethod
    def custom(messages: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
        return [m["custom"] for m in messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == kind]

    def cards(self, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [c["service"] for c in self.custom(messages, "service")]

    def filters(self, messages: list[dict[str, Any]]) -> dict[str, Any]:
        (results,) = self.custom(messages, "results")
        return results["filters"]


@pytest.fixture()
def chat(stack):  # type: ignore[no-untyped-def]
    conversation = Chat(stack)
    yield conversation
    conversation.client.close()


def test_filters_last_change_and_drop(chat) -> None:
    first = chat.say("Begegnungsstätte für Rentner")
    assert chat.filters(first) == {"target_group": "Senioren"}
    narrowed = chat.say("am besten in der Südhöhe")
    assert chat.filters(narrowed) == {"district": "Südhöhe", "target_group": "Senioren"}
    assert "in Südhöhe, für Senioren" in narrowed[0]["text"]
    assert {c["district"] for c in chat.cards(narrowed)} == {"Südhöhe"}
    dropped = chat.say("der Stadtteil ist mir egal")
    assert chat.filters(dropped) == {"target_group": "Senioren"}
    assert len({c["district"] for c in chat.cards(dropped)}) > 1


def test_follow_ups_by_number_and_by_reference(chat) -> None:
    listed = chat.cards(chat.say("Suchtberatung"))
    details = chat.say("Details zur Nummer 2")
    assert chat.custom(details, "service_details")[0]["service"]["id"] == listed[1]["id"]
    costs = chat.say("was kostet das dort?")
    assert listed[1]["name"] in costs[0]["text"] and "kostenlos" in costs[0]["text"]


def test_an_unspecific_need_gets_topic_buttons_then_cards(chat) -> None:
    asked = chat.say("Beratung")
    buttons = [b for m in asked for b in m.get("buttons", [])]
    assert 4 <= len(buttons) <= 8 and not chat.cards(asked)
    answered = chat.say(buttons[0]["payload"])
    assert chat.cards(answered)


def test_several_problems_get_the_triage_and_the_one_stop_agency(chat) -> None:
    asked = chat.say("hab meinen job verloren, die schulden wachsen und der vermieter droht mit kündigung")
    assert not chat.cards(asked)
    assert "Arbeit, Schulden und Wohnung" in asked[0]["text"]
    assert any(m.get("buttons") for m in asked)
    second = chat.say("ja")
    assert any(m.get("buttons") for m in second) and not chat.cards(second)
    result = chat.say("nein")
    text = " ".join(m.get("text") or "" for m in result)
    assert "Hilfe aus einer Hand" in text and "weil" in text
    assert chat.cards(result)[0]["category"] == "Hilfe aus einer Hand"


def test_triage_can_end_in_specialised_counselling(chat) -> None:
    chat.say("Ich habe Schulden, keinen Job mehr und die Miete ist offen")
    chat.say("nein")
    third = chat.say("nein")
    titles = [b["title"] for m in third for b in m.get("buttons", [])]
    assert "Schulden" in titles
    result = chat.say("Schulden")
    assert "Schuldnerberatung" in result[0]["text"] and "weil" in result[0]["text"]
    assert chat.cards(result)[0]["category"] == "Schuldnerberatung"


def test_responsible_office_asks_for_the_district_then_names_the_sozialzentrum(chat) -> None:
    asked = chat.say("Wer ist für mich zuständig?")
    buttons = [b for m in asked for b in m.get("buttons", [])]
    assert [b["title"] for b in buttons][:2] == ["Altstadt", "Lindenhof"]
    named = chat.say(buttons[1]["payload"])
    assert "Sozialzentrum Lindenhof" in named[0]["text"]
    assert {c["district"] for c in chat.cards(named)} == {"Lindenhof"}


def test_asking_for_a_person_gives_the_desk_and_the_contact_form(chat) -> None:
    answer = chat.say("ich möchte mit einem Menschen sprechen")
    assert "0123 45 000-0" in answer[0]["text"]
    assert any("besetzt" in (m.get("text") or "") for m in answer)
    assert chat.custom(answer, "contact_request")


def test_two_turns_not_understood_lead_to_a_person(chat) -> None:
    chat.say("qwpoeiru zxmcvnb")
    second = chat.say("asdlkfj qwerpoiu")
    assert "0123 45 000-0" in " ".join(m.get("text") or "" for m in second)
    assert chat.custom(second, "contact_request")


def test_leichte_sprache_for_the_rest_of_the_conversation(chat) -> None:
    plain = chat.say("Tafel")
    assert chat.custom(plain, "results")[0]["easy_language"] is False
    switched = chat.say("Leichte Sprache bitte")
    assert "Leichter Sprache" in switched[0]["text"]
    easy = chat.say("Wärmestube")
    assert chat.custom(easy, "results")[0]["easy_language"] is True
    card = next(m for m in easy if m.get("custom", {}).get("type") == "service")
    assert card["custom"]["service"]["description_easy"].split(".")[0] in card["text"]
    assert "Öffnungs-Zeiten" in card["text"]


def test_crisis_first_then_the_search_goes_on(chat) -> None:
    chat.say("Schuldnerberatung")
    crisis = chat.say("ich will nicht mehr leben")
    assert "0800 111 0 111" in crisis[0]["text"]
    again = chat.say("Suchtberatung im Nordhafen")
    assert chat.cards(again)[0]["category"] == "Suchtberatung"


def test_feedback_on_an_answer_is_accepted(chat) -> None:
    cards = chat.cards(chat.say("Wärmestube"))
    response = chat.client.post(
        "/api/chat/rueckmeldung",
        json={"helpful": True, "question": "Wärmestube", "service_ids": [c["id"] for c in cards]},
    )
    assert response.status_code == 201
