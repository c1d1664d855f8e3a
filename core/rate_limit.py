"""Teams rate limits and retry timing (pure: no I/O, clocks injected).

Teams throttles bots per conversation (7 messages per second and 60 per 30
seconds) and per app and tenant (50 per second). A limiter here answers one
question, "how long until the next send for this key is allowed?", against
several windows at once, and records a send when one is made. Time is a
monotonic count of seconds from an injected clock, so tests move it by hand.

Checking and recording are plain synchronous calls: between them no other
coroutine can run, so asyncio callers cannot overshoot a window as long as they
record in the same step in which they saw a zero delay.

Also here, as pure functions of their inputs: which statuses are worth retrying,
the jittered exponential backoff, and reading a Retry-After header.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# Float slack: a send that leaves a window "now", give or take rounding, has left it.
# Without it, sleeping exactly the advised delay could leave a stamp a few ulps
# inside its window and the caller would be told to wait 1e-16 s, over and over.
EPSILON = 1e-6


@dataclass(frozen=True)
class Window:
    """At most `limit` sends in any `seconds`-long stretch of time."""

    limit: int
    seconds: float

    def __post_init__(self) -> None:
        if self.limit < 1 or self.seconds <= 0:
            raise ValueError(f"a window needs limit >= 1 and seconds > 0, got {self}")


@dataclass(frozen=True)
class TeamsLimits:
    """The windows for one conversation and for the whole app in one tenant."""

    per_conversation: tuple[Window, ...] = (Window(7, 1.0), Window(60, 30.0))
    per_tenant: tuple[Window, ...] = (Window(50, 1.0),)

    def shared_by(self, instances: int) -> TeamsLimits:
        """Each instance's share when `instances` processes send for the same app.

        The limiter lives in one process, and Teams counts per app: without this,
        two instances measured 116 sends in one second to one tenant (limit 50)."""
        if instances < 1:
            raise ValueError("instances must be at least 1")

        def share(windows: tuple[Window, ...]) -> tuple[Window, ...]:
            return tuple(Window(max(1, w.limit // instances), w.seconds) for w in windows)

        return TeamsLimits(share(self.per_conversation), share(self.per_tenant))


TEAMS_LIMITS = TeamsLimits()


class SlidingWindowLimiter:
    """Sends per key, limited by every window at once.

    Memory stays bounded: a key is forgotten once its last send has left the
    longest window, so only keys used within that window are kept.
    """

    def __init__(self, windows: Sequence[Window], clock: Callable[[], float]) -> None:
        if not windows:
            raise ValueError("a limiter needs at least one window")
        self._windows = tuple(windows)
        self._horizon = max(w.seconds for w in self._windows)
        self._clock = clock
        # Ordered by last send, oldest first, so idle keys are found at the front.
        self._keys: OrderedDict[Hashable, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        """How many keys the limiter remembers."""
        return len(self._keys)

    def delay(self, key: Hashable) -> float:
        """Seconds until a send for key is allowed; 0.0 means now."""
        sends = self._keys.get(key)
        if sends is None:
            return 0.0
        now = self._clock()
        wait = 0.0
        for window in self._windows:
            # Sends still inside the window ending now: those after now - seconds.
            first_inside = bisect_right(sends, now - window.seconds + EPSILON)
            inside = len(sends) - first_inside
            if inside >= window.limit:
                # The window frees up when the send `limit` places back leaves it.
                leaves_at = sends[len(sends) - window.limit] + window.seconds
                wait = max(wait, leaves_at - now)
        return wait if wait > EPSILON else 0.0

    def record(self, key: Hashable) -> None:
        """Count one send for key, made now."""
        now = self._clock()
        sends = self._keys.get(key)
        if sends is None:
            sends = self._keys[key] = deque()
        else:
            self._keys.move_to_end(key)
        sends.append(now)
        while sends[0] <= now - self._horizon:
            sends.popleft()
        self._evict_idle(now)

    def _evict_idle(self, now: float) -> None:
        while self._keys:
            key, sends = next(iter(self._keys.items()))
            if sends[-1] > now - self._horizon:
                return
            del self._keys[key]


class TeamsRateLimiter:
    """Teams' limits for one app: per conversation and per tenant together."""

    def __init__(self, clock: Callable[[], float], limits: TeamsLimits = TEAMS_LIMITS) -> None:
        self.conversations = SlidingWindowLimiter(limits.per_conversation, clock)
        self.tenants = SlidingWindowLimiter(limits.per_tenant, clock)

    def delay(self, conversation_key: Hashable, tenant_key: Hashable) -> float:
        """Seconds until a send to this conversation in this tenant is allowed."""
        return max(self.conversations.delay(conversation_key), self.tenants.delay(tenant_key))

    def try_acquire(self, conversation_key: Hashable, tenant_key: Hashable) -> float:
        """Record a send now if allowed and return 0.0; otherwise the wait, unrecorded."""
        wait = self.delay(conversation_key, tenant_key)
        if wait == 0.0:
            self.conversations.record(conversation_key)
            self.tenants.record(tenant_key)
        return wait


# Turns one person may start: more than anyone reads, fewer than a script sends.
TURN_WINDOWS = (Window(10, 10.0), Window(30, 60.0))


@dataclass(frozen=True)
class TurnVerdict:
    admit: bool
    warn: bool = False  # the first refused turn of a stretch: say so, once
    wait: float = 0.0  # seconds until turns are admitted again


class TurnLimiter:
    """Incoming turns per user. A turn over the limit is not handled (no database
    work); the first one of a stretch is answered with how long to wait, the rest
    are dropped silently so a runaway client does not make the bot spam back.
    Refused turns are not counted, so the user is let in as soon as the window frees.
    Per process: with several instances a user may get up to that many times more."""

    def __init__(
        self, clock: Callable[[], float], windows: Sequence[Window] = TURN_WINDOWS
    ) -> None:
        self._limiter = SlidingWindowLimiter(windows, clock)
        self._clock = clock
        self._warned_until: OrderedDict[Hashable, float] = OrderedDict()

    def admit(self, key: Hashable) -> TurnVerdict:
        wait = self._limiter.delay(key)
        now = self._clock()
        if wait == 0.0:
            self._limiter.record(key)
            self._warned_until.pop(key, None)
            return TurnVerdict(True)
        warn = self._warned_until.get(key, 0.0) <= now
        if warn:
            self._warned_until.pop(key, None)
            self._warned_until[key] = now + wait  # kept in the order they were warned
            self._forget_expired_warnings(now)
        return TurnVerdict(False, warn, wait)

    def _forget_expired_warnings(self, now: float) -> None:
        """Drop expired warnings from the front. Entries are in the order they were set
        and none lasts longer than the longest window, so what is kept was set within
        that window: the map holds only the users warned in the last minute."""
        while self._warned_until:
            key, until = next(iter(self._warned_until.items()))
            if until > now:
                return
            del self._warned_until[key]


def conversation_key(conversation_id: str) -> str:
    """The conversation Teams throttles: a channel thread counts as its channel.

    A reference to a thread reads "19:…@thread.tacv2;messageid=…"; all threads of
    one channel share a key, which can only make us send more slowly, never faster.
    """
    return conversation_id.split(";", 1)[0]


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a transient failure before giving up.

    Backoff is exponential with full jitter: the wait before attempt n + 1 is
    uniform in [0, min(max_backoff, base_delay * 2 ** (n - 1))]. A Retry-After
    from the channel replaces the backoff. Waits add up to at most max_total_wait;
    a wait that would go past it is handed back to the caller instead.
    """

    max_attempts: int = 4
    base_delay: float = 1.0
    max_backoff: float = 16.0
    max_total_wait: float = 30.0
    request_timeout: float = 15.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def backoff_ceiling(self, attempt: int) -> float:
        """The longest backoff after the given (1-based) failed attempt."""
        return min(self.max_backoff, self.base_delay * 2 ** (attempt - 1))

    def backoff(self, attempt: int, random: Callable[[], float]) -> float:
        """A jittered backoff after the given failed attempt; random() is in [0, 1)."""
        return random() * self.backoff_ceiling(attempt)


TRANSIENT_STATUSES = frozenset({412, 429, 502, 503, 504})
PERMANENT_STATUSES = frozenset({403, 404})


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date.

    None when absent or unreadable; a date in the past gives 0.0. `now` is an
    aware datetime (the wall clock), needed only for the date form.
    """
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # "-0000" means UTC in HTTP dates
            when = when.replace(tzinfo=UTC)
        seconds = (when - now).total_seconds()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):  # NaN, inf
        return None
    return max(0.0, seconds)
