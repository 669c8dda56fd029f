"""Personal data in German chat messages: mask it, or tell that a message must not be kept.

`mask_personal_data(text)` replaces what identifies a person with a German placeholder and leaves
everything else exactly as it was: names ([Name]), phone numbers in digits or spoken words
([Telefon]), e-mail addresses also when written out ([E-Mail]), IBANs and account numbers ([IBAN]),
dates of birth ([Geburtsdatum]; other full dates before 2000 become [Datum]), street addresses
([Adresse]), file, customer and insurance numbers ([Aktenzeichen]) and other long numbers ([Nummer]).

`mentions_sensitive_detail(text)` is True when the message ties special-category data (health,
pregnancy, sexual orientation or identity, criminal record, religion, union membership, ethnic
origin) to a person: "Ich bin HIV-positiv", "Mein Sohn hat Schizophrenie". A question about a topic
("Wo kann ich einen HIV-Test machen?") is not such a detail. Such messages are not to be stored.

Rules, not a trained model: pure standard library, no database, word lists in
`privacy_patterns_de.txt` beside this file. Names are found through cues (ich heiße, mein Name ist,
Herr/Frau, ich bin der/die, Gruß, mein Sohn …), through lists of first names and surnames, and
through capitalised words next to a known name that are neither function words nor German nouns
(noun lists and endings). A street with house number in a sentence that places a service there and
speaks of no one ("Ist die Tafel in der Marktstraße 8 noch offen?") is the service's address and
stays. Every regular expression has bounded repetition and no nested ambiguity, and every scan
looks at a bounded window, so both functions run in time linear in the text length.

Tuned on tests/privacy/masking_dev.yml only; measured on tests/privacy/masking_set.yml by
scripts/eval_masking.py (see BENCHMARKS.md, "Masking of personal data").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

NAME = "[Name]"
PHONE = "[Telefon]"
EMAIL = "[E-Mail]"
IBAN = "[IBAN]"
BIRTH_DATE = "[Geburtsdatum]"
DATE = "[Datum]"
ADDRESS = "[Adresse]"
FILE_NUMBER = "[Aktenzeichen]"
NUMBER = "[Nummer]"

# When spans overlap they are joined; the placeholder of the kind listed first wins.
_PRIORITY = {EMAIL: 0, IBAN: 1, FILE_NUMBER: 2, BIRTH_DATE: 3, PHONE: 4, ADDRESS: 5, DATE: 6, NUMBER: 7, NAME: 8}

_DATA_FILE = Path(__file__).with_name("privacy_patterns_de.txt")
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "’": "'"})
_PLAIN = str.maketrans({"ß": "ss", "ı": "i", "’": "'"})

Span = tuple[int, int, str]


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=8192)
def _keys(word: str) -> tuple[str, str]:
    """Two spellings to look a word up by: umlauts spelled out (Jürgen → juergen) and dropped (jurgen)."""
    low = word.lower()
    return _strip_marks(low.translate(_FOLD)), _strip_marks(low.translate(_PLAIN))


def _fold(text: str) -> str:
    return _strip_marks(text.lower().translate(_FOLD))


_SECTIONS = (
    "first_names",
    "first_names_ambiguous",
    "surnames",
    "surnames_ambiguous",
    "function_words",
    "common_nouns",
    "service_words",
    "relation_words",
)
_BIT = {name: 1 << k for k, name in enumerate(_SECTIONS)}


@lru_cache(maxsize=1)
def _index() -> dict[str, int]:
    """Every spelling of every listed word → the sections it is in, as bits."""
    index: dict[str, int] = {}
    bit = 0
    for raw in _DATA_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            if line[1:-1] not in _BIT:
                raise ValueError(f"{_DATA_FILE.name}: unknown section {line}")
            bit = _BIT[line[1:-1]]
            continue
        if not bit:
            raise ValueError(f"{_DATA_FILE.name}: words before the first [section]")
        for word in line.split():
            for k in _keys(word):
                index[k] = index.get(k, 0) | bit
    return index


def _sections(word: str) -> int:
    index = _index()
    a, b = _keys(word)
    return index.get(a, 0) | index.get(b, 0)


def _has(word: str, section: str) -> bool:
    return bool(_sections(word) & _BIT[section])


def _section_words(section: str) -> list[str]:
    bit = _BIT[section]
    return [word for word, bits in _index().items() if bits & bit]


# ---------------------------------------------------------------------------------------------
# E-mail addresses, also written out: "max punkt mustermann at gmail punkt com", "max(at)gmx(dot)de"

_TLD = r"(?:de|com|net|org|eu|info|at|ch|biz|io|me|email|online|nl|pl|tr|ru|it|fr|uk|es|be|dk|se|lu)"
_PROVIDER = (
    r"(?:gmx|web|t-online|t[ ]{1,2}(?:minus|bindestrich|strich)[ ]{1,2}online|gmail|googlemail|yahoo|hotmail"
    r"|outlook|live|icloud|me|posteo|freenet|aol|arcor"
    r"|online|mail|protonmail|proton|mailbox|email|vodafone|ewe|kabelmail|magenta|yandex|mail\.ru)"
)
_AT_BRACKET = r"[ ]{0,2}[(\[{<][ ]{0,2}(?:at|ät|aet|et|@)[ ]{0,2}[)\]}>][ ]{0,2}"
_AT_WORD = r"[ ]{1,2}(?:at|ät|aet|@)[ ]{1,2}"
_DOT = r"(?:\.|[ ]{0,2}[(\[{<][ ]{0,2}(?:dot|punkt|pkt|\.)[ ]{0,2}[)\]}>][ ]{0,2}|[ ]{1,2}(?:dot|punkt|pkt)[ ]{1,2})"
_DOMAIN_WORD = r"[\w-]{1,63}(?:[ ]{1,2}(?:minus|bindestrich|strich)[ ]{1,2}[\w-]{1,63})?"
_SPOKEN_JOIN = r"[ ]{1,2}(?:minus|unterstrich|bindestrich|strich|underscore)[ ]{1,2}"
_LOCAL = rf"[\w+-]{{1,40}}(?:(?:{_DOT}|{_SPOKEN_JOIN})[\w+-]{{1,40}}){{0,4}}"
_EMAIL_PLAIN = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}[ ]{0,2}@[ ]{0,2}[\w-]{1,63}(?:\.[\w-]{1,63}){0,4}", re.I)
_EMAIL_SPOKEN = re.compile(
    rf"(?<![\w.+-]){_LOCAL}(?:{_AT_BRACKET}|{_AT_WORD}){_DOMAIN_WORD}(?:{_DOT}{_DOMAIN_WORD}){{0,3}}?{_DOT}{_TLD}(?!\w)",
    re.I,
)
_EMAIL_PROVIDER = re.compile(
    rf"(?<![\w.+-]){_LOCAL}(?:{_AT_BRACKET}|{_AT_WORD}|[ ]{{1,2}}bei[ ]{{1,2}})"
    rf"{_PROVIDER}(?:{_DOT}|[ ]{{1,2}}){_TLD}(?!\w)",
    re.I,
)


def _emails(text: str) -> list[Span]:
    spans = []
    for pattern in (_EMAIL_PLAIN, _EMAIL_SPOKEN, _EMAIL_PROVIDER):
        for m in pattern.finditer(text):
            if pattern is _EMAIL_PLAIN and "." not in text[m.start() : m.end()].split("@", 1)[1]:
                continue
            spans.append((m.start(), m.end(), EMAIL))
    return spans


# ---------------------------------------------------------------------------------------------
# IBAN: country code, check digits, then digits contiguous or in groups ("DE89 3704 0044 …")

_IBAN_COUNTRIES = (
    "ad|ae|al|at|az|ba|be|bg|bh|br|by|ch|cr|cy|cz|de|dk|do|ee|eg|es|fi|fo|fr|gb|ge|gi|gl|gr|gt|hr|hu|ie|il|iq|is|it"
    "|jo|kw|kz|lb|lc|li|lt|lu|lv|ly|mc|md|me|mk|mr|mt|mu|nl|no|pk|pl|ps|pt|qa|ro|rs|sa|sc|se|si|sk|sm|st|sv|tl|tn|tr"
    "|ua|va|vg|xk"
)
_IBAN_COUNTRY_SET = frozenset(_IBAN_COUNTRIES.split("|"))
_IBAN = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{2}(?:[ ]?\d{2}(?:[ -]?[A-Z]{4})?(?:[ -]\d{1,4}){2,9}"
    r"|\d{2}[A-Z0-9]{10,30}(?![A-Za-z0-9]))",
    re.I,
)


def _ibans(text: str) -> list[Span]:
    spans = []
    for m in _IBAN.finditer(text):
        if m.group()[:2].lower() not in _IBAN_COUNTRY_SET:
            continue
        compact = re.sub(r"[ -]", "", m.group())
        if len(compact) >= 15 and sum(c.isdigit() for c in compact) >= 12:
            spans.append((m.start(), m.end(), IBAN))
    return spans


# ---------------------------------------------------------------------------------------------
# File, customer, insurance and account numbers: after a keyword, or in a known format

_ID_KEYWORD = re.compile(
    r"(?<![\w-])(?:[\w-]{0,30}?(?:akten-?zeichen|gesch(?:ä|ae)fts-?zeichen|nummer|nr\.?|zeichen)"
    r"|az\.?|gz\.?|kd-?nr\.?|steuer-?id|id-?nr\.?|bg|iban)(?![\w-])",
    re.I,
)
_PHONE_KEYWORD = re.compile(r"(?:tel|telefon|handy|ruf|festnetz|mobil|fax|whatsapp|nummer$|^nr)", re.I)
_ID_TOKEN = re.compile(r"[^\s,;!?]+|[,;!?]")
_ID_FILLERS = {
    "ist",
    "is",
    "lautet",
    "lautete",
    "war",
    "nr",
    "nr.",
    "no",
    "no.",
    "von",
    "mir",
    "meine",
    "mein",
    "beim",
    "bei",
    "dem",
    "der",
    "die",
    "das",
    "lauten",
    "heisst",
    "heißt",
    "auch",
    "nochmal",
    "ja",
    "also",
    "#",
}
_ID_STOPS = {"vom", "seit", "am", "bis", "ab", "um", "für", "fuer", "euro", "eur", "€", "uhr", "und", "oder", "zu"}
_ID_FORMATS = re.compile(
    r"(?<![\w/-])(?:\d{5}[ ]?BG[ ]?\d{7}"  # Bedarfsgemeinschaft (Jobcenter)
    r"|\d{3}[ ]?FK[ ]?\d{6}"  # Kindergeld
    r"|\d{3}[A-Za-z]\d{6}"  # Kundennummer (Jobcenter)
    r"|\d{2}[ ]?\d{6}[ ]?[A-Z][ ]?\d{3}"  # Rentenversicherungsnummer
    r"|\d{1,3}[ ][A-Z]{1,3}[ ]\d{1,5}/\d{2,4}"  # court file number: 45 C 1234/23
    r"|\d{2,5}/\d{2,4}-[A-Za-z]{1,4}"  # 123/45-AB
    r")(?![\w/-])"
)
_MIXED_TOKEN = re.compile(r"(?<![\w-])[A-Za-z0-9][A-Za-z0-9-]{6,40}(?![\w-])")


def _file_numbers(text: str) -> list[Span]:
    spans = [(m.start(), m.end(), FILE_NUMBER) for m in _ID_FORMATS.finditer(text)]
    for m in _MIXED_TOKEN.finditer(text):
        token = m.group()
        digits = sum(c.isdigit() for c in token)
        if digits >= 6 and any(c.isalpha() for c in token):
            spans.append((m.start(), m.end(), FILE_NUMBER))
    for m in _ID_KEYWORD.finditer(text):
        keyword = m.group().lower()
        specific = not re.fullmatch(r"(?:nummer|nr\.?|zeichen)", keyword)
        window_start = m.end()
        window = text[window_start : window_start + 80]
        fillers = 3
        first = last = None
        pending = None  # short upper-case part before the first digits: "WG 4711-22"
        digits = 0
        for t in _ID_TOKEN.finditer(window):
            token = t.group()
            core = token.rstrip(".:)!?")
            if token in {",", ";", "!", "?"}:
                break
            if any(c.isdigit() for c in token):
                if first is None:
                    first = pending if pending is not None else t.start()
                last = t.start() + len(token.rstrip(".:)"))
                digits += sum(c.isdigit() for c in token)
                continue
            if first is not None:
                if core.isupper() and len(core) <= 3 and core.isalpha():
                    continue  # "45 C 1234/23", "12 150385 M 123": kept only if digits follow
                break
            if token.strip(":#=") == "":
                continue
            if core.isupper() and core.isalpha() and len(core) <= 3:
                pending = t.start()
                continue
            lowered = core.lower()
            if lowered in _ID_STOPS:
                break
            pending = None
            if lowered in _ID_FILLERS or (fillers > 0 and core.isalpha()):
                fillers -= 1 if lowered not in _ID_FILLERS else 0
                continue
            break
        if first is None or last is None or digits < (3 if specific else 5):
            continue
        if "konto" in keyword or keyword == "iban":
            label = IBAN
        elif _PHONE_KEYWORD.search(keyword):
            label = PHONE
        else:
            label = FILE_NUMBER
        spans.append((window_start + first, window_start + last, label))
    return spans


# ---------------------------------------------------------------------------------------------
# Dates: of birth when a cue is near ("geboren am", "geb.", "Geburtstag", "*"), other full dates
# before 2000 as [Datum]; appointment dates, opening days and recent dates stay.

_MONTHS = (
    r"(?:januar|februar|märz|maerz|marz|april|mai|juni|juli|august|september|oktober|november|dezember"
    r"|jan|feb|mär|mrz|apr|jun|jul|aug|sept|sep|okt|nov|dez)"
)
_DATE = re.compile(
    rf"(?<![\w.,/])(?:"
    rf"(?P<d1>\d{{1,2}})[ ]?(?P<s1>[./-])[ ]?\d{{1,2}}[ ]?(?P=s1)[ ]?(?P<y1>\d{{4}}|\d{{2}})(?![\d])"
    rf"|(?P<y2>\d{{4}})-\d{{1,2}}-\d{{1,2}}(?!\d)"
    rf"|\d{{1,2}}\.?[ ]{{0,2}}{_MONTHS}\.?(?:[ ]{{0,2}}(?P<y3>\d{{4}}|'?\d{{2}}))?(?![\w])"
    rf"|\d{{1,2}}\.[ ]?\d{{1,2}}\.(?![\d])"
    rf")",
    re.I,
)
_YEAR = re.compile(r"(?<![\w.,/])(?:19|20)\d{2}(?![\w.,/])")
_BIRTH_BEFORE = re.compile(
    r"(?:geboren|geb\b|geb\.|gebdatum|geburts\w*|geburtstag|jahrgang|\bdob\b|birthday|born|\*)[\s:.,-]{0,3}"
    r"(?:(?:ist|war|der|am|den|im|jahr|in|:)[\s:]{1,2}){0,3}$",
    re.I,
)
_BIRTH_AFTER = re.compile(r"^[\s,]{0,3}(?:\w+[\s,]{1,2}){0,1}(?:geboren|geb\.|geburtstag)", re.I)


def _dates(text: str) -> list[Span]:
    spans = []
    for m in _DATE.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        after = text[m.end() : m.end() + 25]
        if _BIRTH_BEFORE.search(before) or _BIRTH_AFTER.search(after):
            spans.append((m.start(), m.end(), BIRTH_DATE))
            continue
        year = m.group("y1") or m.group("y2") or m.group("y3")
        if year:
            year = year.lstrip("'")
            if (len(year) == 4 and year < "2000") or (len(year) == 2 and year >= "30"):
                spans.append((m.start(), m.end(), DATE))
    for m in _YEAR.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        after = text[m.end() : m.end() + 25]
        if _BIRTH_BEFORE.search(before) or re.match(r"^\s{1,2}geboren", after, re.I):
            spans.append((m.start(), m.end(), BIRTH_DATE))
    return spans


# ---------------------------------------------------------------------------------------------
# Phone numbers: digit runs, and numbers spoken word by word ("null eins sieben eins …")

_NUMBER_RUN = re.compile(r"(?<![\w+.,/-])(?:\+|\(\+?)?\d[\d ()/\-–.]{0,40}")
_PHONE_CUE_BEFORE = re.compile(
    r"(?:tel|telefon\w*|handy\w*|nummer|nr|rufnummer|festnetz\w*|mobil\w*|erreich\w*|anruf\w*|anrufen|ruf|rufen"
    r"|rückruf|rueckruf|whatsapp|sms|fax|melden)\b[^\d\n]{0,25}$",
    re.I,
)
_PHONE_CUE_AFTER = re.compile(r"^[^\d\n]{0,15}\b(?:erreichbar|anrufen|an\b)", re.I)
_UNIT_AFTER = re.compile(
    r"^[ ]?(?:uhr|euro|eur|€|%|jahre?n?|monate?n?|kinder|personen|leute|minuten|min|tage?n?|wochen|stunden|std|mal|x\b"
    r"|qm|m²|km|kg|stück|plätze|cent|ct)",
    re.I,
)
_SHORT_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})?")


def _phone_numbers(text: str) -> list[Span]:
    spans = []
    for m in _NUMBER_RUN.finditer(text):
        start, end = m.start(), m.end()
        while end > start and not (text[end - 1].isdigit() or text[end - 1] == ")"):
            end -= 1
        run = text[start:end]
        if run.endswith(")") and "(" not in run:
            end -= 1
            run = run[:-1]
        if run.startswith("(") and ")" not in run:
            start += 1
            run = run[1:]
        digits = "".join(c for c in run if c.isdigit())
        n = len(digits)
        if n < 5 or _SHORT_DATE.fullmatch(run):
            continue
        first_group = re.match(r"[+(]*\d+", run).group()
        if "." in run and len(first_group.strip("+(")) <= 2:
            continue  # 12.000, 1.11.
        if _UNIT_AFTER.match(text[end : end + 10]):
            continue
        international = run.startswith(("+", "(+", "00"))
        leading_zero = run.lstrip("(+ ").startswith("0")
        if (
            (international or leading_zero)
            and 7 <= n <= 16
            or n <= 16
            and (
                _PHONE_CUE_BEFORE.search(text[max(0, start - 40) : start])
                or _PHONE_CUE_AFTER.match(text[end : end + 30])
            )
        ):
            spans.append((start, end, PHONE))
        elif (n >= 8 and run.isdigit()) or (n >= 9 and "." not in run):
            spans.append((start, end, NUMBER))
    return spans


_DIGIT_WORD = re.compile(
    r"(?:null|eins|zwei|zwo|drei|vier|fuenf|funf|sechs|sieben|acht|neun|zehn|elf|zwoelf|zwolf|doppel"
    r"|(?:drei|vier|fuenf|funf|sech|sieb|acht|neun)zehn"
    r"|(?:(?:ein|zwei|drei|vier|fuenf|funf|sechs|sieben|acht|neun)und)?"
    r"(?:zwanzig|dreissig|vierzig|fuenfzig|funfzig|sechzig|siebzig|achtzig|neunzig))"
)
_ALNUM = re.compile(r"\+?[^\W_]+")
_DIGIT_GAP = re.compile(r"[\s,;./\-–]{1,4}")


_DIGIT_WORD_ANYWHERE = re.compile(
    r"null|eins|zwei|zwo|drei|vier|f(?:ü|ue|u)nf|sechs|sieben|acht|neun|zehn|elf|zw(?:ö|oe|o)lf|zig|ßig|doppel", re.I
)


def _spoken_numbers(text: str) -> list[Span]:
    spans = []
    hits = 0
    for _ in _DIGIT_WORD_ANYWHERE.finditer(text):
        hits += 1
        if hits >= 2:
            break
    if hits < 2:
        return spans
    run: list[tuple[int, int, bool]] = []  # start, end, is a word

    def close() -> None:
        words = sum(1 for _, _, is_word in run if is_word)
        if words >= 2 and (len(run) >= 5 or (len(run) >= 4 and text[run[0][0] : run[0][1]].lower() == "null")):
            spans.append((run[0][0], run[-1][1], PHONE))
        run.clear()

    for m in _ALNUM.finditer(text):
        token = m.group().lstrip("+")
        is_digits = token.isdigit() and len(token) <= 6
        is_word = not is_digits and _DIGIT_WORD.fullmatch(_fold(token)) is not None
        if not (is_digits or is_word):
            if run:
                close()
            continue
        if run and not _DIGIT_GAP.fullmatch(text[run[-1][1] : m.start()]):
            close()
        run.append((m.start(), m.end(), is_word))
    if run:
        close()
    return spans


# ---------------------------------------------------------------------------------------------
# Street addresses: "Hauptstraße 12", "Lindenweg 3a", "Berliner Straße 88", "Am Mühlbach 7"

_HOUSE_NUMBER = r"\d{1,3}(?:[ ]?[a-zA-Z](?![^\W\d_]))?(?:[ ]?[-/][ ]?\d{1,3}[a-zA-Z]?)?(?![\d]|[.,:]\d)"
_STRONG_SUFFIX = (
    r"stra(?:ß|ss|s)e|str\.|str|weg|allee|platz|gasse|ring|damm|ufer|chaussee|pfad|steig|stieg|zeile"
    r"|promenade|anger|graben|wall|kamp|twiete|deich|koppel|redder|reihe"
)
_WEAK_SUFFIX = (
    r"markt|hof|berg|feld|garten|park|winkel|grund|tal|heide|wiese|hain|bogen|siedlung|bach|höhe|hoehe|brücke"
    r"|bruecke|tor"
)
_STREET = re.compile(
    rf"(?<![\w-])(?P<street>[^\W\d_][\w-]{{1,40}}?(?P<suffix>{_STRONG_SUFFIX}|{_WEAK_SUFFIX})(?![^\W\d_])\.?)"
    rf"[ ]{{0,2}}(?P<number>{_HOUSE_NUMBER})",
    re.I,
)
_STREET_TWO_WORDS = re.compile(
    r"(?<![\w-])(?P<street>(?:[^\W\d_][\w-]{1,30}er|lange|alte|neue|große|grosse|kleine|hohe|breite|obere|untere"
    r"|hintere|vordere)[ ]{1,2}(?:straße|strasse|str\.|weg|allee|platz|ring|damm|chaussee|reihe|gasse|ufer|markt|höhe"
    r"|tor|brücke|landstraße))"
    rf"[ ]{{0,2}}(?P<number>{_HOUSE_NUMBER})",
    re.I,
)
_STREET_PREPOSITION = re.compile(
    rf"(?<![\w-])(?P<street>(?:am|an[ ]der|an[ ]den|an[ ]dem|auf[ ]der|auf[ ]dem|auf[ ]den|im|in[ ]der|in[ ]den|zum|zur"
    rf"|unter[ ]den|unter[ ]der|hinter[ ]der|hinter[ ]dem|vor[ ]dem|vor[ ]der|beim|über[ ]der|ueber[ ]der|am[ ]alten"
    rf"|am[ ]neuen|am[ ]großen|am[ ]kleinen)[ ]{{1,2}}(?P<noun>[^\W\d_][\w-]{{1,30}}))"
    rf"[ ]{{1,2}}(?P<number>{_HOUSE_NUMBER})",
    re.I,
)
_NOT_A_STREET = {
    "jahr",
    "jahre",
    "monat",
    "woche",
    "alter",
    "haus",
    "raum",
    "zimmer",
    "stock",
    "erdgeschoss",
    "og",
    "eg",
    "bus",
    "zug",
    "gebäude",
    "gebaeude",
    "moment",
    "schnitt",
    "durchschnitt",
    "januar",
    "februar",
    "märz",
    "maerz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "winter",
    "sommer",
    "herbst",
    "frühling",
    "monatsende",
    "team",
    "antrag",
    "bescheid",
    "brief",
    "termin",
    "kurs",
    "block",
    "gleis",
    "bahnsteig",
    "level",
    "grad",
    "pflegegrad",
    "prozent",
    "minuten",
    "stunden",
    "notfall",
    "rahmen",
    "fall",
    "paragraph",
    "paragraf",
}
_ADDRESS_CUE = re.compile(
    r"(?:wohn|adress|anschrift|klingel|zuhause|zu hause|schick|send|\bpost\b|brief|liefer|umgezogen|bei mir|bei uns"
    r"|zu mir|zu uns|vorbei|daheim)",
    re.I,
)
# Words that tie a place to a person; "ich" alone does not ("Wie erreiche ich die Tafel in der Marktstraße 8?").
_PERSONAL_CUE = re.compile(
    r"\b(?:mein\w*|unser\w*|wohn\w*|adress\w*|anschrift|klingel|daheim|zuhause|zu hause|bei mir|bei uns|zu mir"
    r"|zu uns|lebe|lebt|leben)\b",
    re.I,
)
_SENTENCE_BREAK = re.compile(r"[!?\n]|(?<=[^\W\d_]{3})\.(?=\s)")
_POSTCODE_CITY = re.compile(r",?[ ]{1,2}\d{5}[ ]{1,2}[^\W\d_][\w-]{1,30}")
_WEAK_RE = re.compile(rf"(?:{_WEAK_SUFFIX})\.?", re.I)
_STRONG_STREET_WORD = re.compile(rf"[^\W\d_][\w-]{{1,40}}?(?:{_STRONG_SUFFIX})\.?", re.I)
_LIVING = re.compile(r"(?<![\w-])(?:wohne|wohn|wohnt|wohnen|wohnhaft|lebe)(?![\w-])", re.I)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around a match, looking no further than 200 characters either way."""
    lo = max(0, start - 200)
    breaks = [b.end() for b in _SENTENCE_BREAK.finditer(text, lo, start)]
    s = breaks[-1] if breaks else lo
    after = _SENTENCE_BREAK.search(text, end, min(len(text), end + 200))
    return s, (after.start() if after else min(len(text), end + 200))


@lru_cache(maxsize=1)
def _service_pattern() -> re.Pattern[str]:
    words = sorted(_section_words("service_words"), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def _is_service_address(text: str, start: int, end: int) -> bool:
    """A street in a sentence that names a service before it and speaks of no one: the service's address."""
    s, e = _sentence(text, start, end)
    sentence = text[s:e]
    if _PERSONAL_CUE.search(sentence):
        return False
    return _service_pattern().search(_fold(text[s:start])) is not None


def _addresses(text: str) -> list[Span]:
    spans = []
    for pattern in (_STREET, _STREET_TWO_WORDS, _STREET_PREPOSITION):
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            if _UNIT_AFTER.match(text[end : end + 10]):
                continue
            s, e = _sentence(text, start, end)
            context = _ADDRESS_CUE.search(text[s:e]) is not None
            if pattern is _STREET:
                street = m.group("street")
                prefix = street[: len(street) - len(m.group("suffix"))].rstrip(".")
                if len(prefix) < 2 and street.rstrip(".").lower() not in {"str"}:
                    continue
                if _WEAK_RE.fullmatch(m.group("suffix")) and not context:
                    continue
                if _has(street.rstrip("."), "common_nouns") and not context:
                    continue
            elif pattern is _STREET_PREPOSITION:
                noun = m.group("noun")
                if not context or _fold(noun) in _NOT_A_STREET:
                    continue
                if any(c.isupper() for c in text):
                    if not noun[0].isupper():
                        continue
                    if m.group("street")[0].islower():
                        start = m.start("noun")  # "wohne in der [Lindenhof 3]": the lower-case preposition stays
            if _is_service_address(text, start, end):
                continue
            # The capitalised preposition of a street name: "Zum Sportplatz 6", "Am Markt 5"
            lead = re.search(
                r"(?:Am|Im|Zum|Zur|Beim|An der|Auf der|Auf dem|In der|In den)[ ]$", text[max(0, start - 8) : start]
            )
            if lead:
                start -= len(lead.group())
            tail = _POSTCODE_CITY.match(text, end)
            if tail:
                end = tail.end()
            spans.append((start, end, ADDRESS))
    # "ich wohne in der Schillerstraße" without a house number
    for m in _LIVING.finditer(text):
        window_end = min(len(text), m.end() + 50)
        for w in re.finditer(r"[^\W\d_][\w.-]*", text[m.end() : window_end]):
            word = w.group()
            if _STRONG_STREET_WORD.fullmatch(word) and len(word) > 5 and not _has(word.rstrip("."), "common_nouns"):
                spans.append((m.end() + w.start(), m.end() + w.end(), ADDRESS))
                break
            if word[0] in ",;!?":
                break
    return spans


# ---------------------------------------------------------------------------------------------
# Names

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?")
# Not "heißen": "nen heißen kaffee".
_HEISSEN = {"heisse", "heise", "heiss", "heisst", "heist", "hiess"}
_NAME_WORDS = {"name", "nahme", "namen", "vorname", "nachname", "familienname", "rufname"}
_COPULA = {"ist", "is", "lautet", "war", "lautete"}
_TITLES = {"herr", "herrn", "hr", "hr.", "frau", "fr", "fr.", "familie", "fam", "fam.", "frl", "frl.", "fraeulein"}
_ACADEMIC = {"dr", "dr.", "doktor", "prof", "prof.", "professor", "dipl", "dipl.", "med", "med."}
_SIGN_OFFS = {
    "gruesse",
    "gruss",
    "gruessen",
    "lg",
    "vg",
    "mfg",
    "glg",
    "sg",
    "ciao",
    "tschuess",
    "bye",
    "gez",
    "gez.",
    "lg.",
    "mfg.",
    "vg.",
    "gruesse,",
    "cheers",
    "danke,",
}
_DETERMINERS = re.compile(
    r"(?:ein|eine|einer|einen|einem|die|der|den|dem|des|mein\w*|dein\w*|sein\w*|ihr\w*|unser\w*|euer|eure\w*|kein\w*|jede\w*|welche\w*|diese\w*|als)$"
)
_BLOCKERS_BEFORE = {
    "st",
    "st.",
    "sankt",
    "heilige",
    "heiligen",
    "hl",
    "hl.",
    "haus",
    "kita",
    "kirche",
    "stift",
    "hospiz",
    "schule",
    "kloster",
    "gemeinde",
    "pfarrei",
    "krankenhaus",
    "klinik",
    "apotheke",
    "stiftung",
    "zentrum",
    "kindergarten",
}
_BLOCKERS_AFTER = {
    "haus",
    "kirche",
    "stift",
    "krankenhaus",
    "hospital",
    "schule",
    "kita",
    "gemeinde",
    "stiftung",
    "heim",
    "werk",
}
_HERE = {"hier"}
_CUE_WORDS_EXTRA = {"der", "die", "ist", "spricht", "schreibt", "nochmal", "wieder", "mal", "von", "klingel", "bin"}
_HERE_VERBS = {"ist", "spricht", "schreibt"}
_FOREIGN_SURNAME = re.compile(
    r"[^\W\d_]{2,}(?:ski|ska|cki|cka|wicz|czyk|czak|ović|ovic|ević|evic|vić|enko|oglu|oğlu|escu|owa|ova|eva|ewa"
    r"|yan|jan|ow|ov|ev|ić|ic)"
)
_NOUN_SUFFIXES = (
    "ung",
    "heit",
    "keit",
    "schaft",
    "tion",
    "sion",
    "ität",
    "itaet",
    "nis",
    "tum",
    "chen",
    "lein",
    "ismus",
    "ment",
    "ur",
    "ei",
    "age",
    "ose",
    "erin",
    "gin",
    "tin",
    "geld",
    "amt",
    "stelle",
    "hilfe",
    "zentrum",
    "haus",
    "platz",
    "antrag",
    "schein",
    "karte",
    "kosten",
    "schulden",
    "dienst",
    "beratung",
    "treff",
    "kurs",
    "schule",
    "arbeit",
    "wohnung",
    "ausweis",
    "ticket",
    "bescheid",
    "termin",
    "essen",
    "kind",
    "kinder",
    "mittel",
    "zeit",
    "nacht",
    "woche",
    "jahr",
    "monat",
    "raum",
    "zimmer",
    "straße",
    "strasse",
    "stadt",
    "viertel",
    "heim",
    "werk",
    "laden",
    "gruppe",
    "verein",
    "büro",
    "buero",
    "sucht",
    "krankheit",
    "pflege",
    "versicherung",
    "kasse",
    "bank",
    "konto",
    "miete",
    "rente",
    "zuschuss",
    "leistung",
    "leistungen",
    "unterhalt",
    "frage",
    "fragen",
    "problem",
    "probleme",
    "kleidung",
    "möbel",
    "moebel",
    "gericht",
    "weg",
    "allee",
    "gasse",
    "ring",
    "markt",
    "hof",
    "berg",
    "feld",
)


@lru_cache(maxsize=1)
def _noun_suffixes() -> tuple[str, ...]:
    return tuple({_keys(s)[0] for s in _NOUN_SUFFIXES})


_FIRST = _BIT["first_names"]
_FIRST_AMB = _BIT["first_names_ambiguous"]
_SURNAME = _BIT["surnames"]
_SURNAME_AMB = _BIT["surnames_ambiguous"]
_STOP = _BIT["function_words"]
_NOUN = _BIT["common_nouns"]
_RELATION = _BIT["relation_words"]
_COMPOUND = 1 << 20  # a hyphenated word that is not a name: Albert-Schweitzer-Haus
_LISTED = _FIRST | _FIRST_AMB | _SURNAME | _SURNAME_AMB


@lru_cache(maxsize=16384)
def _analyse(word: str) -> tuple[str, bool, int]:
    """Lookup key, capitalised, and the sections the word is in (a hyphenated word counts as a first name
    when all its parts are first names, as a surname when all are names, else as a compound noun)."""
    bare = word.rstrip(".")
    key = _keys(bare)[0]
    bits = _sections(bare)
    if bare.endswith(","):
        bits |= _sections(bare.rstrip(",")) & _RELATION
    if "-" in bare.strip("-"):
        parts = [p for p in bare.split("-") if p]
        part_bits = [_sections(p) for p in parts]
        if len(parts) > 1 and all(b & (_FIRST | _FIRST_AMB) for b in part_bits):
            bits = (bits & (_STOP | _RELATION)) | _FIRST
        elif len(parts) > 1 and all(b & (_FIRST | _FIRST_AMB | _SURNAME) for b in part_bits):
            bits = (bits & (_STOP | _RELATION)) | _SURNAME
        else:
            bits = (bits & (_STOP | _RELATION)) | _COMPOUND
    elif bits & _FIRST_AMB:
        bits &= ~_FIRST
    if bits & _SURNAME_AMB:
        bits &= ~_SURNAME
    return key, bare[:1].isupper(), bits


@lru_cache(maxsize=16384)
def _noun_like(key: str) -> bool:
    return key.endswith(_noun_suffixes())


class _Token:
    __slots__ = ("start", "end", "text", "key", "cap", "bits")

    def __init__(self, start: int, end: int, word: str):
        self.start, self.end, self.text = start, end, word
        self.key, self.cap, self.bits = _analyse(word)

    @property
    def stop(self) -> bool:
        return bool(self.bits & _STOP)

    @property
    def first(self) -> bool:
        return bool(self.bits & _FIRST)

    @property
    def first_amb(self) -> bool:
        return bool(self.bits & _FIRST_AMB)

    @property
    def surname(self) -> bool:
        return bool(self.bits & _SURNAME)

    @property
    def relation(self) -> bool:
        return bool(self.bits & _RELATION)

    @property
    def listed(self) -> bool:
        return bool(self.bits & _LISTED)

    @property
    def noun(self) -> bool:
        if self.bits & (_NOUN | _COMPOUND):
            return True
        return not self.bits & _LISTED and _noun_like(self.key)

    @property
    def foreign(self) -> bool:
        bare = self.text.rstrip(".")
        return self.cap and len(bare) >= 5 and _FOREIGN_SURNAME.fullmatch(bare) is not None and not self.noun


_CUE_WORDS = frozenset(
    _HEISSEN
    | _COPULA
    | _NAME_WORDS
    | _TITLES
    | _ACADEMIC
    | _SIGN_OFFS
    | _CUE_WORDS_EXTRA
    | {w.rstrip(".") for w in _TITLES | _ACADEMIC | _SIGN_OFFS}
)


def _name_spans(text: str) -> list[Span]:
    tokens = [_Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    if not tokens:
        return []
    letters = sum(map(str.isalpha, text))
    uppers = sum(map(str.isupper, text))
    mixed_case = uppers > 0 and not (letters > 6 and uppers > 0.7 * letters)

    def gap(i: int) -> str:
        """Text between token i-1 and token i."""
        return text[tokens[i - 1].end : tokens[i].start] if i > 0 else text[: tokens[0].start]

    keys = [t.key.rstrip(".") for t in tokens]  # read for every token and its neighbours: once

    def key(i: int) -> str:
        return keys[i] if 0 <= i < len(keys) else ""

    def plain_gap(i: int) -> bool:
        return re.fullmatch(r"[ \t]{1,3}", gap(i)) is not None

    def capitalised_unknown(t: _Token) -> bool:
        return mixed_case and t.cap and not t.stop and not t.noun and not t.text.rstrip(".").isupper()

    def cue(i: int) -> str:
        """How strongly the words before token i announce a name: 'strong', 'title', 'medium', 'list' or ''."""
        g = gap(i)
        p1, p2, p3 = key(i - 1), key(i - 2), key(i - 3)
        if i >= 1 and p1 in _HEISSEN and re.fullmatch(r"[\s:,]{1,3}", g):
            return "strong"
        if i >= 2 and p1 in _COPULA and p2 in _NAME_WORDS and re.fullmatch(r"[\s:]{1,3}", g):
            return "strong"
        if i >= 1 and p1 in _NAME_WORDS and ":" in g and len(g) <= 3:
            return "strong"
        # Herr/Frau/Familie, possibly with Dr./Prof. between
        j = i - 1
        while j >= 0 and key(j) in _ACADEMIC:
            j -= 1
        if j >= 0 and j < i and key(j) in _TITLES and len(text[tokens[j].end : tokens[j + 1].start]) <= 3:
            title = key(j)
            if title in {"frau", "familie"} and (j == 0 or not _DETERMINERS.fullmatch(key(j - 1)) or not plain_gap(j)):
                return "title" if tokens[j].cap or not mixed_case else "list"
            if title in {"frau", "familie"}:
                return "list"  # "meine Frau Anna" names Anna; "meine Frau Arbeit" does not
            return "title"
        if i >= 1 and p1 in _SIGN_OFFS and re.fullmatch(r"[\s,:!-]{1,4}", g):
            return "medium"  # "Gruß, Gerda" but not "gruss gott", "ciao kakao"
        if i >= 2 and p1 == "von" and p2 in _SIGN_OFFS:
            return "medium"
        if i >= 2 and p1 in {"der", "die"} and p2 == "bin":
            return "medium"
        if i >= 2 and p1 in _HERE_VERBS and p2 in _HERE:
            return "medium"
        if i >= 3 and p1 in {"nochmal", "wieder", "mal"} and p2 in _HERE_VERBS and p3 in _HERE:
            return "medium"
        if i >= 1 and p1 == "schreibt" and p2 == "hier":
            return "medium"
        if i >= 1 and p1 == "klingel":
            return "title"
        if i >= 1 and p1 == "bin" and plain_gap(i):
            return "list"
        if i >= 1 and tokens[i - 1].relation and re.fullmatch(r"[ ,]{1,3}", g):
            return "list"
        return ""

    def accept(i: int, strength: str) -> bool:
        t = tokens[i]
        if t.stop:
            return False
        if strength == "strong":
            return t.listed or t.foreign or (not t.noun) or (t.cap and mixed_case and not t.noun)
        if strength == "title":
            return t.listed or t.foreign or capitalised_unknown(t) or (not mixed_case and not t.noun)
        if strength == "medium":
            return t.listed or t.foreign or capitalised_unknown(t)
        if strength == "list":
            return t.listed or t.foreign
        return False

    def blocked(i: int) -> bool:
        """Part of a place or service name: St. Elisabeth, Haus Maria, Maria-Hilf-Kirche."""
        if i > 0 and key(i - 1) in _BLOCKERS_BEFORE and len(gap(i)) <= 2:
            return True
        return i + 1 < len(tokens) and key(i + 1) in _BLOCKERS_AFTER and plain_gap(i + 1) and tokens[i + 1].cap

    def free(i: int) -> bool:
        """A name without a cue: a listed first name, an unambiguous listed surname, a foreign surname form."""
        t = tokens[i]
        if not (t.first or t.surname or t.cap) or t.stop or blocked(i):
            return False
        bare = t.text.rstrip(".")
        if t.first and (t.cap or len(bare) >= 4):
            return True
        if t.surname and t.cap and mixed_case and not t.noun:
            return True
        return t.foreign and mixed_case

    spans: list[Span] = []
    i = 0
    n = len(tokens)
    while i < n:
        previous = tokens[i - 1] if i else None
        strength = cue(i) if previous is not None and (previous.relation or keys[i - 1] in _CUE_WORDS) else ""
        if not ((strength and accept(i, strength)) or free(i)):
            i += 1
            continue
        start_i = end_i = i
        strong = strength == "strong"
        # more parts of the same name: "Max Mustermann", "Marie Sophie Engel", "ahmad karimi"
        while end_i + 1 < n and end_i - start_i < 3 and plain_gap(end_i + 1):
            t = tokens[end_i + 1]
            if t.stop or (t.text.endswith(".") and not t.listed):
                break
            if t.listed or t.foreign or capitalised_unknown(t):
                end_i += 1
                continue
            if strong and not mixed_case and not t.noun and len(t.text) >= 3:
                end_i += 1
                continue
            break
        # a first name before a name found by its surname: "Karl-Heinz Schäfer hier"
        while start_i > 0 and plain_gap(start_i) and (tokens[start_i - 1].first or tokens[start_i - 1].first_amb):
            if tokens[start_i - 1].stop or blocked(start_i - 1):
                break
            start_i -= 1
        spans.append((tokens[start_i].start, tokens[end_i].end - (1 if tokens[end_i].text.endswith(".") else 0), NAME))
        i = end_i + 1
    # "Uwe hier", "Renate Fuchs mein Name": a capitalised word right before these
    for i in range(n - 1):
        nxt = keys[i + 1]
        if nxt not in {"hier", "mein"}:
            continue
        t = tokens[i]
        if t.stop or t.noun or not (t.cap or t.listed):
            continue
        nxt2 = key(i + 2)
        if (
            nxt == "hier"  # "Tach, Uwe hier, …" but not "Antwortet hier eine Maschine?"
            and (i + 2 >= n or re.search(r"[,.!?:;–-]", gap(i + 2)) is not None)
            and (t.listed or capitalised_unknown(t))
        ) or (nxt == "mein" and nxt2 == "name" and (i + 3 >= n or "." in gap(i + 3) or key(i + 3) not in _COPULA)):
            if (
                i > 0
                and plain_gap(i)
                and (tokens[i - 1].listed or capitalised_unknown(tokens[i - 1]))
                and not tokens[i - 1].stop
            ):
                spans.append((tokens[i - 1].start, t.end, NAME))
            else:
                spans.append((t.start, t.end, NAME))
    return spans


# ---------------------------------------------------------------------------------------------


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end, label in sorted(spans):
        if merged and start < merged[-1][1]:
            s, e, old = merged[-1]
            merged[-1] = (s, max(e, end), old if _PRIORITY[old] <= _PRIORITY[label] else label)
        else:
            merged.append((start, end, label))
    return merged


def personal_data_spans(text: str) -> list[Span]:
    """(start, end, placeholder) for every piece of personal data found, overlapping finds joined."""
    spans: list[Span] = []
    for finder in (_emails, _ibans, _file_numbers, _dates, _phone_numbers, _spoken_numbers, _addresses, _name_spans):
        spans.extend(finder(text))
    return _merge(spans)


def mask_personal_data(text: str) -> str:
    """Replace names, phone numbers, e-mail addresses, IBANs, dates of birth, street addresses and
    file numbers with German placeholders ("[Name]", "[Telefon]", …); everything else is kept as it was."""
    if not text:
        return text
    out = []
    position = 0
    for start, end, label in personal_data_spans(text):
        out.append(text[position:start])
        out.append(label)
        position = end
    out.append(text[position:])
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Special categories of personal data (Art. 9 GDPR) tied to a person

_SENSITIVE_TERM = re.compile(
    r"(?:hiv|hiv-\w+|aids|hepatitis|\w*krebs|tumor|leukaemie|diabetes|diabetiker\w*|epilep\w*|sklerose|ms|parkinson"
    r"|alzheimer|demenz|dement|depression\w*|depressiv\w*|antidepressiv\w*|psychose\w*|psychotisch\w*|schizophren\w*"
    r"|bipolar\w*|borderline\w*|(?:ess|angst|zwangs|persoenlichkeits|belastungs|panik)stoerung\w*|panikattacke\w*"
    r"|ptbs|ptsd|traumatisiert\w*|bulimi\w*|magersucht|magersuechtig\w*|anorexi\w*|adhs|ads|autis\w*|suizid\w*"
    r"|selbstmord\w*|ritzt|ritze|ritzen|selbstverletz\w*|psychisch\w*|psychiatrie|psychiatrisch\w*|krankgeschrieben"
    r"|schwerbehindert\w*|behindert|behinderung|(?:alkohol|drogen|heroin|tabletten|medikamenten|kokain|opiat|crystal"
    r"|spiel|gluecksspiel|crack|cannabis|kauf|internet|online|wett)(?:abhaengig\w*|suechtig\w*|sucht|krank\w*)"
    r"|suechtig|alkoholiker\w*|junkie|heroin|kokain|methadon|substituiert|substitution|entzug"
    r"|schwanger\w*|fehlgeburt|abtreibung|abgetrieben|schwangerschaftsabbruch"
    r"|schwul\w*|lesbisch\w*|lesbe|bisexuell\w*|homosexuell\w*|queer\w*|trans|transsexuell\w*|transgender|transfrau"
    r"|transmann|nonbinaer|nicht-binaer|intersexuell\w*|gay"
    r"|vorbestraft|vorstrafe\w*|gefaengnis|knast|jva|haft|u-haft|untersuchungshaft|haftstrafe|abschiebehaft"
    r"|haftentlassen\w*|bewaehrung\w*|verurteilt|straffaellig\w*|sozialstunden|gesessen"
    r"|muslim\w*|moslem\w*|jude|juedin|juedisch\w*|christ|christin|katholisch\w*|evangelisch\w*|orthodox\w*"
    r"|jehovas|buddhist\w*|hindu\w*|atheist\w*|alevit\w*|jesid\w*|sikh|kopftuch|konvertiert"
    r"|gewerkschaft\w*|roma|sinti)"
)
_PERSON = {
    "ich",
    "mich",
    "mir",
    "mein",
    "meine",
    "meinen",
    "meinem",
    "meiner",
    "meines",
    "wir",
    "uns",
    "unser",
    "unsere",
    "unserem",
    "unseren",
    "unserer",
    "er",
    "sie",
    "ihm",
    "bin",
    "hab",
    "habe",
    "hatte",
}
_STATE_VERBS = {
    "bin",
    "bist",
    "ist",
    "sind",
    "war",
    "waren",
    "waere",
    "habe",
    "hab",
    "hast",
    "hat",
    "haben",
    "hatte",
    "hatten",
    "leide",
    "leidet",
    "leiden",
    "nehme",
    "nimmt",
    "bekomme",
    "bekommt",
    "sitze",
    "sitzt",
    "sass",
    "wurde",
    "wurden",
    "werde",
    "wird",
    "gelte",
    "erkrankt",
    "trinke",
    "trinkt",
    "spritze",
    "spritzt",
    "kiffe",
    "kifft",
    "ritze",
    "ritzt",
    "lebe",
    "lebt",
    "trage",
    "traegt",
    "raus",
    "entlassen",
}
_TOPIC_PREPOSITIONS = {"fuer", "zu", "zur", "zum", "ueber", "gegen", "bei", "von", "vom", "thema", "beratung", "test"}
_CLAUSE_SPLIT = re.compile(r"[!?;\n]+|(?<!\d)\.(?=\s|$)")
_SENSITIVE_TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def mentions_sensitive_detail(text: str) -> bool:
    """True when the text ties health, pregnancy, sexual orientation or identity, a criminal record,
    religion, union membership or ethnic origin to a person ("Mein Sohn hat Schizophrenie");
    such text should not be stored at all. A question about a topic ("Wo gibt es HIV-Tests?") is not."""
    if not text:
        return False
    for clause in _CLAUSE_SPLIT.split(text):
        words = [m.group() for m in _SENSITIVE_TOKEN.finditer(clause)]
        if not words:
            continue
        folded = [_fold(w) for w in words]
        person = any(w in _PERSON for w in folded) or any(
            (w in {"frau", "herr", "herrn"} and k + 1 < len(words) and words[k + 1][:1].isupper())
            or _has(words[k], "relation_words")
            or (words[k][:1].isupper() and _has(words[k], "first_names"))
            for k, w in enumerate(folded)
        )
        if not person or not any(w in _STATE_VERBS for w in folded):
            continue
        for k, w in enumerate(folded):
            if w == "ms" and words[k] != "MS":
                continue
            if _SENSITIVE_TERM.fullmatch(w) and not any(p in _TOPIC_PREPOSITIONS for p in folded[max(0, k - 3) : k]):
                return True
            if (
                "-" in w
                and any(_SENSITIVE_TERM.fullmatch(part) for part in w.split("-"))
                and not any(p in _TOPIC_PREPOSITIONS for p in folded[max(0, k - 3) : k])
                and not w.endswith(("-test", "-beratung", "-gruppe", "-hilfe"))
            ):
                return True
    return False
