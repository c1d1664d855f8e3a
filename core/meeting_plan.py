"""What a resursgruppsmöte decided, as the organizer types it, read into plan lines
(pure code).

Three kinds of line, as in the coordination model: shared decisions (beslut),
SIP goals (delmål) and action items, "vad – vem – när":

    Ansöka om boendestöd – Omar Said – 15/12
    Kontakta skolan; Anna; fredag
    Omar ansöker om boendestöd senast v. 51

- The parts of an action item are split at a spaced dash (– — -), a semicolon or a
  bar; a line with none of those is split at its last commas when what follows
  them is a date or a participant. A line that starts with a participant's name
  and ends in "senast/till/före <date>" is read too.
- "Vem" is matched to the meeting's participants (full name, a first name only
  one of them has, or a near spelling), so the owner can be reminded in Teams;
  "jag"/"mig" is the one writing; anyone else is kept as typed (a relative,
  someone outside the bot), and the organizer is reminded for them.
- "När" is a day: every day phrase the reminder parser reads ("15/12", "fredag",
  "om två veckor", "tisdag v. 50"), plus what a deadline says that a reminder does
  not: "v. 51" / "vecka 51" (that week's Friday), "nästa vecka" (the Friday of
  the next calendar week, as "nästa tisdag" is read), "idag" (a reminder would
  ask for a time), with "senast", "till", "före" in front allowed.
- A day and month without a year is read in the year that puts it nearest today,
  not (as for a reminder) always ahead: "15/11" written on 7 December is a day that
  has passed, to be fixed, never next November; "15/1" written in December is next
  January (the turn of the year). A date with its year that has passed is past too.
- An action item needs both who and when: an item without an owner or a day is
  the forgotten promise this is meant to prevent, so it is asked again, with the
  line it came from.

Typed in the chat, the kinds are told apart by headings ("Beslut:", "Delmål:",
"Åtgärder:", alone or in front of a line). A line under no heading is an action
item when it names a participant or a day after a separator, else a decision.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz

from core.commands import fold
from core.meeting_model import ACTION, DECISION, GOAL, MAX_PLAN_ITEMS, MAX_PLAN_TEXT
from core.ssd_model import looks_like_personnummer
from core.timephrases import Ambiguous, OneTime, parse_when, yearless_date

MAX_OWNER = 200
NEAR_NAME = 88  # rapidfuzz WRatio over folded names; "Omar Sayid" still finds Omar Said

_HEADING_WORDS: Mapping[str, str] = {
    "beslut": DECISION,
    "gemensamma beslut": DECISION,
    "decisions": DECISION,
    "decision": DECISION,
    "delmål": GOAL,
    "mål": GOAL,
    "sip-mål": GOAL,
    "goals": GOAL,
    "goal": GOAL,
    "åtgärder": ACTION,
    "åtgärd": ACTION,
    "att göra": ACTION,
    "vem gör vad": ACTION,
    "actions": ACTION,
    "action items": ACTION,
    "action": ACTION,
    "todo": ACTION,
}
HEADINGS = {fold(word): kind for word, kind in _HEADING_WORDS.items()}
ME_WORDS = frozenset({"jag", "mig", "i", "me", "myself"})

_SEPARATOR = re.compile(r"\s+[–—-]\s+|\s*[;|\t]\s*")
_BULLET = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)])\s+")
_HEADING = re.compile(r"^\s*([^\W\d][\w -]{0,20}?)\s*:\s*(.*)$")
_DEADLINE_WORD = re.compile(r"^(?:senast|till|före|innan|by|before|due|den|on)\s+", re.I)
_TRAILING_DEADLINE = re.compile(r"\s+(?:senast|till|före|innan|by|before)\s+(\S.*)$", re.I)
_WEEK = re.compile(r"^(?:v|v\.|vecka|week|w|wk)\s*(\d{1,2})(?:\s*,?\s*(\d{4}))?$", re.I)
_NEXT_WEEK = frozenset(map(fold, ("nästa vecka", "next week")))
_THIS_WEEK = frozenset(map(fold, ("denna vecka", "den här veckan", "i veckan", "this week")))


@dataclass(frozen=True)
class PlanPerson:
    """Someone an action item can be given to (a participant of the meeting)."""

    name: str
    user_id: int | None = None


@dataclass(frozen=True)
class PlanLine:
    kind: str
    text: str
    owner_name: str | None = None
    owner_user_id: int | None = None
    due_on: date | None = None


@dataclass(frozen=True)
class LineProblem:
    line: str  # the line as typed, shortened for the answer
    key: str  # i18n key saying what is missing
    names: tuple[str, ...] = ()  # for an owner who could be several participants


@dataclass(frozen=True)
class Outcome:
    lines: tuple[PlanLine, ...]
    problems: tuple[LineProblem, ...]
    # The lines as typed, by kind (unheaded ones placed), to show again for fixing;
    # lines with a personnummer are left out, never echoed back.
    typed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.lines) and not self.problems

    def count(self, kind: str) -> int:
        return sum(1 for line in self.lines if line.kind == kind)


def split_typed_outcome(text: str) -> dict[str, list[str]]:
    """Lines typed in the chat, by kind; lines under no heading under "" (unknown)."""
    found: dict[str, list[str]] = {"": [], DECISION: [], GOAL: [], ACTION: []}
    current = ""
    for raw in text.splitlines():
        line = _clean(raw)
        if not line:
            continue
        heading = _HEADING.match(line)
        kind = HEADINGS.get(fold(heading.group(1))) if heading else None
        if heading is not None and kind is not None:
            current = kind
            rest = _clean(heading.group(2))
            if rest:
                found[kind].append(rest)
            continue
        found[current].append(line)
    return found


def read_outcome(
    sections: Mapping[str, Sequence[str] | str],
    *,
    people: Sequence[PlanPerson],
    me: PlanPerson,
    now: datetime,
    tz: ZoneInfo,
) -> Outcome:
    """Decisions, goals and action items from text per kind (a card's three boxes,
    or split_typed_outcome's result, whose unheaded lines "" are placed here); each
    line checked, every problem reported."""
    lines: list[PlanLine] = []
    problems: list[LineProblem] = []
    typed: dict[str, list[str]] = {DECISION: [], GOAL: [], ACTION: []}
    for kind, text in sections.items():
        rows = text.splitlines() if isinstance(text, str) else list(text)
        for raw in rows:
            line = _clean(raw)
            if not line:
                continue
            if looks_like_personnummer(line):
                problems.append(LineProblem("", "plan.personnummer"))
                continue
            if kind == "":
                read = _unheaded(line, people, me, now, tz)
            elif kind == ACTION:
                read = parse_action(line, people=people, me=me, now=now, tz=tz)
            else:
                read = PlanLine(kind, line)
            placed = read.kind if isinstance(read, PlanLine) else kind or ACTION
            typed[placed].append(line)
            _keep(read, lines, problems)
    if len(lines) > MAX_PLAN_ITEMS:
        problems.insert(0, LineProblem("", "plan.count"))
    return Outcome(
        tuple(lines), tuple(problems), {kind: tuple(rows) for kind, rows in typed.items()}
    )


def parse_action(
    line: str, *, people: Sequence[PlanPerson], me: PlanPerson, now: datetime, tz: ZoneInfo
) -> PlanLine | LineProblem:
    """One action item: what, who and by when; or what is missing from it."""
    line = _clean(line)
    parts = _parts(line, people, now, tz)
    owner: PlanPerson | None = None
    due: date | str | None = None
    if len(parts) == 1:
        what, owner, due = _natural(line, people, me, now, tz)
    else:
        what = parts[0]
        for part in parts[1:]:
            day = parse_due(part, now=now, tz=tz)
            if day is not None and due is None:
                due = day
            elif owner is None:
                same = sharing_name(part, people)
                if len(same) > 1:
                    return LineProblem(_short(line), "plan.owner.which", same)
                owner = match_owner(part, people, me) or PlanPerson(part[:MAX_OWNER])
            else:
                return LineProblem(_short(line), "plan.due.unknown")
    if isinstance(due, str):
        return LineProblem(_short(line), due)
    if not what or len(what) > MAX_PLAN_TEXT:
        return LineProblem(_short(line), "plan.text.invalid")
    if owner is None:
        return LineProblem(_short(line), "plan.action.no_owner")
    if due is None:
        return LineProblem(_short(line), "plan.action.no_due")
    return PlanLine(ACTION, what, owner.name, owner.user_id, due)


def parse_due(text: str, *, now: datetime, tz: ZoneInfo) -> date | str | None:
    """A deadline day; a message key when it is a day that has passed; None when
    the text is not a day at all."""
    clean = _DEADLINE_WORD.sub("", " ".join(text.split())).strip(" .,")
    if not clean:
        return None
    today = now.astimezone(tz).date()
    folded = fold(clean)
    week = _WEEK.match(clean)
    if week:
        return _week_friday(int(week.group(1)), int(week.group(2) or 0), today)
    if folded in _THIS_WEEK:
        return today + timedelta(days=4 - today.weekday()) if today.weekday() <= 4 else None
    if folded in _NEXT_WEEK:
        return today + timedelta(days=7 - today.weekday() + 4)
    if not any(ch.isdigit() for ch in clean) and len(clean.split()) > 4:
        return None  # a sentence, not a day: spare the time parser
    parsed = parse_when(clean, now=now, tz=tz)
    if getattr(parsed, "reason", "") == "when.need_time":
        # "idag" for a reminder needs a time; for a deadline the day is enough.
        parsed = parse_when(f"{clean} 23:59", now=now, tz=tz)
    if isinstance(parsed, OneTime):
        day = parsed.at.astimezone(tz).date()
    elif isinstance(parsed, Ambiguous) and parsed.candidates:
        days = {c.astimezone(tz).date() for c in parsed.candidates}
        if len(days) != 1:
            return None
        day = days.pop()
    elif getattr(parsed, "reason", "") == "when.in_past":
        return "plan.due.past"
    else:
        return None
    if day < today or _rolled_past(clean, day, today):
        return "plan.due.past"
    return day


def _rolled_past(text: str, day: date, today: date) -> bool:
    """A yearless date the time parser moved to a later year although this year's is
    nearer today: a day that has passed ("15/11" on 7 December), not next year's."""
    month_day = yearless_date(text)
    if month_day is None or day.year == today.year:
        return False
    try:
        this_year = date(today.year, *month_day)
    except ValueError:  # 29/2 outside a leap year: the parser's next leap year stands
        return False
    return this_year < today and today - this_year <= day - today


def match_owner(
    text: str, people: Sequence[PlanPerson], me: PlanPerson | None = None
) -> PlanPerson | None:
    """The participant a typed name means: the same name, a first name (or last
    name) only one participant has, or one near spelling; "jag" is the writer."""
    wanted = fold(" ".join(text.split()))
    if not wanted:
        return None
    if me is not None and wanted in ME_WORDS:
        return me
    everyone = [*people, *([me] if me is not None else [])]
    exact = [p for p in everyone if fold(p.name) == wanted]
    if exact:
        return exact[0]
    partial = {p.name: p for p in everyone if wanted in fold(p.name).split()}
    if len(partial) == 1:
        return next(iter(partial.values()))
    if len(partial) > 1:
        return None
    scored = sorted(
        ((fuzz.WRatio(wanted, fold(p.name)), p) for p in everyone),
        key=lambda pair: -pair[0],
    )
    if scored and scored[0][0] >= NEAR_NAME and (len(scored) == 1 or scored[1][0] < NEAR_NAME):
        return scored[0][1]
    return None


def sharing_name(text: str, people: Sequence[PlanPerson]) -> tuple[str, ...]:
    """The participants whose name has the typed word(s) as one of its names."""
    wanted = fold(" ".join(text.split()))
    if not wanted or any(fold(p.name) == wanted for p in people):
        return ()
    return tuple(sorted({p.name for p in people if wanted in fold(p.name).split()}))


# -- helpers ------------------------------------------------------------------------
def _unheaded(
    line: str, people: Sequence[PlanPerson], me: PlanPerson, now: datetime, tz: ZoneInfo
) -> PlanLine | LineProblem:
    """A line under no heading: an action item when it reads as one, its problem
    when a part after a separator is a day or a participant, else a decision."""
    read = parse_action(line, people=people, me=me, now=now, tz=tz)
    if isinstance(read, PlanLine):
        return read
    tail = _parts(line, people, now, tz)[1:]
    if any(parse_due(p, now=now, tz=tz) is not None or match_owner(p, people, me) for p in tail):
        return read
    return PlanLine(DECISION, line)


def _clean(line: str) -> str:
    return " ".join(_BULLET.sub("", line).split())


def _short(line: str) -> str:
    return line if len(line) <= 60 else line[:57] + "…"


def _keep(read: PlanLine | LineProblem, lines: list[PlanLine], problems: list[LineProblem]) -> None:
    if isinstance(read, LineProblem):
        problems.append(read)
    elif len(read.text) > MAX_PLAN_TEXT:
        problems.append(LineProblem(_short(read.text), "plan.text.invalid"))
    else:
        lines.append(read)


def _parts(line: str, people: Sequence[PlanPerson], now: datetime, tz: ZoneInfo) -> list[str]:
    parts = [p.strip() for p in _SEPARATOR.split(line)]
    parts = [p for p in parts if p]
    if len(parts) > 1 or "," not in line:
        return parts or [line]
    # "Ansöka om boendestöd, Omar, 15/12": commas only when the tail is a who or a when.
    pieces = line.split(",")
    for size in (2, 1):
        if len(pieces) <= size:
            continue
        tail = [p.strip() for p in pieces[-size:]]
        if all(p and _who_or_when(p, people, now, tz) for p in tail):
            return [",".join(pieces[:-size]).strip(), *tail]
    return [line]


def _who_or_when(part: str, people: Sequence[PlanPerson], now: datetime, tz: ZoneInfo) -> bool:
    return (
        fold(part) in ME_WORDS
        or match_owner(part, people) is not None
        or bool(sharing_name(part, people))
        or parse_due(part, now=now, tz=tz) is not None
    )


def _natural(
    line: str, people: Sequence[PlanPerson], me: PlanPerson, now: datetime, tz: ZoneInfo
) -> tuple[str, PlanPerson | None, date | str | None]:
    """ "Omar ansöker om boendestöd senast 15/12": a participant's name first, a
    deadline last."""
    what: str = line
    due: date | str | None = None
    trailing = _TRAILING_DEADLINE.search(line)
    if trailing:
        day = parse_due(trailing.group(1), now=now, tz=tz)
        if day is not None:
            what, due = line[: trailing.start()].strip(), day
    owner = None
    words = what.split()
    for size in (2, 1):
        if len(words) > size:
            found = match_owner(" ".join(words[:size]), people, me)
            if found is not None:
                owner = found
                break
    return what, owner, due


def _week_friday(week: int, year: int, today: date) -> date | str | None:
    """That ISO week's Friday; a week without a year that has passed is next year's."""
    try:
        friday = date.fromisocalendar(year or today.isocalendar().year, week, 5)
    except ValueError:
        return None
    if friday < today:
        if year:
            return "plan.due.past"
        try:
            friday = date.fromisocalendar(today.isocalendar().year + 1, week, 5)
        except ValueError:
            return None
    return friday
