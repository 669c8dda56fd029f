"""Start the real stack (scripts/serve.py) on free ports with a fresh demo catalogue, for evaluations and benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Rasa without a tracker_store entry keeps conversations in memory (the baseline of `make bench`).
IN_MEMORY_ENDPOINTS = "action_endpoint:\n  url: ${ACTION_ENDPOINT_URL}\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Stack:
    """URLs of a running stack and how long it took to start."""

    web: str
    rasa: str
    startup_seconds: float


@contextmanager
def running_stack(
    workdir: Path, *, in_memory: bool = False, extra_env: dict[str, str] | None = None
) -> Iterator[Stack]:
    """Seed a demo catalogue in `workdir`, start action server, Rasa and web chat; stop them afterwards."""
    workdir.mkdir(parents=True, exist_ok=True)
    ports = {"ACTION_SERVER_PORT": free_port(), "RASA_PORT": free_port(), "WEBCHAT_PORT": free_port()}
    env = dict(
        os.environ,
        CATALOGUE_DATABASE_URL=f"sqlite:///{workdir / 'catalogue.sqlite3'}",
        CONVERSATIONS_DATABASE_URL=f"sqlite:///{workdir / 'conversations.sqlite3'}",
        **{k: str(v) for k, v in ports.items()},
        **(extra_env or {}),
    )
    subprocess.run([sys.executable, "-m", "catalogue", "seed", "catalogue/demo"], cwd=ROOT, env=env, check=True)
    command = [sys.executable, "scripts/serve.py", "--log-dir", str(workdir / "logs")]
    if in_memory:
        endpoints = workdir / "endpoints-in-memory.yml"
        endpoints.write_text(IN_MEMORY_ENDPOINTS, encoding="utf-8")
        command += ["--endpoints", str(endpoints)]
    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in server.stdout:  # type: ignore[union-attr]
            if "Sozialauskunft läuft" in line:
                break
        else:
            raise RuntimeError(f"Start fehlgeschlagen; Protokolle in {workdir / 'logs'}")
        yield Stack(
            web=f"http://127.0.0.1:{ports['WEBCHAT_PORT']}",
            rasa=f"http://127.0.0.1:{ports['RASA_PORT']}",
            startup_seconds=time.perf_counter() - started,
        )
    finally:
        server.terminate()
        server.wait(timeout=60)
