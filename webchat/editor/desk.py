"""The lookup desk for counter staff (/redaktion/auskunft) and the one-page handouts it prints.

Nothing about the person at the counter is stored or logged: the search goes
by POST (no query string in access logs), is not counted as a chat question,
and the handout's address names only services.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import segno
from flask import Response, abort, render_template, request
from markupsafe import Markup

import catalogue
from webchat.editor import bp, sessions

MAX_RESULTS = 60
MAX_HANDOUT = 8  # services on one Merkzettel
_STATIC = Path(__file__).with_name("static")


def _options(session: Any) -> dict[str, list[str]]:
    vocab = catalogue.vocabulary()
    return {
        "categories": sorted(vocab.categories),
        "target_groups": sorted(vocab.target_groups),
        "districts": catalogue.districts(session),
        "languages": [name for name in catalogue.languages(session) if name != "Deutsch"],
    }


@bp.route("/auskunft", methods=["GET", "POST"])
def desk():  # type: ignore[no-untyped-def]
    """One search field and filters; a compact list with the key facts one click away."""
    form = request.form if request.method == "POST" else {}
    query = (form.get("q") or "").strip()[:200]
    chosen = {
        "category": form.get("kategorie") or None,
        "target_group": form.get("zielgruppe") or None,
        "district": form.get("bezirk") or None,
        "language": form.get("sprache") or None,
        "accessible": form.get("barrierefrei") == "1",
        "open_now": form.get("jetzt_offen") == "1",
        "free_of_charge": form.get("kostenlos") == "1",
    }
    with sessions().begin() as session:
        options = _options(session)
        result = None
        rows: list[dict[str, Any]] = []
        if request.method == "POST":
            result = catalogue.search(
                session,
                query,
                category=chosen["category"] if chosen["category"] in options["categories"] else None,
                district=chosen["district"],
                target_group=chosen["target_group"],
                language=chosen["language"] if chosen["language"] in options["languages"] else None,
                accessible=chosen["accessible"],
                open_at=catalogue.local_now() if chosen["open_now"] else None,
                free_of_charge=chosen["free_of_charge"],
                read_filters=False,
                limit=MAX_RESULTS,
            )
            rows = [catalogue.service_summary(h.service) for h in result.hits]
        return render_template(
            "editor/desk.html",
            query=query,
            chosen=chosen,
            options=options,
            rows=rows,
            searched=request.method == "POST",
            relaxed=catalogue.filter_labels({k: chosen.get(k) or True for k in (result.relaxed if result else [])}),
        )


def _qr(url: str | None) -> Markup | None:
    """The service's website as an inline SVG QR code (no script, no request to anyone)."""
    if not url or not url.startswith(("http://", "https://")):
        return None
    svg = segno.make(url, error="m").svg_inline(scale=3, border=2, title="QR-Code zur Website")
    return Markup(svg)  # segno builds the SVG; the URL is only encoded as the QR pattern and in <title> escaped


def _handout_services(ids: list[int]) -> list[dict[str, Any]]:
    with sessions().begin() as session:
        found = [session.get(catalogue.Service, i) for i in ids[:MAX_HANDOUT]]
        now = catalogue.local_now()
        return [
            catalogue.service_summary(s, moment=now) | {"qr": _qr(s.website)}
            for s in found
            if s is not None and s.status in catalogue.SEARCHABLE_STATUSES
        ]


def render_pdf(html: str) -> bytes:
    """Render the handout's HTML to PDF with WeasyPrint; it fetches nothing (our stylesheet is passed in)."""
    from weasyprint import CSS, HTML, URLFetcher

    class NoFetching(URLFetcher):  # type: ignore[misc]
        """Handouts name websites but never load them (no server-side requests, no local files)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError(f"Handzettel laden nichts nach: {url[:60]}")

    stylesheet = CSS(filename=str(_STATIC / "handout.css"))
    return HTML(string=html, url_fetcher=NoFetching()).write_pdf(stylesheets=[stylesheet])


@bp.get("/auskunft/handzettel")
def handout():  # type: ignore[no-untyped-def]
    """One A4 page per handout: one service, or several as a Merkzettel; ?format=pdf as PDF from the server."""
    try:
        ids = list(dict.fromkeys(int(v) for v in request.args.getlist("id")))
    except ValueError:
        abort(404)
    services = _handout_services(ids)
    if not services:
        abort(404)
    html = render_template("editor/handout.html", services=services, printed=datetime.now(catalogue.local_now().tzinfo))
    if request.args.get("format") == "pdf":
        name = "handzettel.pdf" if len(services) > 1 else f"handzettel-{services[0]['id']}.pdf"
        return Response(
            render_pdf(html),
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
        )
    return html
