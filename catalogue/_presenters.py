"""Plain-data views of services for the JSON API and the chat's cards."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from catalogue._hours import ClosedDays, OpeningRange, describe_moment, format_week, opening_state
from catalogue._models import Service
from catalogue._settings import settings


def city_zone() -> ZoneInfo:
    """Return the city's time zone (CATALOGUE_TIMEZONE, default Europe/Berlin)."""
    return ZoneInfo(settings().time_zone)


def local_now() -> datetime:
    """Return the current time in the city's zone."""
    return datetime.now(city_zone())


def local_time(moment: datetime) -> datetime:
    """Return a stored UTC time (naive on SQLite, aware on PostgreSQL) in the city's zone."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return aware.astimezone(city_zone())


# After this many days without a check, a card says that its details may be out of date.
STALE_AFTER_DAYS = 365


def freshness_text(assured: date | None, today: date) -> str:
    """Say when an editor last checked the entry, and warn when that was over a year ago or never."""
    if assured is None:
        return "Stand: nicht geprüft – die Angaben können veraltet sein."
    text = f"Stand: {assured:%d.%m.%Y}"
    if (today - assured).days > STALE_AFTER_DAYS:
        return f"{text} – die Angaben können veraltet sein."
    return text


def costs_text(service: Service) -> str:
    """Return the costs in German: "kostenlos" or the fee."""
    return "kostenlos" if service.free else (service.fee or "kostenpflichtig")


STATUS_TEXT = {"active": None, "temporarily_closed": "vorübergehend geschlossen", "inactive": "eingestellt"}


def opening_text(service: Service, moment: datetime) -> tuple[bool | None, str]:
    """Return (open now, German sentence) such as "geöffnet bis 12:00" or "geschlossen, öffnet morgen um 09:00"."""
    ranges = [OpeningRange(s.weekday, s.opens, s.closes) for s in service.schedules]
    if service.status == "temporarily_closed":
        return False, "vorübergehend geschlossen"
    if not ranges and not service.always_open:
        return None, "keine festen Öffnungszeiten"
    closures = [ClosedDays(c.starts, c.ends, c.note) for c in service.closures]
    state = opening_state(ranges, moment, always_open=service.always_open, closures=closures)
    if state.open:
        if state.closes_at is None:
            return True, "geöffnet (rund um die Uhr)"
        until = "24:00" if state.closes_at.time().hour == 0 and state.closes_at.date() > moment.date() else None
        return True, f"geöffnet bis {until or state.closes_at.strftime('%H:%M')}"
    text = state.reason or "geschlossen"
    if state.next_opening:
        text += f", öffnet {describe_moment(state.next_opening, moment)}"
    return False, text


def service_summary(service: Service, position: int | None = None, moment: datetime | None = None) -> dict[str, Any]:
    """Return the key facts of a service as JSON-ready data."""
    ranges = [OpeningRange(s.weekday, s.opens, s.closes) for s in service.schedules]
    open_now, opening = opening_text(service, moment or local_now())
    summary: dict[str, Any] = {
        "id": service.id,
        "external_id": service.external_id,
        "name": service.name,
        "category": service.category,
        "provider": service.organization.name,
        "district": service.district,
        "address": service.address,
        "hours": format_week(ranges, service.always_open),
        "hours_note": service.hours_note,
        "phone": service.phone,
        "email": service.email,
        "website": service.website,
        "costs": costs_text(service),
        "languages": service.languages,
        "accessibility": service.accessibility,
        "target_groups": service.target_groups,
        "open_now": open_now,
        "opening": opening,
        "status": service.status,
        "status_text": STATUS_TEXT.get(service.status),
        "alert": service.alert,
        "description": service.description,
        "description_easy": service.description_easy,
        "application_process": service.application_process,
        "required_documents": service.required_documents or [],
        "age_range": [service.minimum_age, service.maximum_age],
        "assured_date": service.assured_date.isoformat() if service.assured_date else None,
        "freshness": freshness_text(service.assured_date, (moment or local_now()).date()),
    }
    if position is not None:
        summary["position"] = position
    return summary


# How a result's heading names each filter it applied ("in Weidenbruch, mit Türkisch").
FILTER_LABELS = {
    "district": "in {value}",
    "target_group": "für {value}",
    "language": "mit {value}",
    "accessible": "barrierefrei",
    "open_now": "gerade geöffnet",
    "free_of_charge": "kostenlos",
}


def filter_labels(filters: dict[str, str | bool]) -> list[str]:
    """Return the German labels of the given filters, in the order of FILTER_LABELS."""
    return [label.format(value=filters[name]) for name, label in FILTER_LABELS.items() if filters.get(name)]
