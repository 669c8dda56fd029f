"""Delete what is stored about chat users once it is older than the retention period."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete
from sqlalchemy.orm import Session

from catalogue._models import ChatFeedback, ContactRequest, UnansweredQuestion


def _cutoff(now: datetime | None, days: int) -> datetime:
    # Stored as naive UTC on SQLite and PostgreSQL alike (see local_time).
    moment = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def purge_chat_data(
    session: Session, *, days: int, contact_days: int | None = None, now: datetime | None = None
) -> dict[str, int]:
    """Delete chat users' data older than its retention period; return the rows deleted per kind.

    Kept about chat users: questions that found nothing and feedback (both masked,
    see `scrub`) for `days` days; contact requests, with the name, phone or e-mail
    the person typed, for `contact_days` days (default: `days`), answered or not.
    The caller owns the transaction.
    """
    cutoff = _cutoff(now, days)
    questions = session.execute(delete(UnansweredQuestion).where(UnansweredQuestion.last_asked < cutoff))
    feedback = session.execute(delete(ChatFeedback).where(ChatFeedback.created_at < cutoff))
    contact_cutoff = _cutoff(now, days if contact_days is None else contact_days)
    requests = session.execute(delete(ContactRequest).where(ContactRequest.created_at < contact_cutoff))
    return {
        "unanswered_questions": questions.rowcount or 0,
        "feedback": feedback.rowcount or 0,
        "contact_requests": requests.rowcount or 0,
    }
