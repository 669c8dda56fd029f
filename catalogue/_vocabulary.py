"""The controlled vocabulary (categories, target groups) kept in vocabulary.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from german_text import content_terms, tokens

_VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yml")


@dataclass(frozen=True)
class Concept:
    """A category or target group and the stemmed phrases that name it."""

    kind: str  # "category", "topic" or "target_group"
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
    topics: dict[str, Concept] = field(default_factory=dict)  # needs across categories, not an editor's list
    accessibility: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "positive"/"negative" folded words
    wishes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # filter name -> folded phrases asking for it
    unspecific: frozenset[str] = frozenset()  # stems of words that ask for help without naming a need
    clarify_topics: tuple[tuple[str, str], ...] = ()  # (button label, question it sends)


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
    topics = {
        name: Concept(kind="topic", name=name, group="", phrases=_phrases([name, *entry.get("synonyms", [])]))
        for name, entry in (data.get("topics") or {}).items()
    }
    aliases = {name: tuple(words) for name, words in data.get("language_aliases", {}).items()}
    accessibility = {kind: tuple(words) for kind, words in (data.get("accessibility") or {}).items()}
    wishes = {name: tuple(" ".join(tokens(p)) for p in phrases) for name, phrases in (data.get("wishes") or {}).items()}
    unspecific = frozenset(term for word in data.get("unspecific_words") or [] for term in content_terms(word))
    clarify = tuple((item["label"], item["text"]) for item in data.get("clarify_topics") or [])
    return Vocabulary(
        tuple(data["provider_types"]),
        categories,
        target_groups,
        aliases,
        topics,
        accessibility,
        wishes,
        unspecific,
        clarify,
    )
