"""Accounts: the administration lists, creates, deactivates and reactivates editors."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

import catalogue
from webchat.editor import admin_required, bp, sessions
from webchat.editor.display import format_moment
from webchat.editor.forms import ROLE_LABELS, UserForm, add_error, error_summary


def _field_of(message: str) -> str:
    """Pick the form field a message of `catalogue.create_user` is about."""
    if "Passwort" in message:
        return "password"
    if "Rolle" in message:
        return "role"
    return "username"


@bp.route("/benutzer", methods=["GET", "POST"])
@admin_required
def users():  # type: ignore[no-untyped-def]
    """List the accounts and create new ones."""
    form = UserForm()
    status = 200
    if form.validate_on_submit():
        try:
            with sessions().begin() as db:
                user = catalogue.create_user(db, form.username.data or "", form.password.data or "", form.role.data)
                name = user.username
        except ValueError as error:
            add_error(form, _field_of(str(error)), str(error))
        else:
            flash(f"Das Konto „{name}“ ist angelegt.", "success")
            return redirect(url_for("editor.users"))
    if request.method == "POST":
        status = 422
    with sessions().begin() as db:
        accounts = [
            {
                "id": u.id,
                "username": u.username,
                "role": ROLE_LABELS.get(u.role, u.role),
                "active": u.active,
                "created": format_moment(u.created_at),
            }
            for u in db.scalars(select(catalogue.EditorUser).order_by(catalogue.EditorUser.username))
        ]
    return render_template("editor/users.html", form=form, errors=error_summary(form), accounts=accounts), status


@bp.post("/benutzer/<int:user_id>/aktiv")
@admin_required
def set_active(user_id: int):  # type: ignore[no-untyped-def]
    """Deactivate or reactivate an account (never deleted: the history keeps its name)."""
    active = request.form.get("active") == "1"
    if user_id == current_user.id and not active:
        flash("Sie können Ihr eigenes Konto nicht deaktivieren.", "error")
        return redirect(url_for("editor.users"))
    with sessions().begin() as db:
        user = db.get(catalogue.EditorUser, user_id)
        if user is None:
            return redirect(url_for("editor.users"))
        user.active = active
        name = user.username
    flash(f"Das Konto „{name}“ ist {'wieder aktiv' if active else 'deaktiviert'}.", "success")
    return redirect(url_for("editor.users"))
