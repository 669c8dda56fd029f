"""The editable format's HSDS fields: status, notice, checked date, Leichte Sprache, documents, age, area, closures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select

import catalogue


def entry(**overrides: object) -> dict:
    data = {
        "id": "test-notunterkunft",
        "name": "Notübernachtung Test",
        "provider": {"name": "Stadtmission Test", "type": "freier Träger"},
        "category": "Ambulante Hilfe für Wohnungslose",
        "district": "Altstadt",
        "address": {"street": "Bahnhofstraße 2", "postal_code": "01101", "city": "Musterstadt"},
        "hours": [{"days": ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"], "opens": "20:00", "closes": "08:00"}],
        "phone": "0123 45 999-11",
        "status": "temporarily_closed",
        "alert": "Wegen Wasserschaden geschlossen",
        "assured_date": date(2026, 10, 1),
        "description_easy": "Hier können Sie in der Nacht schlafen.",
        "application_process": "Ohne Anmeldung, Einlass ab 20 Uhr.",
        "required_documents": ["keine"],
        "minimum_age": 18,
        "service_areas": ["Altstadt", "Nordhafen"],
        "contact_name": "Herr Muster",
        "closures": [{"from": "2026-12-24", "to": "2026-12-26", "note": "Weihnachten"}],
    }
    data.update(overrides)
    return data


def read(tmp_path: Path, *entries: dict) -> list[catalogue.ServiceRecord]:
    folder = tmp_path / "katalog"
    folder.mkdir(exist_ok=True)
    (folder / "test.yml").write_text(yaml.safe_dump({"services": list(entries)}, allow_unicode=True), encoding="utf-8")
    return catalogue.read_catalogue(folder)


def test_the_fields_are_read_and_stored(tmp_path, session) -> None:
    (record,) = read(tmp_path, entry())
    assert record.hours[0] == catalogue.OpeningRange(0, "20:00", "08:00") and record.hours[0].overnight
    assert (record.status, record.minimum_age, record.maximum_age) == ("temporarily_closed", 18, None)
    assert record.closures == [catalogue.ClosedDays(date(2026, 12, 24), date(2026, 12, 26), "Weihnachten")]
    catalogue.write_catalogue(session, [record], deactivate_missing=False)
    stored = session.scalar(select(catalogue.Service).where(catalogue.Service.external_id == "test-notunterkunft"))
    assert catalogue.record_from_service(stored) == record
    assert stored.assured_date == date(2026, 10, 1) and stored.closures[0].note == "Weihnachten"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"status": "offen"}, "status", "muss eines von"),
        ({"assured_date": "gestern"}, "assured_date", "JJJJ-MM-TT"),
        ({"assured_date": "2026-13-45"}, "assured_date", "JJJJ-MM-TT"),
        ({"assured_date": "2026-02-30"}, "assured_date", "JJJJ-MM-TT"),
        ({"minimum_age": 130}, "minimum_age", "zwischen 0 und 120"),
        ({"minimum_age": float("nan")}, "minimum_age", "zwischen 0 und 120"),
        ({"maximum_age": 10**20}, "maximum_age", "zwischen 0 und 120"),
        ({"minimum_age": 30, "maximum_age": 20}, "maximum_age", "kleiner als das Mindestalter"),
        ({"required_documents": "Ausweis"}, "required_documents", "Liste"),
        ({"closures": [{"from": "2026-12-26", "to": "2026-12-24"}]}, "closures", "Ende liegt vor dem Beginn"),
        ({"closures": [{"note": "ohne Datum"}]}, "closures", "Datum"),
        ({"closures": [{"from": "2026-12-24", "to": "2026-12-26 10:00:00"}]}, "closures", "Datum"),
        ({"name": [1, 2]}, "name", "erwartet Text"),
        ({"description": {"a": 1}}, "description", "erwartet Text"),
        ({"website": "javascript:alert(1)"}, "website", "http:// oder https://"),
        ({"website": "data:text/html,hallo"}, "website", "http:// oder https://"),
        ({"email": '"><svg/onload=alert(1)>@x.example'}, "email", "HTML oder Skript"),
        ({"email": '"x"@beratung.example; DROP'}, "email", "keine gültige E-Mail"),
        ({"email": "max@@beratung.example"}, "email", "keine gültige E-Mail"),
        ({"name": "x" * 301}, "name", "höchstens 300"),
        ({"checked": "2026-01-01"}, "checked", "heißt jetzt „assured_date“"),
        ({"kontakt": "Frau X"}, "kontakt", "kein bekanntes Feld"),
    ],
)
def test_bad_values_are_named_in_german(tmp_path, overrides, field, message) -> None:
    with pytest.raises(catalogue.CatalogueFormatError) as error:
        read(tmp_path, entry(**overrides))
    (problem,) = error.value.problems
    assert problem.field == field and message in problem.message


def test_one_provider_cannot_have_two_provider_types(tmp_path) -> None:
    second = entry(id="test-zweite", provider={"name": "Stadtmission Test", "type": "Wohlfahrtsverband"})
    with pytest.raises(catalogue.CatalogueFormatError) as error:
        read(tmp_path, entry(), second)
    assert "als „freier Träger“ eingetragen" in str(error.value.problems[0])


def test_the_migrations_build_exactly_the_models(engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, catalogue.Base.metadata) == []
