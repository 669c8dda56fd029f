"""Editing with history, restore, edit conflicts, the needs-attention review and editor accounts."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import select

import catalogue
from catalogue._editing import months_before


def debt_service(session) -> catalogue.Service:
    return session.scalar(
        select(catalogue.Service)
        .where(catalogue.Service.category == "Schuldnerberatung")
        .order_by(catalogue.Service.id)
        .limit(1)
    )


def test_every_change_records_who_which_fields_old_and_new(sessions) -> None:
    with sessions.begin() as session:
        service = debt_service(session)
        record = dataclasses.replace(catalogue.record_from_service(service), phone="0123 99 88", name="Neu")
        _, changes = catalogue.save_entry(session, record, user="anna", service_id=service.id)
        service_id, old_phone, old_name = service.id, changes["phone"][0], changes["name"][0]
    assert set(changes) == {"phone", "name"}
    with sessions.begin() as session:
        newest, created = catalogue.history(session, service_id)
        assert (newest.changed_by, newest.action) == ("anna", "bearbeitet")
        assert newest.changes == {"name": [old_name, "Neu"], "phone": [old_phone, "0123 99 88"]}
        assert created.action == "angelegt" and created.changed_by == "Import"


def test_saving_without_changes_records_nothing(sessions) -> None:
    with sessions.begin() as session:
        service = debt_service(session)
        _, changes = catalogue.save_entry(
            session, catalogue.record_from_service(service), user="anna", service_id=service.id
        )
        assert changes == {} and len(catalogue.history(session, service.id)) == 1


def test_an_earlier_version_can_be_restored(sessions) -> None:
    with sessions.begin() as session:
        service = debt_service(session)
        original = catalogue.record_from_service(service)
        catalogue.set_alert(session, service.id, "Umzug in die Marktstraße", user="anna")
        catalogue.set_status(session, service.id, "temporarily_closed", user="bob")
        first_version = catalogue.history(session, service.id)[-1]
        _, changes = catalogue.restore(session, service.id, first_version.id, user="carla")
        assert set(changes) == {"alert", "status"}
    with sessions.begin() as session:
        service = debt_service(session)
        assert catalogue.record_from_service(service) == original
        assert catalogue.history(session, service.id)[0].action.startswith("wiederhergestellt")


def test_restoring_a_version_of_another_entry_is_refused(sessions) -> None:
    with sessions.begin() as session:
        a, b = session.scalars(select(catalogue.Service).limit(2)).all()
        change = catalogue.history(session, b.id)[0]
        with pytest.raises(catalogue.EntryNotFound):
            catalogue.restore(session, a.id, change.id, user="anna")


def test_the_second_of_two_editors_gets_a_conflict_instead_of_overwriting(sessions) -> None:
    with sessions.begin() as session:
        service = debt_service(session)
        service_id, opened_version = service.id, service.version
        mine = dataclasses.replace(catalogue.record_from_service(service), phone="111")
        theirs = dataclasses.replace(catalogue.record_from_service(service), phone="222")
    with sessions.begin() as session:
        catalogue.save_entry(session, mine, user="anna", service_id=service_id, expected_version=opened_version)
    with sessions.begin() as session, pytest.raises(catalogue.EditConflict) as conflict:
        catalogue.save_entry(session, theirs, user="bob", service_id=service_id, expected_version=opened_version)
    assert "von anna" in str(conflict.value) and "nicht gespeichert" in str(conflict.value)
    with sessions.begin() as session:
        assert session.get(catalogue.Service, service_id).phone == "111"


def test_a_change_is_found_by_the_next_search(sessions) -> None:
    with sessions.begin() as session:
        service = debt_service(session)
        record = dataclasses.replace(catalogue.record_from_service(service), keywords=["Lastenfahrrad"])
        catalogue.save_entry(session, record, user="anna", service_id=service.id)
        service_id = service.id
    with sessions.begin() as session:
        assert [h.service.id for h in catalogue.search(session, "Lastenfahrrad").hits][:1] == [service_id]
        catalogue.set_status(session, service_id, "inactive", user="anna")
    with sessions.begin() as session:
        assert service_id not in [h.service.id for h in catalogue.search(session, "Lastenfahrrad").hits]


def test_temporarily_closed_entries_are_still_found_and_say_so(sessions) -> None:
    with sessions.begin() as session:
        service = debt_service(session)
        catalogue.set_status(session, service.id, "temporarily_closed", user="anna")
        catalogue.set_alert(session, service.id, "Wegen Krankheit bis Freitag zu", user="anna")
    with sessions.begin() as session:
        hit = next(h for h in catalogue.search(session, "Schuldnerberatung").hits if h.service.id == service.id)
        summary = catalogue.service_summary(hit.service)
        assert summary["open_now"] is False and summary["opening"] == "vorübergehend geschlossen"
        assert summary["alert"] == "Wegen Krankheit bis Freitag zu"


def test_needs_attention_lists_stale_incomplete_entries_and_unanswered_questions(sessions) -> None:
    with sessions.begin() as session:
        services = session.scalars(select(catalogue.Service).order_by(catalogue.Service.id)).all()
        for service in services:
            catalogue.mark_checked(session, service.id, user="anna", day=date(2026, 10, 1))
        old, no_hours, no_contact = services[0], services[1], services[2]
        catalogue.mark_checked(session, old.id, user="anna", day=date(2025, 1, 31))
        record = catalogue.record_from_service(no_hours)
        catalogue.save_entry(
            session, dataclasses.replace(record, hours=[], always_open=False), user="anna", service_id=no_hours.id
        )
        record = catalogue.record_from_service(no_contact)
        catalogue.save_entry(
            session, dataclasses.replace(record, phone=None, email=None), user="anna", service_id=no_contact.id
        )
        catalogue.record_unanswered(session, "Wo kann ich ein Lastenrad leihen? Tel 0171 1234567")
    with sessions.begin() as session:
        attention = catalogue.needs_attention(session, today=date(2026, 11, 21), stale_months=12)
        assert [s.id for s in attention.stale] == [old.id]
        assert no_hours.id in [s.id for s in attention.without_hours]
        assert [s.id for s in attention.without_contact] == [no_contact.id]
        assert [q.text for q in attention.unanswered] == ["Wo kann ich ein Lastenrad leihen? Tel [Telefon]"]
        assert len(catalogue.needs_attention(session, today=date(2026, 11, 21), stale_months=1).stale) == len(services)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 21), 12, date(2025, 11, 21)),
        (date(2026, 3, 31), 1, date(2026, 2, 28)),
        (date(2026, 1, 15), 1, date(2025, 12, 15)),
    ],
)
def test_months_before(day, months, expected) -> None:
    assert months_before(day, months) == expected


def test_list_entries_searches_name_provider_district_and_filters_status(sessions) -> None:
    with sessions.begin() as session:
        rows, total = catalogue.list_entries(session, query="SCHULDNER")
        assert total == len(rows) > 0 and all("schuldner" in r.name.lower() for r in rows)
        rows, total = catalogue.list_entries(session, query="nordhafen", limit=2)
        assert len(rows) == 2 and total > 2
        catalogue.set_status(session, rows[0].id, "inactive", user="anna")
        inactive, _ = catalogue.list_entries(session, status="inactive")
        assert [s.id for s in inactive] == [rows[0].id]


def test_accounts_store_only_a_salted_hash_and_authenticate(session) -> None:
    user = catalogue.create_user(session, "redaktion", "ein langes Passwort", role="admin")
    assert "ein langes Passwort" not in user.password_hash and user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    other = catalogue.create_user(session, "zweite", "ein langes Passwort")
    assert other.password_hash != user.password_hash  # salted
    assert catalogue.authenticate(session, "redaktion", "ein langes Passwort") is user
    assert catalogue.authenticate(session, "redaktion", "falsch falsch falsch") is None
    assert catalogue.authenticate(session, "niemand", "ein langes Passwort") is None
    user.active = False
    assert catalogue.authenticate(session, "redaktion", "ein langes Passwort") is None


@pytest.mark.parametrize(
    ("name", "password", "role", "message"),
    [
        ("", "ein langes Passwort", "editor", "Benutzername"),
        ("kurz", "kurz", "editor", "mindestens 10 Zeichen"),
        ("rolle", "ein langes Passwort", "chef", "Rolle"),
    ],
)
def test_bad_accounts_are_refused_in_german(session, name, password, role, message) -> None:
    with pytest.raises(ValueError, match=message):
        catalogue.create_user(session, name, password, role)
