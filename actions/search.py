"""Find services in the catalogue and show them, a page at a time, and answer follow-ups on them.

The message has the last word where the classifier's intent does not fit the conversation: a
"follow-up" or "more" that names a need not shown is a search, and a "search" that names no need
and no filter but asks about costs, hours or access after a list is a follow-up.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

import catalogue
from actions._cards import notice_text, show_cards
from actions._catalogue import info_desk, session_scope
from actions._turns import give_human_contact, not_helped_before, topic_buttons
from actions.triage import answer_responsible_office, areas_text

logger = logging.getLogger(__name__)

PAGE_SIZE = 3
MAX_RESULTS = 10


def _latest_entity(tracker: Tracker, name: str) -> str | None:
    values = [e.get("value") for e in tracker.latest_message.get("entities", []) if e.get("entity") == name]
    return str(values[0]) if values and values[0] else None


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


def _kept_filters(tracker: Tracker) -> dict[str, str | bool | None]:
    """Return the filters the conversation keeps (one slot per filter)."""
    return {name: tracker.get_slot(name) for name in catalogue.FILTER_NAMES}


def _filters_text(filters: dict[str, str | bool]) -> str:
    """Return the heading's filter part: " – in Weidenbruch, mit Türkisch" or nothing."""
    labels = catalogue.filter_labels(filters)
    return f" – {', '.join(labels)}" if labels else ""


def _filter_slots(filters: dict[str, str | bool]) -> list[EventType]:
    return [SlotSet(name, filters.get(name) or None) for name in catalogue.FILTER_NAMES]


def _start_triage(dispatcher: CollectingDispatcher, areas: list[str]) -> list[EventType]:
    """Hand over to the triage form: several life areas at once ("Hilfe aus einer Hand")."""
    dispatcher.utter_message(response="utter_triage_intro", areas=areas_text(areas))
    return [
        SlotSet("triage_areas", areas),
        SlotSet("results", []),
        SlotSet("results_shown", 0.0),
        FollowupAction("triage_form"),
    ]


class ActionSearchServices(Action):
    """Search the catalogue for the conversation's need with the filters it has gathered.

    A message naming a need starts a new topic and keeps the filters; a message that
    only sets or drops filters ("nein, in Weidenbruch", "egal wo") searches the last
    topic again. Several life areas at once go to the triage questions instead.
    """

    def name(self) -> str:
        return "action_search_services"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        said = tracker.latest_message.get("text") or ""
        # A topic button's label typed instead of pressed ("Ältere Menschen") asks the button's question.
        text = catalogue.clarify_topic(said) or said
        topic = tracker.get_slot("topic")
        easy = bool(tracker.get_slot("easy_language"))
        with session_scope() as session:
            question = catalogue.analyse(session, text)  # read once: for the filters and for the ranking
            change = catalogue.read_filter_change(session, question)
            answered = answer_about_shown(dispatcher, tracker, session, question, change)
            if answered is not None:
                return answered
        with session_scope() as session:
            entity_district = _latest_entity(tracker, "district")
            if entity_district and "district" not in change.set and "district" not in change.dropped:
                change.set["district"] = entity_district
            if tracker.get_slot("asked_for_office_district") and change.set.get("district") and not change.names_need:
                # "Nordhafen" typed after "In welchem Stadtteil wohnen Sie?" answers that question.
                return answer_responsible_office(dispatcher, session, str(change.set["district"]), easy)
            refine = bool(topic) and not change.names_need and bool(change.set or change.dropped)
            if not refine:
                topic = text
                areas = catalogue.life_areas(text)
                if len(areas) >= 2 and not catalogue.names_category(text):
                    return _filter_slots(change.apply(_kept_filters(tracker))) + _start_triage(dispatcher, areas)
            wanted = change.apply(_kept_filters(tracker))
            result = catalogue.search(
                session,
                question if topic == text else topic,
                district=wanted.get("district"),
                target_group=wanted.get("target_group"),
                prefer_language=wanted.get("language"),
                accessible=bool(wanted.get("accessible")),
                open_at=catalogue.local_now() if wanted.get("open_now") else None,
                free_of_charge=bool(wanted.get("free_of_charge")),
                read_filters=False,
                limit=MAX_RESULTS,
            )
            # The filters as the catalogue understood them ("suedhoehe" → "Südhöhe").
            wanted = {**wanted, **{k: v for k, v in result.applied.items() if k in wanted}}
            kept = _filter_slots(wanted) + [SlotSet("asked_for_office_district", None)]
            if result.unspecific:
                # No cards until the person said what it is about: a guess would bury the right service.
                dispatcher.utter_message(response="utter_ask_topic", buttons=topic_buttons())
                return kept + [SlotSet("topic", None), SlotSet("results", []), SlotSet("results_shown", 0.0)]
            if result.unsure and not refine:
                # Services of different needs scored almost alike: ask which need is meant.
                buttons = [{"title": need, "payload": need} for need in result.choices]
                dispatcher.utter_message(response="utter_ask_which_need", buttons=buttons)
                return kept + [SlotSet("topic", None), SlotSet("results", []), SlotSet("results_shown", 0.0)]
            shown = result.hits[:PAGE_SIZE]
            count = len(result.hits)
            if not shown:
                _record_unanswered(session, text)
                if not_helped_before(tracker, domain):
                    # Two turns in a row without help: a person at the information desk.
                    give_human_contact(dispatcher, asked=False)
                    return kept + [SlotSet("topic", None), SlotSet("results", []), SlotSet("results_shown", 0.0)]
                dispatcher.utter_message(response="utter_no_results", phone=info_desk()["phone"])
                return kept + [SlotSet("topic", topic), SlotSet("results", []), SlotSet("results_shown", 0.0)]
            payload = {
                "type": "results",
                "filters": result.applied,
                "relaxed": result.relaxed,
                "easy_language": easy,
            }
            if result.relaxed:
                dropped = {name: wanted.get(name) or True for name in result.relaxed}
                dispatcher.utter_message(
                    response="utter_results_relaxed_one" if count == 1 else "utter_results_relaxed",
                    json_message=payload,
                    relaxed=", ".join(catalogue.filter_labels(dropped)),
                    filters=_filters_text(result.applied),
                    count=count,
                )
            else:
                dispatcher.utter_message(
                    response="utter_results_one" if count == 1 else "utter_results",
                    json_message=payload,
                    filters=_filters_text(result.applied),
                    count=count,
                )
            show_cards(dispatcher, [h.service for h in shown], 1, easy=easy)
        _offer_next(dispatcher, count - len(shown))
        return kept + [
            SlotSet("topic", topic),
            SlotSet("results", [h.service.id for h in result.hits]),
            SlotSet("results_shown", float(len(shown))),
            SlotSet("service_in_focus", None),
        ]


def answer_about_shown(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    session: Session,
    question: catalogue.Question,
    change: catalogue.FilterChange,
) -> list[EventType] | None:
    """Answer a message that asks about a shown result whatever the classifier read ("kostet das was",
    "die in der Altstadt – kann ich da mit dem Rollstuhl rein?", "darf mein Hund mit rein"); None: it does not."""
    ids, shown = _last_results(tracker)
    services = _services_by_id(session, ids) if ids else []
    asked_about = catalogue.asked_about_shown(session, question, change, services, shown, _focus(tracker))
    if asked_about is None:
        return None
    return _tell_details(dispatcher, question.text, asked_about, services)


def answer_short_question_about_shown(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
) -> list[EventType] | None:
    """Answer a short question about a shown result ("und per Mail?", "hallo? wann offen?") that the
    classifier read as small talk; None: the message is no such question."""
    text = tracker.latest_message.get("text") or ""
    if tracker.get_slot("results") and catalogue.asks_about_a_shown_result(text):
        return ActionServiceDetails().run(dispatcher, tracker, domain)
    return None


class ActionAnswerDeny(Action):
    """A "no": when it names a filter ("nein, im Nordhafen", "nein, lieber kostenlos") the search
    changes; otherwise the person needs nothing more and is offered another search."""

    def name(self) -> str:
        return "action_answer_deny"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        answered = answer_short_question_about_shown(dispatcher, tracker, domain)
        if answered is not None:
            return answered
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("topic"):
            with session_scope() as session:
                change = catalogue.read_filter_change(session, text)
            if change.set or change.dropped:
                return ActionSearchServices().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionShowMore(Action):
    """Show the next page of the last search's results."""

    def name(self) -> str:
        return "action_show_more"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ids, shown = _last_results(tracker)
        if not ids:
            return _search_instead(dispatcher, tracker, domain)
        answered = answer_short_question_about_shown(dispatcher, tracker, domain)  # "ja, und wo ist das?"
        if answered is not None:
            return answered
        page = ids[shown : shown + PAGE_SIZE]
        with session_scope() as session:
            question = catalogue.analyse(session, tracker.latest_message.get("text") or "")
            other = bool(question.needs and not catalogue.serves_need(session, question, ids)) or bool(
                question.district and question.district != tracker.get_slot("district")
            )
        if other or (not page and (question.needs or question.district)):
            # "zeig mir nochmal die Seniorentreffs im Lindenhof": not more of the last list but a search.
            return ActionSearchServices().run(dispatcher, tracker, domain)
        if not page:
            dispatcher.utter_message(response="utter_no_more_results")
            return []
        with session_scope() as session:
            show_cards(
                dispatcher, _services_by_id(session, page), shown + 1, easy=bool(tracker.get_slot("easy_language"))
            )
        _offer_next(dispatcher, len(ids) - shown - len(page))
        return [SlotSet("results_shown", float(shown + len(page)))]


def _search_instead(dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
    """Nothing shown yet: a message naming a need ("wo ist das Sozialzentrum in Weidenbruch") is a search."""
    with session_scope() as session:
        question = catalogue.analyse(session, tracker.latest_message.get("text") or "")
    if question.asks_for_services:
        return ActionSearchServices().run(dispatcher, tracker, domain)
    dispatcher.utter_message(response="utter_no_results_yet")
    return []


def _joined(values: list[str] | None) -> str:
    return ", ".join(values or []) or "keine Angabe"


class ActionServiceDetails(Action):
    """Answer a follow-up on one result: the aspect asked about (hours, address, costs, …) or all details."""

    def name(self) -> str:
        return "action_service_details"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        ids, shown = _last_results(tracker)
        if not ids:
            return _search_instead(dispatcher, tracker, domain)
        text = tracker.latest_message.get("text") or ""
        with session_scope() as session:
            question = catalogue.analyse(session, text)  # read once for all the checks below
            services = _services_by_id(session, ids)
            follow_up = catalogue.follow_up(session, question, services, shown, _focus(tracker))
            if follow_up.new_search:
                return ActionSearchServices().run(dispatcher, tracker, domain)
            if follow_up.service is None:
                dispatcher.utter_message(response="utter_ask_which_service")
                return []
            return _tell_details(dispatcher, text, follow_up.service, services)


def _focus(tracker: Tracker) -> int | None:
    """The id of the service talked about last ("die", "dort" point at it)."""
    focus = tracker.get_slot("service_in_focus")
    return int(focus) if focus else None


def _tell_details(
    dispatcher: CollectingDispatcher, text: str, service: catalogue.Service, services: list[catalogue.Service]
) -> list[EventType]:
    """Answer what `text` asks about `service` (one of the shown `services`), or give all its details."""
    summary = catalogue.service_summary(service, position=services.index(service) + 1)
    home_visits = catalogue.home_visit_note(service)
    hours = "\n".join(summary["hours"]) or "nach Vereinbarung"
    if summary["hours_note"]:
        hours += f"\n{summary['hours_note']}"
    facts = {
        "name": summary["name"],
        "provider": summary["provider"],
        "category": summary["category"],
        "address": summary["address"] or "keine Angabe",
        "district": summary["district"],
        "hours": hours,
        "open_now": summary["opening"],
        "notice": notice_text(summary),
        "documents": _joined(summary["required_documents"]),
        "application": summary["application_process"] or "",
        "note": summary["hours_note"] or "",
        "phone": summary["phone"] or "keine Angabe",
        "email": summary["email"] or "keine Angabe",
        "costs": summary["costs"],
        "languages": _joined(summary["languages"]),
        "accessibility": summary["accessibility"] or "keine Angabe",
        "description": summary["description"] or summary["category"],
        "easy_text": summary["description_easy"] or "",
        "freshness": summary["freshness"],
        "home_visits": home_visits,
    }
    payload = {"type": "service_details", "service": summary}
    aspects = catalogue.detail_aspects(text)
    mentioned = "" if aspects else catalogue.service_mentions(service, text)
    if mentioned:  # "darf mein Hund mit rein": what the service's own text says about it
        dispatcher.utter_message(response="utter_detail_mentioned", json_message=payload, mentioned=mentioned, **facts)
    elif not aspects:
        dispatcher.utter_message(response="utter_service_details", json_message=payload, **facts)
    for n, aspect in enumerate(aspects):
        response = f"utter_detail_{aspect}"
        if aspect == "easy" and not summary["description_easy"]:
            response = "utter_detail_easy_missing"
        if aspect == "home_visits" and not home_visits:
            response = "utter_detail_home_visits_unknown"
        dispatcher.utter_message(response=response, json_message=payload if n == 0 else None, **facts)
    return [SlotSet("service_in_focus", float(service.id))]


class ActionOfferTopics(Action):
    """ "Hilfe", "Was kannst du?": say what the assistant does and offer the topics as buttons.

    After a list, a short question about a result ("kostet das was") is answered instead.
    """

    def name(self) -> str:
        return "action_offer_topics"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        if tracker.get_slot("results") and catalogue.asks_about_a_shown_result(text):
            return ActionServiceDetails().run(dispatcher, tracker, domain)
        if catalogue.clarify_topic(text):
            return ActionSearchServices().run(dispatcher, tracker, domain)
        dispatcher.utter_message(response="utter_capabilities", buttons=topic_buttons())
        return []
