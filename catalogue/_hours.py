"""Weekly opening hours: parsing, display in German, and "open now"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

DAY_CODES = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")


@dataclass(frozen=True, order=True)
class OpeningRange:
    """One range on one weekday (0 = Monday), times as "HH:MM"."""

    weekday: int
    opens: str
    closes: str


def valid_time(value: str) -> bool:
    """Tell whether `value` is a time of day written HH:MM (24:00 allowed)."""
    return bool(_TIME.match(value))


def format_week(ranges: list[OpeningRange], always_open: bool = False) -> list[str]:
    """Return display lines such as "Mo–Mi: 09:00–12:00", grouping equal days."""
    if always_open:
        return ["Rund um die Uhr geöffnet"]
    by_day = {
        day: ", ".join(f"{r.opens}–{r.closes}" for r in sorted(group))
        for day, group in groupby(sorted(ranges), key=lambda r: r.weekday)
    }
    lines: list[str] = []
    days = sorted(by_day)
    i = 0
    while i < len(days):
        j = i
        while j + 1 < len(days) and days[j + 1] == days[j] + 1 and by_day[days[j + 1]] == by_day[days[i]]:
            j += 1
        label = DAY_CODES[days[i]] if i == j else f"{DAY_CODES[days[i]]}–{DAY_CODES[days[j]]}"
        lines.append(f"{label}: {by_day[days[i]]}")
        i = j + 1
    return lines


def is_open(ranges: list[OpeningRange], moment: datetime, always_open: bool = False) -> bool:
    """Tell whether the ranges cover `moment` (a local, naive or aware time)."""
    if always_open:
        return True
    now = moment.strftime("%H:%M")
    return any(r.weekday == moment.weekday() and r.opens <= now < r.closes for r in ranges)
