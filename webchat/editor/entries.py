"""Entries: list and search, create, edit, status, alert, checked, history, restore, review."""

from __future__ import annotations

import math

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

import catalogue
from webchat.editor import bp, sessions
from webchat.editor.display import (
    change_rows,
    differences,
    format_day,
    format_moment,
    local_today,
)
from webchat.editor.forms import STATUS_LABELS, EntryForm, add_error, entry_record, error_summary, form_data, new_record

PAGE_SIZE = 25
MAX_QUERY = 200


def _conflict_message(error: catalogue.EditConflict, *, form_kept: bool = False) -> str:
    """Say who changed the entry and when (in local time) and that nothing was saved."""
    message = str(error)
    if form_kept:
        return message + (
            " Unten sehen Sie Ihre Eingaben und, wo sie abweichen, den gespeicherten Stand. Bitte laden Sie den "
            "Eintrag neu und tragen Sie Ihre Änderungen erneut ein."
        )
    return message + " Bitte prüfen Sie den aktuellen Stand und versuchen Sie es erneut."


STALE_MESSAGE = (
    "Der Eintrag wurde gleichzeitig von jemand anderem gespeichert. Ihre Aktion wurde nicht ausgeführt: "
    "Bitte prüfen Sie den aktuellen Stand und versuchen Sie es erneut."
)


def _hours_preview(service: catalogue.Service) -> dict:
    """Return the week's hours and, as the chat says it, whether the entry is open now."""
    ranges = [catalogue.OpeningRange(s.weekday, s.opens, s.closes) for s in service.schedules]
    lines = catalogue.format_week(ranges, service.always_open) or ["Keine festen Zeiten (nach Vereinbarung)"]
    open_now, opening = catalogue.opening_text(service, catalogue.local_now())
    return {"lines": lines, "state": opening if open_now is not None else None}


# --- list and search ----------------------------------------------------------


@bp.get("/")
def entries():  # type: ignore[no-untyped-def]
    """List entries, searchable by name, provider, district, category or id, filterable by status."""
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    status = request.args.get("status") or None
    if status not in catalogue.STATUSES:
        status = None
    try:
        page = max(int(request.args.get("seite", "1")), 1)
    except ValueError:
        page = 1
    with sessions().begin() as db:
        rows, total = catalogue.list_entries(
            db, query=query, status=status, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
        pages = max(math.ceil(total / PAGE_SIZE), 1)
        return render_template(
            "editor/entries.html",
            rows=rows,
            total=total,
            query=query,
            status=status,
            page=page,
            pages=pages,
            statuses=STATUS_LABELS,
            format_day=format_day,
        )


# --- create and edit --------------------------------------------------------------


def _providers(db) -> list[str]:  # type: ignore[no-untyped-def]
    return list(db.scalars(select(catalogue.Organization.name).order_by(catalogue.Organization.name)))


@bp.route("/eintraege/neu", methods=["GET", "POST"])
def create():  # type: ignore[no-untyped-def]
    """Create an entry."""
    form = EntryForm(data=form_data(new_record()) | {"status": "active", "free": True})
    status = 200
    if request.method == "POST":
        record = entry_record(form)
        if record is not None:
            try:
                with sessions().begin() as db:
                    service, _ = catalogue.save_entry(db, record, user=current_user.username)
                    service_id = service.id
            except catalogue.InputRejected as error:  # the id is taken
                add_error(form, error.field, error.message)
            else:
                flash(f"Eintrag „{record.name}“ angelegt. Er ist sofort im Chat zu finden.", "success")
                return redirect(url_for("editor.edit", service_id=service_id))
        status = 422
    with sessions().begin() as db:
        providers = _providers(db)
    return render_template(
        "editor/entry_form.html", form=form, errors=error_summary(form), providers=providers, service=None
    ), status


@bp.route("/eintraege/<int:service_id>", methods=["GET", "POST"])
def edit(service_id: int):  # type: ignore[no-untyped-def]
    """Edit every field of an entry; refuse to overwrite somebody else's newer version."""
    form = EntryForm() if request.method == "POST" else None
    record: catalogue.ServiceRecord | None = None
    lost: catalogue.ServiceRecord | None = None
    if form is not None:
        try:
            with sessions().begin() as db:
                service = catalogue.get_service(db, service_id)
                record = entry_record(
                    form, external_id=service.external_id, previous=catalogue.record_from_service(service)
                )
                if record is not None:
                    _, changes = catalogue.save_entry(
                        db,
                        record,
                        user=current_user.username,
                        service_id=service_id,
                        expected_version=form.expected_version,
                    )
                    flash("Gespeichert." if changes else "Keine Änderungen – nichts gespeichert.", "success")
                    return redirect(url_for("editor.edit", service_id=service_id))
        except (catalogue.EditConflict, StaleDataError):
            # Nothing was written. EditConflict: somebody saved since the form was loaded. StaleDataError:
            # somebody saved the same version at the same moment, between our check and our write.
            lost = record
    with sessions().begin() as db:
        service = catalogue.get_service(db, service_id)
        stored = catalogue.record_from_service(service)
        conflict: dict | None = None
        if form is None:
            form = EntryForm(data=form_data(stored, service.version))
        elif lost is not None:
            # Keep what the editor typed and show where it differs from what is saved now.
            error = catalogue.EditConflict(service, catalogue.last_change(db, service_id))
            conflict = {
                "message": _conflict_message(error, form_kept=True),
                "rows": differences(catalogue.record_snapshot(lost), catalogue.record_snapshot(stored)),
            }
        form.offer_stored_values(stored)
        status = 200 if request.method == "GET" else 409 if conflict else 422
        return render_template(
            "editor/entry_form.html",
            form=form,
            errors=error_summary(form),
            providers=_providers(db),
            service=service,
            conflict=conflict,
            preview=_hours_preview(service),
            format_day=format_day,
        ), status


@bp.errorhandler(StaleDataError)
def _saved_at_the_same_time(error):  # type: ignore[no-untyped-def]
    # Two saves of the same version at the same moment where nothing was typed (restore, checked):
    # the database refused the second one.
    flash(STALE_MESSAGE, "error")
    service_id = (request.view_args or {}).get("service_id")
    return redirect(url_for("editor.edit", service_id=service_id) if service_id else url_for("editor.entries"))


# --- quick actions ----------------------------------------------------------------


def _expected_version() -> int | None:
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        return None


def _quick_change(change, service_id: int, value: str | None) -> bool:  # type: ignore[no-untyped-def]
    """Apply `change` (set_status, set_alert) unless the entry changed since the page was loaded."""
    try:
        with sessions().begin() as db:
            change(db, service_id, value, user=current_user.username, expected_version=_expected_version())
    except (catalogue.EditConflict, StaleDataError):
        # Nothing was written (a save of the same version at the same moment ends the same way).
        with sessions().begin() as db:
            service = catalogue.get_service(db, service_id)
            flash(_conflict_message(catalogue.EditConflict(service, catalogue.last_change(db, service_id))), "error")
        return False
    return True


def _back(service_id: int):  # type: ignore[no-untyped-def]
    return redirect(url_for("editor.edit", service_id=service_id))


@bp.post("/eintraege/<int:service_id>/status")
def change_status(service_id: int):  # type: ignore[no-untyped-def]
    """Activate, close temporarily or deactivate an entry."""
    new_status = request.form.get("status", "")
    if new_status not in catalogue.STATUSES:
        abort(400)
    if _quick_change(catalogue.set_status, service_id, new_status):
        flash(f"Status geändert: {STATUS_LABELS[new_status]}.", "success")
    return _back(service_id)


@bp.post("/eintraege/<int:service_id>/hinweis")
def change_alert(service_id: int):  # type: ignore[no-untyped-def]
    """Set or clear the current notice of an entry."""
    clear = request.form.get("action") == "clear"
    alert = None if clear else request.form.get("alert", "").strip()[:1000]
    if not clear and not alert:
        flash("Bitte einen Hinweistext eingeben oder „Hinweis entfernen“ wählen.", "error")
        return _back(service_id)
    if _quick_change(catalogue.set_alert, service_id, alert):
        flash("Hinweis entfernt." if clear else "Hinweis gesetzt.", "success")
    return _back(service_id)


@bp.post("/eintraege/<int:service_id>/geprueft")
def checked(service_id: int):  # type: ignore[no-untyped-def]
    """Record that the entry was checked today."""
    today = local_today()
    with sessions().begin() as db:
        catalogue.mark_checked(db, service_id, user=current_user.username, day=today)
    flash(f"Als geprüft markiert ({format_day(today)}).", "success")
    target = request.form.get("next")
    return redirect(url_for("editor.attention")) if target == "attention" else _back(service_id)


# --- history ------------------------------------------------------------------------


@bp.get("/eintraege/<int:service_id>/verlauf")
def history(service_id: int):  # type: ignore[no-untyped-def]
    """Show who changed what and when, with old and new values."""
    with sessions().begin() as db:
        service = catalogue.get_service(db, service_id)
        changes = [
            {
                "id": change.id,
                "when": format_moment(change.changed_at),
                "iso": catalogue.local_time(change.changed_at).isoformat(timespec="minutes"),  # type: ignore[union-attr]
                "who": change.changed_by,
                "action": change.action,
                "created": change.action == "angelegt",
                "rows": change_rows(change.changes),
            }
            for change in catalogue.history(db, service_id)
        ]
        return render_template(
            "editor/history.html", service=service, changes=changes, time_zone=catalogue.local_now().tzinfo
        )


@bp.post("/eintraege/<int:service_id>/verlauf/<int:change_id>/wiederherstellen")
def restore(service_id: int, change_id: int):  # type: ignore[no-untyped-def]
    """Bring back the entry as it was after one change."""
    with sessions().begin() as db:
        change = db.get(catalogue.ServiceChange, change_id)
        when = format_moment(change.changed_at) if change else ""
        _, changes = catalogue.restore(db, service_id, change_id, user=current_user.username)
    if changes:
        flash(f"Der Stand vom {when} ist wiederhergestellt.", "success")
    else:
        flash(f"Der Eintrag entspricht schon dem Stand vom {when}.", "info")
    return redirect(url_for("editor.history", service_id=service_id))


# --- needs attention ------------------------------------------------------------


@bp.get("/aufmerksamkeit")
def attention():  # type: ignore[no-untyped-def]
    """Entries not checked for months or lacking hours, contact or district, and unanswered questions."""
    default = int(current_app.config["EDITOR_STALE_MONTHS"])
    try:
        months = min(max(int(request.args.get("monate", default)), 1), 120)
    except ValueError:
        months = default
    with sessions().begin() as db:
        found = catalogue.needs_attention(db, today=local_today(), stale_months=months)
        by_service, by_topic = catalogue.feedback_overview(db)
        return render_template(
            "editor/attention.html",
            found=found,
            feedback_services=by_service,
            feedback_topics=by_topic,
            months=months,
            format_day=format_day,
            format_moment=format_moment,
        )


# --- contact requests from the chat --------------------------------------------------


@bp.get("/kontaktwuensche")
def contact_requests():  # type: ignore[no-untyped-def]
    """Requests to be contacted that chat users left, oldest open first."""
    show_done = request.args.get("erledigte") == "1"
    with sessions().begin() as db:
        return render_template(
            "editor/contact_requests.html",
            requests=catalogue.contact_requests(db, include_done=show_done),
            show_done=show_done,
            days=catalogue.settings().contact_request_days,
            format_moment=format_moment,
        )


@bp.post("/kontaktwuensche/<int:request_id>/erledigt")
def contact_request_done(request_id: int):  # type: ignore[no-untyped-def]
    """Mark a contact request as answered."""
    try:
        with sessions().begin() as db:
            catalogue.mark_contact_request_done(db, request_id, current_user.username)
    except catalogue.InputRejected as error:
        flash(error.message, "error")
    else:
        flash("Als erledigt markiert.", "success")
    return redirect(url_for("editor.contact_requests"))
