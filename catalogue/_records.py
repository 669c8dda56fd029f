"""An entry as the importers, the editor and the history see it, and how it is written to the database."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from catalogue._hours import ClosedDays, OpeningRange
from catalogue._models import Closure, Organization, Schedule, Service, ServiceChange

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
