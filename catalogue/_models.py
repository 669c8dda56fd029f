"""ORM models of the catalogue (SQLAlchemy 2.0 typed declarative)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
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


class Service(Base):
    """One social service at one place, as citizens look for it."""

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
    # Indexed: the search asks for max(updated_at) to notice any change cheaply.
    updated_at: Mapped[datetime] = mapped_column(default=_utcnow, onupdate=_utcnow, index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))

    organization: Mapped[Organization] = relationship(back_populates="services")
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="(Schedule.weekday, Schedule.opens)",
    )

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


class UnansweredQuestion(Base):
    """A question the chat found nothing for, scrubbed of personal data, counted."""

    __tablename__ = "unanswered_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(500), unique=True)
    count: Mapped[int] = mapped_column(default=1)
    first_asked: Mapped[datetime] = mapped_column(default=_utcnow)
    last_asked: Mapped[datetime] = mapped_column(default=_utcnow)
