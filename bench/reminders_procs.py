"""Dispatching with each instance in a process of its own, as bot instances are
deployed: its own interpreter, event loop, database pool and sender (and so its
own rate limiter). The processes build their dispatcher, meet the parent at a
barrier, dispatch exactly as in one loop (reminders_run.dispatch), and send back
their stats. Bounded: the barrier, the results and the joins all time out.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
from dataclasses import replace
from multiprocessing import get_context
from multiprocessing.queues import Queue
from typing import Any

from bench.reminders_dispatch import (
    Dispatch,
    LogSink,
    RunOptions,
    Scenario,
    dispatch,
    instance_id,
)
from bench.reminders_seed import DUE_AT
from bot.proactive_sender import ProactiveSender
from bot.reminder_dispatcher import ReminderDispatcher
from core.clock import FrozenClock
from storage.db import Database

STARTUP_TIMEOUT = 60.0  # for every process to import, connect and reach the barrier
RESULT_SLACK = 60.0  # beyond the deadline, for the last marks and the answer


async def _instance(
    url: str, options: RunOptions, name: str, barrier: Any, results: Queue[Any], log: LogSink
) -> None:
    db = Database(url)
    sender = ProactiveSender(limits=options.teams_limits)
    clock = FrozenClock(DUE_AT)
    dispatcher = ReminderDispatcher(
        db,
        sender,
        clock,
        instance_id=name,
        batch_size=options.batch_size,
        concurrency=options.concurrency,
    )
    try:
        await db.ping()  # connect before the start, as a running instance would be
        await asyncio.to_thread(barrier.wait, STARTUP_TIMEOUT)
        run = await dispatch([dispatcher], [db], clock, options)
        results.put((run.totals[0], run.errors, run.deadline_passed, log.counts, log.samples))
    finally:
        await sender.close()
        await db.dispose()


def instance_main(url: str, options: RunOptions, name: str, barrier: Any, results: Any) -> None:
    """Entry point of one instance's process."""
    log = LogSink.install()
    asyncio.run(_instance(url, options, name, barrier, results, log))


async def dispatch_in_processes(url: str, options: RunOptions, scenario: Scenario) -> Dispatch:
    context = get_context("spawn")
    barrier = context.Barrier(scenario.instances + 1)
    results = context.Queue()
    child_options = replace(options, profile_dir=None)  # cProfile sees only its own process
    processes = [
        context.Process(
            target=instance_main,
            args=(url, child_options, instance_id(scenario, i), barrier, results),
            daemon=True,
        )
        for i in range(scenario.instances)
    ]
    for process in processes:
        process.start()
    run = Dispatch(started=time.monotonic())
    try:
        await asyncio.to_thread(barrier.wait, STARTUP_TIMEOUT)
        run.started = time.monotonic()
        for _ in processes:
            totals, errors, deadline_passed, log, samples = await asyncio.to_thread(
                results.get, True, options.deadline + RESULT_SLACK
            )
            run.totals.append(totals)
            run.errors.extend(errors)
            run.deadline_passed = run.deadline_passed or deadline_passed
            run.child_log.update(log)
            run.child_log_samples.extend(samples)
    except (threading.BrokenBarrierError, queue.Empty) as exc:
        run.errors.append(f"an instance process did not start or answer: {type(exc).__name__}")
    finally:
        run.seconds = time.monotonic() - run.started
        for process in processes:
            await asyncio.to_thread(process.join, 10)
            if process.is_alive():
                process.terminate()
                await asyncio.to_thread(process.join, 5)
    return run
