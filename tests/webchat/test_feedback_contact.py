"""Feedback 👍/👎 on answers and contact requests: stored masked, shown to editors, refused when bad."""

from __future__ import annotations

import pytest
from sqlalchemy import select

import catalogue
from tests.webchat.editor_helpers import csrf_token


def _service_ids(sessions, category: str) -> list[int]:  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        return list(session.scalars(select(catalogue.Service.id).where(catalogue.Service.category == category)))


def test_feedback_is_stored_masked_with_the_services_shown(client, sessions) -> None:
    ids = _service_ids(sessions, "Tafel")
    response = client.post(
        "/api/chat/rueckmeldung",
        json={
            "helpful": False,
            "question": "Tafel, ich heiße Max Mustermann, Tel 0171 2345678",
            "comment": "Die Tafel hatte zu, schreibt mir an max@example.org",
            "service_ids": ids,
        },
    )
    assert response.status_code == 201 and response.get_json()["message"] == "Danke für Ihre Rückmeldung!"
    with sessions.begin() as session:
        (row,) = session.scalars(select(catalogue.ChatFeedback)).all()
        assert row.helpful is False and row.service_ids == ids and row.topic == "Tafel"
        assert "Max" not in row.question and "0171" not in row.question and "[Telefon]" in row.question
        assert "max@example.org" not in row.comment and "[E-Mail]" in row.comment


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({}, 400),
        ({"helpful": "ja"}, 400),
        ({"helpful": True, "service_ids": "1,2"}, 400),
        ({"helpful": True, "service_ids": [True]}, 400),
        ({"helpful": True, "comment": "<script>alert(1)</script>"}, 400),
        ({"helpful": True, "comment": "x" * 1001}, 400),
        ({"helpful": True, "comment": 5}, 400),
        ({"helpful": True, "question": "\ud800"}, 400),
        ({"helpful": True}, 201),
    ],
)
def test_bad_feedback_gets_a_german_message_and_stores_nothing(client, sessions, body, status) -> None:
    response = client.post("/api/chat/rueckmeldung", json=body)
    assert response.status_code == status
    with sessions.begin() as session:
        stored = len(session.scalars(select(catalogue.ChatFeedback)).all())
    if status == 400:
        assert response.get_json()["error"] and stored == 0
    else:
        assert stored == 1


def test_feedback_is_not_json_is_refused(client) -> None:
    response = client.post("/api/chat/rueckmeldung", data=b"\xff\xfe binary", content_type="application/json")
    assert response.status_code == 400 and "Rückmeldung" in response.get_json()["error"]


def test_editors_see_feedback_per_service_and_topic(client, editor, sessions) -> None:
    ids = _service_ids(sessions, "Wärmestube")
    for helpful in (False, False, True):
        client.post(
            "/api/chat/rueckmeldung",
            json={"helpful": helpful, "question": "Wärmestube", "comment": "zu voll", "service_ids": ids[:1]},
        )
    html = editor.get("/redaktion/aufmerksamkeit").get_data(as_text=True)
    per_service = html[html.index('id="feedback-services"') : html.index('id="feedback-topics"')]
    assert f'href="/redaktion/eintraege/{ids[0]}"' in per_service
    assert '<td class="num">1</td>' in per_service and '<td class="num">2</td>' in per_service
    assert "zu voll" in per_service
    assert "Wärmestube" in html[html.index('<h2 id="feedback-topics"') :]


def test_contact_request_needs_consent_and_a_way_to_answer(client, sessions) -> None:
    refused = client.post("/api/kontaktwunsch", json={"consent": False, "phone": "0123 456789"})
    assert refused.status_code == 400 and refused.get_json()["field"] == "consent"
    no_way = client.post("/api/kontaktwunsch", json={"consent": True, "name": "Erika"})
    assert no_way.status_code == 400 and no_way.get_json()["field"] == "phone"
    bad_mail = client.post("/api/kontaktwunsch", json={"consent": True, "email": "erika@"})
    assert bad_mail.status_code == 400 and bad_mail.get_json()["field"] == "email"
    html = client.post("/api/kontaktwunsch", json={"consent": True, "phone": "<b>1</b>"})
    assert html.status_code == 400
    with sessions.begin() as session:
        assert session.scalars(select(catalogue.ContactRequest)).all() == []


def test_contact_request_is_stored_and_listed_for_staff(client, editor, sessions) -> None:
    response = client.post(
        "/api/kontaktwunsch",
        json={
            "consent": True,
            "name": "Erika Muster",
            "phone": "0123 456789",
            "message": "Frage zu Wohngeld, meine IBAN ist DE89 3704 0044 0532 0130 00",
        },
    )
    assert response.status_code == 201 and "gelöscht" in response.get_json()["message"]
    with sessions.begin() as session:
        (row,) = session.scalars(select(catalogue.ContactRequest)).all()
        assert (row.name, row.phone, row.email) == ("Erika Muster", "0123 456789", None)
        assert "DE89" not in row.message and "[IBAN]" in row.message
        request_id = row.id
    page = editor.get("/redaktion/kontaktwuensche").get_data(as_text=True)
    assert "Erika Muster" in page and "0123 456789" in page
    token = csrf_token(editor, "/redaktion/kontaktwuensche")
    done = editor.post(f"/redaktion/kontaktwuensche/{request_id}/erledigt", data={"csrf_token": token})
    assert done.status_code == 302
    assert "Erika Muster" not in editor.get("/redaktion/kontaktwuensche").get_data(as_text=True)
    assert "erledigt am" in editor.get("/redaktion/kontaktwuensche?erledigte=1").get_data(as_text=True)


def test_contact_requests_are_for_signed_in_staff_only(client) -> None:
    response = client.get("/redaktion/kontaktwuensche")
    assert response.status_code == 302 and "/redaktion/anmelden" in response.location
