"""Search latency and import time on a generated catalogue of 10,000 services.

The catalogue is made from the demo entries: each copy gets a new id, a
generated district and name suffix, so words, categories and target groups
stay realistic. The 207 labelled demo questions are searched; the same run
times SQLite FTS5 (BM25) as the baseline. Writes BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml
from _report import write_section
from eval_retrieval import Fts5
from sqlalchemy import select
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


def main() -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
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
    records = generate(args.count)
    engine = catalogue.make_engine(f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}")
    catalogue.upgrade(engine)
    sessions = catalogue.make_session_factory(engine)
    started = time.perf_counter()
    with sessions.begin() as session:
        catalogue.write_catalogue(session, records)
    import_seconds = time.perf_counter() - started
    print(f"{len(records)} Einträge importiert in {import_seconds:.1f} s", flush=True)
    with sessions.begin() as session:
        started = time.perf_counter()
        catalogue.search(session, "Schulden")  # builds the in-memory index once
        index_seconds = time.perf_counter() - started
        ours = []
        for question in questions:
            started = time.perf_counter()
            catalogue.search(session, question)
            ours.append((time.perf_counter() - started) * 1000)
        services = list(
            session.scalars(select(catalogue.Service).options(selectinload(catalogue.Service.organization)))
        )
    fts = Fts5(services)
    baseline = []
    for question in questions:
        started = time.perf_counter()
        fts(question)
        baseline.append((time.perf_counter() - started) * 1000)
    rows = [
        ("Sozialauskunft-Suche (inverted index in memory, results loaded from SQLite)", ours),
        ("Basislinie SQLite FTS5 (BM25)", baseline),
    ]
    lines = ["| method | searches | median ms | p95 ms | max ms |", "|---|---|---|---|---|"]
    lines += [
        f"| {name} | {len(v)} | {statistics.median(v):.1f} | {_percentile(v, 0.95):.1f} | {max(v):.1f} |"
        for name, v in rows
    ]
    print("\n".join(lines))
    if args.no_report:
        return 0
    write_section(
        "Search latency at 10,000 services",
        f"Measured by `scripts/bench_search.py` (`make bench`): {len(records)} services generated from the "
        f"demo entries (40 districts), imported in one transaction in {import_seconds:.1f} s; the first search "
        f"built the in-memory index in {index_seconds:.1f} s (rebuilt only when an active entry changes). Then the "
        f"{len(questions)} labelled demo questions were searched one after another, each timed end to end "
        "including loading the ten hits from "
        "SQLite.\n\n" + "\n".join(lines) + f"\n\n{berlin_line}",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
