"""The accessibility filter: only wheelchair-accessible services, dropped (and said so) when none fits."""

from __future__ import annotations

import pytest

import catalogue
from catalogue._index import is_accessible


@pytest.mark.parametrize(
    ("note", "accessible"),
    [
        ("Rollstuhlgerecht, Aufzug, barrierefreies WC", True),
        ("Ebenerdiger Eingang, Dusche nicht barrierefrei", True),
        ("Stufenloser Eingang, Aufzug", True),
        ("Rollstuhlrechter Zugang, Rollstuhlgerechte Einrichtung", True),  # as the Berlin directory spells it
        ("Eingang mit 2 Stufen, mobile Rampe auf Anfrage", False),
        ("Eingang mit 3 Stufen, Klingel für Rollstuhlfahrer", False),
        ("Eingang mit 4 Stufen, Handlauf; kein Aufzug", False),
        ("WC nicht barrierefrei", False),
        ("Keine Angabe", False),
        ("Gebärdensprachler vor Ort", False),
        (None, False),
    ],
)
def test_accessibility_notes_are_read(note, accessible) -> None:
    assert is_accessible(note) is accessible


def test_accessible_keeps_only_accessible_services(session) -> None:
    plain = catalogue.search(session, "Tafel")
    result = catalogue.search(session, "Tafel", accessible=True)
    assert result.accessible and result.relaxed == []
    assert result.hits and all(is_accessible(h.service.accessibility) for h in result.hits)
    assert result.hits[0].service.category == "Tafel"
    # the filter removed something the plain search ranked
    assert {h.service.external_id for h in result.hits} < {h.service.external_id for h in plain.hits} | {
        h.service.external_id for h in result.hits
    }
    assert any(not is_accessible(h.service.accessibility) for h in plain.hits)


def test_accessible_is_dropped_and_reported_when_it_leaves_no_fitting_service(session) -> None:
    # Both debt counselling offices have steps at the entrance.
    result = catalogue.search(session, "Schuldnerberatung", accessible=True)
    assert result.relaxed == ["accessible"] and not result.accessible
    assert result.hits[0].service.category == "Schuldnerberatung"


def test_accessible_combines_with_the_district(session) -> None:
    result = catalogue.search(session, "Tafel", district="Südhöhe", accessible=True)
    # The Südhöhe Tafel has a step: the district is dropped first, accessibility is kept.
    assert result.relaxed == ["district"] and result.accessible
    assert result.hits[0].service.category == "Tafel"
    assert all(is_accessible(h.service.accessibility) for h in result.hits)


def test_without_the_flag_nothing_is_filtered(session) -> None:
    result = catalogue.search(session, "Schuldnerberatung")
    assert not result.accessible and result.relaxed == []
    assert {h.service.external_id for h in result.hits[:2]} == {
        "ms-altstadt-schuldnerberatung",
        "ms-lindenhof-schuldnerberatung",
    }
