"""The web app's settings: the city's from `catalogue.settings()`, the web app's own from the environment."""

from __future__ import annotations

import os
import re
import secrets
from typing import Any
from urllib.parse import urlsplit

import catalogue


def from_environment() -> dict[str, Any]:
    """Read the web chat's settings from the environment."""
    env = os.environ.get
    city = catalogue.settings()
    return {
        "SECRET_KEY": env("SECRET_KEY") or secrets.token_hex(32),
        "DATABASE_URL": city.database_url,
        "CONVERSATIONS_DATABASE_URL": city.conversations_url,
        "RASA_URL": env("RASA_URL", "http://127.0.0.1:5005"),
        "ACTION_SERVER_URL": env("ACTION_SERVER_URL", "http://127.0.0.1:5055"),
        "RASA_TIMEOUT": float(env("RASA_TIMEOUT", "30")),
        "CHAT_MAX_LENGTH": int(env("CHAT_MAX_LENGTH", "500")),
        "CITY_NAME": city.city_name,
        "INFO_DESK_PHONE": city.info_desk_phone,
        "INFO_DESK_EMAIL": city.info_desk_email,
        # The Flask session is the editor workspace's sign-in only (the chat has a cookie of its own):
        # it is sent to /redaktion and nowhere else.
        "SESSION_COOKIE_NAME": "sozialauskunft_redaktion",
        "SESSION_COOKIE_PATH": "/redaktion",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Cookies marked Secure: "auto" when the request came over HTTPS, "1" always, "0" never (local HTTP).
        "COOKIE_SECURE": cookie_secure(env("COOKIE_SECURE"), env("SESSION_COOKIE_SECURE")),
        # Behind this many reverse proxies (0: none), trust their X-Forwarded-For and X-Forwarded-Proto.
        "PROXY_FIX": int(env("PROXY_FIX", "0")),
        # Strict-Transport-Security on HTTPS answers (seconds; 0 sends none).
        "HSTS_MAX_AGE": int(env("HSTS_MAX_AGE", str(365 * 24 * 60 * 60))),
        "MAX_CONTENT_LENGTH": 64 * 1024,
        # A chat conversation ends this many minutes after the person's last message.
        "CHAT_SESSION_MINUTES": float(env("CHAT_SESSION_MINUTES", "30")),
        # Editor workspace (/redaktion): sign-in expires this many minutes after the last request.
        "EDITOR_SESSION_MINUTES": float(env("EDITOR_SESSION_MINUTES", "30")),
        # "Braucht Aufmerksamkeit" lists entries not checked for this many months.
        "EDITOR_STALE_MONTHS": int(env("EDITOR_STALE_MONTHS", "12")),
        # Failed sign-ins allowed per account and per client address ("N per minute; M per hour"):
        # then the login answers 429 until the oldest failure is out of the window.
        "EDITOR_LOGIN_LIMIT_ACCOUNT": env("EDITOR_LOGIN_LIMIT_ACCOUNT", "5 per minute; 20 per hour"),
        "EDITOR_LOGIN_LIMIT_ADDRESS": env("EDITOR_LOGIN_LIMIT_ADDRESS", "20 per minute; 100 per hour"),
        # Where the failed sign-ins are counted: Redis (shared by all processes) or this process's memory.
        "RATELIMIT_STORAGE_URI": env("RATELIMIT_STORAGE_URI") or env("REDIS_URL") or "memory://",
        # Pages of other origins that may show the chat in an iframe (/einbetten): "https://www.stadt.de ...".
        "EMBED_ORIGINS": embed_origins(env("EMBED_ORIGINS")),
        # The city's look: a stylesheet on its own server setting the widget's CSS custom properties
        # (--primary, --font ...) and @font-face; allowed by the Content-Security-Policy, nothing else is.
        "CHAT_THEME_CSS": theme_stylesheet(env("CHAT_THEME_CSS")),
        "CHAT_TITLE": env("CHAT_TITLE") or f"Sozialauskunft {city.city_name}",
        "CHAT_GREETING": env("CHAT_GREETING")
        or "Fragen Sie nach Beratung, Hilfen und Treffpunkten in der Stadt – in eigenen Worten.",
    }


def origin(value: str) -> str:
    """Return scheme://host[:port] of an http(s) URL or origin; ValueError for anything else."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c in value for c in " ;,'\"<>"):
        raise ValueError(f"„{value}“ ist keine Adresse der Form https://www.stadt.de.")
    return f"{parts.scheme}://{parts.netloc}"


def embed_origins(value: str | None) -> tuple[str, ...]:
    """Read EMBED_ORIGINS: origins separated by spaces or commas; exactly these may embed the chat."""
    return tuple(dict.fromkeys(origin(v) for v in re.split(r"[\s,]+", value or "") if v))


def theme_stylesheet(value: str | None) -> str | None:
    """Read CHAT_THEME_CSS: an https (or local http) URL of the city's stylesheet, or nothing."""
    if not value:
        return None
    origin(value)
    return value.strip()


def cookie_secure(value: str | None, legacy: str | None = None) -> str:
    """Read COOKIE_SECURE ("auto", "1", "0"); the older SESSION_COOKIE_SECURE=1/0 still counts."""
    value = (value or legacy or "auto").strip().lower()
    if value not in ("auto", "1", "0"):
        raise ValueError(f"COOKIE_SECURE muss auto, 1 oder 0 sein, nicht „{value}“.")
    return value
