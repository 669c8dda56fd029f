"""The database is the one source of truth: start-ups never undo editors' work or other sources' imports.

Each test drives the command line the way `make run` (`catalogue seed`), `make catalogue`
(`catalogue load ... --source demo`), `make reset-catalogue` and the README's imports do,
on SQLite and, when CATALOGUE_TEST_DATABASE_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

import catalogue
from catalogue import cli
from tests.conftest import DEMO, ROOT

BERLIN_CSV = ROOT.parent / "shared" / "datasets" / "berlin-hilf-mir" / "hilf-mir-berlin.csv"
BERLIN = "hilf-mir-berlin.csv"
DEBT_ID = "ms-altstadt-schuldnerberatung"
needs_berlin = pytest.mark.skipif(not BERLIN_CSV.exists(), reason="../shared/datasets/berlin-hilf-mir fehlt")


@pytest.fixture()
def run(database_url):
    """Run a catalogue command against the test database; return (exit code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, [*args, "--database-url", database_url])
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return invoke


@pytest.fixture()
def sessions(database_url):
    engine = catalogue.make_engine(database_url)
    catalogue.upgrade(engine)
    yield catalogue.make_session_factory(engine)
    engine.dispose()


def start(run) -> str:
    """What `make run` does to the catalogue on every start."""
    code, out, err = run("seed", str(DEMO))
    assert code == 0, err
    return out


def edit_name(sessions, external_id: str, name: str, user: str = "erika") -> None:
    with sessions.begin() as session:
        service = session.scalar(select(catalogue.Service).where(catalogue.Service.external_id == external_id))
        record = catalogue.record_from_service(service)
        record.name = name
        catalogue.save_entry(session, record, user=user, service_id=service.id, expected_version=service.version)


def create_entry(sessions) -> None:
    with sessions.begin() as session:
        record = catalogue.read_catalogue(DEMO)[0]
        record.external_id, record.name = "redaktion-neu", "Neues Angebot aus der Redaktion"
        catalogue.save_entry(session, record, user="erika")


def by_id(sessions, external_id: str) -> catalogue.Service:
    with sessions.begin() as session:
        return session.scalar(select(catalogue.Service).where(catalogue.Service.external_id == external_id))


def active(sessions, source: str) -> int:
    with sessions.begin() as session:
        return session.scalar(
            select(func.count(catalogue.Service.id)).where(
                catalogue.Service.source == source, catalogue.Service.status != "inactive"
            )
        )


def test_the_first_start_seeds_an_empty_database_and_says_what_it_found(run) -> None:
    out = start(run)
    assert "Datenbank ist leer" in out and "67 neu" in out
    assert "Katalog: 67 Einträge (67 aktiv), zuletzt geändert am" in out and "Quellen: demo: 67" in out


@needs_berlin
def test_editors_work_and_an_imported_directory_survive_two_restarts(run, sessions) -> None:
    start(run)
    edit_name(sessions, DEBT_ID, "Schuldnerberatung Altstadt (neu)")
    create_entry(sessions)
    code, out, _ = run("import", str(BERLIN_CSV))
    assert code == 0 and "248 neu" in out
    for _restart in range(2):
        out = start(run)
        assert "Nichts importiert" in out and "316 Einträge" in out
    assert by_id(sessions, DEBT_ID).name == "Schuldnerberatung Altstadt (neu)"
    assert by_id(sessions, "redaktion-neu").status == "active"
    assert by_id(sessions, "redaktion-neu").source == catalogue.EDITOR_SOURCE
    assert active(sessions, BERLIN) == 248 and active(sessions, "demo") == 67


def test_reimporting_the_demo_files_keeps_the_editors_version_and_says_so(run, sessions) -> None:
    start(run)
    edit_name(sessions, DEBT_ID, "Schuldnerberatung Altstadt (neu)")
    create_entry(sessions)
    code, out, _ = run("load", str(DEMO), "--source", "demo")  # make catalogue
    assert code == 0
    assert f"{DEBT_ID} (Schuldnerberatung Altstadt (neu)): in der Redaktion am " in out
    assert "geändert, nicht überschrieben" in out and "1 von der Redaktion geänderte behalten" in out
    assert by_id(sessions, DEBT_ID).name == "Schuldnerberatung Altstadt (neu)"
    assert by_id(sessions, "redaktion-neu").status == "active"
    # The history shows both: the editor's change, and the file's version, which can be restored.
    service = by_id(sessions, DEBT_ID)
    with sessions.begin() as session:
        changes = catalogue.history(session, service.id)
        offered, edited = changes[0], changes[1]
        assert offered.action == "Import nicht übernommen (in der Redaktion geändert)"
        assert offered.changes["name"] == [
            "Schuldnerberatung Altstadt (neu)",
            "Schuldner- und Insolvenzberatung Altstadt – Diakonie",
        ]
        assert edited.changed_by == "erika" and edited.changes["name"][1] == "Schuldnerberatung Altstadt (neu)"
    # A second re-import does not repeat the same offer in the history.
    assert run("load", str(DEMO), "--source", "demo")[0] == 0
    with sessions.begin() as session:
        assert len(catalogue.history(session, service.id)) == len(changes)
    # Overwriting needs the explicit flag.
    code, out, _ = run("load", str(DEMO), "--source", "demo", "--overwrite-edits")
    assert code == 0 and "1 aktualisiert" in out
    assert by_id(sessions, DEBT_ID).name == "Schuldner- und Insolvenzberatung Altstadt – Diakonie"


@needs_berlin
def test_an_import_changes_and_deactivates_only_its_own_source(run, sessions, tmp_path) -> None:
    start(run)
    create_entry(sessions)
    assert run("import", str(BERLIN_CSV))[0] == 0
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    (folder / "weidenbruch.yml").unlink()  # 13 of 67 entries: under a fifth
    code, out, _ = run("load", str(folder))
    assert code == 0 and "13 deaktiviert" in out
    assert active(sessions, "demo") == 54 and active(sessions, BERLIN) == 248
    assert by_id(sessions, "redaktion-neu").status == "active"


@needs_berlin
@pytest.mark.parametrize(
    ("lines", "why"),
    [(40, "würde 231 von 248 aktiven Einträgen"), (1, "enthält keine Einträge")],
    ids=["truncated", "header-only"],
)
def test_an_import_that_would_gut_its_source_is_refused_unless_confirmed(run, sessions, tmp_path, lines, why):
    start(run)
    assert run("import", str(BERLIN_CSV))[0] == 0
    cut = tmp_path / BERLIN
    cut.write_text("\n".join(BERLIN_CSV.read_text(encoding="utf-8").splitlines()[:lines]) + "\n", encoding="utf-8")
    code, _, err = run("import", str(cut))
    assert code == 1 and "NICHT geladen" in err and why in err and "--confirm" in err
    assert active(sessions, BERLIN) == 248
    code, out, _ = run("import", str(cut), "--confirm")
    assert code == 0 and active(sessions, BERLIN) < 248


def test_a_folder_whose_files_hold_no_entries_is_refused(run, sessions, tmp_path) -> None:
    start(run)
    folder = tmp_path / "demo"
    folder.mkdir()
    for path in DEMO.glob("*.yml"):
        (folder / path.name).write_text("services: []\n", encoding="utf-8")
    code, _, err = run("load", str(folder))
    assert code == 1 and "Die Quelle „demo“ enthält keine Einträge" in err
    assert active(sessions, "demo") == 67


def test_one_yaml_file_imports_on_its_own(run, sessions) -> None:
    start(run)
    edit_name(sessions, DEBT_ID, "Schuldnerberatung Altstadt (neu)")
    code, out, _ = run("import", str(DEMO / "altstadt.yml"), "--source", "demo", "--keep-missing")
    assert code == 0 and "0 neu" in out and "1 von der Redaktion geänderte behalten" in out
    assert active(sessions, "demo") == 67


def test_backup_and_restore_bring_back_entries_history_and_accounts(run, sessions, tmp_path) -> None:
    start(run)
    edit_name(sessions, DEBT_ID, "Stand der Sicherung")
    with sessions.begin() as session:
        catalogue.create_user(session, "erika", "ein-langes-passwort")
        changes_before = session.scalar(select(func.count(catalogue.ServiceChange.id)))
    backup = tmp_path / "sicherung.json.gz"
    code, out, _ = run("backup", str(backup))
    assert code == 0 and "Gesichert: 67 Einträge" in out
    edit_name(sessions, DEBT_ID, "Nach der Sicherung")
    create_entry(sessions)
    code, out, _ = run("restore-backup", str(backup), "--yes", "--backup-folder", str(tmp_path / "vorher"))
    assert code == 0 and "Wiederhergestellt: 67 Einträge" in out
    assert by_id(sessions, DEBT_ID).name == "Stand der Sicherung" and by_id(sessions, "redaktion-neu") is None
    with sessions.begin() as session:
        assert session.scalar(select(func.count(catalogue.ServiceChange.id))) == changes_before
        assert catalogue.authenticate(session, "erika", "ein-langes-passwort") is not None
    # The state before the restore was backed up, and new rows get fresh ids (PostgreSQL sequences).
    (safety,) = (tmp_path / "vorher").glob("katalog-vor-wiederherstellung-*.json.gz")
    with gzip.open(safety, "rt", encoding="utf-8") as file:
        assert '"redaktion-neu"' in file.read()
    create_entry(sessions)
    edit_name(sessions, DEBT_ID, "Nach der Wiederherstellung")
    assert by_id(sessions, "redaktion-neu").status == "active"


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "keine lesbare Sicherung"), (gzip.compress(b'{"format": "x"}'), "keine Sicherung der Sozialauskunft")],
)
def test_a_broken_backup_changes_nothing(run, sessions, tmp_path, content, reason) -> None:
    start(run)
    path = tmp_path / "kaputt.json.gz"
    path.write_bytes(content)
    code, _, err = run("restore-backup", str(path), "--yes", "--backup-folder", str(tmp_path))
    assert code == 1 and reason in err and "Nichts wurde geändert" in err
    assert active(sessions, "demo") == 67


def test_reset_starts_over_from_the_demo_files_after_a_backup(run, sessions, tmp_path) -> None:
    start(run)
    edit_name(sessions, DEBT_ID, "Wird verworfen")
    create_entry(sessions)
    code, _, _ = run("reset", str(DEMO), "--backup-folder", str(tmp_path))  # no --yes, no input: asks, aborts
    assert code == 1 and by_id(sessions, "redaktion-neu") is not None
    code, out, _ = run("reset", str(DEMO), "--yes", "--backup-folder", str(tmp_path))
    assert code == 0 and "67 neu" in out
    assert by_id(sessions, "redaktion-neu") is None
    assert by_id(sessions, DEBT_ID).name == "Schuldner- und Insolvenzberatung Altstadt – Diakonie"
    assert len(list(tmp_path.glob("katalog-vor-neubeginn-*.json.gz"))) == 1


def test_make_run_seeds_and_never_reimports() -> None:
    commands = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "-m catalogue seed catalogue/demo" in commands
    assert "-m catalogue load" not in commands and "-m catalogue import" not in commands


def test_catalogue_content_is_no_training_input() -> None:
    inputs = subprocess.run(
        ["scripts/train-if-changed.sh", "--inputs"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert "config.yml" in inputs and "german_text/_text.py" in inputs
    assert not [path for path in inputs if path.startswith("catalogue/demo")]
    assert [path for path in inputs if path.startswith("catalogue/")] == ["catalogue/vocabulary.yml"]


def test_a_citys_own_districts_are_found_without_training(sessions) -> None:
    records = catalogue.read_catalogue(DEMO)
    for record in records:
        record.district = {"Altstadt": "Kleinfeld", "Lindenhof": "Oberau"}.get(record.district, "Unterau")
    with sessions.begin() as session:
        catalogue.write_catalogue(session, records, source="stadt")
    with sessions.begin() as session:
        result = catalogue.search(session, "Schuldnerberatung in Kleinfeld")
        assert result.district == "Kleinfeld" and {h.service.district for h in result.hits} == {"Kleinfeld"}


@pytest.mark.parametrize(
    ("question", "district"),
    [
        ("Schuldnerberatung, wohne in Oberau", "Kleinfeld-Oberau"),
        ("schuldnerberatung in kleinfeld", "Kleinfeld-Oberau"),
        ("Schuldnerberatung Unterau-Nord", "Unterau-Nord"),
        ("Schuldnerberatung im Norden", None),  # "Nord" is too short to name a district alone
        ("Schuldnerberatung in Unterau", None),  # a part two districts share names neither
    ],
)
def test_a_part_of_a_merged_district_name_names_that_district(sessions, question, district) -> None:
    records = catalogue.read_catalogue(DEMO)
    for record in records:
        record.district = {"Altstadt": "Kleinfeld-Oberau", "Lindenhof": "Unterau-Nord"}.get(
            record.district, "Unterau-Süd"
        )
    with sessions.begin() as session:
        catalogue.write_catalogue(session, records, source="stadt")
    with sessions.begin() as session:
        result = catalogue.search(session, question)
        assert result.district == district
        if district:
            assert {h.service.district for h in result.hits} == {district}


def test_chat_data_older_than_the_retention_period_is_deleted(run, sessions, tmp_path, monkeypatch) -> None:
    from datetime import datetime, timedelta

    start(run)
    with sessions.begin() as session:
        catalogue.record_unanswered(session, "Gibt es einen Raumschiffhafen?")
        catalogue.record_unanswered(session, "Wo ist die Zeitmaschine?")
        old = session.scalar(
            select(catalogue.UnansweredQuestion).where(catalogue.UnansweredQuestion.text.like("%Zeit%"))
        )
        old.last_asked = datetime.utcnow() - timedelta(days=31)
        catalogue.record_feedback(session, helpful=False, question="Zeitmaschine?", comment=None, service_ids=[])
        catalogue.record_feedback(session, helpful=True, question="Tafel", comment=None, service_ids=[])
        catalogue.record_contact_request(session, consent=True, name=None, phone="0123 4567", email=None, message=None)
        catalogue.record_contact_request(session, consent=True, name=None, phone="0123 9999", email=None, message=None)
    with sessions.begin() as session:
        for row in session.scalars(select(catalogue.ChatFeedback).where(catalogue.ChatFeedback.helpful.is_(False))):
            row.created_at = datetime.utcnow() - timedelta(days=31)
        for row in session.scalars(
            select(catalogue.ContactRequest).where(catalogue.ContactRequest.phone == "0123 9999")
        ):
            row.created_at = datetime.utcnow() - timedelta(days=8)
    monkeypatch.setenv("CONTACT_REQUEST_DAYS", "7")
    catalogue.settings.cache_clear()
    code, out, _ = run("purge", "--days", "30", "--conversations-url", f"sqlite:///{tmp_path / 'gespraeche.sqlite3'}")
    catalogue.settings.cache_clear()
    assert code == 0 and "Chat-Daten älter als 30 Tage gelöscht: 1 Fragen ohne Treffer, 1 Rückmeldungen" in out
    assert "Kontaktwünsche älter als 7 Tage: 1." in out
    with sessions.begin() as session:
        assert [r.question for r in session.scalars(select(catalogue.ChatFeedback))] == ["Tafel"]
        assert [r.phone for r in session.scalars(select(catalogue.ContactRequest))] == ["0123 4567"]
    with sessions.begin() as session:
        texts = session.scalars(select(catalogue.UnansweredQuestion.text)).all()
    assert texts == ["Gibt es einen Raumschiffhafen?"]
