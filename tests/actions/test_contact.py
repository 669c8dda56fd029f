"""Handing over to the information desk uses the configured contact."""

import catalogue
from actions.contact import ActionHumanContact


def test_human_contact_comes_from_configuration(dispatcher, tracker, monkeypatch) -> None:
    monkeypatch.setenv("INFO_DESK_PHONE", "0555 123-4")
    monkeypatch.setenv("INFO_DESK_EMAIL", "auskunft@stadt.example")
    monkeypatch.setenv("INFO_DESK_HOURS", "Mo–Do 9–15 Uhr")
    catalogue.settings.cache_clear()  # settings are read once per process
    assert ActionHumanContact().run(dispatcher, tracker("asdf", intent="nlu_fallback"), {}) == []
    assert dispatcher.messages == [
        {
            "text": None,
            "buttons": [],
            "elements": [],
            "custom": {},
            "template": "utter_human_contact",
            "response": "utter_human_contact",
            "image": None,
            "attachment": None,
            "phone": "0555 123-4",
            "email": "auskunft@stadt.example",
            "hours": "Mo–Do 9–15 Uhr",
        }
    ]


def test_asked_for_a_person_the_answer_says_gladly(dispatcher, tracker) -> None:
    ActionHumanContact().run(dispatcher, tracker("ich will mit einem menschen sprechen", intent="request_human"), {})
    (message,) = dispatcher.messages
    assert message["response"] == "utter_human_contact_on_request"
    assert message["phone"] == catalogue.settings().info_desk_phone
