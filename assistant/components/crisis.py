"""Recognise a person in crisis by the list of German crisis expressions, after the intent classifier."""

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
NEED_INTENT = "search_service"  # a distressed message that is no crisis describes a need


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisDetector(GraphComponent):
    """Last in the pipeline: the list of German crisis expressions decides about the intent `crisis`.

    A message matching an expression (`german_text/crisis_de.yml`, data a city can
    extend; typos, missing umlauts and colloquial forms included) gets `crisis`
    whatever the classifier said. The classifier's own `crisis` without a match
    falls back to its next intent: on the tuning set (`tests/nlu/crisis_dev.yml`)
    the classifier found no crisis the list missed, but called 11 % of ordinary
    questions a crisis ("Frauenhaus Öffnungszeiten?"), at confidences of 0.99 and
    more, so no threshold helps (BENCHMARKS.md). When that next intent is unsure
    (below `threshold`, as the FallbackClassifier's), the message describes a need
    ("ich habe schulden" came out as `affirm` at 0.07): it is read as `search_service`.
    """

    def __init__(self, threshold: float = 0.45) -> None:
        self.threshold = threshold

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The confidence below which the classifier's next intent is not trusted."""
        return {"threshold": 0.45}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        """Create the component (it has nothing to train)."""
        return cls(float(config.get("threshold", 0.45)))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leave training data as it is."""
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Set `crisis` on every message matching a crisis expression; take it from the others."""
        for message in messages:
            found = detect_crisis(message.get(TEXT) or "") is not None
            current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if found == (current == CRISIS_INTENT):
                continue
            others = [
                item for item in message.get(INTENT_RANKING_KEY) or [] if item.get(INTENT_NAME_KEY) != CRISIS_INTENT
            ]
            if found:
                crisis = {INTENT_NAME_KEY: CRISIS_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
                ranking = [crisis, *others]
            elif others and float(others[0].get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= self.threshold:
                ranking = others
            else:
                need = {INTENT_NAME_KEY: NEED_INTENT, PREDICTED_CONFIDENCE_KEY: self.threshold}
                ranking = [need, *(item for item in others if item.get(INTENT_NAME_KEY) != NEED_INTENT)]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages
