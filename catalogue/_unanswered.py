"""Questions that found nothing, kept for editors without personal data."""

from __future__ import annotations

import re
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue._models import UnansweredQuestion

MAX_LENGTH = 500
# What could identify a person is replaced before anything is stored.
_SCRUBBERS = (
    (re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE), "[E-Mail]"),
    (re.compile(r"https?://\S+", re.IGNORECASE), "[Link]"),
    (re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[0-9A-Z]{1,4}){3,8}\b"), "[IBAN]"),
    (re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b"), "[Datum]"),
    (re.compile(r"\+?\d[\d\s/().-]{4,}\d"), "[Nummer]"),  # phone, file and case numbers
    (re.compile(r"\b\d+\b"), "[Zahl]"),
)


def scrub(text: str) -> str:
    """Remove e-mail addresses, links, IBANs, phone and other numbers and dates."""
    for pattern, replacement in _SCRUBBERS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())[:MAX_LENGTH]


def record_unanswered(session: Session, question: str) -> None:
    """Count a question that found nothing; the caller owns the transaction."""
    text = scrub(question)
    if not text:
        return
    entry = session.scalar(select(UnansweredQuestion).where(UnansweredQuestion.text == text))
    if entry is None:
        session.add(UnansweredQuestion(text=text))
    else:
        entry.count += 1
        entry.last_asked = datetime.now(timezone.utc)
