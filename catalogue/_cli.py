"""Command line for scripted catalogue work: import, export, validate, review, history.

Runs as `python -m catalogue ...` and, inside the web app, as `flask --app webchat catalogue ...`.
Every import is one transaction: it lands whole or not at all.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

import click
from sqlalchemy import Engine, select

from catalogue._berlin import SOURCE_PREFIX as BERLIN_PREFIX
from catalogue._berlin import read_berlin_csv
from catalogue._db import database_url, make_engine, make_session_factory, upgrade
from catalogue._editing import EntryNotFound, history, needs_attention, restore
from catalogue._hsds import export_document, read_hsds, validation_errors
from catalogue._loader import CatalogueFormatError, ServiceRecord, read_catalogue, record_from_service, write_catalogue
from catalogue._models import Service, UnansweredQuestion

FORMATS = ("yaml", "hsds", "berlin")


def _engine(url: str | None) -> Engine:
    engine = make_engine(url or database_url())
    upgrade(engine)
    return engine


def _detect(source: Path, given: str | None) -> str:
    if given:
        return given
    if source.is_dir() or source.suffix in (".yml", ".yaml"):
        return "yaml"
    if source.suffix == ".json":
        return "hsds"
    if source.suffix == ".csv":
        return "berlin"
    raise click.UsageError(f"Format von {source} nicht erkennbar: --format {'|'.join(FORMATS)} angeben.")


def _read(source: Path, kind: str) -> list[ServiceRecord]:
    """Read and validate a source; print the report; exit 1 (nothing written) on errors."""
    click.echo(f"Katalog: lese {source} ({kind}) …")
    try:
        if kind == "yaml":
            return read_catalogue(source)
        if kind == "hsds":
            return read_hsds(source)
        result = read_berlin_csv(source)
    except CatalogueFormatError as error:
        click.echo(f"Katalog NICHT geladen: {len(error.problems)} Fehler gefunden, nichts wurde geändert.", err=True)
        for problem in error.problems:
            click.echo(f"  - {problem}", err=True)
        sys.exit(1)
    for line in result.skipped:
        click.echo(f"  übersprungen: {line}")
    for line in result.problems:
        click.echo(f"  Hinweis: {line}")
    click.echo(
        f"Katalog: {len(result.skipped)} Zeilen übersprungen, {len(result.problems)} Werte als fehlend übernommen."
    )
    return result.records


_database_option = click.option(
    "--database-url", default=None, help="Standard: CATALOGUE_DATABASE_URL oder eingebettetes SQLite."
)


@click.group(name="catalogue", help="Sozialauskunft-Katalog verwalten.")
def cli() -> None:
    """Manage the catalogue."""


@cli.command("import", help="Einträge importieren: YAML-Ordner, HSDS-3.0-JSON oder Berliner CSV (wie veröffentlicht).")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "kind", type=click.Choice(FORMATS), default=None, help="Standard: an der Endung erkannt.")
@click.option(
    "--deactivate-missing/--keep-missing", default=None, help="Einträge derselben Quelle, die fehlen, deaktivieren."
)
@click.option("--user", default="Import", show_default=True, help="Name in der Änderungshistorie.")
@_database_option
def import_command(
    source: Path, kind: str | None, deactivate_missing: bool | None, user: str, database_url: str | None
) -> None:
    """Import a source in one transaction."""
    kind = _detect(source, kind)
    started = time.perf_counter()
    records = _read(source, kind)
    click.echo(f"Katalog: {len(records)} Einträge geprüft, schreibe in die Datenbank …")
    engine = _engine(database_url)
    # YAML files own the whole catalogue; a Berlin import only its own entries; HSDS files add and update.
    if deactivate_missing is None:
        deactivate_missing = kind != "hsds"
    with make_session_factory(engine).begin() as session:
        report = write_catalogue(
            session,
            records,
            deactivate_missing=deactivate_missing,
            source_prefix=BERLIN_PREFIX if kind == "berlin" else "",
            changed_by=user,
        )
    click.echo(
        f"Katalog geladen in {time.perf_counter() - started:.2f} s: {report.created} neu, {report.updated} "
        f"aktualisiert, {report.unchanged} unverändert, {report.deactivated} deaktiviert "
        f"({engine.url.render_as_string(hide_password=True)})."
    )


@cli.command("load", help="Wie „import“ für einen Ordner mit YAML-Dateien (deaktiviert fehlende Einträge).")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_database_option
@click.pass_context
def load_command(ctx: click.Context, folder: Path, database_url: str | None) -> None:
    """Load the editable YAML files."""
    ctx.invoke(
        import_command, source=folder, kind="yaml", deactivate_missing=True, user="Import", database_url=database_url
    )


@cli.command("import-berlin", help="Wie „import“ für das Verzeichnis „Hilf mir Berlin“ (CSV).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_database_option
@click.pass_context
def import_berlin_command(ctx: click.Context, file: Path, database_url: str | None) -> None:
    """Import the Berlin directory."""
    ctx.invoke(
        import_command, source=file, kind="berlin", deactivate_missing=True, user="Import", database_url=database_url
    )


@cli.command("export", help="Alle Einträge als HSDS-3.0-JSON schreiben (Datei oder „-“ für die Standardausgabe).")
@click.argument("target", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option(
    "--schemas",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Ordner mit den HSDS-3.0-Schemas: Export vorher prüfen.",
)
@_database_option
def export_command(target: Path, schemas: Path | None, database_url: str | None) -> None:
    """Export as HSDS 3.0."""
    engine = _engine(database_url)
    with make_session_factory(engine).begin() as session:
        records = [record_from_service(s) for s in session.scalars(select(Service).order_by(Service.external_id))]
    document = export_document(records)
    if schemas:
        problems = validation_errors(document, schemas)
        if problems:
            click.echo(f"Export NICHT geschrieben: {len(problems)} Schemafehler.", err=True)
            for problem in problems[:50]:
                click.echo(f"  - {problem}", err=True)
            sys.exit(1)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if str(target) == "-":
        click.echo(text)
    else:
        target.write_text(text + "\n", encoding="utf-8")
        click.echo(f"{len(records)} Einträge als HSDS 3.0 nach {target} geschrieben.", err=True)


@cli.command(
    "validate", help="Eine Quelle prüfen, ohne etwas zu schreiben; HSDS-JSON mit --schemas auch gegen das Schema."
)
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "kind", type=click.Choice(FORMATS), default=None)
@click.option("--schemas", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None)
def validate_command(source: Path, kind: str | None, schemas: Path | None) -> None:
    """Check a source."""
    kind = _detect(source, kind)
    records = _read(source, kind)
    if schemas and kind == "hsds":
        document = json.loads(source.read_text(encoding="utf-8"))
        if isinstance(document, list):
            document = {"contents": document}
        problems = validation_errors(document, schemas)
        if problems:
            click.echo(f"{len(problems)} Schemafehler:", err=True)
            for problem in problems[:50]:
                click.echo(f"  - {problem}", err=True)
            sys.exit(1)
    click.echo(f"In Ordnung: {len(records)} Einträge.")


@cli.command(
    "stale", help="Einträge, die Aufmerksamkeit brauchen: lange nicht geprüft, ohne Zeiten, Kontakt oder Bezirk."
)
@click.option("--months", type=click.IntRange(1, 120), default=12, show_default=True)
@_database_option
def stale_command(months: int, database_url: str | None) -> None:
    """List entries that need attention."""
    with make_session_factory(_engine(database_url)).begin() as session:
        attention = needs_attention(session, today=date.today(), stale_months=months)
        sections = (
            (f"Seit {months} Monaten nicht geprüft", attention.stale),
            ("Ohne Öffnungszeiten", attention.without_hours),
            ("Ohne Telefon und E-Mail", attention.without_contact),
            ("Ohne Bezirk", attention.without_district),
        )
        for title, services in sections:
            click.echo(f"{title}: {len(services)}")
            for service in services:
                checked = f"{service.assured_date:%d.%m.%Y}" if service.assured_date else "nie"
                click.echo(f"  {service.id:6d}  {service.external_id}  {service.name}  (geprüft: {checked})")
        click.echo(f"Fragen ohne Treffer: {len(attention.unanswered)}")
        for question in attention.unanswered:
            click.echo(f"  {question.count:5d}×  {question.text}")


@cli.command("unanswered", help="Fragen ohne Treffer anzeigen, häufigste zuerst.")
@click.option("--limit", type=int, default=30, show_default=True)
@_database_option
def unanswered_command(limit: int, database_url: str | None) -> None:
    """List questions that found nothing."""
    with make_session_factory(_engine(database_url)).begin() as session:
        rows = session.scalars(
            select(UnansweredQuestion)
            .order_by(UnansweredQuestion.count.desc(), UnansweredQuestion.last_asked.desc())
            .limit(limit)
        ).all()
        if not rows:
            click.echo("Keine Fragen ohne Treffer.")
        for row in rows:
            click.echo(f"{row.count:5d}×  zuletzt {row.last_asked:%d.%m.%Y}  {row.text}")


@cli.command("history", help="Änderungen eines Eintrags (neueste zuerst).")
@click.argument("service_id", type=int)
@_database_option
def history_command(service_id: int, database_url: str | None) -> None:
    """Show an entry's history."""
    with make_session_factory(_engine(database_url)).begin() as session:
        changes = history(session, service_id)
        if not changes:
            raise click.ClickException(f"Keine Änderungen zu Eintrag {service_id}.")
        for change in changes:
            fields = ", ".join(sorted(change.changes))
            when = f"{change.changed_at:%d.%m.%Y %H:%M} UTC"
            click.echo(f"{change.id:6d}  {when}  {change.changed_by}: {change.action} [{fields}]")


@cli.command("restore", help="Einen Eintrag auf den Stand nach einer Änderung (Nummer aus „history“) zurücksetzen.")
@click.argument("service_id", type=int)
@click.argument("change_id", type=int)
@click.option("--user", default="Kommandozeile", show_default=True)
@_database_option
def restore_command(service_id: int, change_id: int, user: str, database_url: str | None) -> None:
    """Restore an earlier version."""
    with make_session_factory(_engine(database_url)).begin() as session:
        try:
            _service, changes = restore(session, service_id, change_id, user=user)
        except EntryNotFound as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"Wiederhergestellt: {len(changes)} Felder geändert ({', '.join(sorted(changes)) or 'keine'}).")
