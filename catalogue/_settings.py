"""The city's settings, read from the environment once per process.

Every process (web app, action server, command line) gets the catalogue
database, the time zone, the federal state for public holidays, the city's
name and its information desk from here; nothing else in the catalogue reads
the environment. The web app adds its own web settings in `webchat.config`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite:///{REPO_ROOT / 'var' / 'catalogue.sqlite3'}"
# Rasa's SQL tracker store: the conversations, apart from the catalogue.
DEFAULT_CONVERSATIONS_URL = f"sqlite:///{REPO_ROOT / 'var' / 'conversations.sqlite3'}"


@dataclass(frozen=True)
class Settings:
    """Settings shared by every process; see the README's table of environment variables."""

    database_url: str = DEFAULT_DATABASE_URL
    conversations_url: str = DEFAULT_CONVERSATIONS_URL
    time_zone: str = "Europe/Berlin"
    state: str = "BE"
    city_name: str = "Musterstadt (fiktiv)"
    info_desk_phone: str = "0123 45 000-0"
    info_desk_email: str = "sozialauskunft@musterstadt.example"
    info_desk_hours: str = "Mo–Fr 8–18 Uhr"
    # The same hours in a form the chat can check ("is it staffed now?"): "Mo-Fr 08:00-18:00; Sa 09:00-12:00".
    info_desk_opening: str = "Mo-Fr 08:00-18:00"
    chat_data_days: int = 90
    contact_request_days: int = 30  # a contact request is deleted this many days after it was made

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        """Read the settings from environment variables, defaults where unset."""
        default = cls()
        return cls(
            database_url=environ.get("CATALOGUE_DATABASE_URL") or default.database_url,
            conversations_url=environ.get("CONVERSATIONS_DATABASE_URL") or default.conversations_url,
            time_zone=environ.get("CATALOGUE_TIMEZONE") or default.time_zone,
            state=(environ.get("CATALOGUE_STATE") or default.state).upper(),
            city_name=environ.get("CITY_NAME") or default.city_name,
            info_desk_phone=environ.get("INFO_DESK_PHONE") or default.info_desk_phone,
            info_desk_email=environ.get("INFO_DESK_EMAIL") or default.info_desk_email,
            info_desk_hours=environ.get("INFO_DESK_HOURS") or default.info_desk_hours,
            info_desk_opening=environ.get("INFO_DESK_OPENING") or default.info_desk_opening,
            chat_data_days=int(environ.get("CHAT_DATA_RETENTION_DAYS") or default.chat_data_days),
            contact_request_days=int(environ.get("CONTACT_REQUEST_DAYS") or default.contact_request_days),
        )


@lru_cache(maxsize=1)
def settings() -> Settings:
    """Return this process's settings (read once; tests call `settings.cache_clear()` after changing them)."""
    return Settings.from_environment()
