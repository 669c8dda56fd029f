"""A message without one readable word is not understood (assistant.components.UnknownWordsFallback)."""

from __future__ import annotations

import json

import pytest

from assistant.components.forms import has_known_word
from tests.nlu.rasa_env import needs_rasa, run_in_rasa

KNOWN = frozenset({"danke", "hallo", "schuldnerberatung", "ich", "brauche", "eine"})


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        ("lkjlkj", False),
        ("mööööp", False),
        ("xqzrt plomk", False),
        ("dnake", True),  # a typo of a known word
        ("ich brauche eine schuldnerberatug", True),
        ("ok", True),  # too short to judge
        ("2", True),  # no word at all: a number, a button's payload
        ("👍", True),
        ("", True),
    ],
)
def test_a_message_is_readable_when_one_word_is_known_or_a_typo_of_one(text, readable) -> None:
    assert has_known_word(text, KNOWN) is readable


_IN_RASA = """
import json, sys
from assistant.components import UnknownWordsFallback
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
import tempfile, pathlib

storage = LocalModelStorage(pathlib.Path(tempfile.mkdtemp()))
resource = Resource("unknown_words")
component = UnknownWordsFallback.create({}, storage, resource, None)
examples = [Message({"text": t, "intent": "greet"}) for t in ["hallo", "guten morgen"]]
component.train(TrainingData(training_examples=examples))
loaded = UnknownWordsFallback.load({}, storage, resource, None)
out = []
for text in json.loads(sys.argv[1]):
    message = Message({"text": text, "intent": {"name": "affirm", "confidence": 0.93},
                       "intent_ranking": [{"name": "affirm", "confidence": 0.93}]})
    loaded.process([message])
    out.append(message.get("intent")["name"])
print(json.dumps(out))
"""


@needs_rasa
def test_the_component_learns_its_words_from_the_training_data_and_keeps_them_with_the_model() -> None:
    assert run_in_rasa(_IN_RASA, json.dumps(["lkjlkj", "halo", "guten tag"])) == ["nlu_fallback", "affirm", "affirm"]
