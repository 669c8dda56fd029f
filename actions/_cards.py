"""A service card: one bot message with the card's text (from the domain) and its key facts as `custom` payload."""

from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

import catalogue


def _contact(summary: dict[str, Any]) -> str:
    return " · ".join(x for x in (summary["phone"], summary["email"]) if x) or "keine Angabe"


def _hours_line(summary: dict[str, Any]) -> str:
    hours = "; ".join(summary["hours"]) or "nach Vereinbarung"
    return f"{hours} ({summary['hours_note']})" if summary["hours_note"] else hours


def notice_text(summary: dict[str, Any]) -> str:
    """Return the status and the editors' current notice as extra lines under the name, or nothing."""
    return "".join(f"\nHinweis: {text}" for text in (summary["status_text"], summary["alert"]) if text)


def show_cards(
    dispatcher: CollectingDispatcher, services: list[catalogue.Service], first_position: int, easy: bool = False
) -> None:
    """Send one card per service: text from the domain, key facts as `custom` payload."""
    for position, service in enumerate(services, start=first_position):
        summary = catalogue.service_summary(service, position=position)
        dispatcher.utter_message(
            response="utter_service_card",
            json_message={"type": "service", "service": summary, "easy_language": easy},
            position=position,
            name=summary["name"],
            category=summary["category"],
            provider=summary["provider"],
            address=summary["address"],
            hours=_hours_line(summary),
            contact=_contact(summary),
            costs=summary["costs"],
            notice=notice_text(summary),
            freshness=summary["freshness"],
            easy_text=summary["description_easy"] or summary["category"],
        )
