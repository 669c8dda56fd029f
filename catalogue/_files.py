"""Read import files without letting them hurt: size checked before reading, bounded nesting, no YAML aliases."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import yaml

from catalogue._problems import file_problem

MAX_FILE_BYTES = 5 * 1024 * 1024  # YAML file, Berlin CSV
MAX_JSON_BYTES = 100 * 1024 * 1024  # an HSDS export of a large city
MAX_DEPTH = 40  # HSDS services nest about 8 levels deep


def read_limited(path: Path, limit: int) -> bytes:
    """Return the bytes of a regular file of at most `limit` bytes; the size is checked before reading."""
    name = path.name
    try:
        info = path.stat()
    except OSError as error:
        raise file_problem(name, f"Datei lässt sich nicht lesen ({error.strerror}).") from error
    if not stat.S_ISREG(info.st_mode):
        raise file_problem(name, "ist keine gewöhnliche Datei (sondern ein Gerät, eine Pipe oder ein Ordner).")
    if info.st_size > limit:
        raise file_problem(name, f"Datei ist größer als {limit // 1024 // 1024} MB.")
    try:
        with path.open("rb") as file:
            # The file may grow between stat and read: never read more than allowed.
            raw = file.read(limit + 1)
    except OSError as error:
        raise file_problem(name, f"Datei lässt sich nicht lesen ({error.strerror}).") from error
    if len(raw) > limit:
        raise file_problem(name, f"Datei ist größer als {limit // 1024 // 1024} MB.")
    return raw


def decode_utf8(name: str, raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM); refuse other encodings, NUL bytes and lone surrogates."""
    if not raw.strip():
        raise file_problem(name, "Datei ist leer.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise file_problem(
            name,
            f"Datei ist nicht UTF-8-kodiert (ungültiges Byte an Position {error.start}). Bitte als UTF-8 speichern.",
        ) from error
    if "\x00" in text:
        raise file_problem(name, "Datei enthält Nullbytes; keine Textdatei.")
    return text


def _too_deep(value: Any) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def parse_json(name: str, text: str) -> Any:
    """Parse JSON with bounded nesting; NaN and Infinity are refused like any invalid JSON."""

    def refuse_constant(token: str) -> Any:
        raise ValueError(token)

    try:
        data = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as error:
        raise file_problem(name, f"kein gültiges JSON (Zeile {error.lineno}, Spalte {error.colno}).") from error
    except ValueError as error:
        raise file_problem(name, f"kein gültiges JSON ({error} ist keine Zahl).") from error
    except RecursionError as error:
        raise file_problem(name, f"JSON ist tiefer als {MAX_DEPTH} Ebenen verschachtelt.") from error
    if _too_deep(data):
        raise file_problem(name, f"JSON ist tiefer als {MAX_DEPTH} Ebenen verschachtelt.")
    return data


class _AliasRefused(yaml.YAMLError):
    pass


class _TooDeep(yaml.YAMLError):
    pass


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader without aliases (no "billion laughs") and with bounded nesting."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(yaml.AliasEvent):
            raise _AliasRefused()
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep()
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


# Dates stay text here and are checked field by field (2026-02-30 gets a message at its field).
_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def parse_yaml(name: str, text: str) -> Any:
    """Parse YAML safely: no aliases or anchors' reuse, nesting of at most MAX_DEPTH levels."""
    try:
        loader = _SafeLoader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except _AliasRefused as error:
        raise file_problem(name, "enthält YAML-Verweise (*alias); bitte jeden Wert ausschreiben.") from error
    except (_TooDeep, RecursionError) as error:
        raise file_problem(name, f"YAML ist tiefer als {MAX_DEPTH} Ebenen verschachtelt.") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" (Zeile {mark.line + 1})" if mark else ""
        raise file_problem(name, f"kein gültiges YAML{line}.") from error
    except ValueError as error:  # a value the YAML constructor cannot build
        raise file_problem(name, "kein gültiges YAML (ein Wert lässt sich nicht lesen).") from error
