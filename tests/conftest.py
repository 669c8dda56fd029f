"""Shared fixtures: a real catalogue database built from the demo files."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

import catalogue

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "catalogue" / "demo"


@pytest.fixture(scope="session")
def demo_records() -> list[catalogue.ServiceRecord]:
    return catalogue.read_catalogue(DEMO)


POSTGRES_URL = os.environ.get("CATALOGUE_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path: Path) -> Iterator[str]:
    """An empty catalogue database: SQLite in a temporary folder, and PostgreSQL
    (a schema of its own per test) when CATALOGUE_TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'catalogue.sqlite3'}"
        return
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture()
def engine(database_url: str, demo_records: list[catalogue.ServiceRecord]) -> Iterator[Engine]:
    """A catalogue database, migrated with Alembic and filled with the demo catalogue."""
    engine = catalogue.make_engine(database_url)
    catalogue.upgrade(engine)
    with catalogue.make_session_factory(engine).begin() as session:
        catalogue.write_catalogue(session, demo_records)
    yield engine
    engine.dispose()


@pytest.fixture()
def sessions(engine: Engine) -> sessionmaker[Session]:
    return catalogue.make_session_factory(engine)


@pytest.fixture()
def session(sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions.begin() as session:
        yield session


def unchecked_for(sessions: sessionmaker[Session], months: int) -> int:
    """Count the active entries whose last check is older than `months` months (or missing), as of today.

    The demo entries carry check dates, so the count depends on the day the tests run.
    """
    from datetime import date

    from dateutil.relativedelta import relativedelta
    from sqlalchemy import select

    cutoff = date.today() - relativedelta(months=months)
    with sessions.begin() as session:
        dates = session.scalars(
            select(catalogue.Service.assured_date).where(catalogue.Service.status != "inactive")
        ).all()
    return sum(1 for day in dates if day is None or day < cutoff)
