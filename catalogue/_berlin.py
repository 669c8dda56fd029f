"""Import the published Berlin directory "Hilf mir Berlin" (CSV) as catalogue records.

The file is the city's spreadsheet export: `;`-separated UTF-8 with quoted fields
that may span lines. "0" and "#WERT!" stand for missing values, lists are
comma-separated, opening hours are free text per weekday. The importer keeps
every real service, turns wrong or missing values into missing ones and says so
in German in `problems`; rows that are not services (empty, only "#WERT!") are
listed in `skipped`.

Row numbers ("Zeile N") count records as a spreadsheet shows them: the header is
Zeile 1, the first entry Zeile 2 (a text field with line breaks is still one row).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from catalogue._files import MAX_FILE_BYTES, decode_utf8, read_limited
from catalogue._hours import OpeningRange
from catalogue._problems import CatalogueFormatError, Checker, Problem, file_problem
from catalogue._records import ServiceRecord
from catalogue._validation import validate_record

SOURCE_PREFIX = "berlin-"
CITY = "Berlin"
UNKNOWN_PROVIDER = "Unbekannter Träger"
UNKNOWN_CATEGORY = "Sonstiges"
UNKNOWN_DISTRICT = "unbekannt"
WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
EXPECTED_COLUMNS = (
    "ID",
    "Einrichtung",
    "Prio",
    "Schlagworte",
    "Zielgruppe",
    "Träger",
    "Kategorie",
    "Beratungsmöglichkeiten",
    "Sprachen",
    "Barrierefreiheit",
    "Über uns",
    "Strasse",
    "Hausnummer",
    "Zusatz",
    "PLZ",
    "Bezirk",
    "Telefonnummer",
    "EMail",
    "Website",
    "24 h/7 Tage",
    *WEEKDAYS,
    "Art der Anmeldung",
    "Weitere Öffnungszeiten",
)
# Columns where "0" is the usual "nothing here" and an empty cell is normal.
_OPTIONAL_SILENT = frozenset({"Zusatz", "Prio"})
# Columns where an empty cell is normal, but "0"/"#WERT!" is still reported.
_OPTIONAL = frozenset({"Weitere Öffnungszeiten"})
_MISSING_MARKERS = frozenset({"", "0", "#WERT!"})
_SPREADSHEET_ERROR = "#WERT!"
_PUBLIC_PROVIDER_WORDS = ("Bezirksamt", "Senatsverwaltung", "Sozialamt")
_CATEGORY_PREFIX = "IGPP Handlungsfeld "
# Lengths of the database columns (see _models.py).
_LIMITS = {"name": 300, "provider": 300, "category": 120, "district": 120, "street": 200, "postal_code": 10}
_LIMITS |= {"phone": 60, "email": 200, "website": 300, "accessibility": 300, "hours_note": 300}

_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")
_ESCAPED_UNICODE = re.compile(r"\\u([0-9a-fA-F]{4})")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_TIME = r"(\d{1,2})(?:[:.](\d{2}))?\s*(?:Uhr|h)?"
_RANGE = re.compile(rf"^{_TIME}\s*(?:-|–|—|bis)\s*{_TIME}$", re.IGNORECASE)
_RANGE_SEPARATORS = re.compile(r"\s*(?:[;,/]|\bund\b)\s*", re.IGNORECASE)


@dataclass
class BerlinImport:
    """What was read from the Berlin CSV."""

    records: list[ServiceRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # rows that are not services, in German
    problems: list[str] = field(default_factory=list)  # values turned into missing ones, in German


def clean_text(value: str) -> str:
    """Repair the text artefacts of the export and strip it.

    Decodes escaped unicode ("Au\\u00dferhalb" → "Außerhalb"), turns Windows-1252
    characters that were read as control characters ("\\x84Biber\\x93") into the
    intended quotes and dashes, and normalizes to NFC.
    """
    text = _ESCAPED_UNICODE.sub(lambda m: chr(int(m.group(1), 16)), value)
    # Escaped surrogate pairs become one character; a lone surrogate becomes U+FFFD.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = _C1_CONTROLS.sub(_from_cp1252, text)
    return unicodedata.normalize("NFC", text).strip()


def _from_cp1252(match: re.Match[str]) -> str:
    try:
        return match.group(0).encode("latin-1").decode("cp1252")
    except UnicodeDecodeError:
        return ""


def one_line(value: str) -> str:
    """Collapse line breaks and runs of whitespace into single spaces."""
    return " ".join(clean_text(value).split())


def split_list(value: str) -> list[str]:
    """Split a comma list, but not at commas inside parentheses.

    "Vor Ort, Außerhalb der Einrichtung (z.B. Wohnung, Straße)" gives two items.
    Empty items and repeats are dropped; the order is kept.
    """
    items: list[str] = []
    depth = 0
    current: list[str] = []
    for char in one_line(value):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char == "," and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    result: list[str] = []
    for item in (i.strip() for i in items):
        if item and item not in _MISSING_MARKERS and item not in result:
            result.append(item)
    return result


def _minutes(hours: str, minutes: str | None) -> int | None:
    h, m = int(hours), int(minutes or 0)
    if h > 24 or m > 59 or (h == 24 and m):
        return None
    return h * 60 + m


def _hhmm(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


def parse_day(text: str, weekday: int) -> list[OpeningRange] | None:
    """Parse one weekday cell into ranges; None when the text is not understood.

    "Geschlossen" gives no range, "24 Stunden geöffnet" 00:00–24:00. Ranges may be
    written "10:00 - 15:00", "9.00 - 12 Uhr" or "9 bis 12", several separated by
    ",", ";" or "und". A range past midnight ("20:00 - 02:00") ends at 24:00 and
    continues on the next day; "16:00 - 00:00" ends at midnight.
    """
    value = one_line(text)
    lowered = value.lower().rstrip(".")
    if lowered == "geschlossen":
        return []
    if lowered in ("24 stunden geöffnet", "24 stunden", "24 h", "rund um die uhr"):
        return [OpeningRange(weekday, "00:00", "24:00")]
    parts = [p for p in _RANGE_SEPARATORS.split(value) if p]
    if not parts:
        return None
    ranges: list[OpeningRange] = []
    for part in parts:
        match = _RANGE.match(part.strip())
        if not match:
            return None
        opens, closes = _minutes(match[1], match[2]), _minutes(match[3], match[4])
        if opens is None or closes is None or opens == 24 * 60:
            return None
        if closes == 0:
            closes = 24 * 60
        if closes == opens:
            return None
        if closes > opens:
            ranges.append(OpeningRange(weekday, _hhmm(opens), _hhmm(closes)))
        else:
            ranges.append(OpeningRange(weekday, _hhmm(opens), "24:00"))
            ranges.append(OpeningRange((weekday + 1) % 7, "00:00", _hhmm(closes)))
    return ranges


def merge_ranges(ranges: list[OpeningRange]) -> list[OpeningRange]:
    """Merge overlapping or touching ranges of the same weekday (one row per start time)."""
    merged: list[OpeningRange] = []
    for r in sorted(ranges):
        last = merged[-1] if merged else None
        if last and last.weekday == r.weekday and r.opens <= last.closes:
            merged[-1] = OpeningRange(last.weekday, last.opens, max(last.closes, r.closes))
        else:
            merged.append(r)
    return merged


class _Row:
    """One data row: reads cells and reports missing or wrong values."""

    def __init__(self, cells: dict[str, str], number: int, problems: list[str]):
        self.cells = cells
        self.number = number
        self.problems = problems
        self.label = "ohne ID"

    def report(self, column: str, message: str) -> None:
        self.problems.append(f"Zeile {self.number} (ID {self.label}), Feld „{column}“: {message}")

    def get(self, column: str) -> str | None:
        """Return the cleaned cell, or None when it is missing ("", "0", "#WERT!")."""
        raw = self.cells.get(column, "")
        value = clean_text(raw)
        if value not in _MISSING_MARKERS:
            return value
        if column in _OPTIONAL_SILENT or (column in _OPTIONAL and not value):
            return None
        shown = f"„{value}“" if value else "leer"
        self.report(column, f"Wert fehlt ({shown}), als fehlend übernommen.")
        return None

    def fit(self, column: str, value: str | None, limit: int) -> str | None:
        """Shorten a value that does not fit its database column, and say so."""
        if value is None or len(value) <= limit:
            return value
        cut = value[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–")
        self.report(column, f"Text ist länger als {limit} Zeichen und wurde gekürzt.")
        return cut + "…"


def _decode(path: Path) -> str:
    text = decode_utf8(path.name, read_limited(path, MAX_FILE_BYTES))
    if text.lstrip().startswith("<"):
        raise file_problem(path.name, "Datei ist eine HTML/XML-Seite, keine CSV-Tabelle.")
    return text


def _check_header(name: str, header: list[str]) -> list[str]:
    columns = [clean_text(c) for c in header]
    missing = [c for c in EXPECTED_COLUMNS if c not in columns]
    if missing:
        hint = " Erwartet wird eine mit „;“ getrennte Tabelle." if len(columns) < 3 else ""
        raise file_problem(name, f"Kopfzeile unvollständig, es fehlen die Spalten {', '.join(missing)}.{hint}")
    duplicates = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicates:
        raise file_problem(name, f"Spalten doppelt in der Kopfzeile: {', '.join(duplicates)}.")
    return columns


def _provider_type(provider: str) -> str:
    return "Sozialamt" if any(word in provider for word in _PUBLIC_PROVIDER_WORDS) else "freier Träger"


def _sentence(text: str) -> str:
    text = text.strip().rstrip(":").strip()
    return text if not text or text[-1] in ".!?" else text + "."


def _paragraphs(text: str | None) -> str:
    if not text:
        return ""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _hours(row: _Row) -> tuple[list[OpeningRange], bool]:
    flag = row.get("24 h/7 Tage")
    always_open = False
    if flag is not None:
        if flag.lower() == "ja":
            always_open = True
        elif flag.lower() != "nein":
            row.report("24 h/7 Tage", f"„{flag}“ ist weder „ja“ noch „nein“; als „nein“ übernommen.")
    ranges: list[OpeningRange] = []
    for weekday, column in enumerate(WEEKDAYS):
        value = row.get(column)
        if value is None:
            continue
        parsed = parse_day(value, weekday)
        if parsed is None:
            row.report(column, f"Öffnungszeit „{value}“ nicht verstanden; für {column} keine Zeit übernommen.")
            continue
        ranges.extend(parsed)
    if always_open:
        return [], True
    return merge_ranges(ranges), False


def _email(row: _Row) -> str | None:
    value = row.get("EMail")
    if value is None:
        return None
    candidates = [c for c in re.split(r"[\s;,]+", value) if c]
    valid = [c for c in candidates if _EMAIL.match(c)]
    if not valid:
        row.report("EMail", f"„{value}“ ist keine gültige E-Mail-Adresse; als fehlend übernommen.")
        return None
    if len(candidates) > 1:
        dropped = ", ".join(c for c in candidates if c != valid[0])
        row.report("EMail", f"mehrere Adressen; „{valid[0]}“ übernommen, weggelassen: {dropped}.")
    return valid[0]


def _website(row: _Row) -> str | None:
    value = row.get("Website")
    if value is None:
        return None
    repaired = re.sub(r"^h+t+p+(s?)://", r"http\1://", value, flags=re.IGNORECASE)
    if repaired != value:
        row.report("Website", f"Tippfehler im Protokoll korrigiert: „{value}“ → „{repaired}“.")
    if " " in repaired or "." not in repaired:
        row.report("Website", f"„{value}“ ist keine Webadresse; als fehlend übernommen.")
        return None
    if not re.match(r"^https?://", repaired, re.IGNORECASE):
        repaired = "https://" + repaired
    return repaired


def _phone(row: _Row) -> tuple[str | None, str | None]:
    """Return the phone numbers and, when the cell also holds remarks, the full cell text."""
    value = row.get("Telefonnummer")
    if value is None:
        return None, None
    if not any(ch.isdigit() for ch in value):
        row.report("Telefonnummer", f"„{value}“ ist keine Telefonnummer; als fehlend übernommen.")
        return None, None
    numbers_only = re.sub(r"\s*\([^)]*\)", "", value)
    numbers = [n for n in (p.strip() for p in numbers_only.split(",")) if n]
    remark = value if numbers_only != value else None
    return row.fit("Telefonnummer", ", ".join(numbers), _LIMITS["phone"]), remark


def _record(row: _Row, external_id: str) -> ServiceRecord:
    name = one_line(row.get("Einrichtung") or "")
    provider = row.get("Träger")
    provider = one_line(provider) if provider else UNKNOWN_PROVIDER
    if provider == UNKNOWN_PROVIDER:
        row.report("Träger", f"fehlt; als „{UNKNOWN_PROVIDER}“ übernommen.")
    category = row.get("Kategorie")
    category = one_line(category).removeprefix(_CATEGORY_PREFIX).strip() if category else UNKNOWN_CATEGORY
    district = one_line(row.get("Bezirk") or "") or UNKNOWN_DISTRICT

    street = one_line(row.get("Strasse") or "")
    number, extra = row.get("Hausnummer"), row.get("Zusatz")
    street = " ".join(p for p in (street, number and one_line(number)) if p)
    if extra:
        street = f"{street}, {one_line(extra)}" if street else one_line(extra)
    postal_code = row.get("PLZ")
    if postal_code and not re.fullmatch(r"\d{5}", postal_code):
        row.report("PLZ", f"„{postal_code}“ ist keine fünfstellige Postleitzahl; als fehlend übernommen.")
        postal_code = None

    accessibility = row.get("Barrierefreiheit")
    modes = split_list(row.get("Beratungsmöglichkeiten") or "")
    description = _paragraphs(row.get("Über uns"))
    if modes:
        description = f"{description}\n\nBeratungsmöglichkeiten: {'; '.join(modes)}.".strip()

    note_parts = [
        _sentence(one_line(p)) for p in (row.get("Art der Anmeldung"), row.get("Weitere Öffnungszeiten")) if p
    ]
    hours_note = " ".join(p for p in note_parts if p) or None
    if hours_note and len(hours_note) > _LIMITS["hours_note"]:
        # Keep the full text where there is room for it, then shorten the note.
        description = f"{description}\n\nAnmeldung und Öffnungszeiten: {hours_note}".strip()
        hours_note = row.fit("Art der Anmeldung/Weitere Öffnungszeiten", hours_note, _LIMITS["hours_note"])
        row.problems[-1] += " Der volle Text steht in der Beschreibung."
    hours, always_open = _hours(row)
    phone, phone_remark = _phone(row)
    if phone_remark:
        description = f"{description}\n\nTelefon: {phone_remark}".strip()

    return ServiceRecord(
        external_id=external_id,
        name=row.fit("Einrichtung", name, _LIMITS["name"]) or name,
        provider_name=row.fit("Träger", provider, _LIMITS["provider"]) or provider,
        provider_type=_provider_type(provider),
        category=row.fit("Kategorie", category, _LIMITS["category"]) or category,
        district=row.fit("Bezirk", district, _LIMITS["district"]) or district,
        street=row.fit("Strasse", street, _LIMITS["street"]) or "",
        postal_code=postal_code or "",
        city=CITY,
        description=description,
        keywords=split_list(row.get("Schlagworte") or ""),
        target_groups=split_list(row.get("Zielgruppe") or ""),
        phone=phone,
        email=_email(row),
        website=row.fit("Website", _website(row), _LIMITS["website"]),
        free=True,
        fee=None,
        languages=split_list(row.get("Sprachen") or ""),
        accessibility=row.fit("Barrierefreiheit", one_line(accessibility), _LIMITS["accessibility"])
        if accessibility
        else None,
        hours_note=hours_note,
        always_open=always_open,
        hours=hours,
    )


def read_berlin_csv(path: Path) -> BerlinImport:
    """Read the "Hilf mir Berlin" CSV; raise CatalogueFormatError when it is not that file at all."""
    text = _decode(path)
    result = BerlinImport()
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"', strict=False)
        header = next(reader, None)
        if not header:
            raise file_problem(path.name, "Datei ist leer.")
        columns = _check_header(path.name, header)
        rows = list(reader)
    except csv.Error as error:
        raise file_problem(path.name, f"keine gültige CSV-Datei ({error}).") from error

    seen: dict[str, int] = {}
    errors: list[Problem] = []
    for number, cells in enumerate(rows, start=2):
        values = [clean_text(c) for c in cells]
        if not any(values):
            result.skipped.append(f"Zeile {number}: leere Zeile, übersprungen.")
            continue
        if all(v in ("", _SPREADSHEET_ERROR) for v in values):
            result.skipped.append(f"Zeile {number}: enthält nur „#WERT!“ (Tabellenfehler), kein Angebot, übersprungen.")
            continue
        row = _Row(dict(zip(columns, cells, strict=False)), number, result.problems)
        raw_id = one_line(cells[columns.index("ID")]) if len(cells) > columns.index("ID") else ""
        row.label = raw_id if raw_id not in _MISSING_MARKERS else "fehlt"
        if len(cells) != len(columns):
            row.report("-", f"{len(cells)} statt {len(columns)} Spalten; fehlende Zellen leer, überzählige ignoriert.")
        if one_line(row.cells.get("Einrichtung", "")) in _MISSING_MARKERS:
            result.skipped.append(f"Zeile {number} (ID {row.label}): kein Name der Einrichtung, übersprungen.")
            continue

        source_id = row.get("ID")
        derived = f"{SOURCE_PREFIX}zeile-{number}"
        if source_id is None:
            external_id = derived
            row.problems[-1] = row.problems[-1].rstrip(".") + f"; stattdessen „{derived}“ verwendet."
        else:
            slug = re.sub(r"[^a-z0-9-]+", "-", source_id.lower()).strip("-")
            external_id = SOURCE_PREFIX + slug if slug else derived
            if external_id in seen:
                row.report("ID", f"„{source_id}“ kommt schon in Zeile {seen[external_id]} vor; „{derived}“ verwendet.")
                external_id = derived
        seen.setdefault(external_id, number)
        record = _record(row, external_id)
        before = len(errors)
        validate_record(record, Checker(errors, f"{path.name}, Zeile {number} (ID {row.label})"))
        if len(errors) == before:
            result.records.append(record)
    if errors:
        raise CatalogueFormatError(errors)
    return result
