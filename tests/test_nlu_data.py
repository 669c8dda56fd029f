"""Guards on the NLU data: the held-out set is never trained on."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}")


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
                found[" ".join(plain.lower().split())] = block["intent"]
    return found


def test_no_held_out_message_is_in_the_training_data() -> None:
    training = {}
    for path in sorted((ROOT / "nlu_data").glob("*.yml")):
        training.update(_examples(path))
    held_out = _examples(ROOT / "tests" / "nlu" / "heldout.yml")
    assert len(held_out) >= 300
    assert sorted(set(held_out) & set(training)) == []


def test_every_trained_intent_is_in_the_held_out_set() -> None:
    training = {}
    for path in sorted((ROOT / "nlu_data").glob("*.yml")):
        training.update(_examples(path))
    held_out = _examples(ROOT / "tests" / "nlu" / "heldout.yml")
    assert set(training.values()) == set(held_out.values())
