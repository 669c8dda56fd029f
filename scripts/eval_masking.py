"""Measure the masking of personal data against the old scrub(), in one run, on the dev and test sets.

Methods: `catalogue._privacy.mask_personal_data` and, as baseline, the old `scrub()` (the regexes that
catalogue/_unanswered.py used before). Metrics, each with a bootstrap 95 % interval (2,000 resamples of
messages, fixed seed):

- recall: share of labelled personal substrings no longer in the output (as a whole word, any occurrence);
- strict recall: share of labelled substrings of which no piece (a word or number of 3+ characters that
  the rest of the message does not contain) is left, so that "0171 [Nummer]" does not count as removed;
- false masking: share of ordinary questions whose output differs from the input in any way;
- for `mentions_sensitive_detail`: share of the sensitive messages flagged, share of ordinary ones flagged.

The held-out TEST set is tests/privacy/masking_set.yml; tune on tests/privacy/masking_dev.yml only:

    python scripts/eval_masking.py --no-report      # print only
    python scripts/eval_masking.py                  # print and write BENCHMARKS.md's section
"""

from __future__ import annotations

import argparse
import random
import re
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

from catalogue import mask_personal_data, mentions_sensitive_detail  # noqa: E402

# The baseline: scrub() as catalogue/_unanswered.py had it before mask_personal_data (kept here to compare).
_OLD_SCRUBBERS = (
    (re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE), "[E-Mail]"),
    (re.compile(r"https?://\S+", re.IGNORECASE), "[Link]"),
    (re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[0-9A-Z]{1,4}){3,8}\b"), "[IBAN]"),
    (re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b"), "[Datum]"),
    (re.compile(r"\+?\d[\d\s/().-]{4,}\d"), "[Nummer]"),
    (re.compile(r"\b\d+\b"), "[Zahl]"),
)


def scrub(text: str) -> str:
    """The old regexes: e-mail addresses, links, IBANs, dates, numbers."""
    for pattern, replacement in _OLD_SCRUBBERS:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())[:500]


SETS = {"dev": ROOT / "tests/privacy/masking_dev.yml", "test": ROOT / "tests/privacy/masking_set.yml"}
RESAMPLES = 2000
SEED = 20261130


def _still_there(item: str, masked: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(item) + r"(?!\w)", masked) is not None


def _piece_left(item: str, text: str, masked: str) -> bool:
    """Some identifying piece of the item (3+ characters, not found elsewhere in the message) is left."""
    rest = text.replace(item, " ")
    for piece in re.findall(r"\w{3,}", item):
        if re.search(r"(?<!\w)" + re.escape(piece) + r"(?!\w)", rest):
            continue
        if re.search(r"(?<!\w)" + re.escape(piece) + r"(?!\w)", masked):
            return True
    return False


def _interval(values: Sequence[tuple[int, int]], rng: random.Random) -> tuple[float, float, float]:
    """Point estimate and bootstrap 95 % interval of sum(hits) / sum(counts) over resampled messages."""
    hits = sum(h for h, _ in values)
    total = sum(c for _, c in values)
    estimates = []
    for _ in range(RESAMPLES):
        sample = [values[rng.randrange(len(values))] for _ in values]
        n = sum(c for _, c in sample)
        estimates.append(sum(h for h, _ in sample) / n if n else 0.0)
    estimates.sort()
    return hits / total, estimates[int(0.025 * RESAMPLES)], estimates[int(0.975 * RESAMPLES) - 1]


def evaluate(data: dict, method: Callable[[str], str], rng: random.Random) -> dict:
    recall, strict, altered, timings = [], [], [], []
    for entry in data["personal"]:
        started = time.perf_counter()
        masked = method(entry["text"])
        timings.append(time.perf_counter() - started)
        items = entry["personal"]
        recall.append((sum(not _still_there(i, masked) for i in items), len(items)))
        strict.append((sum(not _piece_left(i, entry["text"], masked) for i in items), len(items)))
    for text in data["ordinary"]:
        started = time.perf_counter()
        altered.append((int(method(text) != text), 1))
        timings.append(time.perf_counter() - started)
    return {
        "recall": _interval(recall, rng),
        "strict": _interval(strict, rng),
        "false": _interval(altered, rng),
        "median_us": statistics.median(timings) * 1e6,
    }


def evaluate_sensitive(data: dict, rng: random.Random) -> dict:
    flagged = [(int(mentions_sensitive_detail(t)), 1) for t in data.get("sensitive", [])]
    ordinary = [(int(mentions_sensitive_detail(t)), 1) for t in data["ordinary"]]
    return {"found": _interval(flagged, rng), "false": _interval(ordinary, rng), "n": len(flagged)}


def _fmt(value: tuple[float, float, float]) -> str:
    return f"{value[0]:.3f} [{value[1]:.3f}–{value[2]:.3f}]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-report", action="store_true", help="print only, do not write BENCHMARKS.md")
    args = parser.parse_args()

    methods = {"mask_personal_data (catalogue._privacy)": mask_personal_data, "Basislinie: scrub() (bisher)": scrub}
    rows, sensitive_rows, sizes = [], [], {}
    for set_name, path in SETS.items():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        items = sum(len(e["personal"]) for e in data["personal"])
        sizes[set_name] = (len(data["personal"]), items, len(data["ordinary"]), len(data.get("sensitive", [])))
        for method_name, method in methods.items():
            result = evaluate(data, method, random.Random(SEED))
            rows.append((set_name, method_name, result))
        sensitive_rows.append((set_name, evaluate_sensitive(data, random.Random(SEED))))

    table = [
        "| set | method | recall | strict recall | false masking | median µs/message |",
        "|---|---|---|---|---|---|",
    ]
    for set_name, method_name, r in rows:
        table.append(
            f"| {set_name} | {method_name} | {_fmt(r['recall'])} | {_fmt(r['strict'])} | {_fmt(r['false'])} "
            f"| {r['median_us']:.0f} |"
        )
    sensitive_table = [
        "| set | sensitive messages flagged | ordinary questions flagged |",
        "|---|---|---|",
    ]
    for set_name, r in sensitive_rows:
        sensitive_table.append(f"| {set_name} | {_fmt(r['found'])} (n={r['n']}) | {_fmt(r['false'])} |")
    print("\n".join(table))
    print()
    print("\n".join(sensitive_table))

    if args.no_report:
        return
    dev, test = sizes["dev"], sizes["test"]
    body = f"""
Measured by `scripts/eval_masking.py` on {time.strftime("%Y-%m-%d")}, Python {sys.version.split()[0]}. Both methods
run in the same process on the same messages: `mask_personal_data` (`catalogue/_privacy.py`, rules and word lists,
no model) and, as baseline, `scrub()` as `catalogue/_unanswered.py` had it before (a copy in this script). Sets:
the held-out TEST set `tests/privacy/masking_set.yml` ({test[0]} messages with {test[1]} labelled personal
substrings, {test[2]} ordinary questions, {test[3]} messages with special-category details), written before the
rules and never tuned on, and the DEV set `tests/privacy/masking_dev.yml` ({dev[0]} / {dev[1]} / {dev[2]} /
{dev[3]}) the rules were tuned on; no message is in both (a test checks it). Labels: names, phone numbers (digits
and spoken), e-mail addresses (also written out), IBANs and account numbers, dates of birth, street addresses with
house number, file and customer numbers; first and last names are separate substrings. A street with number in a
sentence that places a service there and speaks of no one counts as the service's address, not as personal.

Recall is the share of labelled substrings no longer in the output; strict recall counts a substring only when
no word or number of 3+ characters from it is left; false masking is the share of ordinary questions changed in
any way (`scrub()` also turns every number into `[Zahl]` and squeezes spaces). Brackets: bootstrap 95 % intervals
({RESAMPLES} resamples of messages). The test suite (`tests/privacy/test_masking.py`) requires test recall ≥ 0.95 and
false masking ≤ 0.02, and 100,000 characters in under 0.5 s. Caveat: the sets and the rules were written by the
same author (the test set first), so these figures are likely optimistic; a set written independently, ideally
from real anonymised chat logs, would measure the masking more fairly.

{chr(10).join(table)}

`mentions_sensitive_detail` (health, pregnancy, sexual orientation, criminal record, religion, union membership
tied to a person; such messages are not stored at all); the baseline has no counterpart:

{chr(10).join(sensitive_table)}
"""
    write_section("Masking of personal data", body)
    print("\nwrote BENCHMARKS.md: ## Masking of personal data")


if __name__ == "__main__":
    main()
