"""The labelled question sets: dev sets stay apart from the test sets they must not leak into."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import catalogue
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


@pytest.mark.parametrize(
    ("name", "minimum"),
    [("demo_dev.yml", 100), ("berlin_dev.yml", 100), ("demo_questions.yml", 200), ("berlin_questions.yml", 150)],
)
def test_sets_are_large_enough_and_labelled(name, minimum) -> None:
    questions = _questions(name)
    assert len(questions) >= minimum
    assert all(q["question"].strip() and q["relevant"] for q in questions)
    folded = [_folded(q["question"]) for q in questions]
    assert len(set(folded)) == len(folded)


@pytest.mark.parametrize("name", ["berlin_dev.yml", "berlin_questions.yml"])
def test_berlin_labels_name_entries_of_the_csv(name) -> None:
    csv = RETRIEVAL.parents[2] / "shared/datasets/berlin-hilf-mir/hilf-mir-berlin.csv"
    if not csv.exists():
        pytest.skip(f"{csv} fehlt")
    ids = {r.external_id.lower() for r in catalogue.read_berlin_csv(csv).records}
    unknown = {str(x).lower() for q in _questions(name) for x in q["relevant"]} - ids
    assert unknown == set()


def test_demo_dev_labels_name_existing_entries(demo_records) -> None:
    ids = {r.external_id for r in demo_records}
    unknown = {x for q in _questions("demo_dev.yml") for x in q["relevant"] if x not in ids}
    assert unknown == set()
