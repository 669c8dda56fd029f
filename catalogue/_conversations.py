"""Read and prune the conversations Rasa keeps in its SQL tracker store (table `events`).

The tracker store belongs to Rasa (SQLAlchemy 1.4 in the Rasa environment); the
web app only reads a person's own transcript from it and the purge deletes old
events. Plain SQL on Rasa's table, so nothing here depends on Rasa's code.
"""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

# How many messages a transcript shows at most (the newest).
MAX_TRANSCRIPT = 200


def conversations_engine(url: str) -> Engine:
    """Create an engine for the tracker store; Rasa's `postgresql://` (psycopg2) becomes psycopg 3 here."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return create_engine(parsed, pool_pre_ping=True)


def _has_events(engine: Engine) -> bool:
    return inspect(engine).has_table("events")


def transcript(engine: Engine, sender_id: str) -> list[dict[str, Any]]:
    """Return the conversation's messages in order: {"role": "user"|"bot", "text", "buttons"?, "custom"?}.

    Messages before the last restart are left out, and so are the widget's silent
    commands (texts starting with "/", such as the greeting).
    """
    if not _has_events(engine):
        return []
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT type_name, data FROM events WHERE sender_id = :sender "
                "AND type_name IN ('user', 'bot', 'restart') ORDER BY id"
            ),
            {"sender": sender_id},
        ).all()
    messages: list[dict[str, Any]] = []
    for type_name, data in rows:
        if type_name == "restart":
            messages.clear()
            continue
        event = json.loads(data or "{}")
        message_text = event.get("text") or ""
        if type_name == "user":
            if message_text and not message_text.startswith("/"):
                messages.append({"role": "user", "text": message_text})
            continue
        extra = event.get("data") or {}
        message = {"role": "bot", "text": message_text}
        for key in ("buttons", "custom"):
            if extra.get(key):
                message[key] = extra[key]
        if message_text or len(message) > 2:
            messages.append(message)
    return messages[-MAX_TRANSCRIPT:]


def purge_conversations(engine: Engine, *, days: int, now: float | None = None) -> int:
    """Delete conversation events older than `days` days; return how many were deleted."""
    if not _has_events(engine):
        return 0
    cutoff = (now or time.time()) - days * 24 * 60 * 60
    with engine.begin() as connection:
        result = connection.execute(text("DELETE FROM events WHERE timestamp < :cutoff"), {"cutoff": cutoff})
    return result.rowcount or 0
