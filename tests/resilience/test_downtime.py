"""Two hours of downtime, then the real dispatcher and sender start again: each due
occurrence goes out once, marked late; one older than the grace window is only
summarised; a reminder every 15 minutes sends one late card, not eight."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bench.reminders_connector import occurrence_id_of
from bench.reminders_seed import DUE_AT, STOCKHOLM, conversation_of
from bot.proactive_sender import ProactiveSender
from bot.reminder_dispatcher import DispatchStats, ReminderDispatcher
from core.clock import FrozenClock
from core.reminder_plan import GRACE
from storage import reminders_repository as repo
from storage.db import Database
from tests.resilience.conftest import outcome, seed_due
from tests.support.fake_connector import FakeConnector

COUNT = 40
EVERY_15_MINUTES = "FREQ=MINUTELY;INTERVAL=15"


async def test_after_two_hours_down_each_is_delivered_once_late_or_summarised(
    db: Database, connector: FakeConnector, sender: ProactiveSender
) -> None:
    await seed_due(db, connector, COUNT)  # due at DUE_AT, one per person 1..COUNT
    created = DUE_AT - GRACE - timedelta(hours=2)
    async with db.session() as session:
        recurring = await repo.create_reminder(
            session,
            owner_user_id=1,
            text="Titta till K-1042",
            timezone="Europe/Stockholm",
            now=created,
            rule=EVERY_15_MINUTES,
            dtstart_local=(DUE_AT - timedelta(minutes=15))
            .astimezone(STOCKHOLM)
            .replace(tzinfo=None),
            recipient_user_id=1,
        )
        too_old = await repo.create_reminder(
            session,
            owner_user_id=2,
            text="Ring FK om K-1043",
            timezone="Europe/Stockholm",
            now=created,
            at=DUE_AT - GRACE - timedelta(hours=1),
            recipient_user_id=2,
        )
    clock = FrozenClock(DUE_AT + timedelta(hours=2))  # the bot comes back
    dispatcher = ReminderDispatcher(db, sender, clock, batch_size=25)

    first = await dispatcher.drain()
    again = await dispatcher.drain()

    assert first == DispatchStats(
        claimed=COUNT + 2, sent=COUNT + 1, late=COUNT + 1, missed=1, summaries=1
    )
    assert again == DispatchStats()
    result = await outcome(db, connector)
    assert result.duplicates == 0
    assert result.lost(COUNT) == []
    per_conversation = Counter(r.conversation_id for r in connector.received)
    assert per_conversation == {
        **{conversation_of(i): 1 for i in range(2, COUNT)},
        conversation_of(0): 2,  # the seeded one, and one late card of the 15-minute one
        conversation_of(1): 2,  # the seeded one, and the summary of the one too old
    }
    cards = [occurrence_id_of(body) for body in connector.for_conversation(conversation_of(0))]
    assert recurring.next_occurrence_id in cards
    summary = [r.body for r in connector.received if r.conversation_id == conversation_of(1)]
    assert any("missade du" in (body.get("text") or "") for body in summary)
    async with db.session() as session:
        upcoming = await repo.get_reminder(session, recurring.id)
        old = await repo.get_occurrence(session, too_old.next_occurrence_id or 0)
    assert upcoming is not None and upcoming.next_due_at is not None
    assert upcoming.next_due_at > clock.now()  # skipped past the downtime, no flood
    assert old is not None and old.state == "missed"
