"""Fit the search's signal weights on the DEV questions only; write catalogue/search_weights_fitted.yml.

The ranking adds, per service, idf-weighted word matches by field (name, category,
keywords, target groups, description, provider) and bonuses for a named category,
topic and target group (catalogue.SearchWeights). This script searches the DEV sets
(tests/retrieval/demo_dev.yml over the demo catalogue, berlin_dev.yml over the Berlin
CSV) with candidate weights and keeps the best by coordinate ascent on a log scale:
each weight in turn is multiplied by each step, and a change is kept only when it
gains at least one more question. Objective: mean over both sets of
(precision@1 + hit@3) / 2. The TEST sets are never read.

    python scripts/fit_search_weights.py            # fit and write the weights file
    (copy it to catalogue/search_weights.yml to make the search use it)
    python scripts/fit_search_weights.py --dry-run  # print only
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from datetime import date
from pathlib import Path

import yaml
from _catalogue import temporary_catalogue

import catalogue

ROOT = Path(__file__).resolve().parent.parent
BERLIN_CSV = ROOT.parent / "shared/datasets/berlin-hilf-mir/hilf-mir-berlin.csv"
WEIGHTS_FILE = ROOT / "catalogue" / "search_weights_fitted.yml"
STEPS = (0.25, 0.5, 0.7, 1.4, 2.0, 4.0)
ROUNDS = 3


def _dev_set(records: list[catalogue.ServiceRecord], questions: Path):
    sessions = temporary_catalogue(records)
    items = yaml.safe_load(questions.read_text(encoding="utf-8"))["questions"]
    return sessions, [(q["question"], {str(x).lower() for x in q["relevant"]}) for q in items]


def score(dev_sets, weights: catalogue.SearchWeights) -> tuple[float, list[tuple[float, float]]]:
    """Return the objective and (precision@1, hit@3) per dev set."""
    figures = []
    for sessions, items in dev_sets:
        p1 = hit3 = 0
        with sessions.begin() as session:
            for question, relevant in items:
                ranked = [
                    h.service.external_id.lower()
                    for h in catalogue.search(session, question, weights=weights, limit=3).hits
                ]
                p1 += bool(ranked) and ranked[0] in relevant
                hit3 += bool(relevant & set(ranked))
        figures.append((p1 / len(items), hit3 / len(items)))
    return sum((a + b) / 2 for a, b in figures) / len(figures), figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    dev_sets = [_dev_set(catalogue.read_catalogue(ROOT / "catalogue" / "demo"), ROOT / "tests/retrieval/demo_dev.yml")]
    if BERLIN_CSV.exists():
        dev_sets.append(
            _dev_set(catalogue.read_berlin_csv(BERLIN_CSV).records, ROOT / "tests/retrieval/berlin_dev.yml")
        )
    questions = sum(len(items) for _, items in dev_sets)
    # One question more right in one set moves the objective by at least this much.
    least_gain = min(1 / (2 * len(items) * len(dev_sets)) for _, items in dev_sets) * 0.99
    start = catalogue.SearchWeights()
    best, figures = score(dev_sets, start)
    print(f"Handgewichte: Ziel {best:.4f}, je Satz (P@1, Hit@3) {figures}", flush=True)
    weights = start
    started = time.perf_counter()
    for round_ in range(ROUNDS):
        changed = False
        for field in dataclasses.fields(catalogue.SearchWeights):
            for step in STEPS:
                trial = dataclasses.replace(weights, **{field.name: getattr(weights, field.name) * step})
                value, trial_figures = score(dev_sets, trial)
                if value >= best + least_gain:
                    best, figures, weights, changed = value, trial_figures, trial, True
                    print(f"  Runde {round_ + 1}: {field.name} × {step} → Ziel {best:.4f} {figures}", flush=True)
            print(f"  Runde {round_ + 1}, {field.name} geprüft ({time.perf_counter() - started:.0f} s)", flush=True)
        if not changed:
            break
    print(f"Gelernt: Ziel {best:.4f}, je Satz {figures}")
    print(dataclasses.asdict(weights))
    if args.dry_run:
        return 0
    header = (
        "# Weights of the search's ranking signals (catalogue.SearchWeights), fitted by\n"
        "# scripts/fit_search_weights.py on the DEV questions only (never on the test sets).\n"
    )
    body = {
        "fitted": date.today().isoformat(),
        "dev_questions": questions,
        "objective": {"hand_set": round(score(dev_sets, start)[0], 4), "fitted": round(best, 4)},
        "weights": {k: round(v, 4) for k, v in dataclasses.asdict(weights).items()},
    }
    WEIGHTS_FILE.write_text(header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True), encoding="utf-8")
    print(f"geschrieben: {WEIGHTS_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
