"""Action test helpers: a collecting dispatcher, a tracker factory, the demo catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import catalogue
from actions import _catalogue


@pytest.fixture(autouse=True)
def catalogue_db(engine, monkeypatch) -> Iterator[None]:
    """Point the actions at the test's demo catalogue."""
    monkeypatch.setenv("CATALOGUE_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    catalogue.settings.cache_clear()
    _catalogue._sessions.cache_clear()
    yield
    catalogue.settings.cache_clear()
    _catalogue._sessions.cache_clear()


@pytest.fixture()
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture()
def tracker() -> Callable[..., Tracker]:
    def make(
        text: str = "",
        intent: str = "search_service",
        entities: list[dict[str, Any]] | None = None,
        slots: dict[str, Any] | None = None,
    ) -> Tracker:
        return Tracker(
            sender_id="test",
            slots=slots or {},
            latest_message={"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []},
            events=[],
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )

    return make


def responses(dispatcher: CollectingDispatcher) -> list[str]:
    return [m["response"] for m in dispatcher.messages]


def slot_events(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}
