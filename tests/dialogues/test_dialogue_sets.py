"""The multi-turn evaluation dialogues stay apart from training data and are well-formed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SETS = {name: ROOT / "tests" / "dialogues" / f"{name}.yml" for name in ("heldout", "dev", "dev3")}
BEHAVIOURS = {"crisis", "filters", "followups", "clarify", "triage", "handover", "easy_language", "freshness"}
EXPECTATIONS = {
    "first_text",
    "text",
    "text_any",
    "not_text",
    "cards",
    "first_service",
    "service",
    "filters",
    "filters_absent",
    "relaxed",
    "buttons",
    "buttons_max",
    "contact_form",
    "easy_language",
}


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text).lower()).split())


def _dialogues(name: str) -> list[dict]:
    return yaml.safe_load(SETS[name].read_text(encoding="utf-8"))["dialogues"]


def _user_messages(name: str) -> set[str]:
    return {_normal(turn["user"]) for d in _dialogues(name) for turn in d["turns"]}


def _training_messages() -> set[str]:
    found = set()
    for path in (ROOT / "nlu_data").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            for line in (block.get("examples") or "").splitlines():
                if line.startswith("- "):
                    found.add(_normal(line[2:]))
    return found


@pytest.mark.parametrize("name", sorted(SETS))
def test_no_dialogue_message_is_a_training_example(name) -> None:
    overlap = _user_messages(name) & _training_messages()
    # Answers of up to three words ("ja", "im Nordhafen", a topic's label) are too common to keep apart.
    overlap = {m for m in overlap if len(m.split()) > 3}
    assert not overlap, sorted(overlap)[:10]


def test_heldout_and_tuning_dialogues_do_not_share_messages() -> None:
    tuning = _user_messages("dev") | _user_messages("dev3")
    shared = {m for m in _user_messages("heldout") & tuning if len(m.split()) > 3}
    assert not shared, sorted(shared)


def test_the_heldout_set_covers_every_behaviour_with_enough_dialogues() -> None:
    dialogues = _dialogues("heldout")
    assert len(dialogues) >= 60
    counts = {b: sum(d["behaviour"] == b for d in dialogues) for b in BEHAVIOURS}
    assert all(n >= 6 for n in counts.values()), counts
    assert len({d["id"] for d in dialogues}) == len(dialogues)


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_turn_says_what_must_hold_in_known_terms(name) -> None:
    for dialogue in _dialogues(name):
        assert dialogue["behaviour"] in BEHAVIOURS, dialogue["id"]
        assert len(dialogue["turns"]) >= 2, dialogue["id"]
        for turn in dialogue["turns"]:
            assert turn["user"].strip() and turn["expect"], dialogue["id"]
            assert set(turn["expect"]) <= EXPECTATIONS, (dialogue["id"], set(turn["expect"]) - EXPECTATIONS)
