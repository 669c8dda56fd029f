"""Flask fixtures: the app on the test's demo catalogue, Rasa replaced by an httpx MockTransport."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

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
def app(engine, fake_rasa):
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
        }
    )


@pytest.fixture()
def client(app):
    return app.test_client()
