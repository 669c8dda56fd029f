"""A question analysed once: its words, their normal forms, and the filters and needs it names.

Ranking (catalogue._search) and the chat's filters (catalogue._filters) both read a
`Question`; the detectors here take its words and terms instead of tokenising again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from rapidfuzz import fuzz, process

from catalogue._vocabulary import Concept, vocabulary
from german_text import compound_terms, content_terms, fold, known_words, prefix_match, stem, tokens

WEAK_PHRASE_FACTOR = 0.3  # vague phrases ("weiß nicht weiter") yield to a named need
TYPO_CUTOFF = 85  # rapidfuzz ratio above which an unknown word is read as a known one
_LANGUAGE_WORD = content_terms("Sprache")[0]


@dataclass(frozen=True)
class Question:
    """One message, analysed once: ranking and the chat's filters read this, not the text."""

    text: str
    words: tuple[str, ...]  # the folded words ("suedhoehe", "fuer", "rentner")
    content: tuple[str, ...]  # normal forms (stems) of the content words
    terms: tuple[str, ...]  # the content words' normal forms plus those of their compound parts
    wishes: dict[str, str] = field(default_factory=dict)  # filter -> phrase that asked ("accessible": "rollstuhl")
    district: str | None = None  # a district of the catalogue named in the text (typos tolerated)
    language: str | None = None  # a language some service offers, named in the text
    target_group: str | None = None  # the vocabulary's name of a target group the text names
    # Parts of compounds that name a need themselves ("Seniorentreff" is a Seniorenbegegnungsstätte,
    # so its parts "senior" and "treff" name no need of their own).
    shadowed: frozenset[str] = frozenset()

    def need_terms(self, terms: Iterable[str]) -> list[str]:
        """The terms that may name a need: without the parts of a compound that names one as a whole."""
        return [t for t in terms if t not in self.shadowed]

    @cached_property
    def needs(self) -> frozenset[str]:
        """The categories and topics the message names outright ("Sozialzentrum", "Schuldnerberatung")."""
        return needs_named(self.need_terms(self.terms))

    @property
    def refers_to_a_result(self) -> bool:
        """Whether it starts by pointing at a result already shown ("die in der Altstadt – …", "und der
        zweite?") or points at its place ("dort"); an article inside ("bin in der Südhöhe") does not."""
        vocab = vocabulary()
        words = list(self.words)
        while words and words[0] in vocab.leading_fillers:
            words = words[1:]
        return bool(words and words[0] in vocab.reference_words) or self.points_at_a_place

    @property
    def questions_a_result(self) -> bool:
        """Whether it asks something of a result pointed at, a verb before the reference ("reden die da
        auch Russisch?", "sind die kostenlos?"), not for other results ("gibts die auch auf Russisch?")."""
        vocab = vocabulary()
        words = list(self.words)
        while words and words[0] in vocab.leading_fillers:
            words = words[1:]
        return (
            len(words) >= 2
            and words[1] in vocab.reference_words
            and words[0] not in vocab.reference_words
            and words[0] not in vocab.search_verbs
            and words[0] not in vocab.refine_cues  # "aber eine, die kostenlos ist"
        )

    @property
    def points_at_a_place(self) -> bool:
        """Whether it points at a place already shown ("dort", "bei denen")."""
        return bool(set(self.words) & vocabulary().place_words)

    @property
    def asks_for_services(self) -> bool:
        """Whether the message asks for offers: it names a need, a group or a district, or only asks for help.

        "wo ist das Sozialzentrum in Weidenbruch", "Beratung bitte": a search (or the question
        which need) answers it even when the classifier read it as a follow-up on results.
        """
        if self.district or self.target_group or self.needs:
            return True
        return bool(self.terms) and all(term in vocabulary().unspecific for term in self.terms)


def analyse_text(text: str, districts: list[str], languages: set[str]) -> Question:
    """Analyse `text` once against the catalogue's districts and languages."""
    words = tuple(tokens(text))
    content = tuple(content_terms(text))
    terms = tuple(compound_terms(text, lexicon()))
    return Question(
        text=text,
        words=words,
        content=content,
        terms=terms,
        shadowed=_shadowed_parts(content, terms),
        wishes=wishes_in(words),
        district=district_in(districts, words),
        language=language_in(content, languages),
        target_group=group_in(content) or age_group(words),
    )


def needs_named(terms: list[str]) -> frozenset[str]:
    """Return the categories and topics these terms name outright (not only by a weak phrase)."""
    vocab = vocabulary()
    found = find_concepts(terms, (*vocab.categories.values(), *vocab.topics.values()))
    return frozenset(name for name, weight in found.items() if weight >= 1.0)


def _shadowed_parts(content: tuple[str, ...], terms: tuple[str, ...]) -> frozenset[str]:
    """Return the compound parts of words that name a need as a whole (and are no word of their own)."""
    if len(terms) == len(content):
        return frozenset()  # no compound was split
    vocab = vocabulary()
    needs = (*vocab.categories.values(), *vocab.topics.values())
    shadowed: set[str] = set()
    for word in content:
        parts = [t for t in compound_terms(word, lexicon()) if t != word]
        if parts and find_concepts([word], needs):
            shadowed.update(parts)
    return frozenset(shadowed - set(content))


def detect_wishes(text: str) -> dict[str, str]:
    """Return the filters the question asks for ("accessible", "open_now") with the phrase that asked."""
    return wishes_in(tuple(tokens(text)))


def wishes_in(words: tuple[str, ...]) -> dict[str, str]:
    """Return the filters asked for by these folded words, with the phrase that asked."""
    folded = f" {' '.join(words)} "
    found = {}
    for name, phrases in vocabulary().wishes.items():
        phrase = next((p for p in phrases if f" {p} " in folded), None)
        if phrase:
            found[name] = phrase
    return found


@lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Words compounds are split into: the shipped word list plus every word of the vocabulary."""
    return known_words() | {t for t in vocabulary().concept_terms if len(t) >= 4}


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


def find_concepts(terms: list[str], concepts: Iterable[Concept]) -> dict[str, float]:
    """Return the concepts whose phrases the terms contain: 1.0 for a phrase, less for a weak one."""
    matched = frozenset().union(*(_words_matching(t) for t in set(terms)))
    found: dict[str, float] = {}
    for concept in concepts:
        if any(_phrase_in(p, terms, matched) for p in concept.phrases):
            found[concept.name] = 1.0
        elif any(_phrase_in(p, terms, matched) for p in concept.weak_phrases):
            found[concept.name] = WEAK_PHRASE_FACTOR
    return found


def named_whole(terms: list[str], names: Iterable[str]) -> frozenset[str]:
    """Of these categories and topics, those a phrase names with whole terms ("Erziehungsberatung"),
    not only by the start of a longer word ("Erziehung" of "Hilfe zur Erziehung" in "Erziehungsberatung")."""
    vocab = vocabulary()
    concepts = {**vocab.categories, **vocab.topics}
    present = set(terms)
    return frozenset(
        name
        for name in names
        if name in concepts and any(all(word in present for word in phrase) for phrase in concepts[name].phrases)
    )


def resolve_district(districts: list[str], value: str | None) -> str | None:
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
    return group_in(tuple(content_terms(value)))


def group_in(content: tuple[str, ...]) -> str | None:
    """Return the target group these normal forms name, the strongest if several."""
    found = find_concepts(list(content), vocabulary().target_groups.values())
    return max(found, key=lambda name: found[name]) if found else None


def age_group(words: tuple[str, ...]) -> str | None:
    """Return the target group of an age said in the words ("bin 16" → Kinder und Jugendliche)."""
    vocab = vocabulary()
    for i, word in enumerate(words):
        if not word.isdigit() or len(word) > 3:
            continue
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if before in vocab.age_cues_before or after in vocab.age_cues_after:
            age = int(word)
            for group, low, high in vocab.age_groups:
                if low <= age <= high:
                    return group
    return None


def district_in(districts: list[str], words: tuple[str, ...]) -> str | None:
    """Find a district among folded words, tolerating missing umlauts and typos.

    A district merged from two ("Tempelhof-Schöneberg") is also named by one of its
    parts ("wohne in Schöneberg") when no other district has that part.
    """
    for district in districts:
        parts = tokens(district)
        for i in range(len(words) - len(parts) + 1):
            window = " ".join(words[i : i + len(parts)])
            if fuzz.ratio(window, " ".join(parts)) >= TYPO_CUTOFF:
                return district
    by_part = _district_parts(tuple(districts))
    if not by_part:
        return None
    parts = list(by_part)
    for word in (w for w in words if len(w) >= _DISTRICT_PART_MIN):
        found = process.extractOne(word, parts, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
        if found:
            return by_part[found[0]]
    return None


_DISTRICT_PART_MIN = 5  # shorter parts ("Süd", "Nord") name no district alone


@lru_cache(maxsize=8)
def _district_parts(districts: tuple[str, ...]) -> dict[str, str]:
    """Return each part of a hyphenated district name that belongs to that district alone."""
    owners: dict[str, set[str]] = {}
    for district in districts:
        parts = [" ".join(tokens(name)) for name in district.split("-")]
        if len([p for p in parts if p]) < 2:
            continue
        for part in parts:
            if len(part) >= _DISTRICT_PART_MIN and stem(part) not in known_words():
                owners.setdefault(part, set()).add(district)
    return {part: next(iter(owners_)) for part, owners_ in owners.items() if len(owners_) == 1}


def language_in(terms: tuple[str, ...], languages: set[str]) -> str | None:
    """Find a language offered by some service among normal forms of content words."""
    aliases = vocabulary().language_aliases
    for language in sorted(languages):
        for name in (language, *aliases.get(language, ())):
            phrase = content_terms(name)
            # The last word names the language ("Deutsche Gebärdensprache" → gebaerdensprach);
            # plain German is what every service speaks, never a filter.
            if phrase and phrase != ["deutsch"] and phrase[-1] in terms:
                # "Leichte Sprache" is not named by "welche Sprachen": a last word meaning
                # only "language" names it together with the words before it.
                if phrase[-1] == _LANGUAGE_WORD and not set(phrase) <= set(terms):
                    continue
                return language
    return None
