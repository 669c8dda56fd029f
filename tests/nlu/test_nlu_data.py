"""Guards on the NLU data: the held-out and development sets are never trained on."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
HELD_OUT = ROOT / "tests" / "nlu" / "heldout.yml"
DEV = ROOT / "tests" / "nlu" / "dev.yml"
# A second tuning set, written on 2026-12-01 after dev.yml had been tuned on too closely.
DEV2 = ROOT / "tests" / "nlu" / "dev2.yml"
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}")
# Punctuation and case do not make a message new: "Bist du echt?" = "bist du echt".
_NOT_A_WORD = re.compile(r"[^\w]+")


def _examples(path: Path) -> dict[str, str]:
    """Return normalised example text -> intent for one NLU file."""
    found = {}
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if "intent" not in block:
            continue
        for line in block["examples"].splitlines():
            text = line.strip().removeprefix("- ").strip()
            if text:
                plain = _ANNOTATION.sub(lambda m: m.group(1) or m.group(2), text)
                found[_NOT_A_WORD.sub(" ", plain.lower()).strip()] = block["intent"]
    return found


def _training() -> dict[str, str]:
    training = {}
    for path in sorted((ROOT / "nlu_data").glob("*.yml")):
        training.update(_examples(path))
    return training


def test_no_held_out_message_is_in_the_training_data() -> None:
    held_out = _examples(HELD_OUT)
    assert len(held_out) >= 300
    assert sorted(set(held_out) & set(_training())) == []


def test_every_trained_intent_is_in_the_held_out_set() -> None:
    assert set(_training().values()) == set(_examples(HELD_OUT).values())


def test_the_dev_set_is_neither_trained_on_nor_part_of_the_held_out_set() -> None:
    dev = _examples(DEV)
    assert len(dev) >= 150
    assert set(dev.values()) == set(_training().values())
    assert sorted(set(dev) & set(_training())) == []
    assert sorted(set(dev) & set(_examples(HELD_OUT))) == []


def test_the_second_dev_set_is_apart_from_training_the_first_dev_set_and_the_held_out_set() -> None:
    dev2 = _examples(DEV2)
    assert len(dev2) >= 150
    assert set(dev2.values()) == set(_training().values())
    for other in (_training(), _examples(DEV), _examples(HELD_OUT)):
        assert sorted(set(dev2) & set(other)) == []
