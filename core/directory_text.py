"""Swedish text for the who-does-what search: folding, words, stems, compounds.

Everything here is used twice, once when an entry is indexed and once when a query
is read, so both sides agree on what a word is:

- folded: case and accents off ('Örebro' -> 'orebro'); the card still shows å, ä, ö
  because only the index holds folded text;
- stemmed with Snowball's Swedish stemmer ('missbruket' -> 'missbruk'), plus one
  step Snowball leaves out: a bare definite -n ('psykiatrin', 'kuratorn'), which it
  keeps because it cannot tell it from a stem ending in n;
- split into parts when a compound is built from words the care field uses
  ('missbruksvård' -> missbruk + vård, 'boendestödjare' -> boende + stödjare), so
  'vård' finds missbruksvård. Snowball does not split compounds, and a general
  decompounder would need a dictionary we cannot ship; the lexicon below is the
  field's own words.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from core.contact_model import fold

_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("swedish")


def _listed(text: str) -> list[str]:
    """The words of a word list written as running text."""
    return text.split()


# Snowball's Swedish stop words (folded) and the filler a care worker types around
# a search ("vem jobbar med ...", "finns det någon i ..."). Dropped from queries,
# and the same on both databases (PostgreSQL's 'swedish' configuration drops its
# own list from documents; a query word it would drop must never reach it).
STOPWORDS: frozenset[str] = frozenset(
    fold(w)
    for w in _listed(
        """
        och det att i en jag hon som han på den med var sig för så till är men ett om
        hade de av icke mig du henne då sin nu har inte hans honom skulle hennes där
        min man ej vid kunde något från ut när efter upp vi dem vara vad över än dig
        kan sina här ha mot alla under någon eller allt mycket sedan ju denna själv
        detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras blir
        mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje
        vilka ditt vem vilket sitta sådana vart dina vars vårt våra ert era vilkas
        jobbar arbetar finns hittar hitta söker sök kontakt kontakten kontakta
        who the and of in for with at
        """
    )
)

# Parts that care-field compounds are built from (folded). The last part of a
# compound may carry an ending ('vården', 'stödjaren'); the others may be followed
# by a linking s ('missbruks-vård', 'arbets-träning').
COMPOUND_PARTS: frozenset[str] = frozenset(
    fold(w)
    for w in _listed(
        """
        aktivitet arbete arbets arbetsmarknad assistans barn behandling beroende boende
        bostad bistånd central chef daglig dygn enhet ersättning familj försörjning
        förmedling förmedlare funktion grupp habilitering handläggare handläggning hälsa
        hem hemtjänst jour kommunal konsulent koordinator kris kurator läkare mottagning
        missbruk nedsättning ombud omsorg omvårdnad penning personlig plan psykiatri
        psykolog rehab rehabilitering relation samordnare samordning samverkan
        sekreterare sjuk sjukvård sjuksköterska sköterska skötare skol skola social stöd
        stödjare team terapeut tjänst träning ungdom ungdoms vuxen vård verksamhet våld elev
        """
    )
)
_MIN_PART = 3
_LINKERS = ("s", "e", "")


def words(text: str) -> list[str]:
    """The folded words of a text: 'LSS-handläggare, Kumla' -> ['lss', 'handlaggare', 'kumla']."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The search stem of a folded word: Snowball, then a bare definite -n off."""
    stemmed = _STEMMER.stemWord(word)
    if stemmed == word and len(word) >= 6 and word.endswith("n") and word[-2] in "aeiouyr":
        return word[:-1]
    return stemmed


@lru_cache(maxsize=65536)
def compound_parts(word: str) -> tuple[str, ...]:
    """The lexicon parts a folded compound is built from, () if it is not one.

    'missbruksvard' -> ('missbruk', 'vard'); 'boendestodjaren' -> ('boende',
    'stodjare'); the last part only has to start the rest of the word.
    """
    if len(word) < 2 * _MIN_PART + 1:
        return ()
    found = _split(word, first=True)
    return tuple(found) if found and len(found) > 1 else ()


def _split(rest: str, *, first: bool) -> list[str] | None:
    # The longest last part first: 'socialpsykiatri' is one part, not social + ...
    for part in sorted((p for p in COMPOUND_PARTS if rest.startswith(p)), key=len, reverse=True):
        tail = rest[len(part) :]
        if not first and len(tail) <= 4:
            return [part]  # the last part, perhaps with an ending
        if first and not tail:
            return [part]
        for linker in _LINKERS:
            if linker and not tail.startswith(linker):
                continue
            remainder = tail[len(linker) :]
            if len(remainder) < _MIN_PART:
                continue
            more = _split(remainder, first=False)
            if more:
                return [part, *more]
    return None


def index_tokens(text: str) -> list[str]:
    """Every token an entry's text is found by: words, their stems, compound parts.

    Kept in order and without repeats, so the stored index text reads sensibly.
    """
    seen: dict[str, None] = {}
    for word in words(text):
        seen.setdefault(word, None)
        seen.setdefault(stem(word), None)
        for part in compound_parts(word):
            seen.setdefault(part, None)
    return list(seen)
