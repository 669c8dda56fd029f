"""Command line: `python -m catalogue load FOLDER` builds the database from the files."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from catalogue import (
    CatalogueFormatError,
    database_url,
    make_engine,
    make_session_factory,
    read_catalogue,
    upgrade,
    write_catalogue,
)


def _load(folder: Path, url: str) -> int:
    started = time.perf_counter()
    print(f"Katalog: lese {folder} …", flush=True)
    try:
        records = read_catalogue(folder)
    except CatalogueFormatError as error:
        print(f"Katalog NICHT geladen: {len(error.problems)} Fehler gefunden, nichts wurde geändert.", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"Katalog: {len(records)} Einträge geprüft, schreibe in die Datenbank …", flush=True)
    engine = make_engine(url)
    upgrade(engine)
    with make_session_factory(engine).begin() as session:
        report = write_catalogue(session, records)
    took = time.perf_counter() - started
    print(
        f"Katalog geladen in {took:.2f} s: {report.created} neu, {report.updated} aktualisiert, "
        f"{report.deactivated} deaktiviert ({engine.url.render_as_string(hide_password=True)})."
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the catalogue command line."""
    parser = argparse.ArgumentParser(prog="python -m catalogue", description="Sozialauskunft-Katalog verwalten")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load", help="Datenbank aus den YAML-Dateien eines Ordners aufbauen")
    load.add_argument("folder", type=Path)
    load.add_argument("--database-url", default=None, help="Standard: CATALOGUE_DATABASE_URL oder eingebettetes SQLite")
    args = parser.parse_args(argv)
    if args.command == "load":
        return _load(args.folder, args.database_url or database_url())
    return 2


if __name__ == "__main__":
    sys.exit(main())
