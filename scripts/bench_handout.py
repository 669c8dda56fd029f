"""Compare two ways of making the desk's one-page handout as PDF: WeasyPrint (renders the same HTML and
print stylesheet the browser prints) against fpdf2 (draws the page in Python), on the demo catalogue.

Prints the time per handout (median, p95) and the file size of each next to the other, writes them to
BENCHMARKS.md and the first page of the served PDF as docs/handout.png (rendered by pypdfium2).
"""

from __future__ import annotations

import io
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import segno
from _report import write_section
from fpdf import FPDF

import catalogue
from webchat import create_app

ROOT = Path(__file__).resolve().parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
ROUNDS = 3


def _fpdf_handout(summary: dict) -> bytes:  # type: ignore[type-arg]
    """The same facts drawn with fpdf2: fixed layout in Python, no HTML."""
    pdf = FPDF(format="A4")
    pdf.set_margins(16, 16, 16)
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 5, "Sozialauskunft – Handzettel", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 8, summary["name"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, f"{summary['category']} · {summary['provider']}", new_x="LMARGIN", new_y="NEXT")
    rows = [
        ("Adresse", summary["address"] or "keine Angabe"),
        ("Öffnungszeiten", "\n".join(summary["hours"]) or "nach Vereinbarung"),
        ("Jetzt", summary["opening"]),
        ("Telefon", summary["phone"] or "keine Angabe"),
        ("E-Mail", summary["email"] or "keine Angabe"),
        ("Kosten", summary["costs"]),
        ("Sprachen", ", ".join(summary["languages"]) or "keine Angabe"),
        ("Barrierefreiheit", summary["accessibility"] or "keine Angabe"),
    ]
    for label, value in rows:
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(40, 6, label)
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(100, 6, value, new_x="LMARGIN", new_y="NEXT")
    if summary["website"]:
        image = io.BytesIO()
        segno.make(summary["website"], error="m").save(image, kind="png", scale=4)
        pdf.image(image, x=160, y=40, w=32)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, summary["freshness"], new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="handout-"))
    url = f"sqlite:///{tmp / 'catalogue.sqlite3'}"
    engine = catalogue.make_engine(url)
    catalogue.upgrade(engine)
    with catalogue.make_session_factory(engine).begin() as session:
        catalogue.write_catalogue(session, catalogue.read_catalogue(ROOT / "catalogue" / "demo"))
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": True, "WTF_CSRF_ENABLED": False})
    from webchat.editor import desk

    with app.test_request_context():
        with app.extensions["catalogue_sessions"].begin() as session:
            ids = [s.id for s in session.query(catalogue.Service).all()]
        weasy, drawn, sizes = [], [], {"WeasyPrint": [], "fpdf2": []}
        total = len(ids) * ROUNDS
        for round_ in range(ROUNDS):
            for n, service_id in enumerate(ids, start=1):
                services = desk._handout_services([service_id])
                html = desk.render_template("editor/handout.html", services=services, printed=datetime.now())
                started = time.perf_counter()
                pdf = desk.render_pdf(html)
                weasy.append((time.perf_counter() - started) * 1000)
                sizes["WeasyPrint"].append(len(pdf))
                started = time.perf_counter()
                drawn_pdf = _fpdf_handout(services[0])
                drawn.append((time.perf_counter() - started) * 1000)
                sizes["fpdf2"].append(len(drawn_pdf))
                print(f"  {round_ * len(ids) + n}/{total} Handzettel je Weg", end="\r", flush=True)
        print()
        first = desk._handout_services([ids[0]])
        sample = desk.render_pdf(desk.render_template("editor/handout.html", services=first, printed=datetime.now()))
    import pypdfium2

    page = pypdfium2.PdfDocument(io.BytesIO(sample))[0]
    page.render(scale=1.4).to_pil().save(ROOT / "docs" / "handout.png")
    rows = [
        ("WeasyPrint (served): the handout's HTML and print stylesheet", weasy, sizes["WeasyPrint"]),
        ("fpdf2: the same facts drawn in Python", drawn, sizes["fpdf2"]),
    ]
    lines = [
        f"| {name} | {len(t)} | {statistics.median(t):.0f} | {_percentile(t, 0.95):.0f} | "
        f"{statistics.median(s) / 1024:.0f} |"
        for name, t, s in rows
    ]
    print("\n".join(lines))
    write_section(
        "Handout PDF",
        "\n".join(
            [
                f"Measured {datetime.now(timezone.utc):%Y-%m-%d} by `scripts/bench_handout.py` (`make bench`) on "
                f"{os.cpu_count()} cores, Python {platform.python_version()}: every one of the {len(ids)} demo "
                f"services as a one-page handout, {ROUNDS} rounds, rendering timed alone (database read excluded).",
                "",
                "| library | handouts | median ms | p95 ms | median KiB |",
                "|---|---|---|---|---|",
                *lines,
                "",
                "The desk serves WeasyPrint: one template and one print stylesheet give the browser's printout and",
                "the PDF alike, so a city changes the handout in one place; fpdf2 is faster but its layout is",
                "a second copy in Python that drifts from the printed page. First page: `docs/handout.png`.",
                "",
            ]
        ),
    )
    print("Ergebnis in BENCHMARKS.md und docs/handout.png geschrieben.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
