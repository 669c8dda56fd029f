"""What editors do to entries and accounts: save with history, detect edit conflicts, restore, review, sign in.

Every write goes through `apply_record`, which records who changed which
fields (old and new value) and the whole entry after the change. Query
functions take a Session; callers own the transaction.
"""

from __future__ import annotations

import calendar
import dataclasses
import functools
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from werkzeug.security import check_password_hash, generate_password_hash

from catalogue._models import EDITOR_SOURCE, ROLES, EditorUser, Organization, Service, ServiceChange, UnansweredQuestion
from catalogue._presenters import local_time
from catalogue._records import ServiceRecord, apply_record, record_from_service, record_from_snapshot

MIN_PASSWORD_LENGTH = 10


class EditConflict(Exception):
    """Somebody else saved the entry since the editor opened it; nothing was written."""

    def __init__(self, service: Service, last_change: ServiceChange | None):
        when = local_time(last_change.changed_at) if last_change else None
        who = f" von {last_change.changed_by} am {when:%d.%m.%Y, %H:%M} Uhr" if last_change else ""
        super().__init__(f"Der Eintrag wurde inzwischen{who} geändert. Ihre Änderung wurde nicht gespeichert.")
        self.service = service
        self.last_change = last_change


class InputRejected(ValueError):
    """An editor's input was refused; nothing was written. `field` names the form field it is about."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


class EntryNotFound(LookupError):
    """No entry with this id."""


def get_service(session: Session, service_id: int) -> Service:
    """Return the entry or raise EntryNotFound."""
    service = session.get(Service, service_id)
    if service is None:
        raise EntryNotFound(f"Eintrag {service_id} gibt es nicht.")
    return service


def last_change(session: Session, service_id: int) -> ServiceChange | None:
    """Return the newest recorded change of an entry."""
    return session.scalar(
        select(ServiceChange).where(ServiceChange.service_id == service_id).order_by(ServiceChange.id.desc()).limit(1)
    )


def _check_version(session: Session, service: Service, expected_version: int | None) -> None:
    if expected_version is not None and service.version != expected_version:
        raise EditConflict(service, last_change(session, service.id))


def save_entry(
    session: Session,
    record: ServiceRecord,
    *,
    user: str,
    service_id: int | None = None,
    expected_version: int | None = None,
    action: str = "bearbeitet",
) -> tuple[Service, dict[str, list[Any]]]:
    """Create an entry (no `service_id`) or update one; raise EditConflict on a stale version."""
    if service_id is None:
        if session.scalar(select(Service.id).where(Service.external_id == record.external_id)) is not None:
            raise InputRejected("external_id", f"Die Kennung „{record.external_id}“ ist schon vergeben.")
        service = Service(external_id=record.external_id, source=EDITOR_SOURCE)
        session.add(service)
    else:
        service = get_service(session, service_id)
        _check_version(session, service, expected_version)
    with session.no_autoflush:
        changes = apply_record(session, service, record, changed_by=user, action=action)
    if changes:
        # A later import of the entry's source keeps this version (catalogue._importing).
        service.edited_at = datetime.now(timezone.utc)
    session.flush()
    return service, changes


def update_fields(
    session: Session,
    service_id: int,
    *,
    user: str,
    action: str,
    expected_version: int | None = None,
    **values: Any,
) -> tuple[Service, dict[str, list[Any]]]:
    """Change some fields of an entry (status, alert, checked date ...) with history."""
    service = get_service(session, service_id)
    _check_version(session, service, expected_version)
    record = dataclasses.replace(record_from_service(service), **values)
    return save_entry(session, record, user=user, service_id=service_id, action=action)


def set_status(session: Session, service_id: int, status: str, *, user: str, expected_version: int | None = None):
    """Activate, close temporarily or deactivate an entry (never deleted)."""
    labels = {"active": "aktiviert", "temporarily_closed": "vorübergehend geschlossen", "inactive": "deaktiviert"}
    return update_fields(
        session, service_id, user=user, action=labels[status], expected_version=expected_version, status=status
    )


def set_alert(session: Session, service_id: int, alert: str | None, *, user: str, expected_version: int | None = None):
    """Set or clear the current notice shown with an entry."""
    alert = (alert or "").strip() or None
    return update_fields(
        session,
        service_id,
        user=user,
        action="Hinweis gesetzt" if alert else "Hinweis entfernt",
        expected_version=expected_version,
        alert=alert,
    )


def mark_checked(session: Session, service_id: int, *, user: str, day: date | None = None):
    """Record that an editor checked the entry today (HSDS assured_date)."""
    return update_fields(
        session, service_id, user=user, action="als geprüft markiert", assured_date=day or date.today()
    )


def history(session: Session, service_id: int) -> list[ServiceChange]:
    """Return the recorded changes of an entry, newest first."""
    return list(
        session.scalars(
            select(ServiceChange).where(ServiceChange.service_id == service_id).order_by(ServiceChange.id.desc())
        )
    )


def restore(session: Session, service_id: int, change_id: int, *, user: str):
    """Bring an entry back to its state after change `change_id`; recorded as a change of its own."""
    change = session.get(ServiceChange, change_id)
    if change is None or change.service_id != service_id:
        raise EntryNotFound(f"Version {change_id} gehört nicht zu Eintrag {service_id}.")
    record = record_from_snapshot(change.snapshot)
    return save_entry(
        session,
        record,
        user=user,
        service_id=service_id,
        action=f"wiederhergestellt (Stand vom {local_time(change.changed_at):%d.%m.%Y %H:%M})",
    )


@dataclass
class Attention:
    """Entries an editor should look at, and questions the chat could not answer."""

    stale: list[Service] = field(default_factory=list)
    without_hours: list[Service] = field(default_factory=list)
    without_contact: list[Service] = field(default_factory=list)
    without_district: list[Service] = field(default_factory=list)
    unanswered: list[UnansweredQuestion] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Count the entries and questions listed."""
        return sum(len(x) for x in (self.stale, self.without_hours, self.without_contact, self.without_district)) + len(
            self.unanswered
        )


def months_before(day: date, months: int) -> date:
    """Return the same day `months` months earlier (clamped to the month's end)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def needs_attention(session: Session, *, today: date | None = None, stale_months: int = 12) -> Attention:
    """Collect active entries not checked for `stale_months` months or lacking hours, contact or district."""
    today = today or date.today()
    cutoff = months_before(today, stale_months)
    services = list(
        session.scalars(
            select(Service)
            .where(Service.status != "inactive")
            .options(selectinload(Service.schedules))
            .order_by(Service.name)
        )
    )
    attention = Attention(
        stale=[s for s in services if s.assured_date is None or s.assured_date < cutoff],
        without_hours=[s for s in services if not s.schedules and not s.always_open],
        without_contact=[s for s in services if not s.phone and not s.email],
        without_district=[s for s in services if not (s.district or "").strip()],
        unanswered=list(
            session.scalars(
                select(UnansweredQuestion)
                .order_by(UnansweredQuestion.count.desc(), UnansweredQuestion.last_asked.desc())
                .limit(50)
            )
        ),
    )
    return attention


def list_entries(
    session: Session, *, query: str = "", status: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Service], int]:
    """Return entries whose name, provider, district, category or id contain `query`, with the total count."""
    statement = select(Service).join(Service.organization)
    if query.strip():
        like = f"%{query.strip().lower()}%"
        statement = statement.where(
            func.lower(Service.name).like(like)
            | func.lower(Service.external_id).like(like)
            | func.lower(Service.district).like(like)
            | func.lower(Service.category).like(like)
            | func.lower(Organization.name).like(like)
        )
    if status:
        statement = statement.where(Service.status == status)
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    rows = session.scalars(statement.order_by(Service.name, Service.id).limit(limit).offset(offset)).all()
    return list(rows), total


# --- editor accounts ---------------------------------------------------------


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputRejected("password", f"Das Passwort muss mindestens {MIN_PASSWORD_LENGTH} Zeichen haben.")


def create_user(session: Session, username: str, password: str, role: str = "editor") -> EditorUser:
    """Create an editor account; the password is stored only as a salted hash."""
    username = username.strip()
    if not username or len(username) > 80:
        raise InputRejected("username", "Benutzername fehlt oder ist zu lang.")
    if role not in ROLES:
        raise InputRejected("role", f"Rolle muss eines von {', '.join(ROLES)} sein.")
    _check_password(password)
    if session.scalar(select(EditorUser.id).where(EditorUser.username == username)) is not None:
        raise InputRejected("username", f"Den Benutzer „{username}“ gibt es schon.")
    user = EditorUser(username=username, password_hash=generate_password_hash(password), role=role)
    session.add(user)
    session.flush()
    return user


@functools.cache
def _unknown_user_hash() -> str:
    # Made once, with the same method and cost as real hashes: checking a password against it
    # takes as long as against an account's, so the answer time does not tell whether a name exists.
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(session: Session, username: str, password: str) -> EditorUser | None:
    """Return the active account whose password matches, else None (in the same time either way)."""
    user = session.scalar(select(EditorUser).where(EditorUser.username == username.strip()))
    if user is None or not user.active:
        check_password_hash(_unknown_user_hash(), password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def end_sessions(user: EditorUser) -> None:
    """End every sign-in session of the account (they carry the old session version)."""
    # Counted up in the database, so that two requests at once cannot both write the same number.
    user.session_version = EditorUser.session_version + 1  # type: ignore[assignment]


def set_password(user: EditorUser, password: str) -> None:
    """Give the account a new password and end its sessions; raise InputRejected if it is too short."""
    _check_password(password)
    user.password_hash = generate_password_hash(password)
    end_sessions(user)


def change_password(user: EditorUser, current_password: str, new_password: str) -> None:
    """Change the own password after checking the current one; raise InputRejected if that is wrong."""
    if not check_password_hash(user.password_hash, current_password):
        raise InputRejected("current_password", "Das bisherige Passwort ist falsch.")
    set_password(user, new_password)


def set_user_active(user: EditorUser, active: bool) -> None:
    """Deactivate (ending its sessions) or reactivate an account; accounts are never deleted."""
    if user.active and not active:
        end_sessions(user)
    user.active = active
