"""The editor's forms and the way an entry form becomes a catalogue record.

An entry form is turned into the same YAML-shaped dict the file import reads
and checked by `catalogue.check_entry`, so the web form and file imports
follow the same rules; each problem names its field, and its message is shown
next to that form field.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import EqualTo, InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

import catalogue
from german_text import fold
from webchat.editor import textformats

LEGACY = "Bisheriger Wert (nicht im Vokabular)"
STATUS_LABELS = {"active": "aktiv", "temporarily_closed": "vorübergehend geschlossen", "inactive": "deaktiviert"}
ROLE_LABELS = {"editor": "Redaktion", "admin": "Administration", "staff": "Auskunft (Schalter)"}


def _max(length: int) -> Length:
    return Length(max=length, message=f"Höchstens {length} Zeichen.")


class LoginForm(FlaskForm):
    """Name and password."""

    username = StringField("Benutzername", [InputRequired("Bitte geben Sie Ihren Benutzernamen ein."), _max(80)])
    password = PasswordField("Passwort", [InputRequired("Bitte geben Sie Ihr Passwort ein."), _max(200)])


class UserForm(FlaskForm):
    """A new editor account."""

    username = StringField("Benutzername", [InputRequired("Bitte einen Benutzernamen angeben."), _max(80)])
    role = SelectField("Rolle", choices=list(ROLE_LABELS.items()), validate_choice=False)
    password = PasswordField(
        "Passwort",
        [InputRequired("Bitte ein Passwort angeben."), _max(200)],
        description="Mindestens 10 Zeichen.",
    )
    password_confirm = PasswordField(
        "Passwort wiederholen", [EqualTo("password", "Die beiden Passwörter stimmen nicht überein.")]
    )


def _new_password() -> PasswordField:
    return PasswordField(
        "Neues Passwort",
        [InputRequired("Bitte ein neues Passwort angeben."), _max(200)],
        description="Mindestens 10 Zeichen.",
    )


def _new_password_confirm() -> PasswordField:
    return PasswordField(
        "Neues Passwort wiederholen", [EqualTo("password", "Die beiden Passwörter stimmen nicht überein.")]
    )


class PasswordForm(FlaskForm):
    """A new password for an account, set by the administration."""

    password = _new_password()
    password_confirm = _new_password_confirm()


class OwnPasswordForm(FlaskForm):
    """The own password: the current one, and the new one twice."""

    current_password = PasswordField(
        "Bisheriges Passwort", [InputRequired("Bitte geben Sie Ihr bisheriges Passwort ein."), _max(200)]
    )
    password = _new_password()
    password_confirm = _new_password_confirm()


class EntryForm(FlaskForm):
    """Every field of a catalogue entry."""

    version = HiddenField()
    name = StringField("Name des Angebots", [_max(300)])
    external_id = StringField(
        "Kennung",
        [_max(119)],
        description="Nur Kleinbuchstaben a–z, Ziffern und Bindestriche. Leer lassen: wird aus dem Namen gebildet.",
    )
    category = SelectField("Kategorie", validate_choice=False)
    description = TextAreaField("Beschreibung", [_max(5000)])
    description_easy = TextAreaField(
        "Beschreibung in Leichter Sprache", [_max(5000)], description="Kurze Sätze, ein Gedanke pro Satz."
    )
    keywords = TextAreaField(
        "Suchwörter", [_max(2000)], description="Durch Komma getrennt: Wörter, mit denen Menschen danach fragen."
    )
    target_groups = SelectMultipleField(
        "Zielgruppen", widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(), validate_choice=False
    )
    minimum_age = StringField("Mindestalter")
    maximum_age = StringField("Höchstalter")
    provider_name = StringField("Träger", [_max(300)], description="Name der Organisation, die das Angebot macht.")
    provider_type = SelectField("Art des Trägers", validate_choice=False)
    district = StringField("Bezirk", [_max(120)])
    street = StringField("Straße und Hausnummer", [_max(200)])
    postal_code = StringField("Postleitzahl", [_max(10)])
    city = StringField("Ort", [_max(120)])
    service_areas = StringField(
        "Einzugsgebiet", [_max(1000)], description="Durch Komma getrennt, z. B. Bezirke; leer: ganze Stadt."
    )
    phone = StringField("Telefon", [_max(60)], description="Telefon oder E-Mail muss angegeben sein.")
    email = StringField("E-Mail", [_max(200)])
    website = StringField("Internetseite", [_max(300)], description="Mit https:// am Anfang.")
    contact_name = StringField("Ansprechperson", [_max(200)])
    always_open = BooleanField("Rund um die Uhr geöffnet")
    hours = TextAreaField(
        "Öffnungszeiten",
        [_max(2000)],
        description="Eine Zeile je Zeitspanne, z. B. „Mo, Di, Do 09:00–12:00“ oder „Mo–Fr 14:00–16:00“. "
        "Leer: nur nach Vereinbarung.",
    )
    hours_note = StringField("Hinweis zu den Öffnungszeiten", [_max(300)])
    closures = TextAreaField(
        "Vorübergehende Schließungen",
        [_max(2000)],
        description="Eine Zeile je Zeitraum, z. B. „24.12.2025–31.12.2025 Weihnachtsferien“. Feiertage kommen "
        "automatisch aus dem Kalender.",
    )
    free = BooleanField("Kostenlos")
    fee = StringField("Kosten", [_max(200)], description="Nur wenn nicht kostenlos, z. B. „2 € pro Mittagessen“.")
    languages = StringField("Sprachen", [_max(500)], description="Durch Komma getrennt, z. B. Deutsch, Englisch.")
    accessibility = StringField("Barrierefreiheit", [_max(300)])
    application_process = TextAreaField("So stellt man einen Antrag", [_max(5000)])
    required_documents = TextAreaField(
        "Mitzubringende Unterlagen", [_max(2000)], description="Eine Unterlage je Zeile."
    )
    status = SelectField("Status", choices=list(STATUS_LABELS.items()), validate_choice=False)
    alert = TextAreaField(
        "Aktueller Hinweis", [_max(1000)], description="Wird im Chat beim Angebot angezeigt, z. B. eine Vertretung."
    )
    assured_date = StringField("Zuletzt geprüft am", [_max(10)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vocab = catalogue.vocabulary()
        groups: dict[str, list[tuple[str, str]]] = {}
        for name, concept in vocab.categories.items():
            groups.setdefault(concept.group, []).append((name, name))
        self.category.choices = {"": [("", "Bitte wählen")], **groups}
        self.provider_type.choices = [("", "Bitte wählen"), *((t, t) for t in vocab.provider_types)]
        self.target_groups.choices = [(g, g) for g in vocab.target_groups]

    def offer_stored_values(self, record: catalogue.ServiceRecord) -> None:
        """Also offer the entry's category and target groups when the vocabulary lacks them (e.g. from an import)."""
        vocab = catalogue.vocabulary()
        if record.category and record.category not in vocab.categories:
            self.category.choices = {**self.category.choices, LEGACY: [(record.category, record.category)]}
            self.category.description = (
                f"„{record.category}“ stammt aus einem Import und fehlt im Vokabular. Sie kann bleiben; "
                "besser ist eine Kategorie aus der Liste."
            )
        legacy = [(g, f"{g} (bisheriger Wert)") for g in record.target_groups if g not in vocab.target_groups]
        self.target_groups.choices = [*self.target_groups.choices, *legacy]

    @property
    def expected_version(self) -> int | None:
        """Return the version of the entry the editor started from."""
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


def form_data(record: catalogue.ServiceRecord, version: int | None = None) -> dict[str, Any]:
    """Return the values an entry form shows for `record`."""
    return {
        "version": version,
        "external_id": record.external_id,
        "name": record.name,
        "provider_name": record.provider_name,
        "provider_type": record.provider_type,
        "category": record.category,
        "description": record.description,
        "description_easy": record.description_easy or "",
        "keywords": ", ".join(record.keywords),
        "target_groups": list(record.target_groups),
        "district": record.district,
        "street": record.street,
        "postal_code": record.postal_code,
        "city": record.city,
        "service_areas": ", ".join(record.service_areas),
        "phone": record.phone or "",
        "email": record.email or "",
        "website": record.website or "",
        "contact_name": record.contact_name or "",
        "free": record.free,
        "fee": record.fee or "",
        "languages": ", ".join(record.languages),
        "accessibility": record.accessibility or "",
        "always_open": record.always_open,
        "hours": textformats.format_hours(record.hours),
        "hours_note": record.hours_note or "",
        "closures": textformats.format_closures(record.closures),
        "application_process": record.application_process or "",
        "required_documents": "\n".join(record.required_documents),
        "minimum_age": "" if record.minimum_age is None else str(record.minimum_age),
        "maximum_age": "" if record.maximum_age is None else str(record.maximum_age),
        "status": record.status,
        "alert": record.alert or "",
        "assured_date": record.assured_date.isoformat() if record.assured_date else "",
    }


def new_record() -> catalogue.ServiceRecord:
    """Return the starting values of a new entry."""
    return catalogue.ServiceRecord(
        external_id="",
        name="",
        provider_name="",
        provider_type="",
        category="",
        district="",
        street="",
        postal_code="",
        city="",
    )


def slug(name: str) -> str:
    """Form an id such as "schuldnerberatung-altstadt" from a name."""
    text = unicodedata.normalize("NFKD", fold(name))
    text = text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:110].strip("-")


# The catalogue names fields as in the YAML files; the form names nested ones like the record.
_FIELD_OF_KEY = {
    "id": "external_id",
    "provider.name": "provider_name",
    "provider.type": "provider_type",
    "address.street": "street",
    "address.postal_code": "postal_code",
    "address.city": "city",
}
# How the form says some problems (by field and code) where the file wording would name YAML keys.
_FORM_WORDING = {
    ("closures", "bad_date"): "Bitte ein gültiges Datum wie 24.12.2025 angeben.",
}


def _form_message(problem: catalogue.Problem, lines: list[int] | None) -> str:
    message = "Bitte ausfüllen." if problem.code == "missing" else problem.message
    message = _FORM_WORDING.get((problem.field, problem.code), message)
    if problem.item:
        where = (
            f"Zeile {lines[problem.item - 1]}" if lines and problem.item <= len(lines) else f"Eintrag {problem.item}"
        )
        message = f"{where}: {message}"
    return message


def add_error(form: FlaskForm, name: str, message: str) -> None:
    """Show `message` next to the field `name`."""
    field = form[name]
    field.errors = [*field.errors, message]


def _age(form: EntryForm, name: str) -> int | str | None:
    raw = (form[name].data or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        add_error(form, name, "Bitte eine ganze Zahl zwischen 0 und 120 eingeben.")
        return None
    return int(raw)


def _keep_order(values: list[str], stored: list[str]) -> list[str]:
    position = {v: n for n, v in enumerate(stored)}
    return sorted(values, key=lambda v: position.get(v, len(position)))


def entry_record(
    form: EntryForm, external_id: str | None = None, previous: catalogue.ServiceRecord | None = None
) -> catalogue.ServiceRecord | None:
    """Check the form like a file import; return the record, or None with messages at the fields.

    With `previous` (the stored entry), target groups keep their stored order (the
    checkboxes list them in the vocabulary's order), and a category or target
    group that an import stored outside the vocabulary may stay; new ones must
    come from the vocabulary, as in the YAML files.
    """
    vocab = catalogue.vocabulary()
    stored_groups = previous.target_groups if previous else []
    legacy_groups = {g for g in stored_groups if g not in vocab.target_groups}
    legacy_category = previous.category if previous and previous.category not in vocab.categories else None
    form.validate()
    data = form.data
    if external_id is None:
        external_id = (data["external_id"] or "").strip() or slug(data["name"] or "")
        form.external_id.data = external_id
    hours = textformats.parse_hours(data["hours"] or "")
    closures = textformats.parse_closures(data["closures"] or "")
    for message in hours.problems:
        add_error(form, "hours", message)
    for message in closures.problems:
        add_error(form, "closures", message)
    if data["always_open"] and hours.items:
        add_error(form, "hours", "Rund um die Uhr geöffnet: Bitte keine Zeiten eintragen oder das Häkchen entfernen.")
    website = (data["website"] or "").strip()
    # The scheme is checked by the shared entry rules (catalogue.check_entry), like in imported files.
    ages = {"min": _age(form, "minimum_age"), "max": _age(form, "maximum_age")}
    keep_category = legacy_category is not None and data["category"] == legacy_category
    entry = {
        "id": external_id,
        "name": data["name"],
        "provider": {"name": data["provider_name"], "type": data["provider_type"]},
        # A stored category outside the vocabulary stands in as a known one for the check.
        "category": next(iter(vocab.categories)) if keep_category else data["category"],
        "description": data["description"],
        "keywords": textformats.split_list(data["keywords"]),
        "target_groups": [g for g in data["target_groups"] or [] if g not in legacy_groups],
        "district": data["district"],
        "address": {"street": data["street"], "postal_code": data["postal_code"], "city": data["city"]},
        "hours": "rund-um-die-uhr" if data["always_open"] else hours.items,
        "hours_note": data["hours_note"],
        "phone": data["phone"],
        "email": data["email"],
        "website": website,
        "free": bool(data["free"]),
        "fee": data["fee"],
        "languages": textformats.split_list(data["languages"]),
        "accessibility": data["accessibility"],
        "status": data["status"],
        "alert": data["alert"],
        "assured_date": (data["assured_date"] or "").strip() or None,
        "description_easy": data["description_easy"],
        "application_process": data["application_process"],
        "required_documents": textformats.split_list(data["required_documents"], "\n"),
        "minimum_age": ages["min"],
        "maximum_age": ages["max"],
        "service_areas": textformats.split_list(data["service_areas"]),
        "contact_name": data["contact_name"],
        "closures": closures.items,
    }
    record, problems = catalogue.check_entry(entry)
    for problem in problems:
        name = _FIELD_OF_KEY.get(problem.field, problem.field)
        lines = hours.lines if name == "hours" else closures.lines if name == "closures" else None
        target = name if name in form else "name"
        message = _form_message(problem, lines)
        if target in ("category", "provider_type") and not form[target].data:
            message = "Bitte wählen."
        add_error(form, target, message)
    if record is None or any(field.errors for field in form):
        return None
    if keep_category:
        record.category = data["category"]
    record.target_groups = _keep_order(list(data["target_groups"] or []), stored_groups)
    return record


def error_summary(form: FlaskForm) -> list[tuple[str, str, str]]:
    """Return (field id, label, message) for every message, in the order of the form."""
    return [
        (field.id, field.label.text, message)
        for field in form
        if field.type not in ("HiddenField", "CSRFTokenField")
        for message in field.errors
    ]
