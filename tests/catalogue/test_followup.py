"""A follow-up after a list of results: which shown service it points at, or whether it asks for others."""

from __future__ import annotations

import pytest

import catalogue


def _shown(session, question: str) -> list[catalogue.Service]:
    return [hit.service for hit in catalogue.search(session, question).hits]


@pytest.mark.parametrize(
    ("follow_up", "points_at"),
    [
        ("die zweite", 2),
        ("wann hat die erste offen", 1),
        ("und die letzte?", 3),  # three shown
    ],
)
def test_a_number_points_at_that_result(session, follow_up, points_at) -> None:
    services = _shown(session, "Begegnungsstätte für Senioren")
    result = catalogue.follow_up(session, catalogue.analyse(session, follow_up), services, shown=3)
    assert (result.new_search, result.service) == (False, services[points_at - 1])


def test_a_name_points_at_that_result_and_a_bare_reference_at_the_one_in_focus(session) -> None:
    services = _shown(session, "Begegnungsstätte für Senioren")
    named = next(s for s in services[1:5] if s.name == "Begegnungsstätte Sonnenblick")
    by_name = catalogue.follow_up(session, catalogue.analyse(session, "wann hat der Sonnenblick offen?"), services, 5)
    assert (by_name.new_search, by_name.service) == (False, named)
    there = catalogue.follow_up(session, catalogue.analyse(session, "wie komme ich dort hin"), services, 5, named.id)
    assert (there.new_search, there.service) == (False, named)


@pytest.mark.parametrize(
    "follow_up",
    [
        "dann die in der Südhöhe",  # a district, nothing asked about
        "wo ist das Sozialzentrum?",  # a need none of the shown meeting places serves
        "gibts die auch rollstuhlgerecht?",  # a filter changed
    ],
)
def test_asking_for_other_results_is_a_new_search(session, follow_up) -> None:
    services = _shown(session, "Begegnungsstätte für Senioren in der Altstadt")
    result = catalogue.follow_up(session, catalogue.analyse(session, follow_up), services, shown=3)
    assert result.new_search and result.service is None


@pytest.mark.parametrize(
    ("message", "about_altstadt"),
    [
        ("die in der altstadt – kann ich da mit dem rollstuhl rein?", True),  # refers to a shown result
        ("muss nicht barrierefrei sein", False),  # drops a filter
        ("wo kann ich beraten werden, bin in der altstadt", False),  # a district, no pointing at a result
    ],
)
def test_a_search_or_filter_change_may_ask_about_a_shown_result(session, message, about_altstadt) -> None:
    services = _shown(session, "Migrationsberatung")
    question = catalogue.analyse(session, message)
    change = catalogue.read_filter_change(session, question)
    service = catalogue.asked_about_shown(session, question, change, services, shown=3)
    assert (service is not None and service.district == "Altstadt") is about_altstadt
    if not about_altstadt:
        assert service is None


@pytest.mark.parametrize(
    ("message", "questions"),
    [
        ("reden die da auch Russisch?", True),  # a verb, then the result pointed at
        ("und sind die kostenlos", True),
        ("gibts die auch auf Russisch?", False),  # asks for other results
        ("geht das auch auf Russisch", False),
        ("aber eine, die kostenlos ist", False),
        ("die zweite bitte", False),  # points at a result by its place, not by a question
        ("ich suche eine Tafel", False),
    ],
)
def test_a_verb_before_a_reference_questions_the_result(session, message, questions) -> None:
    assert catalogue.analyse(session, message).questions_a_result is questions


def test_a_language_asked_of_the_result_talked_about_is_a_question_right_after_a_list_a_filter(session) -> None:
    services = _shown(session, "Schuldnerberatung")
    question = catalogue.analyse(session, "und sprechen die auch Türkisch?")
    change = catalogue.read_filter_change(session, question)
    assert change.set == {"language": "Türkisch"}
    talked_about = services[1]
    assert catalogue.asked_about_shown(session, question, change, services, 3, talked_about.id) == talked_about
    assert catalogue.asked_about_shown(session, question, change, services, shown=3) is None  # all of them: a filter


def test_a_thing_a_shown_service_names_is_answered_from_its_own_text(session) -> None:
    services = _shown(session, "Wärmestube in der Südhöhe")
    with_dogs = next(s for s in services[:3] if "Hunde erlaubt" in (s.hours_note or ""))
    question = catalogue.analyse(session, "kann ich meinen Hund mitnehmen")
    change = catalogue.read_filter_change(session, question)
    assert catalogue.asked_about_shown(session, question, change, services, shown=3, focus=with_dogs.id) == with_dogs
    assert catalogue.service_mentions(with_dogs, "kann ich meinen Hund mitnehmen").endswith("Hunde erlaubt.")


@pytest.mark.parametrize(
    "message",
    [
        "Raumschiff Enterprise",  # a word no shown service's text names
        "was machen die so",  # only words of talk: the aspect "what" answers it, not a quoted sentence
    ],
)
def test_nothing_named_in_a_shown_service_is_no_mention(session, message) -> None:
    services = _shown(session, "Wärmestube in der Südhöhe")
    assert not any(catalogue.service_mentions(s, message) for s in services[:3])


def test_a_need_of_its_own_is_a_search_even_when_a_shown_service_mentions_it(session) -> None:
    services = _shown(session, "Wärmestube in der Südhöhe")
    question = catalogue.analyse(session, "Schuldnerberatung in der Altstadt")
    change = catalogue.read_filter_change(session, question)
    assert catalogue.asked_about_shown(session, question, change, services, shown=3) is None
    unknown = catalogue.analyse(session, "Raumschiff Enterprise")
    unchanged = catalogue.read_filter_change(session, unknown)
    assert catalogue.asked_about_shown(session, unknown, unchanged, services, shown=3) is None


def test_a_shown_service_named_wins_over_a_filter_named_with_it(session) -> None:
    services = _shown(session, "Beratung für Spätaussiedler")
    bridge = next(s for s in services[:3] if "Brücke" in s.name)
    question = catalogue.analyse(session, "gibt es bei der Brücke einen Aufzug? ich schaffe keine Treppen")
    change = catalogue.read_filter_change(session, question)
    assert change.set.get("accessible") is True  # the circumstance alone would be a filter
    assert catalogue.asked_about_shown(session, question, change, services, shown=3) == bridge
