"""Recognise a person in crisis in a German message, from a maintained list of expressions.

The expressions are data, not code: `crisis_de.yml` beside this module, grouped by kind of crisis
(suicide, domestic_violence, sexual_violence, child_in_danger, acute_danger, cold_night), with a
German label for each kind and a list of ordinary phrases (`not_crisis`) that use crisis words in a
harmless sense ("Blut spenden", "was schlagen Sie vor"). The format is described at the top of the
YAML file, for the staff who add expressions.

How a message is compared with an expression:
1. The message is folded (`german_text.fold`: lower case, ä → ae, ß → ss) and split into words and
   punctuation; ".", "!", "?" and ";" end a sentence, "," ":" "-" "und" "aber" end a clause.
2. Every word is brought to a skeleton that makes the usual spellings meet: ae/oe/ue → a/o/u, ss → s,
   three or more equal letters → one (schlägt = schlaegt = schlagt, draußen = drausen, hilfeee = hilfe),
   then one ending is stripped (`german_text.stem`). Words of an expression get the same treatment.
3. An expression's words must appear in its order, within one sentence, with at most two other words
   between neighbours ("..." allows eight, "+" none); "[...]" lists words that may come in any order
   within ten words. "wort*" matches every word beginning so, "wort~" also with one typo.
4. Words covered by a `not_crisis` phrase cannot take part in a crisis expression.

Negation does not cancel a match: "ich will nicht sterben" is flagged, as is "er schlägt mich nicht
mehr so oft". A false alarm costs a few lines of phone numbers; a miss can cost a life. The only
negations that clear a message are the few explicit phrases in `not_crisis` ("keine Lebensgefahr",
"nicht in Gefahr", "ohne Gewalt"), where the person says in so many words that there is no danger.

Naming a service is a lookup, not a crisis ("Frauenhaus Öffnungszeiten", "Notübernachtung Adresse"):
the search answers with the service and its numbers. Describing what happens to a person is a crisis
("ich muss heute noch ins Frauenhaus"). Any mention of suicide or self-harm is flagged.

When expressions of several kinds match, acute danger wins (112 and 110 come first); otherwise the most
specific match decides the kind: the one with more words, then the one spanning fewer words, then the
kind listed first in the file (CRISIS_KINDS).

Time is linear in the length of the text: each word is looked up in hash tables (its skeleton, its
stem, its prefixes up to the longest listed prefix, its one-letter deletions for typo words; at most
about 60 lookups, as words longer than MAX_TOKEN_LENGTH are dropped), and each expression keeps only
the latest position reached for each of its words.

This module does not replace the intent classifier: the assistant should treat a message as a crisis
when the classifier says so OR when `detect_crisis` finds an expression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from german_text._text import MAX_TOKEN_LENGTH, fold, stem

_EXPRESSIONS_FILE = Path(__file__).with_name("crisis_de.yml")

# The kinds, in the order that decides between equally specific matches.
CRISIS_KINDS: tuple[str, ...] = (
    "acute_danger",
    "suicide",
    "child_in_danger",
    "sexual_violence",
    "domestic_violence",
    "cold_night",
)

_FIRST = "acute_danger"  # wins over every other kind: 112/110 come first
_GAP = 2  # other words allowed between two words of an expression
_LONG_GAP = 8  # after "..."
_WINDOW = 10  # span of an any-order expression "[...]", in words
_MIN_FUZZY = 5  # shorter words get no typo tolerance (leben ≠ lesen ≠ legen)
_CLAUSE_WORDS = frozenset({"und", "aber"})
_PIECE = re.compile(r"[^\W_]+|[^\w\s]+")
_SKELETON = (("ae", "a"), ("oe", "o"), ("ue", "u"), ("ss", "s"))
_REPEATS = re.compile(r"(.)\1\1+")


@dataclass(frozen=True)
class CrisisMatch:
    """A crisis found in a message: its kind, the kind's German label and the expression that matched."""

    kind: str
    expression: str
    label: str = ""


def _skeleton(word: str) -> str:
    """Folded word → the spelling that umlaut-less and sloppy spellings share (schlägt → schlagt)."""
    for old, new in _SKELETON:
        word = word.replace(old, new)
    return _REPEATS.sub(r"\1", word)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True)
class _Expression:
    text: str  # as written in the file
    kind: str
    slots: tuple[frozenset[int], ...]  # atom ids per word
    gaps: tuple[int, ...]  # words allowed before each slot (gaps[0] unused)
    any_order: bool
    clause_end: bool


class _Table:
    """Compiled expressions: which (expression, slot) pairs each word of a message can fill."""

    def __init__(self, groups: dict[str, list[str]]) -> None:
        self.groups = groups
        self.expressions: list[_Expression] = []
        self._atoms: dict[tuple[str, str], int] = {}
        self._exact: dict[str, set[int]] = {}
        self._stem: dict[str, set[int]] = {}
        self._prefix: dict[str, set[int]] = {}
        self._fuzzy: dict[str, set[int]] = {}
        self._fuzzy_prefix: dict[str, set[int]] = {}
        self._prefix_lengths: set[int] = set()
        self._fuzzy_prefix_lengths: set[int] = set()
        self._pairs_of_atom: dict[int, list[tuple[int, int]]] = {}

    # --- compiling -----------------------------------------------------------------------------

    def add(self, text: str, kind: str) -> None:
        source = text.strip()
        any_order = source.startswith("[") and source.endswith("]")
        body = source[1:-1] if any_order else source
        items = body.split()
        clause_end = bool(items) and items[-1] == "."
        if clause_end:
            items = items[:-1]
        slots: list[frozenset[int]] = []
        gaps: list[int] = []
        gap = _GAP
        for item in items:
            if item == "...":
                gap = _LONG_GAP
                continue
            for n, word in enumerate(item.split("+")):
                if not word:
                    raise ValueError(f"crisis_de.yml: leeres Wort in »{text}«")
                slots.append(frozenset(self._slot(word, text)))
                gaps.append(0 if n else gap)
            gap = _GAP
        if not slots or (any_order and (clause_end or len(slots) < 2 or "..." in items or "+" in body)):
            raise ValueError(f"crisis_de.yml: Ausdruck nicht lesbar: »{text}«")
        expression = _Expression(source, kind, tuple(slots), tuple(gaps), any_order, clause_end)
        index = len(self.expressions)
        self.expressions.append(expression)
        for k, slot in enumerate(expression.slots):
            for atom in slot:
                self._pairs_of_atom.setdefault(atom, []).append((index, k))

    def _slot(self, word: str, text: str) -> set[int]:
        atoms: set[int] = set()
        for alternative in word.split("|"):
            if alternative.startswith("@"):
                if alternative[1:] not in self.groups:
                    raise ValueError(f"crisis_de.yml: unbekannte Gruppe {alternative} in »{text}«")
                for member in self.groups[alternative[1:]]:
                    atoms |= self._slot(member, text)
                continue
            atoms.add(self._atom(alternative, text))
        return atoms

    def _atom(self, alternative: str, text: str) -> int:
        exact = alternative.startswith("=")
        prefix = alternative.endswith("*") or alternative.endswith("*~")
        fuzzy = alternative.rstrip("*").endswith("~") or alternative.endswith("~*")
        core = alternative.strip("=*~")
        folded = fold(core)
        if not folded or not re.fullmatch(r"[^\W_]+", folded):
            raise ValueError(f"crisis_de.yml: »{alternative}« in »{text}« ist kein einzelnes Wort")
        skeleton = _skeleton(folded)
        if exact:
            key = ("exact", skeleton)
        elif prefix:
            key = ("fuzzy_prefix" if fuzzy and len(skeleton) >= _MIN_FUZZY else "prefix", skeleton)
        else:
            key = ("fuzzy" if fuzzy and len(stem(skeleton)) >= _MIN_FUZZY else "stem", stem(skeleton))
        if key in self._atoms:
            return self._atoms[key]
        atom = len(self._atoms)
        self._atoms[key] = atom
        mode, value = key
        if mode == "exact":
            self._exact.setdefault(value, set()).add(atom)
        elif mode == "stem":
            self._stem.setdefault(value, set()).add(atom)
        elif mode == "prefix":
            self._prefix.setdefault(value, set()).add(atom)
            self._prefix_lengths.add(len(value))
        elif mode == "fuzzy":
            for variant in _deletions(value) | {value}:
                self._fuzzy.setdefault(variant, set()).add(atom)
        else:
            for variant in _deletions(value) | {value}:
                self._fuzzy_prefix.setdefault(variant, set()).add(atom)
            self._fuzzy_prefix_lengths.update((len(value) - 1, len(value), len(value) + 1))
        return atom

    def freeze(self) -> None:
        self.prefix_lengths = tuple(sorted(self._prefix_lengths))
        self.fuzzy_prefix_lengths = tuple(sorted(self._fuzzy_prefix_lengths))
        self.atoms_of = lru_cache(maxsize=65_536)(self._atoms_of)
        self.pairs = lru_cache(maxsize=65_536)(self._pairs)

    # --- matching --------------------------------------------------------------------------------

    def _atoms_of(self, token: str) -> frozenset[int]:
        """The atoms (word patterns) a folded word of a message matches."""
        skeleton = _skeleton(token)
        stemmed = stem(skeleton)
        atoms: set[int] = set()
        atoms |= self._exact.get(skeleton, set())
        atoms |= self._stem.get(stemmed, set())
        for length in self.prefix_lengths:
            if length > len(skeleton):
                break
            atoms |= self._prefix.get(skeleton[:length], set())
        if self._fuzzy and len(stemmed) >= _MIN_FUZZY - 1:
            for variant in _deletions(stemmed) | {stemmed}:
                atoms |= self._fuzzy.get(variant, set())
        for length in self.fuzzy_prefix_lengths:
            if length > len(skeleton):
                break
            head = skeleton[:length]
            for variant in _deletions(head) | {head}:
                atoms |= self._fuzzy_prefix.get(variant, set())
        return frozenset(atoms)

    def _pairs(self, atoms: frozenset[int]) -> tuple[tuple[int, int], ...]:
        """(expression, slot) pairs a word with these atoms can fill, later slots first."""
        pairs = {pair for atom in atoms for pair in self._pairs_of_atom.get(atom, ())}
        return tuple(sorted(pairs, key=lambda pair: -pair[1]))

    def _possible(self, present: set[int]) -> set[int]:
        """Expressions each of whose words some word of the message can fill."""
        candidates = {e for atom in present for e, _ in self._pairs_of_atom.get(atom, ())}
        return {e for e in candidates if all(not slot.isdisjoint(present) for slot in self.expressions[e].slots)}

    def scan(self, text: _Text, masked: frozenset[int] = frozenset(), positions: bool = False) -> dict:
        """Return, per matching expression, its tightest match: (first, last) word positions, or with
        `positions` the positions of all its words."""
        expressions = self.expressions
        progress: dict[int, list[tuple[int, ...] | None]] = {}
        found: dict[int, tuple[int, ...]] = {}
        sentence, clause_end = text.sentence, text.clause_end
        # Only expressions all of whose words occur somewhere in the text are followed: this keeps a
        # long text of common words ("mich mich uns ...") from feeding many expressions at every word.
        atoms_of = {word: self.atoms_of(word) for word in set(text.words)}
        words = [None if i in masked else atoms_of[word] for i, word in enumerate(text.words)]
        possible = self._possible({atom for atoms in words if atoms for atom in atoms})
        if not possible:
            return found
        pairs_of = {atoms: tuple(p for p in self.pairs(atoms) if p[0] in possible) for atoms in set(words) if atoms}
        for i, atoms in enumerate(words):
            if not atoms:
                continue
            for e, k in pairs_of[atoms]:
                expression = expressions[e]
                state = progress.get(e)
                if expression.any_order:
                    if state is None:
                        state = progress[e] = [None] * len(expression.slots)
                    state[k] = (i,)
                    if None in state:
                        continue
                    places = [s[0] for s in state]  # type: ignore[index]
                    first = min(places)
                    if i - first >= _WINDOW or sentence[first] != sentence[i] or len(set(places)) < len(places):
                        continue
                    match = tuple(sorted(places)) if positions else (first, i)
                elif k == 0:
                    if len(expression.slots) > 1:
                        if state is None:
                            state = progress[e] = [None] * len(expression.slots)
                        state[0] = (i,) if positions else (i, i)
                        continue
                    match = (i,) if positions else (i, i)
                else:
                    if state is None:
                        continue
                    before = state[k - 1]
                    if before is None:
                        continue
                    last = before[-1]
                    if last >= i or i - last - 1 > expression.gaps[k] or sentence[last] != sentence[i]:
                        continue
                    state[k] = (*before, i) if positions else (before[0], i)
                    if k < len(state) - 1:
                        continue
                    match = state[k]  # type: ignore[assignment]
                if expression.clause_end and not clause_end[i]:
                    continue
                best = found.get(e)
                if best is None or match[-1] - match[0] < best[-1] - best[0]:
                    found[e] = match
        return found


@dataclass(frozen=True)
class _Text:
    words: tuple[str, ...]
    sentence: tuple[int, ...]  # sentence number of each word
    clause_end: tuple[bool, ...]  # a clause ends after the word


def _split(text: str) -> _Text:
    words: list[str] = []
    sentence: list[int] = []
    clause_end: list[bool] = []
    number = 0
    folded = fold(text)
    for piece in _PIECE.finditer(folded):
        chunk = piece.group()
        if chunk[0].isalnum():
            if len(chunk) > MAX_TOKEN_LENGTH:
                continue
            if chunk in _CLAUSE_WORDS and clause_end:
                clause_end[-1] = True
            words.append(chunk)
            sentence.append(number)
            clause_end.append(False)
            continue
        if clause_end:
            clause_end[-1] = True
        end = piece.end()
        if any(c in "!?;" for c in chunk) or ("." in chunk and (end == len(folded) or folded[end].isspace())):
            number += 1
    if clause_end:
        clause_end[-1] = True
    return _Text(tuple(words), tuple(sentence), tuple(clause_end))


@dataclass(frozen=True)
class _Compiled:
    crisis: _Table
    ordinary: _Table
    labels: dict[str, str]


def _as_list(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"crisis_de.yml: {where} muss eine Liste von Texten sein")
    return value


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    data = yaml.safe_load(_EXPRESSIONS_FILE.read_text(encoding="utf-8"))
    groups = {name: _as_list(members, f"groups.{name}") for name, members in (data.get("groups") or {}).items()}
    kinds = data.get("kinds") or {}
    if tuple(kinds) != CRISIS_KINDS:
        raise ValueError(f"crisis_de.yml: kinds müssen {', '.join(CRISIS_KINDS)} sein, in dieser Reihenfolge")
    crisis, ordinary = _Table(groups), _Table(groups)
    labels = {}
    for kind, entry in kinds.items():
        labels[kind] = str(entry["label"])
        for text in _as_list(entry.get("expressions"), f"kinds.{kind}.expressions"):
            crisis.add(text, kind)
    for text in _as_list(data.get("not_crisis") or [], "not_crisis"):
        ordinary.add(text, "")
    crisis.freeze()
    ordinary.freeze()
    return _Compiled(crisis, ordinary, labels)


def _masked(table: _Table, text: _Text) -> frozenset[int]:
    return frozenset(position for match in table.scan(text, positions=True).values() for position in match)


def crisis_matches(text: str) -> list[CrisisMatch]:
    """Return every crisis expression found in `text`, the most specific first (see the module doc)."""
    if not text:
        return []
    compiled = _compiled()
    split = _split(text)
    found = compiled.crisis.scan(split, _masked(compiled.ordinary, split))
    order = {kind: n for n, kind in enumerate(CRISIS_KINDS)}
    expressions = compiled.crisis.expressions

    def rank(item: tuple[int, tuple[int, ...]]) -> tuple[bool, int, int, int, int]:
        e, (first, last) = item
        kind = expressions[e].kind
        return (kind != _FIRST, -len(expressions[e].slots), last - first, order[kind], e)

    return [
        CrisisMatch(expressions[e].kind, expressions[e].text, compiled.labels[expressions[e].kind])
        for e, _ in sorted(found.items(), key=rank)
    ]


def detect_crisis(text: str) -> CrisisMatch | None:
    """Return the crisis a German message speaks of (kind and the expression found), or None.

    detect_crisis("ich will nicht mehr leben").kind == "suicide";
    detect_crisis("Schuldnerberatung in der Altstadt") is None.
    """
    matches = crisis_matches(text)
    return matches[0] if matches else None
