"""What chat users leave for the city: 👍/👎 on answers, and requests to be contacted by the information desk."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue._editing import InputRejected
from catalogue._models import ChatFeedback, ContactRequest, Service
from catalogue._privacy import mask_personal_data
from catalogue._unanswered import scrub
from catalogue._validation import _bad_characters, email_problem

COMMENT_LIMIT = 1000
NAME_LIMIT = 200
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/\-]{4,40}$")
_HTML = re.compile(r"<[^>]*>")


def _clean(value: str | None, field_name: str, limit: int) -> str | None:
    """Return a trimmed text or None; refuse what is too long, HTML or control characters."""
    text = " ".join((value or "").split())
    if not text:
        return None
    if len(text) > limit:
        raise InputRejected(field_name, f"Höchstens {limit} Zeichen.")
    if _HTML.search(text) or _bad_characters(text):
        raise InputRejected(field_name, "Bitte nur Text eingeben, ohne spitze Klammern oder Steuerzeichen.")
    return text


def record_feedback(
    session: Session,
    *,
    helpful: bool,
    question: str | None,
    comment: str | None,
    service_ids: list[int],
) -> ChatFeedback:
    """Store one 👍/👎 with the question it answered; personal data masked (sensitive questions not kept)."""
    comment = _clean(comment, "comment", COMMENT_LIMIT)
    ids = [int(i) for i in service_ids[:20]]
    first = session.get(Service, ids[0]) if ids else None
    entry = ChatFeedback(
        helpful=helpful,
        question=scrub(question) if question else None,
        comment=scrub(comment) if comment else None,
        service_ids=ids,
        topic=first.category if first else None,
    )
    session.add(entry)
    return entry


@dataclass
class FeedbackCount:
    """👍 and 👎 for one service or topic, with the latest comments."""

    label: str
    helpful: int = 0
    not_helpful: int = 0
    comments: list[str] = field(default_factory=list)
    service_id: int | None = None


def feedback_overview(session: Session, limit: int = 500) -> tuple[list[FeedbackCount], list[FeedbackCount]]:
    """Return the feedback of the latest `limit` answers per service and per topic, most 👎 first."""
    rows = list(session.scalars(select(ChatFeedback).order_by(ChatFeedback.created_at.desc()).limit(limit)))
    ids = {i for row in rows for i in row.service_ids}
    names = {s.id: s.name for s in session.scalars(select(Service).where(Service.id.in_(ids)))} if ids else {}
    per_service: dict[int, FeedbackCount] = {}
    per_topic: dict[str, FeedbackCount] = {}
    for row in rows:
        counts = [per_topic.setdefault(row.topic or "ohne Treffer", FeedbackCount(row.topic or "ohne Treffer"))]
        for i in row.service_ids:
            if i in names:
                counts.append(per_service.setdefault(i, FeedbackCount(names[i], service_id=i)))
        for count in counts:
            if row.helpful:
                count.helpful += 1
            else:
                count.not_helpful += 1
            if row.comment and len(count.comments) < 5:
                count.comments.append(row.comment)

    def order(items: list[FeedbackCount]) -> list[FeedbackCount]:
        return sorted(items, key=lambda c: (-c.not_helpful, -c.helpful, c.label))

    return order(list(per_service.values())), order(list(per_topic.values()))


def feedback_totals(session: Session) -> Counter[bool]:
    """Count all stored 👍 (True) and 👎 (False)."""
    return Counter(session.scalars(select(ChatFeedback.helpful)))


def record_contact_request(
    session: Session,
    *,
    consent: bool,
    name: str | None,
    phone: str | None,
    email: str | None,
    message: str | None,
) -> ContactRequest:
    """Store a request to be contacted; refuse it without consent or without a way to reach the person."""
    if not consent:
        raise InputRejected("consent", "Bitte bestätigen Sie, dass wir Ihre Angaben dafür speichern dürfen.")
    name = _clean(name, "name", NAME_LIMIT)
    phone = _clean(phone, "phone", 60)
    email = _clean(email, "email", NAME_LIMIT)
    message = _clean(message, "message", COMMENT_LIMIT)
    if not phone and not email:
        raise InputRejected("phone", "Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an.")
    if phone and not _PHONE.match(phone):
        raise InputRejected("phone", "Bitte geben Sie die Telefonnummer nur mit Ziffern ein, zum Beispiel 0123 456789.")
    if email and email_problem(email):
        raise InputRejected("email", "Bitte prüfen Sie die E-Mail-Adresse, zum Beispiel name@beispiel.de.")
    entry = ContactRequest(
        name=name, phone=phone, email=email, message=mask_personal_data(message) if message else None
    )
    session.add(entry)
    return entry


def contact_requests(session: Session, *, include_done: bool = False) -> list[ContactRequest]:
    """Return the contact requests, oldest open first."""
    statement = select(ContactRequest).order_by(ContactRequest.created_at)
    if not include_done:
        statement = statement.where(ContactRequest.done_at.is_(None))
    return list(session.scalars(statement))


def mark_contact_request_done(session: Session, request_id: int, user: str) -> None:
    """Mark a contact request as answered by `user`; InputRejected when there is none with that id."""
    entry = session.get(ContactRequest, request_id)
    if entry is None:
        raise InputRejected("id", "Diesen Kontaktwunsch gibt es nicht (mehr).")
    if entry.done_at is None:
        entry.done_at = datetime.now(timezone.utc).replace(tzinfo=None)
        entry.done_by = user
