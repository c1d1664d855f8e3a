"""One scenario of the reminder benchmark: baseline, seed, dispatch, count.

First the bare-client baseline against the connector, then the seed, then the
dispatchers (reminders_dispatch.py, or reminders_procs.py for one process per
instance), then the accounting: what the connector received per occurrence
against what the database says.
"""

from __future__ import annotations

import cProfile
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from bench.reminders_connector import Baseline, ConnectorProcess, Tally, baseline_posts
from bench.reminders_dispatch import Dispatch, RunOptions, Scenario, dispatch, instance_id
from bench.reminders_procs import dispatch_in_processes
from bench.reminders_seed import (
    DUE_AT,
    SEEDED_AT,
    STOCKHOLM,
    SeedSpec,
    reference_for,
    seed,
    tenant_of,
)
from bot.proactive_sender import ProactiveSender
from bot.reminder_dispatcher import DispatchStats, ReminderDispatcher
from core.clock import FrozenClock
from dialogs.cards.reminder import reminder_activity
from storage import reminders_repository as repo
from storage.db import Database
from storage.models import ReminderOccurrence


@dataclass(frozen=True)
class Accounting:
    delivered: int  # distinct seeded occurrences received at the connector
    duplicates: int  # receipts beyond the first, per occurrence
    unexpected: int  # activities that are no seeded occurrence's card
    lost: int  # over (not pending or claimed) yet not both received and marked sent
    open: int  # still pending or claimed when dispatching ended (the deadline)


@dataclass
class ScenarioResult:
    scenario: Scenario
    count: int
    seed_seconds: float
    baseline: Baseline
    last_delivery: float | None  # seconds from the start of dispatching
    dispatch_seconds: float  # until every dispatcher had stopped
    accounting: Accounting
    states: dict[str, int]
    sent_by: dict[str, int]  # instance id -> occurrences it marked sent
    late: int
    peak_tenant_second: int
    stats: DispatchStats
    deadline_passed: bool
    errors: list[str] = field(default_factory=list)
    profile: cProfile.Profile | None = None
    child_log: Counter[str] = field(default_factory=Counter)  # from instance processes
    child_log_samples: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        if not self.last_delivery:
            return float("nan")
        return self.accounting.delivered / self.last_delivery

    @property
    def ratio(self) -> float:
        return self.per_second / self.baseline.per_second

    @property
    def ok(self) -> bool:
        a = self.accounting
        return a.duplicates == 0 and a.lost == 0 and a.unexpected == 0 and not self.errors


def account(count: int, tally: Tally, sent: set[int], open_ids: set[int]) -> Accounting:
    """Compare what the connector received with what the database says, per occurrence."""
    received = {oid for oid in tally.receipts if 1 <= oid <= count}
    stray = sum(n for oid, n in tally.receipts.items() if oid not in received)
    lost = sum(
        1
        for oid in range(1, count + 1)
        if oid not in open_ids and not (oid in received and oid in sent)
    )
    return Accounting(
        delivered=len(received),
        duplicates=sum(n - 1 for oid, n in tally.receipts.items() if oid in received and n > 1),
        unexpected=tally.other + stray,
        lost=lost,
        open=len(open_ids),
    )


def baseline_body(service_url: str) -> dict:
    """What the sender posts for one reminder, addressed as the sender addresses it."""
    reference = reference_for(0, tenant_of(0, 1), service_url, "sv-SE")
    activity = reminder_activity(
        occurrence_id=0,
        text="Ring FK om K-1042",
        lang="sv",
        due_at=DUE_AT,
        now=DUE_AT,
        tz=STOCKHOLM,
        late=False,
    )
    return {
        **activity,
        "from": reference["bot"],
        "conversation": reference["conversation"],
        "recipient": reference["user"],
        "channelId": "msteams",
        "serviceUrl": service_url,
        "locale": "sv-SE",
    }


async def final_rows(db: Database) -> list[tuple[int, str, bool, str | None]]:
    async with db.session() as session:
        rows = await session.execute(
            select(
                ReminderOccurrence.id,
                ReminderOccurrence.state,
                ReminderOccurrence.late,
                ReminderOccurrence.claimed_by,
            )
        )
        return list(rows.tuples())


async def run_scenario(
    scenario: Scenario, url: str, options: RunOptions, connector: ConnectorProcess
) -> ScenarioResult:
    await connector.clear()
    baseline = await baseline_posts(
        connector.url,
        baseline_body(connector.url),
        count=options.count,
        concurrency=options.concurrency * scenario.instances,
    )
    await connector.clear()
    in_loop = 1 if scenario.processes else scenario.instances
    databases = [Database(url) for _ in range(in_loop)]
    senders = [ProactiveSender(limits=options.teams_limits) for _ in databases]
    try:
        spec = SeedSpec(options.count, options.tenants, connector.url)
        seed_seconds = await seed(databases[0], spec)
        if scenario.processes:
            run = await dispatch_in_processes(url, options, scenario)
        else:
            clock = FrozenClock(SEEDED_AT)
            dispatchers = [
                ReminderDispatcher(
                    db,
                    sender,
                    clock,
                    instance_id=instance_id(scenario, i),
                    batch_size=options.batch_size,
                    concurrency=options.concurrency,
                )
                for i, (db, sender) in enumerate(zip(databases, senders, strict=True))
            ]
            run = await dispatch(dispatchers, databases, clock, options)
        tally = await connector.tally()
        rows = await final_rows(databases[0])
    finally:
        for sender in senders:
            await sender.close()
        for db in databases:
            await db.dispose()
    return _result(scenario, options, seed_seconds, baseline, run, tally, rows)


def _result(
    scenario: Scenario,
    options: RunOptions,
    seed_seconds: float,
    baseline: Baseline,
    run: Dispatch,
    tally: Tally,
    rows: list[tuple[int, str, bool, str | None]],
) -> ScenarioResult:
    states = Counter(state for _, state, _, _ in rows)
    sent = {oid for oid, state, _, _ in rows if state == repo.SENT}
    open_ids = {oid for oid, state, _, _ in rows if state in repo.OPEN_STATES}
    sent_by = Counter(by or "?" for _, state, _, by in rows if state == repo.SENT)
    stats = DispatchStats()
    for total in run.totals:
        stats.add(total)
    return ScenarioResult(
        scenario=scenario,
        count=options.count,
        seed_seconds=seed_seconds,
        baseline=baseline,
        last_delivery=None if tally.last_at is None else tally.last_at - run.started,
        dispatch_seconds=run.seconds,
        accounting=account(options.count, tally, sent, open_ids),
        states=dict(sorted(states.items())),
        sent_by=dict(sorted(sent_by.items())),
        late=sum(1 for _, state, late, _ in rows if state == repo.SENT and late),
        peak_tenant_second=tally.peak_tenant_second,
        stats=stats,
        deadline_passed=run.deadline_passed,
        errors=run.errors,
        profile=run.profile,
        child_log=run.child_log,
        child_log_samples=run.child_log_samples,
    )
