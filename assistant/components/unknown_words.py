"""Do not trust the classifier on a message without a single readable word ("lkjlkj", "mööööp")."""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.components.forms import has_known_word, message_words
from german_text import stopwords

FALLBACK_INTENT = "nlu_fallback"
_FILE = "known_words.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class UnknownWordsFallback(GraphComponent):
    """After the FallbackClassifier: a message none of whose words the training data (or the stop words)
    knows, not even as a typo, gets `nlu_fallback` whatever the classifier said. DIET gives such
    messages confident, arbitrary intents ("lkjlkj" came out as `affirm` at 0.93); the fallback
    action asks to rephrase and, the second time, gives the information desk. Before the
    CrisisDetector, so a crisis expression still wins."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, known: frozenset[str] = frozenset()) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self.known = known

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> UnknownWordsFallback:
        return cls(model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Collect the words of every training example; keep them with the model."""
        words = set(stopwords())
        for example in training_data.training_examples:
            words.update(message_words(example.get(TEXT) or ""))
        self.known = frozenset(words)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE).write_text(json.dumps(sorted(self.known), ensure_ascii=False), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> UnknownWordsFallback:
        try:
            with model_storage.read_from(resource) as directory:
                known = frozenset(json.loads((directory / _FILE).read_text(encoding="utf-8")))
        except (ValueError, FileNotFoundError):
            known = frozenset()  # not trained: judge nothing
        return cls(model_storage, resource, known)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Set `nlu_fallback` on every message without a readable word."""
        if not self.known:
            return messages
        for message in messages:
            if has_known_word(message.get(TEXT) or "", self.known):
                continue
            ranking = [
                item for item in message.get(INTENT_RANKING_KEY) or [] if item.get(INTENT_NAME_KEY) != FALLBACK_INTENT
            ]
            fallback = {INTENT_NAME_KEY: FALLBACK_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, fallback, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
        return messages
