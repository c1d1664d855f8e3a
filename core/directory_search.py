"""Reading a `vem` query and ranking what the database found (pure logic).

The database does the heavy work: it finds the entries where every query word
matches (SQLite FTS5 or PostgreSQL full-text search, both over Swedish stems made here)
and hands back at most a hundred or so, best first by its own rank. This module
decides what the words mean before that and puts the candidates in a final order
after it, the same on both databases:

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
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from core.contact_model import AF, AGENCY_KINDS, FINSAM, FK, KOMMUN, REGION, fold
from core.directory_text import STOPWORDS, compound_parts, stem

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


@dataclass(frozen=True)
class Clause:
    """Tokens that must all match (more than one for a compound's parts)."""

    parts: tuple[Alternative, ...]
    factor: float = 1.0


@dataclass(frozen=True)
class Term:
    """One query word: it matches when any clause matches."""

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


# A directory repeats its words (titles, places, areas): fold each once.
_fold_word = lru_cache(maxsize=65536)(fold)


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

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str, str]]) -> Vocabulary:
        """From (entry text, municipality, index tokens) per entry: the text is every
        searchable field as written, the tokens what the index holds for them
        (core.directory_text.index_tokens, stored when the entry was written)."""
        counts: dict[str, int] = {}
        tokens: set[str] = set()
        display: dict[str, str] = {}
        municipalities: dict[str, str] = {}
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
        return cls(counts, tokens, display, municipalities)

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
    return Clause((Alternative(stem(word), prefix=True),), factor)


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
            terms.append(term)
    return ParsedQuery(
        text,
        terms=tuple(terms),
        municipality=municipality,
        agency_kind=agency_kind,
        unknown=tuple(unknown),
        suggestions=tuple(dict.fromkeys(suggestions)),
    )


# -- what the database is asked --------------------------------------------------------
def fts5_match(query: ParsedQuery) -> str:
    """The SQLite FTS5 MATCH expression: every term, any of its clauses."""

    def alt(a: Alternative) -> str:
        return f'"{a.token}"*' if a.prefix else f'"{a.token}"'

    def clause(c: Clause) -> str:
        return " AND ".join(alt(a) for a in c.parts)

    return " AND ".join(
        "(" + " OR ".join(f"({clause(c)})" for c in term.clauses) + ")" for term in query.terms
    )


def tsquery(query: ParsedQuery) -> str:
    """The PostgreSQL to_tsquery('simple', …) text: the same expression."""

    def alt(a: Alternative) -> str:
        return f"{a.token}:*" if a.prefix else a.token

    def clause(c: Clause) -> str:
        return " & ".join(alt(a) for a in c.parts)

    return " & ".join(
        "(" + " | ".join(f"({clause(c)})" for c in term.clauses) + ")" for term in query.terms
    )


# -- the final order ----------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """An entry the database found: its id, name, freshness and index tokens per field."""

    id: int
    name: str
    stale: bool
    fields: Mapping[str, frozenset[str]]


def _alternative_score(alternative: Alternative, tokens: frozenset[str]) -> float:
    if alternative.token in tokens:
        return EXACT
    if alternative.prefix and any(t.startswith(alternative.token) for t in tokens):
        return PREFIX
    return 0.0


def _clause_score(clause: Clause, candidate: Candidate) -> float:
    best_parts = []
    for part in clause.parts:
        best = max(
            FIELD_WEIGHTS[name] * _alternative_score(part, candidate.fields.get(name, frozenset()))
            for name in FIELDS
        )
        if best == 0.0:
            return 0.0
        best_parts.append(best)
    return min(best_parts) * clause.factor


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
    then by name, so the order is the same on every database."""
    scored = [(score(query, c), c) for c in candidates]
    if query.terms:
        scored = [(s, c) for s, c in scored if s > 0.0]
    scored.sort(key=lambda sc: (-sc[0], sc[1].stale, fold(sc[1].name), sc[1].id))
    return [c for _, c in scored]
