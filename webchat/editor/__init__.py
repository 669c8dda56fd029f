"""The editor workspace (/redaktion): catalogue editors keep the entries up to date.

Behind a login with the roles editor and admin; every form carries a CSRF
token; the login session expires after EDITOR_SESSION_MINUTES without a request
and ends on the server when the account signs out, gets a new password or is
deactivated (its session version goes up). Failed sign-ins are limited per
account and per address (`attempts`). The Flask session cookie is the
workspace's own, sent only to /redaktion.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, UserMixin, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlalchemy.orm import Session, sessionmaker

import catalogue
from webchat.editor.forms import STATUS_LABELS

bp = Blueprint(
    "editor",
    __name__,
    url_prefix="/redaktion",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
    cli_group="editor",
)
csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "editor.login"
login_manager.login_message = "Bitte melden Sie sich an, um die Redaktion zu nutzen."
login_manager.login_message_category = "info"

# Reachable without a login.
_PUBLIC_ENDPOINTS = {"editor.login", "editor.static"}


class Editor(UserMixin):
    """The signed-in account as Flask-Login sees it (a plain copy, not a database row)."""

    def __init__(self, user: catalogue.EditorUser):
        self.id = user.id
        self.username = user.username
        self.role = user.role
        self.session_version = user.session_version

    def get_id(self) -> str:
        """Return what the session keeps: the account and its session version ("7:3")."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_admin(self) -> bool:
        """Tell whether the account may manage other accounts."""
        return self.role == "admin"

    @property
    def is_staff(self) -> bool:
        """Tell whether the account is counter staff: the lookup desk only, no editing."""
        return self.role == "staff"


def sessions() -> sessionmaker[Session]:
    """Return the catalogue's session factory."""
    return current_app.extensions["catalogue_sessions"]


@login_manager.user_loader
def _load_user(session_id: str) -> Editor | None:
    # Read on every request: a session of a deactivated account, or one older than the account's
    # last sign-out or password change (another session version), ends at once.
    account, _, version = session_id.partition(":")
    try:
        key, number = int(account), int(version)
    except ValueError:
        return None
    with sessions().begin() as session:
        user = session.get(catalogue.EditorUser, key)
        if user is None or not user.active or user.session_version != number:
            return None
        return Editor(user)


class WorkspaceSessionInterface(SecureCookieSessionInterface):
    """Flask's signed session cookie, marked Secure as COOKIE_SECURE says ("auto": on HTTPS requests)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Tell whether the cookie may travel over HTTPS only."""
        policy = str(app.config.get("COOKIE_SECURE", "auto"))
        return policy == "1" or (policy == "auto" and request.is_secure)


def admin_required(view):  # type: ignore[no-untyped-def]
    """Let only admins use the view; others get 403."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        if not current_user.is_authenticated or not current_user.is_admin:
            return _error_page(403)
        return view(*args, **kwargs)

    return wrapped


# What the role "staff" (counter staff) may open: the lookup desk, its handouts, its own password.
STAFF_ENDPOINTS = {"editor.desk", "editor.handout", "editor.logout", "editor.own_password", "editor.static"}


@bp.before_request
def _require_login():  # type: ignore[no-untyped-def]
    if request.endpoint not in _PUBLIC_ENDPOINTS and not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.is_authenticated and current_user.is_staff and request.endpoint not in STAFF_ENDPOINTS:
        if request.endpoint == "editor.entries":  # the workspace's start page: staff start at the desk
            return redirect(url_for("editor.desk"))
        return _error_page(403, "Diese Seite ist der Redaktion vorbehalten. Die Auskunft finden Sie unter „Auskunft“.")
    return None


@bp.after_request
def _workspace_headers(response):  # type: ignore[no-untyped-def]
    # Entries in progress and account lists must not stay in shared browser caches.
    response.headers["Cache-Control"] = "no-store"
    # Over HTTPS the CSRF check compares the Referer with this host (Flask-WTF's strict mode):
    # browsers send it within this site, never to others.
    response.headers["Referrer-Policy"] = "same-origin"
    return response


_ERRORS = {
    400: ("Anfrage ungültig", "Die Anfrage konnte nicht verarbeitet werden."),
    403: ("Kein Zugriff", "Diese Seite ist der Administration vorbehalten."),
    404: ("Nicht gefunden", "Diesen Eintrag oder diese Seite gibt es nicht."),
}


def _error_page(status: int, message: str | None = None):  # type: ignore[no-untyped-def]
    title, default = _ERRORS[status]
    return render_template("editor/error.html", title=title, message=message or default), status


@bp.errorhandler(CSRFError)
def _csrf_failed(error: CSRFError):  # type: ignore[no-untyped-def]
    return _error_page(
        400,
        "Das Formular ist abgelaufen oder unvollständig (Sicherheitsprüfung fehlgeschlagen). "
        "Bitte laden Sie die Seite neu und senden Sie das Formular noch einmal.",
    )


@bp.errorhandler(403)
def _forbidden(error):  # type: ignore[no-untyped-def]
    return _error_page(403)


@bp.errorhandler(404)
def _not_found(error):  # type: ignore[no-untyped-def]
    return _error_page(404)


@bp.errorhandler(catalogue.EntryNotFound)
def _entry_not_found(error):  # type: ignore[no-untyped-def]
    return _error_page(404)


@bp.app_template_filter("status_label")
def _status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def init_app(app: Flask) -> None:
    """Mount the workspace at /redaktion with CSRF protection, logins and expiring sessions."""
    app.config.setdefault("EDITOR_SESSION_MINUTES", 30)
    app.config.setdefault("EDITOR_STALE_MONTHS", 12)
    # Sessions are permanent once signed in and end this long after the last request.
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=float(app.config["EDITOR_SESSION_MINUTES"]))
    app.config["SESSION_REFRESH_EACH_REQUEST"] = True
    app.session_interface = WorkspaceSessionInterface()
    csrf.init_app(app)
    login_manager.init_app(app)
    app.register_blueprint(bp)
    attempts.init_app(app)


from webchat.editor import attempts, auth, cli, desk, entries, users  # noqa: E402,F401  (routes register on bp)
