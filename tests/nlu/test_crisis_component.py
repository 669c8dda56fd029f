"""The Rasa component that gives a message in crisis the intent `crisis`, run in the Rasa environment."""

from __future__ import annotations

import json

from tests.nlu.rasa_env import needs_rasa, run_in_rasa

_IN_RASA = """
import json, sys
from assistant.components import CrisisDetector
from rasa.shared.nlu.training_data.message import Message

detector = CrisisDetector()
out = []
texts, as_crisis = json.loads(sys.argv[1])
for text in texts + as_crisis:
    top, second = ("crisis", "search_service") if text in as_crisis else ("search_service", "crisis")
    message = Message({"text": text, "intent": {"name": top, "confidence": 0.99},
                       "intent_ranking": [{"name": top, "confidence": 0.99},
                                          {"name": second, "confidence": 0.01}]})
    detector.process([message])
    out.append([message.get("intent")["name"], [i["name"] for i in message.get("intent_ranking")]])
print(json.dumps(out))
"""


@needs_rasa
def test_the_crisis_expressions_decide_about_the_intent_crisis() -> None:
    texts = ["ich will mich umbrigen", "mein mann schlaegt mich", "Schuldnerberatung in der Altstadt"]
    texts_as_crisis = ["Frauenhaus Öffnungszeiten?"]
    suicide, violence, debt, lookup = run_in_rasa(_IN_RASA, json.dumps([texts, texts_as_crisis]))
    assert suicide == ["crisis", ["crisis", "search_service"]]
    assert violence == ["crisis", ["crisis", "search_service"]]
    assert debt == ["search_service", ["search_service", "crisis"]]
    # The classifier's crisis without a matching expression falls back to its next intent.
    assert lookup == ["search_service", ["search_service"]]


_UNSURE_NEXT = """
import json, sys
from assistant.components import CrisisDetector
from rasa.shared.nlu.training_data.message import Message

out = []
for text, second, confidence in json.loads(sys.argv[1]):
    message = Message({"text": text, "intent": {"name": "crisis", "confidence": 0.9},
                       "intent_ranking": [{"name": "crisis", "confidence": 0.9},
                                          {"name": second, "confidence": confidence}]})
    CrisisDetector().process([message])
    out.append(message.get("intent")["name"])
print(json.dumps(out))
"""


@needs_rasa
def test_a_crisis_no_expression_confirms_reads_as_a_need_unless_the_next_intent_is_sure() -> None:
    cases = [("ich habe schulden", "affirm", 0.07), ("hallo", "greet", 0.9)]
    assert run_in_rasa(_UNSURE_NEXT, json.dumps(cases)) == ["search_service", "greet"]
