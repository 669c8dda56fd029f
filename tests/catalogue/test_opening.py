"""Open now and next opening around midnight, public holidays and temporary closures."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from catalogue import ClosedDays, OpeningRange, describe_moment, holiday_name, opening_state

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = [OpeningRange(d, "09:00", "12:00") for d in range(5)]
NIGHT_SHELTER = [OpeningRange(d, "20:00", "08:00") for d in range(7)]


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def test_holidays_follow_the_federal_state() -> None:
    # Internationaler Frauentag is a public holiday in Berlin only; Fronleichnam not in Berlin but in NRW.
    assert holiday_name(date(2026, 3, 8), "BE") == "Frauentag"
    assert holiday_name(date(2026, 3, 8), "NW") is None
    assert holiday_name(date(2026, 6, 4), "NW") == "Fronleichnam"
    assert holiday_name(date(2026, 6, 4), "BE") is None
    assert holiday_name(date(2026, 12, 25), "BY") == "Erster Weihnachtstag"


def test_open_within_a_range_and_closing_time_reported() -> None:
    state = opening_state(WEEKDAYS, at(2026, 11, 23, 10, 30), state="BE")  # Monday
    assert state.open and state.closes_at == at(2026, 11, 23, 12, 0)


@pytest.mark.parametrize(
    ("moment", "expected_next"),
    [
        (at(2026, 11, 23, 8, 59), at(2026, 11, 23, 9, 0)),  # Monday before opening: today
        (at(2026, 11, 23, 12, 0), at(2026, 11, 24, 9, 0)),  # closing minute: tomorrow
        (at(2026, 11, 27, 13, 0), at(2026, 11, 30, 9, 0)),  # Friday afternoon: Monday
        (at(2026, 12, 24, 12, 30), at(2026, 12, 28, 9, 0)),  # Christmas Eve (Thu); 25th and 26th holidays
        (at(2026, 3, 6, 12, 30), at(2026, 3, 9, 9, 0)),  # Friday; 8 March is a Sunday anyway
        (at(2027, 3, 5, 13, 0), at(2027, 3, 9, 9, 0)),  # Monday 8 March 2027 is Frauentag in Berlin
    ],
)
def test_next_opening_skips_nights_weekends_and_holidays(moment, expected_next) -> None:
    state = opening_state(WEEKDAYS, moment, state="BE")
    assert not state.open
    assert state.next_opening == expected_next


def test_christmas_eve_is_a_working_day() -> None:
    state = opening_state(WEEKDAYS, at(2026, 12, 24, 10, 0), state="BE")
    assert state.open and state.closes_at == at(2026, 12, 24, 12, 0)


def test_closed_all_day_on_a_public_holiday_with_the_reason() -> None:
    state = opening_state(WEEKDAYS, at(2026, 12, 25, 10, 0), state="BE")
    assert not state.open
    assert state.reason == "geschlossen: Feiertag (Erster Weihnachtstag)"
    assert state.next_opening == at(2026, 12, 28, 9, 0)


def test_the_same_day_is_a_working_day_in_another_state() -> None:
    assert opening_state(WEEKDAYS, at(2027, 3, 8, 10, 0), state="BE").open is False
    assert opening_state(WEEKDAYS, at(2027, 3, 8, 10, 0), state="NW").open is True


@pytest.mark.parametrize(
    ("moment", "is_open", "closes_at"),
    [
        (at(2026, 11, 21, 23, 30), True, at(2026, 11, 22, 8, 0)),
        (at(2026, 11, 22, 0, 0), True, at(2026, 11, 22, 8, 0)),  # midnight itself
        (at(2026, 11, 22, 7, 59), True, at(2026, 11, 22, 8, 0)),
        (at(2026, 11, 22, 8, 0), False, None),
        (at(2026, 11, 22, 19, 59), False, None),
    ],
)
def test_ranges_past_midnight(moment, is_open, closes_at) -> None:
    state = opening_state(NIGHT_SHELTER, moment, state="BE")
    assert state.open is is_open
    assert state.closes_at == closes_at
    if not is_open:
        assert state.next_opening == at(2026, 11, 22, 20, 0)


def test_a_night_that_began_before_a_holiday_runs_to_its_end() -> None:
    # 25 December 2026 is a Friday and a holiday: no range starts that day ...
    friday_night = [OpeningRange(4, "20:00", "06:00")]
    assert not opening_state(friday_night, at(2026, 12, 25, 22, 0), state="BE").open
    # ... but Thursday night's range began on a working day and runs into the holiday morning.
    thursday_night = [OpeningRange(3, "20:00", "06:00")]
    assert opening_state(thursday_night, at(2026, 12, 25, 3, 0), state="BE").open


def test_until_midnight_and_touching_ranges_count_as_one_opening() -> None:
    ranges = [OpeningRange(0, "18:00", "24:00"), OpeningRange(1, "00:00", "02:00"), OpeningRange(0, "12:00", "18:00")]
    state = opening_state(ranges, at(2026, 11, 23, 13, 0), state="BE")
    assert state.open and state.closes_at == at(2026, 11, 24, 2, 0)


def test_temporary_closure_closes_every_day_it_covers_and_names_the_end() -> None:
    closure = ClosedDays(date(2026, 11, 23), date(2026, 11, 27), "Renovierung")
    state = opening_state(WEEKDAYS, at(2026, 11, 24, 10, 0), closures=[closure], state="BE")
    assert not state.open
    assert state.reason == "vorübergehend geschlossen bis 27.11.2026 (Renovierung)"
    assert state.next_opening == at(2026, 11, 30, 9, 0)


def test_around_the_clock_ignores_holidays_but_not_closures() -> None:
    assert opening_state([], at(2026, 12, 25, 3, 0), always_open=True, state="BE").open
    closure = ClosedDays(date(2026, 12, 24), date(2026, 12, 26))
    state = opening_state([], at(2026, 12, 25, 3, 0), always_open=True, closures=[closure], state="BE")
    assert not state.open and state.next_opening == at(2026, 12, 27, 0, 0)


def test_no_next_opening_when_there_are_no_hours() -> None:
    state = opening_state([], at(2026, 11, 23, 10, 0), state="BE")
    assert not state.open and state.next_opening is None


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 11, 23, 14, 0), "heute um 14:00"),
        (at(2026, 11, 24, 9, 0), "morgen um 09:00"),
        (at(2026, 11, 30, 9, 0), "Montag, 30.11. um 09:00"),
    ],
)
def test_moments_are_said_in_german(moment, expected) -> None:
    assert describe_moment(moment, at(2026, 11, 23, 10, 0)) == expected
