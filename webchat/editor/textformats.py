"""Weekly hours and closures as editors type them: one range per line.

Hours: "Mo, Di, Do 08:30–12:00" or "Mo–Fr 09:00-12:00, 14:00-16:00".
Closures: "24.12.2025–31.12.2025 Weihnachtsferien" (ISO dates work too).
Parsing turns the lines into the YAML shape the catalogue loader checks, so
the web form and file imports share their rules and messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from catalogue import DAY_CODES, ClosedDays, OpeningRange

_DAY = "|".join(DAY_CODES)
_DASH = r"\s*(?:-|–|—|bis)\s*"
_TIME = r"\d{1,2}(?:[:.]\d{2})?"
_HOURS_LINE = re.compile(rf"^(?P<days>(?:{_DAY})(?:(?:{_DASH}|\s*,\s*|\s+)(?:{_DAY}))*)\s*:?\s+(?P<times>.+)$")
_TIME_RANGE = re.compile(rf"^({_TIME}){_DASH}({_TIME})(?:\s*uhr)?$", re.IGNORECASE)
_DATE = r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}"
_CLOSURE_LINE = re.compile(rf"^(?P<starts>{_DATE})(?:{_DASH}(?P<ends>{_DATE}))?\s*[:,–-]?\s*(?P<note>.*)$")
ALWAYS_OPEN_WORDS = {"rund-um-die-uhr", "rund um die uhr", "24/7"}


@dataclass
class Parsed:
    """Loader-shaped items, the line each item came from, and problems found in the lines themselves."""

    items: list[dict] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _day_label(days: list[int]) -> str:
    """Join weekdays, writing runs of three or more as "Mo–Fr"."""
    parts: list[str] = []
    for _, run in groupby(enumerate(sorted(days)), key=lambda pair: pair[1] - pair[0]):
        run_days = [d for _, d in run]
        if len(run_days) >= 3:
            parts.append(f"{DAY_CODES[run_days[0]]}–{DAY_CODES[run_days[-1]]}")
        else:
            parts.extend(DAY_CODES[d] for d in run_days)
    return ", ".join(parts)


def format_hours(ranges: list[OpeningRange]) -> str:
    """Return one line per time range, naming all days that share it."""
    by_time: dict[tuple[str, str], list[int]] = {}
    for r in sorted(ranges):
        by_time.setdefault((r.opens, r.closes), []).append(r.weekday)
    rows = sorted(by_time.items(), key=lambda item: (min(item[1]), item[0]))
    return "\n".join(f"{_day_label(days)} {opens}–{closes}" for (opens, closes), days in rows)


def _days(spec: str) -> list[str]:
    """Expand "Mo–Mi, Fr" to [Mo, Di, Mi, Fr]; raise ValueError on a backwards range."""
    codes: list[str] = []
    for first, last in re.findall(rf"({_DAY})(?:{_DASH}({_DAY}))?", spec):
        if not last:
            codes.append(first)
            continue
        start, end = DAY_CODES.index(first), DAY_CODES.index(last)
        if end < start:
            raise ValueError(f"{first}–{last}")
        codes.extend(DAY_CODES[start : end + 1])
    return list(dict.fromkeys(codes))


def _time(value: str) -> str:
    """Write 9, 9.30 or 9:30 as 09:00 / 09:30."""
    hours, _, minutes = value.replace(".", ":").partition(":")
    return f"{int(hours):02d}:{minutes or '00'}"


def parse_hours(text: str) -> Parsed:
    """Turn the hours lines into the loader's [{days, opens, closes}] list."""
    parsed = Parsed()
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            continue
        match = _HOURS_LINE.match(line)
        if not match:
            parsed.problems.append(
                f"Zeile {number}: „{line}“ nicht verstanden. "
                "Schreiben Sie z. B. „Mo, Di 09:00–12:00“ oder „Mo–Fr 14:00–16:00“."
            )
            continue
        try:
            days = _days(match["days"])
        except ValueError as error:
            parsed.problems.append(f"Zeile {number}: Die Tage „{error}“ sind verkehrt herum.")
            continue
        for times in re.split(r"\s*(?:,|und)\s*", match["times"]):
            time_match = _TIME_RANGE.match(times)
            if not time_match:
                parsed.problems.append(f"Zeile {number}: „{times}“ ist keine Zeitspanne wie 09:00–12:00.")
                continue
            opens, closes = _time(time_match[1]), _time(time_match[2])
            doubled = [d for d in days if (d, opens) in seen]
            if doubled:
                parsed.problems.append(
                    f"Zeile {number}: {', '.join(doubled)} ab {opens} steht schon in Zeile {seen[(doubled[0], opens)]}."
                )
                continue
            seen.update({(d, opens): number for d in days})
            parsed.items.append({"days": days, "opens": opens, "closes": closes})
            parsed.lines.append(number)
    return parsed


def _german_date(value: date) -> str:
    return f"{value:%d.%m.%Y}"


def format_closures(closures: list[ClosedDays]) -> str:
    """Return one line per closure: "24.12.2025–31.12.2025 Weihnachtsferien"."""
    lines = []
    for c in sorted(closures, key=lambda c: c.starts):
        days = _german_date(c.starts) if c.starts == c.ends else f"{_german_date(c.starts)}–{_german_date(c.ends)}"
        lines.append(f"{days} {c.note}" if c.note else days)
    return "\n".join(lines)


def _iso(value: str) -> str:
    if "." in value:
        day, month, year = value.split(".")
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return value


def parse_closures(text: str) -> Parsed:
    """Turn the closure lines into the loader's [{from, to, note}] list."""
    parsed = Parsed()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            continue
        match = _CLOSURE_LINE.match(line)
        if not match:
            parsed.problems.append(
                f"Zeile {number}: „{line}“ nicht verstanden. "
                "Schreiben Sie z. B. „24.12.2025–31.12.2025 Weihnachtsferien“."
            )
            continue
        starts = _iso(match["starts"])
        parsed.items.append(
            {"from": starts, "to": _iso(match["ends"]) if match["ends"] else starts, "note": match["note"]}
        )
        parsed.lines.append(number)
    return parsed


def split_list(text: str | None, separator: str = ",") -> list[str]:
    """Split a comma (or line) separated field into its non-empty parts."""
    parts = (text or "").splitlines() if separator == "\n" else (text or "").replace("\n", ",").split(separator)
    return [p.strip() for p in parts if p.strip()]
