"""A resursgruppsmöte over real HTTP: booked in one chat, the invitation POSTed to
the other participant's chat through the fake Bot Connector, the answer PUT onto
the organizer's status card in place, and the question after the meeting POSTed
by the follow-up job. The app runs in local mode with demo data, so both people
who chat join K-1001's care team."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app import SERVICES
from bot.follow_up_job import FollowUpAsker
from core.clock import FrozenClock
from tests.e2e.conftest import BotService, card_of
from tests.support.cards import card_texts

TZ = ZoneInfo("Europe/Stockholm")
BERTIL = {
    "user_id": "29:user-bertil",
    "user_name": "Bertil Ek",
    "aad_object_id": "00000000-0000-0000-0000-0000000b0b0b",
}


async def test_invitation_answer_and_follow_up_go_through_the_connector(
    service: BotService,
) -> None:
    await service.start(demo_data=True)
    assert isinstance(service.clock, FrozenClock)
    assert (await service.turn(service.activity(text="hej", **BERTIL))).status == 200
    await service.turn(service.activity(text="möten", **BERTIL))  # joins the demo team
    await service.turn(service.activity(text="hej"))

    summary = await service.turn(service.activity(text="boka K-1001 tisdag 13.30 med Bertil Ek"))
    assert summary.status == 200
    [summary_reply] = summary.replies
    assert "Bertil Ek" in card_texts(card_of(summary_reply))
    book = card_of(summary_reply)["actions"][0]["data"]
    booked = await service.turn(service.activity(value=book))
    assert booked.status == 200

    # The organizer's status card and the invitation, each POSTed to its own chat.
    status_post = next(
        r
        for r in booked.replies
        if r.conversation_id == "a:conv-29:user-anna" and r.body.get("attachments")
    )
    assert status_post.method == "POST"
    assert "0 kommer · 0 kan inte · 1 har inte svarat" in card_texts(card_of(status_post))
    [invitation] = [r for r in booked.replies if r.conversation_id == "a:conv-29:user-bertil"]
    assert invitation.method == "POST"
    invite_card = card_of(invitation)
    assert [a["title"] for a in invite_card["actions"]][:2] == ["Jag kommer", "Kan inte"]
    rows = service.rows("SELECT id, status_card_activity_id FROM meetings")
    [meeting] = rows
    assert meeting["status_card_activity_id"]

    # Bertil accepts from his card; Anna's status card is replaced in place (PUT).
    accepted = await service.turn(
        service.activity(value=invite_card["actions"][0]["data"], **BERTIL)
    )
    assert accepted.texts[0].startswith("Tack! Du är anmäld till mötet om K-1001")
    [update] = [r for r in accepted.replies if r.method == "PUT"]
    assert update.conversation_id == "a:conv-29:user-anna"
    assert update.path.endswith(f"/activities/{meeting['status_card_activity_id']}")
    assert "1 kommer · 0 kan inte · 0 har inte svarat" in card_texts(card_of(update))
    assert service.rows("SELECT answer FROM meeting_participants WHERE organizer = 0") == [
        {"answer": "accepted"}
    ]

    # After the meeting, the follow-up job asks Anna, through the connector too.
    service.clock.set(datetime(2026, 11, 24, 14, 35, tzinfo=TZ))
    assert service.app is not None
    services = service.app[SERVICES]
    before = len(service.connector.received)
    stats = await FollowUpAsker(services.meetings, services.meeting_notifier).run_once()
    assert stats.asked == 1
    [question] = service.connector.received[before:]
    assert question.conversation_id == "a:conv-29:user-anna"
    card = card_of(question)
    assert card["actions"][0]["data"]["command"] == f"dokumentera {meeting['id']}"
    # Pressing it opens the outcome card in the same chat.
    pressed = await service.turn(service.activity(value=card["actions"][0]["data"]))
    assert [i["id"] for i in card_of(pressed.replies[0])["body"] if i["type"] == "Input.Text"] == [
        "decisions",
        "goals",
        "actions",
    ]
    service.clock.advance(timedelta(days=1))
    assert (await FollowUpAsker(services.meetings, services.meeting_notifier).run_once()).asked == 0
