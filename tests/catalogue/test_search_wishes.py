"""Filters asked for in the question: "hat jetzt offen" (open now) and "barrierefrei" (accessible)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

import catalogue
from catalogue import _index, _search
from catalogue._question import detect_wishes

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=BERLIN)
SUNDAY_3 = datetime(2026, 11, 22, 3, 0, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "wishes"),
    [
        ("Welche Schuldnerberatung hat jetzt offen?", {"open_now"}),
        ("wo kann ich jetzt noch hin", {"open_now"}),
        ("Suchtberatung, ich sitze im Rollstuhl", {"accessible"}),
        ("barrierefreie Beratung die gerade geöffnet hat", {"accessible", "open_now"}),
        ("Schuldnerberatung in Altstadt", set()),
        ("offene Sprechstunde", set()),
    ],
)
def test_wishes_are_recognised_in_the_question(text, wishes) -> None:
    assert set(detect_wishes(text)) == wishes


def test_open_now_keeps_only_services_open_at_that_moment(session) -> None:
    result = catalogue.search(session, "Schuldnerberatung", open_at=MONDAY_10)
    assert result.open_now and result.relaxed == [] and result.hits
    assert all(catalogue.service_summary(h.service, moment=MONDAY_10)["open_now"] for h in result.hits)
    assert result.hits[0].service.category == "Schuldnerberatung"


def test_when_nothing_is_open_the_filter_is_dropped_and_said(session) -> None:
    result = catalogue.search(session, "Schuldnerberatung", open_at=SUNDAY_3)
    assert result.relaxed == ["open_now"] and not result.open_now
    assert result.hits[0].service.category == "Schuldnerberatung"


def test_open_now_from_the_question_uses_the_local_time(session, monkeypatch) -> None:
    monkeypatch.setattr(_search, "local_now", lambda: MONDAY_10)
    result = catalogue.search(session, "Welche Schuldnerberatung hat jetzt offen?")
    assert result.open_now and result.hits[0].service.category == "Schuldnerberatung"
    monkeypatch.setattr(_search, "local_now", lambda: SUNDAY_3)
    assert catalogue.search(session, "Welche Schuldnerberatung hat jetzt offen?").relaxed == ["open_now"]


def test_accessible_from_the_question_filters_and_is_not_a_topic(session) -> None:
    result = catalogue.search(session, "barrierefreie Suchtberatung")
    assert result.accessible and result.hits
    assert result.hits[0].service.category == "Suchtberatung"
    assert all(_index.is_accessible(h.service.accessibility) for h in result.hits)


def test_other_catalogues_categories_reach_vocabulary_concepts() -> None:
    """A category outside the vocabulary ("Drogen/Sucht") is read through its words."""
    assert "Suchtberatung" in _index._named_concepts("Drogen/Sucht")
    assert "Suchtberatung" in _index._named_concepts("Alkohol- und Medikamentenberatungsstelle")
    assert "Psychische Krise" in _index._named_concepts("Krisendienst")
    assert "Depression" in _index._named_concepts("Traurigkeit & Verzweiflung")
