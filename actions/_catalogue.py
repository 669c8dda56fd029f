"""The action server's connection to the catalogue database."""

from __future__ import annotations

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
    """Return the contact of the city's social information desk (from the process's settings)."""
    city = catalogue.settings()
    return {"phone": city.info_desk_phone, "email": city.info_desk_email, "hours": city.info_desk_hours}
