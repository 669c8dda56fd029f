"""Sign-in attempts: failed ones are counted per account and per client address (Flask-Limiter).

Each app gets a limiter of its own; the counts live in RATELIMIT_STORAGE_URI: Redis, shared by
every process, or the memory of this one. Only failed sign-ins (401) count. Once a limit is
reached, every sign-in for that account or from that address, the right password too, answers
429 until the oldest failure leaves the window. The windows grow ("5 per minute; 20 per hour"),
and so does the wait.
"""

from __future__ import annotations

import math
import time

from flask import Flask, current_app, make_response, render_template, request
from flask.wrappers import Response
from flask_limiter import Limiter, RateLimitExceeded

from webchat.editor import bp
from webchat.editor.forms import LoginForm

LOGIN_ENDPOINT = "editor.login"


def _address() -> str:
    # With PROXY_FIX the address the proxy saw, not the proxy's own.
    return f"adresse:{request.remote_addr or 'unbekannt'}"


def _account() -> str:
    # "Erika" and "erika" share a count; names longer than any account are cut.
    return "konto:" + request.form.get("username", "").strip().casefold()[:80]


def _failed(response: Response) -> bool:
    return response.status_code == 401


def init_app(app: Flask) -> None:
    """Limit failed sign-ins per account and per address on this app."""
    app.config.setdefault("EDITOR_LOGIN_LIMIT_ACCOUNT", "5 per minute; 20 per hour")
    app.config.setdefault("EDITOR_LOGIN_LIMIT_ADDRESS", "20 per minute; 100 per hour")
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    limiter = Limiter(
        key_func=_address,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        # A failure counts for exactly one window after it happened, not until the next full minute.
        strategy="moving-window",
        key_prefix=app.config.get("RATELIMIT_KEY_PREFIX") or "sozialauskunft",
        # Check every limit, so that the answer names the longest wait.
        fail_on_first_breach=False,
        # If Redis is down, count in memory rather than refuse every sign-in.
        in_memory_fallback_enabled=True,
        swallow_errors=True,
    )
    limiter.init_app(app)
    view = app.view_functions[LOGIN_ENDPOINT]
    for limits, key in (
        (app.config["EDITOR_LOGIN_LIMIT_ACCOUNT"], _account),
        (app.config["EDITOR_LOGIN_LIMIT_ADDRESS"], _address),
    ):
        view = limiter.limit(limits, key_func=key, methods=["POST"], deduct_when=_failed)(view)
    # The limits belong to this app's limiter, so they wrap this app's view, not the blueprint's.
    app.view_functions[LOGIN_ENDPOINT] = view
    app.extensions["editor_sign_in_limiter"] = limiter


def seconds_to_wait() -> int:
    """Return how long the limits reached in this request still block sign-ins (at least 1 s)."""
    limiter: Limiter = current_app.extensions["editor_sign_in_limiter"]
    now = time.time()
    # Moving window: a limit lets the next attempt through when its oldest counted failure leaves it.
    ends = [limit.window.reset_time for limit in limiter.current_limits if limit.breached]
    return max(1, math.ceil(max(ends, default=now + 60) - now))


def wait_text(seconds: int) -> str:
    """Say in German how many minutes to wait."""
    minutes = max(1, math.ceil(seconds / 60))
    return "1 Minute" if minutes == 1 else f"{minutes} Minuten"


@bp.errorhandler(RateLimitExceeded)
def _too_many_attempts(error: RateLimitExceeded):  # type: ignore[no-untyped-def]
    wait = seconds_to_wait()
    current_app.logger.warning("Sign-in refused for %s s: too many failed attempts (%s)", wait, error.description)
    message = f"Zu viele Anmeldeversuche. Bitte warten Sie {wait_text(wait)} und versuchen Sie es dann erneut."
    page = render_template("editor/login.html", form=LoginForm(), failed=False, blocked=message, errors=[])
    response = make_response(page, 429)
    response.headers["Retry-After"] = str(wait)
    return response
