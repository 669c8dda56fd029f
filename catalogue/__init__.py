"""The catalogue of social services: data model, loading, search, opening hours.

Knows nothing of Flask or Rasa. Query functions take a Session; callers own
transactions.
"""

from catalogue._backup import BackupError, BackupSummary, restore_backup, write_backup
from catalogue._berlin import BerlinImport, read_berlin_csv
from catalogue._cli import cli
from catalogue._db import database_url, make_engine, make_session_factory, upgrade
from catalogue._editing import (
    Attention,
    EditConflict,
    EntryNotFound,
    authenticate,
    create_user,
    get_service,
    history,
    list_entries,
    mark_checked,
    needs_attention,
    restore,
    save_entry,
    set_alert,
    set_status,
)
from catalogue._hours import (
    DAY_CODES,
    ClosedDays,
    OpeningRange,
    OpeningState,
    describe_moment,
    format_week,
    holiday_name,
    is_open,
    opening_state,
)
from catalogue._importing import (
    MAX_DEACTIVATED_SHARE,
    CatalogueState,
    ImportRefused,
    LoadReport,
    catalogue_state,
    edited_since_import,
    write_catalogue,
)
from catalogue._models import (
    DEMO_SOURCE,
    EDITOR_SOURCE,
    ROLES,
    SEARCHABLE_STATUSES,
    STATUSES,
    Base,
    Closure,
    EditorUser,
    Organization,
    Schedule,
    Service,
    ServiceChange,
    UnansweredQuestion,
)
from catalogue._presenters import local_now, local_time, opening_text, service_summary
from catalogue._privacy import mask_personal_data, mentions_sensitive_detail
from catalogue._problems import CatalogueFormatError, Problem
from catalogue._records import (
    ServiceRecord,
    apply_record,
    record_from_service,
    record_from_snapshot,
    record_snapshot,
)
from catalogue._retention import purge_chat_data
from catalogue._search import (
    Hit,
    SearchResult,
    resolve_target_group,
    search,
)
from catalogue._settings import Settings, settings
from catalogue._sources import FORMATS, SourceRead, detect_format, read_source
from catalogue._unanswered import record_unanswered, scrub
from catalogue._validation import LIST_LIMITS, TEXT_LIMITS, email_problem, validate_record
from catalogue._vocabulary import vocabulary
from catalogue._yaml import RENAMED_FIELDS, check_entry, read_catalogue

__all__ = [
    "purge_chat_data",
    "mask_personal_data",
    "mentions_sensitive_detail",
    "Settings",
    "settings",
    "FORMATS",
    "SourceRead",
    "detect_format",
    "read_source",
    "local_now",
    "local_time",
    "opening_text",
    "DEMO_SOURCE",
    "EDITOR_SOURCE",
    "MAX_DEACTIVATED_SHARE",
    "LIST_LIMITS",
    "TEXT_LIMITS",
    "RENAMED_FIELDS",
    "BackupError",
    "BackupSummary",
    "CatalogueState",
    "ImportRefused",
    "Problem",
    "catalogue_state",
    "check_entry",
    "edited_since_import",
    "email_problem",
    "restore_backup",
    "validate_record",
    "write_backup",
    "SEARCHABLE_STATUSES",
    "ROLES",
    "Attention",
    "EditConflict",
    "EntryNotFound",
    "authenticate",
    "create_user",
    "get_service",
    "history",
    "list_entries",
    "mark_checked",
    "needs_attention",
    "restore",
    "save_entry",
    "set_alert",
    "set_status",
    "STATUSES",
    "ClosedDays",
    "Closure",
    "EditorUser",
    "OpeningState",
    "ServiceChange",
    "apply_record",
    "describe_moment",
    "holiday_name",
    "opening_state",
    "record_from_service",
    "record_from_snapshot",
    "record_snapshot",
    "BerlinImport",
    "cli",
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
