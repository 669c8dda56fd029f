"""Measure chat reply time through /api/chat against Rasa's REST channel directly.

Starts the real stack (scripts/serve.py) on free ports with a fresh demo
catalogue, sends the same German messages through both paths, prints median
and 95th percentile, and writes the figures to BENCHMARKS.md.
"""

from __future__ import annotations

import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx
from _report import write_section

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def main() -> int:
    """Run the benchmark and write BENCHMARKS.md."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-"))
    ports = {"ACTION_SERVER_PORT": _free_port(), "RASA_PORT": _free_port(), "WEBCHAT_PORT": _free_port()}
    env = dict(
        os.environ,
        CATALOGUE_DATABASE_URL=f"sqlite:///{tmp / 'catalogue.sqlite3'}",
        **{k: str(v) for k, v in ports.items()},
    )
    subprocess.run([sys.executable, "-m", "catalogue", "seed", "catalogue/demo"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--log-dir", str(tmp / "logs")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for line in server.stdout:  # type: ignore[union-attr]
            if "Sozialauskunft läuft" in line:
                break
        else:
            print("Start fehlgeschlagen", file=sys.stderr)
            return 1
        startup = time.perf_counter() - started
        web = f"http://127.0.0.1:{ports['WEBCHAT_PORT']}"
        rasa = f"http://127.0.0.1:{ports['RASA_PORT']}"
        print(f"Stack bereit in {startup:.1f} s; sende {ROUNDS * len(MESSAGES)} Nachrichten je Weg …")
        clients = [httpx.Client(base_url=web, timeout=60) for _ in range(ROUNDS)]
        with httpx.Client(base_url=rasa, timeout=60) as direct:
            for text in MESSAGES[:3]:  # warm-up, not measured
                direct.post("/webhooks/rest/webhook", json={"sender": "warmup", "message": text})

            def via_webchat(round_: int, text: str) -> None:
                response = clients[round_].post("/api/chat", json={"message": text})
                response.raise_for_status()

            def via_rasa(round_: int, text: str) -> None:
                response = direct.post("/webhooks/rest/webhook", json={"sender": f"bench-{round_}", "message": text})
                response.raise_for_status()

            chat = _run(via_webchat, "/api/chat")
            baseline = _run(via_rasa, "Rasa REST direkt")
    finally:
        server.terminate()
        server.wait(timeout=60)

    rows = [
        ("/api/chat (Web-Chat → Rasa → Aktionsserver → Katalog)", chat),
        ("Basislinie: Rasa-REST-Kanal direkt (ohne Web-Chat)", baseline),
    ]
    lines = [
        f"| {name} | {len(v)} | {statistics.median(v):.0f} | {_percentile(v, 0.95):.0f} | {max(v):.0f} |"
        for name, v in rows
    ]
    print("\n".join(lines))
    overhead = statistics.median(chat) - statistics.median(baseline)
    section = "\n".join(
        [
            f"Measured {datetime.now(timezone.utc):%Y-%m-%d} by `make bench` (`scripts/bench_chat.py`) on "
            f"{os.cpu_count()} cores, Python {platform.python_version()}, demo catalogue in SQLite.",
            f"The script starts the real stack (start-up took {startup:.1f} s) and sends the same "
            f"{len(MESSAGES)} German messages in {ROUNDS} conversations,",
            "one after another, through each path; each request is timed end to end.",
            "",
            "| path | messages | median ms | p95 ms | max ms |",
            "|---|---|---|---|---|",
            *lines,
            "",
            f"The web chat adds {overhead:+.0f} ms (median) over calling Rasa directly (within noise when near 0).",
            "",
        ]
    )
    write_section("Chat reply time", section)
    print("Ergebnis in BENCHMARKS.md geschrieben.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
