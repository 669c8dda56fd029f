"""Opening hours: German display and "open now"."""

from datetime import datetime

import pytest

from catalogue import OpeningRange, format_week, is_open


def test_equal_consecutive_days_are_grouped() -> None:
    ranges = [OpeningRange(d, "09:00", "12:00") for d in (0, 1, 2)] + [
        OpeningRange(3, "09:00", "12:00"),
        OpeningRange(3, "14:00", "18:00"),
        OpeningRange(5, "10:00", "13:00"),
    ]
    assert format_week(ranges) == ["Mo–Mi: 09:00–12:00", "Do: 09:00–12:00, 14:00–18:00", "Sa: 10:00–13:00"]


def test_around_the_clock() -> None:
    assert format_week([], always_open=True) == ["Rund um die Uhr geöffnet"]
    assert is_open([], datetime(2026, 11, 22, 3, 0), always_open=True)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 11, 23, 9, 0), True),  # Monday, opening minute
        (datetime(2026, 11, 23, 11, 59), True),
        (datetime(2026, 11, 23, 12, 0), False),  # closing minute is closed
        (datetime(2026, 11, 24, 10, 0), False),  # Tuesday
        (datetime(2026, 11, 29, 23, 30), True),  # Sunday until midnight
    ],
)
def test_is_open(moment: datetime, expected: bool) -> None:
    ranges = [OpeningRange(0, "09:00", "12:00"), OpeningRange(6, "20:00", "24:00")]
    assert is_open(ranges, moment) is expected
