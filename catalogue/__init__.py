"""The catalogue of social services: data model, loading, search, opening hours.

Knows nothing of Flask or Rasa. Query functions take a Session; callers own
transactions.
"""

from catalogue._berlin import BerlinImport, read_berlin_csv
from catalogue._db import database_url, make_engine, make_session_factory, upgrade
from catalogue._hours import DAY_CODES, OpeningRange, format_week, is_open
from catalogue._loader import CatalogueFormatError, LoadReport, ServiceRecord, read_catalogue, write_catalogue
from catalogue._models import Base, Organization, Schedule, Service, UnansweredQuestion
from catalogue._presenters import service_summary
from catalogue._search import (
    Hit,
    SearchResult,
    resolve_target_group,
    search,
)
from catalogue._unanswered import record_unanswered, scrub
from catalogue._vocabulary import vocabulary

__all__ = [
    "BerlinImport",
    "DAY_CODES",
    "Base",
    "CatalogueFormatError",
    "Hit",
    "LoadReport",
    "OpeningRange",
    "Organization",
    "Schedule",
    "SearchResult",
    "Service",
    "ServiceRecord",
    "UnansweredQuestion",
    "database_url",
    "format_week",
    "is_open",
    "make_engine",
    "make_session_factory",
    "read_berlin_csv",
    "read_catalogue",
    "record_unanswered",
    "resolve_target_group",
    "search",
    "scrub",
    "service_summary",
    "upgrade",
    "vocabulary",
    "write_catalogue",
]
