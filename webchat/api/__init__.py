"""JSON API: ranked services and the health of all processes."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import text

import catalogue
from webchat.rasa_client import probe

bp = Blueprint("api", __name__)

MAX_QUERY_LENGTH = 500


@bp.get("/api/services")
def services():  # type: ignore[no-untyped-def]
    """Return services ranked for `q` and the filters district, target_group, category, language."""
    args = request.args
    query = args.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        return jsonify(error=f"Die Suchanfrage ist zu lang (höchstens {MAX_QUERY_LENGTH} Zeichen)."), 400
    try:
        limit = min(max(int(args.get("limit", "10")), 1), 50)
    except ValueError:
        return jsonify(error="„limit“ muss eine Zahl sein."), 400
    with current_app.extensions["catalogue_sessions"].begin() as session:
        result = catalogue.search(
            session,
            query,
            district=args.get("district") or None,
            target_group=args.get("target_group") or None,
            category=args.get("category") or None,
            language=args.get("language") or None,
            limit=limit,
        )
        items = [
            catalogue.service_summary(h.service, position=n) | {"score": round(h.score, 3)}
            for n, h in enumerate(result.hits, start=1)
        ]
    return jsonify(
        query=query,
        filters={"district": result.district, "target_group": result.target_group},
        relaxed=result.relaxed,
        services=items,
    )


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    """Report whether Rasa, the action server and the database answer."""
    config = current_app.config
    try:
        with current_app.extensions["catalogue_engine"].connect() as connection:
            connection.execute(text("SELECT 1"))
        database = True
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        database = False
    checks = {
        "rasa": probe(config["RASA_URL"] + "/"),
        "action_server": probe(config["ACTION_SERVER_URL"] + "/health"),
        "database": database,
    }
    healthy = all(checks.values())
    return jsonify(status="ok" if healthy else "degraded", checks=checks), 200 if healthy else 503
