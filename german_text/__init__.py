"""German text handling shared by the catalogue search and the Rasa tokenizer.

Pure standard library, no database or web framework: installed in both the
Rasa and the app environment. See `german_text._text` for how citizens' words
reach catalogue words, and the word lists beside it (data, not code).
"""

from german_text._crisis import CRISIS_KINDS, CrisisMatch, detect_crisis
from german_text._text import (
    MAX_TOKEN_LENGTH,
    Expansions,
    colloquial,
    compound_terms,
    content_terms,
    expand,
    fold,
    known_words,
    load_expansions,
    normalise,
    ordinal,
    prefix_match,
    split_compound,
    stem,
    stopwords,
    tokens,
)

__all__ = [
    "CRISIS_KINDS",
    "CrisisMatch",
    "detect_crisis",
    "MAX_TOKEN_LENGTH",
    "Expansions",
    "colloquial",
    "compound_terms",
    "content_terms",
    "expand",
    "fold",
    "known_words",
    "load_expansions",
    "normalise",
    "ordinal",
    "prefix_match",
    "split_compound",
    "stem",
    "stopwords",
    "tokens",
]
