"""ORM models of the catalogue (SQLAlchemy 2.0 typed declarative)."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base of all catalogue tables."""


class Organization(Base):
    """A provider (Träger): Wohlfahrtsverband, freier Träger or Sozialamt."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    provider_type: Mapped[str] = mapped_column(String(40))

    services: Mapped[list[Service]] = relationship(back_populates="organization")


# The source of entries created in the editor workspace, and of the demo catalogue.
EDITOR_SOURCE = "redaktion"
DEMO_SOURCE = "demo"
STATUSES = ("active", "temporarily_closed", "inactive")
ROLES = ("editor", "admin", "staff")  # staff: the counter's lookup desk only
# Found by the chat and the API; temporarily closed entries are shown with that notice.
SEARCHABLE_STATUSES = ("active", "temporarily_closed")


class Service(Base):
    """One social service at one place, as citizens look for it.

    Flat on purpose: one row carries the HSDS service, its single location and
    address, phone and contact, so that search and chat read one row. The HSDS
    export (`catalogue._hsds`) unfolds it into the standard's objects.
    """

    __tablename__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(120), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(120), index=True)
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    district: Mapped[str] = mapped_column(String(120), index=True)
    street: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(10))
    city: Mapped[str] = mapped_column(String(120))
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    free: Mapped[bool] = mapped_column(default=True)
    fee: Mapped[str | None] = mapped_column(String(200))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    accessibility: Mapped[str | None] = mapped_column(String(300))
    hours_note: Mapped[str | None] = mapped_column(String(300))
    always_open: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(20), default="active", index=True)
    alert: Mapped[str | None] = mapped_column(Text)
    assured_date: Mapped[date | None]
    description_easy: Mapped[str | None] = mapped_column(Text)
    application_process: Mapped[str | None] = mapped_column(Text)
    required_documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    minimum_age: Mapped[int | None]
    maximum_age: Mapped[int | None]
    service_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    # Optimistic locking: an UPDATE whose version no longer matches fails.
    version: Mapped[int] = mapped_column(default=1)
    # Indexed: the search asks for max(updated_at) to notice any change cheaply.
    updated_at: Mapped[datetime] = mapped_column(default=_utcnow, onupdate=_utcnow, index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    # Where the entry comes from: DEMO_SOURCE, EDITOR_SOURCE or the name of an imported file or
    # folder. A re-import touches only entries of its own source.
    source: Mapped[str] = mapped_column(String(200), default=EDITOR_SOURCE, index=True)
    # When an import of its source last wrote the entry, and when an editor last changed it:
    # an import never overwrites a change made in the workspace after its last import.
    imported_at: Mapped[datetime | None]
    edited_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship(back_populates="services")
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="(Schedule.weekday, Schedule.opens)",
    )

    closures: Mapped[list[Closure]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Closure.starts"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def address(self) -> str:
        """Return the postal address on one line."""
        return f"{self.street}, {self.postal_code} {self.city}"


class Schedule(Base):
    """One opening range of a service on one weekday (0 = Monday)."""

    __tablename__ = "schedule"
    __table_args__ = (UniqueConstraint("service_id", "weekday", "opens"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    weekday: Mapped[int]
    opens: Mapped[str] = mapped_column(String(5))
    closes: Mapped[str] = mapped_column(String(5))

    service: Mapped[Service] = relationship(back_populates="schedules")


class Closure(Base):
    """A temporary closure of a service, both days included (holidays come from the calendar)."""

    __tablename__ = "closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    starts: Mapped[date]
    ends: Mapped[date]
    note: Mapped[str | None] = mapped_column(String(300))

    service: Mapped[Service] = relationship(back_populates="closures")


class ServiceChange(Base):
    """One recorded change of a service: who, when, which fields (old, new), and the state after it."""

    __tablename__ = "service_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(default=_utcnow)
    changed_by: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(120))
    # {"field": [old, new], ...}
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    # The whole entry after this change, in the editable format: what "restore" brings back.
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)

    service: Mapped[Service] = relationship()


class EditorUser(Base):
    """A person who may edit the catalogue; passwords are stored as salted hashes only."""

    __tablename__ = "editor_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(20), default="editor")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=_utcnow)
    # Part of every sign-in session: raising it (sign-out, new password, deactivation) ends them all.
    session_version: Mapped[int] = mapped_column(default=1)


class UnansweredQuestion(Base):
    """A question the chat found nothing for, scrubbed of personal data, counted."""

    __tablename__ = "unanswered_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(500), unique=True)
    count: Mapped[int] = mapped_column(default=1)
    first_asked: Mapped[datetime] = mapped_column(default=_utcnow)
    last_asked: Mapped[datetime] = mapped_column(default=_utcnow)


class ChatFeedback(Base):
    """A 👍 or 👎 on one chat answer: the question and comment masked, the services that were shown."""

    __tablename__ = "chat_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=_utcnow, index=True)
    helpful: Mapped[bool]
    question: Mapped[str | None] = mapped_column(String(500))
    comment: Mapped[str | None] = mapped_column(String(1000))
    service_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    topic: Mapped[str | None] = mapped_column(String(120))  # category of the first service shown


class ContactRequest(Base):
    """A chat user's request to be contacted by the information desk, given with explicit consent."""

    __tablename__ = "contact_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=_utcnow, index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str | None] = mapped_column(String(1000))  # masked like every stored chat text
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(200))


class CatalogueVersion(Base):
    """One row whose version every change of the service table raises (database triggers, migration 0008).

    Each search reads it first: an unchanged version means an unchanged catalogue, in one
    primary-key read. Not part of a backup: a restore writes services, which raises it.
    """

    __tablename__ = "catalogue_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
