"""Free times for a resursgruppsmöte: clashes with other meetings and the nearest free slots.

When an organizer proposes a time, the bot tells them which of the participants'
other meetings overlap it (`clashes`) and offers the nearest free alternatives
(`free_slots`), so that a meeting with six people from kommun, region and FK can be
moved without a round of e-mails. Pure code: the caller loads the busy intervals.

Rules, shared with the rest of booking through core.meeting_model:

* Working time is WORKDAY_START–WORKDAY_END (08–17) local wall-clock time on Monday
  to Friday, except Swedish public holidays and the eves offices close on
  (julafton, midsommarafton, nyårsafton), see core.rating_prompt_plan.
* Suggestions start on the SLOT_STEP (half-hour) grid of local time, have the
  proposed length, lie in working time, overlap no busy interval, start at or after
  `now`, and are the ones whose start is nearest to the proposed start (ties go to
  the later one). They are looked for up to SEARCH_DAYS days before and after.
* The proposed slot itself is never suggested: the caller asks for alternatives.

The grid and working hours are local wall-clock time; every comparison and
distance is between instants (UTC), so a day with a daylight-saving change is
neither 24 hours long nor treated as such. Intervals are [start, end): a meeting
ending at 11:00 does not clash with one starting at 11:00.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from core.meeting_model import (
    SEARCH_DAYS,
    SLOT_STEP,
    SUGGESTIONS,
    WORKDAY_END,
    WORKDAY_START,
    Interval,
)
from core.rating_prompt_plan import is_public_holiday

# The local start times of the grid: 08:00, 08:30, …, the last one before 17:00.
_GRID: tuple[time, ...] = tuple(
    (datetime.combine(date.min, WORKDAY_START) + i * SLOT_STEP).time()
    for i in range(
        (datetime.combine(date.min, WORKDAY_END) - datetime.combine(date.min, WORKDAY_START))
        // SLOT_STEP
    )
)
# The wall-clock length of a working day (9 h); longer meetings have no slot.
_WORKDAY = datetime.combine(date.min, WORKDAY_END) - datetime.combine(date.min, WORKDAY_START)
_FAR = timedelta.max
# More than any offset change of a zone (Samoa skipped a whole day in 2011): wall
# clock and elapsed time never differ by more within one zone.
_PAD = timedelta(days=2)


@dataclass(frozen=True)
class Busy:
    """One participant's other commitment."""

    who: str  # a participant key, e.g. "staff:12" or "email:anna@x.se"
    interval: Interval  # aware datetimes, any zone
    label: str = ""  # e.g. "Resursgruppsmöte K-1042", to tell the user what clashes


@dataclass(frozen=True)
class Clash:
    """A busy interval that overlaps the proposed time."""

    who: str
    interval: Interval
    label: str


def clashes(proposed: Interval, busy: Iterable[Busy]) -> list[Clash]:
    """Every busy interval that overlaps the proposed one, sorted by start then who.

    One linear pass, O(n) for n busy intervals, plus O(k log k) to sort the k hits:
    for a single question sorting all n first (O(n log n)) would cost more than it
    saves. Touching intervals (one ends when the other starts) do not clash.
    """
    hits = _touching(busy, proposed.start.astimezone(UTC), proposed.end.astimezone(UTC))
    hits.sort(key=lambda b: (b.interval.start.astimezone(UTC), b.who, b.interval.end, b.label))
    return [Clash(b.who, b.interval, b.label) for b in hits]


def is_working_time(interval: Interval, tz: ZoneInfo) -> bool:
    """Inside 08–17 local time on a Monday–Friday that is not a Swedish public holiday
    (start >= 08:00, end <= 17:00, same local day)."""
    start, end = interval.start.astimezone(tz), interval.end.astimezone(tz)
    return (
        start.date() == end.date()
        and _is_working_day(start.date())
        and start.time() >= WORKDAY_START
        and end.time() <= WORKDAY_END
    )


def free_slots(
    proposed: Interval,
    busy: Sequence[Busy],
    tz: ZoneInfo,
    *,
    now: datetime,
    count: int = SUGGESTIONS,
    search_days: int = SEARCH_DAYS,
) -> list[Interval]:
    """The `count` free intervals of the proposed length nearest to the proposed start
    (before or after it; never before `now`; candidates start on the half hour in
    local time, lie in working time, and overlap no busy interval). Nearest means
    smallest absolute distance between candidate start and proposed start; ties go to
    the later one. Returned sorted by start, as aware datetimes in `tz`.

    The proposed slot itself is never returned, even when it is free. Fewer than
    `count` come back when the search window (`search_days` days either side of the
    proposed local day) has fewer; none when the meeting is longer than a working day.

    Complexity, for n busy intervals of which w touch the search window, D days
    visited and S = 18 grid starts a day: O(n) to keep the w (one cheap pass), O(w log w)
    to sort them by start once and merge them into disjoint busy blocks, then per day
    one `bisect` on the blocks to find the day's free gaps, O(D · (log w + S)) in all;
    a fully booked day costs only the bisect and its few blocks. Days are visited
    outward from the proposed day, nearest first, and the search stops as soon as the
    next day's nearest possible start is farther away than the worst of the `count`
    found, so D is usually a handful.
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    p_start = proposed.start.astimezone(UTC)
    length = proposed.end.astimezone(UTC) - p_start  # elapsed time, not wall-clock
    if count <= 0 or length > _WORKDAY or search_days < 0:
        return []
    now_utc = now.astimezone(UTC)
    first_day = proposed.start.astimezone(tz).date()
    lowest = max(first_day - timedelta(days=search_days), now_utc.astimezone(tz).date())
    highest = first_day + timedelta(days=search_days)
    if highest < lowest:
        return []

    starts, ends = _busy_blocks(busy, _at(lowest, WORKDAY_START, tz), _at(highest, WORKDAY_END, tz))

    # best: (distance, -(start - proposed start), start) for the nearest found so far;
    # the second item makes the later candidate win a tie in distance.
    best: list[tuple[timedelta, timedelta, datetime]] = []

    def visit(day: date) -> None:
        if not _is_working_day(day):
            return
        day_start, day_end = _at(day, WORKDAY_START, tz), _at(day, WORKDAY_END, tz)
        if day_end < now_utc:
            return
        # The day's free gaps: between the busy blocks that end after the day starts.
        gaps: list[tuple[datetime, datetime]] = []
        free_from = day_start
        i = bisect_right(ends, day_start)  # the first block that ends after 08:00
        while free_from < day_end:
            block_start = starts[i] if i < len(starts) else day_end
            free_to = min(block_start, day_end)
            if free_to - free_from >= length:
                gaps.append((free_from, free_to))
            if i >= len(starts):
                break
            free_from = ends[i]  # blocks are disjoint and sorted: this ends after free_from
            i += 1
        if not gaps:
            return  # fully booked: no grid needed
        g = 0
        for moment in _GRID:
            start = _at(day, moment, tz)
            end = start + length
            if end > day_end:
                break
            if start < now_utc or start == p_start or start.astimezone(tz).time() != moment:
                continue  # in the past, the proposal itself, or a wall time that does not exist
            while g < len(gaps) and gaps[g][1] < end:
                g += 1  # gaps and grid both ascend: one pointer walks the gaps
            if g == len(gaps):
                break
            if start < gaps[g][0]:
                continue
            offset = start - p_start
            insort(best, (abs(offset), -offset, start))
            del best[count:]

    def worst() -> timedelta:
        return best[-1][0] if len(best) >= count else _FAR

    # Walk outward: `ahead` is the next later day to visit, `back` the next earlier one.
    # A side is finished when its next day is outside the window or its nearest
    # possible start is farther away than the worst of those found (distances only
    # grow outward, so nothing beyond it can get in). Equal distance does not finish
    # a side, since a later candidate wins a tie.
    ahead, back = first_day, first_day - timedelta(days=1)
    while True:
        ahead_gap = _FAR
        if ahead <= highest:
            ahead_gap = max(_at(ahead, WORKDAY_START, tz) - p_start, timedelta(0))
        back_gap = _FAR
        if back >= lowest:
            latest = _at(back, WORKDAY_END, tz) - length
            if latest >= now_utc:
                back_gap = max(p_start - latest, timedelta(0))
        limit = worst()
        ahead_open = ahead_gap != _FAR and ahead_gap <= limit
        back_open = back_gap != _FAR and back_gap <= limit
        if not ahead_open and not back_open:
            break
        if ahead_open and (not back_open or ahead_gap <= back_gap):
            visit(ahead)
            ahead += timedelta(days=1)
        else:
            visit(back)
            back -= timedelta(days=1)

    found = sorted(start for _, _, start in best)
    return [Interval(start.astimezone(tz), (start + length).astimezone(tz)) for start in found]


def _is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_public_holiday(day)


def _at(day: date, moment: time, tz: ZoneInfo) -> datetime:
    """The instant (UTC) of a local wall-clock time on a local day."""
    return datetime.combine(day, moment, tzinfo=tz).astimezone(UTC)


def _touching(busy: Iterable[Busy], start: datetime, end: datetime) -> list[Busy]:
    """The busy intervals that overlap [start, end) (UTC), in their given order."""
    near = _near(busy, start, end)
    # Against UTC datetimes this is an inter-zone comparison, made by instant.
    return [b for b in near if b.interval.start < end and start < b.interval.end]


def _near(busy: Iterable[Busy], start: datetime, end: datetime) -> list[Busy]:
    """The busy intervals that overlap [start - _PAD, end + _PAD) by wall clock in their
    own zone: all that overlap [start, end) and some more, in their given order.

    Comparing an aware datetime with one in another zone makes Python call the zone's
    utcoffset() (about a microsecond for a ZoneInfo), which for 10,000 intervals is
    tens of milliseconds. So a coarse pass first compares each interval with the
    bounds expressed in its own zone, which Python does by wall clock without any
    zone lookup; wall clock is off from elapsed time by at most an offset change, so
    bounds widened by _PAD never drop an interval that truly overlaps. The few that
    pass can then be checked exactly, as instants, where that matters."""
    bounds: dict[tzinfo | None, tuple[datetime, datetime]] = {}
    near: list[Busy] = []
    zone: tzinfo | None = None
    low = high = start  # the bounds in `zone`, set by the first interval
    for b in busy:
        interval = b.interval
        b_start = interval.start
        if b_start.tzinfo is not zone:  # never None (Interval is aware): first one looks up
            zone = b_start.tzinfo
            pair = bounds.get(zone)
            if pair is None:
                pair = bounds[zone] = (
                    (start - _PAD).astimezone(zone),
                    (end + _PAD).astimezone(zone),
                )
            low, high = pair
        if b_start < high and low < interval.end:
            near.append(b)
    return near


def _busy_blocks(
    busy: Iterable[Busy], window_start: datetime, window_end: datetime
) -> tuple[list[datetime], list[datetime]]:
    """The busy time touching [window_start, window_end) as disjoint blocks sorted by
    start, returned as parallel lists of starts and ends (UTC). Since the blocks are
    disjoint, both lists are sorted, so one `bisect` on the ends finds the first
    block after any moment. Who is busy does not matter here. A few blocks just
    outside the window (see _near) do no harm: no candidate lies there."""
    spans = sorted(
        (b.interval.start.astimezone(UTC), b.interval.end.astimezone(UTC))
        for b in _near(busy, window_start, window_end)
    )
    starts: list[datetime] = []
    ends: list[datetime] = []
    for start, end in spans:
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)  # overlapping or touching: one block
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends
