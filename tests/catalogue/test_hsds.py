"""HSDS 3.0: the export validates against the official schema, imports are all-or-nothing, round trips are lossless."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

import catalogue
from catalogue._hsds import export_document, read_hsds, service_to_hsds, validation_errors
from tests.conftest import ROOT

SCHEMAS = ROOT.parent / "shared" / "standards" / "hsds-3.0"
BERLIN_CSV = ROOT.parent / "shared" / "datasets" / "berlin-hilf-mir" / "hilf-mir-berlin.csv"
needs_schemas = pytest.mark.skipif(not SCHEMAS.exists(), reason="../shared/standards/hsds-3.0 fehlt")


def export_from(session) -> dict:
    services = session.scalars(select(catalogue.Service).order_by(catalogue.Service.external_id))
    return export_document([catalogue.record_from_service(s) for s in services])


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@needs_schemas
def test_every_exported_demo_record_validates_against_the_official_schema(session) -> None:
    document = export_from(session)
    assert document["total_items"] == len(document["contents"]) == 67
    assert validation_errors(document, SCHEMAS) == []


@needs_schemas
@pytest.mark.skipif(not BERLIN_CSV.exists(), reason="../shared/datasets/berlin-hilf-mir fehlt")
def test_the_berlin_directory_exports_as_valid_hsds(sessions) -> None:
    with sessions.begin() as session:
        catalogue.write_catalogue(session, catalogue.read_berlin_csv(BERLIN_CSV).records, deactivate_missing=False)
    with sessions.begin() as session:
        document = export_from(session)
    assert document["total_items"] == 67 + 248
    assert validation_errors(document, SCHEMAS) == []


@needs_schemas
def test_the_validator_is_not_vacuous(demo_records) -> None:
    service = service_to_hsds(demo_records[0])
    service["status"] = "offen"
    service["id"] = "keine-uuid"
    del service["name"]
    problems = validation_errors({"contents": [service]}, SCHEMAS)
    assert len(problems) == 3
    assert any("'name' is a required property" in p for p in problems)
    assert any("'keine-uuid' is not a 'uuid'" in p for p in problems)


def test_export_maps_the_fields_onto_the_standard(demo_records) -> None:
    record = next(r for r in demo_records if r.hours and r.accessibility and r.phone and not r.free)
    service = service_to_hsds(record, state="BE")
    address = service["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["postal_code"], address["city"]) == (
        record.street,
        record.postal_code,
        record.city,
    )
    assert address["region"] == record.district and address["state_province"] == "Berlin"
    assert service["organization"]["legal_status"] == record.provider_type
    assert service["phones"][0]["number"] == record.phone
    assert service["cost_options"][0]["amount_description"] == record.fee
    assert len([s for s in service["schedules"] if "opens_at" in s]) == len(record.hours)
    terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["name"]) for a in service["attributes"]}
    assert ("sozialauskunft-kategorie", record.category) in terms
    assert {("sozialauskunft-zielgruppe", g) for g in record.target_groups} <= terms
    assert service_to_hsds(record, state="BE") == service  # stable ids: the same export twice


def test_export_import_export_is_lossless(engine, sessions, tmp_path, database_url) -> None:
    with sessions.begin() as session:
        service = session.scalar(select(catalogue.Service).where(catalogue.Service.category == "Schuldnerberatung"))
        record = catalogue.record_from_service(service)
        record.alert = "Am 24.12. geschlossen"
        record.description_easy = "Hier bekommen Sie Hilfe bei Schulden."
        record.required_documents = ["Personalausweis", "Briefe von Gläubigern"]
        record.minimum_age, record.maximum_age = 18, 99
        record.service_areas = ["Altstadt", "Nordhafen"]
        record.contact_name = "Frau Beispiel"
        record.status = "temporarily_closed"
        record.closures = [catalogue.ClosedDays(date(2026, 12, 24), date(2027, 1, 1), "Ferien")]
        record.hours = [*record.hours, catalogue.OpeningRange(4, "20:00", "02:00")]
        catalogue.save_entry(session, record, user="test", service_id=service.id)
        first = export_from(session)
    path = write_json(tmp_path / "export.json", first)

    fresh = catalogue.make_engine(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    catalogue.upgrade(fresh)
    with catalogue.make_session_factory(fresh).begin() as session:
        report = catalogue.write_catalogue(session, read_hsds(path), deactivate_missing=False)
    assert report.created == 67
    with catalogue.make_session_factory(fresh).begin() as session:
        second = export_from(session)
    fresh.dispose()
    assert second == first


def test_a_reimport_updates_by_external_id_instead_of_duplicating(sessions, tmp_path) -> None:
    with sessions.begin() as session:
        document = export_from(session)
    document["contents"][0]["name"] = "Neuer Name aus HSDS"
    path = write_json(tmp_path / "export.json", document)
    with sessions.begin() as session:
        report = catalogue.write_catalogue(session, read_hsds(path), deactivate_missing=False)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 66)
    with sessions.begin() as session:
        assert session.scalar(select(func.count(catalogue.Service.id))) == 67
        assert session.scalar(select(catalogue.Service).where(catalogue.Service.name == "Neuer Name aus HSDS"))


def test_the_specifications_own_example_imports(tmp_path) -> None:
    if not SCHEMAS.exists():
        pytest.skip("../shared/standards/hsds-3.0 fehlt")
    (record,) = read_hsds(SCHEMAS / "example_service_full.json")
    assert record.name == "Community Counselling"
    assert record.external_id.startswith("hsds-")
    assert sorted(record.hours) == [
        catalogue.OpeningRange(3, "10:00", "18:00"),
        catalogue.OpeningRange(4, "10:00", "18:00"),
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "Datei ist leer"),
        (b"\xff\xfe\x00binary", "nicht UTF-8"),
        (b'{"contents": 3}', "erwartet eine Liste"),
        (b'[{"id": "x", "name": "<script>alert(1)</script>", "status": "offen"}]', "kein HSDS-Status"),
    ],
)
def test_broken_files_give_german_reports(tmp_path, content, expected) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(catalogue.CatalogueFormatError) as error:
        read_hsds(path)
    assert expected in "\n".join(map(str, error.value.problems))


def test_an_import_with_one_bad_service_writes_nothing(sessions, tmp_path) -> None:
    with sessions.begin() as session:
        document = export_from(session)
    document["contents"][0]["name"] = "Geändert"
    del document["contents"][5]["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    path = write_json(tmp_path / "export.json", document)
    with pytest.raises(catalogue.CatalogueFormatError) as error:
        read_hsds(path)
    (problem,) = error.value.problems
    assert "Angebot 6" in problem.where and problem.field.endswith("postal_code") and problem.message == "fehlt."
    with sessions.begin() as session:
        assert session.scalar(select(catalogue.Service).where(catalogue.Service.name == "Geändert")) is None
