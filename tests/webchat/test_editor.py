"""The editor workspace (/redaktion): login, roles, CSRF, sessions, entries, history, conflicts, review."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

import catalogue
from tests.conftest import DEMO, unchecked_for
from tests.webchat.editor_helpers import PASSWORD, csrf_token, field_error, form_values, login, post

DEBT_ID = "ms-altstadt-schuldnerberatung"


def service_id(sessions, external_id: str = DEBT_ID) -> int:
    with sessions.begin() as session:
        return session.scalar(select(catalogue.Service.id).where(catalogue.Service.external_id == external_id))


def stored(sessions, sid: int) -> catalogue.ServiceRecord:
    with sessions.begin() as session:
        return catalogue.record_from_service(catalogue.get_service(session, sid))


def api_ids(client, query: str) -> list[str]:
    response = client.get("/api/services", query_string={"q": query, "limit": 50})
    assert response.status_code == 200
    return [s["external_id"] for s in response.json["services"]]


# --- login, roles, CSRF, sessions ---------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/redaktion/", "/redaktion/eintraege/neu", "/redaktion/eintraege/1", "/redaktion/aufmerksamkeit"]
)
def test_pages_require_login(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.location.startswith("/redaktion/anmelden?next=")
    page = client.get(response.location).get_data(as_text=True)
    assert "Bitte melden Sie sich an, um die Redaktion zu nutzen." in page


def test_login_leads_back_and_logout_ends_the_session(client, accounts) -> None:
    response = login(client, path="/redaktion/anmelden?next=/redaktion/aufmerksamkeit")
    assert response.status_code == 302 and response.location == "/redaktion/aufmerksamkeit"
    page = client.get("/redaktion/").get_data(as_text=True)
    assert "Angemeldet als <strong>erika</strong>" in page
    assert client.get("/redaktion/benutzer").status_code == 403
    response = post(client, "/redaktion/", "/redaktion/abmelden")
    assert response.status_code == 302
    assert "Sie haben sich abgemeldet." in client.get(response.location).get_data(as_text=True)
    assert client.get("/redaktion/").status_code == 302


def test_login_does_not_redirect_to_other_sites(client, accounts) -> None:
    response = login(client, path="/redaktion/anmelden?next=https://example.org/redaktion/")
    assert response.location == "/redaktion/"


@pytest.mark.parametrize(("username", "password"), [("erika", "falsches-passwort"), ("niemand", PASSWORD)])
def test_failed_login_does_not_say_whether_the_name_exists(client, accounts, username, password) -> None:
    response = login(client, username, password)
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch." in html
    assert "gibt es nicht" not in html
    assert client.get("/redaktion/").status_code == 302


def test_empty_login_fields_are_marked(client, accounts) -> None:
    response = login(client, "", "")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "username") == "Bitte geben Sie Ihren Benutzernamen ein."
    assert field_error(html, "password") == "Bitte geben Sie Ihr Passwort ein."


def test_post_without_csrf_token_is_rejected(editor, sessions) -> None:
    sid = service_id(sessions)
    response = editor.post(f"/redaktion/eintraege/{sid}/status", data={"status": "inactive"})
    assert response.status_code == 400
    assert "Sicherheitsprüfung fehlgeschlagen" in response.get_data(as_text=True)
    response = editor.post(f"/redaktion/eintraege/{sid}/status", data={"status": "inactive", "csrf_token": "gefälscht"})
    assert response.status_code == 400
    assert stored(sessions, sid).status == "active"


def test_login_form_needs_the_csrf_token_too(client, accounts) -> None:
    response = client.post("/redaktion/anmelden", data={"username": "erika", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/redaktion/").status_code == 302


def test_chat_and_api_take_json_without_csrf_token(editor) -> None:
    assert editor.post("/api/chat", json={"message": "Schulden"}).status_code == 200
    assert editor.get("/api/services?q=Schulden").status_code == 200


def test_session_expires_after_the_configured_idle_time(app, client, accounts) -> None:
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=30)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=1)
    login(client)
    response = client.get("/redaktion/")
    assert response.status_code == 200
    # Permanent session, refreshed on every request: the cookie is sent again with a new expiry.
    assert "Expires=" in response.headers["Set-Cookie"]
    time.sleep(2.2)
    response = client.get("/redaktion/")
    assert response.status_code == 302 and response.location.startswith("/redaktion/anmelden")


def test_session_minutes_come_from_the_config(engine) -> None:
    from webchat import create_app

    url = engine.url.render_as_string(hide_password=False)
    app = create_app({"SECRET_KEY": "test", "DATABASE_URL": url, "EDITOR_SESSION_MINUTES": 5})
    assert app.permanent_session_lifetime == timedelta(minutes=5)


def test_deactivated_account_is_signed_out_at_once(editor, sessions) -> None:
    with sessions.begin() as session:
        session.scalar(select(catalogue.EditorUser).where(catalogue.EditorUser.username == "erika")).active = False
    assert editor.get("/redaktion/").status_code == 302


# --- accounts -------------------------------------------------------------------------


def test_editor_may_not_manage_accounts(editor) -> None:
    assert editor.get("/redaktion/benutzer").status_code == 403
    token = csrf_token(editor, "/redaktion/")
    response = editor.post("/redaktion/benutzer/1/aktiv", data={"csrf_token": token, "active": "0"})
    assert response.status_code == 403
    assert "Administration vorbehalten" in response.get_data(as_text=True)


def test_admin_creates_and_deactivates_accounts(admin, client, sessions) -> None:
    page = "/redaktion/benutzer"
    response = post(admin, page, page, username="berta", role="editor", password="kurz", password_confirm="kurz")
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "password") == "Das Passwort muss mindestens 10 Zeichen haben."
    response = post(admin, page, page, username="berta", role="editor", password=PASSWORD, password_confirm="x")
    assert field_error(response.get_data(as_text=True), "password_confirm") == (
        "Die beiden Passwörter stimmen nicht überein."
    )
    response = post(admin, page, page, username="erika", role="editor", password=PASSWORD, password_confirm=PASSWORD)
    assert field_error(response.get_data(as_text=True), "username") == "Den Benutzer „erika“ gibt es schon."
    response = post(admin, page, page, username="berta", role="admin", password=PASSWORD, password_confirm=PASSWORD)
    assert response.status_code == 302
    with sessions.begin() as session:
        berta = session.scalar(select(catalogue.EditorUser).where(catalogue.EditorUser.username == "berta"))
        assert berta.role == "admin" and berta.active and berta.password_hash != PASSWORD
        berta_id = berta.id
    assert "berta" in admin.get(page).get_data(as_text=True)

    response = post(admin, page, f"/redaktion/benutzer/{berta_id}/aktiv", active="0")
    assert response.status_code == 302
    with sessions.begin() as session:
        assert session.get(catalogue.EditorUser, berta_id).active is False
    post(admin, page, "/redaktion/abmelden")
    assert login(client, "berta").status_code == 401


def test_admin_cannot_deactivate_own_account(admin, sessions) -> None:
    with sessions.begin() as session:
        own = session.scalar(select(catalogue.EditorUser.id).where(catalogue.EditorUser.username == "anton"))
    response = post(admin, "/redaktion/benutzer", f"/redaktion/benutzer/{own}/aktiv", active="0")
    assert "eigenes Konto nicht deaktivieren" in admin.get(response.location).get_data(as_text=True)
    with sessions.begin() as session:
        assert session.get(catalogue.EditorUser, own).active is True


# --- list and search ----------------------------------------------------------------


def test_list_searches_and_filters(editor, sessions) -> None:
    html = editor.get("/redaktion/").get_data(as_text=True)
    assert "67 Einträge" in html and "Seite 1 von 3" in html
    assert 'rel="next"' in html and "seite=2" in html
    html = editor.get("/redaktion/", query_string={"q": "diakonisches werk"}).get_data(as_text=True)
    assert "Schuldner- und Insolvenzberatung Altstadt" in html
    html = editor.get("/redaktion/", query_string={"q": "Weidenbruch"}).get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td><a", html)
    assert rows and "Altstadt</td>" not in html
    with sessions.begin() as session:
        catalogue.set_status(session, service_id(sessions), "inactive", user="test")
    html = editor.get("/redaktion/", query_string={"status": "inactive"}).get_data(as_text=True)
    assert "1 Eintrag" in html and "Schuldner- und Insolvenzberatung Altstadt" in html
    assert editor.get("/redaktion/", query_string={"seite": "viele"}).status_code == 200


# --- create and edit ---------------------------------------------------------------


def new_entry(**overrides: str) -> dict[str, str | list[str]]:
    data: dict[str, str | list[str]] = {
        "name": "Nachbarschaftscafé Zebrahaus",
        "external_id": "",
        "category": "Treffpunkt",
        "provider_name": "Zebrahaus e. V.",
        "provider_type": "freier Träger",
        "description": "Offener Treff mit Kaffee und Beratung.",
        "keywords": "Café, Nachbarschaft",
        "target_groups": ["Senioren", "Familien"],
        "district": "Altstadt",
        "street": "Zebrastraße 1",
        "postal_code": "01101",
        "city": "Musterstadt",
        "phone": "0123 45 999-0",
        "free": "y",
        "hours": "Mo–Fr 10:00–16:00\nSa 10:00-13:00",
        "closures": "24.12.2026–31.12.2026 Weihnachtsferien",
        "status": "active",
        "languages": "Deutsch, Türkisch",
        "description_easy": "Hier können Sie Kaffee trinken. Sie können Fragen stellen.",
    }
    data.update(overrides)
    return data


def test_create_shows_each_error_next_to_its_field(editor, sessions) -> None:
    with sessions.begin() as session:
        before = session.scalar(select(func.count(catalogue.Service.id)))
    data = new_entry(
        name="",
        category="",
        phone="",
        email="kein-at-zeichen",
        free="",
        hours="Montag früh",
        closures="31.12.2026–24.12.2026",
        website="javascript:alert(1)",
        minimum_age="zwölf",
    )
    response = post(editor, "/redaktion/eintraege/neu", "/redaktion/eintraege/neu", **data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert field_error(html, "name") == "Bitte ausfüllen."
    assert field_error(html, "category") == "Bitte wählen."
    assert field_error(html, "email") == "„kein-at-zeichen“ ist keine gültige E-Mail-Adresse."
    assert field_error(html, "fee") == "fehlt: Bei kostenpflichtigen Angeboten den Preis angeben."
    assert field_error(html, "hours").startswith("Zeile 1: „Montag früh“ nicht verstanden.")
    assert field_error(html, "closures") == "Zeile 1: Das Ende liegt vor dem Beginn."
    assert field_error(html, "website") == "„javascript:alert(1)“ mit http:// oder https:// angeben."
    assert field_error(html, "minimum_age") == "Bitte eine ganze Zahl zwischen 0 und 120 eingeben."
    assert field_error(html, "district") is None and field_error(html, "street") is None
    assert 'class="error-summary"' in html and 'href="#email"' in html
    # What the editor typed stays in the form.
    assert "kein-at-zeichen" in html and "Montag früh" in html
    with sessions.begin() as session:
        assert session.scalar(select(func.count(catalogue.Service.id))) == before


def test_phone_or_email_is_required(editor) -> None:
    response = post(editor, "/redaktion/eintraege/neu", "/redaktion/eintraege/neu", **new_entry(phone=""))
    assert field_error(response.get_data(as_text=True), "phone") == "Telefon oder E-Mail muss angegeben sein."


def test_created_entry_is_stored_and_found_by_the_chat_at_once(editor, client, sessions) -> None:
    assert "zebrahaus" not in " ".join(api_ids(client, "Zebrahaus Nachbarschaftscafé"))
    response = post(editor, "/redaktion/eintraege/neu", "/redaktion/eintraege/neu", **new_entry())
    assert response.status_code == 302
    sid = service_id(sessions, "nachbarschaftscafe-zebrahaus")
    assert response.location == f"/redaktion/eintraege/{sid}"
    record = stored(sessions, sid)
    assert record.provider_name == "Zebrahaus e. V." and record.target_groups == ["Senioren", "Familien"]
    assert [(r.weekday, r.opens, r.closes) for r in record.hours] == [(d, "10:00", "16:00") for d in range(5)] + [
        (5, "10:00", "13:00")
    ]
    assert record.closures == [catalogue.ClosedDays(date(2026, 12, 24), date(2026, 12, 31), "Weihnachtsferien")]
    assert record.description_easy.startswith("Hier können Sie Kaffee trinken.")
    assert record.languages == ["Deutsch", "Türkisch"] and record.free is True
    assert "nachbarschaftscafe-zebrahaus" in api_ids(client, "Zebrahaus Nachbarschaftscafé")
    html = editor.get(response.location).get_data(as_text=True)
    assert "Eintrag „Nachbarschaftscafé Zebrahaus“ angelegt." in html
    assert "Mo–Fr 10:00–16:00\nSa 10:00–13:00" in html
    assert "24.12.2026–31.12.2026 Weihnachtsferien" in html


def test_taken_id_is_shown_at_the_id_field(editor) -> None:
    response = post(editor, "/redaktion/eintraege/neu", "/redaktion/eintraege/neu", **new_entry(external_id=DEBT_ID))
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "external_id") == f"Die Kennung „{DEBT_ID}“ ist schon vergeben."


def test_unchanged_form_saves_nothing(editor, sessions) -> None:
    sid = service_id(sessions)
    page = f"/redaktion/eintraege/{sid}"
    with sessions.begin() as session:
        before = len(catalogue.history(session, sid))
    response = editor.post(page, data=form_values(editor.get(page).get_data(as_text=True)))
    assert response.status_code == 302
    assert "Keine Änderungen" in editor.get(page).get_data(as_text=True)
    with sessions.begin() as session:
        assert len(catalogue.history(session, sid)) == before


def test_edit_is_stored_and_history_shows_old_and_new(editor, client, sessions) -> None:
    sid = service_id(sessions)
    page = f"/redaktion/eintraege/{sid}"
    old = stored(sessions, sid)
    values = form_values(editor.get(page).get_data(as_text=True))
    values["phone"] = ["0123 45 777-77"]
    values["name"] = ["Schuldnerberatung Zebrastreifen"]
    values["hours"] = ["Mo, Mi 08:00–12:00"]
    response = editor.post(page, data=values)
    assert response.status_code == 302
    new = stored(sessions, sid)
    assert new.phone == "0123 45 777-77" and new.name == "Schuldnerberatung Zebrastreifen"
    assert [(r.weekday, r.opens) for r in new.hours] == [(0, "08:00"), (2, "08:00")]
    assert new.email == old.email and new.keywords == old.keywords and new.closures == old.closures
    assert DEBT_ID in api_ids(client, "Zebrastreifen")

    html = editor.get(f"{page}/verlauf").get_data(as_text=True)
    first = html.index('class="change"')
    latest = html[first : html.index('class="change"', first + 1)]
    assert ": bearbeitet</h2>" in latest and "von <strong>erika</strong>" in latest
    assert f'<td class="diff__old">{old.phone}</td><td class="diff__new">0123 45 777-77</td>' in latest
    assert "Schuldnerberatung Zebrastreifen" in latest and "Mo: 08:00–12:00; Mi: 08:00–12:00" in latest
    with sessions.begin() as session:
        change = catalogue.history(session, sid)[0]
        assert change.changed_by == "erika"
        local = change.changed_at.replace(tzinfo=change.changed_at.tzinfo or __import__("datetime").timezone.utc)
        from zoneinfo import ZoneInfo

        expected = local.astimezone(ZoneInfo("Europe/Berlin")).strftime("%d.%m.%Y, %H:%M Uhr")
    assert expected in latest


def test_restore_brings_back_an_old_value(editor, sessions) -> None:
    sid = service_id(sessions)
    original = stored(sessions, sid)
    with sessions.begin() as session:
        catalogue.set_alert(session, sid, "Heute geschlossen", user="bernd")
        catalogue.set_status(session, sid, "temporarily_closed", user="bernd")
        imported = catalogue.history(session, sid)[-1].id
    response = post(
        editor, f"/redaktion/eintraege/{sid}/verlauf", f"/redaktion/eintraege/{sid}/verlauf/{imported}/wiederherstellen"
    )
    assert response.status_code == 302
    restored = stored(sessions, sid)
    assert restored.alert is None and restored.status == "active" and restored == original
    with sessions.begin() as session:
        newest = catalogue.history(session, sid)[0]
        assert newest.changed_by == "erika" and newest.action.startswith("wiederhergestellt")
        assert newest.changes["alert"] == ["Heute geschlossen", None]
    html = editor.get(response.location).get_data(as_text=True)
    assert "ist wiederhergestellt" in html and "wiederhergestellt" in html


def test_restore_of_a_change_of_another_entry_is_not_found(editor, sessions) -> None:
    other = service_id(sessions, "ms-altstadt-sozialzentrum-wirtschaftliche-hilfen")
    with sessions.begin() as session:
        change = catalogue.history(session, other)[0].id
    sid = service_id(sessions)
    response = post(editor, "/redaktion/", f"/redaktion/eintraege/{sid}/verlauf/{change}/wiederherstellen")
    assert response.status_code == 404


def test_stale_version_is_not_saved_and_the_input_is_kept(editor, sessions) -> None:
    sid = service_id(sessions)
    page = f"/redaktion/eintraege/{sid}"
    values = form_values(editor.get(page).get_data(as_text=True))  # erika opens the form ...
    with sessions.begin() as session:  # ... bernd saves in the meantime
        catalogue.set_alert(session, sid, "Bernds Hinweis", user="bernd")
    values["name"] = ["Erikas neuer Name"]
    response = editor.post(page, data=values)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Der Eintrag wurde inzwischen von bernd am" in html and "Ihre Änderung wurde nicht gespeichert" in html
    assert 'value="Erikas neuer Name"' in html
    assert '<th scope="row">Aktueller Hinweis</th><td>–</td><td>Bernds Hinweis</td>' in html
    record = stored(sessions, sid)
    assert record.name != "Erikas neuer Name" and record.alert == "Bernds Hinweis"
    # Sending the same stale form again still does not overwrite Bernd's change.
    assert editor.post(page, data=values).status_code == 409


def test_quick_status_change_with_stale_version_is_refused(editor, sessions) -> None:
    sid = service_id(sessions)
    page = f"/redaktion/eintraege/{sid}"
    html = editor.get(page).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', html)[1]
    with sessions.begin() as session:
        catalogue.set_alert(session, sid, "Bernds Hinweis", user="bernd")
    response = post(editor, page, f"{page}/status", status="inactive", version=version)
    assert "inzwischen von bernd" in editor.get(response.location).get_data(as_text=True)
    assert stored(sessions, sid).status == "active"


def test_deactivate_removes_the_entry_from_the_api(editor, client, sessions) -> None:
    sid = service_id(sessions)
    page = f"/redaktion/eintraege/{sid}"
    assert DEBT_ID in api_ids(client, "Schuldnerberatung Altstadt")
    html = editor.get(page).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', html)[1]
    response = post(editor, page, f"{page}/status", status="inactive", version=version)
    assert response.status_code == 302
    assert stored(sessions, sid).status == "inactive"
    assert DEBT_ID not in api_ids(client, "Schuldnerberatung Altstadt")
    assert "Status geändert: deaktiviert." in editor.get(page).get_data(as_text=True)

    response = post(editor, page, f"{page}/status", status="temporarily_closed", version=str(int(version) + 1))
    assert stored(sessions, sid).status == "temporarily_closed"
    services = client.get("/api/services", query_string={"q": "Schuldnerberatung Altstadt"}).json["services"]
    assert next(s for s in services if s["external_id"] == DEBT_ID)["status_text"] == "vorübergehend geschlossen"
    post(editor, page, f"{page}/status", status="active", version=str(int(version) + 2))
    assert stored(sessions, sid).status == "active"


def test_alert_is_set_and_cleared_and_entry_marked_checked(editor, client, sessions) -> None:
    sid = service_id(sessions)
    page = f"/redaktion/eintraege/{sid}"
    version = re.search(r'name="version" value="(\d+)"', editor.get(page).get_data(as_text=True))[1]
    response = post(editor, page, f"{page}/hinweis", alert="Diese Woche nur telefonisch", version=version)
    assert response.status_code == 302
    assert stored(sessions, sid).alert == "Diese Woche nur telefonisch"
    services = client.get("/api/services", query_string={"q": "Schuldnerberatung Altstadt"}).json["services"]
    assert next(s for s in services if s["external_id"] == DEBT_ID)["alert"] == "Diese Woche nur telefonisch"

    version = re.search(r'name="version" value="(\d+)"', editor.get(page).get_data(as_text=True))[1]
    post(editor, page, f"{page}/hinweis", action="clear", version=version)
    assert stored(sessions, sid).alert is None

    response = post(editor, page, f"{page}/geprueft")
    assert response.status_code == 302
    assert stored(sessions, sid).assured_date == date.today()
    with sessions.begin() as session:
        actions = [c.action for c in catalogue.history(session, sid)[:3]]
    assert actions == ["als geprüft markiert", "Hinweis entfernt", "Hinweis gesetzt"]


def test_unknown_entry_is_a_german_404(editor) -> None:
    response = editor.get("/redaktion/eintraege/999999")
    assert response.status_code == 404
    assert "Diesen Eintrag oder diese Seite gibt es nicht." in response.get_data(as_text=True)


# --- needs attention -------------------------------------------------------------


def test_needs_attention_lists_entry_without_hours_and_unanswered_question(editor, sessions) -> None:
    sid = service_id(sessions)
    with sessions.begin() as session:
        record = catalogue.record_from_service(catalogue.get_service(session, sid))
        record.hours = []
        catalogue.save_entry(session, record, user="test", service_id=sid)
        catalogue.record_unanswered(session, "Wo bekomme ich einen Hundeführerschein?")
        catalogue.record_unanswered(session, "Wo bekomme ich einen Hundeführerschein?")
    html = editor.get("/redaktion/aufmerksamkeit").get_data(as_text=True)
    section = html[html.index('id="without-hours"') : html.index('id="without-contact"')]
    assert f'href="/redaktion/eintraege/{sid}"' in section
    unanswered = html[html.index('<h2 id="unanswered"') :]
    assert "Wo bekomme ich einen Hundeführerschein?" in unanswered
    assert '<td class="num">2</td>' in unanswered
    assert f"Seit mindestens 12 Monaten nicht geprüft ({unchecked_for(sessions, 12)})" in html


def test_needs_attention_months_come_from_the_query(editor, sessions) -> None:
    sid = service_id(sessions)
    with sessions.begin() as session:
        catalogue.mark_checked(session, sid, user="test", day=date.today() - timedelta(days=70))
    # Checked 70 days ago: stale after one month, not after six.
    one, six = unchecked_for(sessions, 1), unchecked_for(sessions, 6)
    assert one >= six + 1
    stale = editor.get("/redaktion/aufmerksamkeit", query_string={"monate": "1"}).get_data(as_text=True)
    assert f"Seit mindestens 1 Monaten nicht geprüft ({one})" in stale and f"/redaktion/eintraege/{sid}" in stale
    recent = editor.get("/redaktion/aufmerksamkeit", query_string={"monate": "6"}).get_data(as_text=True)
    assert f"Seit mindestens 6 Monaten nicht geprüft ({six})" in recent
    assert editor.get("/redaktion/aufmerksamkeit", query_string={"monate": "x"}).status_code == 200


# --- pages keep the security baseline ---------------------------------------------


@pytest.mark.parametrize(
    "path", ["/redaktion/", "/redaktion/eintraege/neu", "/redaktion/aufmerksamkeit", "/redaktion/benutzer"]
)
def test_pages_have_no_inline_code_and_are_not_cached(admin, path) -> None:
    response = admin.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<script" not in html and "style=" not in html and "<style" not in html
    assert not re.search(r'(?:src|href|action)="(?:https?:)?//', html)  # nothing from other sites
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert '<html lang="de">' in html
    # Every visible control has a label.
    ids = re.findall(r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*\bid="([^"]+)"', html)
    for control in ids:
        assert f'for="{control}"' in html, control


def test_markup_in_entries_is_escaped(editor, sessions) -> None:
    sid = service_id(sessions)
    with sessions.begin() as session:
        catalogue.set_alert(session, sid, '<script>alert("x")</script>', user="test")
    html = editor.get(f"/redaktion/eintraege/{sid}").get_data(as_text=True)
    assert '<script>alert("x")</script>' not in html and "&lt;script&gt;" in html


def test_every_demo_entry_survives_an_unchanged_save(editor, sessions) -> None:
    """The form shows every field in a way that reads back to the same entry (hours, closures, lists ...)."""
    with sessions.begin() as session:
        ids = list(session.scalars(select(catalogue.Service.id)))
        changes_before = session.scalar(select(func.count(catalogue.ServiceChange.id)))
    for sid in ids:
        page = f"/redaktion/eintraege/{sid}"
        response = editor.post(page, data=form_values(editor.get(page).get_data(as_text=True)))
        assert response.status_code == 302, (sid, response.get_data(as_text=True)[:2000])
    with sessions.begin() as session:
        assert session.scalar(select(func.count(catalogue.ServiceChange.id))) == changes_before


def test_imported_values_outside_the_vocabulary_may_stay_but_not_be_new(editor, sessions) -> None:
    sid = service_id(sessions)
    with sessions.begin() as session:
        record = catalogue.record_from_service(catalogue.get_service(session, sid))
        record.category = "Kontakt- und Beratungsstelle"  # as the Berlin import stores it
        record.target_groups = ["Kinder & Jugendliche", "Erwachsene"]
        catalogue.save_entry(session, record, user="Import", service_id=sid)
    page = f"/redaktion/eintraege/{sid}"
    html = editor.get(page).get_data(as_text=True)
    assert "stammt aus einem Import und fehlt im Vokabular" in html
    assert "Kinder &amp; Jugendliche (bisheriger Wert)" in html
    values = form_values(html)
    assert values["category"] == ["Kontakt- und Beratungsstelle"]
    values["phone"] = ["0123 45 000-11"]
    assert editor.post(page, data=values).status_code == 302
    saved = stored(sessions, sid)
    assert saved.phone == "0123 45 000-11" and saved.category == "Kontakt- und Beratungsstelle"
    assert saved.target_groups == ["Kinder & Jugendliche", "Erwachsene"]

    values = form_values(editor.get(page).get_data(as_text=True))
    values["category"] = ["Erfundene Kategorie"]
    values["target_groups"] = ["Erwachsene", "Erfundene Gruppe"]
    html = editor.post(page, data=values).get_data(as_text=True)
    assert field_error(html, "category") == "„Erfundene Kategorie“ ist keine bekannte Kategorie."
    # The checkboxes are a fieldset, which points at the message.
    assert re.search(r'<fieldset[^>]*aria-describedby="[^"]*target_groups-error"', html)
    assert re.search(r'id="target_groups-error">.*„Erfundene Gruppe“ ist keine bekannte Zielgruppe.</p>', html)


# --- restarts and imports never undo the workspace ----------------------------------


def test_workspace_changes_survive_restarts_and_a_reimport(editor, client, sessions, engine) -> None:
    sid = service_id(sessions)
    page = f"/redaktion/eintraege/{sid}"
    values = form_values(editor.get(page).get_data(as_text=True))
    values["name"] = ["Schuldnerberatung Zebrastreifen"]
    assert editor.post(page, data=values).status_code == 302
    assert post(editor, "/redaktion/eintraege/neu", "/redaktion/eintraege/neu", **new_entry()).status_code == 302
    url = ["--database-url", engine.url.render_as_string(hide_password=False)]
    runner = CliRunner()
    for args in (["seed", str(DEMO)], ["seed", str(DEMO)], ["load", str(DEMO), "--source", "demo"]):
        result = runner.invoke(catalogue.cli, [*args, *url])
        assert result.exit_code == 0, result.output
    assert "nicht überschrieben" in result.stdout
    assert stored(sessions, sid).name == "Schuldnerberatung Zebrastreifen"
    assert stored(sessions, service_id(sessions, "nachbarschaftscafe-zebrahaus")).status == "active"
    assert "nachbarschaftscafe-zebrahaus" in api_ids(client, "Zebrahaus Nachbarschaftscafé")
    history = editor.get(f"{page}/verlauf").get_data(as_text=True)
    assert "Import nicht übernommen (in der Redaktion geändert)" in history
