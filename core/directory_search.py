"""Reading a `vem` query and ranking what the database found (pure logic).

The database does the heavy work: it finds the entries where every query word
matches (SQLite FTS5 or PostgreSQL full-text search, both over Swedish stems made here)
and hands back at most fifty or so (storage.directory_service.CANDIDATE_LIMIT).
This module decides what the words mean before that and puts the candidates in a
final order after it, the same on both databases.

A broad query ("psykiatri") matches thousands of entries at 100,000, and having the
database rank all of them (bm25, ts_rank) cost 20–40 ms. Instead the database is
asked in TIERS, best first, each stopping at the first fifty it meets in index
order: every word exactly (same stem) in the name; exactly in name, title/unit,
areas or place; then anywhere, prefixes included. Each tier is an index lookup
that stops early, so a query costs a few milliseconds however many it matches;
when there are more than fifty the answer says so and asks for another word.

What the words mean:

- filters `kommun:Kumla` and `org:region` (also `org:fk`, `org:af`,
  `org:samordningsförbund`);
- abbreviations widen to what they stand for (FK finds Försäkringskassan, and
  Försäkringskassan finds an entry tagged FK); short ones match exactly, so AF does
  not find afasi;
- a word no entry has is split into parts ('missbruksvård') or corrected to the
  nearest word the directory has ('psykatri' -> psykiatri, Damerau distance 1–2
  by rapidfuzz), and the answer says so; a word with neither makes the answer "no
  match" with suggestions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import OSA

from core.contact_model import AF, AGENCY_KINDS, FINSAM, FK, KOMMUN, REGION, fold
from core.directory_text import STOPWORDS, compound_parts, stem
from core.personnummer import contains_personnummer

# Groups of words that mean the same to a care worker (folded). Any member finds
# every member. Members of four letters or fewer are abbreviations and match whole.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("fk", "forsakringskassan"),
    ("af", "arbetsformedlingen"),
    ("ifo", "familjeomsorg", "socialtjanst"),
    ("bup", "ungdomspsykiatri"),
    ("vc", "vardcentral"),
    ("hvb", "behandlingshem"),
    ("dbt", "dialektisk"),
    ("spot", "omvardnadsteam"),
    ("finsam", "samordningsforbund"),
    ("po", "ombud"),
    ("npf", "neuropsykiatri"),
    ("lss", "funktionsstod"),
    ("sip", "samordnad"),
    ("bmo", "beroende", "missbruk"),
    ("kbt", "kognitiv"),
    ("socialbidrag", "forsorjningsstod", "ekonomiskt"),
)
_SYNONYM_OF: dict[str, tuple[str, ...]] = {word: group for group in SYNONYMS for word in group}
_ABBREVIATION_MAX = 4

# `org:` words and the agency kind each means.
ORG_WORDS: Mapping[str, str] = {
    "region": REGION,
    "landsting": REGION,
    "kommun": KOMMUN,
    "kommunen": KOMMUN,
    "fk": FK,
    "forsakringskassan": FK,
    "af": AF,
    "arbetsformedlingen": AF,
    "samordningsforbund": FINSAM,
    "samordningsforbundet": FINSAM,
    "finsam": FINSAM,
    "forbund": FINSAM,
}
_FILTER = re.compile(
    r"(?i)\b(kommun|org|organisation|huvudman|municipality)\s*[:=]\s*(\"[^\"]*\"|\S+)"
)

# What a match is worth: where it is found, and how.
FIELD_WEIGHTS: Mapping[str, float] = {
    "name": 8.0,
    "role": 6.0,
    "areas": 6.0,
    "place": 4.0,
    "help": 1.0,
}
FIELDS = tuple(FIELD_WEIGHTS)
EXACT, PREFIX = 1.0, 0.75
SYNONYM_FACTOR, CORRECTED_FACTOR, PART_FACTOR = 0.95, 0.9, 0.8
MIN_PREFIX = 3


@dataclass(frozen=True)
class Alternative:
    """One folded token to look for; a prefix matches every token it starts."""

    token: str
    prefix: bool
    # The whole folded word the token is the stem of, when it differs: an entry holding
    # it matches exactly too. Snowball stems "kurator" to "kurat" but "kuratorn" and
    # "kuratorerna" to "kurator", so the stem alone would not find them exactly.
    word: str | None = None

    @property
    def exact_tokens(self) -> tuple[str, ...]:
        return (self.token,) if self.word is None else (self.token, self.word)

    # Probes into Candidate.fields text (cached: frozen dataclasses keep a __dict__).
    @cached_property
    def exact_probes(self) -> tuple[str, ...]:
        return tuple(f" {token} " for token in self.exact_tokens)

    @cached_property
    def prefix_probe(self) -> str:
        return f" {self.token}"


@dataclass(frozen=True)
class Clause:
    """Tokens that must all match (more than one for a compound's parts)."""

    parts: tuple[Alternative, ...]
    factor: float = 1.0


@dataclass(frozen=True)
class Term:
    """One query word: it matches when any clause matches. `typed` is the word as
    the person typed it (case and accents kept); the clauses use its folded form."""

    typed: str
    clauses: tuple[Clause, ...]
    corrected: str | None = None


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    terms: tuple[Term, ...] = ()
    municipality: str | None = None  # as the directory spells it: "Hällefors"
    agency_kind: str | None = None
    unknown: tuple[str, ...] = ()  # typed words nothing in the directory matches
    suggestions: tuple[str, ...] = ()  # "did you mean" words, as the directory spells them
    problem: str | None = None  # a translation key when a filter is wrong
    problem_params: Mapping[str, str] = field(default_factory=dict)

    @property
    def searchable(self) -> bool:
        """Whether asking the database can find anything."""
        has_filter = self.municipality is not None or self.agency_kind is not None
        return self.problem is None and not self.unknown and (bool(self.terms) or has_filter)

    @property
    def corrections(self) -> tuple[tuple[str, str], ...]:
        return tuple((t.typed, t.corrected) for t in self.terms if t.corrected)


_MEMO_SIZE = 10_000  # remembered corrections and suggestions per vocabulary

# A directory repeats its words (titles, places, areas): fold each once.
_fold_word = lru_cache(maxsize=65536)(fold)


def _absorb(
    entries: Iterable[tuple[str, str, str]],
    counts: dict[str, int],
    tokens: set[str],
    display: dict[str, str],
    municipalities: dict[str, str],
) -> None:
    for text, municipality, stored in entries:
        seen = set()
        for original in re.findall(r"\w+", text):
            folded = _fold_word(original)
            if not folded.isalnum() or folded in seen:
                continue
            seen.add(folded)
            counts[folded] = counts.get(folded, 0) + 1
            # How the word is written: lower case if it ever is ('kurator'),
            # else as capitalised ('Lindesberg', 'LSS').
            if folded not in display or original.islower():
                display[folded] = original
        tokens.update(stored.split())
        if municipality:
            municipalities.setdefault(fold(municipality), municipality)


class Vocabulary:
    """The words the directory holds, for prefix checks, corrections and suggestions.

    Built from every entry's text; `display` keeps how a word was written ('Örebro')
    so a suggestion shows å, ä, ö although the index is folded.
    """

    def __init__(
        self,
        counts: Mapping[str, int],
        tokens: Iterable[str],
        display: Mapping[str, str],
        municipalities: Mapping[str, str],
    ) -> None:
        self._counts = dict(counts)
        self._words = list(self._counts)
        self._tokens = sorted(set(tokens) | set(self._counts))
        self._display = dict(display)
        self._municipalities = dict(municipalities)
        # Looking a word up among thousands costs ~2 ms; a vocabulary never changes
        # (a changed directory gets a new one), so each word is looked up once.
        self._corrections: dict[str, str | None] = {}
        self._suggestions: dict[tuple[str, int], list[str]] = {}

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str, str]]) -> Vocabulary:
        """From (entry text, municipality, index tokens) per entry: the text is every
        searchable field as written, the tokens what the index holds for them
        (core.directory_text.index_tokens, stored when the entry was written)."""
        counts: dict[str, int] = {}
        tokens: set[str] = set()
        display: dict[str, str] = {}
        municipalities: dict[str, str] = {}
        _absorb(entries, counts, tokens, display, municipalities)
        return cls(counts, tokens, display, municipalities)

    def with_entries(self, entries: Iterable[tuple[str, str, str]]) -> Vocabulary:
        """A new vocabulary that also knows these entries (an entry just saved), made
        without reading the directory again. This one is left as it is: a search
        may be using it."""
        counts, display = dict(self._counts), dict(self._display)
        municipalities, tokens = dict(self._municipalities), set[str]()
        _absorb(entries, counts, tokens, display, municipalities)
        return Vocabulary(counts, tokens | set(self._tokens), display, municipalities)

    @property
    def size(self) -> int:
        return len(self._words)

    def has_prefix(self, prefix: str) -> bool:
        i = bisect.bisect_left(self._tokens, prefix)
        return i < len(self._tokens) and self._tokens[i].startswith(prefix)

    def has(self, token: str) -> bool:
        i = bisect.bisect_left(self._tokens, token)
        return i < len(self._tokens) and self._tokens[i] == token

    def display(self, word: str) -> str:
        return self._display.get(word, word)

    def correct(self, word: str) -> str | None:
        """The directory's word nearest a misspelt one, if it is near enough:
        one edit for words of 4–6 letters, two from 7 (a swap counts as one)."""
        if word not in self._corrections:
            if len(self._corrections) >= _MEMO_SIZE:
                self._corrections.clear()
            self._corrections[word] = self._correct(word)
        return self._corrections[word]

    def _correct(self, word: str) -> str | None:
        if len(word) < 4:
            return None
        limit = 1 if len(word) <= 6 else 2
        found = process.extract(word, self._words, scorer=OSA.distance, score_cutoff=limit, limit=8)
        if not found:
            return None
        found.sort(key=lambda hit: (hit[1], -self._counts[hit[0]], hit[0]))
        return found[0][0]

    def suggest(self, word: str, n: int = 3) -> list[str]:
        """Up to n of the directory's words that look most like `word`."""
        if (word, n) not in self._suggestions:
            if len(self._suggestions) >= _MEMO_SIZE:
                self._suggestions.clear()
            self._suggestions[word, n] = self._suggest(word, n)
        return list(self._suggestions[word, n])

    def _suggest(self, word: str, n: int) -> list[str]:
        if len(word) < 3:
            return []
        limit = max(2, len(word) // 3)
        found = process.extract(
            word, self._words, scorer=OSA.distance, score_cutoff=limit, limit=n * 4
        )
        found.sort(key=lambda hit: (hit[1], -self._counts[hit[0]], hit[0]))
        return [hit[0] for hit in found[:n]]

    def municipality(self, typed: str) -> str | None:
        """The directory's spelling of a municipality typed loosely ('hallefors')."""
        key = fold(typed)
        if key in self._municipalities:
            return self._municipalities[key]
        starts = [m for k, m in self._municipalities.items() if k.startswith(key)]
        if len(starts) == 1 and len(key) >= 3:
            return starts[0]
        if len(key) >= 4:
            hit = process.extractOne(
                key, list(self._municipalities), scorer=OSA.distance, score_cutoff=1
            )
            if hit is not None:
                return self._municipalities[hit[0]]
        return None


def _org_kind(typed: str) -> str | None:
    key = fold(typed).strip('"')
    if key in ORG_WORDS:
        return ORG_WORDS[key]
    if key in AGENCY_KINDS:
        return key
    hit = process.extractOne(key, list(ORG_WORDS), scorer=OSA.distance, score_cutoff=2)
    return ORG_WORDS[hit[0]] if hit is not None and len(key) >= 5 else None


def _word_clause(word: str, factor: float = 1.0) -> Clause:
    if (len(word) <= _ABBREVIATION_MAX and word in _SYNONYM_OF) or len(word) < MIN_PREFIX:
        return Clause((Alternative(word, prefix=False),), factor)
    stemmed = stem(word)
    return Clause((Alternative(stemmed, True, None if stemmed == word else word),), factor)


def _term(word: str, vocabulary: Vocabulary) -> Term | None:
    """What one query word means, or None when the directory cannot match it."""
    group = _SYNONYM_OF.get(word)
    if group is not None:
        clauses = [_word_clause(word)]
        clauses += [_word_clause(other, SYNONYM_FACTOR) for other in group if other != word]
        return Term(word, tuple(clauses))
    clause = _word_clause(word)
    if any(
        vocabulary.has_prefix(a.token) if a.prefix else vocabulary.has(a.token)
        for a in clause.parts
    ):
        return Term(word, (clause,))
    parts = compound_parts(word)
    if parts and all(vocabulary.has_prefix(stem(p)) for p in parts):
        split = Clause(tuple(Alternative(stem(p), prefix=True) for p in parts), PART_FACTOR)
        return Term(word, (split,))
    corrected = vocabulary.correct(word)
    if corrected is not None:
        clauses = [_word_clause(corrected, CORRECTED_FACTOR)]
        for other in _SYNONYM_OF.get(corrected, ()):
            if other != corrected:
                clauses.append(_word_clause(other, CORRECTED_FACTOR * SYNONYM_FACTOR))
        return Term(word, tuple(clauses), corrected=vocabulary.display(corrected))
    return None


def parse_query(text: str, vocabulary: Vocabulary) -> ParsedQuery:
    """Read what was typed after `vem` into terms and filters."""
    if contains_personnummer(text):  # the directory holds staff, never clients
        return ParsedQuery("", problem="directory.personnummer")
    municipality: str | None = None
    agency_kind: str | None = None
    for name, value in _FILTER.findall(text):
        value = value.strip('"').strip()
        if fold(name) in ("kommun", "municipality"):
            municipality = vocabulary.municipality(value)
            if municipality is None:
                return ParsedQuery(
                    text, problem="directory.filter.municipality", problem_params={"name": value}
                )
        else:
            agency_kind = _org_kind(value)
            if agency_kind is None:
                return ParsedQuery(
                    text, problem="directory.filter.org", problem_params={"name": value}
                )
    rest = _FILTER.sub(" ", text)
    terms: list[Term] = []
    unknown: list[str] = []
    suggestions: list[str] = []
    seen: set[str] = set()
    for typed in re.findall(r"\w+", rest):
        word = fold(typed)
        if word in STOPWORDS or word in seen or not word.isalnum():
            continue
        seen.add(word)
        term = _term(word, vocabulary)
        if term is None:
            unknown.append(typed)
            suggestions += [vocabulary.display(s) for s in vocabulary.suggest(word)]
        else:
            terms.append(replace(term, typed=typed))
    return ParsedQuery(
        text,
        terms=tuple(terms),
        municipality=municipality,
        agency_kind=agency_kind,
        unknown=tuple(unknown),
        suggestions=tuple(dict.fromkeys(suggestions)),
    )


# -- what the database is asked --------------------------------------------------------
@dataclass(frozen=True)
class Tier:
    """Where one database lookup looks: these fields (None: all), exact stems or prefixes."""

    fields: tuple[str, ...] | None
    exact: bool


STRONG_FIELDS = ("name", "role", "areas", "place")
TIERS = (Tier(("name",), exact=True), Tier(STRONG_FIELDS, exact=True), Tier(None, exact=False))
EVERYWHERE = TIERS[-1]


@dataclass(frozen=True)
class _Syntax:
    """How one database's full-text query language writes a word, a prefix, and, or."""

    word: str
    prefix: str
    and_: str
    or_: str


_FTS5 = _Syntax(word='"{}"', prefix='"{}"*', and_=" AND ", or_=" OR ")
_TSQUERY = _Syntax(word="{}", prefix="{}:*", and_=" & ", or_=" | ")


def _expression(query: ParsedQuery, tier: Tier, syntax: _Syntax) -> str:
    """Every term, any of its clauses, all of a clause's parts: prefixes only in a
    tier that takes them, and in an exact tier a stem or its whole word."""

    def alt(a: Alternative) -> str:
        if a.prefix and not tier.exact:
            return syntax.prefix.format(a.token)
        if a.word is not None and tier.exact:
            return "(" + syntax.or_.join(syntax.word.format(t) for t in a.exact_tokens) + ")"
        return syntax.word.format(a.token)

    def clause(c: Clause) -> str:
        return syntax.and_.join(alt(a) for a in c.parts)

    return syntax.and_.join(
        "(" + syntax.or_.join(f"({clause(c)})" for c in term.clauses) + ")" for term in query.terms
    )


def fts5_match(query: ParsedQuery, tier: Tier = EVERYWHERE) -> str:
    """The SQLite FTS5 MATCH expression, in the tier's columns (a column filter)."""
    expression = _expression(query, tier, _FTS5)
    if tier.fields is None:
        return expression
    columns = " ".join(f"idx_{name}" for name in tier.fields)
    return f"{{{columns}}} : ({expression})"


def fts5_tier_matches(query: ParsedQuery) -> tuple[str, ...]:
    """One MATCH expression per tier, each without the rows of the tier before it, so
    the tiers are disjoint and their first rows together are distinct."""
    matches = [fts5_match(query, tier) for tier in TIERS]
    return (matches[0], *(f"({m}) NOT ({before})" for before, m in pairwise(matches)))


def tsquery(query: ParsedQuery, tier: Tier = EVERYWHERE) -> str:
    """The PostgreSQL to_tsquery('simple', …) text: the same expression. (The tier's
    fields are a column of their own there: storage/directory_repository.py.)"""
    return _expression(query, tier, _TSQUERY)


# -- the final order ----------------------------------------------------------------------
def field_text(tokens: str) -> str:
    """A field's index tokens, space-separated as stored (the idx_* columns), as
    ranking reads them: " tok tok " (see Candidate)."""
    return f" {tokens} "


@dataclass(frozen=True)
class Candidate:
    """An entry the database found: its id, name, freshness and, per field, its index
    tokens as one space-padded string (field_text), so that an exact match is the
    substring " tok " and a prefix match the substring " tok", both found by C's
    substring search, ten times faster than looping over token sets in Python."""

    id: int
    name: str
    stale: bool
    fields: Mapping[str, str]


def _alternative_score(alternative: Alternative, text: str) -> float:
    if any(probe in text for probe in alternative.exact_probes):
        return EXACT
    if alternative.prefix and alternative.prefix_probe in text:
        return PREFIX
    return 0.0


# Fields from the heaviest down: a match in one outweighs any in those after it but
# a prefix match in the one before, so the search can stop early.
_BY_WEIGHT = sorted(FIELD_WEIGHTS.items(), key=lambda item: -item[1])


def _part_score(part: Alternative, fields: Mapping[str, str]) -> float:
    best = 0.0
    for name, weight in _BY_WEIGHT:
        if weight * EXACT <= best:
            break
        text = fields.get(name)
        if text:
            found = _alternative_score(part, text)
            if found:
                best = max(best, weight * found)
    return best


def _clause_score(clause: Clause, candidate: Candidate) -> float:
    lowest = 0.0
    for n, part in enumerate(clause.parts):
        best = _part_score(part, candidate.fields)
        if best == 0.0:
            return 0.0
        lowest = best if n == 0 else min(lowest, best)
    return lowest * clause.factor


# Swedish alphabetical order for names: å, ä, ö after z (and in that order), é as e,
# ü as y. Code points put ä before å, and fold() puts Åsa first among the A:s.
_SWEDISH_ORDER = str.maketrans(
    {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "é": "e", "è": "e", "ü": "y"}
)


def swedish_sort_key(name: str) -> str:
    return name.casefold().translate(_SWEDISH_ORDER)


def score(query: ParsedQuery, candidate: Candidate) -> float:
    """How well an entry fits: per term its best place and kind of match, summed.
    Zero when a term does not match at all."""
    total = 0.0
    for term in query.terms:
        best = max(_clause_score(c, candidate) for c in term.clauses)
        if best == 0.0:
            return 0.0
        total += best
    return total


def rank(query: ParsedQuery, candidates: Sequence[Candidate]) -> list[Candidate]:
    """The candidates that match every term, best first; ties: fresh before stale,
    then by name in Swedish order, so the order is the same on every database."""
    scored = [(score(query, c), c) for c in candidates]
    if query.terms:
        scored = [(s, c) for s, c in scored if s > 0.0]
    scored.sort(key=lambda sc: (-sc[0], sc[1].stale, swedish_sort_key(sc[1].name), sc[1].id))
    return [c for _, c in scored]
