"""Weekly opening hours: parsing, display in German, "open now" and "next opening".

A range whose closing time is not after its opening time runs past midnight
(a night shelter open Fr 20:00–08:00 is open early on Saturday). Public
holidays of the city's federal state (CATALOGUE_STATE, default BE) and
temporary closures close a service for the whole day; a range that began the
evening before a holiday still runs to its end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import groupby

import holidays

from catalogue._settings import settings

DAY_CODES = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")  # ASCII digits only


@dataclass(frozen=True, order=True)
class OpeningRange:
    """One range on one weekday (0 = Monday), times as "HH:MM"; closes ≤ opens runs past midnight."""

    weekday: int
    opens: str
    closes: str

    @property
    def overnight(self) -> bool:
        """Tell whether the range ends on the next day."""
        return self.closes <= self.opens and self.closes != "24:00"


@dataclass(frozen=True)
class ClosedDays:
    """A temporary closure, both days included."""

    starts: date
    ends: date
    note: str | None = None

    def covers(self, day: date) -> bool:
        """Tell whether `day` falls into the closure."""
        return self.starts <= day <= self.ends


@dataclass(frozen=True)
class OpeningState:
    """Whether a service is open at a moment, until when, and when it opens next."""

    open: bool
    closes_at: datetime | None = None
    next_opening: datetime | None = None
    reason: str | None = None


def valid_time(value: str) -> bool:
    """Tell whether `value` is a time of day written HH:MM (24:00 allowed)."""
    return bool(_TIME.match(value))


def city_state() -> str:
    """Return the federal state whose public holidays apply (CATALOGUE_STATE, e.g. BE, NW, BY)."""
    return settings().state


@lru_cache(maxsize=16)
def _holiday_calendar(state: str) -> holidays.HolidayBase:
    return holidays.country_holidays("DE", subdiv=state, language="de")


def holiday_name(day: date, state: str | None = None) -> str | None:
    """Return the German name of the public holiday on `day`, or None."""
    return _holiday_calendar(state or city_state()).get(day)


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


def _at(day: date, hhmm: str, tzinfo) -> datetime:  # type: ignore[no-untyped-def]
    if hhmm == "24:00":
        return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo)
    hours, minutes = hhmm.split(":")
    return datetime.combine(day, time(int(hours), int(minutes)), tzinfo)


def _periods(
    ranges: Iterable[OpeningRange], first: date, last: date, closed: Callable[[date], bool], tzinfo
) -> list[tuple[datetime, datetime]]:  # type: ignore[no-untyped-def]
    """Concrete opening periods starting between `first` and `last`, skipping closed days."""
    periods = []
    day = first
    while day <= last:
        if not closed(day):
            for r in ranges:
                if r.weekday == day.weekday():
                    end_day = day + timedelta(days=1) if r.overnight else day
                    periods.append((_at(day, r.opens, tzinfo), _at(end_day, r.closes, tzinfo)))
        day += timedelta(days=1)
    return sorted(periods)


def opening_state(
    ranges: list[OpeningRange],
    moment: datetime,
    *,
    always_open: bool = False,
    closures: Iterable[ClosedDays] = (),
    state: str | None = None,
    horizon_days: int = 62,
) -> OpeningState:
    """Tell whether the service is open at `moment` (local time), until when, and its next opening.

    Around-the-clock services ignore holidays but not temporary closures.
    """
    closures = list(closures)
    today = moment.date()

    def closure_on(day: date) -> ClosedDays | None:
        return next((c for c in closures if c.covers(day)), None)

    def closed(day: date) -> bool:
        return closure_on(day) is not None or (not always_open and holiday_name(day, state) is not None)

    if always_open:
        if not closed(today):
            return OpeningState(open=True)
        day = today
        while closed(day) and (day - today).days <= horizon_days:
            day += timedelta(days=1)
        reopens = datetime.combine(day, time(0, 0), moment.tzinfo) if not closed(day) else None
        return OpeningState(open=False, next_opening=reopens, reason=_reason(closure_on(today), None))

    periods = _periods(ranges, today - timedelta(days=1), today + timedelta(days=horizon_days), closed, moment.tzinfo)
    current = next((p for p in periods if p[0] <= moment < p[1]), None)
    if current:
        # Ranges that touch (09:00–12:00, 12:00–15:00) count as one opening.
        end = current[1]
        for start, stop in periods:
            if start <= end < stop:
                end = stop
        return OpeningState(open=True, closes_at=end)
    upcoming = next((start for start, _stop in periods if start > moment), None)
    holiday = None if always_open else holiday_name(today, state)
    return OpeningState(open=False, next_opening=upcoming, reason=_reason(closure_on(today), holiday))


def _reason(closure: ClosedDays | None, holiday: str | None) -> str | None:
    if closure:
        return f"vorübergehend geschlossen bis {closure.ends:%d.%m.%Y}" + (f" ({closure.note})" if closure.note else "")
    if holiday:
        return f"geschlossen: Feiertag ({holiday})"
    return None


def is_open(
    ranges: list[OpeningRange],
    moment: datetime,
    always_open: bool = False,
    *,
    closures: Iterable[ClosedDays] = (),
    state: str | None = None,
) -> bool:
    """Tell whether the service is open at `moment` (a local time), holidays and closures included."""
    return opening_state(ranges, moment, always_open=always_open, closures=closures, state=state).open


_WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


def describe_moment(moment: datetime, now: datetime) -> str:
    """Say a coming moment in German: "heute um 14:00", "morgen um 09:00", "Montag, 24.11. um 09:00"."""
    days = (moment.date() - now.date()).days
    clock = moment.strftime("%H:%M")
    if days == 0:
        return f"heute um {clock}"
    if days == 1:
        return f"morgen um {clock}"
    return f"{_WEEKDAYS_DE[moment.weekday()]}, {moment:%d.%m.} um {clock}"


_WEEK_PART = re.compile(
    r"^\s*(Mo|Di|Mi|Do|Fr|Sa|So)(?:\s*[-–]\s*(Mo|Di|Mi|Do|Fr|Sa|So))?\s+(\d\d:\d\d)\s*[-–]\s*(\d\d:\d\d)\s*$"
)


def parse_week(text: str) -> list[OpeningRange]:
    """Read hours written as "Mo-Fr 08:00-18:00; Sa 09:00-12:00" (a setting, not free text); ValueError if not."""
    ranges = []
    for part in (p for p in text.split(";") if p.strip()):
        match = _WEEK_PART.match(part)
        if not match or not (valid_time(match[3]) and valid_time(match[4])):
            raise ValueError(f"Öffnungszeiten nicht lesbar: {part.strip()!r} (Beispiel: Mo-Fr 08:00-18:00)")
        first = DAY_CODES.index(match[1])
        last = DAY_CODES.index(match[2] or match[1])
        ranges += [OpeningRange(day, match[3], match[4]) for day in range(first, last + 1)]
    return ranges


def info_desk_staffed(moment: datetime) -> bool:
    """Tell whether the information desk is staffed at `moment` (its hours from the settings, holidays included)."""
    return is_open(parse_week(settings().info_desk_opening), moment)
