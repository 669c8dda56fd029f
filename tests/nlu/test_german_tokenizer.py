"""The German tokenizer reads words the way the catalogue search does."""

from __future__ import annotations

import pytest

import german_text as german
from assistant.components.forms import CATALOGUE_TERM, catalogue_terms, normal_forms, phrase_forms
from tests.nlu.rasa_env import needs_rasa, run_in_rasa


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Öffnungszeiten", "oeffnungszeit"),
        ("Wärmestube", "waermestub"),
        ("Straße", "strass"),
        ("Schulden", "schuld"),
    ],
)
def test_the_first_form_is_the_catalogue_stem_with_umlauts_folded(word: str, expected: str) -> None:
    assert normal_forms(word)[0] == expected == german.stem(german.fold(word))


def test_a_compound_also_gives_its_parts() -> None:
    assert normal_forms("Schuldnerberatung")[:3] == ["schuldnerberatung", "schuldn", "beratung"]


def test_compound_parts_can_be_switched_off() -> None:
    assert normal_forms("Schuldnerberatung", compounds=False) == ["schuldnerberatung"]


def test_a_colloquial_word_also_gives_the_plain_word() -> None:
    assert "alkohol" in normal_forms("säuft")
    assert "alkohol" not in normal_forms("säuft", colloquial=False)


def test_a_colloquial_phrase_gives_what_no_single_word_means() -> None:
    text = "Meine Rente reicht nicht zum Leben"
    assert phrase_forms(text, text.split()) == ["grundsicherung"]


def test_words_for_needs_the_catalogue_covers_are_marked() -> None:
    terms = catalogue_terms()
    assert CATALOGUE_TERM in normal_forms("Obdachlosenhilfe", terms)
    assert CATALOGUE_TERM in normal_forms("Schuldnerberatungen", terms)
    assert CATALOGUE_TERM not in normal_forms("hallo", terms)
    assert CATALOGUE_TERM not in normal_forms("Wetter", terms)


def test_a_token_of_punctuation_only_keeps_its_folded_text() -> None:
    assert normal_forms("?!") == ["?!"]


_IN_RASA = """
import json, sys
from assistant.components import GermanTokenizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

text = sys.argv[1]
german = GermanTokenizer({**GermanTokenizer.get_default_config(), "catalogue_terms": True})
plain = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
print(json.dumps({
    "german": [[t.text, t.start, t.end, t.lemma] for t in german.tokenize(Message({"text": text}), "text")],
    "plain": [[t.text, t.start, t.end] for t in plain.tokenize(Message({"text": text}), "text")],
}))
"""


@needs_rasa
def test_the_rasa_component_keeps_rasas_tokens_and_sets_the_normal_forms_as_lemmas() -> None:
    text = "Gibt's eine Schuldnerberatung in der Südhöhe? Meine Rente reicht nicht, mein Mann säuft."
    result = run_in_rasa(_IN_RASA, text)
    # Same tokens and offsets as Rasa's WhitespaceTokenizer: entity annotations still fit.
    assert [t[:3] for t in result["german"]] == result["plain"]
    lemmas = {text: lemma.split() for text, _, _, lemma in result["german"]}
    assert lemmas["Schuldnerberatung"] == normal_forms("Schuldnerberatung", catalogue_terms())
    assert lemmas["Südhöhe"][0] == "suedhoeh"
    # The last token also carries what the phrase "Rente reicht nicht" means.
    assert lemmas["säuft"][-1] == "grundsicherung"
