"""Normal forms of German words as the NLU pipeline featurises them.

Pure Python (no Rasa): the German tokenizer calls it in the Rasa environment and
the tests call it in the app environment. It only combines the public functions
of `german_text`, so the assistant and the catalogue search read a word the
same way: umlauts folded, one inflection ending off, compounds split into known
words, colloquial words mapped to plain ones.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

import german_text as german

# The catalogue's controlled vocabulary (a data file; the Rasa process imports no catalogue code).
VOCABULARY = Path(__file__).resolve().parents[2] / "catalogue" / "vocabulary.yml"
# The extra form given to a word that names a need the catalogue has services for.
CATALOGUE_TERM = "katalogbegriff"


def normal_forms(
    word: str, terms: frozenset[str] = frozenset(), *, compounds: bool = True, colloquial: bool = True
) -> list[str]:
    """Return the forms one token is featurised by.

    For each alphanumeric part ("P-Konto" -> "p", "konto"): its folded stem, the
    stems of its compound parts ("schuldnerberatung" -> "schuldn", "beratung")
    and the plain words for a colloquial word ("säuft" -> "alkohol"); then
    `CATALOGUE_TERM` when a form matches one of `terms` the way the catalogue
    search matches words (`german.prefix_match`).
    """
    forms: list[str] = []
    for part in german.tokens(word):
        _add(forms, [german.stem(part)])
        parts = german.split_compound(part) if compounds else []
        if len(parts) > 1:
            _add(forms, (german.stem(p) for p in parts))
        if colloquial:
            _add(forms, german.colloquial(part))
    if terms and any(_names_a_term(form, terms) for form in forms):
        forms.append(CATALOGUE_TERM)
    return forms or [german.fold(word)]


def phrase_forms(text: str, words: list[str]) -> list[str]:
    """Return the plain words that colloquial phrases of `text` mean beyond its single `words`.

    "meine Rente reicht nicht" -> ["grundsicherung"]: no single word means that,
    the phrase does.
    """
    single = {form for word in words for part in german.tokens(word) for form in german.colloquial(part)}
    return [form for form in german.colloquial(text) if form not in single]


def _add(forms: list[str], new: Iterable[str]) -> None:
    forms.extend(form for form in new if form not in forms)


def _names_a_term(stem: str, terms: frozenset[str]) -> bool:
    return len(stem) >= 4 and any(german.prefix_match(stem, term) for term in _terms_by_start(terms).get(stem[:2], ()))


@lru_cache(maxsize=8)
def _terms_by_start(terms: frozenset[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for term in terms:
        index.setdefault(term[:2], []).append(term)
    return {start: tuple(found) for start, found in index.items()}


@lru_cache(maxsize=1)
def catalogue_terms(path: Path = VOCABULARY) -> frozenset[str]:
    """Return the stems of the words citizens use for needs the catalogue covers.

    Read from the controlled vocabulary (category names and synonyms, target
    groups) only, never from catalogue entries: a city's own catalogue needs no
    training. Stems shorter than four letters are left out as too unspecific.
    """
    vocabulary = yaml.safe_load(path.read_text(encoding="utf-8"))
    words: list[str] = []
    for name, category in vocabulary["categories"].items():
        words += [name, *category.get("synonyms", [])]
    for name, synonyms in vocabulary["target_groups"].items():
        words += [name, *synonyms]
    return frozenset(t for t in _content_stems(words) if len(t) >= 4)


def _content_stems(words: Iterable[str]) -> Iterable[str]:
    for word in words:
        yield from german.content_terms(word)


# Words this short are not judged ("ok", "jo", "jup", "thx"): too short to tell a typo from nonsense.
_JUDGED_LENGTH = 4
# A word this similar to a known word (difflib ratio) is a typo of it ("dnake" → "danke").
_TYPO_RATIO = 0.75


def message_words(text: str) -> list[str]:
    """The folded words of a message (letters only), as the unknown-words check reads them."""
    return [word for word in german.tokens(text) if word.isalpha()]


def has_known_word(text: str, known: frozenset[str]) -> bool:
    """Tell whether a message has a word the assistant can read: one of `known` (the training data's
    words and the stop words), a typo of one, or a word too short to judge; a message without
    words (digits, emoji) counts as readable. "lkjlkj" and "mööööp" have none.

    difflib (standard library): the Rasa environment has no rapidfuzz, and only words not
    known exactly are compared, with the known words of about their length."""
    words = message_words(text)
    if not words:
        return True
    by_length = _by_length(known)
    for word in words:
        if len(word) < _JUDGED_LENGTH or word in known:
            return True
        near = [w for n in range(len(word) - 2, len(word) + 3) for w in by_length.get(n, ())]
        if difflib.get_close_matches(word, near, n=1, cutoff=_TYPO_RATIO):
            return True
    return False


@lru_cache(maxsize=4)
def _by_length(known: frozenset[str]) -> dict[int, tuple[str, ...]]:
    lengths: dict[int, list[str]] = {}
    for word in known:
        lengths.setdefault(len(word), []).append(word)
    return {n: tuple(words) for n, words in lengths.items()}
