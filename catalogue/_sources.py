"""One entry point for every kind of import file: detect the format, read and check it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from catalogue._berlin import read_berlin_csv
from catalogue._hsds import read_hsds
from catalogue._problems import file_problem
from catalogue._records import ServiceRecord
from catalogue._yaml import read_catalogue

FORMATS = ("yaml", "hsds", "berlin")


@dataclass
class SourceRead:
    """The checked records of a file, and the rows it skipped or repaired (German notes)."""

    kind: str
    records: list[ServiceRecord]
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def detect_format(source: Path) -> str | None:
    """Tell the format from the path: a folder or .yml is YAML, .json HSDS, .csv the Berlin directory."""
    if source.is_dir() or source.suffix.lower() in (".yml", ".yaml"):
        return "yaml"
    return {".json": "hsds", ".csv": "berlin"}.get(source.suffix.lower())


def read_source(source: Path, kind: str | None = None) -> SourceRead:
    """Read and check a source; raise CatalogueFormatError (nothing read) on any problem."""
    kind = kind or detect_format(source)
    if kind == "yaml":
        return SourceRead(kind, read_catalogue(source))
    if kind == "hsds":
        return SourceRead(kind, read_hsds(source))
    if kind == "berlin":
        berlin = read_berlin_csv(source)
        return SourceRead(kind, berlin.records, berlin.skipped, berlin.problems)
    raise file_problem(source.name, f"Format nicht erkennbar: --format {'|'.join(FORMATS)} angeben.")
