"""Which shown result a follow-up message points at, or whether it asks for other results.

The chat shows a list; the next message may ask about one of them ("die zweite", "wie komme ich zum
Weidenhof?", "dort"), or ask for something else ("dann die in der Südhöhe", "wo ist das Sozialzentrum?").
One function decides, from the question read once (`analyse`), so the chat's action only acts on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy.orm import Session

from catalogue._filters import TALK_TERMS, FilterChange, asks_for_other_results, detail_aspects, read_filter_change
from catalogue._models import Service
from catalogue._question import Question
from catalogue._search import serves_need
from catalogue._vocabulary import vocabulary
from german_text import content_terms, ordinal, tokens

_NAME_SCORE = 80  # partial ratio of a service's name in the message that names it
_NAME_WORD_MIN = 5  # shorter words ("die", "wo", "Café") name no service alone
_MENTION_TERM_MIN = 4  # shorter stems ("da", "mal") are no thing a service's text could mention
_MENTION_SENTENCES = 2  # at most this many of the service's sentences answer a question about a thing it names


@dataclass(frozen=True)
class FollowUp:
    """What a follow-up points at: `new_search` (other results are asked for) or one `service` (None: unclear)."""

    new_search: bool = False
    service: Service | None = None


def follow_up(
    session: Session, question: Question, services: list[Service], shown: int, focus: int | None = None
) -> FollowUp:
    """Decide what a message after a list of `services` (the first `shown` of them on screen) is about.

    `focus` is the id of the service talked about last ("die", "dort" point at it).
    """
    if ordinal(question.text) is None and _asks_elsewhere(session, question, services, shown, focus):
        return FollowUp(new_search=True)
    return FollowUp(service=_pick(question.text, services, shown, focus, question.district))


def asked_about_shown(
    session: Session,
    question: Question,
    change: FilterChange,
    services: list[Service],
    shown: int,
    focus: int | None = None,
) -> Service | None:
    """The shown result a message the classifier read as a search or a filter change asks about, if any.

    "kostet das was", "was kostet dort das Mittagessen" and "die in der Altstadt – kann ich da mit dem
    Rollstuhl rein?" ask about a result; "muss nicht barrierefrei sein" (a filter dropped), "ich sitze im
    Rollstuhl" and "wo kann ich duschen, bin in der Südhöhe" (a filter or district named without pointing
    at a result) are searches. `change` is what the message does to the filters (`read_filter_change`).
    """
    if not services or change.dropped:
        return None
    # "reden die da auch Russisch?" asks the result talked about; right after a list it asks for others.
    pointing = (
        question.refers_to_a_result
        or (question.questions_a_result and focus is not None)
        or named_service(question.text, services[:shown] or services, question.district) is not None
    )  # "hat die Brücke einen Aufzug? mein Vater schafft keine Treppen": a shown service named
    if not detail_aspects(question.text):
        # "darf mein Hund mit rein", "gibts bei denen eine Angehörigengruppe": a thing a shown service's
        # own text names, asked without naming a filter or (unless pointing at a result) a need.
        if (change.set or question.district or question.needs) and not pointing:
            return None
        return _mentioning(question.text, services, shown, focus)
    if (change.set or question.district) and not pointing:
        return None
    answer = follow_up(session, question, services, shown, focus)
    return None if answer.new_search else answer.service


def service_mentions(service: Service, text: str) -> str:
    """The sentences of a service's own text (description, hours note, keywords) that name a thing the
    message asks about ("Hunde erlaubt." for "darf mein Hund mit rein"); "" when none does."""
    vocab = vocabulary()
    wanted = {
        t
        for t in content_terms(text)
        if len(t) >= _MENTION_TERM_MIN and t not in TALK_TERMS and t not in vocab.unspecific and not t.isdigit()
    }
    wanted -= set(content_terms(service.name))  # "was gibts beim Weidenhof" names the service, not a thing
    if not wanted:
        return ""
    found: list[str] = []
    for field_text in (service.description or "", service.hours_note or "", "; ".join(service.keywords or [])):
        for sentence in re.split(r"(?<=[.;!?])\s+", field_text):
            said = sentence.strip().rstrip(";,")
            if said and wanted & set(content_terms(said)):
                said = said if said[-1] in ".!?" else f"{said}."  # "Hunde erlaubt" → "Hunde erlaubt."
                if said not in found:
                    found.append(said)
    return " ".join(found[:_MENTION_SENTENCES])


def _mentioning(text: str, services: list[Service], shown: int, focus: int | None) -> Service | None:
    """The shown service (the one talked about first) whose own text names a thing the message asks about."""
    candidates = services[:shown] or services
    ordered = sorted(candidates, key=lambda s: s.id != focus)
    return next((s for s in ordered if service_mentions(s, text)), None)


def named_service(text: str, services: list[Service], district: str | None = None) -> Service | None:
    """Return the service the message names ("wie komme ich zum Weidenhof?"), if any: by its name, or by
    a word of the message that is in the name of that service alone ("wo ist das Sozialzentrum?"), in the
    district the message names, if any; the district's own words ("die in der Südhöhe") name no service."""
    if not services:
        return None
    score, best = max(((fuzz.partial_ratio(s.name.lower(), text.lower()), s) for s in services), key=lambda p: p[0])
    if score >= _NAME_SCORE:
        return best
    words = {w for w in tokens(text) if len(w) >= _NAME_WORD_MIN} - set(tokens(district or ""))
    named = [s for s in services if words & set(tokens(s.name)) and district in (None, s.district)]
    return named[0] if len(named) == 1 else None


def _asks_elsewhere(
    session: Session, question: Question, services: list[Service], shown: int, focus: int | None = None
) -> bool:
    """Tell whether a follow-up without a number asks for other results than the shown ones.

    "gibts die auch rollstuhlgerecht?" changes a filter; unless it names a shown service or points "dort",
    "dann die in der Südhöhe" (a district, nothing asked about or no result there) is a new search,
    and so is "wo ist das Sozialzentrum?" after a list of meeting places (a need none of them serves).
    """
    if named_service(question.text, services[:shown] or services, question.district) or question.points_at_a_place:
        return False  # "hat die Brücke einen Aufzug?", "gibts dort auch …": about the one named or pointed at
    if asks_for_other_results(question.text) and not (question.questions_a_result and focus is not None):
        change = read_filter_change(session, question)
        if change.set or change.dropped:
            return True
    if question.district and (
        not detail_aspects(question.text) or all(s.district != question.district for s in services)
    ):
        # "dann die in der Südhöhe" (nothing asked about), "wo ist das Sozialzentrum in Weidenbruch"
        # (no result there): a new search in that district.
        return True
    if not question.needs and _mentioning(question.text, services, shown, None) is not None:
        return False  # "und wann ist dieses Familienfrühstück": a thing a shown service's text names
    return not serves_need(session, question, [s.id for s in services[: shown or len(services)]])


def _pick(
    text: str, services: list[Service], shown: int, focus: int | None, district: str | None = None
) -> Service | None:
    """Choose the result a message points at: by number, by name, by district ("die in der Altstadt"),
    the one talked about, else the first."""
    if not services:
        return None
    position = ordinal(text)
    if position == -1:
        position = shown
    if position is not None:
        return services[position - 1] if 1 <= position <= len(services) else None
    candidates = services[:shown] or services
    named = named_service(text, candidates, district)
    if named is not None:
        return named
    in_district = [s for s in (*candidates, *services) if district and s.district == district]
    if in_district:
        return in_district[0]
    in_focus = next((s for s in services if s.id == focus), None)
    if in_focus is not None:  # "die", "dort": the one just talked about
        return in_focus
    mentioning = _mentioning(text, services, shown, None)  # "darf mein Hund mit rein": the one whose text says
    if mentioning is not None:
        return mentioning
    # Nothing points elsewhere: the best result; the answer names it, so "nein, die zweite" corrects it.
    return candidates[0] if candidates else None
