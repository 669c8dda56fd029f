"""The one check of an entry's values: type, range and length of every field.

The YAML loader, the HSDS and Berlin importers and the editor form all end
here, so an entry that passes one of them passes them all. Limits are stated
in catalogue/FORMAT.md.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from email_validator import EmailNotValidError, validate_email

from catalogue._hours import valid_time
from catalogue._problems import Checker

# Longest text per field (characters); the database columns are at least this wide.
TEXT_LIMITS = {
    "provider_type": 40,
    "name": 300,
    "provider_name": 300,
    "category": 120,
    "district": 120,
    "street": 200,
    "postal_code": 10,
    "city": 120,
    "phone": 60,
    "email": 200,
    "website": 300,
    "fee": 200,
    "accessibility": 300,
    "hours_note": 300,
    "contact_name": 200,
    "description": 20_000,
    "description_easy": 5_000,
    "application_process": 5_000,
    "alert": 1_000,
}
# Longest list and longest item per list field.
LIST_LIMITS = {
    "keywords": (100, 200),
    "target_groups": (40, 200),
    "languages": (40, 120),
    "required_documents": (30, 300),
    "service_areas": (50, 300),
}
MAX_HOURS = 70
MAX_CLOSURES = 100
MIN_AGE, MAX_AGE = 0, 120
EARLIEST, LATEST = date(1900, 1, 1), date(2200, 12, 31)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,118}$")
_HTML = re.compile(r"<\s*[a-zA-Z!/?]")
_WEBSITE = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def _bad_characters(text: str) -> bool:
    """Control characters other than line breaks and tabs, or lone surrogates."""
    return any(unicodedata.category(c) == "Cs" or (unicodedata.category(c) == "Cc" and c not in "\n\t\r") for c in text)


def check_text(check: Checker, field: str, value: str | None, limit: int) -> None:
    """Check one text value: length, no HTML, no control characters."""
    if value is None:
        return
    if len(value) > limit:
        check.add(field, f"ist {len(value)} Zeichen lang; höchstens {limit} erlaubt.", code="too_long")
    elif _HTML.search(value):
        check.add(field, "enthält HTML oder Skript (<…>); bitte nur Text eingeben.", code="html")
    elif _bad_characters(value):
        check.add(field, "enthält Steuerzeichen oder ungültige Zeichen.", code="characters")


def email_problem(value: str) -> str | None:
    """Return why `value` is no e-mail address (syntax only, no DNS), or None."""
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        return f"„{value[:80]}“ ist keine gültige E-Mail-Adresse."
    return None


def validate_record(record, check: Checker) -> None:  # type: ignore[no-untyped-def]
    """Check every field of a ServiceRecord; problems go to `check`, keyed by field."""
    start = len(check.problems)
    if not isinstance(record.external_id, str) or not _ID.match(record.external_id):
        check.add("id", "nur Kleinbuchstaben a–z, Ziffern und Bindestriche, 2 bis 119 Zeichen.", code="format")
    for name, limit in TEXT_LIMITS.items():
        value = getattr(record, name)
        if value is not None and not isinstance(value, str):
            check.add(name, "erwartet Text.", code="type")
            continue
        check_text(check, name, value, limit)
    for name, (count, limit) in LIST_LIMITS.items():
        values = getattr(record, name)
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            check.add(name, "erwartet eine Liste von Texten.", code="type")
            continue
        if len(values) > count:
            check.add(name, f"hat {len(values)} Einträge; höchstens {count} erlaubt.", code="too_long")
        for value in values:
            before = len(check.problems)
            check_text(check, name, value, limit)
            if len(check.problems) > before:
                break
    flagged = {p.field for p in check.problems[start:]}
    if record.email and "email" not in flagged and (problem := email_problem(record.email)):
        check.add("email", problem, code="email")
    if record.website and "website" not in flagged and not _WEBSITE.match(record.website):
        check.add("website", f"„{record.website[:80]}“ mit http:// oder https:// angeben.", code="url")
    for name in ("minimum_age", "maximum_age"):
        age = getattr(record, name)
        if age is not None and (isinstance(age, bool) or not isinstance(age, int) or not MIN_AGE <= age <= MAX_AGE):
            check.add(name, f"erwartet ein Alter zwischen {MIN_AGE} und {MAX_AGE}.", code="range")
    if (
        isinstance(record.minimum_age, int)
        and isinstance(record.maximum_age, int)
        and "maximum_age" not in {p.field for p in check.problems[start:]}
        and record.minimum_age > record.maximum_age
    ):
        check.add("maximum_age", "Das Höchstalter ist kleiner als das Mindestalter.", code="min_over_max")
    if len(record.hours) > MAX_HOURS:
        check.add("hours", f"hat {len(record.hours)} Zeitspannen; höchstens {MAX_HOURS} erlaubt.", code="too_long")
    starts: dict[tuple[int, str], str] = {}
    for n, opening in enumerate(record.hours, start=1):
        if not (0 <= opening.weekday <= 6 and valid_time(opening.opens) and valid_time(opening.closes)):
            check.add("hours", "Uhrzeiten von 00:00 bis 24:00 im Format HH:MM angeben.", item=n, code="time")
            continue
        other = starts.setdefault((opening.weekday, opening.opens), opening.closes)
        if other != opening.closes:
            check.add(
                "hours",
                f"zwei Zeitspannen beginnen am selben Tag um {opening.opens} (bis {other} und bis {opening.closes}).",
                item=n,
                code="same_start",
            )
    if len(record.closures) > MAX_CLOSURES:
        check.add("closures", f"hat {len(record.closures)} Zeiträume; höchstens {MAX_CLOSURES}.", code="too_long")
    for n, closure in enumerate(record.closures, start=1):
        if not all(type(d) is date and EARLIEST <= d <= LATEST for d in (closure.starts, closure.ends)):
            check.add("closures", "Datum zwischen 1900 und 2200 angeben.", item=n, code="bad_date")
        elif closure.ends < closure.starts:
            check.add("closures", "Das Ende liegt vor dem Beginn.", item=n, code="end_before_start")
    if record.assured_date is not None and not (
        type(record.assured_date) is date and EARLIEST <= record.assured_date <= LATEST
    ):
        check.add("assured_date", "Datum zwischen 1900 und 2200 angeben.", code="bad_date")
