"""Loading the editable catalogue files: validation, all-or-nothing, updates."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

import catalogue
from catalogue import CatalogueFormatError, Service


def _write(folder: Path, services: list[dict], name: str = "bezirk.yml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(yaml.safe_dump({"services": services}, allow_unicode=True), encoding="utf-8")
    return folder


def _entry(**overrides: object) -> dict:
    entry = {
        "id": "test-schuldnerberatung",
        "name": "Schuldnerberatung Test",
        "provider": {"name": "Diakonie Test", "type": "Wohlfahrtsverband"},
        "category": "Schuldnerberatung",
        "district": "Altstadt",
        "address": {"street": "Marktstraße 1", "postal_code": "01101", "city": "Musterstadt"},
        "hours": [{"days": ["Mo", "Di"], "opens": "09:00", "closes": "12:00"}],
        "phone": "0123 45 999-00",
        "free": True,
    }
    entry.update(overrides)
    return entry


def test_demo_catalogue_covers_the_landscape(demo_records: list[catalogue.ServiceRecord]) -> None:
    categories = {r.category for r in demo_records}
    assert len(demo_records) >= 60
    assert categories == set(catalogue.vocabulary().categories)
    assert {r.district for r in demo_records} == {"Altstadt", "Nordhafen", "Lindenhof", "Südhöhe", "Weidenbruch"}
    assert {r.provider_type for r in demo_records} == {"Wohlfahrtsverband", "freier Träger", "Sozialamt"}
    for record in demo_records:
        assert record.hours or record.always_open or record.hours_note, record.external_id
        assert record.phone or record.email, record.external_id
        assert record.languages and record.accessibility, record.external_id


def test_load_writes_every_demo_service_with_hours(session, demo_records) -> None:
    assert session.scalar(select(func.count(Service.id))) == len(demo_records)
    service = session.scalar(select(Service).where(Service.category == "Schuldnerberatung"))
    assert service.schedules and service.organization.provider_type
    assert catalogue.service_summary(service)["hours"]


def test_reload_updates_by_external_id_instead_of_duplicating(sessions, demo_records) -> None:
    changed = list(demo_records)
    changed[0] = dataclasses.replace(changed[0], name="Neuer Name mit Ümläuten ß")
    with sessions.begin() as session:
        report = catalogue.write_catalogue(session, changed[1:] + changed[:1])
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (0, 1, len(demo_records) - 1, 0)
    with sessions.begin() as session:
        assert session.scalar(select(func.count(Service.id))) == len(demo_records)
        renamed = session.scalar(select(Service).where(Service.external_id == changed[0].external_id))
        assert renamed.name == "Neuer Name mit Ümläuten ß"


def test_entries_missing_from_the_files_are_deactivated_not_deleted(sessions, demo_records) -> None:
    with sessions.begin() as session:
        report = catalogue.write_catalogue(session, demo_records[1:])
    assert report.deactivated == 1
    with sessions.begin() as session:
        gone = session.scalar(select(Service).where(Service.external_id == demo_records[0].external_id))
        assert gone.status == "inactive"
        hits = catalogue.search(session, demo_records[0].name).hits
        assert gone.id not in {h.service.id for h in hits}


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"name": ""}, "name", "fehlt"),
        ({"category": "Zauberei"}, "category", "keine bekannte Kategorie"),
        ({"provider": {"name": "X", "type": "Firma"}}, "provider.type", "muss eines von"),
        ({"hours": [{"days": ["Montag"], "opens": "09:00", "closes": "12:00"}]}, "hours", "Tage"),
        ({"hours": [{"days": ["Mo"], "opens": "14:00", "closes": "14:00"}]}, "hours", "gleich"),
        ({"hours": [{"days": ["Mo"], "opens": "9 Uhr", "closes": "12:00"}]}, "hours", "HH:MM"),
        ({"phone": None, "email": None}, "phone", "Telefon oder E-Mail"),
        ({"email": "keine-adresse"}, "email", "keine gültige E-Mail"),
        ({"free": False}, "fee", "Preis"),
        ({"target_groups": ["Außerirdische"]}, "target_groups", "keine bekannte Zielgruppe"),
        ({"id": "Mit Leerzeichen"}, "id", "Kleinbuchstaben"),
    ],
)
def test_invalid_entries_are_reported_in_german(tmp_path, overrides, field, fragment) -> None:
    folder = _write(tmp_path / "cat", [_entry(**overrides)])
    with pytest.raises(CatalogueFormatError) as caught:
        catalogue.read_catalogue(folder)
    (problem,) = caught.value.problems
    assert problem.where.startswith("bezirk.yml, Eintrag 1")
    assert problem.field == field and fragment in problem.message
    assert str(problem).startswith("bezirk.yml, Eintrag 1") and f"Feld „{field}“" in str(problem)


def test_one_bad_file_stops_the_whole_load(tmp_path, sessions) -> None:
    folder = _write(tmp_path / "cat", [_entry()], "a.yml")
    _write(folder, [_entry(id="zweites", category="Unbekannt")], "b.yml")
    with sessions.begin() as session:
        before = session.scalar(select(func.count(Service.id)))
    with pytest.raises(CatalogueFormatError):
        catalogue.read_catalogue(folder)
    with sessions.begin() as session:
        assert session.scalar(select(func.count(Service.id))) == before


def test_duplicate_ids_across_files_are_reported(tmp_path) -> None:
    folder = _write(tmp_path / "cat", [_entry()], "a.yml")
    _write(folder, [_entry()], "b.yml")
    with pytest.raises(CatalogueFormatError) as caught:
        catalogue.read_catalogue(folder)
    assert "kommt schon in a.yml vor" in str(caught.value.problems[0])


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"\xff\xfe\x00binary\x00\x01", "nicht UTF-8"),
        (b"services: [unclosed", "kein gültiges YAML"),
        (b"", "Datei ist leer"),
        (b"- nur eine Liste", "Liste unter"),
        (b"services:\n  - 42\n", "kein Objekt"),
    ],
)
def test_malformed_files_are_reported_not_crashed(tmp_path, content, fragment) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "kaputt.yml").write_bytes(content)
    with pytest.raises(CatalogueFormatError) as caught:
        catalogue.read_catalogue(folder)
    assert fragment in str(caught.value.problems[0])


def test_huge_file_is_refused(tmp_path) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "riesig.yml").write_bytes(b"# " + b"x" * (6 * 1024 * 1024))
    with pytest.raises(CatalogueFormatError) as caught:
        catalogue.read_catalogue(folder)
    assert "größer als" in str(caught.value.problems[0])


def test_empty_folder_is_reported(tmp_path) -> None:
    with pytest.raises(CatalogueFormatError) as caught:
        catalogue.read_catalogue(tmp_path)
    assert "keine Katalogdateien" in str(caught.value.problems[0])


def test_markup_in_fields_is_refused_with_a_german_message(tmp_path) -> None:
    folder = _write(tmp_path / "cat", [_entry(name="<script>alert(1)</script> Beratung")])
    with pytest.raises(CatalogueFormatError) as caught:
        catalogue.read_catalogue(folder)
    (problem,) = caught.value.problems
    assert problem.field == "name" and "HTML oder Skript" in problem.message
