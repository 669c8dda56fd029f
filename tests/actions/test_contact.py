"""Handing over to the information desk: configured contact, whether it is staffed now, the contact-request form."""

from datetime import datetime

import pytest
from freezegun import freeze_time

import catalogue
from actions.contact import ActionHumanContact


def test_human_contact_comes_from_configuration(dispatcher, tracker, monkeypatch) -> None:
    monkeypatch.setenv("INFO_DESK_PHONE", "0555 123-4")
    monkeypatch.setenv("INFO_DESK_EMAIL", "auskunft@stadt.example")
    monkeypatch.setenv("INFO_DESK_HOURS", "Mo–Do 9–15 Uhr")
    catalogue.settings.cache_clear()  # settings are read once per process
    assert ActionHumanContact().run(dispatcher, tracker("asdf", intent="nlu_fallback"), {}) == []
    first, staffed, offer = dispatcher.messages
    assert first["response"] == "utter_human_contact"
    assert (first["phone"], first["email"], first["hours"]) == (
        "0555 123-4",
        "auskunft@stadt.example",
        "Mo–Do 9–15 Uhr",
    )
    assert staffed["response"] in ("utter_info_desk_staffed", "utter_info_desk_not_staffed")
    assert offer["response"] == "utter_offer_contact_request" and offer["custom"] == {"type": "contact_request"}


def test_asked_for_a_person_the_answer_says_gladly(dispatcher, tracker) -> None:
    ActionHumanContact().run(dispatcher, tracker("ich will mit einem menschen sprechen", intent="request_human"), {})
    message = dispatcher.messages[0]
    assert message["response"] == "utter_human_contact_on_request"
    assert message["phone"] == catalogue.settings().info_desk_phone


@pytest.mark.parametrize(
    ("moment", "staffed"),
    [
        ("2026-12-01 09:00:00", "utter_info_desk_staffed"),  # Tuesday 10:00 in Berlin
        ("2026-12-01 18:30:00", "utter_info_desk_not_staffed"),  # Tuesday 19:30
        ("2026-12-05 10:00:00", "utter_info_desk_staffed"),  # Saturday 11:00, "Sa 09:00-12:00" configured
        ("2026-12-25 09:00:00", "utter_info_desk_not_staffed"),  # Christmas Day, a Friday
    ],
)
def test_whether_the_desk_is_staffed_follows_its_configured_hours(
    dispatcher, tracker, monkeypatch, moment, staffed
) -> None:
    monkeypatch.setenv("INFO_DESK_OPENING", "Mo-Fr 08:00-18:00; Sa 09:00-12:00")
    catalogue.settings.cache_clear()
    with freeze_time(moment):
        ActionHumanContact().run(dispatcher, tracker("mensch bitte", intent="request_human"), {})
    assert dispatcher.messages[1]["response"] == staffed


@pytest.mark.parametrize("text", ["Mo-Fr", "Mo-Fr 8-18", "Xy 08:00-18:00", "Mo 25:00-26:00"])
def test_unreadable_desk_hours_are_refused_with_a_german_message(text) -> None:
    with pytest.raises(ValueError, match="Öffnungszeiten nicht lesbar"):
        catalogue.parse_week(text)


def test_desk_hours_parse_day_ranges() -> None:
    ranges = catalogue.parse_week("Mo-Mi 08:00-12:00; Fr 13:00-15:30")
    assert [(r.weekday, r.opens, r.closes) for r in ranges] == [
        (0, "08:00", "12:00"),
        (1, "08:00", "12:00"),
        (2, "08:00", "12:00"),
        (4, "13:00", "15:30"),
    ]
    assert catalogue.is_open(ranges, datetime(2026, 12, 4, 14, 0)) is True


def test_calling_a_shown_service_gives_its_phone_not_the_desk(dispatcher, tracker) -> None:
    from actions.search import ActionSearchServices
    from tests.actions.conftest import slot_events

    slots = slot_events(ActionSearchServices().run(type(dispatcher)(), tracker("Suchtberatung"), {}))
    ActionHumanContact().run(dispatcher, tracker("wie kann ich die anrufen", intent="request_human", slots=slots), {})
    assert dispatcher.messages[0]["response"] == "utter_detail_contact"
    desk = type(dispatcher)()
    ActionHumanContact().run(
        desk, tracker("wie erreiche ich die Sozialauskunft", intent="request_human", slots=slots), {}
    )
    assert desk.messages[0]["response"] == "utter_human_contact_on_request"


@pytest.mark.parametrize(
    "text", ["kann mir jemand helfen?", "hilft mir hier jemand", "gibt es jemanden der mir helfen kann"]
)
def test_help_asked_of_anyone_offers_the_topics_and_the_desk(dispatcher, tracker, text) -> None:
    """No need and no word for a person: the topic buttons first, the information desk below them."""
    ActionHumanContact().run(dispatcher, tracker(text, intent="request_human"), {})
    first, desk, *_ = dispatcher.messages
    assert first["response"] == "utter_ask_topic"
    assert 4 <= len(first["buttons"]) <= 8
    assert desk["response"] == "utter_human_contact_on_request"


@pytest.mark.parametrize(
    "text", ["ich will mit einem menschen sprechen", "kann ich jemanden anrufen", "Mitarbeiter bitte"]
)
def test_a_person_asked_for_gets_the_desk_without_topics(dispatcher, tracker, text) -> None:
    ActionHumanContact().run(dispatcher, tracker(text, intent="request_human"), {})
    assert dispatcher.messages[0]["response"] == "utter_human_contact_on_request"
    assert not any(m.get("buttons") for m in dispatcher.messages)
