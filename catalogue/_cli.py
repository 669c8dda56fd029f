"""Command line for scripted catalogue work: import, export, validate, review, history.

Runs as `python -m catalogue ...` and, inside the web app, as `flask --app webchat catalogue ...`.
Every import is one transaction: it lands whole or not at all.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, datetime
from pathlib import Path

import click
from sqlalchemy import Engine, select

from catalogue._backup import BackupError, restore_backup, write_backup
from catalogue._conversations import conversations_engine, purge_conversations
from catalogue._db import database_url, make_engine, make_session_factory, upgrade
from catalogue._editing import EntryNotFound, history, needs_attention, restore
from catalogue._hsds import export_document, validation_errors
from catalogue._importing import ImportRefused, LoadReport, catalogue_state, write_catalogue
from catalogue._models import DEMO_SOURCE, Base, Service, UnansweredQuestion
from catalogue._presenters import local_time
from catalogue._problems import CatalogueFormatError
from catalogue._records import record_from_service
from catalogue._retention import purge_chat_data
from catalogue._settings import REPO_ROOT, settings
from catalogue._sources import FORMATS, SourceRead, read_source

BACKUP_FOLDER = REPO_ROOT / "var" / "backups"
_backup_folder_option = click.option(
    "--backup-folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=BACKUP_FOLDER,
    show_default=True,
    help="Wohin die Sicherung des vorigen Stands geschrieben wird.",
)


def _engine(url: str | None) -> Engine:
    engine = make_engine(url or database_url())
    upgrade(engine)
    return engine


def _read(source: Path, kind: str | None) -> SourceRead:
    """Read and check a source; print the report; exit 1 (nothing written) on errors."""
    click.echo(f"Katalog: lese {source} …")
    try:
        result = read_source(source, kind)
    except CatalogueFormatError as error:
        click.echo(f"Katalog NICHT geladen: {len(error.problems)} Fehler gefunden, nichts wurde geändert.", err=True)
        for problem in error.problems[:200]:
            click.echo(f"  - {problem}", err=True)
        if len(error.problems) > 200:
            click.echo(f"  … und {len(error.problems) - 200} weitere.", err=True)
        sys.exit(1)
    for line in result.skipped:
        click.echo(f"  übersprungen: {line}")
    for line in result.notes:
        click.echo(f"  Hinweis: {line}")
    if result.kind == "berlin":
        click.echo(
            f"Katalog: {len(result.skipped)} Zeilen übersprungen, {len(result.notes)} Werte als fehlend übernommen."
        )
    return result


_database_option = click.option(
    "--database-url", default=None, help="Standard: CATALOGUE_DATABASE_URL oder eingebettetes SQLite."
)


@click.group(name="catalogue", help="Sozialauskunft-Katalog verwalten.")
def cli() -> None:
    """Manage the catalogue."""


@cli.command("import", help="Einträge importieren: YAML-Datei oder -Ordner, HSDS-3.0-JSON oder Berliner CSV.")
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "kind", type=click.Choice(FORMATS), default=None, help="Standard: an der Endung erkannt.")
@click.option(
    "--source",
    "source_name",
    default=None,
    help="Name der Quelle (Standard: Datei- oder Ordnername). Ein erneuter Import ändert nur Einträge dieser Quelle.",
)
@click.option(
    "--deactivate-missing/--keep-missing",
    default=None,
    help="Einträge derselben Quelle, die in der Datei fehlen, deaktivieren (Standard außer bei HSDS).",
)
@click.option("--confirm", is_flag=True, help="Auch importieren, wenn die Quelle leer ist oder > 20 % wegfallen.")
@click.option("--overwrite-edits", is_flag=True, help="Auch Einträge überschreiben, die die Redaktion geändert hat.")
@click.option("--user", default="Import", show_default=True, help="Name in der Änderungshistorie.")
@_database_option
def import_command(
    source: Path,
    kind: str | None,
    source_name: str | None,
    deactivate_missing: bool | None,
    confirm: bool,
    overwrite_edits: bool,
    user: str,
    database_url: str | None,
) -> None:
    """Import a source in one transaction."""
    started = time.perf_counter()
    result = _read(source, kind)
    records = result.records
    name = source_name or source.resolve().name
    click.echo(f"Katalog: {len(records)} Einträge geprüft, schreibe Quelle „{name}“ in die Datenbank …")
    engine = _engine(database_url)
    # HSDS files from other systems often carry only changed entries: they add and update.
    if deactivate_missing is None:
        deactivate_missing = result.kind != "hsds"
    try:
        with make_session_factory(engine).begin() as session:
            report = write_catalogue(
                session,
                records,
                source=name,
                deactivate_missing=deactivate_missing,
                confirm=confirm,
                overwrite_edits=overwrite_edits,
                changed_by=user,
            )
    except ImportRefused as error:
        click.echo(f"Katalog NICHT geladen: {error}", err=True)
        sys.exit(1)
    _print_report(report)
    click.echo(
        f"Katalog geladen in {time.perf_counter() - started:.2f} s: {report.created} neu, {report.updated} "
        f"aktualisiert, {report.unchanged} unverändert, {report.deactivated} deaktiviert, "
        f"{len(report.kept_edits)} von der Redaktion geänderte behalten "
        f"({engine.url.render_as_string(hide_password=True)})."
    )


def _print_report(report: LoadReport) -> None:
    for kept in report.kept_edits:
        click.echo(
            f"  {kept.external_id} ({kept.name}): in der Redaktion am {local_time(kept.edited_at):%d.%m.%Y um %H:%M} "
            "geändert, nicht überschrieben (Fassung der Datei steht im Verlauf; --overwrite-edits überschreibt)."
        )
    for foreign in report.foreign:
        click.echo(f"  {foreign.external_id}: gehört zur Quelle „{foreign.source}“, nicht geändert.")


@cli.command("load", help="Wie „import“ für einen Ordner mit YAML-Dateien (deaktiviert fehlende Einträge).")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--source", "source_name", default=None, help="Name der Quelle (Standard: Ordnername).")
@click.option("--confirm", is_flag=True, help="Auch laden, wenn die Quelle leer ist oder > 20 % wegfallen.")
@click.option("--overwrite-edits", is_flag=True, help="Auch Einträge überschreiben, die die Redaktion geändert hat.")
@_database_option
@click.pass_context
def load_command(
    ctx: click.Context,
    folder: Path,
    source_name: str | None,
    confirm: bool,
    overwrite_edits: bool,
    database_url: str | None,
) -> None:
    """Load the editable YAML files."""
    ctx.invoke(
        import_command,
        source=folder,
        kind="yaml",
        source_name=source_name,
        deactivate_missing=True,
        confirm=confirm,
        overwrite_edits=overwrite_edits,
        user="Import",
        database_url=database_url,
    )


@cli.command("import-berlin", help="Wie „import“ für das Verzeichnis „Hilf mir Berlin“ (CSV).")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--confirm", is_flag=True, help="Auch laden, wenn die Quelle leer ist oder > 20 % wegfallen.")
@_database_option
@click.pass_context
def import_berlin_command(ctx: click.Context, file: Path, confirm: bool, database_url: str | None) -> None:
    """Import the Berlin directory."""
    ctx.invoke(
        import_command,
        source=file,
        kind="berlin",
        source_name=None,
        deactivate_missing=True,
        confirm=confirm,
        overwrite_edits=False,
        user="Import",
        database_url=database_url,
    )


def _state_line(engine: Engine) -> str:
    with make_session_factory(engine).begin() as session:
        state = catalogue_state(session)
    if not state.total:
        return "Katalog: leer."
    when = f", zuletzt geändert am {local_time(state.last_changed):%d.%m.%Y um %H:%M} Uhr" if state.last_changed else ""
    sources = ", ".join(f"{name}: {count}" for name, count in sorted(state.sources.items()))
    return f"Katalog: {state.total} Einträge ({state.active} aktiv){when}; Quellen: {sources}."


@cli.command("seed", help="Beim ersten Start: die Demo-Dateien laden, aber nur in eine leere Datenbank.")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_database_option
@click.pass_context
def seed_command(ctx: click.Context, folder: Path, database_url: str | None) -> None:
    """Fill an empty catalogue from `folder`; never touch one that holds entries."""
    engine = _engine(database_url)
    with make_session_factory(engine).begin() as session:
        empty = catalogue_state(session).total == 0
    if empty:
        click.echo(f"Katalog: Datenbank ist leer, lade die Demo-Dateien aus {folder} …")
        ctx.invoke(load_command, folder=folder, source_name=DEMO_SOURCE, confirm=False, overwrite_edits=False,
                   database_url=database_url)  # fmt: skip
    click.echo(_state_line(engine) + ("" if empty else " Nichts importiert (die Datenbank ist die Quelle)."))


@cli.command("status", help="Wie viele Einträge der Katalog hat, aus welchen Quellen, wann zuletzt geändert.")
@_database_option
def status_command(database_url: str | None) -> None:
    """Print the catalogue's state."""
    click.echo(_state_line(_engine(database_url)))


@cli.command("backup", help="Den ganzen Katalog mit Verlauf, Konten und Fragen in eine Datei sichern (.json.gz).")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@_database_option
def backup_command(target: Path, database_url: str | None) -> None:
    """Write a backup."""
    summary = write_backup(_engine(database_url), target)
    click.echo(f"Gesichert: {summary.services} Einträge, {summary.rows.get('service_change', 0)} Änderungen → {target}")


@cli.command("restore-backup", help="Eine Sicherung einspielen: ersetzt den ganzen Katalog (vorher wird gesichert).")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ohne Rückfrage.")
@_backup_folder_option
@_database_option
def restore_backup_command(source: Path, yes: bool, backup_folder: Path, database_url: str | None) -> None:
    """Replace the catalogue by a backup, after backing up the current state."""
    engine = _engine(database_url)
    if not yes:
        click.confirm(f"Den ganzen Katalog durch die Sicherung {source.name} ersetzen?", abort=True)
    safety = _safety_backup(engine, backup_folder, "vor-wiederherstellung")
    try:
        summary = restore_backup(engine, source)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Wiederhergestellt: {summary.services} Einträge. Der vorige Stand ist gesichert in {safety}.")


@cli.command("reset", help="Neu beginnen: alle Einträge und ihren Verlauf löschen und die Demo-Dateien laden.")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Ohne Rückfrage.")
@_backup_folder_option
@_database_option
@click.pass_context
def reset_command(ctx: click.Context, folder: Path, yes: bool, backup_folder: Path, database_url: str | None) -> None:
    """Start over from the demo files; the old catalogue is backed up first."""
    engine = _engine(database_url)
    click.echo(_state_line(engine))
    if not yes:
        click.confirm("Alle Einträge und ihren Verlauf löschen und aus den Demo-Dateien neu anlegen?", abort=True)
    safety = _safety_backup(engine, backup_folder, "vor-neubeginn")
    with make_session_factory(engine).begin() as session:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name in ("service", "schedule", "closure", "service_change", "organization"):
                session.execute(table.delete())
    click.echo(f"Katalog geleert; der vorige Stand ist gesichert in {safety}.")
    ctx.invoke(load_command, folder=folder, source_name=DEMO_SOURCE, confirm=False, overwrite_edits=False,
               database_url=database_url)  # fmt: skip


def _safety_backup(engine: Engine, folder: Path, reason: str) -> Path:
    """Back up before a command replaces the catalogue: nothing is ever lost."""
    target = folder / f"katalog-{reason}-{datetime.now():%Y%m%d-%H%M%S}.json.gz"
    write_backup(engine, target)
    return target


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
    result = _read(source, kind)
    records = result.records
    if schemas and result.kind == "hsds":
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


@cli.command("purge", help="Gespeicherte Daten aus dem Chat löschen, die älter als die Aufbewahrungsfrist sind.")
@click.option(
    "--days",
    type=click.IntRange(1, 3650),
    default=None,
    help="Aufbewahrungsfrist in Tagen (Standard: CHAT_DATA_RETENTION_DAYS, sonst 90).",
)
@click.option("--conversations-url", default=None, help="Standard: CONVERSATIONS_DATABASE_URL (Rasas Tracker-Store).")
@_database_option
def purge_command(days: int | None, conversations_url: str | None, database_url: str | None) -> None:
    """Delete chat users' data older than the retention period."""
    days = days or settings().chat_data_days
    with make_session_factory(_engine(database_url)).begin() as session:
        deleted = purge_chat_data(session, days=days, contact_days=settings().contact_request_days)
    conversations = conversations_engine(conversations_url or settings().conversations_url)
    events = purge_conversations(conversations, days=days)
    conversations.dispose()
    click.echo(
        f"Chat-Daten älter als {days} Tage gelöscht: {deleted['unanswered_questions']} Fragen ohne Treffer, "
        f"{deleted['feedback']} Rückmeldungen, {events} Gesprächsereignisse; "
        f"Kontaktwünsche älter als {settings().contact_request_days} Tage: {deleted['contact_requests']}."
    )


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
