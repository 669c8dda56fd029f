"""Custom Rasa NLU components for German (loaded by Rasa as `assistant.components.<Class>`).

The Rasa classes are imported lazily: the pure-Python helpers (`forms`) are also
used and tested in the app environment, which has no Rasa.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CrisisDetector", "GermanTokenizer", "UnknownWordsFallback"]


def __getattr__(name: str) -> Any:
    if name == "GermanTokenizer":
        from assistant.components.german_tokenizer import GermanTokenizer

        return GermanTokenizer
    if name == "CrisisDetector":
        from assistant.components.crisis import CrisisDetector

        return CrisisDetector
    if name == "UnknownWordsFallback":
        from assistant.components.unknown_words import UnknownWordsFallback

        return UnknownWordsFallback
    raise AttributeError(name)
