"""Evaluate catalogue search on labelled questions against two baselines, in one run.

Methods: our search (catalogue.search), SQLite FTS5 with BM25, and plain
rapidfuzz token-set ratio; when the evaluation extra is installed (requirements/eval.txt,
`make eval` does it) also a multilingual sentence embedding alone and re-ranking our search
(scripts/_embedding.py). Metrics: precision@1, hit@3, and search latency.
Prints a table and writes its section of BENCHMARKS.md (not with --no-report).

The labelled TEST sets are tests/retrieval/demo_questions.yml and berlin_questions.yml;
tune on the DEV sets (demo_dev.yml, berlin_dev.yml) only:

    python scripts/eval_retrieval.py --questions tests/retrieval/demo_dev.yml --no-report
    python scripts/eval_retrieval.py --catalogue <Berlin CSV> --questions tests/retrieval/berlin_dev.yml --no-report
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import _embedding
import yaml
from _catalogue import temporary_catalogue
from _report import RESAMPLES, bootstrap, interval, paired_difference, write_section
from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import catalogue
from german_text import fold

ROOT = Path(__file__).resolve().parent.parent


def _text(service: catalogue.Service) -> str:
    return " ".join(
        [
            service.name,
            service.category,
            service.description,
            " ".join(service.keywords),
            " ".join(service.target_groups),
            service.district,
        ]
    )


class Fts5:
    """SQLite FTS5 (BM25) over the same fields, umlauts folded, words OR-ed."""

    def __init__(self, services: list[catalogue.Service]):
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE doc USING fts5(external_id UNINDEXED, body, tokenize='unicode61')")
        self.db.executemany("INSERT INTO doc VALUES (?, ?)", [(s.external_id, fold(_text(s))) for s in services])

    def __call__(self, question: str) -> list[str]:
        words = re.findall(r"[a-z0-9]+", fold(question))
        if not words:
            return []
        query = " OR ".join(f'"{w}"' for w in words)
        return [
            row[0]
            for row in self.db.execute(
                "SELECT external_id FROM doc WHERE doc MATCH ? ORDER BY bm25(doc) LIMIT 10", (query,)
            )
        ]


class TokenSet:
    """rapidfuzz token-set ratio of the question against each service's text."""

    def __init__(self, services: list[catalogue.Service]):
        self.ids = [s.external_id for s in services]
        self.texts = [fold(_text(s)) for s in services]

    def __call__(self, question: str) -> list[str]:
        found = process.extract(fold(question), self.texts, scorer=fuzz.token_set_ratio, limit=10)
        return [self.ids[index] for _, _, index in found]


def evaluate(name: str, method: Callable[[str], list[str]], questions: list[dict]) -> dict:
    """Return per-question precision@1 and hit@3 of one method, and its latency."""
    p1, hit3, timings, misses = [], [], [], []
    for item in questions:
        started = time.perf_counter()
        ranked = [x.lower() for x in method(item["question"])]
        timings.append((time.perf_counter() - started) * 1000)
        relevant = {str(x).lower() for x in item["relevant"]}
        p1.append(float(bool(ranked[:1]) and ranked[0] in relevant))
        hit3.append(float(bool(relevant & set(ranked[:3]))))
        if not p1[-1]:
            misses.append((item["question"], ranked[:1]))
    n = len(questions)
    timings.sort()
    return {
        "name": name,
        "p1": p1,
        "hit3": hit3,
        "median_ms": statistics.median(timings),
        "p95_ms": timings[min(n - 1, round(0.95 * (n - 1)))],
        "misses": misses,
    }


def paired(first: dict, second: dict) -> str:
    """The paired differences first − second over the same questions, with their intervals."""
    return (
        f"precision@1 {interval(paired_difference(first['p1'], second['p1']))}, "
        f"hit@3 {interval(paired_difference(first['hit3'], second['hit3']))}"
    )


def main() -> int:
    """Run the evaluation."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=Path, default=ROOT / "tests" / "retrieval" / "demo_questions.yml")
    parser.add_argument("--catalogue", type=Path, default=ROOT / "catalogue" / "demo")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--no-report", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = parser.parse_args()

    questions = yaml.safe_load(args.questions.read_text(encoding="utf-8"))["questions"]
    if args.catalogue.suffix == ".csv":  # the Berlin directory as published
        records = catalogue.read_berlin_csv(args.catalogue).records
    else:
        records = catalogue.read_catalogue(args.catalogue)
    sessions = temporary_catalogue(records)
    with sessions.begin() as session:
        services = list(
            session.scalars(select(catalogue.Service).options(selectinload(catalogue.Service.organization)))
        )

        unsure: list[tuple[bool, bool]] = []  # (asked, first hit right) per question

        def ours(question: str) -> list[str]:
            result = catalogue.search(session, question)
            ids = [h.service.external_id for h in result.hits]
            unsure.append((result.unsure, bool(ids)))
            return ids

        fitted_file = ROOT / "catalogue" / "search_weights_fitted.yml"
        fitted_values = (
            yaml.safe_load(fitted_file.read_text(encoding="utf-8"))["weights"] if fitted_file.exists() else {}
        )
        fitted = catalogue.SearchWeights(**fitted_values)

        def learned(question: str) -> list[str]:
            hits = catalogue.search(session, question, weights=fitted).hits
            return [h.service.external_id for h in hits]

        unexpanded = catalogue.SearchWeights(expansion=0.0)

        def without_expansions(question: str) -> list[str]:
            hits = catalogue.search(session, question, weights=unexpanded).hits
            return [h.service.external_id for h in hits]

        unexpanded_result = evaluate(
            "Sozialauskunft-Suche ohne Abfrageerweiterung (Umgangssprache, search_expansions.txt)",
            without_expansions,
            questions,
        )
        results = [
            evaluate("Sozialauskunft-Suche", ours, questions),
            evaluate("Sozialauskunft-Suche mit gelernten Gewichten (search_weights_fitted.yml)", learned, questions),
            unexpanded_result,
            evaluate("Basislinie SQLite FTS5 (BM25)", Fts5(services), questions),
            evaluate("Basislinie rapidfuzz token_set_ratio", TokenSet(services), questions),
        ]
        embedding_note = "The sentence embedding was not measured: requirements/eval.txt is not installed."
        encoder = _embedding.load()
        if encoder is not None:
            index = _embedding.EmbeddingIndex(encoder, services)

            def hybrid(question: str) -> list[str]:
                return index.rerank(question, catalogue.search(session, question, limit=_embedding.RERANKED).hits)

            results += [
                evaluate("Satz-Embedding allein (universal-sentence-encoder-multilingual v3)", index.alone, questions),
                evaluate(
                    f"Hybrid: Sozialauskunft-Suche, neu gereiht mit Embedding (Gewicht {_embedding.HYBRID_WEIGHT})",
                    hybrid,
                    questions,
                ),
            ]
            embedding_note = (
                f"Sentence embedding: the {len(services)} entries took {index.seconds:.1f} s to embed "
                f"({index.seconds / len(services) * 1000:.0f} ms per entry), their vectors {index.megabytes:.1f} MB "
                f"(512 floats per entry); loading the model added {encoder.megabytes_loaded:.0f} MB to the process. "
                f"Its latency column includes embedding the question. The hybrid minus our search: "
                f"{paired(results[-1], results[0])}."
            )
    header = f"{len(questions)} Fragen über {len(services)} Einträge ({args.questions.name})"
    lines = ["| Verfahren | Precision@1 | Hit@3 | Median ms | p95 ms |", "|---|---|---|---|---|"]
    lines += [
        f"| {r['name']} | {interval(bootstrap(r['p1']))} | {interval(bootstrap(r['hit3']))} "
        f"| {r['median_ms']:.1f} | {r['p95_ms']:.1f} |"
        for r in results
    ]
    ours, baselines = results[0], [r for r in results if r["name"].startswith("Basislinie")]
    asked = [right for (is_unsure, _), right in zip(unsure, ours["p1"], strict=True) if is_unsure]
    not_asked = [right for (is_unsure, _), right in zip(unsure, ours["p1"], strict=True) if not is_unsure]
    unsure_line = (
        f"Unsicher (die Suche fragt nach, welches Anliegen gemeint ist): {len(asked)} von {len(questions)} Fragen "
        f"({len(asked) / len(questions):.0%}); bei {sum(1 for r in asked if not r)} davon war der erste Treffer falsch "
        f"(die Rückfrage war nötig), bei den übrigen {len(not_asked)} Fragen war er in "
        f"{sum(1 for r in not_asked if not r)} Fällen falsch."
    )
    best = max(baselines, key=lambda r: sum(r["p1"]))
    lines += [
        "",
        f"Ours minus the best baseline ({best['name']}), paired over the same questions: {paired(ours, best)}.",
        "",
        f"Our search minus the same search without query expansions, paired: {paired(ours, unexpanded_result)}.",
        "",
        embedding_note,
        "",
        unsure_line,
    ]
    print(header)
    print("\n".join(lines))
    if args.show_misses:
        for question, top in results[0]["misses"]:
            print(f"  verfehlt: {question!r} -> {top}")
    method = (
        f"Measured by `make eval` (`scripts/eval_retrieval.py`): {header}. Each question is labelled with every "
        "entry that answers it; precision@1 counts questions whose first result is one of them, hit@3 those with one "
        "in the first three. All methods see only the question text and run in the same process on the same "
        "SQLite catalogue; latency is per search on this machine. Our search runs with its default weights and, "
        "for comparison, with the weights fitted on the dev sets by coordinate ascent "
        "(scripts/fit_search_weights.py, catalogue/search_weights_fitted.yml). Brackets: bootstrap 95 % intervals "
        f"({RESAMPLES} resamples of questions); the difference to the baseline is bootstrapped per question pair, "
        "so an interval that includes 0 is no gain."
    )
    if args.no_report:
        return 0
    write_section(f"Retrieval quality: {args.questions.stem}", method + "\n\n" + "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
