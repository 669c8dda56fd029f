"""The web chat: Flask application factory with one blueprint per audience."""

from __future__ import annotations

from typing import Any

from flask import Flask

import catalogue
from catalogue import cli as catalogue_cli
from webchat import config
from webchat.rasa_client import RasaClient

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the web chat application."""
    app = Flask(__name__)
    app.config.from_mapping(config.from_environment())
    if test_config:
        app.config.from_mapping(test_config)

    engine = catalogue.make_engine(app.config["DATABASE_URL"])
    app.extensions["catalogue_engine"] = engine
    app.extensions["catalogue_sessions"] = catalogue.make_session_factory(engine)
    app.extensions["rasa"] = app.config.get("RASA_CLIENT") or RasaClient(
        app.config["RASA_URL"], app.config["RASA_TIMEOUT"]
    )

    from webchat import api, chat, editor

    app.register_blueprint(chat.bp)
    app.register_blueprint(api.bp)
    editor.init_app(app)
    # CSRF tokens guard the editor's forms; the chat and the API take JSON, which other sites cannot post.
    editor.csrf.exempt(chat.bp)
    editor.csrf.exempt(api.bp)
    # `flask --app webchat catalogue import|export|validate|stale|history|restore ...`
    app.cli.add_command(catalogue_cli)

    @app.after_request
    def _security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    return app
