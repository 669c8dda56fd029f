"""Rank catalogue services for a free-text question plus conversation filters."""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from catalogue._models import Service
from catalogue._vocabulary import Concept, vocabulary
from catalogue.german import content_terms, fold, prefix_match, tokens

# How much a query word counts when found in each field of a service.
FIELD_WEIGHTS = {
    "name": 3.0,
    "category": 2.5,
    "keywords": 2.0,
    "target_groups": 1.5,
    "description": 1.0,
    "provider": 0.5,
}
CATEGORY_BONUS = 6.0  # the query names the service's category (or a synonym of it)
TARGET_GROUP_BONUS = 2.0  # the query names one of the service's target groups
WEAK_PHRASE_FACTOR = 0.3  # vague phrases ("weiß nicht weiter") yield to a named need
RELATIVE_CUTOFF = 0.3  # drop hits scoring under this share of the best hit
TYPO_CUTOFF = 85  # rapidfuzz ratio above which an unknown word is read as a known one


@dataclass
class Hit:
    """One ranked service."""

    service: Service
    score: float


@dataclass
class SearchResult:
    """Ranked hits and the filters that were applied or had to be dropped."""

    hits: list[Hit]
    district: str | None = None
    target_group: str | None = None
    relaxed: list[str] = field(default_factory=list)  # names of filters dropped to find anything
    language: str | None = None


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


def _build_doc(service: Service) -> _Doc:
    return _Doc(
        id=service.id,
        name=service.name,
        category=service.category,
        district=service.district,
        target_groups=tuple(service.target_groups),
        languages=tuple(service.languages),
        fields={
            "name": set(content_terms(service.name)),
            "category": set(content_terms(service.category)),
            "keywords": set(content_terms(" ".join(service.keywords))),
            "target_groups": set(content_terms(" ".join(service.target_groups))),
            "description": set(content_terms(service.description)),
            "provider": set(content_terms(service.organization.name)),
        },
    )


class _Index:
    """An inverted index of the active services: word -> {service position: best field weight}."""

    def __init__(self, docs: list[_Doc]):
        self.docs = docs
        self.postings: dict[str, dict[int, float]] = {}
        self.by_category: dict[str, set[int]] = {}
        self.by_district: dict[str, set[int]] = {}
        self.by_group: dict[str, set[int]] = {}
        self.by_language: dict[str, set[int]] = {}
        for pos, doc in enumerate(docs):
            for name, weight in FIELD_WEIGHTS.items():
                for term in doc.fields[name]:
                    posting = self.postings.setdefault(term, {})
                    if posting.get(pos, 0.0) < weight:
                        posting[pos] = weight
            self.by_category.setdefault(doc.category, set()).add(pos)
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
    statement = select(Service).where(Service.status == "active").options(selectinload(Service.organization))
    index = _Index([_build_doc(s) for s in session.scalars(statement)])
    _INDEXES[database] = (version, index)
    return index


def _phrase_in(phrase: tuple[str, ...], terms: list[str]) -> bool:
    return all(any(prefix_match(p, t) for t in terms) for p in phrase)


def _concepts(terms: list[str], concepts: Iterable[Concept]) -> dict[str, float]:
    found: dict[str, float] = {}
    for concept in concepts:
        if any(_phrase_in(p, terms) for p in concept.phrases):
            found[concept.name] = 1.0
        elif any(_phrase_in(p, terms) for p in concept.weak_phrases):
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
    for bonus, wanted, positions in (
        (CATEGORY_BONUS, categories, index.by_category),
        (TARGET_GROUP_BONUS, groups, index.by_group),
    ):
        best_bonus: dict[int, float] = {}
        for name, weight in wanted.items():
            for pos in positions.get(name, ()):
                if (candidates is None or pos in candidates) and weight > best_bonus.get(pos, 0.0):
                    best_bonus[pos] = weight
        for pos, weight in best_bonus.items():
            scores[pos] = scores.get(pos, 0.0) + bonus * weight
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
    limit: int = 10,
) -> SearchResult:
    """Rank active services for `text`; drop filters one by one when they leave nothing."""
    index = _index(session)
    districts = sorted(index.by_district)
    district = _resolve_district(districts, district) if district else _detect_district(districts, text)
    target_group = resolve_target_group(target_group or text)
    vocab = vocabulary()

    # Words that only name the district are a filter, not a topic.
    district_terms = set(content_terms(district or ""))
    terms = [t for t in content_terms(text) if t not in district_terms]
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
        language = detected_language = detect_language(text, set(index.by_language))
        language_terms = set(content_terms(language or ""))
        for alias in vocab.language_aliases.get(language or "", ()):
            language_terms |= set(content_terms(alias))
        terms = [t for t in terms if t not in language_terms]

    concepts = (*vocab.categories.values(), *vocab.target_groups.values())
    concept_terms = {t for c in concepts for p in c.phrases for t in p}
    terms = _correct_typos(terms, index, concept_terms)
    categories = _concepts(terms, vocab.categories.values())

    # A named need ("Schuldnerberatung") that the filtered services lack makes
    # the filters too narrow, even when other services match a word or two.
    strong = {name for name, weight in categories.items() if weight >= 1.0}
    filters = {"target_group": target_group, "language": detected_language, "district": district}
    relaxed: list[str] = []
    first: list[tuple[int, float]] | None = None
    while True:
        candidates = base
        for positions, value in (
            (index.by_district, filters["district"]),
            (index.by_group, filters["target_group"]),
            (index.by_language, filters["language"]),
        ):
            if value:
                wanted = positions.get(value, set())
                candidates = set(wanted) if candidates is None else candidates & wanted
        groups = {filters["target_group"]: 1.0} if filters["target_group"] else {}
        ranked = _rank(index, candidates, terms, categories, groups)
        first = ranked if first is None else first
        good = bool(ranked) and (not strong or any(index.docs[pos].category in strong for pos, _ in ranked))
        active = [name for name, value in filters.items() if value]
        if good or not active or not (terms or categories):
            break
        relaxed.append(active[0])
        filters[active[0]] = None
    if not good and first:
        ranked, relaxed = first, []
    # Best first; without a topic, a district's list goes by category and name.
    top = heapq.nsmallest(
        limit, ranked, key=lambda h: (-h[1], index.docs[h[0]].category if not h[1] else "", index.docs[h[0]].name)
    )
    hits = _load(session, index, top)
    return SearchResult(hits, district, target_group, relaxed, language)
