"""Back up the whole catalogue (entries, history, accounts, chat questions) to one file and restore it.

A portable format of our own rather than pg_dump or SQLite's backup API: one
gzip-compressed JSON file holds every table of the catalogue's schema, so the
same command works on SQLite and PostgreSQL, a backup taken on one restores
on the other (moving a city from the embedded default to PostgreSQL), and no
client tools of the database server are needed. The file names the schema
revision it was taken at; it is restored only into a database at the same
revision.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from alembic.migration import MigrationContext
from sqlalchemy import Date, DateTime, Engine, Table, func, select, text
from sqlalchemy.exc import SQLAlchemyError

from catalogue._models import Base, CatalogueVersion

FORMAT = "sozialauskunft-katalog-sicherung"
FORMAT_VERSION = 1


class BackupError(Exception):
    """The backup file cannot be restored; nothing was changed. `reason` says why in German."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path.name}: {reason} Nichts wurde geändert.")
        self.path = path
        self.reason = reason


@dataclass
class BackupSummary:
    """Rows per table in a backup, and the schema revision it was taken at."""

    revision: str
    rows: dict[str, int]

    @property
    def services(self) -> int:
        """Count the entries."""
        return self.rows.get("service", 0)


def _tables() -> list[Table]:
    """The tables a backup holds: all but the catalogue's version counter (restoring the services raises it)."""
    return [table for table in Base.metadata.sorted_tables if table.name != CatalogueVersion.__tablename__]


def _revision(engine: Engine) -> str:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() or ""


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_backup(engine: Engine, path: Path) -> BackupSummary:
    """Write every table to `path` (gzip JSON) in one consistent read; return the row counts."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with engine.begin() as connection:
        for table in _tables():
            rows = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            tables[table.name] = [{k: _json_value(v) for k, v in row.items()} for row in rows]
    document = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "revision": _revision(engine),
        "created_at": datetime.now(timezone.utc).isoformat(),
        "tables": tables,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with gzip.open(partial, "wt", encoding="utf-8") as file:
        json.dump(document, file, ensure_ascii=False)
    partial.replace(path)  # a half-written backup never carries the final name
    return BackupSummary(document["revision"], {name: len(rows) for name, rows in tables.items()})


def _read(path: Path) -> dict[str, Any]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as file:
            document = json.load(file)
    except (OSError, EOFError, UnicodeDecodeError, ValueError, RecursionError) as error:
        raise BackupError(path, "ist keine lesbare Sicherung (gzip-komprimiertes JSON).") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(path, "ist keine Sicherung der Sozialauskunft.")
    if document.get("version") != FORMAT_VERSION or not isinstance(document.get("tables"), dict):
        raise BackupError(path, f"hat eine unbekannte Formatversion ({document.get('version')}).")
    return document


def _row_value(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        moment = datetime.fromisoformat(value)
        # Stored as naive UTC, as the application writes it.
        return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def restore_backup(engine: Engine, path: Path) -> BackupSummary:
    """Replace every table's rows with the backup's, in one transaction; raise BackupError first if it cannot."""
    document = _read(path)
    revision = _revision(engine)
    if document.get("revision") != revision:
        raise BackupError(
            path, f"stammt von Schema-Version {document.get('revision')}, die Datenbank hat {revision or 'keine'}."
        )
    tables = document["tables"]
    unknown = sorted(set(tables) - {table.name for table in _tables()})
    if unknown:
        raise BackupError(path, f"enthält unbekannte Tabellen: {', '.join(unknown)}.")
    try:
        with engine.begin() as connection:
            for table in reversed(_tables()):
                connection.execute(table.delete())
            for table in _tables():
                rows = tables.get(table.name) or []
                if rows:
                    columns = table.columns
                    connection.execute(
                        table.insert(),
                        [{k: _row_value(columns[k], v) for k, v in row.items() if k in columns} for row in rows],
                    )
            if connection.dialect.name == "postgresql":
                for table in _tables():
                    if "id" in table.columns:
                        highest = connection.scalar(select(func.max(table.c.id)))
                        connection.execute(
                            text("SELECT setval(pg_get_serial_sequence(:t, 'id'), :v, :called)"),
                            {"t": table.name, "v": highest or 1, "called": highest is not None},
                        )
    except (SQLAlchemyError, KeyError, TypeError, ValueError) as error:  # the transaction rolled back
        raise BackupError(path, f"lässt sich nicht einspielen ({type(error).__name__}).") from error
    return BackupSummary(revision, {table.name: len(tables.get(table.name) or []) for table in _tables()})
