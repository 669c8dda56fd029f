"""The controlled vocabulary (categories, target groups) kept in vocabulary.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
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
    drop_filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # filter name -> folded phrases
    detail_aspects: dict[str, tuple[str, ...]] = field(default_factory=dict)  # aspect -> folded phrases ("*": prefix)
    life_areas: dict[str, LifeArea] = field(default_factory=dict)  # "Schulden" -> its words and counselling
    responsible_office_categories: tuple[str, ...] = ()  # what a district's Sozialzentrum is made of
    one_stop_category: str = ""  # the "Hilfe aus einer Hand" agency's category
    indifference: tuple[str, ...] = ()  # folded words saying a filter does not matter ("egal")
    filter_nouns: dict[str, tuple[str, ...]] = field(default_factory=dict)  # filter -> folded nouns naming it
    reference_words: frozenset[str] = frozenset()  # folded words pointing at a shown result ("die", "dort")
    place_words: frozenset[str] = frozenset()  # folded words pointing at a place already shown ("dort", "bei denen")
    person_words: frozenset[str] = frozenset()  # folded words for a person to talk to ("Mensch", "Mitarbeiter")
    refine_cues: frozenset[str] = frozenset()  # folded words that make a named filter a change of the search
    office_words: frozenset[str] = frozenset()  # folded words asking who is responsible ("zuständig")
    age_groups: tuple[tuple[str, int, int], ...] = ()  # (target group, from age, to age)
    age_cues_before: frozenset[str] = frozenset()  # folded words before a number that make it an age ("bin 16")
    age_cues_after: frozenset[str] = frozenset()  # folded words after it ("16 Jahre")
    limited_groups: dict[str, Concept] = field(default_factory=dict)  # groups a service can serve only
    home_visit_words: tuple[str, ...] = ()  # folded words in a service's text saying it visits people at home
    # Folded words for someone a message is about, after "mein"/"unser" ("mein Nachbar spricht nur Farsi").
    proxy_persons: frozenset[str] = frozenset()
    possessives: frozenset[str] = frozenset()
    # Folded words a follow-up may start with before it points at a result ("und die in der Altstadt?").
    leading_fillers: frozenset[str] = frozenset()
    # Folded verbs that ask for other results even before a reference word ("gibts die auch …").
    search_verbs: frozenset[str] = frozenset()

    @cached_property
    def concept_terms(self) -> frozenset[str]:
        """Every stem that names a category, topic or target group (kept from typo correction)."""
        concepts = (*self.categories.values(), *self.topics.values(), *self.target_groups.values())
        return frozenset(term for concept in concepts for phrase in concept.phrases for term in phrase)


@dataclass(frozen=True)
class LifeArea:
    """A part of life where problems come together ("Schulden", "Wohnung") and its specialised counselling."""

    name: str
    category: str
    words: tuple[str, ...]  # folded phrases; a word ending in "*" matches every word starting with it


def _folded(phrases: list[str]) -> tuple[str, ...]:
    """Fold phrases like the question's words; keep a trailing "*" (prefix match)."""
    return tuple(" ".join(tokens(p)) + ("*" if p.endswith("*") else "") for p in phrases)


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
    drops = {name: _folded(phrases) for name, phrases in (data.get("drop_filters") or {}).items()}
    aspects = {name: _folded(phrases) for name, phrases in (data.get("detail_aspects") or {}).items()}
    ages = data.get("age_groups") or {}
    areas = {
        name: LifeArea(name, entry["category"], _folded(entry["words"]))
        for name, entry in (data.get("life_areas") or {}).items()
    }
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
        drops,
        aspects,
        areas,
        tuple(data.get("responsible_office_categories") or ()),
        data.get("one_stop_category") or "",
        _folded(data.get("indifference_words") or []),
        {name: _folded(words) for name, words in (data.get("filter_nouns") or {}).items()},
        frozenset(_folded(data.get("reference_words") or [])),
        frozenset(_folded(data.get("place_words") or [])),
        frozenset(_folded(data.get("person_words") or [])),
        frozenset(_folded(data.get("refine_cues") or [])),
        frozenset(_folded(data.get("office_words") or [])),
        tuple((g["group"], int(g["from"]), int(g["to"])) for g in ages.get("groups") or []),
        frozenset(_folded(ages.get("cues_before") or [])),
        frozenset(_folded(ages.get("cues_after") or [])),
        {
            name: Concept(kind="limited_group", name=name, group="", phrases=_phrases(words))
            for name, words in (data.get("limited_groups") or {}).items()
        },
        home_visit_words=_folded(data.get("home_visit_words") or []),
        proxy_persons=frozenset(_folded((data.get("proxy_persons") or {}).get("persons") or [])),
        possessives=frozenset(_folded((data.get("proxy_persons") or {}).get("possessives") or [])),
        leading_fillers=frozenset(_folded(data.get("leading_fillers") or [])),
        search_verbs=frozenset(_folded(data.get("search_verbs") or [])),
    )
