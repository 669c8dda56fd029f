"""Start action server, Rasa server and web chat; wait until all answer; stop all on Ctrl-C.

Runs in the app environment. Ports, hosts and the database URL come from the
environment (see README); Rasa and the action server always bind to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

import catalogue

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PURGE_INTERVAL = 24 * 60 * 60  # seconds


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _wait_until_up(name: str, url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} ist beim Start beendet worden (Code {process.returncode}).")
        try:
            if httpx.get(url, timeout=2).is_success:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{name} antwortet nicht unter {url}.")


def main() -> int:
    """Run the three processes until interrupted."""
    parser = argparse.ArgumentParser(description="Sozialauskunft starten")
    parser.add_argument("--timeout", type=float, default=float(os.environ.get("STARTUP_TIMEOUT", "240")))
    parser.add_argument("--log-dir", type=Path, default=None, help="Ausgaben der Prozesse in Dateien schreiben")
    parser.add_argument(
        "--endpoints",
        default="assistant/endpoints.yml",
        help="Rasas Endpunkte (Standard: SQL-Tracker-Store; make bench vergleicht mit einer Datei ohne tracker_store)",
    )
    args = parser.parse_args()

    action_port = _env_int("ACTION_SERVER_PORT", 5055)
    rasa_port = _env_int("RASA_PORT", 5005)
    web_host = os.environ.get("WEBCHAT_HOST", "127.0.0.1")
    web_port = _env_int("WEBCHAT_PORT", 8000)
    action_url = f"http://127.0.0.1:{action_port}"
    rasa_url = f"http://127.0.0.1:{rasa_port}"

    env = dict(os.environ)
    # Rasa's tracker store (assistant/endpoints.yml): the same setting the web app reads the transcript from.
    env.setdefault("CONVERSATIONS_DATABASE_URL", catalogue.settings().conversations_url)
    (ROOT / "var").mkdir(exist_ok=True)
    env.update(
        SANIC_HOST="127.0.0.1",  # rasa-sdk binds to this host
        ACTION_ENDPOINT_URL=f"{action_url}/webhook",
        RASA_URL=rasa_url,
        ACTION_SERVER_URL=action_url,
        RASA_TELEMETRY_ENABLED="false",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    # Rasa loads the German NLU components (assistant.components) from the project.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    app_python = str(VENV / "app" / "bin" / "python")
    rasa = str(VENV / "rasa" / "bin" / "rasa")
    commands = {
        "Aktionsserver": [app_python, "-m", "rasa_sdk", "--actions", "actions", "-p", str(action_port)],
        "Rasa-Server": [
            rasa,
            "run",
            "--model",
            str(ROOT / "models"),
            "--interface",
            "127.0.0.1",
            "--port",
            str(rasa_port),
            "--endpoints",
            args.endpoints,
            "--credentials",
            "assistant/credentials.yml",
        ],
        "Web-Chat": [
            app_python,
            "-m",
            "waitress",
            f"--host={web_host}",
            f"--port={web_port}",
            "--threads=8",
            "--call",
            "webchat:create_app",
        ],
    }
    health = {
        "Aktionsserver": f"{action_url}/health",
        "Rasa-Server": f"{rasa_url}/",
        "Web-Chat": f"http://127.0.0.1:{web_port}/healthz",
    }
    processes: dict[str, subprocess.Popen] = {}

    def stop(*_: object) -> None:
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()

    # Ctrl-C must stop everything even when started from a shell that ignores
    # SIGINT for background jobs; SIGTERM (e.g. from a test) does the same.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    started = time.monotonic()
    try:
        for name, command in commands.items():
            output = None
            if args.log_dir:
                args.log_dir.mkdir(parents=True, exist_ok=True)
                output = open(args.log_dir / f"{command[0].split('/')[-1]}-{len(processes)}.log", "w")  # noqa: SIM115
            print(f"Starte {name} …", flush=True)
            processes[name] = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT if output else None
            )
        deadline = started + args.timeout
        for name, url in health.items():
            _wait_until_up(name, url, processes[name], deadline)
            print(f"{name} bereit ({time.monotonic() - started:.1f} s).", flush=True)
        shown_host = "localhost" if web_host in ("127.0.0.1", "0.0.0.0") else web_host
        took = time.monotonic() - started
        print(
            f"\nSozialauskunft läuft: http://{shown_host}:{web_port}/  (Start in {took:.1f} s; Strg-C beendet)\n"
            f"Redaktion: http://{shown_host}:{web_port}/redaktion  (erstes Konto: make editor-user NAME=...)\n",
            flush=True,
        )
        # What is stored about chat users is deleted after CHAT_DATA_RETENTION_DAYS: checked now and daily.
        purge = [app_python, "-m", "catalogue", "purge"]
        next_purge = time.monotonic()
        while all(p.poll() is None for p in processes.values()):
            if time.monotonic() >= next_purge:
                subprocess.run(purge, cwd=ROOT, env=env, check=False)
                next_purge = time.monotonic() + PURGE_INTERVAL
            time.sleep(1)
        dead = [name for name, p in processes.items() if p.poll() is not None]
        print(f"Beendet: {', '.join(dead)} ist ausgefallen; stoppe alle Prozesse.", file=sys.stderr)
        return 1
    except RuntimeError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStoppe alle Prozesse …", flush=True)
        return 0
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main())
