"""Read the editable YAML catalogue files and write them to the database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue._hours import DAY_CODES, OpeningRange, valid_time
from catalogue._models import Organization, Schedule, Service
from catalogue._vocabulary import vocabulary

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,118}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_REQUIRED = ("id", "name", "category", "district")
_ADDRESS_REQUIRED = ("street", "postal_code", "city")
MAX_FILE_BYTES = 5 * 1024 * 1024
_COPIED_FIELDS = (
    "name",
    "description",
    "category",
    "keywords",
    "target_groups",
    "district",
    "street",
    "postal_code",
    "city",
    "phone",
    "email",
    "website",
    "free",
    "fee",
    "languages",
    "accessibility",
    "hours_note",
    "always_open",
)


class CatalogueFormatError(ValueError):
    """The files contain errors; nothing was written. `problems` lists them in German."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ServiceRecord:
    """A validated catalogue entry, ready to be written."""

    external_id: str
    name: str
    provider_name: str
    provider_type: str
    category: str
    district: str
    street: str
    postal_code: str
    city: str
    description: str = ""
    keywords: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    free: bool = True
    fee: str | None = None
    languages: list[str] = field(default_factory=list)
    accessibility: str | None = None
    hours_note: str | None = None
    always_open: bool = False
    hours: list[OpeningRange] = field(default_factory=list)


@dataclass
class LoadReport:
    """What a load did."""

    files: int = 0
    created: int = 0
    updated: int = 0
    deactivated: int = 0


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _text_list(value: Any) -> list[str] | None:
    if value is None:
        return []
    if not isinstance(value, list):
        return None
    return [t for t in (_text(v) for v in value) if t]


class _Checker:
    """Collects German problem messages for one entry."""

    def __init__(self, problems: list[str], where: str):
        self.problems = problems
        self.where = where

    def add(self, field_name: str, message: str) -> None:
        self.problems.append(f"{self.where}, Feld „{field_name}“: {message}")


def _parse_hours(raw: Any, check: _Checker) -> tuple[list[OpeningRange], bool]:
    if raw in (None, []):
        return [], False
    if isinstance(raw, str) and raw.strip().lower() == "rund-um-die-uhr":
        return [], True
    if not isinstance(raw, list):
        check.add("hours", "erwartet eine Liste von Zeiten oder „rund-um-die-uhr“.")
        return [], False
    ranges: list[OpeningRange] = []
    for n, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            check.add("hours", f"Eintrag {n} ist keine Zeitangabe mit days/opens/closes.")
            continue
        days, opens, closes = item.get("days"), _text(item.get("opens")), _text(item.get("closes"))
        if not isinstance(days, list) or not days or any(d not in DAY_CODES for d in days):
            check.add("hours", f"Eintrag {n}: Tage müssen aus {' '.join(DAY_CODES)} sein.")
            continue
        if not (opens and closes and valid_time(opens) and valid_time(closes)):
            check.add("hours", f"Eintrag {n}: Uhrzeiten im Format HH:MM angeben.")
            continue
        if closes <= opens:
            check.add("hours", f"Eintrag {n}: „closes“ ({closes}) muss nach „opens“ ({opens}) liegen.")
            continue
        ranges.extend(OpeningRange(DAY_CODES.index(d), opens, closes) for d in days)
    return ranges, False


def _parse_entry(entry: Any, check: _Checker) -> ServiceRecord | None:
    vocab = vocabulary()
    if not isinstance(entry, dict):
        check.add("-", "Eintrag ist kein Objekt mit Feldern.")
        return None
    before = len(check.problems)
    values = {name: _text(entry.get(name)) for name in _REQUIRED}
    for name, value in values.items():
        if not value:
            check.add(name, "fehlt.")
    if values["id"] and not _ID.match(values["id"]):
        check.add("id", "nur Kleinbuchstaben a–z, Ziffern und Bindestriche erlaubt.")
    if values["category"] and values["category"] not in vocab.categories:
        check.add("category", f"„{values['category']}“ ist keine bekannte Kategorie.")

    provider = entry.get("provider") if isinstance(entry.get("provider"), dict) else {}
    provider_name, provider_type = _text(provider.get("name")), _text(provider.get("type"))
    if not provider_name:
        check.add("provider.name", "fehlt.")
    if provider_type not in vocab.provider_types:
        check.add("provider.type", f"muss eines von {', '.join(vocab.provider_types)} sein.")

    address = entry.get("address") if isinstance(entry.get("address"), dict) else {}
    address_values = {name: _text(address.get(name)) for name in _ADDRESS_REQUIRED}
    for name, value in address_values.items():
        if not value:
            check.add(f"address.{name}", "fehlt.")

    lists = {name: _text_list(entry.get(name)) for name in ("keywords", "target_groups", "languages")}
    for name, value in lists.items():
        if value is None:
            check.add(name, "erwartet eine Liste.")
    for group in lists["target_groups"] or []:
        if group not in vocab.target_groups:
            check.add("target_groups", f"„{group}“ ist keine bekannte Zielgruppe.")

    phone, email = _text(entry.get("phone")), _text(entry.get("email"))
    if not phone and not email:
        check.add("phone", "Telefon oder E-Mail muss angegeben sein.")
    if email and not _EMAIL.match(email):
        check.add("email", f"„{email}“ ist keine gültige E-Mail-Adresse.")
    free = entry.get("free", True)
    fee = _text(entry.get("fee"))
    if not isinstance(free, bool):
        check.add("free", "erwartet true oder false.")
    elif not free and not fee:
        check.add("fee", "fehlt: Bei kostenpflichtigen Angeboten den Preis angeben.")

    hours, always_open = _parse_hours(entry.get("hours"), check)
    if len(check.problems) > before:
        return None
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
        description=_text(entry.get("description")) or "",
        keywords=lists["keywords"] or [],
        target_groups=lists["target_groups"] or [],
        phone=phone,
        email=email,
        website=_text(entry.get("website")),
        free=bool(free),
        fee=fee,
        languages=lists["languages"] or [],
        accessibility=_text(entry.get("accessibility")),
        hours_note=_text(entry.get("hours_note")),
        always_open=always_open,
        hours=hours,
    )


def read_catalogue(folder: Path) -> list[ServiceRecord]:
    """Read and validate every *.yml file in `folder`; raise CatalogueFormatError on any problem."""
    problems: list[str] = []
    records: list[ServiceRecord] = []
    files = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))
    if not files:
        raise CatalogueFormatError([f"{folder}: keine Katalogdateien (*.yml) gefunden."])
    seen: dict[str, str] = {}
    for path in files:
        try:
            raw_bytes = path.read_bytes()
            if len(raw_bytes) > MAX_FILE_BYTES:
                problems.append(f"{path.name}: Datei ist größer als {MAX_FILE_BYTES // 1024 // 1024} MB.")
                continue
            data = yaml.safe_load(raw_bytes.decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(f"{path.name}: Datei ist nicht UTF-8-kodiert.")
            continue
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = f" (Zeile {mark.line + 1})" if mark else ""
            problems.append(f"{path.name}: kein gültiges YAML{line}.")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("services"), list):
            problems.append(f"{path.name}: erwartet eine Liste unter „services:“.")
            continue
        for n, entry in enumerate(data["services"], start=1):
            label = entry.get("id") if isinstance(entry, dict) else None
            check = _Checker(problems, f"{path.name}, Eintrag {n}" + (f" ({label})" if label else ""))
            record = _parse_entry(entry, check)
            if record is None:
                continue
            if record.external_id in seen:
                check.add("id", f"„{record.external_id}“ kommt schon in {seen[record.external_id]} vor.")
                continue
            seen[record.external_id] = path.name
            records.append(record)
    if problems:
        raise CatalogueFormatError(problems)
    return records


def _organization(session: Session, cache: dict[str, Organization], record: ServiceRecord) -> Organization:
    org = cache.get(record.provider_name)
    if org is None:
        org = session.scalar(select(Organization).where(Organization.name == record.provider_name))
        if org is None:
            org = Organization(name=record.provider_name, provider_type=record.provider_type)
            session.add(org)
        cache[record.provider_name] = org
    org.provider_type = record.provider_type
    return org


def _replace_schedules(session: Session, service: Service, hours: list[OpeningRange]) -> None:
    wanted = sorted((r.weekday, r.opens, r.closes) for r in hours)
    if wanted == sorted((s.weekday, s.opens, s.closes) for s in service.schedules):
        return
    if service.schedules:
        # Delete the old rows before inserting new ones with the same (weekday, opens).
        service.schedules.clear()
        session.flush()
    service.schedules = [Schedule(weekday=d, opens=o, closes=c) for d, o, c in wanted]


def write_catalogue(
    session: Session,
    records: list[ServiceRecord],
    *,
    deactivate_missing: bool = True,
    source_prefix: str = "",
) -> LoadReport:
    """Create or update services by external_id; the caller owns the transaction.

    With `deactivate_missing`, active entries of the same source (external_id
    starting with `source_prefix`; all entries when it is empty) that the
    records no longer contain are deactivated, never deleted.
    """
    report = LoadReport()
    existing = {s.external_id: s for s in session.scalars(select(Service))}
    organizations: dict[str, Organization] = {}
    with session.no_autoflush:
        for record in records:
            service = existing.get(record.external_id)
            if service is None:
                service = Service(external_id=record.external_id)
                session.add(service)
                report.created += 1
            else:
                report.updated += 1
            service.organization = _organization(session, organizations, record)
            for name in _COPIED_FIELDS:
                setattr(service, name, getattr(record, name))
            service.status = "active"
            _replace_schedules(session, service, record.hours)
    if deactivate_missing:
        present = {r.external_id for r in records}
        for external_id, service in existing.items():
            if external_id.startswith(source_prefix) and external_id not in present and service.status == "active":
                service.status = "inactive"
                report.deactivated += 1
    session.flush()
    return report
