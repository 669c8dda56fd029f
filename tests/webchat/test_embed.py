"""The chat a city embeds: exactly the configured origins may frame it; cookies fit; the city's stylesheet."""

from __future__ import annotations

import pytest

from webchat.config import embed_origins, theme_stylesheet

CITY = "https://www.musterstadt.example"


def test_only_the_configured_origins_may_frame_the_embed(make_app) -> None:
    client = make_app(EMBED_ORIGINS=(CITY, "http://127.0.0.1:8001")).test_client()
    embed = client.get("/einbetten")
    assert embed.status_code == 200
    policy = embed.headers["Content-Security-Policy"]
    assert f"frame-ancestors 'self' {CITY} http://127.0.0.1:8001" in policy
    assert "X-Frame-Options" not in embed.headers
    page = client.get("/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"


def test_without_configuration_only_the_chat_itself_may_frame_the_embed(client) -> None:
    policy = client.get("/einbetten").headers["Content-Security-Policy"]
    assert policy.endswith("frame-ancestors 'self'")


def test_the_embed_says_it_is_an_automated_assistant_and_links_the_privacy_page(make_app) -> None:
    html = make_app(CHAT_TITLE="Sozialauskunft Oberau", CHAT_GREETING="Willkommen in Oberau!").test_client()
    text = html.get("/einbetten").get_data(as_text=True)
    assert "Automatischer Assistent" in text and "kein Mensch" in text
    assert 'href="/datenschutz"' in text and 'rel="noopener noreferrer"' in text
    assert "Sozialauskunft Oberau" in text and "Willkommen in Oberau!" in text


def test_embedded_over_https_the_chat_cookie_is_cross_site_and_partitioned(make_app, fake_rasa) -> None:
    client = make_app(EMBED_ORIGINS=(CITY,)).test_client()
    response = client.post("/api/chat", json={"message": "Hallo"}, base_url="https://chat.musterstadt.example")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=None" in cookie and "Partitioned" in cookie


def test_not_embedded_the_chat_cookie_stays_lax(client) -> None:
    cookie = client.post("/api/chat", json={"message": "Hallo"}).headers["Set-Cookie"]
    assert "SameSite=Lax" in cookie and "Partitioned" not in cookie and "HttpOnly" in cookie


def test_the_citys_stylesheet_is_linked_and_allowed_for_styles_and_fonts_only(make_app) -> None:
    client = make_app(CHAT_THEME_CSS="https://www.musterstadt.example/chat/farben.css").test_client()
    response = client.get("/einbetten")
    assert '<link rel="stylesheet" href="https://www.musterstadt.example/chat/farben.css">' in response.get_data(
        as_text=True
    )
    policy = response.headers["Content-Security-Policy"]
    assert f"style-src 'self' {CITY};" in policy and f"font-src 'self' {CITY};" in policy
    assert "script-src 'self';" in policy and "connect-src 'self';" in policy


@pytest.mark.parametrize(
    "value", ["javascript:alert(1)", "https://a.example; script-src *", "ftp://x.example", "www.stadt.de", "https://"]
)
def test_bad_origins_in_the_configuration_are_refused(value) -> None:
    with pytest.raises(ValueError, match="keine Adresse"):
        embed_origins(value)
    with pytest.raises(ValueError, match="keine Adresse"):
        theme_stylesheet(value)


def test_origins_are_read_exactly() -> None:
    assert embed_origins("https://a.example/pfad, http://127.0.0.1:8001  https://a.example") == (
        "https://a.example",
        "http://127.0.0.1:8001",
    )
    assert embed_origins("") == ()
