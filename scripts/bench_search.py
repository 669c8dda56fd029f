"""Search latency, incremental index updates and memory at 10,000 and 100,000 services, SQLite and PostgreSQL.

The catalogue is made from the demo entries: each copy gets a new id, a
generated district and name suffix, so words, categories and target groups
stay realistic. The 207 labelled demo questions are searched; the same run
times SQLite FTS5 (BM25) as the baseline. Writes BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import dataclasses
import gc
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import yaml
from _report import write_section
from eval_retrieval import Fts5
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import selectinload

import catalogue

ROOT = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def generate(count: int, seed: int = 7) -> list[catalogue.ServiceRecord]:
    """Return `count` records made from the demo catalogue."""
    rng = random.Random(seed)
    demo = catalogue.read_catalogue(ROOT / "catalogue" / "demo")
    records = []
    for n in range(count):
        base = demo[n % len(demo)]
        district = f"Bezirk {n % 40 + 1}"
        keywords = list(base.keywords)
        rng.shuffle(keywords)
        records.append(
            dataclasses.replace(
                base,
                external_id=f"gen-{n:05d}",
                name=f"{base.name} ({district}, Stelle {n // len(demo) + 1})",
                district=district,
                keywords=keywords,
            )
        )
    return records


def berlin_import(path: Path) -> str:
    """Time reading the Berlin CSV as published and writing it, with history, into an empty SQLite catalogue."""
    if not path.exists():
        return f"Berlin import: {path} fehlt, nicht gemessen."
    engine = catalogue.make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'berlin.sqlite3'}")
    catalogue.upgrade(engine)
    started = time.perf_counter()
    result = catalogue.read_berlin_csv(path)
    read_seconds = time.perf_counter() - started
    with catalogue.make_session_factory(engine).begin() as session:
        report = catalogue.write_catalogue(session, result.records, source=path.name, deactivate_missing=False)
    total = time.perf_counter() - started
    engine.dispose()
    return (
        f"Berlin import (the CSV as published, `python -m catalogue import`): {report.created} entries read in "
        f"{read_seconds:.2f} s and written with their history in one transaction, {total:.2f} s in all; "
        f"{len(result.skipped)} rows skipped, {len(result.problems)} values reported as missing or altered."
    )


def _rss_mb() -> float:
    """Resident memory of this process in MB (Linux), after handing freed memory back to the system."""
    gc.collect()
    with contextlib.suppress(OSError):  # not glibc: the figure includes freed but kept memory
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _database(backend: str, postgres_url: str) -> tuple[str, Callable[[], None]]:
    """Return an empty database URL of `backend` and a function that removes it."""
    if backend == "sqlite":
        return f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}", lambda: None
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(postgres_url).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()

    return url.render_as_string(hide_password=False), drop


@dataclasses.dataclass
class Run:
    """One backend at one size."""

    backend: str
    count: int
    import_seconds: float
    build_seconds: float
    memory_mb: float
    searches: list[float]
    after_edit: list[float]
    fts: list[float]


def run(backend: str, count: int, questions: list[str], postgres_url: str) -> Run:
    """Import `count` generated services into `backend`, then time searches, edits and the FTS5 baseline."""
    url, drop = _database(backend, postgres_url)
    engine = catalogue.make_engine(url)
    try:
        catalogue.upgrade(engine)
        sessions = catalogue.make_session_factory(engine)
        started = time.perf_counter()
        with sessions.begin() as session:
            catalogue.write_catalogue(session, generate(count))
        import_seconds = time.perf_counter() - started
        print(f"  {backend}, {count} Einträge importiert in {import_seconds:.1f} s", flush=True)
        gc.collect()
        before = _rss_mb()
        with sessions.begin() as session:
            started = time.perf_counter()
            catalogue.search(session, "Schulden")  # builds this process's index once
            build_seconds = time.perf_counter() - started
        gc.collect()
        memory = _rss_mb() - before
        print(f"  Index aufgebaut in {build_seconds:.1f} s, +{memory:.0f} MB", flush=True)
        searches = []
        for question in questions:  # each in a new session, as every chat request is
            started = time.perf_counter()
            with sessions.begin() as session:
                catalogue.search(session, question)
            searches.append((time.perf_counter() - started) * 1000)
        # An editor's save, then the first search in a new session (as the next request would);
        # once the import is older than the index's look-back window (30 s), as any edit after set-up is.
        time.sleep(max(0.0, 31 - (time.perf_counter() - started)))
        after_edit = []
        rng = random.Random(3)
        with sessions.begin() as session:
            ids = list(session.scalars(select(catalogue.Service.id)))
        for n in range(20):
            with sessions.begin() as session:
                service = session.get(catalogue.Service, rng.choice(ids))
                record = catalogue.record_from_service(service)
                catalogue.save_entry(
                    session,
                    dataclasses.replace(record, keywords=[*record.keywords, f"Neu{n}"]),
                    user="bench",
                    service_id=service.id,
                    action="bearbeitet",
                )
            started = time.perf_counter()
            with sessions.begin() as session:
                catalogue.search(session, questions[n % len(questions)])
            after_edit.append((time.perf_counter() - started) * 1000)
        with sessions.begin() as session:
            info = catalogue.search_index_info(session)
            if info.builds != 1:
                raise SystemExit(f"Index {info.builds}-mal neu aufgebaut: die Änderungen kamen nicht schrittweise an")
            services = list(
                session.scalars(select(catalogue.Service).options(selectinload(catalogue.Service.organization)))
            )
        fts = Fts5(services)
        baseline = []
        for question in questions:
            started = time.perf_counter()
            fts(question)
            baseline.append((time.perf_counter() - started) * 1000)
        return Run(backend, count, import_seconds, build_seconds, memory, searches, after_edit, baseline)
    finally:
        engine.dispose()
        drop()


def _row(name: str, values: list[float]) -> str:
    median, p95 = statistics.median(values), _percentile(values, 0.95)
    return f"{name} | {len(values)} | {median:.1f} | {p95:.1f} | {max(values):.1f}"


def main() -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument(
        "--postgres",
        default=os.environ.get("CATALOGUE_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"),
    )
    parser.add_argument("--no-report", action="store_true", help="print only; leave BENCHMARKS.md alone")
    parser.add_argument(
        "--berlin", type=Path, default=ROOT.parent / "shared/datasets/berlin-hilf-mir/hilf-mir-berlin.csv"
    )
    args = parser.parse_args()
    berlin_line = berlin_import(args.berlin)
    print(berlin_line, flush=True)
    questions = [
        q["question"] for q in yaml.safe_load((ROOT / "tests/retrieval/demo_questions.yml").read_text())["questions"]
    ]
    backends = list(args.backends)
    if "postgresql" in backends:
        try:
            with create_engine(args.postgres).connect():
                pass
        except OperationalError:
            print(f"PostgreSQL unter {args.postgres} nicht erreichbar: nur SQLite gemessen.")
            backends.remove("postgresql")
    runs = []
    for count in args.sizes:
        for backend in backends:
            runs.append(run(backend, count, questions, args.postgres))
    lines = [
        "| database | services | import s | index build s | index memory MB | method | searches "
        "| median ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        head = f"| {r.backend} | {r.count:,} | {r.import_seconds:.0f} | {r.build_seconds:.1f} | {r.memory_mb:.0f} | "
        lines.append(head + _row("Sozialauskunft-Suche", r.searches) + " |")
        lines.append(head + _row("first search after an edit", r.after_edit) + " |")
        lines.append(head + _row("Basislinie SQLite FTS5 (BM25)", r.fts) + " |")
    print("\n".join(lines))
    if args.no_report:
        return 0
    write_section(
        "Search latency at 10,000 and 100,000 services",
        "Measured by `scripts/bench_search.py` (`make bench`) on this machine (2 cores). For each size and database "
        "the services are generated from the demo entries (40 districts, names and keyword order varied), imported "
        "in one transaction, and searched in one process: first the index build (the first search of a process; "
        "memory = growth of the process's resident memory after the build, freed memory handed back), then the "
        "labelled demo questions one after another, "
        "each in a new session (as each chat request is) and timed end to end including the session's start and "
        "loading the ten hits from the database. Then 20 editor saves "
        "(`save_entry`, a new keyword each), each followed by the first search in a new session: the index takes "
        "only the changed entries (the run stops if it was rebuilt); the edits start once the import is 30 s old "
        "(within 30 s of a bulk import the index also compares the stamps of the rows imported; the first edit "
        "after the import still re-reads the stamps of the rows imported in its last 30 s, once per process: that "
        "is the max column). "
        "Baseline in the same run: SQLite FTS5 BM25 "
        "over the same services (in memory, ids only, no filters and no loading).\n\n"
        + "\n".join(lines)
        + f"\n\n{berlin_line}",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
