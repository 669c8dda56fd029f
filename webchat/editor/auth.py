"""Signing in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

import catalogue
from webchat.editor import Editor, bp, sessions
from webchat.editor.forms import LoginForm, error_summary

LOGIN_FAILED = "Anmeldung fehlgeschlagen: Benutzername oder Passwort ist falsch."


def _safe_next(target: str | None) -> str | None:
    """Follow `next` only to a page of the workspace (no redirects to other sites)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith(bp.url_prefix or "/redaktion"):
        return None
    return target


@bp.route("/anmelden", methods=["GET", "POST"])
def login():  # type: ignore[no-untyped-def]
    """Show the login form and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("editor.entries"))
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        with sessions().begin() as db:
            user = catalogue.authenticate(db, form.username.data or "", form.password.data or "")
            editor = Editor(user) if user is not None else None
        if editor is not None:
            # A fresh session for the signed-in user; it expires EDITOR_SESSION_MINUTES after the last request.
            session.clear()
            session.permanent = True
            login_user(editor)
            flash(f"Angemeldet als {editor.username}.", "success")
            return redirect(_safe_next(request.args.get("next")) or url_for("editor.entries"))
        failed = True
    status = 200 if request.method == "GET" else 401 if failed else 422
    return render_template("editor/login.html", form=form, failed=failed, errors=error_summary(form)), status


@bp.post("/abmelden")
def logout():  # type: ignore[no-untyped-def]
    """Sign out and forget the session."""
    logout_user()
    session.clear()
    flash("Sie haben sich abgemeldet.", "success")
    return redirect(url_for("editor.login"))
