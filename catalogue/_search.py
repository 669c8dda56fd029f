"""Rank catalogue services for a free-text question plus conversation filters."""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from catalogue._models import SEARCHABLE_STATUSES, Service
from catalogue._presenters import local_now, opening_text
from catalogue._vocabulary import Concept, vocabulary
from german_text import colloquial, compound_terms, content_terms, fold, known_words, prefix_match, tokens

# How much a query word counts when found in each field of a service.
FIELD_WEIGHTS = {
    "name": 3.0,
    "category": 2.5,
    "keywords": 2.0,
    "target_groups": 1.5,
    "description": 1.0,
    "provider": 0.5,
}
CATEGORY_BONUS = 8.0  # the query names the service's category (or a synonym of it)
TOPIC_BONUS = 8.0  # the query names a need (topic) the service's category or keywords carry
# A concept read from keywords counts less than one read from the category, and less
# again when the keyword list is long (boilerplate rows that list every topic).
KEYWORD_CONCEPT_WEIGHT = 0.6
KEYWORD_LIST_NORM = 6
TARGET_GROUP_BONUS = 2.0  # the query names one of the service's target groups
WEAK_PHRASE_FACTOR = 0.3  # vague phrases ("weiß nicht weiter") yield to a named need
RELATIVE_CUTOFF = 0.3  # drop hits scoring under this share of the best hit
TYPO_CUTOFF = 85  # rapidfuzz ratio above which an unknown word is read as a known one


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


def detect_wishes(text: str) -> dict[str, str]:
    """Return the filters the question asks for ("accessible", "open_now") with the phrase that asked."""
    folded = f" {' '.join(tokens(text))} "
    found = {}
    for name, phrases in vocabulary().wishes.items():
        phrase = next((p for p in phrases if f" {p} " in folded), None)
        if phrase:
            found[name] = phrase
    return found


def _open_ids(session: Session, ids: list[int], moment: datetime) -> set[int]:
    """Return the ids among `ids` whose services are open at `moment` (holidays and closures included)."""
    statement = (
        select(Service)
        .where(Service.id.in_(ids))
        .options(selectinload(Service.schedules), selectinload(Service.closures))
    )
    return {s.id for s in session.scalars(statement) if opening_text(s, moment)[0]}


@dataclass
class _Doc:
    """What the search needs of one active service, kept in memory."""

    id: int
    name: str
    category: str
    district: str
    target_groups: tuple[str, ...]
    languages: tuple[str, ...]
    fields: dict[str, set[str]]
    concepts: dict[str, float] = field(default_factory=dict)  # vocabulary concept -> how strongly it applies
    accessible: bool = False
    free: bool = False


def is_accessible(text: str | None) -> bool:
    """Tell whether an accessibility note says wheelchair users get in (barrierefrei, rollstuhlgerecht)."""
    if not text:
        return False
    words = vocabulary().accessibility
    for clause in re.split(r"[,;.]", fold(text)):
        said = set(tokens(clause))
        if any(w in clause for w in words["positive"]) and not said & set(words["negative"]):
            return True
    return False


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """Words compounds are split into: the shipped word list plus every word of the vocabulary."""
    vocab = vocabulary()
    concepts = (*vocab.categories.values(), *vocab.topics.values(), *vocab.target_groups.values())
    return known_words() | {t for c in concepts for p in c.phrases for t in p if len(t) >= 4}


def _terms(text: str) -> set[str]:
    return set(compound_terms(text, _lexicon()))


@lru_cache(maxsize=20_000)
def _named_concepts(text: str) -> tuple[str, ...]:
    """Return the categories and topics a category or keyword of a service names."""
    vocab = vocabulary()
    found = _concepts(content_terms(text), (*vocab.categories.values(), *vocab.topics.values()))
    return tuple(name for name, weight in found.items() if weight >= 1.0)


def _service_concepts(service: Service) -> dict[str, float]:
    """Read a service's concepts from its category (fully) and its keywords (partly)."""
    vocab = vocabulary()
    concepts: dict[str, float] = {}
    keyword_weight = KEYWORD_CONCEPT_WEIGHT * min(1.0, KEYWORD_LIST_NORM / max(1, len(service.keywords)))
    for keyword in service.keywords:
        for name in _named_concepts(keyword):
            concepts[name] = max(concepts.get(name, 0.0), keyword_weight)
    # A category of the vocabulary is exactly itself; another catalogue's category
    # ("Drogen/Sucht") means whatever concepts its words name.
    named = (service.category,) if service.category in vocab.categories else _named_concepts(service.category)
    for name in named:
        concepts[name] = 1.0
    return concepts


def _service_groups(service: Service) -> tuple[str, ...]:
    """Return the target groups in the vocabulary's names ("Kinder & Jugendliche" → "Kinder und Jugendliche")."""
    return tuple(dict.fromkeys(resolve_target_group(g) or g for g in service.target_groups))


def _build_doc(service: Service) -> _Doc:
    return _Doc(
        id=service.id,
        name=service.name,
        category=service.category,
        district=service.district,
        target_groups=_service_groups(service),
        languages=tuple(service.languages),
        fields={
            "name": _terms(service.name),
            "category": _terms(service.category),
            "keywords": _terms(" ".join(service.keywords)),
            "target_groups": _terms(" ".join(service.target_groups)),
            "description": _terms(service.description),
            "provider": _terms(service.organization.name),
        },
        concepts=_service_concepts(service),
        accessible=is_accessible(service.accessibility),
        free=bool(service.free),
    )


class _Index:
    """An inverted index of the active services: word -> {service position: best field weight}."""

    def __init__(self, docs: list[_Doc]):
        self.docs = docs
        self.postings: dict[str, dict[int, float]] = {}
        self.by_category: dict[str, set[int]] = {}
        self.by_concept: dict[str, dict[int, float]] = {}
        self.by_district: dict[str, set[int]] = {}
        self.by_group: dict[str, set[int]] = {}
        self.by_language: dict[str, set[int]] = {}
        self.accessible: set[int] = set()
        self.free: set[int] = set()
        for pos, doc in enumerate(docs):
            for name, weight in FIELD_WEIGHTS.items():
                for term in doc.fields[name]:
                    posting = self.postings.setdefault(term, {})
                    if posting.get(pos, 0.0) < weight:
                        posting[pos] = weight
            self.by_category.setdefault(doc.category, set()).add(pos)
            if doc.accessible:
                self.accessible.add(pos)
            if doc.free:
                self.free.add(pos)
            for name, weight in doc.concepts.items():
                self.by_concept.setdefault(name, {})[pos] = weight
            self.by_district.setdefault(doc.district, set()).add(pos)
            for group in doc.target_groups:
                self.by_group.setdefault(group, set()).add(pos)
            for language in doc.languages:
                self.by_language.setdefault(language, set()).add(pos)
        self.terms = sorted(self.postings)
        self._matches: dict[str, tuple[str, ...]] = {}

    def matches(self, term: str) -> tuple[str, ...]:
        """Return the indexed words that `term` prefix-matches (compounds), memoised."""
        found = self._matches.get(term)
        if found is None:
            if len(term) < 5:
                found = (term,) if term in self.postings else ()
            else:
                # prefix_match needs at least five shared letters, so the
                # candidates all start with the term's first five.
                head = term[:5]
                found_list = []
                for known in self.terms[bisect_left(self.terms, head) :]:
                    if not known.startswith(head):
                        break
                    if prefix_match(term, known):
                        found_list.append(known)
                found = tuple(found_list)
            if len(self._matches) > 100_000:  # words typed by citizens; keep memory bounded
                self._matches.clear()
            self._matches[term] = found
        return found


_INDEXES: dict[str, tuple[tuple[object, ...], _Index]] = {}


def _index(session: Session) -> _Index:
    """Return the index of the session's database, rebuilt when an active entry changed."""
    database = str(session.get_bind().url)
    # Two index-only lookups (~1 ms at 10,000 entries): any insert, edit,
    # (de)activation or deletion changes one of them.
    version = (session.scalar(select(func.count(Service.id))), session.scalar(select(func.max(Service.updated_at))))
    cached = _INDEXES.get(database)
    if cached is not None and cached[0] == version:
        return cached[1]
    statement = (
        select(Service).where(Service.status.in_(SEARCHABLE_STATUSES)).options(selectinload(Service.organization))
    )
    index = _Index([_build_doc(s) for s in session.scalars(statement)])
    _INDEXES[database] = (version, index)
    return index


@lru_cache(maxsize=1)
def _phrase_words() -> frozenset[str]:
    vocab = vocabulary()
    concepts = (*vocab.categories.values(), *vocab.topics.values(), *vocab.target_groups.values())
    return frozenset(w for c in concepts for p in (*c.phrases, *c.weak_phrases) for w in p)


@lru_cache(maxsize=50_000)
def _words_matching(term: str) -> frozenset[str]:
    """Return the vocabulary's phrase words that `term` stands for (memoised: one pass per new word)."""
    return frozenset(w for w in _phrase_words() if prefix_match(term, w))


def _phrase_in(phrase: tuple[str, ...], terms: list[str], matched: frozenset[str]) -> bool:
    return all(p in matched if p in _phrase_words() else any(prefix_match(p, t) for t in terms) for p in phrase)


def _concepts(terms: list[str], concepts: Iterable[Concept]) -> dict[str, float]:
    matched = frozenset().union(*(_words_matching(t) for t in set(terms)))
    found: dict[str, float] = {}
    for concept in concepts:
        if any(_phrase_in(p, terms, matched) for p in concept.phrases):
            found[concept.name] = 1.0
        elif any(_phrase_in(p, terms, matched) for p in concept.weak_phrases):
            found[concept.name] = WEAK_PHRASE_FACTOR
    return found


def _correct_typos(terms: list[str], index: _Index, extra: set[str]) -> list[str]:
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


def _resolve_district(districts: list[str], value: str | None) -> str | None:
    """Map a district as written ("suedhoehe", "Sudhöhe") to the catalogue's spelling."""
    if not value:
        return None
    folded = {fold(d): d for d in districts}
    if fold(value.strip()) in folded:
        return folded[fold(value.strip())]
    best = process.extractOne(fold(value), list(folded), scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
    return folded[best[0]] if best else None


def resolve_target_group(value: str | None) -> str | None:
    """Map a target group as written ("Rentner") to the vocabulary's name ("Senioren")."""
    if not value:
        return None
    found = _concepts(content_terms(value), vocabulary().target_groups.values())
    return max(found, key=lambda name: found[name]) if found else None


def _detect_district(districts: list[str], text: str) -> str | None:
    """Find a district named in free text, tolerating missing umlauts and typos."""
    words = tokens(text)
    for district in districts:
        parts = tokens(district)
        for i in range(len(words) - len(parts) + 1):
            window = " ".join(words[i : i + len(parts)])
            if fuzz.ratio(window, " ".join(parts)) >= TYPO_CUTOFF:
                return district
    return None


def detect_language(text: str, languages: set[str]) -> str | None:
    """Find a language offered by some service named in free text ("auf Russisch", "persisch")."""
    terms = content_terms(text)
    aliases = vocabulary().language_aliases
    for language in sorted(languages):
        for name in (language, *aliases.get(language, ())):
            phrase = content_terms(name)
            # The last word names the language ("Deutsche Gebärdensprache" → gebaerdensprach);
            # plain German is what every service speaks, never a filter.
            if phrase and phrase != ["deutsch"] and phrase[-1] in terms:
                return language
    return None


def _rank(
    index: _Index,
    candidates: set[int] | None,
    terms: list[str],
    categories: dict[str, float],
    groups: dict[str, float],
) -> list[tuple[int, float]]:
    """Return (service position, score) pairs of the relevant candidates (None: all), unordered."""
    pool = range(len(index.docs)) if candidates is None else candidates
    if not terms and not categories and not groups:
        return [(pos, 0.0) for pos in pool]
    n = len(pool) or 1
    scores: dict[int, float] = {}
    for term in set(terms):
        best: dict[int, float] = {}
        for variant in index.matches(term):
            for pos, weight in index.postings[variant].items():
                if weight > best.get(pos, 0.0) and (candidates is None or pos in candidates):
                    best[pos] = weight
        if best:
            idf = math.log(1 + n / len(best))
            for pos, weight in best.items():
                scores[pos] = scores.get(pos, 0.0) + weight * idf
    # Each named category or topic adds its bonus once, scaled by how strongly the
    # query names it and how strongly the service carries it.
    category_names = vocabulary().categories
    for name, weight in categories.items():
        bonus = CATEGORY_BONUS if name in category_names else TOPIC_BONUS
        for pos, carried in index.by_concept.get(name, {}).items():
            if candidates is None or pos in candidates:
                scores[pos] = scores.get(pos, 0.0) + bonus * weight * carried
    best_group: dict[int, float] = {}
    for name, weight in groups.items():
        for pos in index.by_group.get(name, ()):
            if (candidates is None or pos in candidates) and weight > best_group.get(pos, 0.0):
                best_group[pos] = weight
    for pos, weight in best_group.items():
        scores[pos] = scores.get(pos, 0.0) + TARGET_GROUP_BONUS * weight
    hits = [(pos, score) for pos, score in scores.items() if score > 0]
    if not hits:
        return []
    top = max(score for _, score in hits)
    return [h for h in hits if h[1] >= RELATIVE_CUTOFF * top]


def _load(session: Session, index: _Index, ranked: list[tuple[int, float]]) -> list[Hit]:
    ids = [index.docs[pos].id for pos, _ in ranked]
    statement = (
        select(Service)
        .where(Service.id.in_(ids))
        .options(selectinload(Service.organization), selectinload(Service.schedules))
    )
    services = {s.id: s for s in session.scalars(statement)}
    return [Hit(services[index.docs[pos].id], score) for pos, score in ranked if index.docs[pos].id in services]


def search(
    session: Session,
    text: str,
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
    """
    index = _index(session)
    wishes = detect_wishes(text)
    wish_terms = {t for phrase in wishes.values() for t in content_terms(phrase)}
    districts = sorted(index.by_district)
    if read_filters:
        accessible = accessible or "accessible" in wishes
        free_of_charge = free_of_charge or "free_of_charge" in wishes
        if open_at is None and "open_now" in wishes:
            open_at = local_now()
        district = _resolve_district(districts, district) if district else _detect_district(districts, text)
        target_group = resolve_target_group(target_group or text)
    else:
        named_district = _detect_district(districts, text)
        wish_terms |= set(content_terms(named_district or ""))
        district = _resolve_district(districts, district)
        target_group = resolve_target_group(target_group)
    vocab = vocabulary()

    # Words that only name the district are a filter, not a topic.
    district_terms = set(content_terms(district or ""))
    terms = [t for t in compound_terms(text, _lexicon()) if t not in district_terms | wish_terms]
    base: set[int] | None = None  # None: every active service
    if category:
        base = set(index.by_category.get(category, ()))
    # A language passed by the caller is a hard filter; one named in the text
    # is a wish that is dropped, and said so, when nobody offers it for the need.
    detected_language = None
    if language:
        wanted = fold(language)
        offered = {pos for name, positions in index.by_language.items() if fold(name) == wanted for pos in positions}
        base = offered if base is None else base & offered
    else:
        named_language = detect_language(text, set(index.by_language))
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
    concepts = (*vocab.categories.values(), *vocab.topics.values(), *vocab.target_groups.values())
    concept_terms = {t for c in concepts for p in c.phrases for t in p}
    terms = _correct_typos(terms, index, concept_terms)
    # Colloquial words add the plain words they stand for (saufen → alkohol).
    terms += [t for t in colloquial(" ".join(terms)) + colloquial(text) if t not in terms]
    categories = _concepts(terms, (*vocab.categories.values(), *vocab.topics.values()))

    # A named need ("Schuldnerberatung") that the filtered services lack makes
    # the filters too narrow, even when other services match a word or two.
    strong = {name for name, weight in categories.items() if weight >= 1.0 and name in vocab.categories}
    filters: dict[str, str | bool | None] = {
        "open_now": open_at is not None,
        "free_of_charge": free_of_charge,
        "target_group": target_group,
        "language": detected_language,
        "district": district,
        "accessible": accessible,
    }

    def attempt(dropped: tuple[str, ...]) -> tuple[list[tuple[int, float]], bool]:
        """Rank with every filter but `dropped`; tell whether the hits serve the named need."""
        kept = {name: (None if name in dropped else value) for name, value in filters.items()}
        candidates = base
        for positions, value in (
            (index.by_district, kept["district"]),
            (index.by_group, kept["target_group"]),
            (index.by_language, kept["language"]),
        ):
            if value:
                wanted = positions.get(value, set())
                candidates = set(wanted) if candidates is None else candidates & wanted
        if kept["accessible"]:
            candidates = set(index.accessible) if candidates is None else candidates & index.accessible
        if kept["free_of_charge"]:
            candidates = set(index.free) if candidates is None else candidates & index.free
        groups = {kept["target_group"]: 1.0} if kept["target_group"] else {}
        ranked = _rank(index, candidates, terms, categories, groups)
        if kept["open_now"] and ranked and open_at is not None:
            # Opening hours live in the database: check only the best few hundred.
            best = heapq.nsmallest(_OPEN_CHECK, ranked, key=lambda h: -h[1])
            open_ids = _open_ids(session, [index.docs[pos].id for pos, _ in best], open_at)
            ranked = [h for h in best if index.docs[h[0]].id in open_ids]
        good = bool(ranked) and (
            not strong or any(index.docs[pos].concepts.get(name, 0.0) >= 1.0 for pos, _ in ranked for name in strong)
        )
        return ranked, good

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
    if not good and first:
        ranked, relaxed = first, []
    # Best first; without a topic, a district's list goes by category and name.
    top = heapq.nsmallest(
        limit, ranked, key=lambda h: (-h[1], index.docs[h[0]].category if not h[1] else "", index.docs[h[0]].name)
    )
    hits = _load(session, index, top)
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
    )
