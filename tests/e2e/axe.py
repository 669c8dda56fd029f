"""Run axe-core (from npm, requirements/npm; injected by the test, never shipped) on a page or frame."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

AXE = Path(__file__).resolve().parents[2] / "requirements" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@lru_cache(maxsize=1)
def _source() -> str:
    if not AXE.exists():
        pytest.fail("axe-core fehlt: `make chromium` installiert es (npm ci in requirements/npm).")
    return AXE.read_text(encoding="utf-8")


def violations(target: Any) -> list[str]:
    """WCAG 2.1 A and AA violations of a Playwright page or frame, as readable lines (empty: none)."""
    target.evaluate(_source())
    script = (
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations.map("
        "v => `${v.id} (${v.impact}): ${v.help} – ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"
    )
    found = target.evaluate(script, WCAG_21_AA)
    return list(found)
