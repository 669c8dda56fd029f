"""Shared fixtures: a real catalogue database built from the demo files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

import catalogue

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "catalogue" / "demo"


@pytest.fixture(scope="session")
def demo_records() -> list[catalogue.ServiceRecord]:
    return catalogue.read_catalogue(DEMO)


@pytest.fixture()
def engine(tmp_path: Path, demo_records: list[catalogue.ServiceRecord]) -> Iterator[Engine]:
    """An embedded SQLite catalogue, migrated and filled with the demo catalogue."""
    engine = catalogue.make_engine(f"sqlite:///{tmp_path / 'catalogue.sqlite3'}")
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
