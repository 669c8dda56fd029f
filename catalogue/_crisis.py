"""What the chat gives somebody in crisis: the 24/7 numbers (data a city can change) and its own services."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy.orm import Session

from catalogue._models import Service
from catalogue._presenters import local_now, opening_text
from catalogue._search import search
from german_text import fold, tokens

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
def _data() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(_LINES_FILE.read_text(encoding="utf-8"))


def _lines() -> dict[str, CrisisLine]:
    return {
        key: CrisisLine(item["name"], tuple(str(n) for n in item["numbers"]), item.get("note") or "")
        for key, item in _data()["lines"].items()
    }


@lru_cache(maxsize=1)
def _plans() -> dict[str, CrisisPlan]:
    lines = _lines()
    return {
        kind: CrisisPlan(tuple(lines[key] for key in plan["lines"]), plan.get("search") or "")
        for kind, plan in _data()["kinds"].items()
    }


def _names_young_person(text: str) -> bool:
    young = _data().get("young_person") or {}
    words = set(tokens(text))
    return bool(words & set(young.get("words", ()))) or bool(re.search(young.get("age_pattern", "$^"), fold(text)))


def crisis_plan(kind: str | None, text: str | None = None) -> CrisisPlan:
    """Return the numbers and search words for a kind of crisis (the general plan for an unknown kind).

    With the message's `text`: when it names a child or young person, the lines for
    children and for parents (Nummer gegen Kummer) come right after the first line.
    """
    plans = _plans()
    plan = plans.get(kind or UNSPECIFIED_CRISIS, plans[UNSPECIFIED_CRISIS])
    young = _data().get("young_person") or {}
    if text and kind in young.get("kinds", ()) and _names_young_person(text):
        extra = tuple(_lines()[key] for key in young.get("lines", ()) if _lines()[key] not in plan.lines)
        plan = CrisisPlan(plan.lines[:1] + extra + plan.lines[1:], plan.search)
    return plan


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
