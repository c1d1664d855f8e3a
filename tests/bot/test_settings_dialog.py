"""SettingsDialog in isolation (botbuilder.testing.DialogTestClient), with a fake saver."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from botbuilder.core import Middleware, TurnContext
from botbuilder.dialogs import DialogTurnStatus
from botbuilder.schema import Activity, ActivityTypes
from botbuilder.testing import DialogTestClient

from dialogs.settings_dialog import SettingsDialog
from dialogs.turn_info import TurnInfo, set_turn_info
from storage.records import StaffUserRecord

DEFAULT_ZONE = "Europe/Stockholm"


@dataclass
class RecordingSaver:
    calls: list[tuple[int, str | None, str | None]] = field(default_factory=list)

    async def save_preferences(
        self, user_id: int, *, language: str | None, timezone: str | None
    ) -> None:
        self.calls.append((user_id, language, timezone))


def _user(timezone: str | None = None) -> StaffUserRecord:
    at = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
    return StaffUserRecord(
        id=7,
        teams_user_id="29:user-anna",
        aad_object_id=None,
        tenant_id="tenant",
        name="Anna Berg",
        locale="sv-SE",
        language=None,
        timezone=timezone,
        created_at=at,
        last_seen_at=at,
    )


class TurnInfoMiddleware(Middleware):
    """What SamverkanBot.on_turn sets up before dialogs run."""

    def __init__(self, info: TurnInfo) -> None:
        self._info = info

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable[None]]) -> None:
        set_turn_info(context, self._info)
        await logic()


def _client(saver: RecordingSaver, info: TurnInfo | None) -> DialogTestClient:
    middlewares = [TurnInfoMiddleware(info)] if info else None
    return DialogTestClient("msteams", SettingsDialog(saver), middlewares=middlewares)


async def test_choosing_english_and_helsinki_saves_both() -> None:
    saver = RecordingSaver()
    client = _client(saver, TurnInfo(user=_user(), language="sv", timezone=DEFAULT_ZONE))

    question = await client.send_activity("inställningar")
    assert question.attachments[0].content["fallbackText"] == (
        "Vilket språk vill du att jag skriver på?\n1. Svenska\n2. Engelska\n3. Samma som Teams"
    )
    retry = await client.send_activity("danska")
    assert retry.text == "Välj ett av alternativen: svenska, engelska eller samma som Teams."
    assert (await client.send_activity("English")).text.startswith("Which time zone applies")
    confirmation = await client.send_activity("helsingfors")

    assert confirmation.text == "Saved. Language: English. Time zone: Europe/Helsinki."
    assert client.dialog_turn_result.status == DialogTurnStatus.Complete
    assert saver.calls == [(7, "en", "Europe/Helsinki")]


async def test_same_as_teams_is_stored_as_no_language_and_a_chosen_zone_as_chosen() -> None:
    saver = RecordingSaver()
    info = TurnInfo(user=_user("Europe/Helsinki"), language="en", timezone="Europe/Helsinki")
    client = _client(saver, info)

    await client.send_activity("settings")
    assert (await client.send_activity("3")).text == (
        "Vilken tidszon gäller för dig? Nu: **Europe/Helsinki**. Skriv **behåll**, eller en "
        "annan tidszon, t.ex. Europe/Helsinki eller Helsingfors."
    )
    confirmation = await client.send_activity("Stockholm")

    assert confirmation.text == "Sparat. Språk: Samma som Teams. Tidszon: Europe/Stockholm."
    # Chosen explicitly, so it wins over the zone the Teams client reports.
    assert saver.calls == [(7, None, "Europe/Stockholm")]


async def test_keep_without_an_earlier_choice_keeps_following_teams() -> None:
    saver = RecordingSaver()
    info = TurnInfo(user=_user(None), language="sv", timezone="Europe/Helsinki")
    client = _client(saver, info)

    await client.send_activity("inställningar")
    await client.send_activity("1")
    confirmation = await client.send_activity("behåll")

    assert confirmation.text == "Sparat. Språk: Svenska. Tidszon: Europe/Helsinki."
    assert saver.calls == [(7, "sv", None)]


async def test_keep_leaves_the_current_zone() -> None:
    saver = RecordingSaver()
    info = TurnInfo(user=_user("Europe/London"), language="sv", timezone="Europe/London")
    client = _client(saver, info)

    await client.send_activity("inställningar")
    await client.send_activity("1")
    retry = await client.send_activity("Atlantis")
    assert retry.text == (
        "Den tidszonen känner jag inte igen. Skriv t.ex. Europe/Stockholm eller Europe/Helsinki, "
        "eller **behåll**."
    )
    confirmation = await client.send_activity("Behåll")

    assert confirmation.text == "Sparat. Språk: Svenska. Tidszon: Europe/London."
    assert saver.calls == [(7, "sv", "Europe/London")]


async def test_the_language_card_buttons_are_answers() -> None:
    saver = RecordingSaver()
    client = _client(saver, TurnInfo(user=_user(), language="sv", timezone=DEFAULT_ZONE))

    question = await client.send_activity("inställningar")
    values = [a["data"]["msteams"]["value"] for a in question.attachments[0].content["actions"]]
    assert values == ["Svenska", "Engelska", "Samma som Teams"]
    answer = await client.send_activity(Activity(type=ActivityTypes.message, text=values[1]))

    assert answer.text.startswith("Which time zone applies to you?")


async def test_without_a_known_user_nothing_is_saved_but_the_answer_is_given() -> None:
    saver = RecordingSaver()
    client = _client(saver, None)

    await client.send_activity("settings")
    await client.send_activity("2")
    confirmation = await client.send_activity("keep")

    assert confirmation.text == "Saved. Language: English. Time zone: Europe/Stockholm."
    assert saver.calls == []
