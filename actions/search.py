"""Find services in the catalogue and show them, a page at a time."""

from __future__ import annotations

import logging
from typing import Any

from rapidfuzz import fuzz
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

import catalogue
from actions._catalogue import info_desk, session_scope
from german_text import ordinal

logger = logging.getLogger(__name__)

PAGE_SIZE = 3
MAX_RESULTS = 10


def _latest_entity(tracker: Tracker, name: str) -> str | None:
    values = [e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]
    return str(values[0]) if values and values[0] else None


def _contact(summary: dict[str, Any]) -> str:
    return " · ".join(x for x in (summary["phone"], summary["email"]) if x) or "keine Angabe"


def _hours_line(summary: dict[str, Any]) -> str:
    hours = "; ".join(summary["hours"]) or "nach Vereinbarung"
    return f"{hours} ({summary['hours_note']})" if summary["hours_note"] else hours


def _services_by_id(session: Any, ids: list[int]) -> list[catalogue.Service]:
    statement = (
        select(catalogue.Service)
        .where(catalogue.Service.id.in_(ids), catalogue.Service.status.in_(catalogue.SEARCHABLE_STATUSES))
        .options(
            selectinload(catalogue.Service.organization),
            selectinload(catalogue.Service.schedules),
            selectinload(catalogue.Service.closures),
        )
    )
    found = {s.id: s for s in session.scalars(statement)}
    return [found[i] for i in ids if i in found]


def show_cards(dispatcher: CollectingDispatcher, services: list[catalogue.Service], first_position: int) -> None:
    """Send one card per service: text from the domain, key facts as `custom` payload."""
    for position, service in enumerate(services, start=first_position):
        summary = catalogue.service_summary(service, position=position)
        dispatcher.utter_message(
            response="utter_service_card",
            json_message={"type": "service", "service": summary},
            position=position,
            name=summary["name"],
            category=summary["category"],
            provider=summary["provider"],
            address=summary["address"],
            hours=_hours_line(summary),
            contact=_contact(summary),
            costs=summary["costs"],
            notice=_notice(summary),
            freshness=summary["freshness"],
        )


def _notice(summary: dict[str, Any]) -> str:
    """Return the status and the editors' current notice as extra lines under the name, or nothing."""
    return "".join(f"\nHinweis: {text}" for text in (summary["status_text"], summary["alert"]) if text)


def _record_unanswered(session: Session, text: str) -> None:
    """Keep the question for the editors; a failure here must not cost the answer."""
    try:
        with session.begin_nested():
            catalogue.record_unanswered(session, text)
    except SQLAlchemyError:
        logger.exception("could not record an unanswered question")


def _offer_next(dispatcher: CollectingDispatcher, remaining: int) -> None:
    """Offer the next page when results remain, otherwise the details."""
    if remaining > 0:
        dispatcher.utter_message(response="utter_offer_more", remaining=remaining)
    else:
        dispatcher.utter_message(response="utter_offer_details")


def _last_results(tracker: Tracker) -> tuple[list[int], int]:
    """Return the ids of the last search and how many of them were shown."""
    return list(tracker.get_slot("results") or []), int(tracker.get_slot("results_shown") or 0)


class ActionSearchServices(Action):
    """Search the catalogue with the user's words, district and target group."""

    def name(self) -> str:
        return "action_search_services"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        district = _latest_entity(tracker, "district") or tracker.get_slot("district")
        target_group = _latest_entity(tracker, "target_group")
        with session_scope() as session:
            result = catalogue.search(session, text, district=district, target_group=target_group, limit=MAX_RESULTS)
            if result.unspecific:
                # No cards until the person said what it is about: a guess would bury the right service.
                buttons = [
                    {"title": label, "payload": question} for label, question in catalogue.vocabulary().clarify_topics
                ]
                dispatcher.utter_message(response="utter_ask_topic", buttons=buttons)
                return [SlotSet("district", result.district), SlotSet("results", []), SlotSet("results_shown", 0.0)]
            shown = result.hits[:PAGE_SIZE]
            count = len(result.hits)
            if not shown:
                _record_unanswered(session, text)
                dispatcher.utter_message(response="utter_no_results", phone=info_desk()["phone"])
                return [SlotSet("results", []), SlotSet("results_shown", 0.0)]
            if "open_now" in result.relaxed:
                dispatcher.utter_message(response="utter_results_relaxed_open_now", count=count)
            elif "accessible" in result.relaxed:
                dispatcher.utter_message(response="utter_results_relaxed_accessible", count=count)
            elif "target_group" in result.relaxed:
                dispatcher.utter_message(
                    response="utter_results_relaxed_target_group", target_group=result.target_group, count=count
                )
            elif "language" in result.relaxed:
                dispatcher.utter_message(
                    response="utter_results_relaxed_language", language=result.language, count=count
                )
            elif "district" in result.relaxed:
                dispatcher.utter_message(
                    response="utter_results_relaxed_district", district=result.district, count=count
                )
            elif result.open_now:
                dispatcher.utter_message(response="utter_results_intro_open_now", count=count)
            elif result.accessible:
                dispatcher.utter_message(response="utter_results_intro_accessible", count=count)
            elif result.district:
                dispatcher.utter_message(response="utter_results_intro_district", district=result.district, count=count)
            else:
                dispatcher.utter_message(response="utter_results_intro", count=count)
            show_cards(dispatcher, [h.service for h in shown], 1)
        _offer_next(dispatcher, count - len(shown))
        return [
            SlotSet("district", result.district if "district" not in result.relaxed else None),
            SlotSet("target_group", result.target_group),
            SlotSet("results", [h.service.id for h in result.hits]),
            SlotSet("results_shown", float(len(shown))),
        ]


class ActionShowMore(Action):
    """Show the next page of the last search's results."""

    def name(self) -> str:
        return "action_show_more"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ids, shown = _last_results(tracker)
        if not ids:
            dispatcher.utter_message(response="utter_no_results_yet")
            return []
        page = ids[shown : shown + PAGE_SIZE]
        if not page:
            dispatcher.utter_message(response="utter_no_more_results")
            return []
        with session_scope() as session:
            show_cards(dispatcher, _services_by_id(session, page), shown + 1)
        _offer_next(dispatcher, len(ids) - shown - len(page))
        return [SlotSet("results_shown", float(shown + len(page)))]


def _pick(text: str, services: list[catalogue.Service], shown: int) -> catalogue.Service | None:
    """Choose the result a message points at: by number, by name, or the only one."""
    position = ordinal(text)
    if position == -1:
        position = shown
    if position is not None:
        return services[position - 1] if 1 <= position <= len(services) else None
    candidates = services[:shown] or services
    best = max(candidates, key=lambda s: fuzz.partial_ratio(s.name.lower(), text.lower()))
    if fuzz.partial_ratio(best.name.lower(), text.lower()) >= 80:
        return best
    return candidates[0] if len(candidates) == 1 else None


class ActionServiceDetails(Action):
    """Give hours, address, contact, costs, languages and access of one result."""

    def name(self) -> str:
        return "action_service_details"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ids, shown = _last_results(tracker)
        if not ids:
            dispatcher.utter_message(response="utter_no_results_yet")
            return []
        with session_scope() as session:
            services = _services_by_id(session, ids)
            service = _pick(tracker.latest_message.get("text") or "", services, shown) if services else None
            if service is None:
                dispatcher.utter_message(response="utter_ask_which_service")
                return []
            summary = catalogue.service_summary(service, position=services.index(service) + 1)
        hours = "\n".join(summary["hours"]) or "nach Vereinbarung"
        if summary["hours_note"]:
            hours += f"\n{summary['hours_note']}"
        dispatcher.utter_message(
            response="utter_service_details",
            json_message={"type": "service_details", "service": summary},
            name=summary["name"],
            provider=summary["provider"],
            category=summary["category"],
            address=summary["address"],
            district=summary["district"],
            hours=hours,
            open_now=summary["opening"],
            notice=_notice(summary),
            documents=", ".join(summary["required_documents"]) or "keine Angabe",
            phone=summary["phone"] or "keine Angabe",
            email=summary["email"] or "keine Angabe",
            costs=summary["costs"],
            languages=", ".join(summary["languages"]) or "keine Angabe",
            accessibility=summary["accessibility"] or "keine Angabe",
            freshness=summary["freshness"],
        )
        return []
