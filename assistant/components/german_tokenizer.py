"""A Rasa tokenizer that reads German the way the catalogue search does."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

import german_text
from assistant.components.forms import VOCABULARY as _VOCABULARY
from assistant.components.forms import catalogue_terms, normal_forms, phrase_forms

_GERMAN_TEXT = Path(german_text.__file__).parent


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class GermanTokenizer(WhitespaceTokenizer):
    """Split on white space like Rasa's tokenizer; give each token German normal forms as its lemma.

    The lemma holds the token's normal forms separated by spaces: the folded
    stem, the stems of compound parts and the plain words for colloquial ones
    ("Schuldnerberatung" -> "schuldnerberatung schuldn beratung", "säuft" ->
    "saeuf alkohol"); the last token also carries what colloquial phrases of the
    whole message mean ("Rente reicht nicht" -> "grundsicherung"). With
    `catalogue_terms`, a word naming a need the catalogue covers also gets the
    form "katalogbegriff". Featurizers that read lemmas (CountVectorsFeaturizer
    with `use_lemma`, the default) count every form as a word of its own, so
    "Beratung", "beratungen" and "Suchtberatung" share features. Token text and
    offsets stay untouched, so entity annotations keep their boundaries.
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Return the defaults of Rasa's WhitespaceTokenizer plus the German switches."""
        return {
            **WhitespaceTokenizer.get_default_config(),
            "compound_parts": True,
            "colloquial": True,
            "catalogue_terms": False,
        }

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """Retrain when the normal forms can change: Rasa only fingerprints this class's own source."""
        files = [Path(__file__).with_name("forms.py"), _GERMAN_TEXT]
        if config.get("catalogue_terms"):
            files.append(_VOCABULARY)
        digest = hashlib.sha256()
        for path in files:
            for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
                if file.is_file() and "__pycache__" not in file.parts:
                    digest.update(file.read_bytes())
        return digest.hexdigest()

    def __init__(self, config: dict[str, Any]) -> None:
        """Read the catalogue's words once when the pipeline asks for them."""
        super().__init__(config)
        self._terms = catalogue_terms() if config.get("catalogue_terms") else frozenset()

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokenize like WhitespaceTokenizer and set each token's lemma to its normal forms."""
        tokens = super().tokenize(message, attribute)
        compounds, colloquial = self._config["compound_parts"], self._config["colloquial"]
        for token in tokens:
            token.lemma = " ".join(normal_forms(token.text, self._terms, compounds=compounds, colloquial=colloquial))
        if colloquial and tokens:
            meant = phrase_forms(message.get(attribute), [t.text for t in tokens])
            tokens[-1].lemma = " ".join([tokens[-1].lemma, *meant])
        return tokens
