"""The coverage picture counts active services per category and district and marks the gaps."""

from __future__ import annotations

import dataclasses
import sys
from xml.etree import ElementTree

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from coverage import svg  # noqa: E402


def test_counts_gaps_and_well_formed_svg(demo_records) -> None:
    records = list(demo_records)
    extra = dataclasses.replace(records[0], external_id="zweite", district=records[0].district)
    closed = dataclasses.replace(records[1], external_id="geschlossen", status="inactive")
    picture, lines = svg([*records, extra, closed], "Test <&>")
    root = ElementTree.fromstring(picture)  # well-formed, title escaped
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Test <&>" in texts and "68 aktive Angebote" in texts[1]
    row = next(line for line in lines if line.startswith(f"| {records[0].category} |"))
    assert "2" in row.split(" | ")
    assert "<script" not in picture
