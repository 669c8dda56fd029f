"""The evaluation reports' bootstrap intervals (scripts/_report.py) hold the value and widen with noise."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from _report import bootstrap_statistic  # noqa: E402


def _share_right(pairs: list[tuple[str, str]]) -> float:
    return sum(g == p for g, p in pairs) / len(pairs)


def test_the_interval_holds_the_statistic_and_is_empty_without_variation() -> None:
    all_right = [("a", "a"), ("b", "b")] * 50
    assert bootstrap_statistic(all_right, _share_right) == (1.0, 1.0, 1.0)

    mixed = [("a", "a")] * 80 + [("a", "b")] * 20
    value, low, high = bootstrap_statistic(mixed, _share_right)
    assert value == 0.8
    assert 0.7 < low < value < high < 0.9


def test_fewer_items_give_a_wider_interval() -> None:
    small = [("a", "a")] * 8 + [("a", "b")] * 2
    large = small * 20
    _, low_small, high_small = bootstrap_statistic(small, _share_right)
    _, low_large, high_large = bootstrap_statistic(large, _share_right)
    assert high_small - low_small > 2 * (high_large - low_large)
