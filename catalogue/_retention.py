"""Delete what is stored about chat users once it is older than the retention period."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete
from sqlalchemy.orm import Session

from catalogue._models import UnansweredQuestion


def purge_chat_data(session: Session, *, days: int, now: datetime | None = None) -> dict[str, int]:
    """Delete chat users' data not touched for `days` days; return the rows deleted per kind.

    Kept about chat users today: questions that found nothing (masked, see
    `scrub`), by the day they were last asked. The caller owns the transaction.
    """
    cutoff = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    # Stored as naive UTC on SQLite and PostgreSQL alike (see local_time).
    cutoff = cutoff.astimezone(timezone.utc).replace(tzinfo=None)
    questions = session.execute(delete(UnansweredQuestion).where(UnansweredQuestion.last_asked < cutoff))
    return {"unanswered_questions": questions.rowcount or 0}
