"""Rank catalogue services for a free-text question plus conversation filters."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import select
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
    service: Service
    fields: dict[str, set[str]]


_DOC_CACHE: dict[tuple[str, int, object], _Doc] = {}


def _doc(service: Service, database: str) -> _Doc:
    """Return the search terms of a service, cached until the entry changes."""
    key = (database, service.id, service.updated_at)
    cached = _DOC_CACHE.get(key)
    if cached is not None:
        cached.service = service
        return cached
    if len(_DOC_CACHE) > 50_000:
        _DOC_CACHE.clear()
    doc = _DOC_CACHE[key] = _build_doc(service)
    return doc


def _build_doc(service: Service) -> _Doc:
    return _Doc(
        service,
        {
            "name": set(content_terms(service.name)),
            "category": set(content_terms(service.category)),
            "keywords": set(content_terms(" ".join(service.keywords))),
            "target_groups": set(content_terms(" ".join(service.target_groups))),
            "description": set(content_terms(service.description)),
            "provider": set(content_terms(service.organization.name)),
        },
    )


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


def _correct_typos(terms: list[str], known: set[str]) -> list[str]:
    corrected = []
    choices = [k for k in known if len(k) >= 5]
    for term in terms:
        if term in known or len(term) < 5 or any(prefix_match(term, k) for k in choices):
            corrected.append(term)
            continue
        best = process.extractOne(term, choices, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        corrected.append(best[0] if best else term)
    return corrected


def resolve_district(session: Session, value: str | None) -> str | None:
    """Map a district as written ("suedhoehe", "Sudhöhe") to the catalogue's spelling."""
    if not value:
        return None
    districts = known_districts(session)
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


def known_districts(session: Session) -> list[str]:
    """Return the districts that have active services."""
    return list(session.scalars(select(Service.district).where(Service.status == "active").distinct()))


def detect_district(session: Session, text: str) -> str | None:
    """Find a district named in free text, tolerating missing umlauts and typos."""
    words = tokens(text)
    for district in known_districts(session):
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
            if phrase and phrase != ["deutsch"] and all(p in terms for p in phrase[-1:]):
                return language
    return None


def detect_target_group(text: str) -> str | None:
    """Find a target group named in free text ("für Rentner" → Senioren)."""
    return resolve_target_group(text)


def _score(
    doc: _Doc,
    matches: dict[str, set[str]],
    idf: dict[str, float],
    categories: dict[str, float],
    groups: dict[str, float],
) -> float:
    score = 0.0
    for term, variants in matches.items():
        best = 0.0
        for name, weight in FIELD_WEIGHTS.items():
            if weight > best and not variants.isdisjoint(doc.fields[name]):
                best = weight
        score += best * idf.get(term, 0.0)
    score += CATEGORY_BONUS * categories.get(doc.service.category, 0.0)
    score += TARGET_GROUP_BONUS * max((groups.get(g, 0.0) for g in doc.service.target_groups), default=0.0)
    return score


def _rank(docs: list[_Doc], terms: list[str], categories: dict[str, float], groups: dict[str, float]) -> list[Hit]:
    if not terms and not categories and not groups:
        return [Hit(d.service, 0.0) for d in sorted(docs, key=lambda d: (d.service.category, d.service.name))]
    n = len(docs) or 1
    known = {t for d in docs for f in d.fields.values() for t in f}
    # Each query word stands for every catalogue word it prefix-matches (compounds).
    matches = {term: {k for k in known if prefix_match(term, k)} for term in set(terms)}
    idf = {}
    for term, variants in matches.items():
        df = sum(1 for d in docs if any(not variants.isdisjoint(f) for f in d.fields.values()))
        idf[term] = math.log(1 + n / df) if df else 0.0
    hits = [Hit(d.service, _score(d, matches, idf, categories, groups)) for d in docs]
    hits = [h for h in hits if h.score > 0]
    if not hits:
        return []
    top = max(h.score for h in hits)
    hits = [h for h in hits if h.score >= RELATIVE_CUTOFF * top]
    return sorted(hits, key=lambda h: (-h.score, h.service.name))


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
    district = resolve_district(session, district) if district else detect_district(session, text)
    target_group = resolve_target_group(target_group) if target_group else detect_target_group(text)
    vocab = vocabulary()

    # Words that only name the district are a filter, not a topic.
    district_terms = set(content_terms(district or ""))
    terms = [t for t in content_terms(text) if t not in district_terms]
    statement = (
        select(Service)
        .where(Service.status == "active")
        .options(selectinload(Service.organization), selectinload(Service.schedules))
    )
    if category:
        statement = statement.where(Service.category == category)
    database = str(session.get_bind().url)
    docs = [_doc(s, database) for s in session.scalars(statement)]
    # A language passed by the caller is a hard filter; one named in the text
    # is a wish that is dropped, and said so, when nobody offers it for the need.
    detected_language = None
    if language:
        docs = [d for d in docs if fold(language) in {fold(x) for x in d.service.languages}]
    else:
        language = detected_language = detect_language(text, {x for d in docs for x in d.service.languages})
        language_terms = set(content_terms(language or ""))
        for alias in vocabulary().language_aliases.get(language or "", ()):
            language_terms |= set(content_terms(alias))
        terms = [t for t in terms if t not in language_terms]

    known = {t for d in docs for f in d.fields.values() for t in f}
    known |= {t for c in (*vocab.categories.values(), *vocab.target_groups.values()) for p in c.phrases for t in p}
    terms = _correct_typos(terms, known)
    categories = _concepts(terms, vocab.categories.values())

    # A named need ("Schuldnerberatung") that the filtered services lack makes
    # the filters too narrow, even when other services match a word or two.
    strong = {name for name, weight in categories.items() if weight >= 1.0}
    filters = {"target_group": target_group, "language": detected_language, "district": district}
    relaxed: list[str] = []
    first_hits: list[Hit] | None = None
    while True:
        candidates = [
            d
            for d in docs
            if (not filters["district"] or d.service.district == filters["district"])
            and (not filters["target_group"] or filters["target_group"] in d.service.target_groups)
            and (not filters["language"] or filters["language"] in d.service.languages)
        ]
        groups = {filters["target_group"]: 1.0} if filters["target_group"] else {}
        hits = _rank(candidates, terms, categories, groups)
        first_hits = hits if first_hits is None else first_hits
        good = bool(hits) and (not strong or any(h.service.category in strong for h in hits))
        active = [name for name, value in filters.items() if value]
        if good or not active or not (terms or categories):
            break
        relaxed.append(active[0])
        filters[active[0]] = None
    if not good and first_hits:
        hits, relaxed = first_hits, []
    return SearchResult(hits[:limit], district, target_group, relaxed, language)
