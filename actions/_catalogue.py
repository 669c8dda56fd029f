"""The action server's connection to the catalogue database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy.orm import Session, sessionmaker

import catalogue


@lru_cache(maxsize=1)
def _sessions() -> sessionmaker[Session]:
    return catalogue.make_session_factory(catalogue.make_engine())


@contextmanager
def session_scope() -> Iterator[Session]:
    """Open a read transaction on the catalogue for one action run."""
    with _sessions().begin() as session:
        yield session


def info_desk() -> dict[str, str]:
    """Return the contact of the city's social information desk from the environment."""
    return {
        "phone": os.environ.get("INFO_DESK_PHONE", "0123 45 000-0"),
        "email": os.environ.get("INFO_DESK_EMAIL", "sozialauskunft@musterstadt.example"),
        "hours": os.environ.get("INFO_DESK_HOURS", "Mo–Fr 8–18 Uhr"),
    }
