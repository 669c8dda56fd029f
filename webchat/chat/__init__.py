"""The citizen's chat: the page with the widget and the JSON endpoint it posts to."""

from __future__ import annotations

import re
import uuid

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.exc import SQLAlchemyError

import catalogue
from webchat.rasa_client import RasaUnavailable

bp = Blueprint("chat", __name__, template_folder="templates", static_folder="static", static_url_path="/chat/static")

# Control characters other than tab and newline never belong in a chat message.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Halves of UTF-16 pairs ("\ud800") cannot be written as UTF-8: no keyboard types them.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
# The chat's own cookie, apart from the editor workspace's sign-in: it holds only the conversation id.
CHAT_COOKIE = "sozialauskunft_chat"


def _error(message: str, status: int):  # type: ignore[no-untyped-def]
    return jsonify(error=message, info_phone=current_app.config["INFO_DESK_PHONE"]), status


@bp.context_processor
def _city() -> dict[str, object]:
    """The city's name and information desk, shown on every chat page."""
    config = current_app.config
    return {
        "city_name": config["CITY_NAME"],
        "info_phone": config["INFO_DESK_PHONE"],
        "info_email": config["INFO_DESK_EMAIL"],
        "chat_title": config["CHAT_TITLE"],
        "chat_greeting": config["CHAT_GREETING"],
        "theme_css": config["CHAT_THEME_CSS"],
    }


@bp.get("/")
def index() -> str:
    """Serve the chat page."""
    return render_template("chat/index.html", max_length=current_app.config["CHAT_MAX_LENGTH"])


@bp.get("/einbetten")
def embed() -> str:
    """The chat alone, for an iframe on the city's own pages (only the EMBED_ORIGINS may frame it)."""
    return render_template("chat/embed.html", max_length=current_app.config["CHAT_MAX_LENGTH"])


@bp.get("/datenschutz")
def privacy() -> str:
    """Say in German what the chat stores, why and for how long."""
    return render_template(
        "chat/privacy.html",
        chat_minutes=round(float(current_app.config["CHAT_SESSION_MINUTES"])),
        retention_days=catalogue.settings().chat_data_days,
        contact_days=catalogue.settings().contact_request_days,
    )


@bp.post("/api/chat")
def chat():  # type: ignore[no-untyped-def]
    """Forward one user message to Rasa and return the bot's messages."""
    if not request.is_json:
        return _error("Bitte senden Sie die Nachricht als JSON.", 415)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("message"), str):
        return _error("Die Anfrage ist ungültig: Es fehlt das Feld „message“ mit Ihrem Text.", 400)
    if _SURROGATE.search(body["message"]):
        return _error(
            "Ihre Nachricht enthält Zeichen, die ich nicht lesen kann. Bitte schreiben Sie sie noch einmal.", 400
        )
    message = _CONTROL.sub("", body["message"]).strip()
    if not message:
        return _error("Bitte geben Sie eine Frage ein.", 400)
    limit = current_app.config["CHAT_MAX_LENGTH"]
    if len(message) > limit:
        return _error(f"Ihre Nachricht ist zu lang (höchstens {limit} Zeichen). Bitte fassen Sie sich kürzer.", 413)
    sender = _conversation_id()
    # Rasa keeps the conversation on disk (tracker store): names, numbers and addresses never get there.
    message = catalogue.mask_personal_data(message)
    try:
        messages = current_app.extensions["rasa"].send(sender, message)
    except RasaUnavailable as error:
        current_app.logger.warning("Rasa unavailable: %s", error)
        phone = current_app.config["INFO_DESK_PHONE"]
        return _error(f"Der Assistent ist gerade nicht erreichbar. Bitte rufen Sie die Sozialauskunft an: {phone}", 503)
    response = jsonify(messages=messages)
    _remember_conversation(response, sender)
    return response


@bp.get("/api/chat/verlauf")
def history():  # type: ignore[no-untyped-def]
    """Return this browser's conversation so far, so a reload shows it again (no cookie: nothing)."""
    sender = _known_conversation()
    if sender is None:
        return jsonify(messages=[])
    try:
        messages = catalogue.transcript(current_app.extensions["conversations_engine"], sender)
    except SQLAlchemyError:  # the tracker store is out of reach: the chat goes on without the old messages
        current_app.logger.exception("transcript could not be read")
        messages = []
    return jsonify(messages=messages)


@bp.post("/api/chat/neu")
def restart():  # type: ignore[no-untyped-def]
    """Start a new conversation: the next message gets a new conversation id."""
    response = jsonify(messages=[])
    response.delete_cookie(CHAT_COOKIE, path="/", **_cookie_attributes())
    return response


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="chat-conversation")


def _idle_seconds() -> int:
    return max(1, round(float(current_app.config["CHAT_SESSION_MINUTES"]) * 60))


def _known_conversation() -> str | None:
    """The conversation id in this browser's cookie, unless forged or idle for CHAT_SESSION_MINUTES."""
    cookie = request.cookies.get(CHAT_COOKIE)
    if not cookie:
        return None
    try:
        sender = _serializer().loads(cookie, max_age=_idle_seconds())
    except BadSignature:  # also expired: SignatureExpired is a BadSignature
        return None
    return sender if isinstance(sender, str) and re.fullmatch(r"[0-9a-f]{32}", sender) else None


def _conversation_id() -> str:
    """The conversation of this browser, or a new one."""
    return _known_conversation() or uuid.uuid4().hex


def _remember_conversation(response: Response, sender: str) -> None:
    """Set the chat cookie anew with each message: the idle time counts from the last one."""
    response.set_cookie(
        CHAT_COOKIE, _serializer().dumps(sender), max_age=_idle_seconds(), path="/", **_cookie_attributes()
    )


def _cookie_attributes() -> dict[str, object]:
    """HttpOnly always; Secure over HTTPS (COOKIE_SECURE); cross-site attributes when the chat is embedded.

    Embedded on another site (an iframe), the cookie travels as a third-party cookie: SameSite=None
    needs Secure, and Partitioned (CHIPS) keeps it to that one embedding site. Otherwise Lax.
    """
    policy = str(current_app.config.get("COOKIE_SECURE", "auto"))
    secure = policy == "1" or (policy == "auto" and request.is_secure)
    cross_site = bool(current_app.config.get("EMBED_ORIGINS")) and secure
    return {
        "httponly": True,
        "secure": secure,
        "samesite": "None" if cross_site else "Lax",
        "partitioned": cross_site,
    }


def _json_body() -> dict | None:  # type: ignore[type-arg]
    body = request.get_json(silent=True) if request.is_json else None
    return body if isinstance(body, dict) else None


def _optional_text(body: dict, key: str) -> str | None:  # type: ignore[type-arg]
    value = body.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str) or _SURROGATE.search(value):
        raise catalogue.InputRejected(key, "Dieses Feld enthält Zeichen, die ich nicht lesen kann.")
    return _CONTROL.sub("", value)


@bp.post("/api/chat/rueckmeldung")
def feedback():  # type: ignore[no-untyped-def]
    """Store a 👍/👎 on one answer with an optional comment; question and comment are masked before storing."""
    body = _json_body()
    if body is None or not isinstance(body.get("helpful"), bool):
        return _error("Die Rückmeldung ist ungültig: Es fehlt „helpful“ (true oder false).", 400)
    ids = body.get("service_ids") or []
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        return _error("Die Rückmeldung ist ungültig: „service_ids“ muss eine Liste von Zahlen sein.", 400)
    try:
        question = _optional_text(body, "question")
        if question and len(question) > current_app.config["CHAT_MAX_LENGTH"]:
            question = question[: current_app.config["CHAT_MAX_LENGTH"]]
        with current_app.extensions["catalogue_sessions"].begin() as session:
            catalogue.record_feedback(
                session,
                helpful=body["helpful"],
                question=question,
                comment=_optional_text(body, "comment"),
                service_ids=ids,
            )
    except catalogue.InputRejected as error:
        return jsonify(error=error.message, field=error.field), 400
    return jsonify(message="Danke für Ihre Rückmeldung!"), 201


@bp.post("/api/kontaktwunsch")
def contact_request():  # type: ignore[no-untyped-def]
    """Store a request to be contacted by the information desk (only with consent; deleted after some days)."""
    body = _json_body()
    if body is None:
        return _error("Bitte senden Sie das Formular als JSON.", 400)
    try:
        with current_app.extensions["catalogue_sessions"].begin() as session:
            catalogue.record_contact_request(
                session,
                consent=body.get("consent") is True,
                name=_optional_text(body, "name"),
                phone=_optional_text(body, "phone"),
                email=_optional_text(body, "email"),
                message=_optional_text(body, "message"),
            )
    except catalogue.InputRejected as error:
        return jsonify(error=error.message, field=error.field), 400
    days = catalogue.settings().contact_request_days
    return (
        jsonify(
            message="Danke! Ihr Kontaktwunsch ist bei der Sozialauskunft angekommen. "
            f"Wir melden uns so bald wie möglich. Ihre Angaben werden nach spätestens {days} Tagen gelöscht."
        ),
        201,
    )
