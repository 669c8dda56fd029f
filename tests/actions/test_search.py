"""The search, show-more and details actions against the real demo catalogue."""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from rasa_sdk.executor import CollectingDispatcher

import catalogue
from actions.search import ActionSearchServices, ActionServiceDetails, ActionShowMore
from tests.actions.conftest import responses, slot_events


def run_action(action, tracker):
    """Run an action with a fresh dispatcher and return its events."""
    return action.run(CollectingDispatcher(), tracker, {})


def test_debt_question_lists_debt_counselling_first(dispatcher, tracker) -> None:
    events = ActionSearchServices().run(dispatcher, tracker("Ich habe Schulden und weiß nicht weiter"), {})
    cards = [m for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert responses(dispatcher)[0] == "utter_results"
    assert 1 <= len(cards) <= 3
    first = cards[0]["custom"]
    assert first["type"] == "service" and first["service"]["category"] == "Schuldnerberatung"
    assert first["service"]["position"] == 1 and first["service"]["address"] and first["service"]["hours"]
    assert cards[0]["position"] == 1 and cards[0]["name"] == first["service"]["name"]
    slots = slot_events(events)
    assert slots["results"][0] == first["service"]["id"]
    assert slots["results_shown"] == float(len(cards))


@pytest.mark.parametrize(
    ("entity", "district"), [("Südhöhe", "Südhöhe"), ("suedhoehe", "Südhöhe"), ("ALTSTADT", "Altstadt")]
)
def test_district_entity_filters_and_is_kept(dispatcher, tracker, entity, district) -> None:
    message = tracker(f"Tafel {entity}", entities=[{"entity": "district", "value": entity}])
    events = ActionSearchServices().run(dispatcher, message, {})
    intro = dispatcher.messages[0]
    assert intro["response"] in ("utter_results", "utter_results_one") and intro["custom"]["filters"] == {
        "district": district
    }
    assert intro["filters"] == f" – in {district}"
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and {c["district"] for c in cards} == {district}
    assert slot_events(events)["district"] == district


def test_district_from_earlier_turn_is_used(dispatcher, tracker) -> None:
    ActionSearchServices().run(dispatcher, tracker("Suchtberatung", slots={"district": "Nordhafen"}), {})
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards[0]["district"] == "Nordhafen" and cards[0]["category"] == "Suchtberatung"


def test_empty_district_says_so_and_offers_other_districts(dispatcher, tracker) -> None:
    events = ActionSearchServices().run(dispatcher, tracker("Schuldnerberatung in Weidenbruch"), {})
    assert responses(dispatcher)[0].startswith("utter_results_relaxed")
    assert dispatcher.messages[0]["relaxed"] == "in Weidenbruch"
    assert dispatcher.messages[0]["custom"]["relaxed"] == ["district"]
    # The wish stays: the next change of filters tries Weidenbruch again.
    assert slot_events(events)["district"] == "Weidenbruch"


def test_nothing_found_gives_the_info_desk(dispatcher, tracker, monkeypatch) -> None:
    monkeypatch.setenv("INFO_DESK_PHONE", "0999 12345")
    catalogue.settings.cache_clear()  # settings are read once per process
    events = ActionSearchServices().run(dispatcher, tracker("Quantenchromodynamik Raumschiff"), {})
    assert responses(dispatcher) == ["utter_no_results"]
    assert dispatcher.messages[0]["phone"] == "0999 12345"
    slots = slot_events(events)
    assert slots["results"] == [] and slots["topic"] == "Quantenchromodynamik Raumschiff"


def test_more_results_page_through_and_end(dispatcher, tracker) -> None:
    first = run_action(ActionSearchServices(), tracker("Begegnungsstätte"))
    slots = slot_events(first)
    assert len(slots["results"]) > 3
    events = ActionShowMore().run(dispatcher, tracker("mehr", intent="ask_more", slots=slots), {})
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert [c["position"] for c in cards] == list(range(4, 4 + len(cards)))
    assert [c["id"] for c in cards] == slots["results"][3 : 3 + len(cards)]
    shown = slot_events(events)["results_shown"]
    done = tracker(
        "mehr", intent="ask_more", slots={"results": slots["results"], "results_shown": float(len(slots["results"]))}
    )
    end = CollectingDispatcher()
    assert ActionShowMore().run(end, done, {}) == []
    assert responses(end) == ["utter_no_more_results"]
    assert shown > 3


@pytest.mark.parametrize(
    ("text", "position", "response"),
    [
        ("Details zur Nummer 2", 2, "utter_service_details"),
        ("Wann hat die zweite offen?", 2, "utter_detail_hours"),
        ("die erste bitte", 1, "utter_service_details"),
        ("Adresse der dritten", 3, "utter_detail_address"),
        ("die letzte", 3, "utter_service_details"),
        ("was kostet die erste", 1, "utter_detail_costs"),
        ("telefonnummer von der zweiten", 2, "utter_detail_contact"),
        ("ist die dritte barrierefrei", 3, "utter_detail_access"),
        ("welche sprachen sprechen die bei nummer 1", 1, "utter_detail_languages"),
        ("was muss ich zur zweiten mitbringen", 2, "utter_detail_documents"),
        ("was machen die bei der ersten genau", 1, "utter_detail_what"),
    ],
)
def test_details_of_the_chosen_result(dispatcher, tracker, text, position, response) -> None:
    slots = slot_events(run_action(ActionSearchServices(), tracker("Suchtberatung")))
    events = ActionServiceDetails().run(dispatcher, tracker(text, intent="ask_details", slots=slots), {})
    (message,) = dispatcher.messages
    assert message["response"] == response
    assert slot_events(events)["service_in_focus"] == float(slots["results"][position - 1])
    service = message["custom"]["service"]
    assert service["id"] == slots["results"][position - 1]
    for key in ("hours", "address", "phone", "costs", "open_now", "languages", "accessibility"):
        assert message[key], key
    assert message["open_now"] == service["opening"]
    assert message["open_now"].startswith(("geöffnet", "geschlossen", "keine festen Öffnungszeiten"))


def test_details_without_a_search_asks_for_one(dispatcher, tracker) -> None:
    assert ActionServiceDetails().run(dispatcher, tracker("Details zu 1", intent="ask_details"), {}) == []
    assert responses(dispatcher) == ["utter_no_results_yet"]


def test_a_follow_up_naming_a_need_before_any_search_is_a_search(dispatcher, tracker) -> None:
    """The classifier read a need as a follow-up ("wo ist das Sozialzentrum …?"): search, do not refuse."""
    events = ActionServiceDetails().run(
        dispatcher, tracker("wo ist das Sozialzentrum in Weidenbruch", intent="ask_details"), {}
    )
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and {c["district"] for c in cards} == {"Weidenbruch"}
    assert "Sozialzentrum" in cards[0]["name"] and slot_events(events)["results"]


def test_more_of_another_need_or_district_is_a_search(dispatcher, tracker) -> None:
    slots = slot_events(run_action(ActionSearchServices(), tracker("Schuldnerberatung")))
    said = "zeig mir bitte nochmal die Seniorentreffs im Lindenhof"
    ActionShowMore().run(dispatcher, tracker(said, intent="ask_more", slots=slots), {})
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and cards[0]["category"] == "Seniorenbegegnungsstätte" and cards[0]["district"] == "Lindenhof"


def test_more_before_any_search_with_only_a_wish_for_help_asks_the_topic(dispatcher, tracker) -> None:
    ActionShowMore().run(dispatcher, tracker("Beratung bitte", intent="ask_more"), {})
    assert responses(dispatcher) == ["utter_ask_topic"]


def test_a_follow_up_naming_a_need_not_shown_searches_it(dispatcher, tracker) -> None:
    slots = slot_events(run_action(ActionSearchServices(), tracker("Seniorentreff im Nordhafen")))
    ActionServiceDetails().run(dispatcher, tracker("wo ist das Sozialzentrum", intent="ask_details", slots=slots), {})
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and cards[0]["district"] == "Nordhafen" and "Sozialzentrum" in cards[0]["name"]


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("und komm ich da mit dem Rollstuhl rein", "utter_detail_access"),
        ("welche Sprachen sprechen die", "utter_detail_languages"),
        ("kostet das was", "utter_detail_costs"),
    ],
)
def test_what_is_asked_about_a_shown_result_names_no_new_need(dispatcher, tracker, text, response) -> None:
    """ "Rollstuhl" and "Sprachen" are needs of their own elsewhere; after a list they ask about a result."""
    slots = slot_events(run_action(ActionSearchServices(), tracker("Schuldnerberatung")))
    ActionServiceDetails().run(dispatcher, tracker(text, intent="ask_details", slots=slots), {})
    assert responses(dispatcher) == [response]


@pytest.mark.parametrize("text", ["kostet das was", "und wann haben die offen", "was kostet dort das Mittagessen"])
def test_a_follow_up_read_as_a_search_answers_about_the_shown_result(dispatcher, tracker, text) -> None:
    """The classifier read a follow-up as a filter or a search: no need and no filter named, so it is a follow-up."""
    slots = slot_events(run_action(ActionSearchServices(), tracker("Suchtberatung")))
    ActionSearchServices().run(dispatcher, tracker(text, intent="change_filter", slots=slots), {})
    assert "utter_service_card" not in responses(dispatcher)
    assert dispatcher.messages[0]["response"].startswith("utter_detail_")
    assert dispatcher.messages[0]["custom"]["service"]["id"] == slots["results"][0]


def test_a_follow_up_naming_a_district_is_about_the_result_there(dispatcher, tracker) -> None:
    slots = slot_events(run_action(ActionSearchServices(), tracker("Migrationsberatung")))
    ActionServiceDetails().run(
        dispatcher, tracker("die in der Altstadt, wo ist die genau?", intent="ask_details", slots=slots), {}
    )
    (message,) = dispatcher.messages
    assert message["response"] == "utter_detail_address"
    assert message["custom"]["service"]["district"] == "Altstadt"


def test_a_follow_up_read_as_a_filter_change_naming_a_shown_district_is_about_that_result(dispatcher, tracker) -> None:
    """ "die in der Altstadt – kann ich da mit dem Rollstuhl rein?" names a district and step-free access, but
    refers to a shown result: the classifier's change_filter does not make it a new search."""
    slots = slot_events(run_action(ActionSearchServices(), tracker("Migrationsberatung")))
    said = "die in der altstadt – kann ich da mit dem rollstuhl rein?"
    ActionSearchServices().run(dispatcher, tracker(said, intent="change_filter", slots=slots), {})
    assert "utter_service_card" not in responses(dispatcher)
    message = dispatcher.messages[0]
    assert message["response"] == "utter_detail_access"
    assert message["custom"]["service"]["district"] == "Altstadt"


def test_a_new_question_naming_a_district_is_searched_even_when_a_shown_result_is_there(dispatcher, tracker) -> None:
    """ "bin in der Südhöhe" has an article, not a reference to a result: the question is searched."""
    slots = slot_events(run_action(ActionSearchServices(), tracker("Wärmestube")))
    said = "wo kann ich morgen früh duschen und mich aufwärmen, bin in der südhöhe"
    ActionSearchServices().run(dispatcher, tracker(said, slots=slots), {})
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and {c["district"] for c in cards} == {"Südhöhe"}


def test_a_follow_up_naming_only_a_district_searches_there(dispatcher, tracker) -> None:
    """ "dann die in der Südhöhe" after a list whose district was dropped: a new search, the district kept."""
    slots = slot_events(run_action(ActionSearchServices(), tracker("Wärmestube im Nordhafen")))
    events = ActionServiceDetails().run(
        dispatcher, tracker("dann die in der Südhöhe", intent="ask_details", slots=slots), {}
    )
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and {c["district"] for c in cards} == {"Südhöhe"} and cards[0]["category"] == "Wärmestube"
    assert slot_events(events)["district"] == "Südhöhe"


def test_a_word_in_one_shown_name_picks_that_result(dispatcher, tracker) -> None:
    slots = slot_events(
        run_action(ActionSearchServices(), tracker("mein Vater kommt im Alltag nicht mehr klar, er wohnt im Nordhafen"))
    )
    ActionServiceDetails().run(dispatcher, tracker("wo ist das Sozialzentrum", intent="ask_details", slots=slots), {})
    (message,) = dispatcher.messages
    assert message["response"] == "utter_detail_address"
    assert message["custom"]["service"]["name"].startswith("Sozialzentrum Nordhafen")
    assert message["custom"]["service"]["id"] in slots["results"]


def test_a_name_word_with_another_district_searches_there(dispatcher, tracker) -> None:
    slots = slot_events(
        run_action(ActionSearchServices(), tracker("mein Vater kommt im Alltag nicht mehr klar, er wohnt im Nordhafen"))
    )
    ActionServiceDetails().run(
        dispatcher, tracker("wo ist das Sozialzentrum in Weidenbruch", intent="ask_details", slots=slots), {}
    )
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and cards[0]["district"] == "Weidenbruch" and "Sozialzentrum" in cards[0]["name"]


def test_a_follow_up_naming_the_shown_need_stays_a_follow_up(dispatcher, tracker) -> None:
    slots = slot_events(run_action(ActionSearchServices(), tracker("Suchtberatung")))
    ActionServiceDetails().run(
        dispatcher, tracker("ist die Suchtberatung anonym?", intent="ask_details", slots=slots), {}
    )
    assert "utter_service_card" not in responses(dispatcher)
    assert dispatcher.messages[0]["custom"]["service"]["id"] == slots["results"][0]


def test_details_without_a_reference_are_about_the_first_result_and_name_it(dispatcher, tracker) -> None:
    slots = slot_events(run_action(ActionSearchServices(), tracker("Suchtberatung")))
    ActionServiceDetails().run(dispatcher, tracker("Wie erreiche ich die?", intent="ask_details", slots=slots), {})
    (message,) = dispatcher.messages
    assert message["response"] == "utter_detail_contact"
    assert message["custom"]["service"]["id"] == slots["results"][0] and message["name"]


def test_details_of_a_number_not_shown_asks_which(dispatcher, tracker) -> None:
    slots = slot_events(run_action(ActionSearchServices(), tracker("Suchtberatung")))
    ActionServiceDetails().run(dispatcher, tracker("Details zur Nummer 9", intent="ask_details", slots=slots), {})
    assert responses(dispatcher) == ["utter_ask_which_service"]


def test_details_by_name(dispatcher, tracker) -> None:
    slots = slot_events(run_action(ActionSearchServices(), tracker("Wärmestube")))
    ActionServiceDetails().run(
        dispatcher, tracker("Was kostet die Wärmestube St. Nikolai?", intent="ask_details", slots=slots), {}
    )
    assert dispatcher.messages[0]["name"] == "Wärmestube St. Nikolai"


def test_language_nobody_offers_for_that_need_is_said(dispatcher, tracker) -> None:
    ActionSearchServices().run(dispatcher, tracker("Tafel auf Hebräisch"), {})
    assert responses(dispatcher)[0].startswith("utter_results_relaxed")
    assert dispatcher.messages[0]["relaxed"] == "mit Hebräisch"
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and cards[0]["category"] == "Tafel"


def test_questions_that_find_nothing_are_counted_without_personal_data(dispatcher, tracker, sessions) -> None:
    from sqlalchemy import select

    from catalogue import UnansweredQuestion

    question = "Raumschiff Quantenchromodynamik, meine Nummer ist 0171 2345678, mail an max@example.org"
    for _ in range(2):
        ActionSearchServices().run(CollectingDispatcher(), tracker(question), {})
    with sessions.begin() as session:
        (entry,) = session.scalars(select(UnansweredQuestion)).all()
    assert entry.count == 2
    assert entry.text == "Raumschiff Quantenchromodynamik, meine Nummer ist [Telefon], mail an [E-Mail]"


def test_cards_and_details_carry_the_editors_notice_and_closure(dispatcher, tracker, sessions) -> None:
    import catalogue

    ActionSearchServices().run(CollectingDispatcher(), tracker("Suchtberatung"), {})
    with sessions.begin() as session:
        hit = catalogue.search(session, "Suchtberatung").hits[0]
        catalogue.set_alert(session, hit.service.id, "Am Mittwoch nur telefonisch", user="anna")
        catalogue.set_status(session, hit.service.id, "temporarily_closed", user="anna")
        first_id = hit.service.id
    events = ActionSearchServices().run(dispatcher, tracker("Suchtberatung"), {})
    card = next(
        m
        for m in dispatcher.messages
        if m["response"] == "utter_service_card" and m["custom"]["service"]["id"] == first_id
    )
    assert card["notice"] == "\nHinweis: vorübergehend geschlossen\nHinweis: Am Mittwoch nur telefonisch"
    assert card["custom"]["service"]["opening"] == "vorübergehend geschlossen"
    slots = slot_events(events)
    position = slots["results"].index(first_id) + 1
    details = CollectingDispatcher()
    ActionServiceDetails().run(
        details, tracker(f"Details zur Nummer {position}", intent="ask_details", slots=slots), {}
    )
    (message,) = details.messages
    assert message["open_now"] == "vorübergehend geschlossen" and "Am Mittwoch nur telefonisch" in message["notice"]


@freeze_time("2026-11-22 02:00:00")  # Sunday, 03:00 in Musterstadt: every debt counselling is closed
def test_open_now_that_finds_nothing_open_says_so_and_shows_the_next_openings(dispatcher, tracker) -> None:
    ActionSearchServices().run(dispatcher, tracker("Welche Schuldnerberatung hat jetzt offen?"), {})
    assert responses(dispatcher)[0].startswith("utter_results_relaxed")
    assert dispatcher.messages[0]["relaxed"] == "gerade geöffnet"
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards[0]["category"] == "Schuldnerberatung" and "öffnet" in cards[0]["opening"]


@freeze_time("2026-12-01 09:30:00")
def test_every_card_says_when_it_was_checked_and_warns_when_that_was_long_ago(dispatcher, tracker) -> None:
    ActionSearchServices().run(dispatcher, tracker("Schuldnerberatung"), {})
    cards = [m for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and all(card["freshness"].startswith("Stand: ") for card in cards)
    assert all(card["custom"]["service"]["freshness"] == card["freshness"] for card in cards)


@pytest.mark.parametrize(
    ("assured", "expected"),
    [
        ("2026-10-01", "Stand: 01.10.2026"),
        ("2025-06-15", "Stand: 15.06.2025 – die Angaben können veraltet sein."),
        (None, "Stand: nicht geprüft – die Angaben können veraltet sein."),
    ],
)
def test_freshness_text(assured, expected) -> None:
    from datetime import date

    day = date.fromisoformat(assured) if assured else None
    assert catalogue.freshness_text(day, date(2026, 12, 1)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Beratung",
        "Hilfe",
        "Ich brauche Unterstützung",
        "brauche dringend hilfe bitte",
        "ich brauch hilfe",
        "ne Beratung",
    ],
)
def test_an_unspecific_need_gets_a_question_with_topic_buttons_and_no_cards(dispatcher, tracker, text) -> None:
    events = ActionSearchServices().run(dispatcher, tracker(text), {})
    assert responses(dispatcher) == ["utter_ask_topic"]
    buttons = dispatcher.messages[0]["buttons"]
    assert 4 <= len(buttons) <= 8
    assert {"title": "Schulden", "payload": "Schuldnerberatung"} in buttons
    assert slot_events(events)["results"] == []


@pytest.mark.parametrize(
    "text", ["Schuldnerberatung", "Beratung für Senioren", "Hilfe bei Sucht", "Beratung auf Türkisch", "Tafel"]
)
def test_a_named_need_group_or_language_is_searched_at_once(dispatcher, tracker, text) -> None:
    ActionSearchServices().run(dispatcher, tracker(text), {})
    assert "utter_ask_topic" not in responses(dispatcher)
    assert "utter_service_card" in responses(dispatcher)


def test_a_topic_button_leads_to_the_topics_services(dispatcher, tracker) -> None:
    for label, question in catalogue.vocabulary().clarify_topics:
        found = CollectingDispatcher()
        ActionSearchServices().run(found, tracker(question), {})
        assert "utter_service_card" in responses(found), label


def test_hilfe_alone_offers_the_topics_as_buttons(dispatcher, tracker) -> None:
    from actions.search import ActionOfferTopics

    ActionOfferTopics().run(dispatcher, tracker("hilfe", intent="ask_capabilities"), {})
    (message,) = dispatcher.messages
    assert message["response"] == "utter_capabilities" and 4 <= len(message["buttons"]) <= 8


def test_a_typed_topic_label_searches_that_topic(dispatcher, tracker) -> None:
    from actions.contact import ActionHumanContact

    ActionHumanContact().run(dispatcher, tracker("Ältere Menschen", intent="request_human"), {})
    assert dispatcher.messages[0]["response"].startswith("utter_results")
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and any("lter" in c["name"] or c["category"].startswith("Ambulante Hilfe für ältere") for c in cards)


@pytest.mark.parametrize(
    "text", ["gibts die auch rollstuhlgerecht?", "geht das auch auf russisch", "aber eine die kostenlos ist"]
)
def test_a_filter_named_as_another_result_searches_again(dispatcher, tracker, text) -> None:
    slots = slot_events(run_action(ActionSearchServices(), tracker("Seniorentreff")))
    ActionServiceDetails().run(dispatcher, tracker(text, intent="ask_details", slots=slots), {})
    assert dispatcher.messages[0]["response"].startswith("utter_results")


def test_a_short_question_after_a_list_is_about_the_first_result(dispatcher, tracker) -> None:
    from actions.search import ActionOfferTopics

    slots = slot_events(run_action(ActionSearchServices(), tracker("Wärmestube")))
    ActionOfferTopics().run(dispatcher, tracker("kostet das was", intent="ask_capabilities", slots=slots), {})
    assert dispatcher.messages[0]["response"] == "utter_detail_costs"


def test_needs_scoring_alike_get_a_question_instead_of_a_guess(dispatcher, tracker) -> None:
    said = "bin neu hergezogen und kenne niemanden im viertel"
    events = ActionSearchServices().run(dispatcher, tracker(said), {})
    assert responses(dispatcher) == ["utter_ask_which_need"]
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert 2 <= len(titles) <= 4 and "Treffpunkt" in titles
    assert slot_events(events)["results"] == []


def test_a_compound_naming_a_need_as_a_whole_is_not_asked_about(dispatcher, tracker) -> None:
    """ "Seniorentreff" is a Seniorenbegegnungsstätte: its part "Treff" names no second need to ask about."""
    ActionSearchServices().run(dispatcher, tracker("gibts einen Seniorentreff in Weidenbruch"), {})
    cards = [m["custom"]["service"] for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert "utter_ask_which_need" not in responses(dispatcher)
    assert cards[0]["category"] == "Seniorenbegegnungsstätte" and cards[0]["district"] == "Weidenbruch"


def test_a_need_chosen_after_the_question_is_searched(dispatcher, tracker) -> None:
    ActionSearchServices().run(dispatcher, tracker("Seniorenbegegnungsstätte"), {})
    cards = [m for m in dispatcher.messages if m["response"] == "utter_service_card"]
    assert cards and cards[0]["custom"]["service"]["category"] == "Seniorenbegegnungsstätte"


def test_a_named_office_is_shown_not_asked_about(dispatcher, tracker) -> None:
    ActionSearchServices().run(dispatcher, tracker("wo ist das sozialzentrum in weidenbruch"), {})
    assert "utter_ask_which_need" not in responses(dispatcher)
    assert "utter_service_card" in responses(dispatcher)
