"""The catalogue command line: imports in one transaction, HSDS export and validation, review, history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

import catalogue
from catalogue import cli
from tests.conftest import DEMO, ROOT, unchecked_for

SCHEMAS = ROOT.parent / "shared" / "standards" / "hsds-3.0"
BERLIN_CSV = ROOT.parent / "shared" / "datasets" / "berlin-hilf-mir" / "hilf-mir-berlin.csv"


@pytest.fixture()
def run(database_url):
    """Run a command against the test database; return (exit code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str) -> tuple[int, str, str]:
        result = runner.invoke(cli, [*args, "--database-url", database_url])
        return result.exit_code, result.stdout, result.stderr

    return invoke


def count(database_url: str, *where) -> int:
    engine = catalogue.make_engine(database_url)
    catalogue.upgrade(engine)
    with catalogue.make_session_factory(engine).begin() as session:
        total = session.scalar(select(func.count(catalogue.Service.id)).where(*where))
    engine.dispose()
    return total


def test_load_reports_counts_and_a_second_load_changes_nothing(run, database_url) -> None:
    code, out, _ = run("load", str(DEMO))
    assert code == 0 and "67 neu, 0 aktualisiert, 0 unverändert, 0 deaktiviert" in out
    code, out, _ = run("import", str(DEMO))
    assert code == 0 and "0 neu, 0 aktualisiert, 67 unverändert" in out
    assert count(database_url) == 67


def test_a_broken_file_is_reported_per_entry_and_nothing_is_written(run, database_url, tmp_path) -> None:
    folder = tmp_path / "katalog"
    folder.mkdir()
    good = (DEMO / "altstadt.yml").read_text(encoding="utf-8")
    (folder / "a.yml").write_text(good, encoding="utf-8")
    (folder / "b.yml").write_text("services:\n  - id: kaputt\n    name: <b>Kaputt</b>\n", encoding="utf-8")
    code, out, err = run("import", str(folder))
    assert code == 1
    assert "NICHT geladen" in err and "b.yml, Eintrag 1 (kaputt), Feld „category“: fehlt." in err
    assert "schreibe" not in out
    assert count(database_url) == 0


@pytest.mark.skipif(not SCHEMAS.exists(), reason="../shared/standards/hsds-3.0 fehlt")
def test_export_validate_and_reimport_hsds(run, database_url, tmp_path) -> None:
    assert run("load", str(DEMO))[0] == 0
    target = tmp_path / "export.json"
    code, _, err = run("export", str(target), "--schemas", str(SCHEMAS))
    assert code == 0 and "67 Einträge als HSDS 3.0" in err
    assert json.loads(target.read_text(encoding="utf-8"))["total_items"] == 67
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(target), "--schemas", str(SCHEMAS)])
    assert result.exit_code == 0 and "In Ordnung: 67 Einträge." in result.stdout
    # Under its own source name the export would touch nothing: its entries belong to the demo source.
    code, out, _ = run("import", str(target))
    assert code == 0 and "0 neu, 0 aktualisiert, 0 unverändert, 0 deaktiviert" in out
    assert out.count("gehört zur Quelle „demo“, nicht geändert") == 67
    code, out, _ = run("import", str(target), "--source", "demo")
    assert code == 0 and "0 neu, 0 aktualisiert, 67 unverändert, 0 deaktiviert" in out


@pytest.mark.skipif(not SCHEMAS.exists(), reason="../shared/standards/hsds-3.0 fehlt")
def test_validate_reports_schema_errors(tmp_path) -> None:
    document = {"contents": [{"id": "nicht-uuid", "name": "X", "status": "active"}]}
    path = tmp_path / "fremd.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path), "--schemas", str(SCHEMAS), "--format", "hsds"])
    assert result.exit_code == 1
    assert "Angebot 1" in result.stderr


@pytest.mark.skipif(not BERLIN_CSV.exists(), reason="../shared/datasets/berlin-hilf-mir fehlt")
def test_berlin_import_keeps_the_demo_entries_and_reports_missing_values(run, database_url, tmp_path) -> None:
    assert run("load", str(DEMO))[0] == 0
    code, out, _ = run("import", str(BERLIN_CSV))
    assert code == 0 and "248 neu, 0 aktualisiert, 0 unverändert, 0 deaktiviert" in out
    assert "Werte als fehlend übernommen" in out and "übersprungen" in out
    assert count(database_url, catalogue.Service.status == "active") == 67 + 248
    (tmp_path / "leer.csv").write_bytes(b"\x00\x01binary")
    code, _, err = run("import", str(tmp_path / "leer.csv"))
    assert code == 1 and "NICHT geladen" in err
    assert count(database_url) == 67 + 248


def test_stale_history_and_restore(run, database_url) -> None:
    assert run("load", str(DEMO))[0] == 0
    code, out, _ = run("stale", "--months", "6")
    engine = catalogue.make_engine(database_url)
    expected = unchecked_for(catalogue.make_session_factory(engine), 6)
    assert code == 0 and f"Seit 6 Monaten nicht geprüft: {expected}" in out and "Fragen ohne Treffer: 0" in out
    with catalogue.make_session_factory(engine).begin() as session:
        service = session.scalar(select(catalogue.Service).order_by(catalogue.Service.id).limit(1))
        catalogue.set_alert(session, service.id, "Heute zu", user="anna")
        service_id = service.id
        first = catalogue.history(session, service_id)[-1].id
    code, out, _ = run("history", str(service_id))
    assert code == 0 and "anna: Hinweis gesetzt [alert]" in out.splitlines()[0]
    code, out, _ = run("restore", str(service_id), str(first))
    assert code == 0 and "1 Felder geändert (alert)" in out
    with catalogue.make_session_factory(engine).begin() as session:
        assert session.get(catalogue.Service, service_id).alert is None
    engine.dispose()
    code, _, err = run("restore", str(service_id), "999999")
    assert code == 1 and "gehört nicht zu Eintrag" in err


def test_unanswered_questions_most_frequent_first(run, database_url) -> None:
    assert run("load", str(DEMO))[0] == 0
    engine = catalogue.make_engine(database_url)
    with catalogue.make_session_factory(engine).begin() as session:
        for question in ("Lastenrad leihen", "Bootsführerschein", "Lastenrad leihen"):
            catalogue.record_unanswered(session, question)
    engine.dispose()
    code, out, _ = run("unanswered")
    lines = out.splitlines()
    assert code == 0 and lines[0].strip().startswith("2×") and lines[0].endswith("Lastenrad leihen")


def test_the_module_runs_as_a_program(tmp_path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "-m", "catalogue", "load", str(DEMO), "--database-url", url],
        capture_output=True,
        text=True,
        cwd=Path(ROOT),
        timeout=120,
    )
    assert result.returncode == 0 and "67 neu" in result.stdout
