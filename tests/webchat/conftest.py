"""Flask fixtures: the app on the test's demo catalogue, Rasa replaced by an httpx MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from flask import Flask

import catalogue
from tests.webchat.editor_helpers import PASSWORD, login
from webchat import create_app
from webchat.rasa_client import RasaClient


class FakeRasa:
    """Records what the web chat sends and answers like Rasa's REST channel."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.reply: Callable[[dict], httpx.Response] = lambda body: httpx.Response(
            200, json=[{"recipient_id": body["sender"], "text": f"Echo: {body['message']}"}]
        )

    def handler(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        self.received.append({"path": request.url.path, **body})
        return self.reply(body)


@pytest.fixture()
def fake_rasa() -> FakeRasa:
    return FakeRasa()


@pytest.fixture()
def make_app(engine, fake_rasa) -> Callable[..., Flask]:
    """Create an app on the test's database; keyword arguments override settings (another process, say)."""

    def make(**settings: Any) -> Flask:
        client = RasaClient("http://rasa.test", timeout=5, transport=httpx.MockTransport(fake_rasa.handler))
        return create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test",
                "DATABASE_URL": engine.url.render_as_string(hide_password=False),
                "RASA_CLIENT": client,
                "RASA_URL": "http://127.0.0.1:9",  # nothing listens: health checks see it down
                "ACTION_SERVER_URL": "http://127.0.0.1:9",
                "INFO_DESK_PHONE": "0123 45 000-0",
                "CHAT_MAX_LENGTH": 500,
                # Sign-in limits count in this app's memory unless a test says otherwise.
                "RATELIMIT_STORAGE_URI": "memory://",
                "COOKIE_SECURE": "auto",
                "PROXY_FIX": 0,
                **settings,
            }
        )

    return make


@pytest.fixture()
def app(make_app):
    return make_app()


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def accounts(sessions) -> None:
    """The editor "erika" and the admin "anton", both with PASSWORD."""
    with sessions.begin() as session:
        catalogue.create_user(session, "erika", PASSWORD, "editor")
        catalogue.create_user(session, "anton", PASSWORD, "admin")


@pytest.fixture()
def editor(client, accounts):
    """A client signed in as the editor "erika"."""
    assert login(client).status_code == 302
    return client


@pytest.fixture()
def admin(client, accounts):
    """A client signed in as the admin "anton"."""
    assert login(client, "anton").status_code == 302
    return client
