"""A throw-away SQLite catalogue for evaluations: migrated and filled with the given records."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

import catalogue


def temporary_catalogue(records: list[catalogue.ServiceRecord]) -> sessionmaker[Session]:
    """Return a session factory of a new SQLite catalogue in a temporary folder holding `records`."""
    engine = catalogue.make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'catalogue.sqlite3'}")
    catalogue.upgrade(engine)
    sessions = catalogue.make_session_factory(engine)
    with sessions.begin() as session:
        catalogue.write_catalogue(session, records)
    return sessions
