"""Write one titled section of BENCHMARKS.md, replacing an older run's section."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def write_section(title: str, body: str) -> None:
    """Replace the section headed `## title` (or append it) with `body`."""
    section = f"## {title}\n\n{body.strip()}\n"
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    start = text.find(f"## {title}\n")
    if start >= 0:
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end:] if end >= 0 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS.write_text(text, encoding="utf-8")


RESAMPLES = 2000


def bootstrap(values: list[float], seed: int = 1) -> tuple[float, float, float]:
    """Mean of per-item values and its bootstrap 95 % interval (items resampled with replacement)."""
    if not values:
        return float("nan"), float("nan"), float("nan")
    return bootstrap_statistic(values, lambda sample: sum(sample) / len(sample), seed)


def bootstrap_statistic(items: list, statistic: Callable[[list], float], seed: int = 1) -> tuple[float, float, float]:
    """A statistic over items (macro-F1 over (gold, predicted) pairs, say) and its bootstrap 95 % interval."""
    rng = random.Random(seed)
    estimates = sorted(statistic(rng.choices(items, k=len(items))) for _ in range(RESAMPLES))
    return statistic(items), estimates[int(0.025 * RESAMPLES)], estimates[int(0.975 * RESAMPLES) - 1]


def paired_difference(ours: list[float], theirs: list[float], seed: int = 1) -> tuple[float, float, float]:
    """Mean difference ours - theirs over the same items, with a paired bootstrap 95 % interval."""
    return bootstrap([a - b for a, b in zip(ours, theirs, strict=True)], seed)


def interval(estimate: tuple[float, float, float]) -> str:
    """Format an estimate with its interval: 0.865 [0.818–0.908]."""
    value, low, high = estimate
    return f"{value:.3f} [{low:.3f}–{high:.3f}]"
