"""Crisis detection: kinds, harmless look-alikes, negation, time, and the held-out TEST set.

The expression list (german_text/crisis_de.yml) is tuned on tests/nlu/crisis_dev.yml only; the TEST
set tests/nlu/crisis_test.yml was written first and is measured here, never tuned on.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from german_text import CRISIS_KINDS, detect_crisis, fold

ROOT = Path(__file__).resolve().parents[2]
TEST_SET = ROOT / "tests" / "nlu" / "crisis_test.yml"
DEV_SET = ROOT / "tests" / "nlu" / "crisis_dev.yml"
EXPRESSIONS = ROOT / "german_text" / "crisis_de.yml"
_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _crisis(data: dict) -> list[tuple[str, str]]:
    return [(kind, text) for kind, texts in data["crisis"].items() for text in texts]


def _normal(text: str) -> str:
    """Case, umlaut spelling and punctuation do not make a message new."""
    plain = _ANNOTATION.sub(lambda m: m.group(1) or m.group(2), text)
    return " ".join(re.findall(r"[^\W_]+", fold(plain)))


def _messages(data: dict) -> list[str]:
    return [_normal(text) for _, text in _crisis(data)] + [_normal(text) for text in data["ordinary"]]


def _nlu_examples(path: Path) -> set[str]:
    found = set()
    for block in _load(path).get("nlu") or []:
        for line in (block.get("examples") or "").splitlines():
            text = line.strip().removeprefix("- ").strip()
            if text:
                found.add(_normal(text))
    return found


# --- each kind ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # suicide and self-harm
        ("Ich will nicht mehr leben.", "suicide"),
        ("ich denk oft dran mich umzubringen", "suicide"),
        ("ich ritze mich jeden abend", "suicide"),
        ("am liebsten würde ich alles beenden", "suicide"),
        ("ich möchte nicht mehr aufwachen", "suicide"),
        ("heute mach ich schluss mit allem", "suicide"),
        ("bringt eh nix mehr", "suicide"),
        ("ich will nicht sterben, aber ich halte das nicht mehr aus", "suicide"),
        ("wil nich mehr lebn", "suicide"),
        ("ich will mich umbrigen", "suicide"),
        ("Suizidgedanken", "suicide"),
        ("ich hab selbstmordgedanken", "suicide"),
        ("alle wären froh, wenn ich tot wäre", "suicide"),
        # domestic violence, against women and men
        ("mein Mann schlägt mich", "domestic_violence"),
        ("mein Freund hat mich geschlagen", "domestic_violence"),
        ("er droht mich umzubringen", "domestic_violence"),
        ("ich habe Angst vor meinem Partner", "domestic_violence"),
        ("meine Frau schlägt mich, aber ich bin doch ein Mann", "domestic_violence"),
        ("mein mann schlaegt mich", "domestic_violence"),
        ("mein mann schlagt mich", "domestic_violence"),
        ("mein Ehemann würgt mich", "domestic_violence"),
        # sexual violence
        ("ich wurde vergewaltigt, was soll ich tun", "sexual_violence"),
        ("mein kollege hat mich gegen meinen willen angefasst", "sexual_violence"),
        ("vergewalltigt", "sexual_violence"),
        ("jemand hat mir KO-Tropfen gegeben", "sexual_violence"),
        # a child in danger, also a child writing about itself
        ("mein Vater schlägt mich", "child_in_danger"),
        ("ich werde zuhause geschlagen", "child_in_danger"),
        ("meine mama haut mich immer", "child_in_danger"),
        ("das Kind der Nachbarn wird geschlagen", "child_in_danger"),
        ("die kleinen nebenan sind seit tagen allein", "child_in_danger"),
        # acute danger
        ("mein Opa ist bewusstlos", "acute_danger"),
        ("sie atmet nicht mehr", "acute_danger"),
        ("er blutet ganz stark", "acute_danger"),
        ("Überdosis, was soll ich tun", "acute_danger"),
        ("es brennt bei uns im Keller", "acute_danger"),
        ("ich werde gerade angegriffen, hilfe", "acute_danger"),
        ("er ist bewustlos", "acute_danger"),
        # cold night
        ("ich muss heute draußen schlafen", "cold_night"),
        ("muss heute draussen schlafen", "cold_night"),
        ("ich erfriere", "cold_night"),
        ("keine Unterkunft heute Nacht", "cold_night"),
        ("wo kann ich heute nacht pennen, es ist eiskalt", "cold_night"),
    ],
)
def test_each_kind_is_recognised(text, kind):
    match = detect_crisis(text)
    assert match is not None, text
    assert match.kind == kind, (text, match)
    assert match.expression


@pytest.mark.parametrize(
    "text",
    [
        "Suchtberatung für Angehörige",
        "Frauenhaus Adresse",
        "Frauenhaus Öffnungszeiten",
        "Schuldnerberatung",
        "Tafel",
        "Begegnungsstätte für Senioren",
        "Kinderbetreuung am Nachmittag",
        "Erziehungsberatung weil mein Sohn schlägt in der Schule",
        "Mein Sohn haut andere Kinder in der Kita",
        "Wo kann man Blut spenden?",
        "Ich möchte einen Ansprechpartner aus Fleisch und Blut",
        "Schlafsack spenden",
        "Wärmestube Öffnungszeiten",
        "Welche Beratung schlagen Sie mir vor?",
        "Mein Freund hat Schluss gemacht",
        "ich mach jetzt schluss, danke",
        "Die Nebenkosten bringen mich noch um, wer hilft beim Widerspruch?",
        "ich sterbe vor Hunger, wann hat die Tafel offen",
        "Mein Mann ist gestorben, wie beantrage ich die Witwenrente?",
        "Hospiz Beratung für Angehörige",
        "Mein Vater hatte einen Schlaganfall und braucht jetzt Pflege",
        "Erste-Hilfe-Kurs für Eltern",
        "Ich kann die Miete nicht mehr zahlen",
        "Ich habe Angst vor dem Termin beim Jobcenter",
        "Die Bank droht mit Kündigung",
        "Mein Mann schläft den ganzen Tag",
        "Was ist der Sinn des Lebens?",
        "Das klingt gut, wo ist das?",
        "",
    ],
)
def test_ordinary_questions_are_no_crisis(text):
    assert detect_crisis(text) is None


def test_negation_does_not_cancel_a_crisis():
    """When in doubt, flag: saying what one does not want still speaks of it."""
    assert detect_crisis("ich will nicht sterben").kind == "suicide"
    assert detect_crisis("ich will mich nicht umbringen, aber die gedanken kommen immer wieder").kind == "suicide"
    assert detect_crisis("er schlägt mich nicht mehr so oft") is not None


def test_only_explicit_all_clear_phrases_clear_a_message():
    assert detect_crisis("Lebensgefahr") is not None
    assert detect_crisis("keine Lebensgefahr, aber er braucht Pflege") is None
    assert detect_crisis("Erziehung ohne Gewalt, gibt es einen Kurs?") is None


def test_word_order_and_inflection():
    assert detect_crisis("leben will ich nicht mehr").kind == "suicide"
    assert detect_crisis("geschlagen hat mich mein Mann").kind == "domestic_violence"
    assert detect_crisis("Mein Mann, der seit Jahren trinkt, schlägt mich").kind == "domestic_violence"


def test_acute_danger_comes_first():
    assert detect_crisis("mein Mann hat mich geschlagen und jetzt ist er bewusstlos").kind == "acute_danger"


# --- the expression file ---------------------------------------------------------------------------


def test_expression_file_has_the_kinds_with_german_labels():
    data = _load(EXPRESSIONS)
    assert tuple(data["kinds"]) == CRISIS_KINDS
    for kind, entry in data["kinds"].items():
        assert entry["label"] and entry["expressions"], kind
    assert set(CRISIS_KINDS) >= {
        "suicide",
        "domestic_violence",
        "sexual_violence",
        "child_in_danger",
        "acute_danger",
        "cold_night",
    }


# --- time: linear in the text length ---------------------------------------------------------------

_LONG_INPUTS = {
    "chat": "Hallo, ich habe Schulden und mein Mann trinkt. Wo ist die Tafel? ",
    "function_words": "ich mich nicht mehr will uns ",
    "crisis_words": "mein mann schlägt mich draußen kalt heute nacht wo ",
    "crisis": "ich will nicht mehr leben. ",
    "letters": "a ",
    "long_word": "x" * 59 + " ",
    "punctuation": ".!?, ",
    "umlauts": "äöüß ",
}


@pytest.mark.parametrize("name", sorted(_LONG_INPUTS))
def test_100k_characters_take_under_a_fifth_of_a_second(name):
    text = (_LONG_INPUTS[name] * (100_000 // len(_LONG_INPUTS[name]) + 1))[:100_000]
    detect_crisis("Aufwärmen")  # the expression file is read once, not per message
    best = float("inf")
    for _ in range(3):  # best of three, so that a busy machine does not decide
        started = time.perf_counter()
        detect_crisis(text)
        best = min(best, time.perf_counter() - started)
    assert best < 0.2, f"{name}: {best:.3f} s"


def test_a_crisis_at_the_end_of_a_long_text_is_found():
    text = "Wo ist die Tafel? " * 5000 + "Ich will nicht mehr leben."
    assert detect_crisis(text).kind == "suicide"


# --- the labelled sets -----------------------------------------------------------------------------


def test_sets_are_well_formed():
    for path in (TEST_SET, DEV_SET):
        data = _load(path)
        assert set(data["crisis"]) == set(CRISIS_KINDS), path.name
        assert all(isinstance(t, str) and t.strip() for _, t in _crisis(data)), path.name
        assert all(isinstance(t, str) and t.strip() for t in data["ordinary"]), path.name
        messages = _messages(data)
        assert len(set(messages)) == len(messages), f"{path.name} repeats a message"


def test_sizes():
    test, dev = _load(TEST_SET), _load(DEV_SET)
    assert len(_crisis(test)) >= 100 and len(test["ordinary"]) >= 300
    assert len(_crisis(dev)) >= 80 and len(dev["ordinary"]) >= 150
    assert all(len(test["crisis"][kind]) >= 15 for kind in CRISIS_KINDS)


def test_sets_share_no_message_with_each_other_nor_with_the_training_data():
    test, dev = set(_messages(_load(TEST_SET))), set(_messages(_load(DEV_SET)))
    training = set().union(*(_nlu_examples(p) for p in sorted((ROOT / "nlu_data").glob("*.yml"))))
    assert sorted(test & dev) == []
    assert sorted(test & training) == []
    assert sorted(dev & training) == []
    # Nor is the TEST set used to tune the intent classifier (its held-out set may share messages).
    assert sorted(test & _nlu_examples(ROOT / "tests" / "nlu" / "dev.yml")) == []


def test_held_out_recall_and_false_alarms():
    data = _load(TEST_SET)
    crisis = _crisis(data)
    found = sum(detect_crisis(text) is not None for _, text in crisis)
    alarms = sum(detect_crisis(text) is not None for text in data["ordinary"])
    recall = found / len(crisis)
    false_alarms = alarms / len(data["ordinary"])
    assert recall >= 0.98, f"recall {recall:.3f}"
    assert false_alarms <= 0.02, f"false alarms {false_alarms:.3f}"
