"""Open Referral HSDS 3.0 JSON: export every entry as a compiled service, import such files back.

The catalogue keeps one row per service at one place; here it unfolds into
the standard's objects:

| our field                        | HSDS 3.0                                                       |
|----------------------------------|----------------------------------------------------------------|
| provider name / type             | organization.name / organization.legal_status                  |
| street, postal code, city        | service_at_locations[0].location.addresses[0]                  |
| district                         | ... addresses[0].region                                        |
| accessibility                    | ... location.accessibility[0].description                      |
| hours, "rund um die Uhr"         | schedules (freq WEEKLY, byday, opens_at, closes_at)            |
| closures                         | schedules with valid_from/valid_to and no opening time         |
| free / fee                       | cost_options[0] (amount 0 = free) and fees_description         |
| phone, contact                   | phones[0], contacts[0]                                         |
| languages                        | languages (name and ISO 639 code)                              |
| required documents               | required_documents                                             |
| service area                     | service_areas                                                  |
| age range                        | minimum_age, maximum_age                                       |
| status, alert, checked date      | status, alert, assured_date                                    |
| category, target groups, keywords| attributes with taxonomy terms (sozialauskunft-*)              |
| Leichte Sprache, hours note, id  | attributes whose value carries the text (sozialauskunft-*)     |

Ids are UUIDs derived from the entry's external id, so exporting twice gives
the same file and export → import → export is lossless.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from catalogue._files import MAX_JSON_BYTES, decode_utf8, parse_json, read_limited
from catalogue._hours import DAY_CODES, ClosedDays, OpeningRange, city_state, valid_time
from catalogue._problems import CatalogueFormatError, Checker, Problem, file_problem
from catalogue._records import ServiceRecord
from catalogue._validation import validate_record
from catalogue._vocabulary import vocabulary

NAMESPACE = uuid.UUID("6f1c1c52-3d55-4a63-9d0e-5c1f2b8e7a10")
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_STATUS_TO_HSDS = {"active": "active", "temporarily_closed": "temporarily closed", "inactive": "inactive"}
_STATUS_FROM_HSDS = {
    "active": "active",
    "temporarily closed": "temporarily_closed",
    "inactive": "inactive",
    "defunct": "inactive",
}
STATE_NAMES = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}
# Taxonomies of the attributes this catalogue writes; other taxonomies are ignored on import.
CATEGORY = "sozialauskunft-kategorie"
TARGET_GROUP = "sozialauskunft-zielgruppe"
KEYWORD = "sozialauskunft-stichwort"
EASY_LANGUAGE = "sozialauskunft-leichte-sprache"
HOURS_NOTE = "sozialauskunft-hinweis-oeffnungszeiten"
EXTERNAL_ID = "sozialauskunft-kennung"
_VALUE_TERMS = {
    EASY_LANGUAGE: ("Leichte Sprache", "Beschreibung des Angebots in Leichter Sprache"),
    HOURS_NOTE: ("Hinweis zu den Öffnungszeiten", "Freitext zu Terminen und Sprechzeiten"),
    EXTERNAL_ID: ("Kennung im Quellsystem", "Die Kennung des Eintrags in der Quelle, aus der er stammt"),
}


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


@lru_cache(maxsize=1)
def language_codes() -> dict[str, str]:
    """Return ISO 639 codes by German language name (catalogue/language_codes.yml)."""
    return yaml.safe_load(Path(__file__).with_name("language_codes.yml").read_text(encoding="utf-8"))


def _term(taxonomy: str, name: str, description: str) -> dict[str, Any]:
    return {"id": _uuid("term", taxonomy, name), "name": name, "description": description, "taxonomy": taxonomy}


def _attribute(sid: str, taxonomy: str, name: str, description: str, value: str | None = None) -> dict[str, Any]:
    term = _term(taxonomy, name, description)
    attribute = {
        "id": _uuid("attribute", sid, taxonomy, name),
        "link_id": sid,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }
    if value is not None:
        attribute["value"] = value
    return attribute


def service_to_hsds(record: ServiceRecord, state: str | None = None) -> dict[str, Any]:
    """Return one entry as an HSDS 3.0 compiled service object."""
    eid = record.external_id
    sid = _uuid("service", eid)
    org_id = _uuid("organization", record.provider_name)
    location_id = _uuid("location", eid)
    groups = {name: c.group for name, c in vocabulary().categories.items()}

    schedules: list[dict[str, Any]] = []
    if record.always_open:
        schedules.append(
            {
                "id": _uuid("schedule", eid, "always"),
                "service_id": sid,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": ",".join(_BYDAY),
                "opens_at": "00:00",
                "closes_at": "24:00",
                "description": "Rund um die Uhr geöffnet",
            }
        )
    for r in sorted(record.hours):
        schedules.append(
            {
                "id": _uuid("schedule", eid, str(r.weekday), r.opens, r.closes),
                "service_id": sid,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": _BYDAY[r.weekday],
                "opens_at": r.opens,
                "closes_at": r.closes,
                "description": f"{DAY_CODES[r.weekday]} {r.opens}–{r.closes}",
            }
        )
    for c in sorted(record.closures, key=lambda c: c.starts):
        closure = {
            "id": _uuid("closure", eid, c.starts.isoformat(), c.ends.isoformat()),
            "service_id": sid,
            "valid_from": c.starts.isoformat(),
            "valid_to": c.ends.isoformat(),
            "description": "Vorübergehend geschlossen",
        }
        if c.note:
            closure["notes"] = c.note
        schedules.append(closure)

    address = {
        "id": _uuid("address", eid),
        "location_id": location_id,
        "address_1": record.street,
        "city": record.city,
        "region": record.district,
        "state_province": STATE_NAMES.get((state or city_state()).upper(), state or city_state()),
        "postal_code": record.postal_code,
        "country": "DE",
        "address_type": "physical",
    }
    location: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": org_id,
        "name": record.name,
        "addresses": [address],
    }
    if record.accessibility:
        location["accessibility"] = [
            {"id": _uuid("accessibility", eid), "location_id": location_id, "description": record.accessibility}
        ]

    cost = {"id": _uuid("cost", eid), "service_id": sid, "currency": "EUR"}
    if record.free:
        cost.update(option="kostenlos", amount=0)
    else:
        cost.update(option="kostenpflichtig", amount_description=record.fee or "")

    attributes = [_attribute(sid, EXTERNAL_ID, *_VALUE_TERMS[EXTERNAL_ID], value=eid)]
    attributes.append(_attribute(sid, CATEGORY, record.category, groups.get(record.category) or "Kategorie"))
    attributes += [_attribute(sid, TARGET_GROUP, g, "Zielgruppe") for g in record.target_groups]
    attributes += [_attribute(sid, KEYWORD, k, "Stichwort") for k in record.keywords]
    if record.description_easy:
        attributes.append(_attribute(sid, EASY_LANGUAGE, *_VALUE_TERMS[EASY_LANGUAGE], value=record.description_easy))
    if record.hours_note:
        attributes.append(_attribute(sid, HOURS_NOTE, *_VALUE_TERMS[HOURS_NOTE], value=record.hours_note))

    service: dict[str, Any] = {
        "id": sid,
        "organization_id": org_id,
        "name": record.name,
        "description": record.description,
        "status": _STATUS_TO_HSDS[record.status],
        "fees_description": "kostenlos" if record.free else (record.fee or "kostenpflichtig"),
        "organization": {
            "id": org_id,
            "name": record.provider_name,
            "description": f"{record.provider_name} ({record.provider_type})",
            "legal_status": record.provider_type,
        },
        "phones": [{"id": _uuid("phone", eid), "service_id": sid, "number": record.phone}] if record.phone else [],
        "contacts": [{"id": _uuid("contact", eid), "service_id": sid, "name": record.contact_name}]
        if record.contact_name
        else [],
        "schedules": schedules,
        "service_areas": [{"id": _uuid("area", eid, a), "service_id": sid, "name": a} for a in record.service_areas],
        "service_at_locations": [
            {
                "id": _uuid("service_at_location", eid),
                "service_id": sid,
                "location_id": location_id,
                "location": location,
            }
        ],
        "languages": [
            {"id": _uuid("language", eid, name), "service_id": sid, "name": name}
            | ({"code": language_codes()[name]} if name in language_codes() else {})
            for name in record.languages
        ],
        "cost_options": [cost],
        "required_documents": [
            {"id": _uuid("document", eid, d), "service_id": sid, "document": d} for d in record.required_documents
        ],
        "attributes": attributes,
    }
    optional = {
        "url": record.website,
        "email": record.email,
        "application_process": record.application_process,
        "eligibility_description": ", ".join(record.target_groups) or None,
        "minimum_age": record.minimum_age,
        "maximum_age": record.maximum_age,
        "assured_date": record.assured_date.isoformat() if record.assured_date else None,
        "alert": record.alert,
    }
    service.update({k: v for k, v in optional.items() if v is not None})
    return service


def export_document(records: list[ServiceRecord], state: str | None = None) -> dict[str, Any]:
    """Return the whole catalogue as one page of the HSDS API's /services response."""
    contents = [service_to_hsds(r, state) for r in sorted(records, key=lambda r: r.external_id)]
    return {
        "total_items": len(contents),
        "total_pages": 1,
        "page_number": 1,
        "size": len(contents),
        "first_page": True,
        "last_page": True,
        "empty": not contents,
        "contents": contents,
    }


# --- import -------------------------------------------------------------------


def _attributes(service: dict[str, Any], taxonomy: str) -> list[dict[str, Any]]:
    return [
        a
        for a in service.get("attributes") or []
        if isinstance(a, dict)
        and isinstance(a.get("taxonomy_term"), dict)
        and a["taxonomy_term"].get("taxonomy") == taxonomy
    ]


def _first(items: Any) -> dict[str, Any]:
    return items[0] if isinstance(items, list) and items and isinstance(items[0], dict) else {}


def _str(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _age(value: Any) -> int | None:
    """An age as a whole number; one outside any sensible range stays out of range for the check."""
    if value is None:
        return None
    return int(value) if abs(value) <= 10_000 else 10_001


def _time(value: Any) -> str | None:
    """Accept HH:MM, HH:MM:SS and a trailing zone (HSDS allows 09:00Z); keep HH:MM local time."""
    text = _str(value)
    if not text or len(text) < 5 or text[2] != ":":
        return None
    hhmm = text[:5]
    return hhmm if valid_time(hhmm) else None


# Fields of a compiled HSDS service read here, with the JSON type each must have.
_LIST_FIELDS = (
    "attributes",
    "schedules",
    "languages",
    "phones",
    "contacts",
    "service_at_locations",
    "required_documents",
    "service_areas",
    "cost_options",
)
_TEXT_FIELDS = (
    "id",
    "name",
    "status",
    "description",
    "email",
    "url",
    "alert",
    "application_process",
    "fees_description",
)


def _wrong_types(service: dict[str, Any]) -> list[tuple[str, str]]:
    """Return (field, expected type) for every field this importer reads that has the wrong JSON type."""
    wrong = [
        (name, "eine Liste")
        for name in _LIST_FIELDS
        if service.get(name) is not None and not isinstance(service[name], list)
    ]
    wrong += [
        (name, "Text") for name in _TEXT_FIELDS if service.get(name) is not None and not isinstance(service[name], str)
    ]
    if service.get("organization") is not None and not isinstance(service["organization"], dict):
        wrong.append(("organization", "ein Objekt"))
    for name in ("minimum_age", "maximum_age"):
        value = service.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            wrong.append((name, "eine Zahl"))
    for name in _LIST_FIELDS:
        items = service.get(name)
        if isinstance(items, list) and not all(isinstance(item, dict) for item in items):
            wrong.append((name, "eine Liste von Objekten"))
    locations = service.get("service_at_locations")
    for n, item in enumerate(locations if isinstance(locations, list) else [], start=1):
        if isinstance(item, dict) and not isinstance(item.get("location") or {}, dict):
            wrong.append((f"service_at_locations[{n}].location", "ein Objekt"))
    return wrong


def service_from_hsds(service: Any, where: str, problems: list[Problem]) -> ServiceRecord | None:
    """Turn one HSDS service object into a record, adding German problems for what is missing or wrong."""
    before = len(problems)
    check = Checker(problems, where)
    if not isinstance(service, dict):
        check.add("", "ist kein Objekt.", code="type")
        return None
    for name, expected in _wrong_types(service):
        check.add(name, f"muss {expected} sein.", code="type")
    if len(problems) > before:
        return None
    try:
        record = _record_from_hsds(service, check)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError):
        # A nested value of a type HSDS does not allow; the fields above are checked one by one.
        check.add("", "Aufbau entspricht nicht HSDS 3.0 (ein verschachtelter Wert hat den falschen Typ).", code="type")
        return None
    if record is None or len(problems) > before:
        return None
    validate_record(record, check)
    return record if len(problems) == before else None


def _record_from_hsds(service: dict[str, Any], check: Checker) -> ServiceRecord | None:
    before = len(check.problems)

    def problem(field_name: str, message: str) -> None:
        check.add(field_name, message)

    sid, name = _str(service.get("id")), _str(service.get("name"))
    if not sid:
        problem("id", "fehlt.")
    if not name:
        problem("name", "fehlt.")
    status = _STATUS_FROM_HSDS.get(service.get("status") or "")
    if status is None:
        problem(
            "status", f"„{service.get('status')}“ ist kein HSDS-Status (active, inactive, defunct, temporarily closed)."
        )
    external = _attributes(service, EXTERNAL_ID)
    external_id = _str(external[0].get("value")) if external else None
    external_id = external_id or f"hsds-{sid}"
    organization = service.get("organization") if isinstance(service.get("organization"), dict) else {}
    provider_name = _str(organization.get("name"))
    if not provider_name:
        problem("organization.name", "fehlt.")
    location = _first(service.get("service_at_locations")).get("location") or {}
    address = _first(location.get("addresses"))
    for key in ("address_1", "postal_code", "city"):
        if not _str(address.get(key)):
            problem(f"service_at_locations[0].location.addresses[0].{key}", "fehlt.")
    # Files from other systems carry their own taxonomies: their first term stands in for the category.
    terms = _attributes(service, CATEGORY) or [
        a for a in service.get("attributes") or [] if isinstance(a, dict) and isinstance(a.get("taxonomy_term"), dict)
    ]
    category = _str(terms[0]["taxonomy_term"].get("name")) if terms else None
    if not category:
        problem("attributes", f"keine Kategorie (ein Attribut mit Taxonomie-Begriff, z. B. „{CATEGORY}“).")

    hours: list[OpeningRange] = []
    always_open = False
    closures: list[ClosedDays] = []
    for n, schedule in enumerate(service.get("schedules") or [], start=1):
        if not isinstance(schedule, dict):
            continue
        opens, closes = _time(schedule.get("opens_at")), _time(schedule.get("closes_at"))
        if not opens and schedule.get("valid_from"):
            try:
                starts = date.fromisoformat(str(schedule["valid_from"])[:10])
                ends = date.fromisoformat(str(schedule.get("valid_to") or schedule["valid_from"])[:10])
            except ValueError:
                problem(f"schedules[{n}]", "valid_from/valid_to sind kein Datum.")
                continue
            closures.append(ClosedDays(starts, ends, _str(schedule.get("notes"))))
            continue
        days = [d.strip().upper() for d in str(schedule.get("byday") or "").split(",") if d.strip()]
        if not opens or not closes or not days or any(d not in _BYDAY for d in days):
            problem(f"schedules[{n}]", "braucht byday (MO…SU), opens_at und closes_at als HH:MM.")
            continue
        if len(days) == 7 and opens == "00:00" and closes == "24:00":
            always_open = True
            continue
        hours.extend(OpeningRange(_BYDAY.index(d), opens, closes) for d in days)

    cost = _first(service.get("cost_options"))
    free = cost.get("amount") == 0 or cost.get("option") == "kostenlos" if cost else True
    fee = None if free else (_str(cost.get("amount_description")) or _str(service.get("fees_description")))

    def value_of(taxonomy: str) -> str | None:
        found = _attributes(service, taxonomy)
        return _str(found[0].get("value")) if found else None

    assured = None
    if service.get("assured_date"):
        try:
            assured = date.fromisoformat(str(service["assured_date"])[:10])
        except ValueError:
            problem("assured_date", "ist kein Datum (JJJJ-MM-TT).")
    if len(check.problems) > before:
        return None
    return ServiceRecord(
        external_id=external_id,
        name=name or "",
        provider_name=provider_name or "",
        provider_type=_str(organization.get("legal_status")) or "freier Träger",
        category=category or "",
        district=_str(address.get("region")) or "",
        street=_str(address.get("address_1")) or "",
        postal_code=_str(address.get("postal_code")) or "",
        city=_str(address.get("city")) or "",
        description=_str(service.get("description")) or "",
        keywords=[t for a in _attributes(service, KEYWORD) if (t := _str(a["taxonomy_term"].get("name")))],
        target_groups=[t for a in _attributes(service, TARGET_GROUP) if (t := _str(a["taxonomy_term"].get("name")))],
        phone=_str(_first(service.get("phones")).get("number")),
        email=_str(service.get("email")),
        website=_str(service.get("url")),
        free=free,
        fee=fee,
        languages=[
            t for item in service.get("languages") or [] if isinstance(item, dict) and (t := _str(item.get("name")))
        ],
        accessibility=_str(_first(location.get("accessibility")).get("description")),
        hours_note=value_of(HOURS_NOTE),
        always_open=always_open,
        hours=sorted(set(hours)),
        status=status or "active",
        alert=_str(service.get("alert")),
        assured_date=assured,
        description_easy=value_of(EASY_LANGUAGE),
        application_process=_str(service.get("application_process")),
        required_documents=[
            t for d in service.get("required_documents") or [] if isinstance(d, dict) and (t := _str(d.get("document")))
        ],
        minimum_age=_age(service.get("minimum_age")),
        maximum_age=_age(service.get("maximum_age")),
        service_areas=[
            t for a in service.get("service_areas") or [] if isinstance(a, dict) and (t := _str(a.get("name")))
        ],
        contact_name=_str(_first(service.get("contacts")).get("name")),
        closures=closures,
    )


def read_hsds(path: Path) -> list[ServiceRecord]:
    """Read an HSDS 3.0 JSON file (a list of services, a /services page or one service); all-or-nothing."""
    name = path.name
    data = parse_json(name, decode_utf8(name, read_limited(path, MAX_JSON_BYTES)))
    if isinstance(data, dict):
        # A /services page, or one service object on its own.
        services = data.get("contents") if "contents" in data else [data] if "id" in data else None
    else:
        services = data
    if not isinstance(services, list):
        raise file_problem(name, "erwartet eine Liste von Angeboten oder ein Objekt mit „contents“.")
    problems: list[Problem] = []
    records: list[ServiceRecord] = []
    seen: set[str] = set()
    for n, service in enumerate(services, start=1):
        label = service.get("name") if isinstance(service, dict) else None
        where = f"{name}, Angebot {n}" + (f" ({label[:120]})" if isinstance(label, str) else "")
        record = service_from_hsds(service, where, problems)
        if record is None:
            continue
        if record.external_id in seen:
            problems.append(Problem(where, "id", f"Kennung „{record.external_id}“ kommt doppelt vor.", code="twice"))
            continue
        seen.add(record.external_id)
        records.append(record)
    if problems:
        raise CatalogueFormatError(problems)
    return records


def validation_errors(document: dict[str, Any], schema_folder: Path) -> list[str]:
    """Check every service of an export against HSDS's compiled service schema; return German problems."""
    import jsonschema

    schema = json.loads((schema_folder / "compiled" / "service.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    problems = []
    for n, service in enumerate(document.get("contents", []), start=1):
        for error in validator.iter_errors(service):
            path = "/".join(str(p) for p in error.absolute_path) or "(Wurzel)"
            problems.append(f"Angebot {n} ({service.get('name')}), {path}: {error.message}")
    return problems
