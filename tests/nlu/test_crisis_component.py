"""The Rasa component that gives a message in crisis the intent `crisis`, run in the Rasa environment."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv" / "rasa" / "bin" / "python"

_IN_RASA = """
import json, sys
from assistant.components import CrisisDetector
from rasa.shared.nlu.training_data.message import Message

detector = CrisisDetector()
out = []
for text in json.loads(sys.argv[1]):
    message = Message({"text": text, "intent": {"name": "search_service", "confidence": 0.9},
                       "intent_ranking": [{"name": "search_service", "confidence": 0.9},
                                          {"name": "crisis", "confidence": 0.05}]})
    detector.process([message])
    out.append([message.get("intent")["name"], [i["name"] for i in message.get("intent_ranking")]])
print(json.dumps(out))
"""


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa environment not installed (make install)")
def test_a_crisis_expression_overrides_the_classifier_and_other_messages_keep_their_intent() -> None:
    texts = ["ich will mich umbrigen", "mein mann schlaegt mich", "Schuldnerberatung in der Altstadt"]
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", _IN_RASA, json.dumps(texts)],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    suicide, violence, debt = json.loads(done.stdout.strip().splitlines()[-1])
    assert suicide == ["crisis", ["crisis", "search_service"]]
    assert violence == ["crisis", ["crisis", "search_service"]]
    assert debt == ["search_service", ["search_service", "crisis"]]
