"""Hostile and broken files through `import`: a correct import or a German refusal, never a traceback.

Every file of `hostile_files.generate` runs through the command line against one
SQLite database that holds the demo catalogue and the Berlin directory, imported
over the source it was made from (the demo's altstadt.yml is a source of its
own, "altstadt", the other four demo files are "demo", the CSV is "berlin"),
so that it reaches the code that updates and deactivates entries. A file
must end in exit code 0 (and then store only values the catalogue can show:
times HH:MM, ages 0–120, http(s) links, values that fit their columns, no NUL
or lone surrogates) or in exit code 1 with a German report on stderr, and a
refused file must leave every row of the catalogue tables as it was.

The files run one after the other against the same database: a file that may
import ("either") starts from whatever the files before it left, a file that
must be refused, and every named test, starts from the database as built (a
fresh copy of it), and so does the file after an import that went wrong.

Each import runs under a timeout and a cap on the address space (a file that
makes the importer read /dev/zero or expand an alias bomb ends in a
MemoryError, reported as a failure, instead of taking the machine down).
"""

from __future__ import annotations

import atexit
import hashlib
import re
import resource
import shutil
import tempfile
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select

import catalogue
from catalogue import cli
from tests.catalogue.hostile_files import BERLIN_CSV, DEMO, SOURCES, HostileFile, generate

if not BERLIN_CSV.exists():
    pytest.skip("../shared/datasets/berlin-hilf-mir fehlt", allow_module_level=True)

_FOLDER = Path(tempfile.mkdtemp(prefix="hostile-imports-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)
_started = time.perf_counter()
CASES: list[HostileFile] = generate(_FOLDER / "files")
GENERATION_SECONDS = time.perf_counter() - _started
# Within each kind the files that must be refused first: the others then share one changed database.
CASES.sort(key=lambda case: ("yaml", "hsds", "berlin").index(case.kind) * 2 + (case.expect != "refuse"))
BY_NAME = {case.name: case for case in CASES}

TABLES = ("organization", "service", "schedule", "closure", "service_change")
GERMAN_REPORT = re.compile(r"NICHT geladen|Fehler")
MEMORY_HEADROOM = 512 * 1024 * 1024  # bytes of address space an import may add
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$")
_WEBSITE = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_EMAIL_PART = r"[^@\s<>\"'()\[\]\\,;:]+"
_EMAIL = re.compile(rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$")
_EXTERNAL_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,118}$")


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


@contextmanager
def memory_cap(headroom: int = MEMORY_HEADROOM) -> Iterator[None]:
    """Let the block use at most `headroom` more bytes of address space (MemoryError beyond)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + headroom
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _describe(exc_info) -> str:  # type: ignore[no-untyped-def]
    """The exception and the innermost frame in the catalogue package (else the innermost)."""
    kind, error, tb = exc_info
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "/catalogue/" in f.filename] or frames
    where = f" at {Path(ours[-1].filename).name}:{ours[-1].lineno} {ours[-1].name}" if ours else ""
    message = str(error).replace("\n", " ")
    return f"{kind.__name__}: {message[:160]}{where}"


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)


@dataclass
class Outcome:
    """What one import did and what was wrong with it."""

    case: HostileFile
    code: int
    stdout: str
    stderr: str
    seconds: float
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        loaded = [line for line in self.stdout.splitlines() if line.startswith("Katalog geladen")]
        if loaded:
            return re.sub(r" \(sqlite.*\)\.$", "", loaded[-1].split(": ", 1)[-1])
        return (self.stderr.strip().splitlines() or self.stdout.strip().splitlines() or [""])[0][:160]


class Bench:
    """One catalogue database (demo + Berlin) that every file is imported into."""

    def __init__(self, base: Path, work: Path):
        self.base = base
        self.work = work
        self.count = 0
        self.db: Path | None = None
        self.engine: Engine | None = None
        self.outcomes: dict[str, Outcome] = {}
        self._fresh()
        self.baseline = self.current = self.fingerprint()
        self.current_file = self._file_digest()
        self.baseline_violations = self.current_violations = self.violations()

    def _fresh(self) -> None:
        """Continue on a fresh copy of the base database."""
        if self.engine is not None:
            self.engine.dispose()
        old = self.db
        self.count += 1
        self.db = self.work / f"catalogue-{self.count}.sqlite3"
        shutil.copy(self.base, self.db)
        self.url = f"sqlite:///{self.db}"
        self.engine = catalogue.make_engine(self.url)
        self.current = getattr(self, "baseline", None)
        self.current_violations = getattr(self, "baseline_violations", set())
        self.current_file = self._file_digest()
        if old is not None:
            old.unlink(missing_ok=True)

    def _file_digest(self) -> str:
        """A hash of the database file and its journals: equal bytes, equal rows (a quick first check)."""
        assert self.db is not None
        digest = hashlib.sha256()
        for path in (self.db, self.db.with_name(self.db.name + "-journal"), self.db.with_name(self.db.name + "-wal")):
            digest.update(path.read_bytes() if path.exists() else b"-")
        return digest.hexdigest()

    def fingerprint(self) -> dict[str, tuple[int, str]]:
        """Per table: the number of rows and a hash of all their columns, as stored."""
        assert self.engine is not None
        result = {}
        with self.engine.connect() as connection:
            for name in TABLES:
                table = catalogue.Base.metadata.tables[name]
                digest = hashlib.sha256()
                count = 0
                for row in connection.exec_driver_sql(f"SELECT * FROM {table.name} ORDER BY id"):
                    digest.update(repr(tuple(row)).encode("utf-8", "backslashreplace"))
                    count += 1
                result[name] = (count, digest.hexdigest()[:16])
        return result

    def violations(self) -> set[str]:
        """Stored values the catalogue must never hold, whatever the source."""
        assert self.engine is not None
        problems: set[str] = set()
        tables = catalogue.Base.metadata.tables
        with self.engine.connect() as connection:
            for name in ("organization", "service", "schedule", "closure"):
                table = tables[name]
                for row in connection.execute(select(table)):
                    values = row._mapping
                    where = f"{name} {str(values.get('external_id', values['id']))[:40]!r}"
                    for column in table.columns:
                        value = values[column.key]
                        length = getattr(column.type, "length", None)
                        if isinstance(value, str) and length and len(value) > length:
                            problems.add(f"{where}: {column.key} of {len(value)} characters (column: {length})")
                        for text in _strings(value):
                            if "\x00" in text:
                                problems.add(f"{where}: NUL in {column.key}")
                            try:
                                text.encode("utf-8")
                            except UnicodeEncodeError:
                                problems.add(f"{where}: lone surrogate in {column.key}")
                    if name == "service":
                        problems |= self._service_violations(where, values)
                    elif name == "schedule":
                        for key in ("opens", "closes"):
                            if not _TIME.match(str(values[key])):
                                problems.add(f"schedule: {key} {values[key]!r} is not HH:MM")
                        if not 0 <= values["weekday"] <= 6:
                            problems.add(f"schedule: weekday {values['weekday']!r}")
                    elif name == "closure":
                        starts, ends = values["starts"], values["ends"]
                        if isinstance(starts, datetime) or isinstance(ends, datetime):
                            problems.add(f"closure: date-time stored as date ({starts!r}, {ends!r})")
                        elif not (isinstance(starts, date) and isinstance(ends, date) and starts <= ends):
                            problems.add(f"closure: {starts} to {ends}")
        return problems

    @staticmethod
    def _service_violations(where: str, values) -> set[str]:  # type: ignore[no-untyped-def]
        problems = set()
        if values["status"] not in catalogue.STATUSES:
            problems.add(f"{where}: status {values['status']!r}")
        if not (values["name"] or "").strip():
            problems.add(f"{where}: empty name")
        if not _EXTERNAL_ID.match(values["external_id"] or ""):
            problems.add(f"{where}: external_id not [a-z0-9-]")
        if values["website"] is not None and not _WEBSITE.match(values["website"]):
            problems.add(f"{where}: website {values['website'][:60]!r}")
        if values["email"] is not None and not _EMAIL.match(values["email"]):
            problems.add(f"{where}: email {values['email'][:60]!r}")
        ages = [values["minimum_age"], values["maximum_age"]]
        for age in ages:
            if age is not None and not (isinstance(age, int) and 0 <= age <= 120):
                problems.add(f"{where}: age {age!r}")
        if None not in ages and all(isinstance(a, int) for a in ages) and ages[0] > ages[1]:
            problems.add(f"{where}: minimum_age {ages[0]} > maximum_age {ages[1]}")
        return problems

    def outcome(self, case: HostileFile) -> Outcome:
        """The outcome of the file: from the run of `test_hostile_file` if there was one, else a new run."""
        return self.outcomes.get(case.name) or self.run(case, clean=True)

    def run(self, case: HostileFile, *, clean: bool = False) -> Outcome:
        """Import one file; collect everything that was wrong with the outcome."""
        if (clean or case.expect == "refuse") and self.current != self.baseline:
            self._fresh()
        before, before_violations = self.current, self.current_violations
        started = time.perf_counter()
        with memory_cap():
            arguments = ["import", str(case.path), "--source", SOURCES[case.kind], "--database-url", self.url]
            result = CliRunner().invoke(cli, arguments)
        outcome = Outcome(case, result.exit_code, result.stdout, result.stderr, time.perf_counter() - started)
        problems = outcome.problems
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            problems.append(f"traceback: {_describe(result.exc_info)}")
        if outcome.code not in (0, 1):
            problems.append(f"exit code {outcome.code}: {outcome.summary()}")
        if outcome.code != 0 and not GERMAN_REPORT.search(outcome.stderr):
            problems.append(f"exit code {outcome.code} without a German report on stderr: {outcome.stderr[:120]!r}")
        stored = before_violations
        after_file = self._file_digest()
        try:
            after = before if after_file == self.current_file else self.fingerprint()
            if outcome.code == 0 and after != before:
                stored = self.violations()
        except Exception as error:  # noqa: BLE001 - an unreadable database is a finding, not a test error
            after = None
            problems.append(f"database unreadable after the import: {type(error).__name__}: {str(error)[:160]}")
        violations = stored - before_violations
        if outcome.code != 0 and after != before:
            changed = [t for t in TABLES if after is None or after[t] != before[t]]
            problems.append(f"refused, but the database changed ({', '.join(changed)})")
        if outcome.code == 0 and case.expect == "refuse":
            problems.append(f"accepted although it must be refused: {outcome.summary()}")
        if violations:
            shown = "; ".join(sorted(violations)[:4])
            problems.append(f"accepted and stored {len(violations)} impossible values: {shown}")
        if after is None or (after != before and problems):
            self._fresh()
        else:
            self.current, self.current_violations, self.current_file = after, stored, after_file
        self.outcomes[case.name] = outcome
        return outcome


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    folder = tmp_path_factory.mktemp("hostile-db")
    base = folder / "base.sqlite3"
    url = f"sqlite:///{base}"
    (folder / "demo").mkdir()
    (folder / "altstadt").mkdir()
    for path in DEMO.glob("*.yml"):
        shutil.copy(path, folder / ("altstadt" if path.name == "altstadt.yml" else "demo") / path.name)
    runner = CliRunner()
    for source, name in ((folder / "demo", "demo"), (folder / "altstadt", "altstadt"), (BERLIN_CSV, "berlin")):
        result = runner.invoke(cli, ["import", str(source), "--source", name, "--database-url", url])
        assert result.exit_code == 0, result.output
    bench = Bench(base, folder)
    yield bench
    if bench.engine is not None:
        bench.engine.dispose()


def _report(outcome: Outcome, problems: list[str] | None = None) -> str:
    case = outcome.case
    return (
        f"{case.name} ({case.kind}, expect {case.expect}: {case.why}; exit {outcome.code}, "
        f"{outcome.seconds:.1f} s): " + " | ".join(outcome.problems if problems is None else problems)
    )


def test_the_generator_is_big_fast_and_small_enough() -> None:
    assert len(CASES) >= 500
    assert {c.kind for c in CASES} == {"yaml", "hsds", "berlin"}
    assert GENERATION_SECONDS < 20
    total = sum(p.stat().st_size for p in (_FOLDER / "files").rglob("*") if p.is_file() and not p.is_symlink())
    assert total < 100 * 1024 * 1024


def test_the_base_database_holds_only_possible_values(bench: Bench) -> None:
    assert bench.baseline["service"][0] == 67 + 248
    assert not bench.baseline_violations, sorted(bench.baseline_violations)[:10]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file(bench: Bench, case: HostileFile) -> None:
    outcome = bench.run(case)
    if outcome.problems:
        pytest.fail(_report(outcome), pytrace=False)


# --- named cases: the exact outcome of each kind of hostile file ----------------------


def _named(name: str, *codes: int):  # type: ignore[no-untyped-def]
    """A test that imports the generated file `name` and expects one of the exit `codes`."""
    case = BY_NAME[name]

    @pytest.mark.timeout(60)
    def test(bench: Bench) -> None:
        outcome = bench.outcome(case)
        problems = list(outcome.problems)
        if outcome.code not in codes:
            problems.append(f"exit code {outcome.code}, expected {' or '.join(map(str, codes))}")
        if codes == (1,) and outcome.code == 1 and "NICHT geladen" not in outcome.stderr:
            problems.append(f"no „Katalog NICHT geladen“ on stderr: {outcome.stderr[:160]!r}")
        if problems:
            pytest.fail(_report(outcome, problems), pytrace=False)

    test.__doc__ = f"{case.why} → exit {' or '.join(map(str, codes))}"
    return test


def _middle(prefix: str) -> str:
    names = [c.name for c in CASES if c.name.startswith(prefix)]
    return names[len(names) // 2]


REFUSED, IMPORTED, EITHER = (1,), (0,), (0, 1)

# YAML
test_yaml_truncated = _named(_middle("yaml-truncated-"), *EITHER)
test_yaml_empty_file = _named("yaml-empty", *REFUSED)
test_yaml_whitespace = _named("yaml-whitespace", *REFUSED)
test_yaml_binary_garbage = _named("yaml-binary-garbage-0", *REFUSED)
test_yaml_utf16 = _named("yaml-utf16", *EITHER)
test_yaml_latin1 = _named("yaml-latin1", *EITHER)
test_yaml_bom = _named("yaml-bom", *IMPORTED)
test_yaml_nul_bytes = _named("yaml-nul-bytes", *REFUSED)
test_yaml_escaped_lone_surrogate = _named("yaml-escaped-surrogate", *REFUSED)
test_yaml_raw_lone_surrogate = _named("yaml-raw-surrogate", *REFUSED)
test_yaml_nested_50000_lists = _named("yaml-nested-flow-lists", *REFUSED)
test_yaml_nested_50000_maps = _named("yaml-nested-flow-maps", *REFUSED)
test_yaml_alias_bomb_unused = _named("yaml-alias-bomb-unused", *REFUSED)
test_yaml_alias_bomb_depth_8 = _named("yaml-alias-bomb-depth8-unused", *REFUSED)
test_yaml_alias_bomb_as_name = _named("yaml-alias-bomb-name", *REFUSED)
test_yaml_alias_bomb_as_keywords = _named("yaml-alias-bomb-keywords", *REFUSED)
test_yaml_assured_date_month_13 = _named("yaml-assured-month-13", *REFUSED)
test_yaml_assured_date_february_30 = _named("yaml-assured-feb-30", *REFUSED)
test_yaml_closure_month_13 = _named("yaml-closure-month-13", *REFUSED)
test_yaml_closure_mixing_date_and_datetime = _named("yaml-closure-date-then-datetime", *EITHER)
test_yaml_name_as_list = _named("yaml-name-list", *REFUSED)
test_yaml_name_as_map = _named("yaml-name-map", *REFUSED)
test_yaml_services_empty_in_every_file = _named("yaml-services-empty-everywhere", *REFUSED)
test_yaml_age_nan = _named("yaml-age-nan", *REFUSED)
test_yaml_age_inf = _named("yaml-age-inf", *REFUSED)
test_yaml_name_of_10_mb = _named("yaml-name-10mb", *REFUSED)
test_yaml_long_word_in_description = _named("yaml-long-word", *EITHER)
test_yaml_long_word_within_the_limit = _named("yaml-long-word-3000", *IMPORTED)
test_yaml_hours_09_60 = _named("yaml-hours-09-60", *REFUSED)
test_yaml_hours_25_00 = _named("yaml-hours-25-00", *REFUSED)
test_yaml_hours_9_5 = _named("yaml-hours-9-5", *REFUSED)
test_yaml_hours_24_01 = _named("yaml-hours-24-01", *REFUSED)
test_yaml_website_javascript = _named("yaml-website-javascript", *REFUSED)
test_yaml_website_data = _named("yaml-website-data", *REFUSED)
test_yaml_email_with_markup = _named("yaml-email-svg", *EITHER)
test_yaml_script_in_name = _named("yaml-html-name", *EITHER)
test_yaml_symlink_to_dev_zero = _named("yaml-dev-zero", *REFUSED)

# HSDS
test_hsds_truncated = _named(_middle("hsds-truncated-"), *REFUSED)
test_hsds_empty_file = _named("hsds-empty", *REFUSED)
test_hsds_whitespace = _named("hsds-whitespace", *REFUSED)
test_hsds_binary_garbage = _named("hsds-binary-garbage-0", *REFUSED)
test_hsds_utf16 = _named("hsds-utf16", *EITHER)
test_hsds_latin1 = _named("hsds-latin1", *EITHER)
test_hsds_bom = _named("hsds-bom", *EITHER)
test_hsds_nul_byte = _named("hsds-nul-raw", *REFUSED)
test_hsds_escaped_lone_surrogate = _named("hsds-surrogate-escaped", *REFUSED)
test_hsds_raw_lone_surrogate = _named("hsds-surrogate-raw", *REFUSED)
test_hsds_nested_50000_lists = _named("hsds-nested-lists", *REFUSED)
test_hsds_nested_50000_objects = _named("hsds-nested-objects", *REFUSED)
test_hsds_status_as_list = _named("hsds-type-status-list", *REFUSED)
test_hsds_location_as_text = _named("hsds-type-location-text", *REFUSED)
test_hsds_schedules_as_number = _named("hsds-type-schedules-number", *REFUSED)
test_hsds_languages_as_number = _named("hsds-type-languages-number", *REFUSED)
test_hsds_name_as_list = _named("hsds-type-name-list", *REFUSED)
test_hsds_name_as_dict = _named("hsds-type-name-dict", *REFUSED)
test_hsds_age_nan = _named("hsds-age-min-nan", *REFUSED)
test_hsds_age_infinity = _named("hsds-age-min-infinity", *REFUSED)
test_hsds_age_1e20 = _named("hsds-age-min-1e20", *REFUSED)
test_hsds_age_negative = _named("hsds-age-min-negative", *REFUSED)
test_hsds_age_text = _named("hsds-age-min-text", *REFUSED)
test_hsds_assured_date_month_13 = _named("hsds-assured-month-13", *REFUSED)
test_hsds_assured_date_february_30 = _named("hsds-assured-feb-30", *REFUSED)
test_hsds_closure_month_13 = _named("hsds-closure-month-13", *REFUSED)
test_hsds_closure_february_30 = _named("hsds-closure-feb-30", *REFUSED)
test_hsds_closure_mixing_date_and_datetime = _named("hsds-closure-date-then-datetime", *EITHER)
test_hsds_hours_09_60 = _named("hsds-hours-09-60", *REFUSED)
test_hsds_hours_25_00 = _named("hsds-hours-25-00", *REFUSED)
test_hsds_hours_9_5 = _named("hsds-hours-9-5", *REFUSED)
test_hsds_hours_24_01 = _named("hsds-hours-24-01", *REFUSED)
test_hsds_url_javascript = _named("hsds-url-javascript", *EITHER)
test_hsds_url_data = _named("hsds-url-data", *EITHER)
test_hsds_email_with_markup = _named("hsds-email-svg", *EITHER)
test_hsds_script_in_name = _named("hsds-html-name", *EITHER)
test_hsds_empty_contents = _named("hsds-top-contents-empty", *REFUSED)
test_hsds_symlink_to_dev_zero = _named("hsds-dev-zero", *REFUSED)

# Berlin CSV
test_berlin_truncated = _named(_middle("berlin-truncated-"), *EITHER)
test_berlin_header_only = _named("berlin-header-only", *REFUSED)
test_berlin_only_wert_rows = _named("berlin-only-wert-rows", *REFUSED)
test_berlin_empty_file = _named("berlin-empty", *REFUSED)
test_berlin_whitespace = _named("berlin-whitespace", *REFUSED)
test_berlin_binary_garbage = _named("berlin-binary-garbage-0", *REFUSED)
test_berlin_utf16 = _named("berlin-utf16", *EITHER)
test_berlin_latin1 = _named("berlin-latin1", *EITHER)
test_berlin_bom = _named("berlin-bom", *IMPORTED)
test_berlin_nul_bytes = _named("berlin-nul-bytes", *REFUSED)
test_berlin_surrogate_entity_text = _named("berlin-surrogate-entity", *EITHER)
test_berlin_escaped_lone_surrogate = _named("berlin-surrogate-escaped", *EITHER)
test_berlin_raw_lone_surrogate = _named("berlin-surrogate-raw", *REFUSED)
test_berlin_hours_09_60 = _named("berlin-hours-09-60", *EITHER)
test_berlin_hours_24_01 = _named("berlin-hours-24-01", *EITHER)
test_berlin_website_javascript = _named("berlin-website-javascript", *EITHER)
test_berlin_website_data = _named("berlin-website-data-script", *EITHER)
test_berlin_email_with_markup = _named("berlin-email-svg", *EITHER)
test_berlin_script_in_name = _named("berlin-html-name", *EITHER)
test_berlin_long_id = _named("berlin-id-long", *EITHER)
test_berlin_symlink_to_dev_zero = _named("berlin-dev-zero", *REFUSED)
