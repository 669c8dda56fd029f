"""The web app's settings: the city's from `catalogue.settings()`, the web app's own from the environment."""

from __future__ import annotations

import os
import secrets
from typing import Any

import catalogue


def from_environment() -> dict[str, Any]:
    """Read the web chat's settings from the environment."""
    env = os.environ.get
    city = catalogue.settings()
    return {
        "SECRET_KEY": env("SECRET_KEY") or secrets.token_hex(32),
        "DATABASE_URL": city.database_url,
        "RASA_URL": env("RASA_URL", "http://127.0.0.1:5005"),
        "ACTION_SERVER_URL": env("ACTION_SERVER_URL", "http://127.0.0.1:5055"),
        "RASA_TIMEOUT": float(env("RASA_TIMEOUT", "30")),
        "CHAT_MAX_LENGTH": int(env("CHAT_MAX_LENGTH", "500")),
        "CITY_NAME": city.city_name,
        "INFO_DESK_PHONE": city.info_desk_phone,
        "INFO_DESK_EMAIL": city.info_desk_email,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env("SESSION_COOKIE_SECURE", "0") == "1",
        "MAX_CONTENT_LENGTH": 64 * 1024,
        # A chat conversation ends this many minutes after the person's last message.
        "CHAT_SESSION_MINUTES": float(env("CHAT_SESSION_MINUTES", "30")),
        # Editor workspace (/redaktion): sign-in expires this many minutes after the last request.
        "EDITOR_SESSION_MINUTES": float(env("EDITOR_SESSION_MINUTES", "30")),
        # "Braucht Aufmerksamkeit" lists entries not checked for this many months.
        "EDITOR_STALE_MONTHS": int(env("EDITOR_STALE_MONTHS", "12")),
    }
