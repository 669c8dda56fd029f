"""Hostile and broken import files for the catalogue's `import` command.

`generate(folder)` writes, deterministically (seeded random), several hundred
files of the three import formats: a folder of YAML files, an HSDS 3.0 JSON
file and the Berlin CSV. Each is either something a careless export, an editor's
typo or an attacker could produce. Every one of them must end in a correct
import (exit code 0) or a German refusal (exit code 1) that changes nothing;
`expect="refuse"` marks the files that must be refused.

The YAML files are altstadt.yml of the demo catalogue, broken; the HSDS files
an export of the demo's first (Altstadt) entries; the CSV files the published
Berlin directory. They are meant to be imported over the source they came from,
`SOURCES[kind]`, so that they reach the code that updates and deactivates
existing entries. For kind "yaml" the path is a folder of YAML files; for "hsds"
and "berlin" it is the file itself.
"""

from __future__ import annotations

import copy
import csv
import gzip
import io
import json
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from catalogue import cli

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "catalogue" / "demo"
BERLIN_CSV = ROOT.parent / "shared" / "datasets" / "berlin-hilf-mir" / "hilf-mir-berlin.csv"
SEED = 20260501
# The source each kind of file is imported as: the Altstadt entries of the demo, the Berlin directory.
SOURCES = {"yaml": "altstadt", "hsds": "altstadt", "berlin": "berlin"}


@dataclass(frozen=True)
class HostileFile:
    """One generated import source and what the importer must do with it."""

    name: str  # unique, usable as a pytest id
    path: Path  # a file (hsds, berlin) or a folder of YAML files (yaml)
    kind: str  # "yaml" | "hsds" | "berlin"
    expect: str  # "refuse" | "either"
    why: str


class _Writer:
    """Writes the files and collects their descriptions."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: list[HostileFile] = []
        self.names: set[str] = set()
        for kind in ("yaml", "hsds", "berlin"):
            (folder / kind).mkdir(parents=True, exist_ok=True)

    def _register(self, name: str, path: Path, kind: str, expect: str, why: str) -> None:
        assert name not in self.names, name
        assert expect in ("refuse", "either"), expect
        self.names.add(name)
        self.files.append(HostileFile(name, path, kind, expect, why))

    def yaml(self, name: str, content: str | bytes | dict[str, str | bytes], expect: str, why: str) -> Path:
        """A folder holding `katalog.yml` (or the named files of a dict)."""
        target = self.folder / "yaml" / name
        target.mkdir()
        files = content if isinstance(content, dict) else {"katalog.yml": content}
        for filename, data in files.items():
            raw = data.encode("utf-8") if isinstance(data, str) else data
            (target / filename).write_bytes(raw)
        self._register(f"yaml-{name}", target, "yaml", expect, why)
        return target

    def hsds(self, name: str, content: str | bytes, expect: str, why: str) -> Path:
        target = self.folder / "hsds" / f"{name}.json"
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        self._register(f"hsds-{name}", target, "hsds", expect, why)
        return target

    def berlin(self, name: str, content: str | bytes, expect: str, why: str) -> Path:
        target = self.folder / "berlin" / f"{name}.csv"
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        self._register(f"berlin-{name}", target, "berlin", expect, why)
        return target

    def symlink(self, kind: str, name: str, to: str, expect: str, why: str) -> Path:
        if kind == "yaml":
            target = self.folder / "yaml" / name
            target.mkdir()
            (target / "katalog.yml").symlink_to(to)
        else:
            target = self.folder / kind / f"{name}.{'json' if kind == 'hsds' else 'csv'}"
            target.symlink_to(to)
        self._register(f"{kind}-{name}", target, kind, expect, why)
        return target


# --- the valid bases ------------------------------------------------------------


def _hsds_export(work: Path) -> dict[str, Any]:
    """Export the demo catalogue as HSDS 3.0 through the command line."""
    work.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{work / 'export.sqlite3'}"
    runner = CliRunner()
    result = runner.invoke(cli, ["load", str(DEMO), "--database-url", url])
    assert result.exit_code == 0, result.output
    target = work / "demo-export.json"
    result = runner.invoke(cli, ["export", str(target), "--database-url", url])
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text(encoding="utf-8"))


def _dump(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=";", quotechar='"', lineterminator="\n").writerows(rows)
    return out.getvalue()


# --- mutations ------------------------------------------------------------------

_ALPHABETS = {
    "yaml": ":{}[],&*!|>'\"#%@`-? \n\t0123456789ax",
    "hsds": '{}[],:"\\ 0123456789-.eEtfnul\n',
    "berlin": ';";\n\r, 0#WERT!-:x',
}


def _flip(data: bytes, rng: random.Random, kind: str) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        pos = rng.randrange(len(out))
        roll = rng.random()
        if roll < 0.2:
            out[pos] ^= 1 << rng.randrange(8)  # a bit flip
        elif roll < 0.3:
            out[pos] = rng.randrange(256)  # any byte
        else:
            out[pos] = ord(rng.choice(_ALPHABETS[kind]))  # a structural character
    return bytes(out)


def _delete_lines(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 5)):
        if len(lines) > 1:
            del lines[rng.randrange(len(lines))]
    return "".join(lines)


def _cut_points(size: int, count: int, rng: random.Random) -> list[int]:
    even = [size * i // (count // 2 + 1) for i in range(1, count // 2 + 1)]
    spread = sorted(rng.sample(range(1, size - 1), count - len(even)))
    return sorted(set(even + spread + [1, 2, size - 2]))


# --- YAML -------------------------------------------------------------------------


def _alias_bomb(depth: int, width: int = 10) -> str:
    """The "billion laughs": `width ** depth` strings from a few hundred bytes."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, depth):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def _first_entry_bounds(text: str) -> tuple[int, int]:
    start = text.index("\n  - id:")
    end = text.find("\n  - id:", start + 1)
    return start, len(text) if end < 0 else end


def _set_field(text: str, key: str, value: str) -> str:
    """`text` with the first entry's field `key` (with its indented continuation lines) set to `value`.

    `value` is the YAML after "key:"; the field is added after the entry's id when it has none.
    """
    start, end = _first_entry_bounds(text)
    lines = text[start:end].split("\n")  # "", "  - id: …", "    name: …", …
    out: list[str] = []
    i, found = 0, False
    while i < len(lines):
        if lines[i].startswith(f"    {key}:"):
            i += 1
            while i < len(lines) and lines[i].startswith("     "):
                i += 1  # the field's continuation lines
            out.append(f"    {key}: {value}")
            found = True
            continue
        out.append(lines[i])
        i += 1
    if not found:
        out.insert(2, f"    {key}: {value}")
    return text[:start] + "\n".join(out) + text[end:]


def _insert_lines(text: str, lines: str) -> str:
    """`text` with raw `lines` (indented 4) added after the first entry's id."""
    start, _ = _first_entry_bounds(text)
    id_end = text.index("\n", start + 1)
    return text[: id_end + 1] + lines.rstrip("\n") + "\n" + text[id_end + 1 :]


def _yaml_cases(w: _Writer, rng: random.Random) -> None:
    altstadt = (DEMO / "altstadt.yml").read_text(encoding="utf-8")
    first_entry = altstadt.split("\n\n  - id:")[0] + "\n"  # header comment, "services:" and the first entry
    raw = altstadt.encode("utf-8")

    def with_field(key: str, value: str) -> str:
        return _set_field(altstadt, key, value)

    # Truncations at many cut points.
    for cut in _cut_points(len(raw), 32, rng):
        w.yaml(f"truncated-{cut}", raw[:cut], "either", f"altstadt.yml cut after {cut} of {len(raw)} bytes")

    # Empty, whitespace, garbage, encodings.
    w.yaml("empty", b"", "refuse", "an empty file holds no entries")
    w.yaml("whitespace", b"  \n\t\n   \r\n", "refuse", "only whitespace")
    w.yaml("comment-only", "# nur ein Kommentar\n", "refuse", "only a comment")
    w.yaml("services-key-only", "services:\n", "refuse", "services: is null")
    for n in range(3):
        w.yaml(f"binary-garbage-{n}", rng.randbytes(4096), "refuse", "random bytes")
    w.yaml("gzip", gzip.compress(raw, mtime=0), "refuse", "a gzip archive")
    w.yaml("utf16", altstadt.encode("utf-16"), "either", "UTF-16 with BOM")
    w.yaml("utf16-le-no-bom", altstadt.encode("utf-16-le"), "either", "UTF-16 without BOM")
    w.yaml("latin1", altstadt.encode("latin-1", errors="replace"), "either", "Latin-1 instead of UTF-8")
    w.yaml("bom", b"\xef\xbb\xbf" + raw, "either", "UTF-8 with BOM")
    w.yaml("nul-bytes", raw.replace(b"Rathausplatz", b"Rathaus\x00platz", 1), "refuse", "a raw NUL byte")
    w.yaml("escaped-nul", with_field("name", '"Sozial\\0zentrum"'), "either", "a NUL from a YAML escape")
    w.yaml("escaped-surrogate", with_field("name", '"Sozial\\ud800zentrum"'), "either", "a lone surrogate (escape)")
    raw_surrogate = with_field("name", "Sozial\ud800zentrum").encode("utf-8", errors="surrogatepass")
    w.yaml("raw-surrogate", raw_surrogate, "refuse", "a lone surrogate written raw: not UTF-8")
    w.yaml("c1-controls", with_field("name", '"Sozial\\x85zentrum\\x9b"'), "either", "C1 control characters")

    # Nesting and alias bombs.
    deep = "[" * 50_000 + "]" * 50_000
    w.yaml("nested-flow-lists", "services: " + deep + "\n", "refuse", "50,000 [ deep")
    w.yaml("nested-flow-maps", "services: [" + "{a: " * 50_000 + "1" + "}" * 50_000 + "]\n", "refuse", "deep maps")
    w.yaml("nested-in-description", with_field("description", deep), "refuse", "50,000 [ deep in a field")
    w.yaml("nested-top-level", deep + "\n", "refuse", "50,000 [ deep, top level")
    w.yaml("nested-block", "services:\n" + "".join(" " * n + "- \n" for n in range(0, 2000, 2)), "refuse", "deep")
    bomb = _alias_bomb(9)
    w.yaml("alias-bomb-unused", bomb + altstadt, "refuse", "billion laughs (10^9) in an unused top-level key")
    w.yaml("alias-bomb-depth8-unused", _alias_bomb(8) + altstadt, "refuse", "10^8 laughs, unused")
    w.yaml("alias-bomb-name", bomb + with_field("name", "*l8"), "refuse", "billion laughs as the name")
    w.yaml("alias-bomb-description", bomb + with_field("description", "*l8"), "refuse", "billion laughs, text")
    w.yaml("alias-bomb-keywords", bomb + with_field("keywords", "*l8"), "refuse", "billion laughs as keywords")
    w.yaml("alias-bomb-unknown-field", bomb + with_field("extra", "*l8"), "refuse", "billion laughs, unknown field")
    merge = "base: &b {" + ", ".join(f"k{i}: *l8" for i in range(3)) + "}\n"
    w.yaml("alias-bomb-merge-key", bomb + merge + _insert_lines(altstadt, "    <<: *b"), "refuse", "merge key")
    w.yaml("alias-recursive", with_field("name", "&n [*n]"), "refuse", "a list that contains itself as the name")
    w.yaml("alias-harmless", with_field("keywords", "&k [Schulden]"), "either", "an anchor without an alias")

    # Dates.
    w.yaml("assured-month-13", with_field("assured_date", "2026-13-45"), "refuse", "impossible date")
    w.yaml("assured-feb-30", with_field("assured_date", "2026-02-30"), "refuse", "impossible date")
    w.yaml("assured-quoted-feb-30", with_field("assured_date", '"2026-02-30"'), "refuse", "impossible date, text")
    w.yaml("assured-hour-25", with_field("assured_date", "2026-01-01 25:00:00"), "refuse", "impossible time")
    w.yaml("assured-datetime", with_field("assured_date", "2026-01-01 10:00:00"), "either", "date-time as date")
    w.yaml("assured-list", with_field("assured_date", "[2026-01-01]"), "refuse", "a list as date")
    w.yaml("assured-year-0", with_field("assured_date", "0000-01-01"), "refuse", "year 0")
    w.yaml("checked-old-name", with_field("checked", "2026-13-45"), "refuse", "the old field name, bad date")
    closure = "\n      - {{from: {a}, to: {b}}}"
    w.yaml("closure-month-13", with_field("closures", closure.format(a="2026-13-45", b="2026-12-31")), "refuse", "")
    w.yaml("closure-feb-30", with_field("closures", closure.format(a="2026-02-01", b="2026-02-30")), "refuse", "")
    mixed = closure.format(a="2026-12-24", b="2027-01-01 10:00:00")
    w.yaml("closure-date-then-datetime", with_field("closures", mixed), "either", "a closure mixing date and date-time")
    mixed = closure.format(a="2026-12-24 10:00:00", b="2027-01-01")
    w.yaml("closure-datetime-then-date", with_field("closures", mixed), "either", "mixing date-time and date")
    reversed_ = closure.format(a="2026-12-24", b="2026-12-01")
    w.yaml("closure-to-before-from", with_field("closures", reversed_), "refuse", "to before from")
    w.yaml("closure-year-9999", with_field("closures", closure.format(a="2026-12-24", b="9999-12-31")), "either", "")
    w.yaml("closure-as-text", with_field("closures", "Betriebsferien"), "refuse", "text instead of a list")
    w.yaml("closure-item-list", with_field("closures", "[[2026-12-24, 2026-12-31]]"), "refuse", "a list as item")
    many = "".join(f"\n      - {{from: 2027-01-{d:02d}}}" for d in range(1, 29)) * 40
    w.yaml("closures-1120", with_field("closures", many), "either", "1,120 closures")

    # Text where a list or map belongs and the other way round.
    w.yaml("name-list", with_field("name", "[1, 2]"), "refuse", "a list as name")
    w.yaml("name-map", with_field("name", "{a: 1}"), "refuse", "a map as name")
    w.yaml("name-number", with_field("name", "12345"), "either", "a number as name")
    w.yaml("name-bool", with_field("name", "yes"), "refuse", "YAML 1.1 boolean as name")
    w.yaml("name-null", with_field("name", "~"), "refuse", "null as name")
    w.yaml("name-binary", with_field("name", "!!binary aGFsbG8="), "refuse", "bytes as name")
    w.yaml("name-float-nan", with_field("name", ".nan"), "refuse", "NaN as name")
    w.yaml("description-map", with_field("description", "{x: 1}"), "refuse", "a map as description")
    w.yaml("description-binary", with_field("description", "!!binary aGFsbG8="), "refuse", "bytes as description")
    w.yaml("street-list", altstadt.replace("      street: Rathausplatz 3\n", "      street: [Rathausplatz, 3]\n", 1),
           "refuse", "a list as street")  # fmt: skip
    w.yaml("address-text", with_field("address", "Rathausplatz 3, 01101 Musterstadt"), "refuse", "text address")
    w.yaml("phone-list", with_field("phone", "[1, 2]"), "refuse", "a list as phone")
    w.yaml("keywords-map-items", with_field("keywords", "[{a: 1}, [b]]"), "refuse", "maps inside a list of words")
    w.yaml("keywords-text", with_field("keywords", "Schulden"), "refuse", "text where a list belongs")
    w.yaml("keywords-number-items", with_field("keywords", "[1, 2.5, true]"), "either", "numbers as words")
    w.yaml("set-keywords", with_field("keywords", "!!set {Schulden, Miete}"), "refuse", "a set as list")
    w.yaml("hours-map", with_field("hours", "{days: [Mo], opens: '09:00', closes: '12:00'}"), "refuse", "a map")
    w.yaml("hours-days-text", with_field("hours", "\n      - {days: Mo, opens: '09:00', closes: '12:00'}"),
           "refuse", "days as text")  # fmt: skip
    w.yaml("provider-list", with_field("provider", "[Sozialamt Musterstadt]"), "refuse", "a list as provider")
    w.yaml("free-text", with_field("free", '"nein"'), "refuse", "text as free")
    w.yaml("entry-text", "services:\n  - nur Text\n", "refuse", "an entry that is text")
    w.yaml("entry-list", "services:\n  - [a, b]\n", "refuse", "an entry that is a list")
    w.yaml("unhashable-key", _insert_lines(altstadt, "    ? [a, b]\n    : c"), "refuse", "a list as a mapping key")
    w.yaml("python-tag", with_field("alert", '!!python/object/apply:os.system ["true"]'), "refuse", "python tag")
    w.yaml("python-name-tag", with_field("alert", "!!python/name:os.system"), "refuse", "python tag")
    w.yaml("duplicate-key", _insert_lines(altstadt, "    name: Zweiter Name"), "either", "the same key twice")
    w.yaml("unknown-field", with_field("extra", "x"), "refuse", "an unknown field")
    w.yaml("tab-indent", altstadt.replace("    category:", "\tcategory:", 1), "refuse", "a tab as indentation")
    w.yaml("id-uppercase", altstadt.replace("  - id: ms-", "  - id: MS-", 1), "refuse", "id not [a-z0-9-]")
    w.yaml("id-duplicate", altstadt + "\n" + first_entry.split("services:\n", 1)[1], "refuse", "the same id twice")
    w.yaml("id-long", altstadt.replace("  - id: ms-", "  - id: " + "a" * 300 + "-", 1), "refuse", "id over 119")
    w.yaml("id-path", altstadt.replace("  - id: ms-", "  - id: ../../", 1), "refuse", "a path as id")

    # Empty imports.
    empty = "# leer\nservices: []\n"
    w.yaml("services-empty-everywhere", {"a.yml": empty, "b.yml": empty, "c.yaml": empty}, "refuse", "no entries")
    w.yaml("services-empty-one-file", empty, "refuse", "no entries")
    w.yaml("services-empty-and-valid", {"a.yml": empty, "b.yml": altstadt}, "either", "one file without entries")
    w.yaml("services-map", "services: {}\n", "refuse", "a map instead of a list")
    w.yaml("services-text", "services: keine\n", "refuse", "text instead of a list")
    w.yaml("top-level-list", "- " + first_entry, "refuse", "a list at the top level")
    w.yaml("no-yml-files", {"katalog.txt": altstadt, "KATALOG.YML": altstadt}, "refuse", "no *.yml")

    # Ages.
    for label, value in (
        ("nan", ".nan"),
        ("inf", ".inf"),
        ("minus-inf", "-.inf"),
        ("negative", "-5"),
        ("huge", "100000000000000000000"),
        ("text", "zehn"),
        ("float", "10.5"),
        ("bool", "true"),
        ("hex", "0x7f"),
    ):
        w.yaml(f"age-{label}", with_field("minimum_age", value), "refuse", f"minimum_age: {value}")
    w.yaml("age-max-nan", with_field("maximum_age", ".nan"), "refuse", "maximum_age: .nan")
    w.yaml("age-min-above-max", with_field("minimum_age", "60\n    maximum_age: 18"), "refuse", "min > max")
    w.yaml("age-old-name", with_field("age", "{min: .nan}"), "refuse", "the old field name with NaN")

    # Size and length.
    w.yaml("name-10mb", with_field("name", "x" * (10 * 1024 * 1024)), "refuse", "a name of 10 MB")
    w.yaml("name-1mb", with_field("name", "x" * (1024 * 1024)), "refuse", "a name of 1 MB (limit 300)")
    w.yaml("name-400", with_field("name", "Sozialzentrum " + "x" * 400), "refuse", "a name over 300 characters")
    w.yaml("long-word", with_field("description", "Donau" * 40_000), "either", "a 200,000-letter word (limit 20,000)")
    w.yaml("long-word-3000", with_field("description", "Donau" * 600), "either", "a 3,000-letter word")
    w.yaml("many-keywords", with_field("keywords", f"[{', '.join(f'k{i}' for i in range(20_000))}]"), "either", "")
    w.yaml("over-5mb-comments", altstadt + ("# " + "k" * 1000 + "\n") * 5300, "refuse", "file over 5 MB")

    # Opening times.
    for label, opens, closes in (
        ("09-60", "09:60", "12:00"),
        ("25-00", "25:00", "26:00"),
        ("9-5", "9:5", "12:00"),
        ("24-01", "24:01", "02:00"),
        ("99-99", "99:99", "12:00"),
        ("arabic-digits", "0٩:00", "12:00"),
        ("fullwidth", "０９:００", "12:00"),
        ("seconds", "09:00:00", "12:00"),
    ):
        hours = f'\n      - {{days: [Mo], opens: "{opens}", closes: "{closes}"}}'
        w.yaml(f"hours-{label}", with_field("hours", hours), "refuse", f"opening time {opens}")
    w.yaml("hours-unquoted-sexagesimal", with_field("hours", "\n      - {days: [Mo], opens: 8:30, closes: 12:00}"),
           "refuse", "8:30 unquoted: a number in YAML 1.1")  # fmt: skip
    twice = "\n      - {days: [Mo, Mo], opens: '09:00', closes: '12:00'}"
    w.yaml("hours-same-day-twice", with_field("hours", twice), "either", "the same day twice in one range")
    same = (
        "\n      - {days: [Di], opens: '14:00', closes: '18:00'}"
        + "\n      - {days: [Di], opens: '14:00', closes: '19:00'}"
    )
    w.yaml("hours-same-start-twice", with_field("hours", same), "either", "two ranges starting at the same time")
    identical = "\n      - {days: [Di], opens: '14:00', closes: '18:00'}" * 2
    w.yaml("hours-identical-twice", with_field("hours", identical), "either", "the same range twice")
    w.yaml("hours-500", with_field("hours", "\n      - {days: [Mo], opens: '09:00', closes: '10:00'}" * 500),
           "either", "500 ranges")  # fmt: skip

    # Links, e-mail, markup.
    for label, url in (
        ("javascript", "javascript:alert(1)"),
        ("javascript-upper", "JaVaScRiPt:alert(document.cookie)"),
        ("data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
        ("http-quote", "'https://x.example/\"><script>alert(1)</script>'"),
        ("vbscript", "vbscript:msgbox(1)"),
        ("newline", '"https://x.example/\\njavascript:alert(1)"'),
    ):
        w.yaml(f"website-{label}", with_field("website", url), "refuse", f"URL {url}")
    for label, value in (
        ("svg", "'\"><svg/onload=alert(1)>@x.example'"),
        ("script", "'<script>alert(1)</script>@x.example'"),
        ("javascript", "'javascript:alert(1)//@x.example'"),
    ):
        w.yaml(f"email-{label}", with_field("email", value), "either", f"e-mail {value}")
    w.yaml("html-name", with_field("name", "'<script>alert(1)</script>Sozialzentrum'"), "either", "script in name")
    w.yaml("html-description", with_field("description", "'<img src=x onerror=alert(1)>'"), "either", "HTML")
    w.yaml("html-alert", with_field("alert", "'<iframe src=javascript:alert(1)>'"), "either", "HTML")
    w.yaml("html-entity-name", with_field("name", "'Sozialzentrum &lt;b&gt; &#xD800;'"), "either", "entities")

    # Files that are not files.
    w.symlink("yaml", "dev-zero", "/dev/zero", "refuse", "a symlink to /dev/zero: endless")
    w.symlink("yaml", "dev-urandom", "/dev/urandom", "refuse", "a symlink to /dev/urandom: endless")
    w.symlink("yaml", "dangling-symlink", "/nonexistent/katalog.yml", "refuse", "a symlink to nothing")
    loop = w.folder / "yaml" / "symlink-loop"
    loop.mkdir()
    (loop / "katalog.yml").symlink_to(loop / "katalog.yml")
    w._register("yaml-symlink-loop", loop, "yaml", "refuse", "a symlink to itself")
    directory = w.folder / "yaml" / "directory-named-yml"
    (directory / "katalog.yml").mkdir(parents=True)
    w._register("yaml-directory-named-yml", directory, "yaml", "refuse", "a folder named katalog.yml")

    # Random byte flips and line deletions.
    for n in range(40):
        w.yaml(f"flip-{n:02d}", _flip(raw, rng, "yaml"), "either", "random byte flips of altstadt.yml")
    for n in range(30):
        w.yaml(f"lines-deleted-{n:02d}", _delete_lines(altstadt, rng), "either", "random lines deleted")


# --- HSDS -------------------------------------------------------------------------


def _hsds_cases(w: _Writer, rng: random.Random, export: dict[str, Any]) -> None:
    full = _dump(export)
    small_doc = dict(export, contents=export["contents"][:4], total_items=4, size=4)
    small = _dump(small_doc)

    def mutated(change: Callable[[dict[str, Any]], None]) -> str:
        document = copy.deepcopy(small_doc)
        change(document["contents"][0])
        return _dump(document)

    def setting(**values: Any) -> str:
        return mutated(lambda service: service.update(values))

    def location(service: dict[str, Any]) -> dict[str, Any]:
        return service["service_at_locations"][0]["location"]

    # Truncations.
    raw = full.encode("utf-8")
    for cut in _cut_points(len(raw), 20, rng):
        w.hsds(f"truncated-{cut}", raw[:cut], "refuse", f"export cut after {cut} of {len(raw)} bytes")
    raw_small = small.encode("utf-8")
    for cut in _cut_points(len(raw_small), 12, rng):
        w.hsds(f"truncated-small-{cut}", raw_small[:cut], "refuse", "short export cut")

    # Empty, whitespace, garbage, encodings.
    w.hsds("empty", b"", "refuse", "empty file")
    w.hsds("whitespace", b" \n\t\r\n ", "refuse", "only whitespace")
    for n in range(3):
        w.hsds(f"binary-garbage-{n}", rng.randbytes(4096), "refuse", "random bytes")
    w.hsds("gzip", gzip.compress(raw_small, mtime=0), "refuse", "a gzip archive")
    w.hsds("html-page", "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "refuse", "an error page")
    w.hsds("utf16", small.encode("utf-16"), "either", "UTF-16 with BOM")
    w.hsds("latin1", small.encode("latin-1", errors="replace"), "either", "Latin-1")
    w.hsds("bom", b"\xef\xbb\xbf" + raw_small, "either", "UTF-8 with BOM")
    w.hsds("nul-raw", raw_small.replace(b'"name"', b'"na\x00me"', 1), "refuse", "a raw NUL byte")
    w.hsds("nul-escaped", setting(name="Sozial\x00zentrum"), "either", "\\u0000 in the name")
    surrogate = setting(name="@@SURROGATE@@").replace("@@SURROGATE@@", "Sozial\\ud800zentrum")
    w.hsds("surrogate-escaped", surrogate, "either", "a lone surrogate \\ud800 in the name")
    surrogate = setting(description="@@SURROGATE@@").replace("@@SURROGATE@@", "\\udfff\\ud800")
    w.hsds("surrogate-escaped-description", surrogate, "either", "lone surrogates in the description")
    raw_surrogate = setting(name="Sozial\ud800zentrum").encode("utf-8", errors="surrogatepass")
    w.hsds("surrogate-raw", raw_surrogate, "refuse", "a raw lone surrogate: not UTF-8")

    # Nesting.
    w.hsds("nested-lists", "[" * 50_000 + "]" * 50_000, "refuse", "50,000 [ deep")
    w.hsds("nested-objects", '{"contents": [' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "]}", "refuse", "deep")
    deep = setting(description="@@DEEP@@").replace('"@@DEEP@@"', "[" * 50_000 + "]" * 50_000)
    w.hsds("nested-in-description", deep, "refuse", "50,000 [ deep inside a service")
    w.hsds("nested-10000", "[" * 10_000 + "]" * 10_000, "refuse", "10,000 [ deep")

    # Top level shapes.
    for label, text in (
        ("null", "null"),
        ("number", "1"),
        ("text", '"contents"'),
        ("true", "true"),
        ("empty-list", "[]"),
        ("empty-object", "{}"),
        ("contents-empty", '{"contents": []}'),
        ("contents-null", '{"contents": null}'),
        ("contents-object", '{"contents": {}}'),
        ("contents-text", '{"contents": "x"}'),
        ("list-of-numbers", "[1, 2, 3]"),
        ("list-of-null", "[null]"),
        ("list-of-lists", "[[]]"),
        ("only-id", '{"id": "x"}'),
        ("id-list", '{"id": []}'),
    ):
        w.hsds(f"top-{label}", text, "refuse", f"top level {text}")

    # Wrong types.
    for label, values in (
        ("status-list", {"status": ["active"]}),
        ("status-dict", {"status": {"a": 1}}),
        ("status-number", {"status": 1}),
        ("status-null", {"status": None}),
        ("name-list", {"name": ["a", "b"]}),
        ("name-dict", {"name": {"de": "Name"}}),
        ("name-number", {"name": 12}),
        ("id-list", {"id": ["x"]}),
        ("schedules-number", {"schedules": 5}),
        ("schedules-text", {"schedules": "Mo 9-12"}),
        ("schedules-dict", {"schedules": {"byday": "MO"}}),
        ("languages-number", {"languages": 5}),
        ("languages-text", {"languages": "Deutsch"}),
        ("attributes-number", {"attributes": 5}),
        ("attributes-text", {"attributes": "Kategorie"}),
        ("organization-text", {"organization": "Diakonie"}),
        ("organization-list", {"organization": [{"name": "Diakonie"}]}),
        ("service-at-locations-text", {"service_at_locations": "Rathausplatz 3"}),
        ("service-at-locations-number", {"service_at_locations": 7}),
        ("phones-number", {"phones": 5}),
        ("phones-text", {"phones": "0123"}),
        ("contacts-number", {"contacts": 5}),
        ("cost-options-number", {"cost_options": 5}),
        ("cost-options-numbers", {"cost_options": [5]}),
        ("required-documents-number", {"required_documents": 5}),
        ("service-areas-number", {"service_areas": 5}),
        ("email-list", {"email": ["a@b.example"]}),
        ("url-number", {"url": 42}),
        ("description-list", {"description": ["a"]}),
        ("alert-dict", {"alert": {"a": 1}}),
    ):
        w.hsds(f"type-{label}", setting(**values), "refuse", f"{values}")

    def location_text(service: dict[str, Any]) -> None:
        service["service_at_locations"][0]["location"] = "Rathausplatz 3, 01101 Musterstadt"

    w.hsds("type-location-text", mutated(location_text), "refuse", "location as text")

    def location_numbers(service: dict[str, Any]) -> None:
        service["service_at_locations"][0]["location"] = [1, 2]

    w.hsds("type-location-list", mutated(location_numbers), "refuse", "location as a list")

    def addresses_text(service: dict[str, Any]) -> None:
        location(service)["addresses"] = "Rathausplatz 3"

    w.hsds("type-addresses-text", mutated(addresses_text), "refuse", "addresses as text")

    def address_list(service: dict[str, Any]) -> None:
        location(service)["addresses"][0]["address_1"] = ["Rathausplatz", "3"]

    w.hsds("type-address-1-list", mutated(address_list), "refuse", "address_1 as a list")

    def accessibility_text(service: dict[str, Any]) -> None:
        location(service)["accessibility"] = "Rollstuhlgerecht"

    w.hsds("type-accessibility-text", mutated(accessibility_text), "either", "accessibility as text")

    def term_name_list(service: dict[str, Any]) -> None:
        for attribute in service["attributes"]:
            attribute["taxonomy_term"]["name"] = ["x"]

    w.hsds("type-term-name-list", mutated(term_name_list), "refuse", "taxonomy term names as lists")

    def taxonomy_term_text(service: dict[str, Any]) -> None:
        for attribute in service["attributes"]:
            attribute["taxonomy_term"] = "Schuldnerberatung"

    w.hsds("type-taxonomy-term-text", mutated(taxonomy_term_text), "refuse", "taxonomy terms as text")

    def kennung_value(value: Any) -> Callable[[dict[str, Any]], None]:
        def change(service: dict[str, Any]) -> None:
            for attribute in service["attributes"]:
                if attribute["taxonomy_term"]["taxonomy"] == "sozialauskunft-kennung":
                    attribute["value"] = value

        return change

    w.hsds("kennung-list", mutated(kennung_value(["a"])), "either", "the external id as a list")
    w.hsds("kennung-long", mutated(kennung_value("k" * 500)), "either", "a 500-letter id (column: 120)")
    w.hsds("kennung-path", mutated(kennung_value("../../etc/passwd")), "either", "a path as id")
    w.hsds("kennung-berlin", mutated(kennung_value("berlin-180")), "either", "takes over a Berlin entry")

    # Ages.
    for label, value in (
        ("nan", float("nan")),
        ("infinity", float("inf")),
        ("minus-infinity", float("-inf")),
        ("1e20", 1e20),
        ("big-int", 10**30),
        ("negative", -5),
        ("text", "zehn"),
        ("121", 121),
    ):
        w.hsds(f"age-min-{label}", setting(minimum_age=value), "refuse", f"minimum_age {value!r}")
    w.hsds("age-max-nan", setting(maximum_age=float("nan")), "refuse", "maximum_age NaN")
    w.hsds("age-max-1e400", setting(maximum_age=0).replace('"maximum_age": 0', '"maximum_age": 1e400'), "refuse", "")
    w.hsds("age-min-above-max", setting(minimum_age=60, maximum_age=18), "refuse", "min > max")
    w.hsds("age-bool", setting(minimum_age=True), "either", "true as age")

    # Dates.
    w.hsds("assured-month-13", setting(assured_date="2026-13-45"), "refuse", "impossible date")
    w.hsds("assured-feb-30", setting(assured_date="2026-02-30"), "refuse", "impossible date")
    w.hsds("assured-number", setting(assured_date=20260101), "refuse", "a number as date")
    w.hsds("assured-datetime", setting(assured_date="2026-01-01T10:00:00+01:00"), "either", "a date-time")

    def closure(valid_from: Any, valid_to: Any, **more: Any) -> Callable[[dict[str, Any]], None]:
        def change(service: dict[str, Any]) -> None:
            item = {"id": "c1", "service_id": service["id"], "valid_from": valid_from, "valid_to": valid_to} | more
            service["schedules"].append(item)

        return change

    w.hsds("closure-month-13", mutated(closure("2026-13-45", "2026-12-31")), "refuse", "impossible date")
    w.hsds("closure-feb-30", mutated(closure("2026-02-01", "2026-02-30")), "refuse", "impossible date")
    mixed = closure("2026-12-24", "2027-01-01T10:00:00+01:00")
    w.hsds("closure-date-then-datetime", mutated(mixed), "either", "a closure mixing a date and a date-time")
    w.hsds("closure-datetime-then-date", mutated(closure("2026-12-24T08:00:00Z", "2027-01-01")), "either", "mixed")
    w.hsds("closure-to-before-from", mutated(closure("2026-12-24", "2026-12-01")), "refuse", "to before from")
    w.hsds("closure-number", mutated(closure(20261224, None)), "refuse", "a number as date")
    w.hsds("closure-list", mutated(closure(["2026-12-24"], None)), "refuse", "a list as date")

    # Opening times.
    def hours(opens: Any, closes: Any, byday: Any = "MO") -> Callable[[dict[str, Any]], None]:
        def change(service: dict[str, Any]) -> None:
            service["schedules"] = [
                {
                    "id": "s1",
                    "service_id": service["id"],
                    "freq": "WEEKLY",
                    "byday": byday,
                    "opens_at": opens,
                    "closes_at": closes,
                }
            ]

        return change

    for label, opens, closes in (
        ("09-60", "09:60", "12:00"),
        ("25-00", "25:00", "26:00"),
        ("9-5", "9:5", "12:00"),
        ("24-01", "24:01", "02:00"),
        ("09-99", "09:99", "12:00"),
        ("closes-19-99", "09:00", "19:99"),
        ("arabic-digits", "0٩:00", "12:00"),
        ("arabic-minutes", "09:٣٠", "12:00"),
        ("number", 900, 1200),
    ):
        w.hsds(f"hours-{label}", mutated(hours(opens, closes)), "refuse", f"opening time {opens!r}")
    w.hsds("hours-seconds-61", mutated(hours("09:00:61", "12:00")), "either", "seconds 61: HSDS allows HH:MM:SS")
    w.hsds("hours-byday-list", mutated(hours("09:00", "12:00", ["MO"])), "refuse", "byday as a list")
    w.hsds("hours-byday-xx", mutated(hours("09:00", "12:00", "MO,XX")), "refuse", "unknown day")
    w.hsds("hours-equal", mutated(hours("09:00", "09:00")), "either", "opens equals closes")

    def same_start(service: dict[str, Any]) -> None:
        base = {"service_id": service["id"], "freq": "WEEKLY", "byday": "MO", "opens_at": "09:00"}
        service["schedules"] = [base | {"id": "s1", "closes_at": "12:00"}, base | {"id": "s2", "closes_at": "13:00"}]

    w.hsds("hours-same-start-twice", mutated(same_start), "either", "two ranges on Monday from 09:00")

    # Links, e-mail, markup, length.
    for label, url in (
        ("javascript", "javascript:alert(1)"),
        ("javascript-upper", " JaVaScRiPt:alert(document.cookie)"),
        ("data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
        ("vbscript", "vbscript:msgbox(1)"),
        ("quote", 'https://x.example/"><script>alert(1)</script>'),
        ("file", "file:///etc/passwd"),
    ):
        w.hsds(f"url-{label}", setting(url=url), "either", f"url {url}")
    for label, value in (
        ("svg", '"><svg/onload=alert(1)>@x.example'),
        ("script", "<script>alert(1)</script>@x.example"),
        ("no-at", "keine-adresse"),
        ("javascript", "javascript:alert(1)"),
    ):
        w.hsds(f"email-{label}", setting(email=value), "either", f"email {value}")
    w.hsds("html-name", setting(name="<script>alert(1)</script>Beratung"), "either", "script in the name")
    w.hsds("html-description", setting(description="<img src=x onerror=alert(1)>"), "either", "HTML")
    w.hsds("html-alert", setting(alert="<iframe src=javascript:alert(1)>"), "either", "HTML")
    w.hsds("name-10mb", setting(name="x" * (10 * 1024 * 1024)), "either", "a name of 10 MB (column: 300)")
    w.hsds("name-400", setting(name="Beratung " + "x" * 400), "either", "a name over 300 characters")
    w.hsds("long-word", setting(description="Donau" * 40_000), "either", "a 200,000-letter word")

    def legal_status_long(service: dict[str, Any]) -> None:
        service["organization"]["legal_status"] = "Verein " * 100

    w.hsds("legal-status-long", mutated(legal_status_long), "either", "provider type over 40 characters")

    def postal_code_long(service: dict[str, Any]) -> None:
        location(service)["addresses"][0]["postal_code"] = "0" * 50

    w.hsds("postal-code-long", mutated(postal_code_long), "either", "postal code over 10 characters")
    w.hsds("duplicate-service", _dump([small_doc["contents"][0]] * 2), "refuse", "the same entry twice")
    w.hsds("duplicate-keys", small.replace('"status": "active"', '"status": "active", "status": []', 1), "either", "")
    w.hsds("nan-literal", small.replace('"amount": 0', '"amount": NaN', 1), "either", "NaN as amount")

    # Files that are not files.
    w.symlink("hsds", "dev-zero", "/dev/zero", "refuse", "a symlink to /dev/zero: endless")

    # Random byte flips and line deletions.
    for n in range(60):
        w.hsds(f"flip-{n:02d}", _flip(raw_small, rng, "hsds"), "either", "random byte flips")
    for n in range(5):
        w.hsds(f"flip-full-{n:02d}", _flip(raw, rng, "hsds"), "either", "random byte flips of the whole export")
    for n in range(40):
        w.hsds(f"lines-deleted-{n:02d}", _delete_lines(small, rng), "either", "random lines deleted")


# --- Berlin CSV ---------------------------------------------------------------------


def _berlin_cases(w: _Writer, rng: random.Random) -> None:
    raw = BERLIN_CSV.read_bytes()
    text = raw.decode("utf-8")
    rows = _csv_rows(text)
    header = rows[0]
    column = {name: n for n, name in enumerate(header)}
    first = next(n for n, row in enumerate(rows) if n and row[column["Einrichtung"]] not in ("", "0", "#WERT!"))

    def with_cell(name: str, value: str, row: int = first) -> str:
        changed = [list(r) for r in rows]
        changed[row][column[name]] = value
        return _csv_text(changed)

    # Truncations.
    for cut in _cut_points(len(raw), 20, rng):
        w.berlin(f"truncated-{cut}", raw[:cut], "either", f"CSV cut after {cut} of {len(raw)} bytes")

    # No entries at all.
    w.berlin("header-only", _csv_text([header]), "refuse", "no entries: must not deactivate all Berlin entries")
    wert = [["#WERT!"] * len(header)] * 4
    w.berlin("only-wert-rows", _csv_text([header, *wert]), "refuse", "only #WERT! rows: no entries")
    w.berlin("only-empty-rows", _csv_text([header]) + ";" * 32 + "\n\n\n", "refuse", "only empty rows")
    nameless = [list(r) for r in rows[:6]]
    for row in nameless[1:]:
        row[column["Einrichtung"]] = "0"
    w.berlin("only-nameless-rows", _csv_text(nameless), "refuse", "only rows without a name")

    # Empty, whitespace, garbage, encodings.
    w.berlin("empty", b"", "refuse", "empty file")
    w.berlin("whitespace", b"  \n\t\r\n  ", "refuse", "only whitespace")
    for n in range(3):
        w.berlin(f"binary-garbage-{n}", rng.randbytes(4096), "refuse", "random bytes")
    w.berlin("gzip", gzip.compress(raw, mtime=0), "refuse", "a gzip archive")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr(zipfile.ZipInfo("xl/worksheets/sheet1.xml", (2026, 1, 1, 0, 0, 0)), text[:2000])
    w.berlin("xlsx-renamed", archive.getvalue(), "refuse", "a spreadsheet saved as .csv")
    w.berlin("html-page", "<!DOCTYPE html><html><body>Wartung</body></html>", "refuse", "an HTML page")
    w.berlin("comma-separated", text.replace(";", ","), "refuse", "comma instead of semicolon")
    w.berlin("utf16", text.encode("utf-16"), "either", "UTF-16 with BOM")
    w.berlin("latin1", text.encode("latin-1", errors="replace"), "either", "Latin-1")
    w.berlin("cp1252", text.encode("cp1252", errors="replace"), "either", "Windows-1252")
    w.berlin("bom", b"\xef\xbb\xbf" + raw, "either", "UTF-8 with BOM")
    w.berlin("double-bom", b"\xef\xbb\xbf\xef\xbb\xbf" + raw, "either", "two BOMs")
    w.berlin("nul-bytes", raw.replace(b";", b";\x00", 3), "refuse", "NUL bytes")
    w.berlin("cr-only", text.replace("\r\n", "\n").replace("\n", "\r"), "either", "old Mac line ends")
    raw_surrogate = with_cell("Einrichtung", "Beratung \ud800").encode("utf-8", errors="surrogatepass")
    w.berlin("surrogate-raw", raw_surrogate, "refuse", "a raw lone surrogate: not UTF-8")
    w.berlin("surrogate-entity", with_cell("Einrichtung", "Beratung &#xD800;"), "either", "HTML entity text")
    w.berlin("surrogate-escaped", with_cell("Einrichtung", "Beratung \\uD800"), "either", "the text \\uD800")
    w.berlin("surrogate-escaped-about", with_cell("Über uns", "\\udfff\\ud800 Text"), "either", "\\uDFFF\\uD800")
    w.berlin("nul-escaped", with_cell("Einrichtung", "Beratung \\u0000 Mitte"), "either", "the text \\u0000")
    w.berlin("c1-controls", with_cell("Einrichtung", "\x84Beratung\x93\x81"), "either", "C1 control characters")

    # Header problems.
    w.berlin("header-duplicate", _csv_text([[*header, "ID"], *rows[1:]]), "refuse", "ID twice in the header")
    w.berlin("header-missing-id", _csv_text([[c if c != "ID" else "Id" for c in header], *rows[1:]]), "refuse", "")
    w.berlin("header-reordered", _csv_text([list(reversed(r)) for r in rows]), "either", "columns reversed")
    w.berlin("header-only-semicolons", ";" * 40 + "\n" + text, "refuse", "an empty first line")
    w.berlin("one-column", "\n".join(r[column["Einrichtung"]] for r in rows), "refuse", "one column")

    # Values.
    for label, value in (
        ("09-60", "09:60 - 12:00"),
        ("25-00", "25:00 - 26:00"),
        ("9-5", "9:5 - 12"),
        ("24-01", "24:01 - 02:00"),
        ("arabic-digits", "٠٩:٠٠ - ١٢:٠٠"),
        ("many-ranges", ", ".join(["09:00 - 09:01"] * 2000)),
    ):
        w.berlin(f"hours-{label}", with_cell("Montag", value), "either", f"opening time {value[:40]}")
    w.berlin("always-open-maybe", with_cell("24 h/7 Tage", "vielleicht"), "either", "neither ja nor nein")
    for label, url in (
        ("javascript", "javascript:alert(1)"),
        ("javascript-dot", "javascript:alert(document.cookie)"),
        ("data", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
        ("data-script", "data:text/html,<script/src=//x.example>"),
        ("quote", 'https://x.example/"><script>alert(1)</script>'),
        ("vbscript", "vbscript:msgbox(1)"),
        ("word-and-quote", 'Streetwork."'),
    ):
        w.berlin(f"website-{label}", with_cell("Website", url), "either", f"website {url}")
    for label, value in (
        ("svg", '"><svg/onload=alert(1)>@x.example'),
        ("script", "<script>alert(1)</script>@x.example"),
    ):
        w.berlin(f"email-{label}", with_cell("EMail", value), "either", f"email {value}")
    w.berlin("html-name", with_cell("Einrichtung", "<script>alert(1)</script>Beratung"), "either", "script")
    w.berlin("html-about", with_cell("Über uns", "<img src=x onerror=alert(1)>"), "either", "HTML")
    w.berlin("formula", with_cell("Einrichtung", '=HYPERLINK("http://x.example","Klick")'), "either", "formula")
    w.berlin("id-long", with_cell("ID", "a" * 500), "either", "an ID of 500 letters (column: 120)")
    w.berlin("id-symbols", with_cell("ID", "!!!"), "either", "an ID without letters")
    w.berlin("id-duplicate", with_cell("ID", rows[first + 1][column["ID"]]), "either", "the same ID twice")
    w.berlin("name-100k", with_cell("Einrichtung", "x" * 100_000), "either", "a name of 100,000 letters")
    w.berlin("long-word", with_cell("Über uns", "Donau" * 40_000), "either", "a 200,000-letter word")
    w.berlin("long-word-under-limit", with_cell("Über uns", "Donau" * 20_000), "either", "a 100,000-letter word")
    w.berlin("postal-code-long", with_cell("PLZ", "1" * 50), "either", "postal code of 50 digits")
    w.berlin("district-long", with_cell("Bezirk", "Mitte " * 100), "either", "district over 120")
    w.berlin("phone-long", with_cell("Telefonnummer", "030 " * 100), "either", "phone over 60")
    w.berlin("unterminated-quote", text.replace("\n", '\n"', 1), "either", "a quote that never ends")
    many = [list(r) for r in rows[: first + 1]]
    many[first] = many[first] + ["x"] * 5000
    w.berlin("row-5000-columns", _csv_text(many), "either", "a row with 5,000 extra cells")

    # Files that are not files.
    w.symlink("berlin", "dev-zero", "/dev/zero", "refuse", "a symlink to /dev/zero: endless")

    # Random byte flips and line deletions.
    for n in range(30):
        w.berlin(f"flip-{n:02d}", _flip(raw, rng, "berlin"), "either", "random byte flips")
    for n in range(20):
        w.berlin(f"lines-deleted-{n:02d}", _delete_lines(text, rng), "either", "random lines deleted")


def generate(folder: Path) -> list[HostileFile]:
    """Write all hostile files below `folder` (which must be empty or new); return their descriptions."""
    folder.mkdir(parents=True, exist_ok=True)
    writer = _Writer(folder)
    export = _hsds_export(folder / "_base")
    _yaml_cases(writer, random.Random(SEED))
    _hsds_cases(writer, random.Random(SEED + 1), export)
    _berlin_cases(writer, random.Random(SEED + 2))
    return writer.files
