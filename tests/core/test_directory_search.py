"""What the database is asked for a `vem` query, tier by tier, and the Swedish name
order of the final ranking's ties."""

from __future__ import annotations

from core.directory_search import (
    TIERS,
    Candidate,
    Vocabulary,
    field_text,
    fts5_tier_matches,
    parse_query,
    rank,
    swedish_sort_key,
    tsquery,
)
from core.directory_text import index_tokens

ENTRIES = ("Kurator Nora", "Boendestöd LSS Kumla")
VOCABULARY = Vocabulary.build((text, "", " ".join(index_tokens(text))) for text in ENTRIES)


def test_each_tier_leaves_out_the_one_before_and_only_the_last_takes_prefixes() -> None:
    query = parse_query("kurator LSS", VOCABULARY)

    name, strong, anywhere = fts5_tier_matches(query)

    exact = '((("kurat" OR "kurator"))) AND (("lss") OR ("funktionsstod"))'
    assert name == "{idx_name} : (" + exact + ")"
    strong_only = "{idx_name idx_role idx_areas idx_place} : (" + exact + ")"
    assert strong == f"({strong_only}) NOT ({name})"
    prefixed = '(("kurat"*)) AND (("lss") OR ("funktionsstod"*))'
    assert anywhere == f"({prefixed}) NOT ({strong_only})"


def test_postgresql_gets_the_same_expression_per_tier() -> None:
    query = parse_query("kurator", VOCABULARY)

    assert [tsquery(query, tier) for tier in TIERS] == [
        "(((kurat | kurator)))",
        "(((kurat | kurator)))",
        "((kurat:*))",
    ]


def test_names_tie_in_swedish_alphabetical_order() -> None:
    names = ["Östen", "Åsa", "Ärla", "Zara", "anna", "Émile", "Örjan", "Axel"]

    assert sorted(names, key=swedish_sort_key) == [
        "anna",
        "Axel",
        "Émile",
        "Zara",
        "Åsa",
        "Ärla",
        "Örjan",
        "Östen",
    ]


def _candidate(n: int, name: str, title: str, stale: bool = False) -> Candidate:
    fields = {
        "name": field_text(" ".join(index_tokens(name))),
        "role": field_text(" ".join(index_tokens(title))),
    }
    return Candidate(n, name, stale, fields)


def test_rank_puts_a_name_before_a_title_and_a_whole_word_before_a_prefix() -> None:
    query = parse_query("kurator", VOCABULARY)
    candidates = [
        _candidate(1, "Åsa Berg", "Kuratorsassistent"),  # prefix in the title
        _candidate(2, "Örjan Ek", "Kurator"),
        _candidate(3, "Ärla Ek", "Kuratorn", stale=True),
        _candidate(4, "Kuratorn Nora", "Mottagning"),
        _candidate(5, "Bo Ek", "Sjuksköterska"),  # no match
    ]

    assert [c.name for c in rank(query, candidates)] == [
        "Kuratorn Nora",
        "Örjan Ek",
        "Ärla Ek",
        "Åsa Berg",
    ]


def test_a_correction_keeps_the_word_as_it_was_typed() -> None:
    """Not folded: "Boendstöd" stays "Boendstöd", not "boendstod"."""
    query = parse_query("Boendstöd Kumla", VOCABULARY)

    assert [typed for typed, _ in query.corrections] == ["Boendstöd"]
