"""What the chat gives somebody in crisis: the 24/7 numbers (data a city can change) and its own services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from catalogue._models import Service
from catalogue._presenters import local_now, opening_text
from catalogue._search import search

_LINES_FILE = Path(__file__).with_name("crisis_lines.yml")
UNSPECIFIED_CRISIS = "unspecified"


@dataclass(frozen=True)
class CrisisLine:
    """One 24/7 number to call: who answers, the numbers, when to call."""

    name: str
    numbers: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class CrisisPlan:
    """The lines to show for one kind of crisis, and the words to find the city's own services."""

    lines: tuple[CrisisLine, ...]
    search: str


@lru_cache(maxsize=1)
def _plans() -> dict[str, CrisisPlan]:
    data = yaml.safe_load(_LINES_FILE.read_text(encoding="utf-8"))
    lines = {
        key: CrisisLine(item["name"], tuple(str(n) for n in item["numbers"]), item.get("note") or "")
        for key, item in data["lines"].items()
    }
    return {
        kind: CrisisPlan(tuple(lines[key] for key in plan["lines"]), plan.get("search") or "")
        for kind, plan in data["kinds"].items()
    }


def crisis_plan(kind: str | None) -> CrisisPlan:
    """Return the numbers and search words for a kind of crisis (the general plan for an unknown kind)."""
    plans = _plans()
    return plans.get(kind or UNSPECIFIED_CRISIS, plans[UNSPECIFIED_CRISIS])


def crisis_services(
    session: Session, kind: str | None, *, limit: int = 3, now: datetime | None = None
) -> list[Service]:
    """Return the city's own services for this kind of crisis, those open now first."""
    words = crisis_plan(kind).search
    if not words:
        return []
    moment = now or local_now()
    hits = search(session, words, limit=limit * 2).hits
    services = [hit.service for hit in hits]
    services.sort(key=lambda service: not opening_text(service, moment)[0])  # stable: the rank stays within
    return services[:limit]
