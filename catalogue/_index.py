"""The search index: what the search needs of each searchable service, kept in memory per process.

Brought up to date on every search: the catalogue's version (raised by database triggers
with every change of the service table) tells in one read whether anything changed; then
two index-only figures (count, newest updated_at) find what: an editor's save, an import
or a status change re-reads only the changed entries, so every process sees a change on
its next search without a rebuild.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from catalogue._models import SEARCHABLE_STATUSES, CatalogueVersion, Service
from catalogue._question import find_concepts, lexicon, resolve_target_group
from catalogue._vocabulary import vocabulary
from german_text import compound_terms, content_terms, fold, prefix_match, tokens

FIELDS = ("name", "category", "keywords", "target_groups", "description", "provider", "keyword_list")
# A keyword list this long names nearly every topic (boilerplate rows): its words count
# as the field "keyword_list", with a weight of its own, not as keywords.
LONG_KEYWORD_LIST = 12
# A concept read from keywords counts less than one read from the category, and less
# again when the keyword list is long (boilerplate rows that list every topic).
KEYWORD_CONCEPT_WEIGHT = 0.6
KEYWORD_LIST_NORM = 6

_INDEXES: dict[str, _Cached] = {}
# updated_at is stamped at flush, not at commit: a transaction that commits after
# another but stamped its rows earlier is caught by looking back this far (rows
# whose stamp the index already has are not read again).
_LOOK_BACK = timedelta(seconds=30)
_CHUNK = 5000  # ids per IN (...) query


@dataclass(slots=True)
class Doc:
    """What the search needs of one active service, kept in memory."""

    id: int
    name: str
    category: str
    district: str
    target_groups: tuple[str, ...]
    languages: tuple[str, ...]
    fields: dict[str, set[str]] | None  # field -> its words; dropped once indexed (the arrays hold them)
    concepts: dict[str, float] = field(default_factory=dict)  # vocabulary concept -> how strongly it applies
    accessible: bool = False
    free: bool = False
    limited_to: tuple[str, ...] = ()  # the groups the service serves only, when all its groups are limited ones
    provider: str = ""  # the organisation's name (parts of one office share it)


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


def _terms(text: str) -> set[str]:
    # Interned: 100,000 services share one copy of each word (the index holds ~1 GB less).
    return {sys.intern(t) for t in compound_terms(text, lexicon())}


@lru_cache(maxsize=20_000)
def _named_concepts(text: str) -> tuple[str, ...]:
    """Return the categories and topics a category or keyword of a service names."""
    vocab = vocabulary()
    found = find_concepts(content_terms(text), (*vocab.categories.values(), *vocab.topics.values()))
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


def build_doc(service: Service) -> Doc:
    return Doc(
        id=service.id,
        name=service.name,
        category=service.category,
        district=service.district,
        target_groups=_service_groups(service),
        languages=tuple(service.languages),
        fields={
            "name": _terms(service.name),
            "category": _terms(service.category),
            "keywords": _terms(" ".join(service.keywords)) if len(service.keywords) <= LONG_KEYWORD_LIST else set(),
            "keyword_list": _terms(" ".join(service.keywords)) if len(service.keywords) > LONG_KEYWORD_LIST else set(),
            "target_groups": _terms(" ".join(service.target_groups)),
            "description": _terms(service.description),
            "provider": _terms(service.organization.name),
        },
        concepts=_service_concepts(service),
        accessible=is_accessible(service.accessibility),
        free=bool(service.free),
        limited_to=_limited_to(service),
        provider=sys.intern(service.organization.name),
    )


def _limited_to(service: Service) -> tuple[str, ...]:
    """Return the service's groups when every one is a limited group (Frauen, LSBTIQ*, …), else nothing."""
    limited = vocabulary().limited_groups
    groups = _service_groups(service)
    return groups if groups and all(g in limited for g in groups) else ()


class Index:
    """An inverted index of the searchable services, in numpy arrays.

    word -> (positions, field bits): the services holding the word and in which fields
    (a bit per field of FIELDS), so ranking weights can change without a rebuild.
    Positions are never reused: a changed service is removed (its position marked dead)
    and added again at a new one, so an editor's save costs one entry, not a rebuild.
    Dead positions are squeezed out once they outnumber the live ones.
    """

    def __init__(self, docs: Iterable[Doc] = ()):
        self.docs: list[Doc | None] = []
        self.position: dict[int, int] = {}  # service id -> position
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.by_category: dict[str, set[int]] = {}
        self.by_concept: dict[str, dict[int, float]] = {}
        self.by_district: dict[str, set[int]] = {}
        self.by_group: dict[str, set[int]] = {}
        self.by_language: dict[str, set[int]] = {}
        self.accessible: set[int] = set()
        self.free: set[int] = set()
        self.limited: dict[str, set[int]] = {}  # group -> services serving only limited groups, it among them
        self.terms: list[str] = []  # the indexed words, sorted (prefix look-ups)
        self._pending: dict[str, tuple[list[int], list[int]]] = {}
        self._masks: dict[tuple[str, object], np.ndarray] = {}
        self._concept_arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._matches: dict[str, tuple[str, ...]] = {}
        for doc in docs:
            self._add(doc)
        self._merge_pending()

    def __len__(self) -> int:
        return len(self.position)

    def _add(self, doc: Doc) -> None:
        pos = len(self.docs)
        self.docs.append(doc)
        self.position[doc.id] = pos
        bits: dict[str, int] = {}
        for bit, name in enumerate(FIELDS):
            for term in doc.fields[name]:
                bits[term] = bits.get(term, 0) | 1 << bit
        for term, fields in bits.items():
            pending = self._pending.get(term)
            if pending is None:
                pending = self._pending[term] = ([], [])
            pending[0].append(pos)
            pending[1].append(fields)
        doc.fields = None  # the arrays hold them now
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
        for group in doc.limited_to:
            self.limited.setdefault(group, set()).add(pos)

    def _merge_pending(self) -> None:
        """Append the words of newly added services to the arrays; keep the word list sorted."""
        new_terms = []
        for term, (positions, fields) in self._pending.items():
            added = (np.array(positions, dtype=np.int32), np.array(fields, dtype=np.uint8))
            known = self.postings.get(term)
            if known is None:
                self.postings[term] = added
                new_terms.append(term)
            else:
                self.postings[term] = (np.concatenate((known[0], added[0])), np.concatenate((known[1], added[1])))
        self._pending = {}
        if len(new_terms) > 1000:
            self.terms = sorted(self.postings)
        else:
            for term in new_terms:
                insort(self.terms, term)

    def _remove(self, service_id: int) -> None:
        pos = self.position.pop(service_id, None)
        if pos is None:
            return
        doc = self.docs[pos]
        self.docs[pos] = None  # its postings stay until squeezed out; the live mask hides them
        for table, key in (
            (self.by_category, doc.category),
            (self.by_district, doc.district),
            *((self.by_group, g) for g in doc.target_groups),
            *((self.by_language, lang) for lang in doc.languages),
            *((self.limited, g) for g in doc.limited_to),
        ):
            positions = table.get(key)
            if positions is not None:
                positions.discard(pos)
                if not positions:
                    del table[key]
        for name in doc.concepts:
            self.by_concept.get(name, {}).pop(pos, None)
        self.accessible.discard(pos)
        self.free.discard(pos)

    def update(self, removed: Iterable[int], added: Iterable[Doc]) -> None:
        """Remove services by id and add (new versions of) others."""
        for service_id in removed:
            self._remove(service_id)
        for doc in added:
            self._remove(doc.id)
            self._add(doc)
        self._merge_pending()
        self._masks.clear()
        self._concept_arrays.clear()
        self._matches.clear()
        if len(self.docs) > 2 * len(self.position) + 1000:
            self._squeeze()

    def _squeeze(self) -> None:
        """Drop dead positions: renumber the live services and filter every array (no database read)."""
        live = np.zeros(len(self.docs), dtype=bool)
        live[list(self.position.values())] = True
        renumber = np.cumsum(live, dtype=np.int64) - 1
        old = self.docs
        self.docs = [doc for doc in old if doc is not None]
        self.position = {doc.id: pos for pos, doc in enumerate(self.docs)}
        postings = {}
        for term, (positions, fields) in self.postings.items():
            keep = live[positions]
            if keep.any():
                postings[term] = (renumber[positions[keep]].astype(np.int32), fields[keep])
        self.postings = postings
        self.terms = sorted(postings)

        def moved(positions):
            return {int(renumber[p]) for p in positions}

        for table in (self.by_category, self.by_district, self.by_group, self.by_language, self.limited):
            for key in table:
                table[key] = moved(table[key])
        self.by_concept = {
            name: {int(renumber[p]): w for p, w in weights.items()} for name, weights in self.by_concept.items()
        }
        self.accessible, self.free = moved(self.accessible), moved(self.free)
        self._masks.clear()
        self._concept_arrays.clear()
        self._matches.clear()

    def mask(self, kind: str, value: object = None) -> np.ndarray:
        """Return a boolean array over positions: the live services of a district, group, … (memoised)."""
        key = (kind, value)
        found = self._masks.get(key)
        if found is None:
            sources = {
                "live": lambda: self.position.values(),
                "category": lambda: self.by_category.get(value, ()),
                "district": lambda: self.by_district.get(value, ()),
                "group": lambda: self.by_group.get(value, ()),
                "language": lambda: self.by_language.get(value, ()),
                "limited": lambda: self.limited.get(value, ()),
                "accessible": lambda: self.accessible,
                "free": lambda: self.free,
            }
            positions = sources[kind]()
            found = np.zeros(len(self.docs), dtype=bool)
            found[np.fromiter(positions, dtype=np.int64, count=len(positions))] = True
            self._masks[key] = found
        return found

    def concept_arrays(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """Return (positions, how strongly each carries the concept) of the services carrying it."""
        found = self._concept_arrays.get(name)
        if found is None:
            weights = self.by_concept.get(name, {})
            found = (
                np.fromiter(weights.keys(), dtype=np.int64, count=len(weights)),
                np.fromiter(weights.values(), dtype=np.float64, count=len(weights)),
            )
            self._concept_arrays[name] = found
        return found

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


@dataclass
class _Cached:
    """One database's index and what it was built from."""

    index: Index
    count: int  # services in the database, any status
    newest: datetime | None  # their latest updated_at
    stamps: dict[int, datetime]  # updated_at of every service the index has read (any status)
    builds: int = 1  # full builds of this database's index in this process
    updates: int = 0  # incremental updates since
    version: int | None = None  # catalogue_version.version when the figures were read (None: not known)


@dataclass(frozen=True)
class IndexInfo:
    """What this process's search index of a database holds and how it got there."""

    entries: int  # searchable services in the index
    words: int  # distinct indexed words
    builds: int  # full builds in this process
    updates: int  # incremental updates (entries changed since the last look)


def search_index_info(session: Session) -> IndexInfo:
    """Bring the session's index up to date and tell what it holds."""
    index = index_of(session)
    cached = _INDEXES[str(session.get_bind().url)]
    return IndexInfo(len(index), len(index.postings), cached.builds, cached.updates)


def _read(session: Session, ids: list[int] | None) -> tuple[list[Doc], dict[int, datetime]]:
    """Return the docs of the searchable services among `ids` (None: all) and every read row's stamp."""
    chunks = [None] if ids is None else [ids[i : i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
    docs, stamps = [], {}
    for chunk in chunks:
        if chunk is None:
            # Streamed in batches: 100,000 ORM objects never live at once (the process keeps ~1 GB less).
            statement = select(Service).options(selectinload(Service.organization)).execution_options(yield_per=1000)
        else:
            # An edit's few rows in one query: a server-side cursor (yield_per on PostgreSQL) and a
            # second query for the organisations would cost more round trips than the rows.
            statement = select(Service).options(joinedload(Service.organization)).where(Service.id.in_(chunk))
        for service in session.scalars(statement):
            stamps[service.id] = service.updated_at
            if service.status in SEARCHABLE_STATUSES:
                docs.append(build_doc(service))
    return docs, stamps


def _version(session: Session) -> int | None:
    """Return the catalogue's version, or None when it cannot tell.

    PostgreSQL raises it at commit (a deferred trigger): a transaction that has written
    sees its own changes before the version moves, so it is not asked there.
    """
    statement = select(CatalogueVersion.version).where(CatalogueVersion.id == 1)
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(statement.add_columns(func.txid_current_if_assigned())).one_or_none()
        return None if row is None or row[1] is not None else row[0]
    return session.scalar(statement)


def index_of(session: Session) -> Index:
    """Return the index of the session's database, brought up to date with the entries changed since.

    Every search first reads the catalogue's version (one primary-key read; database
    triggers raise it with every change of the service table). Only when it moved are
    the two figures read (count and newest updated_at) and the services stamped since
    the last look read again. A deletion (the count falls short) is found by comparing ids.
    """
    database = str(session.get_bind().url)
    cached = _INDEXES.get(database)
    version = _version(session)
    if cached is not None and version is not None and cached.version == version:
        return cached.index
    count = session.scalar(select(func.count(Service.id))) or 0
    newest = session.scalar(select(func.max(Service.updated_at)))
    # Unchanged figures mean nothing new only where the version cannot tell; a moved version
    # with the same figures (a late commit of an older stamp) still looks at the window below.
    if cached is not None and version is None and (cached.count, cached.newest) == (count, newest):
        return cached.index
    # A rolled-back edit leaves the newest stamp older than what the index saw: rebuild.
    if cached is None or newest is None or cached.newest is None or newest < cached.newest:
        docs, stamps = _read(session, None)
        builds = cached.builds + 1 if cached is not None else 1
        cached = _Cached(Index(docs), count, newest, stamps, builds, version=version)
        _INDEXES[database] = cached
        return cached.index
    stamps = cached.stamps
    window = session.execute(
        select(Service.id, Service.updated_at).where(Service.updated_at >= cached.newest - _LOOK_BACK)
    )
    changed = [service_id for service_id, stamp in window if stamps.get(service_id) != stamp]
    removed: set[int] = set()
    if len(stamps) + sum(service_id not in stamps for service_id in changed) != count:
        # Deleted rows, or rows committed with a stamp older than the look-back: compare ids.
        ids = set(session.scalars(select(Service.id)))
        removed = stamps.keys() - ids
        changed += list(ids - stamps.keys() - set(changed))
    if not changed and not removed:
        cached.version = version
        return cached.index
    docs, read = _read(session, changed)
    for service_id in removed:
        del stamps[service_id]
    stamps.update(read)
    removed |= read.keys() - {d.id for d in docs}  # no longer searchable
    cached.index.update(removed, docs)
    cached.updates += 1
    cached.count, cached.newest, cached.version = count, newest, version
    return cached.index
