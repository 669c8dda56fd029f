"""The labelled question sets: dev sets stay apart from the test sets they must not leak into."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from german_text import tokens

RETRIEVAL = Path(__file__).resolve().parent.parent / "retrieval"
PAIRS = [("demo_dev.yml", "demo_questions.yml"), ("berlin_dev.yml", "berlin_questions.yml")]


def _questions(name: str) -> list[dict]:
    return yaml.safe_load((RETRIEVAL / name).read_text(encoding="utf-8"))["questions"]


def _folded(question: str) -> str:
    return " ".join(tokens(question))


@pytest.mark.parametrize(("dev", "test"), PAIRS)
def test_no_dev_question_is_a_test_question(dev, test) -> None:
    test_questions = {_folded(q["question"]) for q in _questions(test)}
    leaked = [q["question"] for q in _questions(dev) if _folded(q["question"]) in test_questions]
    assert leaked == []


@pytest.mark.parametrize(("dev", "minimum"), [("demo_dev.yml", 100), ("berlin_dev.yml", 60)])
def test_dev_sets_are_large_enough_and_labelled(dev, minimum) -> None:
    questions = _questions(dev)
    assert len(questions) >= minimum
    assert all(q["question"].strip() and q["relevant"] for q in questions)
    folded = [_folded(q["question"]) for q in questions]
    assert len(set(folded)) == len(folded)


def test_demo_dev_labels_name_existing_entries(demo_records) -> None:
    ids = {r.external_id for r in demo_records}
    unknown = {x for q in _questions("demo_dev.yml") for x in q["relevant"] if x not in ids}
    assert unknown == set()
