"""The controlled vocabulary (categories, target groups) kept in vocabulary.yml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from catalogue.german import content_terms

_VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yml")


@dataclass(frozen=True)
class Concept:
    """A category or target group and the stemmed phrases that name it."""

    kind: str  # "category" or "target_group"
    name: str
    group: str
    phrases: tuple[tuple[str, ...], ...]
    weak_phrases: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Allowed values and their synonyms."""

    provider_types: tuple[str, ...]
    categories: dict[str, Concept]
    target_groups: dict[str, Concept]
    language_aliases: dict[str, tuple[str, ...]]


def _phrases(words: list[str]) -> tuple[tuple[str, ...], ...]:
    stemmed = (tuple(content_terms(w)) for w in words)
    return tuple(sorted({p for p in stemmed if p}))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load and cache the vocabulary."""
    data = yaml.safe_load(_VOCABULARY_FILE.read_text(encoding="utf-8"))
    categories = {
        name: Concept(
            kind="category",
            name=name,
            group=entry["group"],
            phrases=_phrases([name, *entry.get("synonyms", [])]),
            weak_phrases=_phrases(entry.get("weak_synonyms", [])),
        )
        for name, entry in data["categories"].items()
    }
    target_groups = {
        name: Concept(kind="target_group", name=name, group="", phrases=_phrases([name, *words]))
        for name, words in data["target_groups"].items()
    }
    aliases = {name: tuple(words) for name, words in data.get("language_aliases", {}).items()}
    return Vocabulary(tuple(data["provider_types"]), categories, target_groups, aliases)
