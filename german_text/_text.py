"""German text handling shared by the catalogue search and the assistant.

Pure standard library on purpose: both environments (Rasa and app) can import
it, and it knows nothing of databases or web frameworks. Its word lists are
data files beside it: stop words, colloquial words and their plain meaning
(`colloquial_de.txt`), and the words compounds are split into (`words_de.txt`).

How citizens' words reach catalogue words, in order:
1. `fold`: lower case, umlauts and ß spelled out (Wärmestube → waermestube).
2. `stem`: one inflection ending off (Schulden → schuld, Kindern → kind).
3. `split_compound`: a compound into known words (schuldnerberatung →
   schuldner + beratung, seniorenbegegnungsstaette → senioren + begegnung +
   staette), linking letters (s, n, en, er, es, e) allowed between the parts.
4. `colloquial`: colloquial words and phrases to plain ones (saufen →
   alkohol, zocken → gluecksspiel, "rente reicht nicht" → grundsicherung).
Typos are left to the search, which knows its own vocabulary (rapidfuzz).

Chosen by measurement on the dev sets (tests/retrieval/*_dev.yml, P@1 / hit@3;
the test sets were not looked at), 2026-11-21:

| compound / lemma handling          | demo_dev      | berlin_dev    | cost to load        |
|------------------------------------|---------------|---------------|---------------------|
| none (stem + prefix matching only) | 0.892 / 0.900 | 0.631 / 0.831 | –                   |
| this module's splitter (chosen)    | 0.892 / 0.900 | 0.677 / 0.846 | none                |
| simplemma 2.0.0 lemmas             | 0.883 / 0.900 | 0.646 / 0.815 | 1.9 s, 123 MB       |
| compound-split 1.0.2               | 0.867 / 0.892 | 0.662 / 0.815 | 2.3 s, 365 MB       |

The packages lost on both sets and would weigh on both environments' start-up;
`charsplit` on PyPI is an unrelated project and `charsplit-fst` needs Rust.

Later, also on the dev sets only: colloquial phrases keep their stop words ("keiner will
mich" no longer fires on every "keiner", "nicht mehr leben" now fires at all), and
`prefix_match` allows one letter of slack instead of a quarter of the word and never joins
a word to its "-los" opposite (wohnung ↛ wohnungslos). Without the ranking and vocabulary
changes of the same round: berlin_dev P@1 0.677 → 0.692, demo_dev 0.900 → 0.925.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})
_TOKEN = re.compile(r"[a-z0-9]+")
_STOPWORDS_FILE = Path(__file__).with_name("stopwords_de.txt")
_COLLOQUIAL_FILE = Path(__file__).with_name("colloquial_de.txt")
_WORDS_FILE = Path(__file__).with_name("words_de.txt")
# Linking letters between the parts of a compound (Fugenelemente), longest first.
_LINKS = ("", "ens", "es", "en", "er", "s", "n", "e")
_MIN_PART = 4  # shorter pieces ("ein", "tag") split too many ordinary words
# Longer tokens are no words (German's longest everyday compounds have about 40 letters).
MAX_TOKEN_LENGTH = 60

# Endings stripped by `stem`; longest first. A light stemmer is enough because
# matching also accepts shared prefixes (compounds such as Schuldnerberatung).
_SUFFIXES = ("ern", "en", "er", "es", "em", "e", "n", "s", "t")


def fold(text: str) -> str:
    """Lower-case and fold umlauts and ß to their ASCII spellings (ä → ae)."""
    return text.lower().translate(_FOLD)


def tokens(text: str) -> list[str]:
    """Split folded text into alphanumeric tokens; drop tokens longer than any real word.

    The cap keeps every later step (compound splitting, typo correction) linear in
    the length of the text, whatever somebody pastes into a field or the chat.
    """
    return [t for t in _TOKEN.findall(fold(text)) if len(t) <= MAX_TOKEN_LENGTH]


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


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Return the stems of the words compounds may be split into (`words_de.txt`)."""
    text = _WORDS_FILE.read_text(encoding="utf-8")
    return frozenset(stem(w) for line in text.splitlines() if not line.startswith("#") for w in tokens(line))


def _known(part: str, lexicon: frozenset[str] | set[str]) -> bool:
    return len(part) >= _MIN_PART and (part in lexicon or stem(part) in lexicon)


def split_compound(word: str, lexicon: frozenset[str] | set[str] | None = None) -> list[str]:
    """Split a folded compound into known words, or return [word] when it is not one.

    `lexicon` holds known stems (default: `known_words()`); the search adds the
    words of its own catalogue. schuldnerberatung → [schuldner, beratung].
    """
    lexicon = known_words() if lexicon is None else lexicon
    return list(_split(word, lexicon, 0)) or [word]


@lru_cache(maxsize=50_000)
def _split_cached(word: str, lexicon: frozenset[str]) -> tuple[str, ...]:
    return _split(word, lexicon, 0)


def _split(word: str, lexicon: frozenset[str] | set[str], depth: int) -> tuple[str, ...]:
    """Return the parts of `word` (the whole word counts as one part only below the top), or ()."""
    if depth and _known(word, lexicon):
        return (word,)
    if depth > 3 or len(word) < 2 * _MIN_PART or len(word) > MAX_TOKEN_LENGTH:
        return ()
    # The last part is the compound's head: try the longest head first.
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head = word[cut:]
        if not _known(head, lexicon):
            continue
        front = word[:cut]
        for link in _LINKS:
            if link and not front.endswith(link):
                continue
            modifier = front[: len(front) - len(link)] if link else front
            parts = _split(modifier, lexicon, depth + 1)
            if parts:
                return (*parts, *(_split(head, lexicon, 0) or (head,)))
    return ()


def compound_terms(text: str, lexicon: frozenset[str] | None = None) -> list[str]:
    """Return `content_terms(text)` plus the stems of the parts of each compound."""
    lexicon = known_words() if lexicon is None else lexicon
    stop = stopwords()
    found: list[str] = []
    for token in tokens(text):
        if token in stop or len(token) < 2:
            continue
        found.append(stem(token))
        parts = _split_cached(token, lexicon) if len(token) >= 2 * _MIN_PART else ()
        found.extend(stem(p) for p in parts if p not in stop)
    return found


def _all_stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text)]


Expansions = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]


def load_expansions(path: Path) -> Expansions:
    """Read a file of `what is said = what is meant` lines (as colloquial_de.txt) into a table."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or "=" not in line:
            continue
        said, meant = line.split("=", 1)
        # Stop words stay in the phrase: "keiner will mich" must not shrink to "keiner",
        # nor "nicht mehr leben" to nothing.
        phrase = tuple(_all_stems(said))
        if phrase:
            rows.append((phrase, tuple(content_terms(meant))))
    return tuple(rows)


def expand(text: str, table: Expansions) -> list[str]:
    """Return the stemmed plain words for the phrases of `table` found in `text` (a phrase's words in any order)."""
    terms = set(_all_stems(text))
    meant: list[str] = []
    for phrase, words in table:
        if all(word in terms for word in phrase):
            meant.extend(w for w in words if w not in meant)
    return meant


@lru_cache(maxsize=1)
def _colloquial_table() -> Expansions:
    return load_expansions(_COLLOQUIAL_FILE)


def colloquial(text: str) -> list[str]:
    """Return the stemmed plain words for the colloquial words and phrases in `text`.

    "ich saufe zu viel" → [alkohol]; "meine Rente reicht nicht" → [grundsicherung];
    words as in `colloquial_de.txt`, each phrase's words in any order.
    """
    return expand(text, _colloquial_table())


def normalise(text: str) -> list[str]:
    """Return the terms the search looks for: stems, compound parts and plain words for colloquial ones."""
    terms = compound_terms(text)
    return terms + [t for t in colloquial(text) if t not in terms]


def prefix_match(a: str, b: str, minimum: int = 5) -> bool:
    """Tell whether two stems share a prefix long enough to mean the same word.

    Catches compounds and derivations: schuld ↔ schuldnerberatung, depressiv ↔ depression,
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
    # "-los" turns a need into its opposite: wohnung ↛ wohnungslos, arbeit ↛ arbeitslos.
    rest = long_[common:].removeprefix("s")  # wohnung-s-los
    if common == len(short) and rest.startswith("lo") and rest[2:3] in ("", "s"):
        return False
    # One letter of slack for stems that differ at the end (depressiv ↔ depression); more
    # would join words that only share a modifier (sozialamt ↮ sozialberatung).
    return common >= minimum and common >= len(short) - 1


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
