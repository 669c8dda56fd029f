"""The citizen's chat: the page with the widget and the JSON endpoint it posts to."""

from __future__ import annotations

import re
import time
import uuid

from flask import Blueprint, current_app, jsonify, render_template, request, session

from webchat.rasa_client import RasaUnavailable

bp = Blueprint("chat", __name__, template_folder="templates", static_folder="static", static_url_path="/chat/static")

# Control characters other than tab and newline never belong in a chat message.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _error(message: str, status: int):  # type: ignore[no-untyped-def]
    return jsonify(error=message, info_phone=current_app.config["INFO_DESK_PHONE"]), status


@bp.get("/")
def index() -> str:
    """Serve the chat page."""
    return render_template(
        "chat/index.html",
        city_name=current_app.config["CITY_NAME"],
        info_phone=current_app.config["INFO_DESK_PHONE"],
        info_email=current_app.config["INFO_DESK_EMAIL"],
        max_length=current_app.config["CHAT_MAX_LENGTH"],
    )


@bp.post("/api/chat")
def chat():  # type: ignore[no-untyped-def]
    """Forward one user message to Rasa and return the bot's messages."""
    if not request.is_json:
        return _error("Bitte senden Sie die Nachricht als JSON.", 415)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return _error("Die Anfrage ist ungültig: Es fehlt das Feld „message“ mit Ihrem Text.", 400)
    message = _CONTROL.sub("", body["message"]).strip()
    if not message:
        return _error("Bitte geben Sie eine Frage ein.", 400)
    limit = current_app.config["CHAT_MAX_LENGTH"]
    if len(message) > limit:
        return _error(f"Ihre Nachricht ist zu lang (höchstens {limit} Zeichen). Bitte fassen Sie sich kürzer.", 413)
    # A conversation ends CHAT_SESSION_MINUTES after the person's last message; then a new one starts.
    now = time.time()
    if now - session.get("chat_seen", now) > current_app.config["CHAT_SESSION_MINUTES"] * 60:
        session.pop("sender", None)
    sender = session.setdefault("sender", uuid.uuid4().hex)
    session["chat_seen"] = now
    session.permanent = True
    try:
        messages = current_app.extensions["rasa"].send(sender, message)
    except RasaUnavailable as error:
        current_app.logger.warning("Rasa unavailable: %s", error)
        phone = current_app.config["INFO_DESK_PHONE"]
        return _error(f"Der Assistent ist gerade nicht erreichbar. Bitte rufen Sie die Sozialauskunft an: {phone}", 503)
    return jsonify(messages=messages)
