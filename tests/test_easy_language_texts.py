"""Leichte Sprache texts follow the rules they promise: short sentences, no abbreviations, one statement each.

Checked: the demo entries' `description_easy` (at least 20 entries must have one)
and every Leichte Sprache variant of the assistant's responses.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MAX_WORDS = 12
ABBREVIATION = re.compile(r"\b(z\.\s?B|bzw|ca|usw|etc|ggf|d\.\s?h|inkl|evtl|Tel|Nr|u\.\s?a)\.", re.IGNORECASE)


def _sentences(text: str) -> list[str]:
    text = re.sub(r"\{[a-z_]+\}", "X", text)  # a placeholder counts as one word
    return [s.strip() for s in re.split(r"[.!?:\n]+", text) if s.strip()]


def _problems(text: str) -> list[str]:
    found = []
    if ";" in text or "(" in text:
        found.append("Semikolon oder Klammer")
    if ABBREVIATION.search(text):
        found.append(f"Abkürzung {ABBREVIATION.search(text).group(0)!r}")  # type: ignore[union-attr]
    found += [f"{len(s.split())} Wörter: {s!r}" for s in _sentences(text) if len(s.split()) > MAX_WORDS]
    return found


def _demo_texts() -> dict[str, str]:
    texts = {}
    for path in sorted((ROOT / "catalogue" / "demo").glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["services"]:
            if entry.get("description_easy"):
                texts[entry["id"]] = entry["description_easy"]
    return texts


def _easy_variants() -> dict[str, str]:
    variants = {}
    for path in sorted((ROOT / "assistant" / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, options in responses.items():
            for option in options:
                if any(c.get("name") == "easy_language" for c in option.get("condition") or []):
                    variants[name] = option["text"]
    return variants


def test_at_least_twenty_demo_entries_have_a_leichte_sprache_text() -> None:
    assert len(_demo_texts()) >= 20


@pytest.mark.parametrize(("entry", "text"), sorted(_demo_texts().items()))
def test_demo_leichte_sprache_texts_keep_the_rules(entry, text) -> None:
    assert not _problems(text), entry
    assert 2 <= len(_sentences(text)) <= 8


@pytest.mark.parametrize(("response", "text"), sorted(_easy_variants().items()))
def test_leichte_sprache_responses_keep_the_rules(response, text) -> None:
    assert not _problems(text), response


def test_every_text_response_a_citizen_reads_has_a_leichte_sprache_variant() -> None:
    missing = []
    easy = _easy_variants()
    for path in sorted((ROOT / "assistant" / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        missing += [name for name in responses if name not in easy]
    assert missing == []


def test_the_checker_finds_what_breaks_the_rules() -> None:
    assert _problems("Bitte bringen Sie z. B. den Ausweis mit.")
    assert _problems("Das ist ein sehr langer Satz mit viel zu vielen Wörtern für Leichte Sprache hier.")
    assert _problems("Wir helfen (auch am Abend).")
    assert not _problems("Hier bekommen Sie Hilfe bei Schulden. Die Beratung kostet nichts.")
