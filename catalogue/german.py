"""German text handling shared by the catalogue search and the assistant.

Pure standard library on purpose: both environments (Rasa and app) can import
it, and it knows nothing of databases or web frameworks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})
_TOKEN = re.compile(r"[a-z0-9]+")
_STOPWORDS_FILE = Path(__file__).with_name("stopwords_de.txt")

# Endings stripped by `stem`; longest first. A light stemmer is enough because
# matching also accepts shared prefixes (compounds such as Schuldnerberatung).
_SUFFIXES = ("ern", "en", "er", "es", "em", "e", "n", "s", "t")


def fold(text: str) -> str:
    """Lower-case and fold umlauts and ß to their ASCII spellings (ä → ae)."""
    return text.lower().translate(_FOLD)


def tokens(text: str) -> list[str]:
    """Split folded text into alphanumeric tokens."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Return the folded German stop words kept in `stopwords_de.txt`."""
    words = _STOPWORDS_FILE.read_text(encoding="utf-8").split()
    return frozenset(fold(w) for w in words if not w.startswith("#"))


def stem(token: str) -> str:
    """Strip one common inflection ending, keeping at least four letters."""
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    return token


def content_terms(text: str) -> list[str]:
    """Return the stemmed tokens of `text` without stop words."""
    stop = stopwords()
    return [stem(t) for t in tokens(text) if t not in stop and len(t) > 1]


def prefix_match(a: str, b: str, minimum: int = 5) -> bool:
    """Tell whether two stems share a prefix long enough to mean the same word.

    Catches compounds and derivations: schuld ↔ schuldnerberatung,
    senior ↔ seniorenbegegnungsstaette.
    """
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < minimum:
        return False
    common = 0
    for x, y in zip(short, long_, strict=False):
        if x != y:
            break
        common += 1
    return common >= minimum and common >= 0.75 * len(short)


# Ordinal words and numerals that point at a shown result ("die zweite", "Nummer 2").
ORDINALS = {
    "erst": 1,
    "ersten": 1,
    "erste": 1,
    "eins": 1,
    "1": 1,
    "1.": 1,
    "zweit": 2,
    "zweite": 2,
    "zweiten": 2,
    "zwei": 2,
    "2": 2,
    "dritt": 3,
    "dritte": 3,
    "dritten": 3,
    "drei": 3,
    "3": 3,
    "viert": 4,
    "vierte": 4,
    "vierten": 4,
    "vier": 4,
    "4": 4,
    "fuenft": 5,
    "fuenfte": 5,
    "fuenften": 5,
    "fuenf": 5,
    "5": 5,
    "sechste": 6,
    "sechsten": 6,
    "sechs": 6,
    "6": 6,
    "siebte": 7,
    "siebten": 7,
    "sieben": 7,
    "7": 7,
    "achte": 8,
    "achten": 8,
    "acht": 8,
    "8": 8,
    "neunte": 9,
    "neunten": 9,
    "neun": 9,
    "9": 9,
    "zehnte": 10,
    "zehnten": 10,
    "zehn": 10,
    "10": 10,
}
LAST_WORDS = {"letzte", "letzten", "letzter", "letztes"}


def ordinal(text: str) -> int | None:
    """Return the position a message points at (1-based), -1 for "die letzte", or None."""
    for token in tokens(text):
        if token in ORDINALS:
            return ORDINALS[token]
        if token in LAST_WORDS:
            return -1
    return None
