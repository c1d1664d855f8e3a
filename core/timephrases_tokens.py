"""Words of Swedish and English time phrases, turned into tokens (pure code).

Both languages share one vocabulary: their time words do not collide, so every
word tells its own language ("imorgon", "tomorrow") and no separate detection
step is needed. A word outside the vocabulary makes the whole phrase unknown, so
nothing is skipped and guessed around. Filler words ("på", "on", "the") are
dropped here; the grammar (core/timephrases_grammar.py) never needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    kind: str
    value: int | str = 0
    minute: int = 0
    month: int = 0
    year: int | None = None
    padded: bool = False  # written with a leading zero (03:00): a 24-hour time
    word: bool = False  # a number written as a word (tre, three)
    ampm: str | None = None


WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_WEEKDAYS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (("måndag", "mån", "monday", "mon"), ("måndagar", "mondays"), ("måndagen",)),
    (("tisdag", "tis", "tuesday", "tue", "tues"), ("tisdagar", "tuesdays"), ("tisdagen",)),
    (("onsdag", "ons", "wednesday", "wed"), ("onsdagar", "wednesdays"), ("onsdagen",)),
    (
        ("torsdag", "tors", "tor", "thursday", "thu", "thur", "thurs"),
        ("torsdagar", "thursdays"),
        ("torsdagen",),
    ),
    (("fredag", "fre", "friday", "fri"), ("fredagar", "fridays"), ("fredagen",)),
    (("lördag", "lör", "saturday", "sat"), ("lördagar", "saturdays"), ("lördagen",)),
    (("söndag", "sön", "sunday", "sun"), ("söndagar", "sundays"), ("söndagen",)),
)

_MONTHS: tuple[tuple[str, ...], ...] = (
    ("januari", "jan", "january"),
    ("februari", "feb", "february"),
    ("mars", "mar", "march"),
    ("april", "apr"),
    ("maj", "may"),
    ("juni", "jun", "june"),
    ("juli", "jul", "july"),
    ("augusti", "aug", "august"),
    ("september", "sep", "sept"),
    ("oktober", "okt", "october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)

_ONES_SV = ("noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio")
_ONES_EN = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS_SV = ("tio", "elva", "tolv", "tretton", "fjorton", "femton", "sexton", "sjutton")
_TEENS_SV_REST = {"arton": 18, "aderton": 18, "nitton": 19}
_TEENS_EN = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen")
_TEENS_EN_REST = {"seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS_SV = {"tjugo": 20, "trettio": 30, "fyrtio": 40, "femtio": 50}
_TENS_EN = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}


def _number_words() -> dict[str, int]:
    words: dict[str, int] = {"ett": 1, "a": 1, "an": 1, **_TEENS_SV_REST, **_TEENS_EN_REST}
    for ones in (_ONES_SV, _ONES_EN):
        words.update({word: n for n, word in enumerate(ones)})
    for teens in (_TEENS_SV, _TEENS_EN):
        words.update({word: 10 + n for n, word in enumerate(teens)})
    for tens, ones in ((_TENS_SV, _ONES_SV), (_TENS_EN, _ONES_EN)):
        for tens_word, tens_value in tens.items():
            words[tens_word] = tens_value
            for n, one in enumerate(ones[1:], start=1):
                words[tens_word + one] = tens_value + n
    words["tjugoett"] = 21
    return words


NUMBER_WORDS = _number_words()
_TENS_VALUES = frozenset(_TENS_SV.values())

_NTH = {
    "första": 1, "first": 1, "andra": 2, "second": 2, "tredje": 3, "third": 3,
    "fjärde": 4, "fourth": 4, "femte": 5, "fifth": 5, "sista": -1, "last": -1,
}  # fmt: skip

_SIMPLE: dict[str, tuple[str, int | str]] = {
    **{w: ("unit", "min") for w in ("minut", "minuter", "minuten", "min", "mins", "minute")},
    **{w: ("unit", "min") for w in ("minutes", "m")},
    **{w: ("unit", "hour") for w in ("timme", "timmar", "timma", "tim", "h", "hour", "hours")},
    **{w: ("unit", "hour") for w in ("hr", "hrs", "t")},
    **{w: ("unit", "day") for w in ("dag", "dagen", "dagar", "dygn", "day", "days")},
    **{w: ("unit", "week") for w in ("vecka", "veckor", "week", "weeks")},
    **{w: ("unit", "month") for w in ("månad", "månader", "månaden", "month", "months")},
    **{w: ("unit", "halfhour") for w in ("halvtimme", "halvtimma", "halvtimmen")},
    **{w: ("kl", 0) for w in ("kl", "klockan", "at")},
    **{w: ("in", 0) for w in ("om", "in")},
    "den": ("den", 0),
    "i": ("i", 0),
    "of": ("of", 0),
    **{w: ("past", 0) for w in ("över", "past", "after")},
    "to": ("to", 0),
    "halv": ("halv", 0),
    "half": ("half", 0),
    **{w: ("kvart", 0) for w in ("kvart", "quarter")},
    **{w: ("and", 0) for w in ("och", "and", "&")},
    **{w: ("every", 0) for w in ("varje", "every", "each", "alla")},
    **{w: ("everyother", 0) for w in ("varannan", "vartannat", "varannat")},
    **{w: ("weekdays", "sg") for w in ("vardag", "weekday", "workday", "arbetsdag")},
    **{w: ("weekdays", "pl") for w in ("vardagar", "weekdays", "workdays", "arbetsdagar")},
    **{w: ("weekend", "sg") for w in ("helg", "weekend")},
    **{w: ("weekend", "pl") for w in ("helger", "weekends")},
    **{w: ("next", 0) for w in ("nästa", "next")},
    **{w: ("this", 0) for w in ("this", "denna", "coming", "kommande")},
    **{w: ("isoweek", 0) for w in ("v", "w", "wk")},
    **{w: ("rel", 0) for w in ("idag", "today")},
    **{w: ("rel", 1) for w in ("imorgon", "tomorrow")},
    "övermorgon": ("rel", 2),
    **{w: ("rel", -1) for w in ("igår", "yesterday")},
    **{w: ("period", "morgon") for w in ("morgon", "morgonen", "morning")},
    **{w: ("period", "bitti") for w in ("bitti", "early")},
    **{w: ("period", "förmiddag") for w in ("förmiddag", "förmiddagen", "forenoon")},
    **{w: ("period", "lunch") for w in ("lunch", "lunchen", "lunchtid", "noon", "midday")},
    **{w: ("period", "eftermiddag") for w in ("eftermiddag", "eftermiddagen", "afternoon")},
    **{w: ("period", "kväll") for w in ("kväll", "kvällen", "evening")},
    **{w: ("period", "natt") for w in ("natt", "natten", "night", "inatt")},
    **{w: ("period", "am") for w in ("am", "fm")},
    **{w: ("period", "pm") for w in ("pm", "em")},
    **{w: ("todayperiod", p) for w, p in (("ikväll", "kväll"), ("imorse", "morgon"))},
    **{w: ("todayperiod", p) for w, p in (("ieftermiddag", "eftermiddag"),)},
    **{w: ("todayperiod", p) for w, p in (("iförmiddag", "förmiddag"),)},
    "oclock": ("oclock", 0),
}
_FILLERS = frozenset({"på", "on", "the", "vid", "ca", "cirka", "runt", "around"})

# Several words that mean one thing, rewritten before the text is split.
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"(the )?day after tomorrow", "övermorgon"),
    (r"i ?övermorgon", "övermorgon"),
    (r"i (morgon|morn|morrn)|imorn|imorrn", "imorgon"),
    (r"i dag", "idag"),
    (r"i går", "igår"),
    (r"i kväll|this evening|tonight", "ikväll"),
    (r"i natt", "inatt"),
    (r"i eftermiddag|this afternoon", "ieftermiddag"),
    (r"i förmiddag", "iförmiddag"),
    (r"i morse|this morning", "imorse"),
    (r"in the morning", "morgon"),
    (r"in the afternoon", "eftermiddag"),
    (r"in the evening", "kväll"),
    (r"at night|in the night", "natt"),
    (r"at noon|mitt på dagen|vid lunch", "lunch"),
    (r"every (other|second)", "varannan"),
    (r"dagligen|daily", "varje dag"),
    (r"veckovis|weekly", "varje vecka"),
    (r"månadsvis|monthly", "varje månad"),
    (r"den här", "this"),
    (r"(a )?half an hour|(a )?half hour", "halvtimme"),
    (r"(a )?quarter of an hour|(a )?quarter hour", "kvart"),
)
_PHRASE_PATTERNS = tuple(
    (re.compile(rf"(?<!\S)(?:{pattern})(?!\S)"), replacement) for pattern, replacement in _PHRASES
)

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(am|pm)?")
_HOUR_AMPM = re.compile(r"(\d{1,2})(am|pm)")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_MONTH = re.compile(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?")
_ORDINAL = re.compile(r"(\d{1,2})(?::?[ae]|st|nd|rd|th)")
_NUMBER = re.compile(r"\d{1,4}")
_DECIMAL = re.compile(r"(\d{1,2})\.(\d)")  # 1.5 (1,5 is rewritten to it): tenths


def normalise(text: str) -> str:
    """Lower case, plain spaces, punctuation that carries no time dropped."""
    text = text.lower().replace("\u00a0", " ").replace("’", "'")
    text = re.sub(r"\b([ap])\.m\.?", r"\1m", text)
    text = re.sub(r"o'\s?clock", "oclock", text)
    text = re.sub(r"(?<=[a-zåäö])-(?=[a-zåäö])", "", text)  # twenty-five
    text = re.sub(r"(?<![\d,])(\d{1,2}),(\d)(?![\d,])", r"\1.\2", text)  # 1,5 → 1.5
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)  # keep 9.30, drop "kl." and "v."
    text = re.sub(r"[,;!?()\"'«»–—]", " ", text)
    text = re.sub(r":(?!\w)", " ", text)  # "kl 9:" but not 9:30 or 1:a
    text = re.sub(r"\b(v|w|kl)(\d)", r"\1 \2", text)  # v49, kl9
    text = " ".join(text.split())
    for pattern, replacement in _PHRASE_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _numeric(word: str) -> Token | None:
    if match := _TIME.fullmatch(word):
        hour, minute = match.group(1), int(match.group(2))
        padded = len(hour) == 2 and hour.startswith("0")
        return Token("time", int(hour), minute, padded=padded, ampm=match.group(3))
    if match := _HOUR_AMPM.fullmatch(word):
        return Token("time", int(match.group(1)), 0, ampm=match.group(2))
    if match := _ISO_DATE.fullmatch(word):
        year, month, day = (int(part) for part in match.groups())
        return Token("date", day, month=month, year=year)
    if match := _DAY_MONTH.fullmatch(word):
        year_text = match.group(3)
        year = None if year_text is None else int(year_text) + (2000 if len(year_text) == 2 else 0)
        return Token("date", int(match.group(1)), month=int(match.group(2)), year=year)
    if match := _DECIMAL.fullmatch(word):
        return Token("tenths", int(match.group(1)) * 10 + int(match.group(2)))
    if match := _ORDINAL.fullmatch(word):
        return Token("ord", int(match.group(1)))
    if _NUMBER.fullmatch(word):
        return Token("num", int(word), padded=len(word) == 2 and word.startswith("0"))
    return None


def _word(word: str) -> Token | None:
    if word in _SIMPLE:
        kind, value = _SIMPLE[word]
        return Token(kind, value)
    if word in NUMBER_WORDS:
        return Token("num", NUMBER_WORDS[word], word=True)
    if word in _NTH:
        return Token("nth", _NTH[word])
    for index, (single, plural, definite) in enumerate(_WEEKDAYS):
        if word in single:
            return Token("wd", index)
        if word in plural:
            return Token("wdpl", index)
        if word in definite:
            return Token("wdef", index)
    for index, names in enumerate(_MONTHS, start=1):
        if word in names:
            return Token("month", index)
    return None


def tokenize(text: str) -> list[Token] | None:
    """Tokens of a time phrase, or None when a word is not a time word."""
    tokens: list[Token] = []
    for word in normalise(text).split():
        if word in _FILLERS:
            continue
        token = _numeric(word) or _word(word)
        if token is None:
            return None
        previous = tokens[-1] if tokens else None
        if (
            previous is not None
            and previous.kind == "num"
            and previous.word
            and previous.value in _TENS_VALUES
            and token.kind == "num"
            and token.word
            and 1 <= int(token.value) <= 9
        ):
            tokens[-1] = Token("num", int(previous.value) + int(token.value), word=True)
            continue
        tokens.append(token)
    return tokens
