"""Measure chat reply time through /api/chat with the persistent (SQL) tracker store against the in-memory one.

Starts the real stack (scripts/serve.py) twice on free ports with a fresh demo
catalogue, sends the same German messages through /api/chat, prints median
and 95th percentile, and writes the figures to BENCHMARKS.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx
from _report import write_section
from _stack import Stack, running_stack

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = [
    "Hallo",
    "Ich habe Schulden und weiß nicht weiter",
    "Details zur Nummer 1",
    "Gibt es eine Suchtberatung im Nordhafen?",
    "Begegnungsstätte für Senioren",
    "ja gerne",
    "wo kann man hier umsonst essen",
    "Wann hat die zweite geöffnet?",
    "Ich bin schwanger und brauche Beratung",
    "Danke",
]
ROUNDS = 12  # 12 x 10 = 120 messages per path


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _run(send, label: str) -> list[float]:
    timings = []
    for round_ in range(ROUNDS):
        for text in MESSAGES:
            started = time.perf_counter()
            send(round_, text)
            timings.append((time.perf_counter() - started) * 1000)
        print(f"  {label}: {len(timings)}/{ROUNDS * len(MESSAGES)} Nachrichten", end="\r", flush=True)
    print()
    return timings


def _measure(stack: Stack, label: str) -> list[float]:
    """Send the messages through /api/chat of a running stack, one conversation per round."""
    clients = [httpx.Client(base_url=stack.web, timeout=60) for _ in range(ROUNDS)]
    with httpx.Client(base_url=stack.web, timeout=60) as warmup:
        for text in MESSAGES[:3]:  # warm-up, not measured
            warmup.post("/api/chat", json={"message": text})

    def via_webchat(round_: int, text: str) -> None:
        response = clients[round_].post("/api/chat", json={"message": text})
        response.raise_for_status()

    try:
        return _run(via_webchat, label)
    finally:
        for client in clients:
            client.close()


def main() -> int:
    """Run the benchmark on both tracker stores and write BENCHMARKS.md."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    print("Stapel mit SQL-Tracker-Store (SQLite) …")
    with running_stack(tmp / "sql") as stack:
        startup = stack.startup_seconds
        sql = _measure(stack, "/api/chat, SQL-Tracker-Store")
    print("Stapel mit Tracker-Store im Speicher …")
    with running_stack(tmp / "memory", in_memory=True) as stack:
        memory = _measure(stack, "/api/chat, Tracker-Store im Speicher")

    rows = [
        ("/api/chat with Rasa's SQL tracker store (SQLite, as `make run`)", sql),
        ("Baseline: /api/chat with Rasa's in-memory tracker store", memory),
    ]
    lines = [
        f"| {name} | {len(v)} | {statistics.median(v):.0f} | {_percentile(v, 0.95):.0f} | {max(v):.0f} |"
        for name, v in rows
    ]
    print("\n".join(lines))
    cost = _percentile(sql, 0.95) - _percentile(memory, 0.95)
    section = "\n".join(
        [
            f"Measured {datetime.now(timezone.utc):%Y-%m-%d} by `make bench` (`scripts/bench_chat.py`) on "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, demo catalogue in SQLite.",
            f"The script starts the real stack twice (start-up {startup:.1f} s): once with the persistent SQL tracker",
            "store, once with Rasa's in-memory store, and sends the same "
            f"{len(MESSAGES)} German messages in {ROUNDS} conversations",
            "through the web chat's `/api/chat` (masking, Rasa, action server, catalogue), one after another;",
            "each request is timed end to end.",
            "",
            "| path | messages | median ms | p95 ms | max ms |",
            "|---|---|---|---|---|",
            *lines,
            "",
            f"Keeping conversations on disk costs {cost:+.0f} ms at the 95th percentile (within noise when near 0).",
            "",
        ]
    )
    write_section("Chat reply time", section)
    print("Ergebnis in BENCHMARKS.md geschrieben.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
