"""Summarise `rasa test nlu` on the held-out set: print and write to BENCHMARKS.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from _report import write_section


def main() -> int:
    """Read intent_report.json from the given results folder."""
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "results/nlu-heldout")
    report = json.loads((folder / "intent_report.json").read_text(encoding="utf-8"))
    per_intent = {
        k: v for k, v in report.items() if isinstance(v, dict) and k not in ("macro avg", "weighted avg", "micro avg")
    }
    support = sum(v["support"] for v in per_intent.values())
    lines = ["| intent | F1 | support |", "|---|---|---|"]
    lines += [f"| {name} | {v['f1-score']:.3f} | {v['support']} |" for name, v in sorted(per_intent.items())]
    summary = f"accuracy {report['accuracy']:.3f}, macro-F1 {report['macro avg']['f1-score']:.3f} on {support} messages"
    print(summary)
    print("\n".join(lines))
    write_section(
        "Intent classification: held-out set",
        f"Measured by `make eval`: `rasa test nlu` with the trained model on `tests/nlu/heldout.yml` (written "
        f"separately from `nlu_data/`, never trained on; a test fails if any message appears in the training data). "
        f"Pipeline: `config.yml` (Rasa's default components: whitespace tokens, word and char n-gram counts, DIET; "
        f"FallbackClassifier at 0.45, whose fallbacks count as errors). Result: {summary}. "
        f"Confusion matrix: `{folder}/intent_confusion_matrix.png`.\n\n" + "\n".join(lines),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
