"""Signing in to the workspace (issue 9): limits on failed sign-ins, equal answer times, `next`,
sessions that end on the server, the workspace's own cookie, Secure and HSTS, passwords, and two
editors saving at the same moment. Each test reproduces a probe that got through before."""

from __future__ import annotations

import os
import re
import statistics
import time
import uuid
from urllib.parse import urlencode

import pytest
from freezegun import freeze_time
from sqlalchemy import event, select

import catalogue
from tests.webchat.editor_helpers import (
    PASSWORD,
    WORKSPACE_COOKIE,
    csrf_token,
    field_error,
    form_values,
    login,
    post,
    replay,
    workspace_cookie,
)
from webchat import config

WRONG = "falsches-passwort"
NEW_PASSWORD = "ganz-neues-passwort-2"
DEBT_ID = "ms-altstadt-schuldnerberatung"
REDIS_URL = os.environ.get("EDITOR_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
HSTS = "max-age=31536000; includeSubDomains"


def user_id(sessions, username: str) -> int:
    with sessions.begin() as session:
        return session.scalar(select(catalogue.EditorUser.id).where(catalogue.EditorUser.username == username))


def service_id(sessions, external_id: str = DEBT_ID) -> int:
    with sessions.begin() as session:
        return session.scalar(select(catalogue.Service.id).where(catalogue.Service.external_id == external_id))


def signed_in(client) -> bool:
    return client.get("/redaktion/").status_code == 200


def wait_minutes(response) -> int:
    match = re.search(
        r"Bitte warten Sie (\d+) Minuten? und versuchen Sie es dann erneut\.", response.get_data(as_text=True)
    )
    assert match, response.get_data(as_text=True)[:2000]
    return int(match[1])


# --- 1. failed sign-ins are limited per account and per address ----------------------------


def test_after_five_wrong_passwords_even_the_right_one_waits(client, accounts) -> None:
    for _ in range(5):
        assert login(client, "erika", WRONG).status_code == 401
    response = login(client, "erika", PASSWORD)
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert "Zu viele Anmeldeversuche. Bitte warten Sie 1 Minute und versuchen Sie es dann erneut." in html
    assert '<html lang="de">' in html and 'name="csrf_token"' in html
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert not signed_in(client)
    # The same account with other capitals counts the same; other accounts are not blocked by it.
    assert login(client, "Erika", PASSWORD).status_code == 429
    assert login(client, "anton", PASSWORD).status_code == 302


def test_the_wait_grows_with_the_failures(make_app, accounts) -> None:
    client = make_app(EDITOR_LOGIN_LIMIT_ACCOUNT="2 per minute; 3 per hour").test_client()
    with freeze_time(tick=True) as clock:
        assert [login(client, "erika", WRONG).status_code for _ in range(2)] == [401, 401]
        first = login(client, "erika", PASSWORD)
        assert first.status_code == 429 and wait_minutes(first) == 1
        clock.tick(61)
        assert login(client, "erika", WRONG).status_code == 401
        second = login(client, "erika", PASSWORD)
        assert second.status_code == 429
        assert wait_minutes(second) >= 58 and int(second.headers["Retry-After"]) > 57 * 60
        clock.tick(3600)
        assert login(client, "erika", PASSWORD).status_code == 302


def test_successful_sign_ins_are_not_counted(make_app, accounts) -> None:
    client = make_app(EDITOR_LOGIN_LIMIT_ACCOUNT="2 per minute").test_client()
    for _ in range(3):
        assert login(client).status_code == 302
        post(client, "/redaktion/", "/redaktion/abmelden")


def test_many_names_from_one_address_are_limited(make_app, accounts) -> None:
    app = make_app(EDITOR_LOGIN_LIMIT_ADDRESS="3 per minute")
    client = app.test_client()
    for name in ("admin", "root", "redaktion"):
        assert login(client, name, WRONG).status_code == 401
    assert login(client, "erika", PASSWORD).status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert login(elsewhere, "erika", PASSWORD).status_code == 302


@pytest.mark.parametrize(("proxies", "other_address_blocked"), [(1, False), (0, True)])
def test_behind_a_proxy_the_forwarded_address_counts(make_app, accounts, proxies, other_address_blocked) -> None:
    app = make_app(PROXY_FIX=proxies, EDITOR_LOGIN_LIMIT_ADDRESS="2 per minute")
    attacker, colleague = app.test_client(), app.test_client()
    attacker.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.1"
    colleague.environ_base["HTTP_X_FORWARDED_FOR"] = "198.51.100.2"
    for name in ("admin", "root"):
        assert login(attacker, name, WRONG).status_code == 401
    assert login(attacker, "erika", PASSWORD).status_code == 429
    # Without PROXY_FIX every client looks like the proxy: one attacker would lock out the office.
    assert (login(colleague, "erika", PASSWORD).status_code == 429) is other_address_blocked


@pytest.fixture()
def redis_url() -> str:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
    except redis.exceptions.RedisError:
        pytest.skip(f"Redis unter {REDIS_URL} nicht erreichbar")
    return REDIS_URL


def test_two_processes_share_the_count_through_redis(make_app, accounts, redis_url) -> None:
    import redis

    prefix = f"test-{uuid.uuid4().hex}"
    first = make_app(RATELIMIT_STORAGE_URI=redis_url, RATELIMIT_KEY_PREFIX=prefix).test_client()
    second = make_app(RATELIMIT_STORAGE_URI=redis_url, RATELIMIT_KEY_PREFIX=prefix).test_client()
    store = redis.Redis.from_url(redis_url)
    try:
        for client in (first, second, first, second, first):
            assert login(client, "erika", WRONG).status_code == 401
        assert login(second, "erika", PASSWORD).status_code == 429
        assert login(first, "erika", PASSWORD).status_code == 429
        assert store.keys(f"*{prefix}*konto:erika*")
        # An app counting in its own memory has seen none of it.
        assert login(make_app().test_client(), "erika", PASSWORD).status_code == 302
    finally:
        keys = store.keys(f"*{prefix}*")
        if keys:
            store.delete(*keys)


# --- 2. known and unknown names take the same time ----------------------------------------


def test_unknown_names_are_answered_as_fast_as_known_ones(make_app, accounts) -> None:
    client = make_app(RATELIMIT_ENABLED=False).test_client()
    token = csrf_token(client, "/redaktion/anmelden")

    def seconds(username: str) -> float:
        start = time.perf_counter()
        response = client.post(
            "/redaktion/anmelden", data={"csrf_token": token, "username": username, "password": WRONG}
        )
        assert response.status_code == 401
        return time.perf_counter() - start

    seconds("erika"), seconds("niemand")  # warm up
    known, unknown = [], []
    for _ in range(5):
        known.append(seconds("erika"))
        unknown.append(seconds("niemand"))
    fast, slow = sorted([statistics.median(known), statistics.median(unknown)])
    assert slow <= fast * 1.3, (known, unknown)


# --- 3. `next` leads only to a page of the workspace ----------------------------------------


REFUSED_TARGETS = [
    "/redaktion\r\nSet-Cookie: sozialauskunft_redaktion=x",
    "/redaktion/\nx",
    "/redaktion/\x00",
    "/redaktion/\x7f",
    "//example.org/redaktion/",
    "/\\example.org/redaktion/",
    "\\\\example.org/redaktion/",
    "/redaktion\\..\\",
    "https://example.org/redaktion/",
    "javascript:alert(1)",
    "redaktion/eintraege/neu",
    " /redaktion/",
    "/redaktion/ä",
    "/",
    "/api/services",
    "/redaktionsfremd",
]


def test_next_leads_only_to_a_page_of_the_workspace(app, accounts) -> None:
    for target in REFUSED_TARGETS:
        response = login(app.test_client(), path="/redaktion/anmelden?" + urlencode({"next": target}))
        assert response.status_code == 302, target
        assert response.location == "/redaktion/", target


def test_the_probed_header_injection_signs_in_and_leads_to_the_start(client, accounts) -> None:
    response = login(client, path="/redaktion/anmelden?next=%2Fredaktion%0D%0ASet-Cookie%3A%20x%3Dy")
    assert response.status_code == 302 and response.location == "/redaktion/"
    assert "x=y" not in str(response.headers)


@pytest.mark.parametrize(
    "target", ["/redaktion/eintraege/neu", "/redaktion/?q=Stra%C3%9Fe&status=active", "/redaktion"]
)
def test_next_within_the_workspace_is_followed(client, accounts, target) -> None:
    response = login(client, path="/redaktion/anmelden?" + urlencode({"next": target}))
    assert response.location == target


# --- 4. sessions end on the server ----------------------------------------------------------


def test_a_copied_cookie_stops_working_when_its_owner_signs_out(app, client, accounts) -> None:
    login(client)
    cookie = workspace_cookie(client)
    assert signed_in(replay(app, cookie))
    post(client, "/redaktion/", "/redaktion/abmelden")
    response = replay(app, cookie).get("/redaktion/")
    assert response.status_code == 302 and response.location.startswith("/redaktion/anmelden")
    assert login(client).status_code == 302


def test_deactivation_ends_the_sessions_for_good(app, admin, sessions) -> None:
    erika = app.test_client()
    login(erika)
    cookie = workspace_cookie(erika)
    account = f"/redaktion/benutzer/{user_id(sessions, 'erika')}/aktiv"
    assert post(admin, "/redaktion/benutzer", account, active="0").status_code == 302
    assert not signed_in(erika)
    assert post(admin, "/redaktion/benutzer", account, active="1").status_code == 302
    # Reactivated: she signs in anew, the copied cookie stays dead.
    assert not signed_in(replay(app, cookie))
    assert login(app.test_client()).status_code == 302


def test_a_removed_account_is_signed_out(app, editor, sessions) -> None:
    cookie = workspace_cookie(editor)
    with sessions.begin() as session:
        session.delete(session.get(catalogue.EditorUser, user_id(sessions, "erika")))
    assert not signed_in(editor) and not signed_in(replay(app, cookie))


def test_an_old_style_session_without_version_is_refused(app, editor) -> None:
    with editor.session_transaction("/redaktion/") as session:
        session["_user_id"] = session["_user_id"].split(":")[0]
    assert not signed_in(editor)


# --- 5. the workspace's own cookie -----------------------------------------------------------


def test_the_workspace_cookie_is_its_own_and_stays_under_redaktion(client, accounts) -> None:
    response = login(client)
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith(f"{WORKSPACE_COOKIE}=")
    assert "Path=/redaktion;" in cookies[0] or cookies[0].endswith("Path=/redaktion")
    assert "HttpOnly" in cookies[0] and "SameSite=Lax" in cookies[0]
    assert client.get_cookie(WORKSPACE_COOKIE, path="/redaktion") is not None
    # The chat keeps its own cookie and never touches the workspace's.
    chat = client.post("/api/chat", json={"message": "Schulden"})
    assert chat.status_code == 200
    assert all(not c.startswith(f"{WORKSPACE_COOKIE}=") for c in chat.headers.getlist("Set-Cookie"))
    assert signed_in(client)


# --- 6. Secure cookies and HSTS over HTTPS ---------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "base_url", "headers", "proxies", "secure"),
    [
        ("auto", "https://localhost", {}, 0, True),
        ("auto", "http://localhost", {}, 0, False),
        ("auto", "http://localhost", {"X-Forwarded-Proto": "https"}, 1, True),
        ("auto", "http://localhost", {"X-Forwarded-Proto": "https"}, 0, False),
        ("1", "http://localhost", {}, 0, True),
        ("0", "https://localhost", {}, 0, False),
    ],
)
def test_cookie_is_secure_over_https(make_app, accounts, policy, base_url, headers, proxies, secure) -> None:
    client = make_app(COOKIE_SECURE=policy, PROXY_FIX=proxies).test_client()
    # Browsers send the Referer within the site (Referrer-Policy: same-origin), as the CSRF check over HTTPS needs.
    headers = {**headers, "Referer": "https://localhost/redaktion/anmelden"}
    response = login(client, base_url=base_url, headers=headers)
    assert response.status_code == 302
    assert ("; Secure" in response.headers["Set-Cookie"]) is secure
    https = base_url.startswith("https") or bool(proxies and headers)
    assert response.headers.get("Strict-Transport-Security") == (HSTS if https else None)


def test_workspace_pages_let_the_browser_send_the_referer_the_https_csrf_check_needs(client, accounts) -> None:
    page = client.get("/redaktion/anmelden", base_url="https://localhost")
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert client.get("/", base_url="https://localhost").headers["Referrer-Policy"] == "no-referrer"
    token = csrf_token(client, "/redaktion/anmelden", base_url="https://localhost")
    data = {"csrf_token": token, "username": "erika", "password": PASSWORD}
    response = client.post("/redaktion/anmelden", data=data, base_url="https://localhost")
    assert response.status_code == 400  # no Referer: a page of another site could have sent it
    response = client.post(
        "/redaktion/anmelden",
        data=data,
        base_url="https://localhost",
        headers={"Referer": "https://localhost/redaktion/anmelden"},
    )
    assert response.status_code == 302


def test_hsts_on_every_https_answer_and_can_be_turned_off(make_app, accounts) -> None:
    client = make_app().test_client()
    for path in ("/", "/redaktion/anmelden", "/api/services?q=Schulden", "/redaktion/gibt-es-nicht"):
        assert client.get(path, base_url="https://localhost").headers["Strict-Transport-Security"] == HSTS
    quiet = make_app(HSTS_MAX_AGE=0).test_client()
    assert "Strict-Transport-Security" not in quiet.get("/", base_url="https://localhost").headers


@pytest.mark.parametrize(
    ("cookie_secure", "legacy", "expected"),
    [(None, None, "auto"), ("1", None, "1"), (None, "1", "1"), (None, "0", "0"), ("auto", "1", "auto")],
)
def test_cookie_secure_setting_and_its_old_name(monkeypatch, cookie_secure, legacy, expected) -> None:
    for name, value in (("COOKIE_SECURE", cookie_secure), ("SESSION_COOKIE_SECURE", legacy)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert config.from_environment()["COOKIE_SECURE"] == expected


def test_unknown_cookie_secure_value_is_refused() -> None:
    with pytest.raises(ValueError, match="COOKIE_SECURE muss auto, 1 oder 0 sein"):
        config.cookie_secure("immer")


# --- 7. passwords: set by an admin, changed by the editor ------------------------------------


def test_admin_sets_a_new_password_and_the_old_sessions_end(app, admin, sessions) -> None:
    erika = app.test_client()
    login(erika)
    cookie = workspace_cookie(erika)
    page = f"/redaktion/benutzer/{user_id(sessions, 'erika')}/passwort"
    assert "Neues Passwort für „erika“" in admin.get(page).get_data(as_text=True)
    response = post(admin, page, page, password="kurz", password_confirm="kurz")
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "password") == "Das Passwort muss mindestens 10 Zeichen haben."
    response = post(admin, page, page, password=NEW_PASSWORD, password_confirm="anders-anders")
    assert field_error(response.get_data(as_text=True), "password_confirm") == (
        "Die beiden Passwörter stimmen nicht überein."
    )
    assert signed_in(erika)
    response = post(admin, page, page, password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert response.status_code == 302 and response.location == "/redaktion/benutzer"
    assert "Das Konto „erika“ hat ein neues Passwort." in admin.get(response.location).get_data(as_text=True)
    assert not signed_in(erika) and not signed_in(replay(app, cookie))
    assert login(app.test_client(), "erika", PASSWORD).status_code == 401
    assert login(app.test_client(), "erika", NEW_PASSWORD).status_code == 302
    # The admin's own password goes through the form that asks for the current one.
    own = f"/redaktion/benutzer/{user_id(sessions, 'anton')}/passwort"
    assert admin.get(own).location == "/redaktion/passwort"


def test_an_editor_cannot_set_another_accounts_password(app, editor, sessions) -> None:
    page = f"/redaktion/benutzer/{user_id(sessions, 'anton')}/passwort"
    assert editor.get(page).status_code == 403
    response = post(editor, "/redaktion/", page, password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert response.status_code == 403
    assert "Administration vorbehalten" in response.get_data(as_text=True)
    assert login(app.test_client(), "anton", PASSWORD).status_code == 302


def test_unknown_account_has_no_password_page(admin) -> None:
    assert admin.get("/redaktion/benutzer/999999/passwort").status_code == 404


def test_editor_changes_own_password_and_other_sessions_end(app, editor) -> None:
    laptop = app.test_client()
    login(laptop)
    page = "/redaktion/passwort"
    assert 'for="current_password"' in editor.get(page).get_data(as_text=True)
    response = post(editor, page, page, current_password=WRONG, password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "current_password") == "Das bisherige Passwort ist falsch."
    response = post(editor, page, page, current_password=PASSWORD, password="kurz", password_confirm="kurz")
    assert field_error(response.get_data(as_text=True), "password") == "Das Passwort muss mindestens 10 Zeichen haben."
    assert signed_in(laptop)
    response = post(editor, page, page, current_password=PASSWORD, password=NEW_PASSWORD, password_confirm=NEW_PASSWORD)
    assert response.status_code == 302
    assert "Ihr Passwort ist geändert." in editor.get(response.location).get_data(as_text=True)
    assert signed_in(editor) and not signed_in(laptop)
    assert login(app.test_client(), "erika", PASSWORD).status_code == 401
    assert login(app.test_client(), "erika", NEW_PASSWORD).status_code == 302


# --- 8. two editors save the same entry at the same moment ------------------------------------


@pytest.fixture()
def bernd_saves_just_before_the_write(app, sessions):
    """Let Bernd save the entry after the workspace checked the version and before it writes."""
    saved: list[int] = []

    def before_flush(session, flush_context, instances) -> None:
        for obj in session.dirty:
            if isinstance(obj, catalogue.Service) and not saved:
                saved.append(obj.id)
                with sessions.begin() as other:
                    catalogue.set_alert(other, obj.id, "Bernds Hinweis", user="bernd")

    factory = app.extensions["catalogue_sessions"]
    event.listen(factory, "before_flush", before_flush)
    yield saved
    event.remove(factory, "before_flush", before_flush)


def test_the_loser_of_a_simultaneous_save_keeps_the_input(editor, sessions, bernd_saves_just_before_the_write) -> None:
    sid = service_id(sessions)
    page = f"/redaktion/eintraege/{sid}"
    values = form_values(editor.get(page).get_data(as_text=True))
    values["name"] = ["Erikas neuer Name"]
    values["phone"] = ["0123 45 777-77"]
    response = editor.post(page, data=values)
    assert bernd_saves_just_before_the_write == [sid]
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Der Eintrag wurde inzwischen von bernd am" in html and "Ihre Änderung wurde nicht gespeichert" in html
    assert 'value="Erikas neuer Name"' in html and 'value="0123 45 777-77"' in html
    assert '<th scope="row">Aktueller Hinweis</th><td>–</td><td>Bernds Hinweis</td>' in html
    with sessions.begin() as session:
        service = catalogue.get_service(session, sid)
        assert service.name != "Erikas neuer Name" and service.alert == "Bernds Hinweis"


def test_a_quick_change_that_loses_the_race_says_who_won(editor, sessions, bernd_saves_just_before_the_write) -> None:
    sid = service_id(sessions)
    page = f"/redaktion/eintraege/{sid}"
    version = re.search(r'name="version" value="(\d+)"', editor.get(page).get_data(as_text=True))[1]
    response = post(editor, page, f"{page}/status", status="inactive", version=version)
    assert bernd_saves_just_before_the_write == [sid]
    assert "inzwischen von bernd" in editor.get(response.location).get_data(as_text=True)
    with sessions.begin() as session:
        assert catalogue.get_service(session, sid).status == "active"
