"""Rank catalogue services for a question plus conversation filters."""

from __future__ import annotations

import heapq
import math
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import combinations
from pathlib import Path

import numpy as np
import yaml
from rapidfuzz import fuzz, process
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalogue._index import FIELDS, Doc, Index, index_of
from catalogue._models import Service
from catalogue._presenters import local_now, opening_text
from catalogue._question import (
    TYPO_CUTOFF,
    Question,
    analyse_text,
    find_concepts,
    named_whole,
    needs_named,
    resolve_district,
    resolve_target_group,
)
from catalogue._vocabulary import vocabulary
from german_text import Expansions, colloquial, content_terms, expand, fold, load_expansions

_WEIGHTS_FILE = Path(__file__).resolve().parent / "search_weights.yml"
# Query expansion: what citizens say (symptoms, slang, drug and medication names) -> the
# words service directories use. Read by the search only (the NLU keeps colloquial_de.txt).
_EXPANSIONS_FILE = Path(__file__).resolve().parent / "search_expansions.txt"
RELATIVE_CUTOFF = 0.3  # drop hits scoring under this share of the best hit
# Unsure: the best hit of another need scores within this share of the best hit.
# Set on the DEV sets (make eval reports how often it happens and how often the first hit was wrong then).
UNSURE_MARGIN = 0.05


@dataclass(frozen=True)
class SearchWeights:
    """The ranking signals' weights, all in one place (scripts/fit_search_weights.py fits them on the dev sets).

    A query word adds idf × the weight of the best field of the service it is found in;
    a named category or topic, and a named target group, add their bonus once.
    """

    name: float = 3.0
    category: float = 2.5
    keywords: float = 2.0
    target_groups: float = 1.5
    description: float = 1.0
    provider: float = 0.5
    # A word of a keyword list naming nearly everything (boilerplate rows); dev: 2.0 -> 0.5 gains 2 of 130.
    keyword_list: float = 0.5
    category_bonus: float = 8.0  # the query names the service's category (or a synonym of it)
    topic_bonus: float = 8.0  # the query names a need (topic) the service's category or keywords carry
    target_group_bonus: float = 2.0  # the query names one of the service's target groups
    # A service only for groups the question does not name (Frauen, LSBTIQ*, Kinder und
    # Jugendliche …) keeps this share of its score (1.0: no difference).
    # 1.0 (off) by default: 0.7 gains 2 of 130 Berlin dev questions but lets a relaxed district win
    # in "Krisendienst in Pankow" (the named-need check reads "Krise" as a demo category).
    limited_group_factor: float = 1.0
    # Words added by the colloquial list and the query expansions (saufen → alkohol) count with this
    # share of a word the person wrote; 0.0 adds none (make eval measures the search without them).
    expansion: float = 1.0

    def field_table(self) -> list[float]:
        """Return the best field weight for every set of fields (a bit per field, as the index stores them)."""
        weights = [getattr(self, name) for name in FIELDS]
        masks = range(1 << len(FIELDS))
        return [max((w for bit, w in enumerate(weights) if mask >> bit & 1), default=0.0) for mask in masks]


@lru_cache(maxsize=1)
def default_weights() -> SearchWeights:
    """Return the weights a city chose in catalogue/search_weights.yml, else the hand-set ones.

    scripts/fit_search_weights.py writes its result to search_weights_fitted.yml; it becomes
    the default only when copied to search_weights.yml (on our sets it did not win beyond
    the noise and weakened a named category, so the hand-set weights stay).
    """
    if not _WEIGHTS_FILE.exists():
        return SearchWeights()
    values = yaml.safe_load(_WEIGHTS_FILE.read_text(encoding="utf-8")) or {}
    return SearchWeights(**{k: float(v) for k, v in values.get("weights", {}).items()})


@lru_cache(maxsize=1)
def _expansions() -> Expansions:
    return load_expansions(_EXPANSIONS_FILE) if _EXPANSIONS_FILE.exists() else ()


@lru_cache(maxsize=8)
def _field_table(weights: SearchWeights) -> np.ndarray:
    return np.array(weights.field_table())


@dataclass
class Hit:
    """One ranked service."""

    service: Service
    score: float


# How many of the best hits the open-now filter checks against their hours.
_OPEN_CHECK = 300


@dataclass
class SearchResult:
    """Ranked hits and the filters that were applied or had to be dropped."""

    hits: list[Hit]
    district: str | None = None
    target_group: str | None = None
    relaxed: list[str] = field(default_factory=list)  # names of filters dropped to find anything
    language: str | None = None
    accessible: bool = False  # only wheelchair-accessible services were asked for
    open_now: bool = False  # only services open at the moment asked about
    unspecific: bool = False  # the question names no need, group or language ("Beratung", "Hilfe bitte")
    free_of_charge: bool = False  # only services without fees were asked for
    choices: list[str] = field(default_factory=list)  # needs scoring almost alike: ask which is meant

    @property
    def unsure(self) -> bool:
        """Tell whether services of different needs scored almost alike (better to ask than to guess)."""
        return len(self.choices) >= 2

    @property
    def applied(self) -> dict[str, str | bool]:
        """Return the filters the hits satisfy, by name (dropped ones left out)."""
        values: dict[str, str | bool | None] = {
            "district": self.district,
            "target_group": self.target_group,
            "language": self.language,
            "accessible": self.accessible,
            "open_now": self.open_now,
            "free_of_charge": self.free_of_charge,
        }
        return {name: value for name, value in values.items() if value and name not in self.relaxed}


def _open_ids(session: Session, ids: list[int], moment: datetime) -> set[int]:
    """Return the ids among `ids` whose services are open at `moment` (holidays and closures included)."""
    statement = (
        select(Service)
        .where(Service.id.in_(ids))
        .options(selectinload(Service.schedules), selectinload(Service.closures))
    )
    return {s.id for s in session.scalars(statement) if opening_text(s, moment)[0]}


def _correct_typos(terms: list[str], index: Index, extra: AbstractSet[str]) -> list[str]:
    corrected = []
    choices: list[str] | None = None
    for term in terms:
        if len(term) < 5 or term in extra or index.matches(term):
            corrected.append(term)
            continue
        if choices is None:
            choices = [k for k in (*index.terms, *extra) if len(k) >= 5]
        best = process.extractOne(term, choices, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        corrected.append(best[0] if best else term)
    return corrected


def _rank(
    index: Index,
    candidates: np.ndarray,
    terms: list[str],
    categories: dict[str, float],
    groups: dict[str, float],
    weights: SearchWeights,
    named_groups: frozenset[str] = frozenset(),
    expanded: frozenset[str] = frozenset(),
) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions of the relevant candidates (a boolean mask over positions) and their scores.

    `expanded`: the terms the search added (colloquial words, query expansions), weighted by `weights.expansion`.
    """
    if not terms and not categories and not groups:
        positions = np.flatnonzero(candidates)
        return positions, np.zeros(len(positions))
    size = len(candidates)
    n = int(np.count_nonzero(candidates)) or 1
    scores = np.zeros(size)
    table = _field_table(weights)
    for term in set(terms):
        variants = index.matches(term)
        if not variants:
            continue
        best = np.zeros(size)
        for variant in variants:
            positions, fields = index.postings[variant]
            best[positions] = np.maximum(best[positions], table[fields])
        best *= candidates
        found = np.count_nonzero(best)
        if found:
            scores += best * math.log(1 + n / found) * (weights.expansion if term in expanded else 1.0)
    # Each named category or topic adds its bonus once, scaled by how strongly the
    # query names it and how strongly the service carries it.
    category_names = vocabulary().categories
    for name, weight in categories.items():
        bonus = weights.category_bonus if name in category_names else weights.topic_bonus
        positions, carried = index.concept_arrays(name)
        scores[positions] += bonus * weight * carried * candidates[positions]
    if groups:
        best_group = np.zeros(size)
        for name, weight in groups.items():
            best_group = np.maximum(best_group, weight * index.mask("group", name))
        scores += weights.target_group_bonus * best_group * candidates
    if weights.limited_group_factor != 1.0 and index.limited:
        # Services only for groups the question does not name rank lower.
        other = np.zeros(size, dtype=bool)
        for group in index.limited:
            if group not in named_groups:
                other |= index.mask("limited", group)
        for group in named_groups:
            if group in index.limited:
                other &= ~index.mask("limited", group)
        scores[other] *= weights.limited_group_factor
    hits = np.flatnonzero(scores > 0)
    if not len(hits):
        return hits, np.zeros(0)
    kept = hits[scores[hits] >= RELATIVE_CUTOFF * scores[hits].max()]
    return kept, scores[kept]


def _best(index: Index, positions: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """Return the `limit` best (position, score) pairs: highest score first, then by name;
    without any score (a district's list) by category and name."""
    if len(positions) > 4 * limit and scores.any():
        # Only the best few need sorting by name: take every service tied with the limit-th score.
        threshold = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = scores >= threshold
        positions, scores = positions[keep], scores[keep]
    pairs = zip(positions.tolist(), scores.tolist(), strict=True)
    return heapq.nsmallest(
        limit, pairs, key=lambda h: (-h[1], index.docs[h[0]].category if not h[1] else "", index.docs[h[0]].name)
    )


def _load(session: Session, index: Index, ranked: list[tuple[int, float]]) -> list[Hit]:
    ids = [index.docs[pos].id for pos, _ in ranked]
    statement = (
        select(Service)
        .where(Service.id.in_(ids))
        .options(selectinload(Service.organization), selectinload(Service.schedules))
    )
    services = {s.id: s for s in session.scalars(statement)}
    return [Hit(services[index.docs[pos].id], score) for pos, score in ranked if index.docs[pos].id in services]


def analyse(session: Session, text: str) -> Question:
    """Analyse a message once against the session's catalogue (its districts and languages)."""
    index = index_of(session)
    return analyse_text(text, sorted(index.by_district), set(index.by_language))


def search(
    session: Session,
    question: str | Question,
    *,
    district: str | None = None,
    target_group: str | None = None,
    category: str | None = None,
    language: str | None = None,
    accessible: bool = False,
    open_at: datetime | None = None,
    limit: int = 10,
    prefer_language: str | None = None,
    free_of_charge: bool = False,
    read_filters: bool = True,
    weights: SearchWeights | None = None,
) -> SearchResult:
    """Rank active services for `text`; drop filters one by one when they leave nothing.

    `accessible`: only services whose accessibility note says wheelchair users get in
    (dropped like the other filters, and named in `relaxed`, when it leaves nothing).
    `open_at`: only services open at that local time. Both are also taken from the
    question ("barrierefrei", "hat jetzt noch offen"); "open now" is dropped first.
    `free_of_charge`: only services without fees ("kostenlos"), dropped like the others.
    `language` is a hard filter; `prefer_language` (the chat's wish) is dropped, and
    said so, when nobody offers it for the need.
    `read_filters=False`: the caller keeps the conversation's filters and passes them
    all; the text is read only for its need (its filter words are still no topic).
    `weights`: the ranking signals' weights (default: `default_weights()`).
    """
    weights = weights or default_weights()
    index = index_of(session)
    districts = sorted(index.by_district)
    if isinstance(question, str):
        question = analyse_text(question, districts, set(index.by_language))
    text = question.text
    wishes = question.wishes
    wish_terms = {t for phrase in wishes.values() for t in content_terms(phrase)}
    if read_filters:
        accessible = accessible or "accessible" in wishes
        free_of_charge = free_of_charge or "free_of_charge" in wishes
        if open_at is None and "open_now" in wishes:
            open_at = local_now()
        district = resolve_district(districts, district) if district else question.district
        target_group = resolve_target_group(target_group) if target_group else question.target_group
    else:
        wish_terms |= set(content_terms(question.district or ""))
        district = resolve_district(districts, district)
        target_group = resolve_target_group(target_group)
    vocab = vocabulary()

    # Words that only name the district are a filter, not a topic.
    district_terms = set(content_terms(district or ""))
    terms = [t for t in question.terms if t not in district_terms | wish_terms]
    base = index.mask("live")
    if category:
        base = base & index.mask("category", category)
    # A language passed by the caller is a hard filter; one named in the text
    # is a wish that is dropped, and said so, when nobody offers it for the need.
    detected_language = None
    if language:
        wanted = fold(language)
        offered = np.zeros_like(base)
        for name in index.by_language:
            if fold(name) == wanted:
                offered |= index.mask("language", name)
        base = base & offered
    else:
        named_language = question.language
        if read_filters:
            detected_language = named_language
        elif prefer_language:
            detected_language = next((n for n in index.by_language if fold(n) == fold(prefer_language)), None)
        language = detected_language
        language_terms = set(content_terms(named_language or ""))
        for alias in vocab.language_aliases.get(named_language or "", ()):
            language_terms |= set(content_terms(alias))
        terms = [t for t in terms if t not in language_terms]

    # Only words like "Beratung", "Hilfe", "brauche": better to ask than to guess.
    unspecific = not (target_group or detected_language or category) and all(t in vocab.unspecific for t in terms)
    terms = _correct_typos(terms, index, vocab.concept_terms)
    # Colloquial words add the plain words they stand for (saufen → alkohol, Tilidin → Medikamente).
    plain = colloquial(" ".join(terms)) + colloquial(text) + expand(text, _expansions())
    expanded = frozenset(t for t in dict.fromkeys(plain) if t not in terms) if weights.expansion else frozenset()
    terms += [t for t in dict.fromkeys(plain) if t in expanded]
    need_terms = question.need_terms(terms)
    categories = find_concepts(need_terms, (*vocab.categories.values(), *vocab.topics.values()))

    # A named need ("Schuldnerberatung") that the filtered services lack makes
    # the filters too narrow, even when other services match a word or two;
    # a need no service of this catalogue carries fully (another city's category) never does.
    categories_named = {name for name, weight in categories.items() if weight >= 1.0}
    # A need named by a whole word ("Erziehungsberatung") is the one that must be served before a filter
    # is dropped, not one named only by the start of that word ("Hilfe zur Erziehung").
    must_serve = named_whole(need_terms, categories_named) or categories_named
    strong_arrays = [
        arrays
        for arrays in (index.concept_arrays(name) for name in must_serve if name in vocab.categories)
        if arrays[1].max(initial=0.0) >= 1.0
    ]
    # The limited groups the question names (by their words, its target group or age, or a
    # language), read only when the signal is on.
    named_groups = (
        limited_groups_named(terms, target_group, language) if weights.limited_group_factor != 1.0 else frozenset()
    )
    filters: dict[str, str | bool | None] = {
        "open_now": open_at is not None,
        "free_of_charge": free_of_charge,
        "target_group": target_group,
        "language": detected_language,
        "district": district,
        "accessible": accessible,
    }

    def attempt(dropped: tuple[str, ...]) -> tuple[tuple[np.ndarray, np.ndarray], bool]:
        """Rank with every filter but `dropped`; tell whether the hits serve the named need."""
        kept = {name: (None if name in dropped else value) for name, value in filters.items()}
        candidates = base
        for kind, value in (
            ("district", kept["district"]),
            ("group", kept["target_group"]),
            ("language", kept["language"]),
        ):
            if value:
                candidates = candidates & index.mask(kind, value)
        if kept["accessible"]:
            candidates = candidates & index.mask("accessible")
        if kept["free_of_charge"]:
            candidates = candidates & index.mask("free")
        groups = {kept["target_group"]: 1.0} if kept["target_group"] else {}
        positions, scores = _rank(index, candidates, terms, categories, groups, weights, named_groups, expanded)
        if kept["open_now"] and len(positions) and open_at is not None:
            # Opening hours live in the database: check only the best few hundred.
            if len(positions) > _OPEN_CHECK:
                best = np.argpartition(-scores, _OPEN_CHECK - 1)[:_OPEN_CHECK]
                positions, scores = positions[best], scores[best]
            open_ids = _open_ids(session, [index.docs[pos].id for pos in positions.tolist()], open_at)
            is_open = np.array([index.docs[pos].id in open_ids for pos in positions.tolist()], dtype=bool)
            positions, scores = positions[is_open], scores[is_open]
        good = bool(len(positions)) and (
            not strong_arrays
            or any(bool(carried[np.isin(at, positions)].max(initial=0.0) >= 1.0) for at, carried in strong_arrays)
        )
        return (positions, scores), good

    # When the filters leave nothing, drop as few as possible: first each one alone
    # (in the order of `filters`), then each pair, then all of them.
    active = [name for name, value in filters.items() if value]
    first, good = attempt(())
    ranked, relaxed = first, []
    if not good and active and (terms or categories):
        trials = [(name,) for name in active] + list(combinations(active, 2)) + [tuple(active)]
        for dropped in trials:
            ranked, good = attempt(dropped)
            if good:
                relaxed = list(dropped)
                break
    if not good and len(first[0]):
        ranked, relaxed = first, []
    best = _best(index, *ranked, limit)
    hits = _load(session, index, best)
    return SearchResult(
        hits,
        district,
        target_group,
        relaxed,
        language,
        accessible and "accessible" not in relaxed,
        open_at is not None and "open_now" not in relaxed,
        unspecific,
        free_of_charge and "free_of_charge" not in relaxed,
        # Only a need can be asked about: a list for a language, group or district alone is what was asked.
        _close_needs(index, best, categories_named) if any(t not in vocab.unspecific for t in terms) else [],
    )


def serves_need(session: Session, question: Question, service_ids: list[int]) -> bool:
    """Tell whether one of these services carries a need the question names (True when it names none).

    "wo ist das Sozialzentrum" after a list of meeting places asks for something not shown.
    """
    exact, prefixes = _aspect_stems()
    # What is asked about a shown service ("Rollstuhl", "Sprachen", "kostet") names no need.
    needs = needs_named(
        [t for t in question.need_terms(question.terms) if t not in exact and not t.startswith(prefixes)]
    )
    if not needs:
        return True
    index = index_of(session)
    for service_id in service_ids:
        position = index.position.get(service_id)
        doc = index.docs[position] if position is not None else None
        if doc is not None and any(doc.concepts.get(name, 0.0) >= 1.0 for name in needs):
            return True
    return False


@lru_cache(maxsize=1)
def _aspect_stems() -> tuple[frozenset[str], tuple[str, ...]]:
    """The normal forms of the words a follow-up asks with (vocabulary detail_aspects): exact, and prefixes."""
    exact: set[str] = set()
    prefixes: set[str] = set()
    for phrases in vocabulary().detail_aspects.values():
        for phrase in phrases:
            stems = content_terms(phrase.rstrip("*"))
            if phrase.endswith("*") and stems:
                prefixes.add(stems[-1])
                stems = stems[:-1]
            exact.update(stems)
    return frozenset(exact), tuple(sorted(prefixes))


def limited_groups_named(terms: list[str], target_group: str | None, language: str | None) -> frozenset[str]:
    """Return the limited groups (vocabulary.yml limited_groups) a question names."""
    limited = vocabulary().limited_groups
    named = set(find_concepts(terms, limited.values()))
    if target_group in limited:
        named.add(target_group)
    if language and fold(language) != "deutsch":  # asking in another language: services for migrants fit
        named |= {"Migranten"} & limited.keys()
    return frozenset(named)


def _need_of(doc: Doc) -> str:
    """Name a service's need: its strongest vocabulary concept, else its category."""
    if doc.concepts:
        return max(doc.concepts.items(), key=lambda item: (item[1], item[0]))[0]
    return doc.category


def _close_needs(index: Index, best: list[tuple[int, float]], named: set[str], most: int = 4) -> list[str]:
    """Return the needs of the hits scoring within UNSURE_MARGIN of the best, when they are several.

    Among the close hits only those carrying most of what the question names count: a category
    or topic the question names ("Seniorentreff", "Sozialzentrum") decides between them.
    """
    if not best or best[0][1] <= 0:
        return []
    top = best[0][1]
    close = [index.docs[pos] for pos, score in best if score >= top * (1 - UNSURE_MARGIN)]

    def carried(doc: Doc) -> float:
        return sum(doc.concepts.get(name, 0.0) for name in named)

    most_named = max(carried(doc) for doc in close)
    close = [doc for doc in close if carried(doc) >= most_named]
    if len({doc.provider for doc in close}) == 1:
        return []  # parts of one office ("Sozialzentrum Lindenhof"): show them all
    needs = list(dict.fromkeys(_need_of(doc) for doc in close))
    return needs[:most] if len(needs) >= 2 else []
