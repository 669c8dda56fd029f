"""Questions that found nothing, kept for editors without personal data."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue._models import UnansweredQuestion
from catalogue._privacy import mask_personal_data, mentions_sensitive_detail

MAX_LENGTH = 500
_LINK = re.compile(r"https?://\S+", re.IGNORECASE)


def scrub(text: str) -> str | None:
    """Return the question as it may be stored, or None when it must not be stored at all.

    Names, phone numbers, e-mail addresses, IBANs, dates of birth, street addresses and
    file numbers are replaced by placeholders (`mask_personal_data`, measured in
    BENCHMARKS.md); a question that tells health or similar special details about a
    person is not stored at all; links become "[Link]".
    """
    if mentions_sensitive_detail(text):
        return None
    text = _LINK.sub("[Link]", mask_personal_data(text))
    return " ".join(text.split())[:MAX_LENGTH] or None


def record_unanswered(session: Session, question: str) -> None:
    """Count a question that found nothing; the caller owns the transaction."""
    text = scrub(question)
    if text is None:
        return
    entry = session.scalar(select(UnansweredQuestion).where(UnansweredQuestion.text == text))
    if entry is None:
        session.add(UnansweredQuestion(text=text))
    else:
        entry.count += 1
        entry.last_asked = datetime.now(timezone.utc)
