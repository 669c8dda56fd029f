"""The editor's text formats for hours and closures, and the account command."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

import catalogue
from catalogue import ClosedDays, OpeningRange
from webchat.editor.forms import slug
from webchat.editor.textformats import format_closures, format_hours, parse_closures, parse_hours


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("Mo, Di, Do 08:30–12:00", [{"days": ["Mo", "Di", "Do"], "opens": "08:30", "closes": "12:00"}]),
        ("Mo-Mi 9-12", [{"days": ["Mo", "Di", "Mi"], "opens": "09:00", "closes": "12:00"}]),
        ("Mo bis Fr 9.30 bis 12 Uhr", [{"days": ["Mo", "Di", "Mi", "Do", "Fr"], "opens": "09:30", "closes": "12:00"}]),
        (
            "Sa: 10:00-12:00, 14:00–16:00",
            [
                {"days": ["Sa"], "opens": "10:00", "closes": "12:00"},
                {"days": ["Sa"], "opens": "14:00", "closes": "16:00"},
            ],
        ),
        ("Fr 20:00–08:00", [{"days": ["Fr"], "opens": "20:00", "closes": "08:00"}]),
        ("\n  \n", []),
    ],
)
def test_hours_lines_become_loader_items(text, items) -> None:
    parsed = parse_hours(text)
    assert parsed.problems == [] and parsed.items == items


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Montag 9-12", "Zeile 1: „Montag 9-12“ nicht verstanden."),
        ("Fr–Mo 09:00–12:00", "Zeile 1: Die Tage „Fr–Mo“ sind verkehrt herum."),
        ("Mo 09:00", "Zeile 1: „09:00“ ist keine Zeitspanne wie 09:00–12:00."),
        ("Mo 09:00–12:00\n\nMo, Di 09:00–11:00", "Zeile 3: Mo ab 09:00 steht schon in Zeile 1."),
    ],
)
def test_hours_lines_that_do_not_parse_are_named(text, problem) -> None:
    assert parse_hours(text).problems[0].startswith(problem)


def test_hours_round_trip_through_the_text() -> None:
    ranges = [OpeningRange(d, "09:00", "12:00") for d in (0, 1, 2, 4)] + [OpeningRange(1, "14:00", "18:00")]
    text = format_hours(ranges)
    assert text == "Mo–Mi, Fr 09:00–12:00\nDi 14:00–18:00"
    parsed = parse_hours(text)
    back = sorted(
        OpeningRange(catalogue.DAY_CODES.index(d), i["opens"], i["closes"]) for i in parsed.items for d in i["days"]
    )
    assert back == sorted(ranges)


def test_closures_round_trip_and_accept_iso_dates() -> None:
    closures = [
        ClosedDays(date(2026, 12, 24), date(2026, 12, 31), "Weihnachtsferien"),
        ClosedDays(date(2026, 5, 1), date(2026, 5, 1)),
    ]
    text = format_closures(closures)
    assert text == "01.05.2026\n24.12.2026–31.12.2026 Weihnachtsferien"
    assert parse_closures(text).items == [
        {"from": "2026-05-01", "to": "2026-05-01", "note": ""},
        {"from": "2026-12-24", "to": "2026-12-31", "note": "Weihnachtsferien"},
    ]
    assert parse_closures("2026-07-01 bis 2026-07-14: Sommerpause").items == [
        {"from": "2026-07-01", "to": "2026-07-14", "note": "Sommerpause"}
    ]
    assert parse_closures("ab Juli zu").problems[0].startswith("Zeile 1: „ab Juli zu“ nicht verstanden.")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Nachbarschaftscafé Zebrahaus", "nachbarschaftscafe-zebrahaus"), ("Größe & Übermaß!", "groesse-uebermass")],
)
def test_ids_are_formed_from_names(name, expected) -> None:
    assert slug(name) == expected


def test_cli_adds_an_account_with_the_password_from_the_environment(app, sessions, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR_PASSWORD", "sicheres-passwort-1")
    result = app.test_cli_runner().invoke(args=["editor", "add-user", "jana", "--role", "admin"])
    assert result.exit_code == 0, result.output
    assert "Konto „jana“ (admin) angelegt." in result.output
    with sessions.begin() as session:
        user = session.scalar(select(catalogue.EditorUser).where(catalogue.EditorUser.username == "jana"))
        assert user.role == "admin" and user.active
        assert catalogue.authenticate(session, "jana", "sicheres-passwort-1") is not None


def test_cli_asks_for_the_password_twice_and_refuses_short_ones(app, sessions, monkeypatch) -> None:
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["editor", "add-user", "kai"], input="kurz\nkurz\n")
    assert result.exit_code == 1 and "mindestens 10 Zeichen" in result.output
    result = runner.invoke(args=["editor", "add-user", "kai"], input="sicheres-passwort-1\nsicheres-passwort-1\n")
    assert result.exit_code == 0, result.output
    with sessions.begin() as session:
        role = session.scalar(select(catalogue.EditorUser.role).where(catalogue.EditorUser.username == "kai"))
    assert role == "editor"
