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


def test_a_seeded_production_config_changes_only_the_intent_classifiers_seed() -> None:
    from eval_intents import diet_seed, production_config, seeded_config

    config = production_config()
    seeded = seeded_config(config, 7)
    assert diet_seed(seeded) == 7
    assert [c for c in seeded["pipeline"] if c["name"] != "DIETClassifier"] == [
        c for c in config["pipeline"] if c["name"] != "DIETClassifier"
    ]
    assert seeded["policies"] == config["policies"]  # the dialogue policies keep their own seed
    assert diet_seed(config) != 7  # the original is not changed in place


def test_a_config_without_an_intent_classifier_is_refused() -> None:
    import pytest
    from eval_intents import seeded_config

    with pytest.raises(ValueError):
        seeded_config({"pipeline": [{"name": "WhitespaceTokenizer"}], "policies": []}, 7)


def test_the_seed_spread_names_mean_range_and_every_seed() -> None:
    from eval_intents import seed_spread

    runs = [{"seed": 42, "macro_f1": 0.935}, {"seed": 1, "macro_f1": 0.950}, {"seed": 2, "macro_f1": 0.924}]
    text = seed_spread(runs)
    assert "mean 0.936" in text
    assert "range 0.924–0.950" in text
    assert "42: 0.935" in text and "2: 0.924" in text
