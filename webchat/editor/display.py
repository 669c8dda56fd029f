"""How the editor pages show times, field names and stored values in German."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import catalogue
from webchat.editor.forms import STATUS_LABELS

FIELD_LABELS = {
    "external_id": "Kennung",
    "name": "Name",
    "provider_name": "Träger",
    "provider_type": "Art des Trägers",
    "category": "Kategorie",
    "description": "Beschreibung",
    "description_easy": "Leichte Sprache",
    "keywords": "Suchwörter",
    "target_groups": "Zielgruppen",
    "district": "Bezirk",
    "street": "Straße",
    "postal_code": "Postleitzahl",
    "city": "Ort",
    "service_areas": "Einzugsgebiet",
    "phone": "Telefon",
    "email": "E-Mail",
    "website": "Internetseite",
    "contact_name": "Ansprechperson",
    "free": "Kostenlos",
    "fee": "Kosten",
    "languages": "Sprachen",
    "accessibility": "Barrierefreiheit",
    "always_open": "Rund um die Uhr",
    "hours": "Öffnungszeiten",
    "hours_note": "Hinweis zu den Öffnungszeiten",
    "closures": "Schließungen",
    "application_process": "Antrag",
    "required_documents": "Unterlagen",
    "minimum_age": "Mindestalter",
    "maximum_age": "Höchstalter",
    "status": "Status",
    "alert": "Aktueller Hinweis",
    "assured_date": "Zuletzt geprüft",
}


def local_today() -> date:
    """Return today's date in the city's time zone."""
    return catalogue.local_now().date()


def format_moment(moment: datetime | None) -> str:
    """Write a stored time as "21.11.2026, 14:05 Uhr" in local time."""
    return f"{catalogue.local_time(moment):%d.%m.%Y, %H:%M} Uhr" if moment else "–"


def format_day(day: date | str | None) -> str:
    """Write a date as 21.11.2026."""
    if not day:
        return "–"
    if isinstance(day, str):
        day = date.fromisoformat(day)
    return f"{day:%d.%m.%Y}"


def format_value(name: str, value: Any) -> str:
    """Write a value from the history (snapshot data) the way an editor reads it."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if name == "hours":
        return "; ".join(catalogue.format_week([catalogue.OpeningRange(int(d), o, c) for d, o, c in value]))
    if name == "closures":
        parts = []
        for starts, ends, note in value:
            days = format_day(starts) if starts == ends else f"{format_day(starts)}–{format_day(ends)}"
            parts.append(f"{days} {note}" if note else days)
        return "; ".join(parts)
    if name == "status":
        return STATUS_LABELS.get(value, value)
    if name == "assured_date":
        return format_day(value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def change_rows(changes: dict[str, list[Any]]) -> list[tuple[str, str, str]]:
    """Return (label, old, new) per changed field, in the order of the form."""
    order = list(FIELD_LABELS)
    names = sorted(changes, key=lambda n: order.index(n) if n in order else len(order))
    return [(FIELD_LABELS.get(n, n), format_value(n, changes[n][0]), format_value(n, changes[n][1])) for n in names]


def differences(mine: dict[str, Any], saved: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Return (label, my value, saved value) for every field where two snapshots differ."""
    return change_rows({n: [mine.get(n), saved.get(n)] for n in FIELD_LABELS if mine.get(n) != saved.get(n)})
