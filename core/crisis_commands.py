"""The words for a client's crisis plan: `krisplan K-1042` shows it,
`krisplan K-1042 ändra` lets a coordinator write it (English: `crisis plan K-1042`,
`crisisplan K-1042 edit`)."""

from __future__ import annotations

from core.commands import CommandSpec, fold, leading_client_code

EDIT_WORDS = frozenset({"andra", "redigera", "skriv", "ny", "edit", "change", "write", "new"})
_PLAN_WORDS = frozenset({"plan", "planen"})


def plan_args(args: str) -> tuple[str, str] | None:
    """(client code, the rest) from `K-1042 ändra` or `plan K-1042` (after
    "crisis"/"kris"); None when no client code leads."""
    words = args.split()
    if words and fold(words[0]) in _PLAN_WORDS:
        args = " ".join(words[1:])
    return leading_client_code(args)


def wants_edit(rest: str) -> bool:
    return fold(rest.strip(" .!")) in EDIT_WORDS


def _reads(args: str) -> bool:
    """Mid-dialog, `krisplan` reads as a command only with a client code."""
    return plan_args(args) is not None


CRISIS_PLAN = CommandSpec(
    "crisis_plan",
    "krisplan",
    "crisisplan",
    ("kris", "crisis", "krisplanen"),
    reads=_reads,
    takes_client=True,
)
