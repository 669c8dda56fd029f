"""Reading a chat message for the filters it sets or drops, the aspect it asks about, the life areas it names."""

from __future__ import annotations

import pytest

import catalogue


@pytest.mark.parametrize(
    ("text", "set_", "dropped", "need"),
    [
        ("nein, in Weidenbruch", {"district": "Weidenbruch"}, set(), False),
        ("am besten in der Suedhoehe", {"district": "Südhöhe"}, set(), False),
        ("der Stadtteil ist mir egal", {}, {"district"}, False),
        ("darf auch was kosten", {}, {"free_of_charge"}, False),
        ("egal ob es was kostet, dann halt in der Südhöhe", {"district": "Südhöhe"}, {"free_of_charge"}, False),
        ("es darf nichts kosten", {"free_of_charge": True}, set(), False),
        ("auf Türkisch bitte", {"language": "Türkisch"}, set(), False),
        ("Sprache egal", {}, {"language"}, False),
        ("ich sitze im Rollstuhl", {"accessible": True}, set(), False),
        ("muss aber barrierefrei sein, meine Mutter sitzt im Rollstuhl", {"accessible": True}, set(), False),
        ("muss nicht barrierefrei sein", {}, {"accessible"}, False),
        ("nur was jetzt offen hat", {"open_now": True}, set(), False),
        ("für Senioren bitte", {"target_group": "Senioren"}, set(), False),
        ("Begegnungsstätte für Rentner", {"target_group": "Senioren"}, set(), True),
        ("und eine Suchtberatung?", {}, set(), True),
        ("Tafel in der Altstadt", {"district": "Altstadt"}, set(), True),
        ("in Leichter Sprache bitte", {"language": "Leichte Sprache"}, set(), False),
        # The person a message is about names no need ("Nachbar" is not "Nachbarschaftstreff").
        ("mein Nachbar spricht nur Farsi", {"language": "Farsi"}, set(), False),
        ("meine Mutter braucht eine Suchtberatung", {}, set(), True),
        # Asks what a shown service speaks: "Sprachen" alone names no language.
        ("welche Sprachen sprechen die", {}, set(), False),
        # A circumstance instead of the filter's word.
        ("wir kommen mit dem Kinderwagen", {"accessible": True}, set(), False),
        ("mein Opa kann keine Treppen steigen", {"accessible": True, "target_group": "Senioren"}, set(), False),
        ("sie geht mit Rollator", {"accessible": True}, set(), False),
        ("egal ob barrierefrei", {}, {"accessible"}, False),
        ("der Bezirk ist mir egal, aber barrierefrei bitte", {"accessible": True}, {"district"}, False),
        ("ein paar Euro sind ok", {}, {"free_of_charge"}, False),
    ],
)
def test_filter_changes_are_read_from_the_message(sessions, text, set_, dropped, need) -> None:
    with sessions.begin() as session:
        change = catalogue.read_filter_change(session, text)
    assert (change.set, set(change.dropped), change.names_need) == (set_, dropped, need)


def test_a_change_keeps_what_it_does_not_touch() -> None:
    change = catalogue.FilterChange({"district": "Lindenhof"}, frozenset({"free_of_charge"}))
    kept = {"district": "Altstadt", "language": "Arabisch", "free_of_charge": True, "open_now": None}
    assert change.apply(kept) == {"district": "Lindenhof", "language": "Arabisch"}


@pytest.mark.parametrize(
    ("text", "aspects"),
    [
        ("wann hat die erste offen?", ["hours"]),
        ("wo ist das", ["address"]),
        ("was kostet das dort", ["costs"]),
        ("was muss ich mitbringen", ["documents"]),
        ("gibt es dort einen aufzug", ["access"]),
        ("sprechen die arabisch, welche sprachen", ["languages"]),
        ("was machen die da genau", ["what"]),
        ("telefonnummer von der zweiten", ["contact"]),
        ("erklär mir die erste in einfachen worten", ["easy"]),
        ("Details zur Nummer 1", []),
        ("wo ist das und wann ist offen", ["hours", "address"]),
        ("auch am Samstag?", ["hours"]),
        ("wie teuer ist das", ["costs"]),
        ("reden die auch Englisch", ["languages"]),
    ],
)
def test_the_aspect_a_follow_up_asks_about(text, aspects) -> None:
    assert catalogue.detail_aspects(text) == aspects


@pytest.mark.parametrize(
    ("text", "about_a_result"),
    [
        ("wie kann ich die anrufen", True),  # a reference word anywhere, with a detail
        ("telefonnummer bitte", True),  # short: nothing else it could point at
        ("wann hat die zweite offen", True),
        ("ich möchte mit einem Menschen telefonieren, welche Nummer", False),  # a person, not a result
        ("telefonnummer der sozialauskunft", False),
        ("wie kann ich meine Schulden loswerden", False),  # no detail asked
        ("ich suche Telefonberatung wegen meiner Schulden", False),  # longer, no reference word
    ],
)
def test_a_detail_question_about_a_shown_result(text, about_a_result) -> None:
    assert catalogue.asks_about_a_shown_result(text) is about_a_result


@pytest.mark.parametrize(
    ("text", "areas", "named"),
    [
        ("job verloren, die schulden wachsen, der vermieter droht", ["Arbeit", "Schulden", "Wohnung"], False),
        ("Ich trinke zu viel und wir reden über Trennung", ["Familie", "Sucht"], False),
        ("Schuldnerberatung für Familien", [], True),
        ("Ich habe Schulden", ["Schulden"], False),
        ("arbeitslos und zuhause kracht es ständig mit meinem Mann", ["Arbeit", "Familie"], False),
    ],
)
def test_life_areas_and_named_categories(text, areas, named) -> None:
    assert catalogue.life_areas(text) == areas
    assert catalogue.names_category(text) is named


def test_free_of_charge_filters_the_search_and_is_dropped_when_nothing_is_free(sessions) -> None:
    with sessions.begin() as session:
        free = catalogue.search(session, "Schuldnerberatung", free_of_charge=True, read_filters=False)
        assert free.applied == {"free_of_charge": True} and all(h.service.free for h in free.hits)
        tafel = catalogue.search(session, "Tafel", free_of_charge=True, read_filters=False)
        assert tafel.relaxed == ["free_of_charge"] and tafel.hits[0].service.category == "Tafel"


def test_only_the_filter_that_leaves_nothing_is_dropped(sessions) -> None:
    with sessions.begin() as session:
        result = catalogue.search(
            session, "Schuldnerberatung", prefer_language="Russisch", free_of_charge=True, read_filters=False
        )
    assert result.relaxed == ["language"] and result.applied == {"free_of_charge": True}


@pytest.mark.parametrize(
    ("text", "set_", "dropped"),
    [
        ("stadtteil doch egal, hauptsache die sprechen russisch", {"language": "Russisch"}, {"district"}),
        ("die kosten sind mir wurscht", {}, {"free_of_charge"}),
        ("welche sprache ist unwichtig", {}, {"language"}),
    ],
)
def test_a_filters_noun_with_a_word_of_indifference_drops_it(sessions, text, set_, dropped) -> None:
    with sessions.begin() as session:
        change = catalogue.read_filter_change(session, text)
    assert (change.set, set(change.dropped), change.names_need) == (set_, dropped, False)
