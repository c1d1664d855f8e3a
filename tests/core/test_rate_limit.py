"""Teams rate limits and retry timing, on a hand-moved monotonic clock."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from core.rate_limit import (
    TEAMS_LIMITS,
    RetryPolicy,
    SlidingWindowLimiter,
    TeamsLimits,
    TeamsRateLimiter,
    TurnLimiter,
    Window,
    conversation_key,
    parse_retry_after,
)


class ManualClock:
    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


def most_in_any_window(stamps: Sequence[float], seconds: float) -> int:
    """The largest number of stamps inside any `seconds`-long half-open stretch."""
    ordered = sorted(stamps)
    return max(sum(1 for other in ordered if start <= other < start + seconds) for start in ordered)


def send_all(
    limiter: TeamsRateLimiter, clock: ManualClock, sends: Sequence[tuple[Hashable, Hashable]]
) -> list[float]:
    """Send in order, moving the clock by each advised wait; the times sent at."""
    sent_at: list[float] = []
    for conversation, tenant in sends:
        while (wait := limiter.try_acquire(conversation, tenant)) > 0:
            clock.now += wait
        sent_at.append(clock.now)
    return sent_at


def test_a_fresh_key_may_send_at_once() -> None:
    limiter = SlidingWindowLimiter([Window(7, 1.0)], ManualClock())

    assert limiter.delay("a:conv") == 0.0


def test_the_eighth_send_in_a_second_waits_for_the_first_to_leave_the_window() -> None:
    clock = ManualClock(100.0)
    limiter = SlidingWindowLimiter([Window(7, 1.0)], clock)
    for _ in range(7):
        limiter.record("a:conv")
    clock.now = 100.25

    assert (limiter.delay("a:conv"), limiter.delay("a:other")) == (0.75, 0.0)


def test_try_acquire_records_nothing_while_it_says_wait() -> None:
    clock = ManualClock()
    limiter = TeamsRateLimiter(clock, TeamsLimits((Window(1, 1.0),), (Window(50, 1.0),)))

    waits = [limiter.try_acquire("a:conv", "tenant") for _ in range(3)]
    clock.now = 1.0

    assert (waits, limiter.try_acquire("a:conv", "tenant")) == ([0.0, 1.0, 1.0], 0.0)


def test_twenty_sends_to_one_conversation_keep_to_seven_per_second() -> None:
    clock = ManualClock()
    limiter = TeamsRateLimiter(clock)

    sent_at = send_all(limiter, clock, [("a:conv", "tenant")] * 20)

    assert most_in_any_window(sent_at, 1.0) == 7
    assert sent_at == [0.0] * 7 + [1.0] * 7 + [2.0] * 6


def test_a_busy_conversation_keeps_to_sixty_per_thirty_seconds() -> None:
    clock = ManualClock()
    limiter = TeamsRateLimiter(clock)

    sent_at = send_all(limiter, clock, [("a:conv", "tenant")] * 130)

    assert (most_in_any_window(sent_at, 1.0), most_in_any_window(sent_at, 30.0)) == (7, 60)
    # The 61st send waits for the first one to be 30 seconds old.
    assert (sent_at[59], sent_at[60]) == (8.0, 30.0)


def test_two_hundred_sends_across_one_tenant_keep_to_fifty_per_second() -> None:
    clock = ManualClock()
    limiter = TeamsRateLimiter(clock)
    sends = [(f"a:conv-{n % 40}", "tenant") for n in range(200)]

    sent_at = send_all(limiter, clock, sends)

    assert most_in_any_window(sent_at, 1.0) == 50
    assert sent_at[-1] == 3.0


def test_tenants_are_limited_apart() -> None:
    clock = ManualClock()
    limiter = TeamsRateLimiter(clock)
    sends = [(f"a:conv-{n}", f"tenant-{n % 2}") for n in range(100)]

    sent_at = send_all(limiter, clock, sends)

    assert sent_at == [0.0] * 100


def test_limits_can_be_lifted() -> None:
    clock = ManualClock()
    lifted = TeamsLimits(per_conversation=(Window(1000, 1.0),), per_tenant=(Window(1000, 1.0),))
    limiter = TeamsRateLimiter(clock, lifted)

    sent_at = send_all(limiter, clock, [("a:conv", "tenant")] * 200)

    assert sent_at == [0.0] * 200


def test_waiting_the_advised_delay_is_always_enough() -> None:
    """Rounding must not leave a send a hair inside its window: with these numbers,
    and no slack in the limiter, it would next advise a wait of 2e-15 s."""
    sent_at, seconds, later = 1.8658436487675645, 13.944783771555915, 4.248915746580296
    clock = ManualClock(sent_at)
    limiter = SlidingWindowLimiter([Window(1, seconds)], clock)
    limiter.record("k")
    clock.now = later
    wait = limiter.delay("k")
    clock.now += wait

    assert (wait > 0.0, limiter.delay("k")) == (True, 0.0)


def test_idle_keys_are_forgotten() -> None:
    clock = ManualClock()
    limiter = TeamsRateLimiter(clock)
    for n in range(1000):
        limiter.try_acquire(f"a:conv-{n}", f"tenant-{n}")
    remembered = (len(limiter.conversations), len(limiter.tenants))
    clock.now = 30.5
    limiter.try_acquire("a:conv-new", "tenant-0")

    assert (remembered, len(limiter.conversations), len(limiter.tenants)) == (
        (1000, 1000),
        1,
        1,
    )


def test_the_teams_defaults() -> None:
    defaults = TeamsLimits()

    assert (defaults.per_conversation, defaults.per_tenant) == (
        (Window(7, 1.0), Window(60, 30.0)),
        (Window(50, 1.0),),
    )
    assert defaults == TEAMS_LIMITS


@pytest.mark.parametrize("limit, seconds", [(0, 1.0), (5, 0.0), (5, -1.0)])
def test_a_window_must_allow_something(limit: int, seconds: float) -> None:
    with pytest.raises(ValueError):
        Window(limit, seconds)


@pytest.mark.parametrize(
    "conversation_id, expected",
    [
        ("a:1xYz", "a:1xYz"),
        ("19:abc@thread.tacv2", "19:abc@thread.tacv2"),
        ("19:abc@thread.tacv2;messageid=1700000000000", "19:abc@thread.tacv2"),
    ],
)
def test_threads_of_a_channel_share_its_limit(conversation_id: str, expected: str) -> None:
    assert conversation_key(conversation_id) == expected


NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "header, expected",
    [
        ("2", 2.0),
        (" 1.5 ", 1.5),
        ("0", 0.0),
        ("-3", 0.0),
        (format_datetime(NOW + timedelta(seconds=10), usegmt=True), 10.0),
        ("Sun, 22 Nov 2026 09:00:07 GMT", 7.0),
        (format_datetime(NOW - timedelta(minutes=5), usegmt=True), 0.0),
        ("soon", None),
        ("nan", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_in_seconds_or_as_a_date(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header, NOW) == expected


def test_backoff_doubles_up_to_its_cap() -> None:
    policy = RetryPolicy(base_delay=1.0, max_backoff=16.0)

    ceilings = [policy.backoff_ceiling(attempt) for attempt in range(1, 8)]

    assert ceilings == [1.0, 2.0, 4.0, 8.0, 16.0, 16.0, 16.0]


def test_backoff_is_a_jittered_share_of_the_ceiling() -> None:
    policy = RetryPolicy(base_delay=0.5)

    assert [policy.backoff(3, lambda share=share: share) for share in (0.0, 0.25, 0.999)] == [
        0.0,
        0.5,
        1.998,
    ]


def test_a_policy_makes_at_least_one_attempt() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)


def test_instances_share_the_teams_limits() -> None:
    two = TEAMS_LIMITS.shared_by(2)

    assert two.per_tenant == (Window(25, 1.0),)
    assert two.per_conversation == (Window(3, 1.0), Window(30, 30.0))
    assert TEAMS_LIMITS.shared_by(1) == TEAMS_LIMITS
    assert TEAMS_LIMITS.shared_by(100).per_conversation[0] == Window(1, 1.0)
    with pytest.raises(ValueError):
        TEAMS_LIMITS.shared_by(0)


# -- incoming turns per user -----------------------------------------------------------------
def test_turns_over_the_limit_are_refused_and_answered_once() -> None:
    clock = ManualClock()
    limiter = TurnLimiter(clock, (Window(3, 10.0),))

    verdicts = [limiter.admit("anna") for _ in range(6)]

    assert [v.admit for v in verdicts] == [True, True, True, False, False, False]
    assert [v.warn for v in verdicts] == [False, False, False, True, False, False]
    assert verdicts[3].wait == pytest.approx(10.0)


def test_refused_turns_do_not_count_so_the_user_is_let_in_when_the_window_frees() -> None:
    clock = ManualClock()
    limiter = TurnLimiter(clock, (Window(2, 10.0),))
    limiter.admit("anna")
    clock.now += 5.0
    limiter.admit("anna")
    for _ in range(50):  # a runaway client keeps sending
        assert limiter.admit("anna").admit is False

    clock.now += 5.0  # the first turn has left the window

    again = limiter.admit("anna")
    assert again.admit is True
    # A new stretch over the limit is answered again, once.
    assert [limiter.admit("anna").warn for _ in range(3)] == [True, False, False]


def test_users_are_limited_apart() -> None:
    clock = ManualClock()
    limiter = TurnLimiter(clock, (Window(1, 60.0),))

    assert [limiter.admit(who).admit for who in ("anna", "bo", "anna", "cilla")] == [
        True,
        True,
        False,
        True,
    ]


def test_the_default_lets_a_fast_typist_through() -> None:
    """Someone answering a dialog quickly: one message every two seconds for five
    minutes is never refused."""
    clock = ManualClock()
    limiter = TurnLimiter(clock)
    admitted = []
    for _ in range(150):
        admitted.append(limiter.admit("anna").admit)
        clock.now += 2.0
    assert all(admitted)
