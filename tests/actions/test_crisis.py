"""Somebody in crisis gets the 24/7 numbers first, then the city's own services (real demo catalogue)."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from sqlalchemy.exc import OperationalError

import catalogue
from actions import crisis
from actions.crisis import ActionCrisisHelp
from tests.actions.conftest import responses, slot_events


@pytest.mark.parametrize(
    ("text", "kind", "number"),
    [
        ("ich will nicht mehr leben", "suicide", "0800 111 0 111"),
        ("mein mann schlaegt mich jeden abend", "domestic_violence", "116 016"),
        ("mein Vater schlägt mich, ich bin 13", "child_in_danger", "116 111"),
        ("meine freundin ist bewusstlos und atmet kaum", "acute_danger", "112"),
        ("muss heute nacht draußen schlafen und es friert", "cold_night", "112"),
    ],
)
def test_the_numbers_come_first_and_fit_the_crisis(dispatcher, tracker, text, kind, number) -> None:
    events = ActionCrisisHelp().run(dispatcher, tracker(text, intent="crisis"), {})
    first = dispatcher.messages[0]
    assert first["response"] == f"utter_crisis_{kind}" and number in first["lines"]
    assert responses(dispatcher)[-1] == "utter_crisis_continue"
    assert slot_events(events)["crisis_kind"] == kind


def test_the_classifier_alone_gives_the_general_numbers(dispatcher, tracker) -> None:
    events = ActionCrisisHelp().run(dispatcher, tracker("es ist alles so schwer gerade", intent="crisis"), {})
    assert responses(dispatcher)[0] == "utter_crisis_unspecified"
    assert "Telefonseelsorge: 0800 111 0 111 oder 0800 111 0 222 oder 116 123" in dispatcher.messages[0]["lines"]
    assert slot_events(events)["crisis_kind"] == catalogue.UNSPECIFIED_CRISIS


@freeze_time("2026-12-01 09:30:00")  # Tuesday 10:30 in Musterstadt
def test_the_citys_services_follow_open_ones_first(dispatcher, tracker) -> None:
    events = ActionCrisisHelp().run(dispatcher, tracker("ich bring mich um", intent="crisis"), {})
    assert responses(dispatcher)[:2] == ["utter_crisis_suicide", "utter_crisis_services"]
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and all("Sozialdienst" in card["name"] for card in cards)
    opening = [card["opening"].startswith("geöffnet") for card in cards]
    assert opening == sorted(opening, reverse=True)
    # The cards can be asked about like search results.
    assert slot_events(events)["results"] == [card["id"] for card in cards]


def test_the_numbers_go_out_even_when_the_database_fails(dispatcher, tracker, monkeypatch) -> None:
    def broken(*_args, **_kwargs):
        raise OperationalError("SELECT", {}, Exception("database is locked"))

    monkeypatch.setattr(crisis.catalogue, "crisis_services", broken)
    ActionCrisisHelp().run(dispatcher, tracker("ich will nicht mehr leben", intent="crisis"), {})
    assert responses(dispatcher) == ["utter_crisis_suicide", "utter_crisis_continue"]


def test_the_numbers_are_data_a_city_can_change() -> None:
    plan = catalogue.crisis_plan("domestic_violence")
    assert [line.name for line in plan.lines] == [
        "Polizei",
        "Hilfetelefon Gewalt gegen Frauen",
        "Hilfetelefon Gewalt an Männern",
    ]
    assert catalogue.crisis_plan("no such kind") == catalogue.crisis_plan(None)
