"""The web chat: Flask application factory with one blueprint per audience."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

import catalogue
from catalogue import cli as catalogue_cli
from webchat import config
from webchat.config import origin as config_origin
from webchat.rasa_client import RasaClient

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
# Endpoints whose page other sites may show in an iframe (the embeddable chat).
EMBEDDABLE = frozenset({"chat.embed"})


def content_security_policy(config: dict[str, Any], endpoint: str | None) -> str:
    """The policy for one page: the city's stylesheet origin for styles and fonts; frame-ancestors for the embed."""
    policy = CONTENT_SECURITY_POLICY
    theme = config.get("CHAT_THEME_CSS")
    if theme:
        origin = config_origin(theme)
        policy = policy.replace("style-src 'self'", f"style-src 'self' {origin}")
        policy = policy.replace("font-src 'self'", f"font-src 'self' {origin}")
    if endpoint in EMBEDDABLE:
        ancestors = " ".join(("'self'", *config.get("EMBED_ORIGINS", ())))
        policy = policy.replace("frame-ancestors 'none'", f"frame-ancestors {ancestors}")
    return policy


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the web chat application."""
    app = Flask(__name__)
    app.config.from_mapping(config.from_environment())
    if test_config:
        app.config.from_mapping(test_config)
    if proxies := int(app.config.get("PROXY_FIX", 0)):
        # The client's address (sign-in limits) and scheme (Secure cookies, HSTS) as the proxy saw them.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)  # type: ignore[method-assign]

    engine = catalogue.make_engine(app.config["DATABASE_URL"])
    app.extensions["catalogue_engine"] = engine
    app.extensions["catalogue_sessions"] = catalogue.make_session_factory(engine)
    # Rasa's tracker store: read for a person's own transcript after a reload.
    app.extensions["conversations_engine"] = catalogue.conversations_engine(app.config["CONVERSATIONS_DATABASE_URL"])
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
        response.headers.setdefault("Content-Security-Policy", content_security_policy(app.config, request.endpoint))
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.endpoint not in EMBEDDABLE:  # X-Frame-Options cannot name origins; CSP frame-ancestors does
            response.headers.setdefault("X-Frame-Options", "DENY")
        hsts = int(app.config.get("HSTS_MAX_AGE", 0))
        if request.is_secure and hsts > 0:
            response.headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
        return response

    return app
