"""Masking of personal data (catalogue._privacy): unit cases per kind, time, and the held-out set.

The labelled sets: masking_dev.yml (tune on it) and masking_set.yml (held-out TEST set, never tuned on).
scripts/eval_masking.py reports the same figures with bootstrap intervals next to the old scrub().
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from catalogue import mask_personal_data, mentions_sensitive_detail

HERE = Path(__file__).resolve().parent
TEST_SET = HERE / "masking_set.yml"
DEV_SET = HERE / "masking_dev.yml"


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _still_there(item: str, masked: str) -> bool:
    """The personal substring is still in the masked text as a whole word (any occurrence)."""
    return re.search(r"(?<!\w)" + re.escape(item) + r"(?!\w)", masked) is not None


def _messages(data: dict) -> list[str]:
    return [entry["text"] for entry in data["personal"]] + list(data["ordinary"]) + list(data.get("sensitive", []))


# --- unit cases, one group per kind -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich heiße Klara Hinrichs und brauche Hilfe.", "Ich heiße [Name] und brauche Hilfe."),
        ("mein name ist jonas becker", "mein name ist [Name]"),
        ("Mein Name ist Ilka, ich suche Arbeit.", "Mein Name ist [Name], ich suche Arbeit."),
        ("Termin bei Frau Dr. Osterkamp", "Termin bei Frau Dr. [Name]"),
        ("Herr Kowalczyk ruft zurück", "Herr [Name] ruft zurück"),
        ("Ich bin der Rico aus der Altstadt", "Ich bin der [Name] aus der Altstadt"),
        ("Viele Grüße, Lothar Brinkmann", "Viele Grüße, [Name]"),
        ("Mein Sohn Milan geht in die 3. Klasse", "Mein Sohn [Name] geht in die 3. Klasse"),
        ("Sabine Hartung braucht Hilfe beim Wohngeld", "[Name] braucht Hilfe beim Wohngeld"),
        ("Geht Jens heute zur Tafel?", "Geht [Name] heute zur Tafel?"),
    ],
)
def test_names(text, expected):
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rufen Sie mich unter 0172 5566778 an", "Rufen Sie mich unter [Telefon] an"),
        ("Tel.: +49 30 1234567", "Tel.: [Telefon]"),
        ("Handy 0157/99887766!", "Handy [Telefon]!"),
        ("null eins sechs drei vier vier fünf fünf sechs sechs", "[Telefon]"),
        ("erreichbar unter 77 88 99", "erreichbar unter [Telefon]"),
    ],
)
def test_phone_numbers(text, expected):
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mail an lena.kraft@gmx.de bitte", "Mail an [E-Mail] bitte"),
        ("uwe punkt sander at web punkt de", "[E-Mail]"),
        ("schreib an tina(at)beispiel(dot)de", "schreib an [E-Mail]"),
        ("kontakt: ole [at] example [dot] com", "kontakt: [E-Mail]"),
        ("meine mail ist jan bei gmx punkt net", "meine mail ist [E-Mail]"),
    ],
)
def test_email_addresses(text, expected):
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00 bitte", "IBAN [IBAN] bitte"),
        ("iban de89370400440532013000", "iban [IBAN]"),
        ("Konto: AT61 1904 3002 3457 3201.", "Konto: [IBAN]."),
    ],
)
def test_ibans(text, expected):
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("geboren am 3.4.1985", "geboren am [Geburtsdatum]"),
        ("geb. 03.04.85, ledig", "geb. [Geburtsdatum], ledig"),
        ("Mein Geburtstag ist der 3. April 1985.", "Mein Geburtstag ist der [Geburtsdatum]."),
        ("Ich bin am 9.10.1961 geboren.", "Ich bin am [Geburtsdatum] geboren."),
    ],
)
def test_dates_of_birth(text, expected):
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ich wohne in der Hauptstraße 12.", "Ich wohne in der [Adresse]."),
        ("Adresse: Lindenweg 3a", "Adresse: [Adresse]"),
        ("wohne Kölner Str. 140, 2. OG", "wohne [Adresse], 2. OG"),
        ("Post bitte an Am Kirchberg 4", "Post bitte an [Adresse]"),
    ],
)
def test_street_addresses(text, expected):
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Aktenzeichen 123/45-AB", "Aktenzeichen [Aktenzeichen]"),
        ("BG-Nummer 12345BG0012345", "BG-Nummer [Aktenzeichen]"),
        ("Kundennummer 123D456789", "Kundennummer [Aktenzeichen]"),
        ("Mein Az. ist 7 C 12/24.", "Mein Az. ist [Aktenzeichen]."),
    ],
)
def test_file_numbers(text, expected):
    assert mask_personal_data(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Wo ist die Tafel in der Marktstraße?",
        "Hat die Beratungsstelle in der Gartenstraße 7 einen Aufzug?",
        "Ich habe 500 Euro Schulden und seit 2019 keine Arbeit.",
        "Sozialzentrum Südhöhe Mo 9-12, Do 14-18",
        "Ist die Kleiderkammer am 27.12. geöffnet?",
        "Ich bin die Mutter und suche Hilfe für meine Frau Mama.",
        "Ist das Haus Maria in der Nähe vom St. Josef Hospital?",
        "Im August ziehe ich um, der Richter hat es so entschieden.",
        "Max. 3 Kinder pro Familie, stimmt das?",
        "Ich brauche eine Bescheinigung nach § 850k ZPO über 1.340 Euro.",
    ],
)
def test_ordinary_questions_stay_intact(text):
    assert mask_personal_data(text) == text


@pytest.mark.parametrize(
    ("text", "sensitive"),
    [
        ("Ich bin HIV-positiv.", True),
        ("Meine Tochter hat eine Essstörung.", True),
        ("Ich bin schwul und suche eine Wohnung.", True),
        ("Mein Mann war im Gefängnis.", True),
        ("Ich bin Muslim und faste gerade.", True),
        ("Wo kann ich einen HIV-Test machen?", False),
        ("Gibt es eine Beratung für Schwangere?", False),
        ("Gibt es Hilfe für Haftentlassene?", False),
        ("Ich suche die Suchtberatung in der Altstadt.", False),
        ("", False),
    ],
)
def test_sensitive_details(text, sensitive):
    assert mentions_sensitive_detail(text) is sensitive


def test_empty_and_plain_text():
    assert mask_personal_data("") == ""
    assert mask_personal_data("   ") == "   "


# --- time: linear in the text length --------------------------------------------------------------

_LONG_INPUTS = {
    "chat": "Ich heiße Anna Schmidt, Tel 0171 2345678, wohne Hauptstraße 12. Wo ist die Tafel? ",
    "digits": "1 ",
    "letters_dots": "a.",
    "at": "a at ",
    "capitals": "Herr Aaaa ",
    "spoken": "null eins ",
    "mixed": "x(at)y 1-2/3 DE12 ",
}


def _best_time(text: str) -> float:
    best = float("inf")
    for _ in range(3):  # best of three, so that a busy machine does not decide
        started = time.perf_counter()
        mask_personal_data(text)
        mentions_sensitive_detail(text)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("name", sorted(_LONG_INPUTS))
def test_100k_characters_take_under_a_second_and_time_grows_linearly(name):
    # Measured 0.34–0.60 s for the slowest input ("a." 50,000 times) on 2 busy cores; the old
    # bound of 0.5 s failed on noise. What must not happen is quadratic time: 10 times the text
    # may take at most 25 times as long (quadratic would be 100 times).
    unit = _LONG_INPUTS[name]
    text = (unit * (100_000 // len(unit) + 1))[:100_000]
    big, small = _best_time(text), _best_time(text[:10_000])
    assert big < 1.0, f"{name}: {big:.2f} s"
    assert big < 25 * max(small, 0.005), f"{name}: 100k {big:.3f} s against 10k {small:.3f} s"


# --- the labelled sets ------------------------------------------------------------------------------


def test_sets_are_labelled_consistently():
    for path in (TEST_SET, DEV_SET):
        data = _load(path)
        for entry in data["personal"]:
            assert entry["personal"], entry
            for item in entry["personal"]:
                assert item in entry["text"], (path.name, item)
        assert len(set(_messages(data))) == len(_messages(data)), f"{path.name} repeats a message"


def test_sizes():
    test, dev = _load(TEST_SET), _load(DEV_SET)
    assert len(test["personal"]) >= 220 and len(test["ordinary"]) >= 220
    assert len(dev["personal"]) >= 80 and len(dev["ordinary"]) >= 80


def test_dev_and_test_sets_share_no_message():
    shared = set(_messages(_load(TEST_SET))) & set(_messages(_load(DEV_SET)))
    assert not shared


def test_held_out_recall_and_false_masking():
    data = _load(TEST_SET)
    items = removed = 0
    for entry in data["personal"]:
        masked = mask_personal_data(entry["text"])
        items += len(entry["personal"])
        removed += sum(not _still_there(item, masked) for item in entry["personal"])
    altered = sum(mask_personal_data(text) != text for text in data["ordinary"])
    recall = removed / items
    false_masking = altered / len(data["ordinary"])
    assert recall >= 0.95, f"recall {recall:.3f}"
    assert false_masking <= 0.02, f"false masking {false_masking:.3f}"
