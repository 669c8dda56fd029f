"""Read a chat message for the filters it sets or drops, the aspects it asks about, the life areas it names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from catalogue._index import index_of
from catalogue._models import SEARCHABLE_STATUSES, Service
from catalogue._question import Question, analyse_text, find_concepts, lexicon, resolve_target_group
from catalogue._vocabulary import vocabulary
from german_text import compound_terms, content_terms, stem, tokens

# "leichte Sprache", "einfacher Sprache" (folded words): one aspect ("easy"), not also "languages".
_EASY_PHRASE = re.compile(r"\b(?:leicht|einfach)\w* sprache\b")

# The filters a conversation keeps, in the order they are named in a result's heading.
FILTER_NAMES = ("district", "target_group", "language", "accessible", "open_now", "free_of_charge")

# Words of a follow-up that say nothing about a need ("nein, lieber in …", "und dort?").
TALK_TERMS = frozenset(
    content_terms(
        "nein ja lieber eher besten besser doch auch noch gern gerne bitte danke okay ok egal mal dann "
        "und oder aber wie wo gibts gibt es das dort da denn sein muss soll kann darf geht reicht passt "
        "andere anderen anderer woanders ganze ganzen stadt stadtteil bezirk sprache zielgruppe kosten "
        "kostet sitze sitzt brauche wohne wohnen lebe leben komme hauptsache sprechen spricht sollen sollte "
        "koennen koennte waere wichtig nur welche jemand"
    )
)


@dataclass(frozen=True)
class FilterChange:
    """What one message does to the conversation's filters."""

    set: dict[str, str | bool] = field(default_factory=dict)  # filter name -> new value
    dropped: frozenset[str] = frozenset()  # filters the message lets go ("Stadtteil egal")
    names_need: bool = False  # the message names a need of its own, not only filters

    def apply(self, kept: dict[str, str | bool | None]) -> dict[str, str | bool]:
        """Return `kept` with this message's changes: dropped ones removed, new ones set."""
        merged = {name: value for name, value in kept.items() if value and name not in self.dropped}
        merged.update(self.set)
        return {name: merged[name] for name in FILTER_NAMES if merged.get(name)}


def _has_phrase(folded: str, words: list[str], phrase: str) -> bool:
    """Tell whether a folded phrase occurs as whole words; "…*" matches words starting with it."""
    if phrase.endswith("*"):
        parts = phrase[:-1].split()
        n = len(parts)
        for i in range(len(words) - n + 1):
            if words[i : i + n - 1] == parts[:-1] and words[i + n - 1].startswith(parts[-1]):
                return True
        return False
    return f" {phrase} " in folded


def _matches_any(text: str, phrases: tuple[str, ...]) -> str | None:
    words = tokens(text)
    folded = f" {' '.join(words)} "
    return next((p for p in phrases if _has_phrase(folded, words, p)), None)


def read_filter_change(session: Session, question: str | Question) -> FilterChange:
    """Read which filters a message sets ("in Weidenbruch", "auf Türkisch") or drops ("egal wo")."""
    vocab = vocabulary()
    index = index_of(session)
    if isinstance(question, str):
        question = analyse_text(question, sorted(index.by_district), set(index.by_language))
    text = question.text
    dropped = {name for name, phrases in vocab.drop_filters.items() if _matches_any(text, phrases)}
    if _matches_any(text, vocab.indifference):
        dropped |= {name for name, nouns in vocab.filter_nouns.items() if _matches_any(text, nouns)}
    found: dict[str, str | bool] = {}
    spent: set[str] = set()  # words that only name a filter
    folded = f" {' '.join(question.words)} "
    for name in question.wishes:
        # Every phrase of the wish said ("barrierefrei … im Rollstuhl") only names that filter.
        for phrase in vocab.wishes.get(name, ()):
            if f" {phrase} " in folded:
                # with its compound parts: "Kinderwagen" asks for access, not for children's services
                spent |= {stem(t) for t in tokens(phrase)} | set(compound_terms(phrase, lexicon()))
        if name not in dropped:
            found[name] = True
    district = question.district
    if district:
        spent |= set(content_terms(district))
        if "district" not in dropped:
            found["district"] = district
    language = question.language
    if language:
        spent |= set(content_terms(language))
        for alias in vocab.language_aliases.get(language, ()):
            spent |= set(content_terms(alias))
        if "language" not in dropped:
            found["language"] = language
    # "im Rollstuhl" asks for access, not for the group "Menschen mit Behinderung".
    group = resolve_target_group(" ".join(t for t in question.words if stem(t) not in spent))
    if group:
        concept = vocab.target_groups[group]
        spent |= {t for p in concept.phrases for t in p}
        if "target_group" not in dropped:
            found["target_group"] = group
    # "mein Nachbar", "meine Mutter": the person the message is about, not a need.
    pairs = zip(question.words, question.words[1:], strict=False)
    spent |= {stem(w) for before, w in pairs if before in vocab.possessives and w in vocab.proxy_persons}
    for name in dropped:
        for phrase in (*vocab.drop_filters.get(name, ()), *vocab.filter_nouns.get(name, ()), *vocab.indifference):
            spent |= set(content_terms(phrase.rstrip("*")))
    terms = [t for t in question.terms if t not in spent and t not in TALK_TERMS]
    terms = [t for t in terms if t not in vocab.unspecific]
    concepts = find_concepts(terms, (*vocab.categories.values(), *vocab.topics.values()))
    names_need = bool(concepts) or any(index.matches(t) for t in terms if len(t) >= 5)
    return FilterChange(found, frozenset(dropped), names_need)


def detail_aspects(text: str) -> list[str]:
    """Return what a follow-up asks about ("hours", "address", "costs", …), in the vocabulary's order."""
    aspects = vocabulary().detail_aspects
    found = [name for name, phrases in aspects.items() if _matches_any(text, phrases)]
    if "easy" in found and "languages" in found:
        # "in Leichter Sprache" asks for the easy text, not which languages are spoken
        plain = _EASY_PHRASE.sub(" ", " ".join(tokens(text)))
        if not _matches_any(plain, aspects["languages"]):
            found.remove("languages")
    return found


def home_visit_note(service: Service) -> str:
    """Return what a service's own text says about visiting people at home ("" when it says nothing)."""
    words = vocabulary().home_visit_words
    for text in (service.hours_note or "", service.description or "", *(service.keywords or [])):
        for sentence in re.split(r"(?<=[.;!?])\s+", text):
            if _matches_any(sentence, words):
                return sentence.strip()
    return ""


def life_areas(text: str) -> list[str]:
    """Return the life areas a message names ("Arbeit", "Schulden", "Wohnung", …)."""
    return [name for name, area in vocabulary().life_areas.items() if _matches_any(text, area.words)]


def names_category(text: str) -> bool:
    """Tell whether a message names a category by its own name ("Schuldnerberatung"), not only a need."""
    said = set(content_terms(text))
    return any((words := content_terms(name)) and set(words) <= said for name in vocabulary().categories)


def services_of_categories(
    session: Session, categories: list[str] | tuple[str, ...], district: str | None
) -> list[Service]:
    """Return the searchable services of these categories (in the district, when given), in the categories' order."""
    statement = (
        select(Service)
        .where(Service.category.in_(categories), Service.status.in_(SEARCHABLE_STATUSES))
        .options(selectinload(Service.organization), selectinload(Service.schedules), selectinload(Service.closures))
    )
    found = list(session.scalars(statement))
    if district:
        found = [s for s in found if s.district == district]
    order = {name: n for n, name in enumerate(categories)}
    return sorted(found, key=lambda s: (order[s.category], s.name))


def districts(session: Session) -> list[str]:
    """Return the districts of the active catalogue, sorted."""
    return sorted(index_of(session).by_district)


def asks_about_a_shown_result(text: str) -> bool:
    """Tell whether a message asks for a detail of a result already shown ("wie kann ich die anrufen",
    "telefonnummer bitte"): it names a detail and points at a result (a reference word anywhere, or
    three words or fewer), not at a person to talk to ("Mensch", "Sozialauskunft").

    Unlike `Question.refers_to_a_result`, which decides whether a filter change is really about a
    result and so needs the reference at the start, a named detail makes any reference word count.
    """
    vocab = vocabulary()
    words = tokens(text)
    if set(words) & vocab.person_words:
        return False
    pointing = bool(set(words) & vocab.reference_words) or len(words) <= 3
    return pointing and bool(detail_aspects(text))


def asks_for_other_results(text: str) -> bool:
    """Tell whether a message names a filter as a change of the search ("gibts die auch barrierefrei?")."""
    return bool(set(tokens(text)) & vocabulary().refine_cues)


def asks_who_is_responsible(text: str) -> bool:
    """Tell whether a message asks who is responsible ("zuständig", "Sozialzentrum", "Amt")."""
    return bool(set(tokens(text)) & vocabulary().office_words)


def clarify_topic(text: str) -> str | None:
    """The question behind a topic button whose label was typed instead of pressed ("Ältere Menschen")."""
    typed = " ".join(tokens(text))
    return next((question for label, question in vocabulary().clarify_topics if " ".join(tokens(label)) == typed), None)


def languages(session: Session) -> list[str]:
    """Return the languages some active service offers, sorted."""
    return sorted(index_of(session).by_language)
