"""Recognise a person in crisis with the classifier OR the list of German crisis expressions."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from german_text import detect_crisis

CRISIS_INTENT = "crisis"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisDetector(GraphComponent):
    """Last in the pipeline: a message matching a crisis expression gets the intent `crisis`.

    The classifier's own `crisis` prediction stands as it is; the expression list
    (`german_text/crisis_de.yml`, data a city can extend) catches what the
    classifier misses, with typos and without umlauts. A false alarm costs a
    message with phone numbers; a miss can cost a life.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        """Create the component (it has nothing to train)."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leave training data as it is."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Set the intent `crisis` on every message that matches a crisis expression."""
        for message in messages:
            text = message.get(TEXT) or ""
            current = message.get(INTENT) or {}
            if current.get(INTENT_NAME_KEY) == CRISIS_INTENT or detect_crisis(text) is None:
                continue
            ranking = [
                item for item in message.get(INTENT_RANKING_KEY) or [] if item.get(INTENT_NAME_KEY) != CRISIS_INTENT
            ]
            crisis = {INTENT_NAME_KEY: CRISIS_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, crisis, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [crisis, *ranking], add_to_output=True)
        return messages
