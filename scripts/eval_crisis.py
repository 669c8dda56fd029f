"""Measure crisis detection against a naive keyword baseline, in one run, on the dev and test sets.

Methods: `german_text.detect_crisis` (the expression list german_text/crisis_de.yml) and, as baseline,
a keyword check: any of "umbringen", "sterben", "schlägt", "gewalt", "suizid" in the folded text
(`german_text.fold`, so "schlaegt" counts too). Metrics, each with a bootstrap 95 % interval
(2,000 resamples of messages, fixed seed):

- recall per kind and overall: share of crisis messages flagged with ANY kind (the safety question:
  do the 24/7 numbers come first?); kind agreement: share of flagged crisis messages given their label;
- false alarms: share of ordinary messages flagged.

The held-out TEST set is tests/nlu/crisis_test.yml; tune on tests/nlu/crisis_dev.yml only:

    python scripts/eval_crisis.py --no-report           # print only
    python scripts/eval_crisis.py --errors              # also list the DEV set's misses and false alarms
    python scripts/eval_crisis.py                       # print and write BENCHMARKS.md's section
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import write_section  # noqa: E402

from german_text import CRISIS_KINDS, detect_crisis, fold  # noqa: E402

SETS = {"dev": ROOT / "tests/nlu/crisis_dev.yml", "test": ROOT / "tests/nlu/crisis_test.yml"}
RESAMPLES = 2000
SEED = 20261130
BASELINE_WORDS = ("umbringen", "sterben", "schlägt", "gewalt", "suizid")


def baseline(text: str) -> str | None:
    """The naive baseline: a crisis (of unknown kind) when a keyword occurs anywhere in the folded text."""
    folded = fold(text)
    return "?" if any(fold(word) in folded for word in BASELINE_WORDS) else None


def expressions(text: str) -> str | None:
    match = detect_crisis(text)
    return match.kind if match else None


def _interval(values: Sequence[int], rng: random.Random) -> tuple[float, float, float]:
    """Point estimate and bootstrap 95 % interval of the mean of 0/1 values."""
    if not values:
        return float("nan"), float("nan"), float("nan")
    estimates = sorted(sum(rng.choices(values, k=len(values))) / len(values) for _ in range(RESAMPLES))
    return sum(values) / len(values), estimates[int(0.025 * RESAMPLES)], estimates[int(0.975 * RESAMPLES) - 1]


def load(path: Path) -> tuple[list[tuple[str, str]], list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    crisis = [(kind, text) for kind, texts in data["crisis"].items() for text in texts]
    return crisis, list(data["ordinary"])


def evaluate(path: Path, method: Callable[[str], str | None], rng: random.Random) -> dict:
    crisis, ordinary = load(path)
    timings = []

    def run(text: str) -> str | None:
        started = time.perf_counter()
        result = method(text)
        timings.append(time.perf_counter() - started)
        return result

    found = [(kind, run(text)) for kind, text in crisis]
    alarms = [int(run(text) is not None) for text in ordinary]
    result = {
        "recall": _interval([int(got is not None) for _, got in found], rng),
        "per_kind": {
            kind: (
                _interval([int(got is not None) for k, got in found if k == kind], rng),
                sum(k == kind for k, _ in found),
            )
            for kind in CRISIS_KINDS
        },
        "kind_agreement": _interval([int(got == kind) for kind, got in found if got is not None], rng),
        "false": _interval(alarms, rng),
        "sizes": (len(crisis), len(ordinary)),
        "median_us": statistics.median(timings) * 1e6,
    }
    return result


def _fmt(value: tuple[float, float, float]) -> str:
    return f"{value[0]:.3f} [{value[1]:.3f}–{value[2]:.3f}]"


def show_dev_errors() -> None:
    crisis, ordinary = load(SETS["dev"])
    for kind, text in crisis:
        match = detect_crisis(text)
        if match is None or match.kind != kind:
            print(f"  {'MISS' if match is None else 'KIND ' + match.kind:<24} {kind:<18} {text}")
    for text in ordinary:
        match = detect_crisis(text)
        if match is not None:
            print(f"  FALSE ALARM {match.kind:<18} {text}   ← {match.expression}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-report", action="store_true", help="print only, do not write BENCHMARKS.md")
    parser.add_argument("--errors", action="store_true", help="list the DEV set's errors (never the test set's)")
    args = parser.parse_args()

    methods = {
        "detect_crisis (german_text/crisis_de.yml)": expressions,
        "Basislinie: Stichwörter (" + ", ".join(BASELINE_WORDS) + ")": baseline,
    }
    rows = [
        (set_name, method_name, evaluate(path, method, random.Random(SEED)))
        for set_name, path in SETS.items()
        for method_name, method in methods.items()
    ]

    table = [
        "| set | method | recall (all kinds) | false alarms | kind agreement | median µs/message |",
        "|---|---|---|---|---|---|",
    ]
    for set_name, method_name, r in rows:
        agreement = _fmt(r["kind_agreement"]) if "Basislinie" not in method_name else "–"
        table.append(
            f"| {set_name} | {method_name} | {_fmt(r['recall'])} | {_fmt(r['false'])} | {agreement} "
            f"| {r['median_us']:.0f} |"
        )
    kinds_table = ["| kind | " + " | ".join(f"{s} {m.split(' ')[0]}" for s, m, _ in rows) + " |"]
    kinds_table.append("|---" * (len(rows) + 1) + "|")
    for kind in CRISIS_KINDS:
        cells = [f"{_fmt(r['per_kind'][kind][0])} (n={r['per_kind'][kind][1]})" for _, _, r in rows]
        kinds_table.append(f"| {kind} | " + " | ".join(cells) + " |")
    print("\n".join(table))
    print()
    print("\n".join(kinds_table))
    if args.errors:
        print("\nDEV errors:")
        show_dev_errors()

    if args.no_report:
        return
    sizes = {s: r["sizes"] for s, _, r in rows}
    body = f"""
Measured by `scripts/eval_crisis.py` on {time.strftime("%Y-%m-%d")}, Python {sys.version.split()[0]}. Both methods
run in the same process on the same messages: `german_text.detect_crisis` (the expression list
`german_text/crisis_de.yml`: stemmed and folded word groups with small gaps, typo and umlaut tolerant, plus
phrases that clear harmless uses; no model) and, as baseline, a keyword check (any of
{", ".join(f"„{w}“" for w in BASELINE_WORDS)} in the folded text). Sets: the held-out TEST set
`tests/nlu/crisis_test.yml` ({sizes["test"][0]} crisis messages of six kinds, {sizes["test"][1]} ordinary questions),
written before the expression list and never tuned on, and the DEV set `tests/nlu/crisis_dev.yml`
({sizes["dev"][0]} / {sizes["dev"][1]}) the list was tuned on; no message is in both, nor in the training data
`nlu_data/` (a test checks it).

Recall counts a crisis message as found when it is flagged with any kind (the safety question is whether the
24/7 numbers come first); kind agreement is the share of found messages given their labelled kind. False alarms:
share of ordinary questions flagged (debt, addiction, family, migration, seniors, food, opening hours, small talk,
and hard cases such as „Frauenhaus Öffnungszeiten?“, „Suchtberatung für meinen Sohn“, „wo kann man Blut
spenden“, „Schlafsack spenden“). Brackets: bootstrap 95 % intervals ({RESAMPLES} resamples of messages). The test
suite (`tests/german_text/test_crisis.py`) requires test recall ≥ 0.98, false alarms ≤ 0.02, and 100,000
characters in under 0.2 s. Caveat: the sets and the list were written by the same author (the test set first), so
these figures are likely optimistic; messages from real conversations would measure it more fairly. The
detector complements the intent classifier, it does not replace it.

{chr(10).join(table)}

Recall per kind:

{chr(10).join(kinds_table)}
"""
    write_section("Crisis detection", body)
    print("\nwrote BENCHMARKS.md: ## Crisis detection")


if __name__ == "__main__":
    main()
