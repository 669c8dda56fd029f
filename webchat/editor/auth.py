"""Signing in and out, and changing the own password."""

from __future__ import annotations

import re

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

import catalogue
from webchat.editor import Editor, bp, sessions
from webchat.editor.forms import LoginForm, OwnPasswordForm, add_error, error_summary

LOGIN_FAILED = "Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch."

# Printable ASCII only: no control characters (CR/LF would split the Location header), no spaces
# or other characters a browser would have to encode.
_LOCAL_PATH = re.compile(r"/(?![/\\])[\x21-\x7e]*")


def _safe_next(target: str | None) -> str | None:
    """Follow `next` only to a page of the workspace: a path of this site, never another site."""
    if not target or not _LOCAL_PATH.fullmatch(target) or "\\" in target:
        return None
    prefix = bp.url_prefix or "/redaktion"
    path = target.split("?", 1)[0].split("#", 1)[0]
    if path != prefix and not path.startswith(prefix + "/"):
        return None
    return target


def _sign_in(user: catalogue.EditorUser) -> Editor:
    """Start a fresh session for the account; it ends EDITOR_SESSION_MINUTES after the last request."""
    editor = Editor(user)
    session.clear()
    session.permanent = True
    login_user(editor)
    return editor


@bp.route("/anmelden", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    """Show the login form and sign in (failed attempts are limited, see `attempts`)."""
    if current_user.is_authenticated:
        return redirect(url_for("editor.entries"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        with sessions().begin() as db:
            user = catalogue.authenticate(db, form.username.data or "", form.password.data or "")
            editor = _sign_in(user) if user is not None else None
        if editor is not None:
            flash(f"Angemeldet als {editor.username}.", "success")
            return redirect(_safe_next(request.args.get("next")) or url_for("editor.entries"))
        failed = True
    status = 200 if request.method == "GET" else 401 if failed else 422
    return render_template("editor/login.html", form=form, failed=failed, errors=error_summary(form)), status


@bp.post("/abmelden")
def logout():  # type: ignore[no-untyped-def]
    """Sign out: this session and every other one of the account end on the server too."""
    with sessions().begin() as db:
        user = db.get(catalogue.EditorUser, current_user.id)
        if user is not None:
            catalogue.end_sessions(user)
    logout_user()
    session.clear()
    flash("Sie haben sich abgemeldet.", "success")
    return redirect(url_for("editor.login"))


@bp.route("/passwort", methods=["GET", "POST"])
def own_password():  # type: ignore[no-untyped-def]
    """Change the own password; the account's other sessions end, this one goes on."""
    form = OwnPasswordForm()
    status = 200
    if form.validate_on_submit():
        try:
            with sessions().begin() as db:
                user = db.get(catalogue.EditorUser, current_user.id)
                catalogue.change_password(user, form.current_password.data or "", form.password.data or "")
                db.flush()
                _sign_in(user)
        except catalogue.InputRejected as error:
            add_error(form, error.field, error.message)
        else:
            flash("Ihr Passwort ist geändert. Andere Anmeldungen mit Ihrem Konto sind beendet.", "success")
            return redirect(url_for("editor.entries"))
    if request.method == "POST":
        status = 422
    return render_template("editor/password.html", form=form, errors=error_summary(form), account=None), status
