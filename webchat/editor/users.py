"""Accounts: the administration lists, creates, deactivates and reactivates editors and sets new passwords."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

import catalogue
from webchat.editor import admin_required, bp, sessions
from webchat.editor.display import format_moment
from webchat.editor.forms import ROLE_LABELS, PasswordForm, UserForm, add_error, error_summary


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
        except catalogue.InputRejected as error:
            add_error(form, error.field, error.message)
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
    """Deactivate (ending its sessions) or reactivate an account (never deleted: the history keeps its name)."""
    active = request.form.get("active") == "1"
    if user_id == current_user.id and not active:
        flash("Sie können Ihr eigenes Konto nicht deaktivieren.", "error")
        return redirect(url_for("editor.users"))
    with sessions().begin() as db:
        user = db.get(catalogue.EditorUser, user_id)
        if user is None:
            return redirect(url_for("editor.users"))
        catalogue.set_user_active(user, active)
        name = user.username
    flash(f"Das Konto „{name}“ ist {'wieder aktiv' if active else 'deaktiviert'}.", "success")
    return redirect(url_for("editor.users"))


@bp.route("/benutzer/<int:user_id>/passwort", methods=["GET", "POST"])
@admin_required
def reset_password(user_id: int):  # type: ignore[no-untyped-def]
    """Set a new password for an account (forgotten or leaked); its sessions end."""
    if user_id == current_user.id:
        # The own password needs the current one, also for admins.
        return redirect(url_for("editor.own_password"))
    form = PasswordForm()
    saved = False
    with sessions().begin() as db:
        user = db.get(catalogue.EditorUser, user_id)
        if user is None:
            abort(404)
        name = user.username
        if form.validate_on_submit():
            try:
                catalogue.set_password(user, form.password.data or "")
                saved = True
            except catalogue.InputRejected as error:  # too short: nothing was changed
                add_error(form, error.field, error.message)
    if saved:
        flash(f"Das Konto „{name}“ hat ein neues Passwort. Seine Anmeldungen sind beendet.", "success")
        return redirect(url_for("editor.users"))
    status = 422 if request.method == "POST" else 200
    return render_template("editor/password.html", form=form, errors=error_summary(form), account=name), status
