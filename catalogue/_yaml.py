"""The editable YAML catalogue files: read, check field by field, and turn into records.

`check_entry` is the one check of an entry given as data (a YAML entry or the
editor form); it ends in `validate_record`, which the HSDS and Berlin
importers call too.
"""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path
from typing import Any

from catalogue._files import MAX_FILE_BYTES, decode_utf8, parse_yaml, read_limited
from catalogue._hours import DAY_CODES, ClosedDays, OpeningRange, valid_time
from catalogue._models import STATUSES
from catalogue._problems import CatalogueFormatError, Checker, Problem
from catalogue._records import ServiceRecord
from catalogue._validation import validate_record
from catalogue._vocabulary import vocabulary

_REQUIRED = ("id", "name", "category", "district")
_ADDRESS_REQUIRED = ("street", "postal_code", "city")
_TEXT_FIELDS = (
    "description",
    "accessibility",
    "hours_note",
    "alert",
    "description_easy",
    "application_process",
    "contact_name",
)
_LIST_FIELDS = ("keywords", "target_groups", "languages", "required_documents", "service_areas")
KNOWN_FIELDS = frozenset(
    {*_REQUIRED, "provider", "address", "phone", "email", "website", "free", "fee", "hours", "status"}
    | {*_TEXT_FIELDS, *_LIST_FIELDS, "assured_date", "minimum_age", "maximum_age", "closures"}
)
# Names the format used before every field had one name in files, database, API and HSDS mapping.
RENAMED_FIELDS = {
    "checked": "assured_date",
    "easy_language": "description_easy",
    "application": "application_process",
    "documents": "required_documents",
    "age": "minimum_age/maximum_age",
    "service_area": "service_areas",
    "contact": "contact_name",
}
_NOT_TEXT = object()


def _text(value: Any) -> Any:
    """Text as given (numbers become text: a postal code written 1102); `_NOT_TEXT` for lists, maps."""
    if value is None:
        return None
    # Only text and plain numbers; bytes (!!binary), sets, maps, lists, booleans and dates are no text.
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return _NOT_TEXT
    if isinstance(value, float) and not math.isfinite(value):
        return _NOT_TEXT
    text = str(value).strip()
    return text or None


def _field_text(entry: dict, name: str, check: Checker, key: str | None = None) -> str | None:
    value = _text(entry.get(key or name))
    if value is _NOT_TEXT:
        check.add(name, "erwartet Text, keine Liste oder Zahl dieser Art.", code="type")
        return None
    return value


def _field_list(entry: dict, name: str, check: Checker) -> list[str]:
    raw = entry.get(name)
    if raw is None:
        return []
    if not isinstance(raw, list):
        check.add(name, "erwartet eine Liste.", code="type")
        return []
    values = [_text(v) for v in raw]
    if any(v is _NOT_TEXT for v in values):
        check.add(name, "erwartet eine Liste von Texten.", code="type")
        return []
    return [v for v in values if v]


def _date(value: Any) -> date | None | bool:
    """A date written JJJJ-MM-TT; False when it is none (2026-02-30, a date-time, a number)."""
    if value is None or value == "":
        return None
    if type(value) is date:
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return False
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return False


def _age(entry: dict, name: str, check: Checker) -> int | None:
    value = entry.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 120:
        check.add(name, "erwartet ein Alter zwischen 0 und 120 (ganze Zahl).", code="range")
        return None
    return value


def _hours(raw: Any, check: Checker) -> tuple[list[OpeningRange], bool]:
    if raw in (None, []):
        return [], False
    if isinstance(raw, str) and raw.strip().lower() == "rund-um-die-uhr":
        return [], True
    if not isinstance(raw, list):
        check.add("hours", "erwartet eine Liste von Zeiten oder „rund-um-die-uhr“.", code="type")
        return [], False
    ranges: list[OpeningRange] = []
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            check.add("hours", "ist keine Zeitangabe mit days/opens/closes.", item=n, code="type")
            continue
        days, opens, closes = item.get("days"), _text(item.get("opens")), _text(item.get("closes"))
        if not isinstance(days, list) or not days or any(not isinstance(d, str) or d not in DAY_CODES for d in days):
            check.add("hours", f"Tage müssen aus {' '.join(DAY_CODES)} sein.", item=n, code="days")
            continue
        if not (isinstance(opens, str) and isinstance(closes, str) and valid_time(opens) and valid_time(closes)):
            check.add("hours", "Uhrzeiten von 00:00 bis 24:00 im Format HH:MM angeben.", item=n, code="time")
            continue
        if closes == opens:
            check.add("hours", f"Beginn und Ende sind gleich ({opens}); ganztägig: 00:00 bis 24:00.", item=n,
                      code="same_times")  # fmt: skip
            continue
        # closes before opens: the range runs past midnight into the next day.
        ranges.extend(OpeningRange(DAY_CODES.index(d), opens, closes) for d in days)
    return sorted(set(ranges)), False  # a day named twice is one range


def _closures(raw: Any, check: Checker) -> list[ClosedDays]:
    if raw in (None, []):
        return []
    if not isinstance(raw, list):
        check.add("closures", "erwartet eine Liste von Zeiträumen mit from/to.", code="type")
        return []
    closures: list[ClosedDays] = []
    for n, item in enumerate(raw, start=1):
        starts = _date(item.get("from")) if isinstance(item, dict) else False
        ends = _date(item.get("to", item.get("from"))) if isinstance(item, dict) else False
        note = _text(item.get("note")) if isinstance(item, dict) else None
        if not starts or not ends:
            check.add("closures", "Beginn und Ende als Datum JJJJ-MM-TT angeben.", item=n, code="bad_date")
            continue
        if note is _NOT_TEXT:
            check.add("closures", "Der Hinweis muss Text sein.", item=n, code="type")
            continue
        closures.append(ClosedDays(starts, ends, note))
    return closures


def check_entry(entry: Any, where: str = "") -> tuple[ServiceRecord | None, list[Problem]]:
    """Check one entry given as data (YAML-shaped); return the record, or None, and the problems by field."""
    problems: list[Problem] = []
    check = Checker(problems, where)
    record = _parse(entry, check)
    if record is not None:
        # Checked even when fields are missing, so a form shows every problem at once.
        validate_record(record, check)
    first: dict[str, Problem] = {}
    for problem in problems:
        first.setdefault(f"{problem.field}#{problem.item}", problem)  # one message per field (and list item)
    return (record if not problems else None), list(first.values())


def _parse(entry: Any, check: Checker) -> ServiceRecord | None:
    vocab = vocabulary()
    if not isinstance(entry, dict):
        check.add("", "Eintrag ist kein Objekt mit Feldern.", code="type")
        return None
    for key in entry:
        if key in RENAMED_FIELDS:
            check.add(str(key), f"heißt jetzt „{RENAMED_FIELDS[key]}“ (siehe FORMAT.md).", code="renamed")
        elif key not in KNOWN_FIELDS:
            check.add(str(key)[:60], "ist kein bekanntes Feld (siehe FORMAT.md).", code="unknown")
    values = {name: _field_text(entry, name, check) for name in _REQUIRED}
    for name, value in values.items():
        if not value and name not in {p.field for p in check.problems}:
            check.add(name, "fehlt.", code="missing")
    if values["category"] and values["category"] not in vocab.categories:
        check.add("category", f"„{values['category'][:80]}“ ist keine bekannte Kategorie.", code="vocabulary")

    provider = entry.get("provider") if isinstance(entry.get("provider"), dict) else {}
    provider_name = _field_text(provider, "provider.name", check, "name")
    provider_type = _field_text(provider, "provider.type", check, "type")
    if not provider_name:
        check.add("provider.name", "fehlt.", code="missing")
    if provider_type not in vocab.provider_types:
        check.add("provider.type", f"muss eines von {', '.join(vocab.provider_types)} sein.", code="vocabulary")

    address = entry.get("address") if isinstance(entry.get("address"), dict) else {}
    address_values = {name: _field_text(address, f"address.{name}", check, name) for name in _ADDRESS_REQUIRED}
    for name, value in address_values.items():
        if not value:
            check.add(f"address.{name}", "fehlt.", code="missing")

    lists = {name: _field_list(entry, name, check) for name in _LIST_FIELDS}
    for group in lists["target_groups"]:
        if group not in vocab.target_groups:
            check.add("target_groups", f"„{group[:80]}“ ist keine bekannte Zielgruppe.", code="vocabulary")
    texts = {name: _field_text(entry, name, check) for name in _TEXT_FIELDS}
    phone, email = _field_text(entry, "phone", check), _field_text(entry, "email", check)
    if not phone and not email:
        check.add("phone", "Telefon oder E-Mail muss angegeben sein.", code="no_contact")
    website = _field_text(entry, "website", check)
    free = entry.get("free", True)
    fee = _field_text(entry, "fee", check)
    if not isinstance(free, bool):
        check.add("free", "erwartet true oder false.", code="type")
    elif not free and not fee:
        check.add("fee", "fehlt: Bei kostenpflichtigen Angeboten den Preis angeben.", code="no_fee")
    status = _field_text(entry, "status", check) or "active"
    if status not in STATUSES:
        check.add("status", f"muss eines von {', '.join(STATUSES)} sein.", code="vocabulary")
    assured = _date(entry.get("assured_date"))
    if assured is False:
        check.add("assured_date", "Datum im Format JJJJ-MM-TT angeben (ein Tag, den es gibt).", code="bad_date")
    ages = {name: _age(entry, name, check) for name in ("minimum_age", "maximum_age")}
    if None not in ages.values() and ages["minimum_age"] > ages["maximum_age"]:  # type: ignore[operator]
        check.add("maximum_age", "Das Höchstalter ist kleiner als das Mindestalter.", code="min_over_max")
    hours, always_open = _hours(entry.get("hours"), check)
    closures = _closures(entry.get("closures"), check)
    return ServiceRecord(
        external_id=values["id"] or "",
        name=values["name"] or "",
        provider_name=provider_name or "",
        provider_type=provider_type or "",
        category=values["category"] or "",
        district=values["district"] or "",
        street=address_values["street"] or "",
        postal_code=address_values["postal_code"] or "",
        city=address_values["city"] or "",
        description=texts["description"] or "",
        keywords=lists["keywords"],
        target_groups=lists["target_groups"],
        phone=phone,
        email=email,
        website=website,
        free=bool(free),
        fee=fee,
        languages=lists["languages"],
        accessibility=texts["accessibility"],
        hours_note=texts["hours_note"],
        always_open=always_open,
        hours=hours,
        status=status,
        alert=texts["alert"],
        assured_date=assured or None,
        description_easy=texts["description_easy"],
        application_process=texts["application_process"],
        required_documents=lists["required_documents"],
        minimum_age=ages["minimum_age"],
        maximum_age=ages["maximum_age"],
        service_areas=lists["service_areas"],
        contact_name=texts["contact_name"],
        closures=closures,
    )


def _files(source: Path) -> list[Path]:
    if source.is_dir():
        return sorted(source.glob("*.yml")) + sorted(source.glob("*.yaml"))
    return [source]


def read_catalogue(source: Path) -> list[ServiceRecord]:
    """Read and check a YAML file or every *.yml file of a folder; raise CatalogueFormatError on any problem."""
    problems: list[Problem] = []
    records: list[ServiceRecord] = []
    files = _files(source)
    if not files:
        raise CatalogueFormatError([Problem(str(source), "", "keine Katalogdateien (*.yml) gefunden.")])
    seen: dict[str, str] = {}
    provider_types: dict[str, tuple[str, str]] = {}
    for path in files:
        try:
            data = parse_yaml(path.name, decode_utf8(path.name, read_limited(path, MAX_FILE_BYTES)))
        except CatalogueFormatError as error:
            problems.extend(error.problems)
            continue
        if not isinstance(data, dict) or not isinstance(data.get("services"), list):
            problems.append(Problem(path.name, "", "erwartet eine Liste unter „services:“."))
            continue
        for n, entry in enumerate(data["services"], start=1):
            label = entry.get("id") if isinstance(entry, dict) and isinstance(entry.get("id"), str) else None
            where = f"{path.name}, Eintrag {n}" + (f" ({label[:120]})" if label else "")
            record, found = check_entry(entry, where)
            problems.extend(found)
            if record is None:
                continue
            check = Checker(problems, where)
            if record.external_id in seen:
                check.add("id", f"„{record.external_id}“ kommt schon in {seen[record.external_id]} vor.", code="twice")
                continue
            seen[record.external_id] = path.name
            provider_type = provider_types.setdefault(record.provider_name, (record.provider_type, path.name))
            if provider_type[0] != record.provider_type:
                check.add(
                    "provider.type",
                    f"„{record.provider_name}“ ist in {provider_type[1]} als „{provider_type[0]}“ eingetragen.",
                    code="provider_type",
                )
                continue
            records.append(record)
    if problems:
        raise CatalogueFormatError(problems)
    return records
