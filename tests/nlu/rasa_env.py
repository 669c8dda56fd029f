"""Run a snippet in the Rasa environment (the project on PYTHONPATH) and read the JSON it prints last."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
RASA_PYTHON = ROOT / ".venv" / "rasa" / "bin" / "python"
needs_rasa = pytest.mark.skipif(not RASA_PYTHON.exists(), reason="Rasa environment not installed (make install)")


def run_in_rasa(code: str, argument: str) -> Any:
    """Run `code` with `argument` as sys.argv[1] in the Rasa environment; return its last output line as JSON."""
    done = subprocess.run(
        [str(RASA_PYTHON), "-c", code, argument],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "RASA_TELEMETRY_ENABLED": "false"},
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])
