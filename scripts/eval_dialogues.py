"""Evaluate whole conversations: the multi-turn test dialogues through the real stack's /api/chat.

Each dialogue (tests/dialogues/heldout.yml, written apart from training and tuning data)
runs in a fresh conversation; after each turn the bot's messages are checked
against what must hold (filters applied, the service named, buttons offered,
Leichte Sprache ...). A dialogue succeeds when every turn holds. Prints the
success per behaviour next to the baseline of a search box (the same messages
sent one by one, each in a conversation of its own: no memory), writes the
figures to BENCHMARKS.md and a bar chart to docs/dialogues.svg.

    python scripts/eval_dialogues.py [--set dev] [--verbose]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import yaml
from _report import write_section
from _stack import ROOT, running_stack

SETS = {
    "eval": ROOT / "tests" / "dialogues" / "heldout.yml",
    "dev": ROOT / "tests" / "dialogues" / "dev.yml",
    "dev3": ROOT / "tests" / "dialogues" / "dev3.yml",
}
CHART = ROOT / "docs" / "dialogues.svg"


def _template_pattern(text: str) -> re.Pattern[str]:
    """A response text with {placeholders} as a pattern that matches what Rasa sends."""
    parts = re.split(r"\{[a-z_]+\}", text)
    return re.compile(".*?".join(re.escape(p) for p in parts), re.DOTALL)


def _templates() -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    """Return the Leichte Sprache variants and the plain variants of every response in the domain."""
    easy, plain = [], []
    for path in sorted((ROOT / "assistant" / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for variants in responses.values():
            for variant in variants:
                target = easy if variant.get("condition") else plain
                target.append(_template_pattern(variant["text"]))
    return easy, plain


EASY, PLAIN = _templates()


def _language_of(text: str) -> str | None:
    """Tell whether a bot text is a Leichte Sprache variant ("easy"), a plain one, or either."""
    is_easy = any(p.fullmatch(text) for p in EASY)
    is_plain = any(p.fullmatch(text) for p in PLAIN)
    if is_easy and is_plain:
        return "either"
    return "easy" if is_easy else "plain" if is_plain else None


@dataclass
class Turn:
    """The bot's answer to one message, read for the checks."""

    messages: list[dict[str, Any]]
    easy_seen: bool = False  # the conversation switched Leichte Sprache on at or before this turn

    @property
    def texts(self) -> list[str]:
        return [m.get("text") or "" for m in self.messages if m.get("text")]

    def custom(self, kind: str) -> list[dict[str, Any]]:
        return [
            m["custom"] for m in self.messages if isinstance(m.get("custom"), dict) and m["custom"].get("type") == kind
        ]

    @property
    def services(self) -> list[str]:
        return [c["service"]["name"] for c in self.custom("service") + self.custom("service_details")]

    @property
    def filters(self) -> dict[str, Any] | None:
        results = self.custom("results")
        return results[0].get("filters", {}) if results else None


def _check(turn: Turn, expect: dict[str, Any]) -> list[str]:
    """Return what did not hold (empty: the turn is right)."""
    problems = []
    joined = "\n".join(turn.texts).lower()
    first = turn.texts[0].lower() if turn.texts else ""
    for key, value in expect.items():
        if key == "first_text":
            missing = [v for v in value if v.lower() not in first]
            if missing:
                problems.append(f"erste Nachricht ohne {missing}")
        elif key == "text":
            missing = [v for v in value if v.lower() not in joined]
            if missing:
                problems.append(f"ohne {missing}")
        elif key == "text_any":
            if not any(v.lower() in joined for v in value):
                problems.append(f"keins von {value}")
        elif key == "not_text":
            found = [v for v in value if v.lower() in joined]
            if found:
                problems.append(f"enthält {found}")
        elif key == "cards":
            count = len(turn.custom("service"))
            wanted_ok = (count >= 1) if value is True else (count == 0) if value is False else count >= int(value)
            if not wanted_ok:
                problems.append(f"{count} Karten statt {value}")
        elif key in ("first_service", "service"):
            names = [n.lower() for n in turn.services]
            ok = bool(names) and (
                value.lower() in names[0] if key == "first_service" else any(value.lower() in n for n in names)
            )
            if not ok:
                problems.append(f"{key} {value!r} nicht in {turn.services[:3]}")
        elif key == "filters":
            applied = turn.filters
            if applied is None:
                problems.append("keine Ergebnisliste")
                continue
            for name, wanted in value.items():
                if str(applied.get(name, "")).lower() != str(wanted).lower():
                    problems.append(f"Filter {name}={applied.get(name)!r} statt {wanted!r}")
        elif key == "filters_absent":
            applied = turn.filters or {}
            present = [name for name in value if applied.get(name)]
            if present:
                problems.append(f"Filter noch gesetzt: {present}")
        elif key == "relaxed":
            results = turn.custom("results")
            relaxed = results[0].get("relaxed", []) if results else []
            if not set(value) <= set(relaxed):
                problems.append(f"gelockert {relaxed} statt {value}")
        elif key in ("buttons", "buttons_max"):
            count = sum(len(m.get("buttons") or []) for m in turn.messages)
            if (key == "buttons" and count < value) or (key == "buttons_max" and count > value):
                problems.append(f"{count} Knöpfe ({key} {value})")
        elif key == "contact_form":
            if bool(turn.custom("contact_request")) != bool(value):
                problems.append("Kontaktformular fehlt" if value else "Kontaktformular unerwartet")
        elif key == "easy_language":
            kinds = [_language_of(t) for t in turn.texts]
            if value:
                plain_only = [t[:40] for t, k in zip(turn.texts, kinds, strict=True) if k == "plain"]
                if not turn.easy_seen or plain_only or not any(k in ("easy", "either") for k in kinds):
                    problems.append(f"nicht in Leichter Sprache: {plain_only[:2] or turn.texts[:1]}")
            elif any(k == "easy" for k in kinds):
                problems.append("unerwartet Leichte Sprache")
        else:
            problems.append(f"unbekannte Erwartung {key}")
    return problems


@dataclass
class Outcome:
    dialogue: str
    behaviour: str
    ok: bool
    problems: list[str] = field(default_factory=list)


def _run_dialogue(web: str, dialogue: dict[str, Any], remember: bool) -> Outcome:
    """Run one dialogue; `remember=False` sends every turn in a new conversation (the search-box baseline)."""
    problems: list[str] = []
    easy_seen = False
    client = httpx.Client(base_url=web, timeout=120)
    try:
        for number, turn in enumerate(dialogue["turns"], start=1):
            if not remember:
                client.close()
                client = httpx.Client(base_url=web, timeout=120)
            response = client.post("/api/chat", json={"message": turn["user"]})
            messages = response.json().get("messages", []) if response.status_code == 200 else []
            # Switched on: the confirmation (a Leichte Sprache text) or a result marked as such.
            easy_seen = easy_seen or any(
                _language_of(m.get("text") or "") in ("easy", "either")
                and "Leichte" in (m.get("text") or "")
                or (isinstance(m.get("custom"), dict) and m["custom"].get("easy_language") is True)
                for m in messages
            )
            found = _check(Turn(messages, easy_seen), turn.get("expect") or {})
            problems += [f"Zug {number} „{turn['user'][:40]}“: {p}" for p in found]
    finally:
        client.close()
    return Outcome(dialogue["id"], dialogue["behaviour"], not problems, problems)


def _rates(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        per[outcome.behaviour][0] += outcome.ok
        per[outcome.behaviour][1] += 1
    return {name: (ok, total) for name, (ok, total) in sorted(per.items())}


def _chart(rates: dict[str, tuple[int, int]], baseline: dict[str, tuple[int, int]]) -> str:
    """A horizontal bar chart (SVG) of the success per behaviour, conversation against search box."""
    row, left, width = 34, 150, 420
    names = list(rates)
    height = 60 + row * len(names)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" '
        'font-family="sans-serif" font-size="13" role="img" aria-labelledby="t">',
        '<title id="t">Erfolgsquote der Testdialoge je Verhalten: Gespräch gegen Suchfeld ohne Gedächtnis</title>',
        f'<text x="{left}" y="18">Erfolg je Verhalten (dunkel: Gespräch, hell: Suchfeld ohne Gedächtnis)</text>',
    ]
    for i, name in enumerate(names):
        y = 32 + i * row
        ok, total = rates[name]
        base_ok, base_total = baseline.get(name, (0, total))
        parts.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{name}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{width * ok / total:.0f}" height="12" fill="#0b5394"/>')
        base_width = width * base_ok / max(base_total, 1)
        parts.append(f'<rect x="{left}" y="{y + 14}" width="{base_width:.0f}" height="10" fill="#9fb8d6"/>')
        parts.append(f'<text x="{left + width + 6}" y="{y + 11}">{ok}/{total}</text>')
    parts.append(
        f'<line x1="{left + width * 0.95:.0f}" y1="28" x2="{left + width * 0.95:.0f}" y2="{height - 20}" '
        'stroke="#c25e00" stroke-dasharray="4 3"/>'
    )
    parts.append(f'<text x="{left + width * 0.95:.0f}" y="{height - 6}" text-anchor="middle">Ziel 0,95</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="eval")
    parser.add_argument("--verbose", action="store_true", help="jede fehlgeschlagene Prüfung zeigen")
    args = parser.parse_args()
    dialogues = yaml.safe_load(SETS[args.set].read_text(encoding="utf-8"))["dialogues"]
    turns = sum(len(d["turns"]) for d in dialogues)
    with running_stack(Path(tempfile.mkdtemp(prefix="dialogues-"))) as stack:
        print(f"Stapel bereit in {stack.startup_seconds:.0f} s; {len(dialogues)} Dialoge, {turns} Züge …")
        outcomes, baseline = [], []
        for n, dialogue in enumerate(dialogues, start=1):
            outcomes.append(_run_dialogue(stack.web, dialogue, remember=True))
            baseline.append(_run_dialogue(stack.web, dialogue, remember=False))
            print(f"  {n}/{len(dialogues)} Dialoge", end="\r", flush=True)
    print()
    rates, base = _rates(outcomes), _rates(baseline)
    ok = sum(o.ok for o in outcomes)
    base_ok = sum(o.ok for o in baseline)
    lines = [
        f"| {name} | {total} | {good / total:.2f} ({good}/{total}) | {base[name][0] / total:.2f} |"
        for name, (good, total) in rates.items()
    ]
    n = len(outcomes)
    lines.append(f"| **all** | {n} | **{ok / n:.2f}** ({ok}/{n}) | {base_ok / n:.2f} |")
    print("\n".join(lines))
    for outcome in outcomes:
        if not outcome.ok:
            print(f"✗ {outcome.dialogue}: " + ("; ".join(outcome.problems) if args.verbose else outcome.problems[0]))
    if args.set != "eval":
        return 0
    CHART.write_text(_chart(rates, base), encoding="utf-8")
    write_section(
        "Multi-turn dialogues",
        "\n".join(
            [
                f"Measured {datetime.now(timezone.utc):%Y-%m-%d} by `make eval` (`scripts/eval_dialogues.py`): "
                f"{len(dialogues)} dialogues, {turns} turns in `tests/dialogues/heldout.yml`, written apart from the",
                "training and tuning data (tests keep their messages out of `nlu_data/` and `dev.yml`).",
                "Each runs through the real stack's `/api/chat` in a fresh conversation; a dialogue succeeds",
                "when every check of every turn holds",
                "(filters applied, service named, buttons, crisis numbers first, Leichte Sprache variants …).",
                "Baseline: the same messages with no memory (each turn a new conversation, like a search box).",
                "",
                "| behaviour | dialogues | success | baseline (no memory) |",
                "|---|---|---|---|",
                *lines,
                "",
                "![Success per behaviour](docs/dialogues.svg)",
                "",
            ]
        ),
    )
    print("Ergebnis in BENCHMARKS.md und docs/dialogues.svg geschrieben.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
