"""Write validated records into the catalogue: one source at a time, never over an editor's work.

Every entry belongs to one source (the demo files, a named import file or
folder, or the editor workspace). An import creates and updates entries of its
own source and deactivates those it no longer contains; entries of other
sources are never touched. An entry an editor changed after its source's last
import keeps the editor's version unless the person explicitly asks to
overwrite; the import's version still lands in the entry's history, so it can
be brought back with one click. Imports that would empty or gut their source
are refused unless confirmed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from catalogue._models import DEMO_SOURCE, Organization, Service, ServiceChange
from catalogue._records import ServiceRecord, apply_record, record_from_service, record_snapshot, snapshot_diff

# An import may deactivate at most this share of its source's active entries without confirmation.
MAX_DEACTIVATED_SHARE = 0.2
KEPT_EDIT_ACTION = "Import nicht übernommen (in der Redaktion geändert)"


@dataclass
class KeptEdit:
    """An entry whose editor's version an import left in place."""

    external_id: str
    name: str
    edited_at: datetime


@dataclass
class ForeignEntry:
    """An entry of the file that belongs to another source and was left alone."""

    external_id: str
    source: str


@dataclass
class LoadReport:
    """What an import did."""

    source: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    kept_edits: list[KeptEdit] = field(default_factory=list)
    foreign: list[ForeignEntry] = field(default_factory=list)


class ImportRefused(Exception):
    """The import would empty or gut its source; nothing was written.

    `records` is how many entries the file holds, `active` how many active
    entries the source has, `deactivated` how many of them the import would
    deactivate.
    """

    def __init__(self, source: str, records: int, active: int, deactivated: int):
        self.source = source
        self.records = records
        self.active = active
        self.deactivated = deactivated
        if records == 0:
            message = f"Die Quelle „{source}“ enthält keine Einträge."
        else:
            message = (
                f"Der Import würde {deactivated} von {active} aktiven Einträgen der Quelle „{source}“ "
                f"deaktivieren (mehr als {MAX_DEACTIVATED_SHARE:.0%})."
            )
        super().__init__(
            f"{message} Nichts wurde geändert. Ist die Datei vollständig? Wenn das gewollt ist, "
            "bestätigen Sie mit --confirm."
        )


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def edited_since_import(service: Service) -> bool:
    """Tell whether an editor changed the entry after its source last imported it."""
    if service.edited_at is None:
        return False
    return service.imported_at is None or _aware(service.edited_at) > _aware(service.imported_at)


def write_catalogue(
    session: Session,
    records: list[ServiceRecord],
    *,
    source: str = DEMO_SOURCE,
    deactivate_missing: bool = True,
    confirm: bool = False,
    overwrite_edits: bool = False,
    changed_by: str = "Import",
) -> LoadReport:
    """Create or update the entries of `source` by external_id, recording each change; caller owns the transaction.

    With `deactivate_missing`, active entries of `source` that the records no
    longer contain are deactivated, never deleted. Raises ImportRefused,
    before writing anything, when the records are empty or would deactivate
    more than a fifth of the source's active entries, unless `confirm`.
    """
    report = LoadReport(source=source)
    query = select(Service).options(
        selectinload(Service.schedules), selectinload(Service.closures), selectinload(Service.organization)
    )
    existing = {s.external_id: s for s in session.scalars(query)}
    present = {r.external_id for r in records}
    own_active = [s for s in existing.values() if s.source == source and s.status != "inactive"]
    missing = [s for s in own_active if s.external_id not in present] if deactivate_missing else []
    if not confirm and (not records or len(missing) > MAX_DEACTIVATED_SHARE * len(own_active)):
        raise ImportRefused(source, len(records), len(own_active), len(missing))

    now = _now()
    organizations: dict[str, Organization] = {}
    with session.no_autoflush:
        for record in records:
            service = existing.get(record.external_id)
            if service is not None and service.source != source:
                report.foreign.append(ForeignEntry(record.external_id, service.source))
                continue
            if service is not None and not overwrite_edits and edited_since_import(service):
                _keep_edit(session, service, record, changed_by, report)
                continue
            is_new = service is None
            if is_new:
                service = Service(external_id=record.external_id, source=source)
                session.add(service)
            changed = apply_record(
                session, service, record, changed_by=changed_by, action="importiert", organizations=organizations
            )
            service.imported_at = now
            if is_new:
                report.created += 1
            elif changed:
                report.updated += 1
            else:
                report.unchanged += 1
        for service in missing:
            if not overwrite_edits and edited_since_import(service):
                report.kept_edits.append(KeptEdit(service.external_id, service.name, _aware(service.edited_at)))
                continue
            record = record_from_service(service)
            record.status = "inactive"
            apply_record(session, service, record, changed_by=changed_by, action="deaktiviert (fehlt im Import)")
            service.imported_at = now
            report.deactivated += 1
    session.flush()
    return report


def _keep_edit(session: Session, service: Service, record: ServiceRecord, changed_by: str, report: LoadReport) -> None:
    """Leave the editor's version; put the import's version into the history, where it can be restored."""
    current = record_snapshot(record_from_service(service))
    offered = record_snapshot(record)
    differences = snapshot_diff(current, offered)
    if not differences:
        return
    report.kept_edits.append(KeptEdit(service.external_id, service.name, _aware(service.edited_at)))
    latest = session.scalar(
        select(ServiceChange).where(ServiceChange.service_id == service.id).order_by(ServiceChange.id.desc()).limit(1)
    )
    if latest is not None and latest.action == KEPT_EDIT_ACTION and latest.snapshot == offered:
        return  # the same offer is already in the history
    session.add(
        ServiceChange(
            service=service, changed_by=changed_by, action=KEPT_EDIT_ACTION, changes=differences, snapshot=offered
        )
    )


@dataclass
class CatalogueState:
    """How many entries the catalogue holds and when one last changed."""

    total: int
    active: int
    last_changed: datetime | None
    sources: dict[str, int]


def catalogue_state(session: Session) -> CatalogueState:
    """Count entries (all, active, per source) and find the newest change."""
    sources = dict(session.execute(select(Service.source, func.count()).group_by(Service.source)).all())
    active = session.scalar(select(func.count()).select_from(Service).where(Service.status != "inactive")) or 0
    last = session.scalar(select(func.max(Service.updated_at)))
    return CatalogueState(sum(sources.values()), active, _aware(last) if last else None, sources)
