"""Command line: build the catalogue database from the YAML files or the Berlin CSV.

`python -m catalogue load FOLDER` and `python -m catalogue import-berlin FILE`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sqlalchemy import select

from catalogue import (
    CatalogueFormatError,
    ServiceRecord,
    UnansweredQuestion,
    database_url,
    make_engine,
    make_session_factory,
    read_berlin_csv,
    read_catalogue,
    upgrade,
    write_catalogue,
)
from catalogue._berlin import SOURCE_PREFIX as BERLIN_PREFIX


def _read(source: Path, berlin: bool) -> list[ServiceRecord] | None:
    print(f"Katalog: lese {source} …", flush=True)
    try:
        if not berlin:
            return read_catalogue(source)
        result = read_berlin_csv(source)
    except CatalogueFormatError as error:
        print(f"Katalog NICHT geladen: {len(error.problems)} Fehler gefunden, nichts wurde geändert.", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return None
    for line in result.skipped:
        print(f"  übersprungen: {line}")
    for line in result.problems:
        print(f"  Hinweis: {line}")
    print(f"Katalog: {len(result.skipped)} Zeilen übersprungen, {len(result.problems)} Werte als fehlend übernommen.")
    return result.records


def _load(source: Path, url: str, berlin: bool = False) -> int:
    started = time.perf_counter()
    records = _read(source, berlin)
    if records is None:
        return 1
    print(f"Katalog: {len(records)} Einträge geprüft, schreibe in die Datenbank …", flush=True)
    engine = make_engine(url)
    upgrade(engine)
    with make_session_factory(engine).begin() as session:
        # A Berlin import replaces only Berlin entries; the YAML files own the rest.
        report = write_catalogue(session, records, source_prefix=BERLIN_PREFIX if berlin else "")
    took = time.perf_counter() - started
    print(
        f"Katalog geladen in {took:.2f} s: {report.created} neu, {report.updated} aktualisiert, "
        f"{report.deactivated} deaktiviert ({engine.url.render_as_string(hide_password=True)})."
    )
    return 0


def _unanswered(url: str, limit: int) -> int:
    engine = make_engine(url)
    upgrade(engine)
    with make_session_factory(engine).begin() as session:
        rows = session.scalars(
            select(UnansweredQuestion).order_by(UnansweredQuestion.count.desc(), UnansweredQuestion.last_asked.desc())
        ).all()[:limit]
        if not rows:
            print("Keine Fragen ohne Treffer.")
        for row in rows:
            print(f"{row.count:5d}×  zuletzt {row.last_asked:%d.%m.%Y}  {row.text}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the catalogue command line."""
    parser = argparse.ArgumentParser(prog="python -m catalogue", description="Sozialauskunft-Katalog verwalten")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="Datenbank aus den YAML-Dateien eines Ordners aufbauen")
    load.add_argument("folder", type=Path)
    load.add_argument("--database-url", default=None, help="Standard: CATALOGUE_DATABASE_URL oder eingebettetes SQLite")
    berlin = commands.add_parser("import-berlin", help="Verzeichnis „Hilf mir Berlin“ (CSV, wie veröffentlicht)")
    berlin.add_argument("file", type=Path)
    berlin.add_argument("--database-url", default=None, help="Standard: wie bei „load“")
    unanswered = commands.add_parser("unanswered", help="Fragen ohne Treffer anzeigen, häufigste zuerst")
    unanswered.add_argument("--limit", type=int, default=30)
    unanswered.add_argument("--database-url", default=None, help="Standard: wie bei „load“")
    args = parser.parse_args(argv)
    url = args.database_url or database_url()
    if args.command == "unanswered":
        return _unanswered(url, args.limit)
    if args.command == "load":
        return _load(args.folder, url)
    if args.command == "import-berlin":
        return _load(args.file, url, berlin=True)
    return 2


if __name__ == "__main__":
    sys.exit(main())
