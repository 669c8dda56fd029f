"""The conversation survives a reload: the transcript comes from Rasa's SQL tracker store (table `events`).

The table here has the columns of Rasa 3.6's SQLTrackerStore; the browser test runs the real Rasa with it.
"""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import create_engine, text

import catalogue
from webchat import create_app

SCHEMA = (
    "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL,"
    " timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
)


@pytest.fixture()
def store(tmp_path):
    url = f"sqlite:///{tmp_path / 'conversations.sqlite3'}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(SCHEMA))
    yield url, engine
    engine.dispose()


@pytest.fixture()
def chat(engine, fake_rasa, store):
    import httpx

    from webchat.rasa_client import RasaClient

    client = RasaClient("http://rasa.test", timeout=5, transport=httpx.MockTransport(fake_rasa.handler))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "CONVERSATIONS_DATABASE_URL": store[0],
            "RASA_CLIENT": client,
        }
    )
    return app.test_client()


def add(engine, sender: str, type_name: str, data: dict, at: float | None = None) -> None:
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (:s, :t, :ts, :d)"),
            {"s": sender, "t": type_name, "ts": at or time.time(), "d": json.dumps({"event": type_name, **data})},
        )


def test_a_reload_shows_the_conversation_again(chat, fake_rasa, store) -> None:
    assert chat.get("/api/chat/verlauf").json == {"messages": []}  # no cookie, no conversation
    chat.post("/api/chat", json={"message": "Schulden"})
    sender = fake_rasa.received[0]["sender"]
    card = {"type": "service", "service": {"id": 7, "name": "Schuldnerberatung"}}
    add(store[1], sender, "user", {"text": "/greet"})
    add(store[1], sender, "bot", {"text": "Guten Tag!"})
    add(store[1], sender, "user", {"text": "Schulden"})
    add(store[1], sender, "bot", {"text": "1. Schuldnerberatung", "data": {"custom": card}})
    add(store[1], sender, "bot", {"text": "Mehr?", "data": {"buttons": [{"title": "Ja", "payload": "/affirm"}]}})
    add(store[1], "someone-else", "user", {"text": "fremdes Gespräch"})
    assert chat.get("/api/chat/verlauf").json["messages"] == [
        {"role": "bot", "text": "Guten Tag!"},
        {"role": "user", "text": "Schulden"},
        {"role": "bot", "text": "1. Schuldnerberatung", "custom": card},
        {"role": "bot", "text": "Mehr?", "buttons": [{"title": "Ja", "payload": "/affirm"}]},
    ]


def test_neu_beginnen_starts_a_new_conversation(chat, fake_rasa, store) -> None:
    chat.post("/api/chat", json={"message": "Hallo"})
    add(store[1], fake_rasa.received[0]["sender"], "user", {"text": "Hallo"})
    assert chat.get("/api/chat/verlauf").json["messages"]
    response = chat.post("/api/chat/neu")
    assert "sozialauskunft_chat=;" in response.headers["Set-Cookie"]
    assert chat.get("/api/chat/verlauf").json == {"messages": []}
    chat.post("/api/chat", json={"message": "Hallo"})
    assert fake_rasa.received[1]["sender"] != fake_rasa.received[0]["sender"]


def test_a_restart_in_rasa_hides_what_came_before(chat, fake_rasa, store) -> None:
    chat.post("/api/chat", json={"message": "Hallo"})
    sender = fake_rasa.received[0]["sender"]
    add(store[1], sender, "user", {"text": "alt"})
    add(store[1], sender, "restart", {})
    add(store[1], sender, "user", {"text": "neu"})
    assert chat.get("/api/chat/verlauf").json["messages"] == [{"role": "user", "text": "neu"}]


def test_no_tracker_table_yet_means_no_transcript(tmp_path) -> None:
    engine = catalogue.conversations_engine(f"sqlite:///{tmp_path / 'leer.sqlite3'}")
    assert catalogue.transcript(engine, "x") == []
    assert catalogue.purge_conversations(engine, days=1) == 0


def test_old_conversations_are_purged(store) -> None:
    add(store[1], "a", "user", {"text": "alt"}, at=time.time() - 40 * 24 * 3600)
    add(store[1], "a", "user", {"text": "neu"})
    engine = catalogue.conversations_engine(store[0])
    assert catalogue.purge_conversations(engine, days=30) == 1
    assert [m["text"] for m in catalogue.transcript(engine, "a")] == ["neu"]


def test_an_unreachable_tracker_store_costs_only_the_old_messages(engine, fake_rasa, tmp_path) -> None:
    import httpx

    from webchat.rasa_client import RasaClient

    client = RasaClient("http://rasa.test", timeout=5, transport=httpx.MockTransport(fake_rasa.handler))
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "CONVERSATIONS_DATABASE_URL": f"sqlite:///{tmp_path / 'fehlt' / 'nirgends.sqlite3'}",
            "RASA_CLIENT": client,
        }
    )
    browser = app.test_client()
    browser.post("/api/chat", json={"message": "Hallo"})
    response = browser.get("/api/chat/verlauf")
    assert response.status_code == 200 and response.json == {"messages": []}
