"""The chat page and /api/chat: forwarding, limits, bad input, Rasa down."""

from __future__ import annotations

import time

import httpx
import pytest

import catalogue


def test_page_has_the_widget_and_no_third_party_resources(client) -> None:
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="chat-log"' in html and 'aria-live="polite"' in html and 'lang="de"' in html
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "<script>" not in html  # only external same-origin scripts
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy


def test_static_widget_never_inserts_html() -> None:
    from pathlib import Path

    script = (Path(__file__).resolve().parents[2] / "webchat/chat/static/widget.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script


def test_message_is_forwarded_with_a_stable_sender(client, fake_rasa) -> None:
    first = client.post("/api/chat", json={"message": "  Ich habe Schulden  "})
    client.post("/api/chat", json={"message": "Danke"})
    assert first.status_code == 200
    assert first.json == {"messages": [{"text": "Echo: Ich habe Schulden"}]}
    assert [r["message"] for r in fake_rasa.received] == ["Ich habe Schulden", "Danke"]
    assert fake_rasa.received[0]["path"] == "/webhooks/rest/webhook"
    assert fake_rasa.received[0]["sender"] == fake_rasa.received[1]["sender"]
    assert len(fake_rasa.received[0]["sender"]) == 32


def test_each_visitor_gets_an_own_conversation(app, fake_rasa) -> None:
    app.test_client().post("/api/chat", json={"message": "a"})
    app.test_client().post("/api/chat", json={"message": "b"})
    assert fake_rasa.received[0]["sender"] != fake_rasa.received[1]["sender"]


def test_custom_payload_is_joined_to_its_text(client, fake_rasa) -> None:
    card = {"type": "service", "service": {"id": 7, "name": "Schuldnerberatung"}}
    fake_rasa.reply = lambda body: httpx.Response(
        200,
        json=[
            {"recipient_id": "x", "text": "Dazu habe ich 1 Angebot gefunden:"},
            {"recipient_id": "x", "text": "1. Schuldnerberatung"},
            {"recipient_id": "x", "custom": card},
            {"recipient_id": "x", "text": "Mehr?", "buttons": [{"title": "Ja", "payload": "/ask_more"}]},
        ],
    )
    messages = client.post("/api/chat", json={"message": "Schulden"}).json["messages"]
    assert messages == [
        {"text": "Dazu habe ich 1 Angebot gefunden:"},
        {"text": "1. Schuldnerberatung", "custom": card},
        {"text": "Mehr?", "buttons": [{"title": "Ja", "payload": "/ask_more"}]},
    ]


@pytest.mark.parametrize(
    ("kwargs", "status", "fragment"),
    [
        ({"json": {"message": "x" * 501}}, 413, "zu lang (höchstens 500 Zeichen)"),
        ({"json": {"message": "   "}}, 400, "Bitte geben Sie eine Frage ein"),
        ({"json": {"message": "\x00\x01\x02"}}, 400, "Bitte geben Sie eine Frage ein"),
        ({"json": {"text": "hallo"}}, 400, "Feld „message“"),
        ({"json": {"message": 42}}, 400, "Feld „message“"),
        ({"json": ["message"]}, 400, "Feld „message“"),
        ({"data": b"\xff\xfe\x00\x81", "content_type": "application/json"}, 400, "Feld „message“"),
        ({"data": "message=hallo", "content_type": "application/x-www-form-urlencoded"}, 415, "als JSON"),
        ({"data": b'{"message": "\\ud800"}', "content_type": "application/json"}, 400, "Zeichen, die ich nicht"),
        (
            {"data": b'{"message": "Hilfe \\udfff bei Schulden"}', "content_type": "application/json"},
            400,
            "noch einmal",
        ),
    ],
)
def test_bad_input_gets_a_clear_german_message(client, fake_rasa, kwargs, status, fragment) -> None:
    response = client.post("/api/chat", **kwargs)
    assert response.status_code == status
    assert fragment in response.json["error"]
    assert response.json["info_phone"] == "0123 45 000-0"
    assert fake_rasa.received == []


def test_oversized_body_is_refused(client) -> None:
    response = client.post("/api/chat", data=b"{" + b" " * (70 * 1024) + b"}", content_type="application/json")
    assert response.status_code == 413


def test_markup_is_passed_on_as_text(client, fake_rasa) -> None:
    response = client.post("/api/chat", json={"message": "<img src=x onerror=alert(1)>"})
    assert fake_rasa.received[0]["message"] == "<img src=x onerror=alert(1)>"
    assert response.json["messages"][0]["text"] == "Echo: <img src=x onerror=alert(1)>"
    assert response.mimetype == "application/json"


@pytest.mark.parametrize(
    "reply",
    [
        lambda body: httpx.Response(500, text="boom"),
        lambda body: httpx.Response(200, text="<html>not json</html>"),
        lambda body: httpx.Response(200, json={"unexpected": True}),
    ],
)
def test_rasa_errors_tell_the_user_to_call(client, fake_rasa, reply) -> None:
    fake_rasa.reply = reply
    response = client.post("/api/chat", json={"message": "Hallo"})
    assert response.status_code == 503
    assert "nicht erreichbar" in response.json["error"] and "0123 45 000-0" in response.json["error"]


def test_rasa_not_running_tells_the_user_to_call(engine) -> None:
    from webchat import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": engine.url.render_as_string(hide_password=False),
            "RASA_URL": "http://127.0.0.1:9",
            "RASA_TIMEOUT": 2,
        }
    )
    response = app.test_client().post("/api/chat", json={"message": "Hallo"})
    assert response.status_code == 503 and "nicht erreichbar" in response.json["error"]


def test_a_lone_surrogate_is_not_reported_as_rasa_being_down(client, fake_rasa) -> None:
    response = client.post("/api/chat", data=b'{"message": "\\ud800"}', content_type="application/json")
    assert response.status_code == 400 and "nicht erreichbar" not in response.json["error"]
    assert fake_rasa.received == []


def test_the_chat_has_its_own_cookie_apart_from_the_workspace(client, fake_rasa) -> None:
    response = client.post("/api/chat", json={"message": "Hallo"})
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("sozialauskunft_chat=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here; over HTTPS the cookie is Secure
    assert client.get_cookie("session") is None  # no Flask session for a citizen
    https = client.post("/api/chat", json={"message": "Hallo"}, base_url="https://localhost")
    assert "Secure" in https.headers["Set-Cookie"]


def test_a_forged_chat_cookie_starts_a_new_conversation(client, fake_rasa) -> None:
    client.set_cookie("sozialauskunft_chat", "0" * 32)
    client.post("/api/chat", json={"message": "Hallo"})
    client.post("/api/chat", json={"message": "Schulden"})
    first, second = (body["sender"] for body in fake_rasa.received)
    assert first == second and first != "0" * 32


def test_a_conversation_ends_after_its_own_idle_time(app, client, fake_rasa) -> None:
    app.config["CHAT_SESSION_MINUTES"] = 1 / 60  # one second (the cookie counts whole seconds)
    assert app.config["EDITOR_SESSION_MINUTES"] != app.config["CHAT_SESSION_MINUTES"]
    client.post("/api/chat", json={"message": "Hallo"})
    client.post("/api/chat", json={"message": "Schuldnerberatung"})
    time.sleep(2.1)
    client.post("/api/chat", json={"message": "Hallo nochmal"})
    first, second, third = (body["sender"] for body in fake_rasa.received)
    assert first == second != third


def test_the_privacy_page_says_what_is_stored_and_for_how_long(client) -> None:
    page = client.get("/")
    assert 'href="/datenschutz"' in page.get_data(as_text=True)
    response = client.get("/datenschutz")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "automatisches Programm" in html and "sozialauskunft_chat" in html
    assert "30 Minuten nach Ihrer letzten Nachricht" in html
    assert f"{catalogue.settings().chat_data_days} Tage nach dem letzten Mal" in html


def test_personal_data_never_reaches_rasa(client, fake_rasa) -> None:
    client.post("/api/chat", json={"message": "Ich heiße Max Mustermann, Tel 0171 2345678, ich habe Schulden"})
    forwarded = fake_rasa.received[0]["message"]
    assert "Mustermann" not in forwarded and "2345678" not in forwarded
    assert "[Name]" in forwarded and "Schulden" in forwarded
