"""Read the editable YAML catalogue files and write them to the database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalogue._hours import DAY_CODES, ClosedDays, OpeningRange, valid_time
from catalogue._models import STATUSES, Closure, Organization, Schedule, Service, ServiceChange
from catalogue._vocabulary import vocabulary

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,118}$")
_WEBSITE = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
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
    "status",
    "alert",
    "assured_date",
    "description_easy",
    "application_process",
    "required_documents",
    "minimum_age",
    "maximum_age",
    "service_areas",
    "contact_name",
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
    status: str = "active"
    alert: str | None = None
    assured_date: date | None = None
    description_easy: str | None = None
    application_process: str | None = None
    required_documents: list[str] = field(default_factory=list)
    minimum_age: int | None = None
    maximum_age: int | None = None
    service_areas: list[str] = field(default_factory=list)
    contact_name: str | None = None
    closures: list[ClosedDays] = field(default_factory=list)


def record_snapshot(record: ServiceRecord) -> dict[str, Any]:
    """Return the record as JSON-ready data: what history stores and "restore" brings back."""
    data: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name == "hours":
            value = [[r.weekday, r.opens, r.closes] for r in sorted(value)]
        elif f.name == "closures":
            value = [[c.starts.isoformat(), c.ends.isoformat(), c.note] for c in sorted(value, key=lambda c: c.starts)]
        elif isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = list(value)
        data[f.name] = value
    return data


def record_from_snapshot(data: dict[str, Any]) -> ServiceRecord:
    """Rebuild a record from `record_snapshot` data (fields unknown to this version are ignored)."""
    known = {f.name for f in fields(ServiceRecord)}
    values = {k: v for k, v in data.items() if k in known}
    values["hours"] = [OpeningRange(int(d), o, c) for d, o, c in data.get("hours", [])]
    values["closures"] = [
        ClosedDays(date.fromisoformat(a), date.fromisoformat(b), n) for a, b, n in data.get("closures", [])
    ]
    if values.get("assured_date"):
        values["assured_date"] = date.fromisoformat(values["assured_date"])
    return ServiceRecord(**values)


def record_from_service(service: Service) -> ServiceRecord:
    """Return the stored entry as a record in the editable format."""
    values = {name: getattr(service, name) for name in _COPIED_FIELDS}
    for name in ("keywords", "target_groups", "languages", "required_documents", "service_areas"):
        values[name] = list(values[name] or [])
    return ServiceRecord(
        external_id=service.external_id,
        provider_name=service.organization.name,
        provider_type=service.organization.provider_type,
        hours=[OpeningRange(s.weekday, s.opens, s.closes) for s in service.schedules],
        closures=[ClosedDays(c.starts, c.ends, c.note) for c in service.closures],
        **values,
    )


def snapshot_diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [old, new]} for every field whose value differs."""
    return {k: [old.get(k), new.get(k)] for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)}


@dataclass
class LoadReport:
    """What a load did."""

    files: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
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
        if closes == opens:
            check.add("hours", f"Eintrag {n}: „opens“ und „closes“ sind gleich ({opens}); ganztägig: 00:00 bis 24:00.")
            continue
        # closes before opens: the range runs past midnight into the next day.
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
    website = _text(entry.get("website"))
    if website and not _WEBSITE.match(website):
        check.add("website", f"„{website}“ mit http:// oder https:// angeben.")
    if email and not _EMAIL.match(email):
        check.add("email", f"„{email}“ ist keine gültige E-Mail-Adresse.")
    free = entry.get("free", True)
    fee = _text(entry.get("fee"))
    if not isinstance(free, bool):
        check.add("free", "erwartet true oder false.")
    elif not free and not fee:
        check.add("fee", "fehlt: Bei kostenpflichtigen Angeboten den Preis angeben.")

    hours, always_open = _parse_hours(entry.get("hours"), check)
    extra = _parse_hsds_fields(entry, check)
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
        website=website,
        free=bool(free),
        fee=fee,
        languages=lists["languages"] or [],
        accessibility=_text(entry.get("accessibility")),
        hours_note=_text(entry.get("hours_note")),
        always_open=always_open,
        hours=hours,
        **extra,
    )


def _date(value: Any) -> date | None | bool:
    """A YAML date, or an ISO date string; False when it is neither."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return False


def _parse_hsds_fields(entry: dict, check: _Checker) -> dict[str, Any]:
    """Status, alert, checked date, Leichte Sprache, application, documents, age, service area, contact, closures."""
    status = _text(entry.get("status")) or "active"
    if status not in STATUSES:
        check.add("status", f"muss eines von {', '.join(STATUSES)} sein.")
    checked = _date(entry.get("checked"))
    if checked is False:
        check.add("checked", "Datum im Format JJJJ-MM-TT angeben.")
    age = entry.get("age") if isinstance(entry.get("age"), dict) else {}
    if entry.get("age") is not None and not isinstance(entry.get("age"), dict):
        check.add("age", "erwartet min und/oder max.")
    ages: dict[str, int | None] = {}
    for key in ("min", "max"):
        value = age.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 120):
            check.add(f"age.{key}", "erwartet ein Alter zwischen 0 und 120.")
            value = None
        ages[key] = value
    if ages["min"] is not None and ages["max"] is not None and ages["min"] > ages["max"]:
        check.add("age", "„min“ ist größer als „max“.")
    lists = {name: _text_list(entry.get(name)) for name in ("documents", "service_area")}
    for name, value in lists.items():
        if value is None:
            check.add(name, "erwartet eine Liste.")
    closures: list[ClosedDays] = []
    raw_closures = entry.get("closures") or []
    if not isinstance(raw_closures, list):
        check.add("closures", "erwartet eine Liste von Zeiträumen mit from/to.")
        raw_closures = []
    for n, item in enumerate(raw_closures, start=1):
        starts = _date(item.get("from")) if isinstance(item, dict) else False
        ends = _date(item.get("to", item.get("from"))) if isinstance(item, dict) else False
        if not starts or not ends:
            check.add("closures", f"Eintrag {n}: „from“ und „to“ als Datum JJJJ-MM-TT angeben.")
            continue
        if ends < starts:
            check.add("closures", f"Eintrag {n}: „to“ liegt vor „from“.")
            continue
        closures.append(ClosedDays(starts, ends, _text(item.get("note"))))
    return {
        "status": status,
        "alert": _text(entry.get("alert")),
        "assured_date": checked or None,
        "description_easy": _text(entry.get("easy_language")),
        "application_process": _text(entry.get("application")),
        "required_documents": lists["documents"] or [],
        "minimum_age": ages["min"],
        "maximum_age": ages["max"],
        "service_areas": lists["service_area"] or [],
        "contact_name": _text(entry.get("contact")),
        "closures": closures,
    }


def read_catalogue(folder: Path) -> list[ServiceRecord]:
    """Read and validate every *.yml file in `folder`; raise CatalogueFormatError on any problem."""
    problems: list[str] = []
    records: list[ServiceRecord] = []
    files = sorted(folder.glob("*.yml")) + sorted(folder.glob("*.yaml"))
    if not files:
        raise CatalogueFormatError([f"{folder}: keine Katalogdateien (*.yml) gefunden."])
    seen: dict[str, str] = {}
    provider_types: dict[str, tuple[str, str]] = {}
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
            provider_type = provider_types.setdefault(record.provider_name, (record.provider_type, path.name))
            if provider_type[0] != record.provider_type:
                check.add(
                    "provider.type",
                    f"„{record.provider_name}“ ist in {provider_type[1]} als „{provider_type[0]}“ eingetragen.",
                )
                continue
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


def _replace_closures(service: Service, closures: list[ClosedDays]) -> None:
    wanted = sorted((c.starts, c.ends, c.note) for c in closures)
    if wanted != sorted((c.starts, c.ends, c.note) for c in service.closures):
        service.closures = [Closure(starts=a, ends=b, note=n) for a, b, n in wanted]


def apply_record(
    session: Session,
    service: Service,
    record: ServiceRecord,
    *,
    changed_by: str,
    action: str,
    organizations: dict[str, Organization] | None = None,
) -> dict[str, list[Any]]:
    """Write `record` onto `service` and record the change in its history; return {field: [old, new]}.

    Nothing is recorded when nothing changed. The caller owns the transaction.
    """
    new = record_snapshot(record)
    old = record_snapshot(record_from_service(service)) if service.id is not None else {}
    changes = snapshot_diff(old, new)
    if not changes:
        return {}
    service.organization = _organization(session, {} if organizations is None else organizations, record)
    for name in _COPIED_FIELDS:
        setattr(service, name, getattr(record, name))
    _replace_schedules(session, service, record.hours)
    _replace_closures(service, record.closures)
    # Always touch the row: bumps the version (edit conflicts) and tells the search index.
    service.updated_at = datetime.now(timezone.utc)
    session.add(
        ServiceChange(
            service=service,
            changed_by=changed_by,
            action=action if old else "angelegt",
            changes=changes,
            snapshot=new,
        )
    )
    return changes


def write_catalogue(
    session: Session,
    records: list[ServiceRecord],
    *,
    deactivate_missing: bool = True,
    source_prefix: str = "",
    changed_by: str = "Import",
) -> LoadReport:
    """Create or update services by external_id, recording each change; the caller owns the transaction.

    With `deactivate_missing`, active entries of the same source (external_id
    starting with `source_prefix`; all entries when it is empty) that the
    records no longer contain are deactivated, never deleted.
    """
    report = LoadReport()
    query = select(Service).options(
        selectinload(Service.schedules), selectinload(Service.closures), selectinload(Service.organization)
    )
    existing = {s.external_id: s for s in session.scalars(query)}
    organizations: dict[str, Organization] = {}
    with session.no_autoflush:
        for record in records:
            service = existing.get(record.external_id)
            is_new = service is None
            if is_new:
                service = Service(external_id=record.external_id)
                session.add(service)
            changed = apply_record(
                session, service, record, changed_by=changed_by, action="importiert", organizations=organizations
            )
            if is_new:
                report.created += 1
            elif changed:
                report.updated += 1
            else:
                report.unchanged += 1
    if deactivate_missing:
        present = {r.external_id for r in records}
        for external_id, service in existing.items():
            if external_id.startswith(source_prefix) and external_id not in present and service.status != "inactive":
                record = record_from_service(service)
                record.status = "inactive"
                apply_record(session, service, record, changed_by=changed_by, action="deaktiviert (fehlt im Import)")
                report.deactivated += 1
    session.flush()
    return report
