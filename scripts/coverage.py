"""Catalogue coverage as a picture: how many active services each category has in each district.

Usage: .venv/app/bin/python scripts/coverage.py [--catalogue FOLDER | FILE.csv | FILE.json] [--out FILE.svg]

Empty cells are the gaps an editor should look at (no debt counselling in
Weidenbruch?). Writes a self-contained SVG (no scripts, no fonts from outside)
and prints the same table as text.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from html import escape
from pathlib import Path

import catalogue

ROOT = Path(__file__).resolve().parent.parent
CELL_W, CELL_H, LABEL_W = 74, 22, 330


def read_records(source: Path) -> list[catalogue.ServiceRecord]:
    """Read a YAML folder, the Berlin CSV or an HSDS JSON file."""
    return catalogue.read_source(source).records


def colour(count: int, most: int) -> str:
    """White for none, then lighter to darker blue."""
    if count == 0:
        return "#ffffff"
    share = count / most
    light, dark = (222, 235, 247), (8, 69, 148)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in zip(light, dark, strict=True))


def svg(records: list[catalogue.ServiceRecord], title: str) -> tuple[str, list[str]]:
    """Return the picture and the text table."""
    active = [r for r in records if r.status != "inactive"]
    counts = Counter((r.category, r.district or "(ohne Bezirk)") for r in active)
    categories = sorted({c for c, _ in counts}, key=lambda c: (-sum(n for (k, _), n in counts.items() if k == c), c))
    districts = sorted({d for _, d in counts})
    most = max(counts.values(), default=1)
    # Room for the district names, written at 35° above the columns.
    header_h = 70 + round(max((len(d) for d in districts), default=8) * 6.5 * 0.57)
    width = LABEL_W + CELL_W * len(districts) + 20
    height = header_h + CELL_H * len(categories) + 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="10" y="22" font-size="16" font-weight="bold">{escape(title)}</text>',
        f'<text x="10" y="42" fill="#444">{len(active)} aktive Angebote; Zahl = Angebote je Kategorie und Bezirk, '
        "leer = keins</text>",
    ]
    for j, district in enumerate(districts):
        x = LABEL_W + CELL_W * j + CELL_W / 2
        parts.append(
            f'<text x="{x}" y="{header_h - 6}" transform="rotate(-35 {x} {header_h - 6})">{escape(district)}</text>'
        )
    lines = ["| Kategorie | " + " | ".join(districts) + " |", "|---|" + "---|" * len(districts)]
    for i, category in enumerate(categories):
        y = header_h + CELL_H * i
        parts.append(f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end">{escape(category[:48])}</text>')
        row = []
        for j, district in enumerate(districts):
            n = counts.get((category, district), 0)
            x = LABEL_W + CELL_W * j
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{CELL_H - 2}" fill="{colour(n, most)}" '
                'stroke="#c8c8c8"/>'
            )
            if n:
                ink = "#ffffff" if n / most > 0.5 else "#000000"
                parts.append(
                    f'<text x="{x + CELL_W / 2 - 1}" y="{y + 15}" text-anchor="middle" fill="{ink}">{n}</text>'
                )
            row.append(str(n) if n else "·")
        lines.append(f"| {category} | " + " | ".join(row) + " |")
    empty = sum(1 for c in categories for d in districts if (c, d) not in counts)
    parts.append(
        f'<text x="10" y="{height - 18}" fill="#444">{empty} von {len(categories) * len(districts)} Feldern leer</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n", lines


def main() -> int:
    """Draw the coverage of one catalogue."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalogue", type=Path, default=ROOT / "catalogue" / "demo")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "coverage-demo.svg")
    parser.add_argument("--title", default=None)
    args = parser.parse_args()
    try:
        records = read_records(args.catalogue)
    except catalogue.CatalogueFormatError as error:
        print("\n".join(error.problems), file=sys.stderr)
        return 1
    picture, lines = svg(records, args.title or f"Abdeckung: {args.catalogue.name}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(picture, encoding="utf-8")
    print("\n".join(lines))
    print(f"Bild: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
