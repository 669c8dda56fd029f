"""Compare NLU pipelines on a held-out set: train each, `rasa test nlu`, time parsing, report.

Runs in the Rasa environment with the project root on PYTHONPATH (the German
pipeline loads `assistant.components`), e.g. via `make eval`:

    PYTHONPATH=. .venv/rasa/bin/python scripts/eval_intents.py

For every pipeline in assistant/pipelines/ it trains an NLU-only model on
nlu_data/ into results/intents/<pipeline>/, runs `rasa test nlu` on the test set,
and parses every test message once more through the loaded model to time it.
On the held-out set it prints a side-by-side table, writes it to BENCHMARKS.md
and draws both confusion matrices into one picture. `--data tests/nlu/dev.yml` (or
`tests/nlu/dev2.yml`, the second tuning set) evaluates on a development set used for
tuning and writes no report.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import yaml
from _report import bootstrap_statistic, interval, write_section

ROOT = Path(__file__).resolve().parent.parent
# No telemetry or crash reports leave the machine, and TensorFlow keeps quiet.
os.environ.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", SQLALCHEMY_SILENCE_UBER_WARNING="1")
RASA = Path(sys.executable).with_name("rasa")
HELD_OUT = Path("tests/nlu/heldout.yml")
# Held-out crisis set (written apart from nlu_data/ and from the expression list): crisis messages by kind, ordinary.
CRISIS_SET = Path("tests/nlu/crisis_test.yml")
PICTURE = Path("docs/intent-confusion.png")
# The model `make train` builds for the chat (config.yml, NLU trained together with the dialogue
# policies): tested as it is, not trained again. Its classifier is not the NLU-only one of the same data.
PRODUCTION_MODEL = Path("models/sozialauskunft.tar.gz")
TITLES = {"default": "Rasa default", "german": "German", "production": "Production model of the chat"}
SOURCES = {"production": "`config.yml` via `make train`, with the dialogue policies"}
SUMMARY_KEYS = ("macro avg", "weighted avg", "micro avg", "accuracy")


def _run(command: list[str], log: Path) -> None:
    """Run a Rasa command from the project root, its output going to `log`; fail loudly."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8").splitlines()[-30:]
        failed = f"{' '.join(command[:3])} failed ({done.returncode}); last lines of {log}:"
        raise SystemExit("\n".join([failed, *tail]))


def _messages(data: Path) -> list[tuple[str, str]]:
    """Return (text, intent) pairs of an NLU file, entity annotations removed."""
    from rasa.shared.nlu.training_data.loading import load_data

    return [(m.get("text"), m.get("intent")) for m in load_data(str(ROOT / data)).intent_examples]


async def _parse_times(model: Path, texts: list[str], crisis_texts: list[str]) -> tuple[list[float], list[str]]:
    """Load the model once; return the milliseconds each parse of `texts` took and the intents of `crisis_texts`."""
    from rasa.core.agent import Agent
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    warnings.filterwarnings("ignore")
    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)  # the processor logs every parse otherwise

    agent = Agent.load(str(model))
    for text in texts[:5]:  # warm-up: the first calls build TensorFlow graphs
        await agent.parse_message(text)
    times = []
    for text in texts:
        start = time.perf_counter()
        await agent.parse_message(text)
        times.append((time.perf_counter() - start) * 1000)
    intents = [(await agent.parse_message(text))["intent"]["name"] for text in crisis_texts]
    return times, intents


def _crisis_set() -> tuple[list[str], list[str]]:
    """Return the crisis messages and the ordinary ones of the held-out crisis set."""
    data = yaml.safe_load((ROOT / CRISIS_SET).read_text(encoding="utf-8"))
    return [m for messages in data["crisis"].values() for m in messages], list(data["ordinary"])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def evaluate(name: str, data: Path, out: Path, trained_model: Path | None = None) -> dict:
    """Train pipeline `name` (or take `trained_model`), test it on `data` and time its parses; return the figures."""
    config = Path("assistant/pipelines") / f"{name}.yml"
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    model = trained_model or folder / f"{name}.tar.gz"
    if trained_model is None:
        start = time.monotonic()
        print(f"[{name}] trainiere NLU-Modell ({config}) …", flush=True)
        _run(
            [str(RASA), "train", "nlu", "--config", str(config), "--nlu", "nlu_data", "--domain", "assistant/domain",
             "--out", str(folder), "--fixed-model-name", name],
            folder / "train.log",
        )  # fmt: skip
        # Rasa reuses unchanged components from its training cache (.rasa/cache), so this can be seconds.
        print(f"[{name}] trainiert in {time.monotonic() - start:.0f} s", flush=True)
    print(f"[{name}] teste {model} mit rasa test nlu auf {data} …", flush=True)
    results = folder / data.stem
    _run(
        [str(RASA), "test", "nlu", "--nlu", str(data), "--model", str(model), "--out", str(results), "--successes"],
        folder / f"test-{data.stem}.log",
    )
    report = json.loads((ROOT / results / "intent_report.json").read_text(encoding="utf-8"))
    predictions = []
    for kind in ("intent_successes.json", "intent_errors.json"):
        path = ROOT / results / kind
        if path.exists():
            predictions += [(p["text"], p["intent"], p["intent_prediction"]["name"] or "None")
                            for p in json.loads(path.read_text(encoding="utf-8"))]  # fmt: skip
    print(f"[{name}] messe die Parse-Zeit …", flush=True)
    texts = [text for text, _ in _messages(data)]
    crises, ordinary = _crisis_set()
    times, intents = asyncio.run(_parse_times(ROOT / model, texts, crises + ordinary))
    figures = {
        "name": name,
        "accuracy": report["accuracy"],
        "macro_f1": report["macro avg"]["f1-score"],
        "weighted_f1": report["weighted avg"]["f1-score"],
        "support": report["macro avg"]["support"],
        "per_intent": {k: v for k, v in report.items() if k not in SUMMARY_KEYS and isinstance(v, dict)},
        "predictions": predictions,
        "median_ms": statistics.median(times),
        "p95_ms": _percentile(times, 0.95),
        # Whole pipeline, classifier and (where the pipeline has it) the crisis expression list.
        "crisis_recall": sum(i == "crisis" for i in intents[: len(crises)]) / len(crises),
        "crisis_false_alarms": sum(i == "crisis" for i in intents[len(crises) :]) / len(ordinary),
        "crisis_sizes": (len(crises), len(ordinary)),
    }
    print(
        f"[{name}] accuracy {figures['accuracy']:.3f}, macro-F1 {figures['macro_f1']:.3f}, "
        f"Parse median {figures['median_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms",
        flush=True,
    )
    return figures


def production_config() -> dict:
    """The chat's model configuration, config.yml."""
    return yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))


def diet_seed(config: dict) -> int:
    """The seed the intent classifier (DIET) of a model configuration starts from."""
    diet = next((c for c in config["pipeline"] if c["name"] == "DIETClassifier"), None)
    if diet is None:
        raise ValueError("config.yml has no DIETClassifier")
    return diet["random_seed"]


def seeded_config(config: dict, seed: int) -> dict:
    """A copy of a model configuration whose intent classifier (DIET) starts from `seed`; the policies keep theirs."""
    diet_seed(config)  # fails loudly without a DIETClassifier
    pipeline = [{**c, "random_seed": seed} if c["name"] == "DIETClassifier" else c for c in config["pipeline"]]
    return {**config, "pipeline": pipeline}


def train_production(seed: int, out: Path) -> Path:
    """Train the production model (config.yml with the dialogue policies) with another DIET seed; return it.

    The seed decides the classifier's starting weights and batch order; the spread over seeds is the
    noise a change to the data or the pipeline has to beat.
    """
    config = seeded_config(production_config(), seed)
    name = f"production-seed-{seed}"
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    print(f"[{name}] trainiere das Produktionsmodell mit DIET-Seed {seed} …", flush=True)
    _run(
        [str(RASA), "train", "--config", str(folder / "config.yml"), "--domain", "assistant/domain",
         "--data", "nlu_data", "assistant/rules", "assistant/stories", "--out", str(folder),
         "--fixed-model-name", name],
        folder / "train.log",
    )  # fmt: skip
    return folder / f"{name}.tar.gz"


def seed_spread(runs: list[dict]) -> str:
    """One sentence: macro-F1 of the production model over its DIET seeds, mean and range."""
    scores = [r["macro_f1"] for r in runs]
    seeds = ", ".join(f"{r['seed']}: {r['macro_f1']:.3f}" for r in runs)
    return (
        f"Production model trained with {len(runs)} DIET seeds on the same data (`--seeds`): macro-F1 mean "
        f"{statistics.mean(scores):.3f}, range {min(scores):.3f}–{max(scores):.3f}, standard deviation "
        f"{statistics.stdev(scores):.3f} (seed {seeds}). A change within this spread is not a gain."
    )


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    """Macro-F1 over (gold, predicted) pairs, over every label either side uses (as `rasa test nlu`)."""
    from sklearn.metrics import f1_score

    return f1_score([g for g, _ in pairs], [p for _, p in pairs], average="macro", zero_division=0)


def macro_f1_interval(run: dict) -> str:
    """The run's macro-F1 with its bootstrap 95 % interval over messages."""
    return interval(bootstrap_statistic([(g, p) for _, g, p in run["predictions"]], macro_f1))


def paired_macro_f1(first: dict, second: dict) -> str:
    """Macro-F1 of `first` minus `second` on the same messages, with a paired bootstrap 95 % interval."""
    theirs = {text: (g, p) for text, g, p in second["predictions"]}
    both = [((g, p), theirs[text]) for text, g, p in first["predictions"] if text in theirs]

    def difference(items: list) -> float:
        return macro_f1([a for a, _ in items]) - macro_f1([b for _, b in items])

    return interval(bootstrap_statistic(both, difference))


def draw_confusion(runs: list[dict], picture: Path) -> None:
    """Draw the confusion matrices of all runs side by side into one PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    gold = sorted({g for run in runs for _, g, _ in run["predictions"]})
    labels = gold + sorted({p for run in runs for _, _, p in run["predictions"]} - set(gold))
    fig, axes = plt.subplots(1, len(runs), figsize=(7.5 * len(runs), 7), squeeze=False)
    for ax, run in zip(axes[0], runs, strict=True):
        counts = np.zeros((len(gold), len(labels)), dtype=int)
        for _, g, p in run["predictions"]:
            counts[gold.index(g), labels.index(p)] += 1
        share = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
        ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
        for i in range(len(gold)):
            for j in range(len(labels)):
                if counts[i, j]:
                    colour = "white" if share[i, j] > 0.6 else "black"
                    ax.text(j, i, counts[i, j], ha="center", va="center", color=colour, fontsize=8)
        ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(len(gold)), gold, fontsize=8)
        ax.set_xlabel("vorhergesagt")
        ax.set_ylabel("richtig")
        ax.set_title(
            f"{TITLES.get(run['name'], run['name'])}: accuracy {run['accuracy']:.3f}, macro-F1 {run['macro_f1']:.3f}"
        )
    fig.tight_layout()
    (ROOT / picture).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(ROOT / picture, dpi=110)


def production_pipeline(names: list[str]) -> str | None:
    """Return which compared pipeline config.yml uses, or None if it matches none."""
    production = production_config()["pipeline"]
    for name in names:
        pipeline = yaml.safe_load((ROOT / "assistant/pipelines" / f"{name}.yml").read_text(encoding="utf-8"))
        if pipeline["pipeline"] == production:
            return name
    return None


def _source(name: str) -> str:
    """Where a compared model comes from: its pipeline file, or how the production model is built."""
    return SOURCES.get(name, f"`assistant/pipelines/{name}.yml`")


def tables(runs: list[dict]) -> tuple[str, str]:
    """Return the markdown summary table and the per-intent F1 table."""
    summary = [
        "| pipeline | accuracy | macro-F1 | weighted F1 | parse median ms | parse p95 ms | crisis recall "
        "| crisis false alarms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    summary += [
        f"| {TITLES.get(r['name'], r['name'])} ({_source(r['name'])}) | {r['accuracy']:.3f} | "
        f"{macro_f1_interval(r)} | {r['weighted_f1']:.3f} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | "
        f"{r['crisis_recall']:.3f} | {r['crisis_false_alarms']:.3f} |"
        for r in runs
    ]
    intents = sorted({i for r in runs for i in r["per_intent"]} - {"nlu_fallback"})
    names = " | ".join(f"F1 {TITLES.get(r['name'], r['name'])}" for r in runs)
    per_intent = [f"| intent | support | {names} |", "|---|---|" + "---|" * len(runs)]
    for intent in intents:
        support = max(r["per_intent"].get(intent, {}).get("support", 0) for r in runs)
        scores = " | ".join(f"{r['per_intent'].get(intent, {}).get('f1-score', 0):.3f}" for r in runs)
        per_intent.append(f"| {intent} | {support} | {scores} |")
    by_name = {r["name"]: r for r in runs}
    if "german" in by_name and "default" in by_name:
        first, second = by_name["german"], by_name["default"]
        summary.append(
            f"\n{TITLES.get(first['name'], first['name'])} minus {TITLES.get(second['name'], second['name'])}, "
            f"paired over the same messages: macro-F1 {paired_macro_f1(first, second)}."
        )
    return "\n".join(summary), "\n".join(per_intent)


def main() -> int:
    """Evaluate the pipelines and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HELD_OUT, help="NLU test file (default: held-out set)")
    parser.add_argument("--pipelines", nargs="+", default=["default", "german"], help="names in assistant/pipelines")
    parser.add_argument("--out", type=Path, default=Path("results/intents"))
    parser.add_argument(
        "--seeds", type=int, nargs="*", default=[], help="also train the production model with these DIET seeds"
    )
    args = parser.parse_args()
    os.chdir(ROOT)

    runs = [evaluate(name, args.data, args.out) for name in args.pipelines]
    if (ROOT / PRODUCTION_MODEL).exists():
        runs.append(evaluate("production", args.data, args.out, PRODUCTION_MODEL))
    summary, per_intent = tables(runs)
    if args.seeds and (ROOT / PRODUCTION_MODEL).exists():
        production_seed = diet_seed(production_config())
        seeded = [{**runs[-1], "seed": production_seed}]
        for seed in (s for s in args.seeds if s != production_seed):
            run = evaluate(f"production-seed-{seed}", args.data, args.out, train_production(seed, args.out))
            seeded.append({**run, "seed": seed})
        summary += "\n\n" + seed_spread(seeded)
    print(f"\nIntents auf {args.data} ({runs[0]['support']} Nachrichten):\n{summary}\n\n{per_intent}")
    if args.data != HELD_OUT:
        return 0

    draw_confusion(runs, PICTURE)
    print(f"\nKonfusionsmatrizen: {PICTURE}")
    chosen = production_pipeline(args.pipelines)
    production = (
        f"`config.yml` (production) uses the {TITLES.get(chosen, chosen)} pipeline."
        if chosen
        else "`config.yml` (production) matches none of the compared pipelines."
    )
    write_section(
        "Intent classification: held-out set",
        f"Measured by `make eval` (`scripts/eval_intents.py`): each pipeline is trained on `nlu_data/` only (NLU "
        f"model, `rasa train nlu`) and tested with `rasa test nlu` on `tests/nlu/heldout.yml`, {runs[0]['support']} "
        f"messages written separately and never trained on (a test fails if one appears in `nlu_data/` or in the "
        f"tuning sets `tests/nlu/dev.yml` and `tests/nlu/dev2.yml`). Predictions of `nlu_fallback` count as errors. "
        f"Parse latency: every held-out message parsed once more through the loaded model (`Agent.parse_message`, "
        f"one after another, in the same process, after 5 warm-up parses). Crisis recall and false alarms: the "
        f"whole pipeline predicts `crisis` for the held-out crisis set `{CRISIS_SET}` "
        f"({runs[0]['crisis_sizes'][0]} crisis, {runs[0]['crisis_sizes'][1]} ordinary messages, "
        f"never trained on); the German pipeline ends with "
        f"`assistant.components.CrisisDetector` (the expression list decides about `crisis`). {production}\n\n"
        f"- Rasa default: Rasa 3.6's default pipeline (whitespace tokens, regex and lexical features, word and "
        f"char 1-4-gram counts, DIET 100 epochs, FallbackClassifier 0.3), without ResponseSelector.\n"
        f"- German: `assistant.components.GermanTokenizer` gives every token the normal forms of "
        f"`german_text`, the code the catalogue search uses (umlauts folded, stem, compound parts, plain "
        f"words for colloquial ones) as its lemma; word and char n-gram counts read those; DIET 40 epochs; "
        f"FallbackClassifier 0.45; `assistant.components.UnknownWordsFallback` (a message without one word of the "
        f"training data, not even as a typo, is not understood).\n"
        f"- Production model of the chat: `{PRODUCTION_MODEL}` as `make train` builds it from `config.yml` (the "
        f"German pipeline, trained together with the dialogue policies), tested as it is; its classifier differs "
        f"from the NLU-only model of the same data, and it is the one citizens meet.\n\n"
        f"{summary}\n\nF1 per intent:\n\n{per_intent}\n\n"
        f"Confusion matrices (rows: true intent, columns: prediction):\n\n![Confusion matrices]({PICTURE})",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
