"""German normalisation shared by the search and the NLU: compounds, stems, colloquial words."""

from __future__ import annotations

import time

import pytest

import catalogue
import german_text as german


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Schuldnerberatung", ["schuldner", "beratung"]),
        ("Seniorenbegegnungsstätte", ["senioren", "begegnungs", "staette"]),
        ("Drogenberatung", ["drogen", "beratung"]),
        ("Lebensmittelausgabe", ["lebensmittel", "ausgabe"]),
        ("Spielsucht", ["spiel", "sucht"]),
    ],
)
def test_compounds_split_into_known_words(word, parts) -> None:
    assert german.split_compound(german.fold(word)) == parts


@pytest.mark.parametrize("word", ["beratung", "angehoerige", "einsamkeit", "verhuetung", "alkoholiker"])
def test_plain_words_stay_whole(word) -> None:
    assert german.split_compound(word) == [word]


def test_compound_terms_keep_the_word_and_add_its_parts() -> None:
    terms = german.compound_terms("Schuldnerberatung")
    assert terms[0] == "schuldnerberatung"
    assert {german.stem("schuldner"), "beratung"} <= set(terms)


@pytest.mark.parametrize(
    ("inflected", "same_as"),
    [("Kindern", "Kind"), ("Schulden", "Schuld"), ("Mahnungen", "Mahnung"), ("Wohnungen", "Wohnung")],
)
def test_inflections_share_a_stem(inflected, same_as) -> None:
    assert german.content_terms(inflected) == german.content_terms(same_as)


def test_umlauts_fold_both_ways_of_writing() -> None:
    assert german.content_terms("Wärmestube") == german.content_terms("Waermestube")
    assert german.fold("Straße") == "strasse"


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("ich hab Geldprobleme", "schuld"),
        ("mein Mann säuft", "alkohol"),
        ("er zockt die ganze Nacht", "gluecksspiel"),
        ("meine Rente reicht nicht", "grundsicherung"),
        ("ich hab Depressionen", "traurig"),
        ("wo kann man umsonst essen", "kostenlos"),
    ],
)
def test_colloquial_words_bring_their_plain_meaning(said, meant) -> None:
    assert german.stem(meant) in german.colloquial(said)


def test_colloquial_phrase_needs_all_its_words() -> None:
    assert "grundsicherung" not in german.colloquial("die Rente ist da")


def test_normalise_combines_stems_parts_and_colloquial_words() -> None:
    terms = german.normalise("Suchtberatung wegen saufen")
    assert {"suchtberatung", german.stem("sucht"), "beratung", "alkohol"} <= set(terms)


@pytest.mark.parametrize(
    ("question", "category"),
    [
        ("hab geldprobleme und die mahnungen stapeln sich", "Schuldnerberatung"),
        ("mein vater säuft jeden abend", "Suchtberatung"),
        ("drogenberatung", "Suchtberatung"),
        ("meine rente reicht hinten und vorne nicht", "Wirtschaftliche Hilfen"),
        ("seniorenbegegnungsstaette", "Seniorenbegegnungsstätte"),
        ("wo krieg ich billig lebensmittel", "Tafel"),
    ],
)
def test_search_understands_colloquial_and_compound_questions(session, question, category) -> None:
    result = catalogue.search(session, question)
    assert result.hits and result.hits[0].service.category == category


def test_colloquial_phrases_keep_their_stop_words() -> None:
    assert german.stem("suizid") in german.colloquial("ich will einfach nicht mehr leben")
    assert "arbeitslos" not in german.colloquial("ich höre Stimmen, die sonst keiner hört")
    assert german.stem("wohnungslos") not in german.colloquial("ich trau mich nicht aus der Wohnung")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("schuld", "schuldnerberatung", True),
        ("depressiv", "depression", True),
        ("sozialam", "sozialberatung", False),  # only the modifier is shared
        ("wohnung", "wohnungslo", False),  # "-los" means the opposite
        ("arbeit", "arbeitslos", False),
    ],
)
def test_prefix_match_joins_compounds_not_opposites(a, b, same) -> None:
    assert german.prefix_match(a, b) is same


@pytest.mark.parametrize("text", ["Schuldnerberatungs" * 20_000, "a" * 1_000_000, "Hilfe " * 100_000])
def test_text_handling_stays_linear_whatever_is_pasted(text) -> None:
    started = time.perf_counter()
    german.compound_terms(text)
    german.split_compound(german.fold(text[:500_000]))
    german.colloquial(text[:200_000])
    assert time.perf_counter() - started < 2.0
