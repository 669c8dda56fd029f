"""Plain-data views of services for the JSON API and the chat's cards."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from catalogue._hours import OpeningRange, format_week, is_open
from catalogue._models import Service


def local_now() -> datetime:
    """Return the current time in the city's zone (CATALOGUE_TIMEZONE, default Europe/Berlin)."""
    return datetime.now(ZoneInfo(os.environ.get("CATALOGUE_TIMEZONE", "Europe/Berlin")))


def costs_text(service: Service) -> str:
    """Return the costs in German: "kostenlos" or the fee."""
    return "kostenlos" if service.free else (service.fee or "kostenpflichtig")


def service_summary(service: Service, position: int | None = None, moment: datetime | None = None) -> dict[str, Any]:
    """Return the key facts of a service as JSON-ready data."""
    ranges = [OpeningRange(s.weekday, s.opens, s.closes) for s in service.schedules]
    has_hours = bool(ranges) or service.always_open
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
        "open_now": is_open(ranges, moment or local_now(), service.always_open) if has_hours else None,
    }
    if position is not None:
        summary["position"] = position
    return summary
