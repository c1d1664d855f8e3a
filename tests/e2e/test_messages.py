"""Messages over HTTP: help in both languages, @mentions, the staff user upsert."""

from __future__ import annotations

from core.i18n import t
from tests.e2e.conftest import BotService, Turn, card_of
from tests.support.activities import BOT_ID, TENANT_ID


async def test_help_is_a_card_replying_in_the_same_conversation(running: BotService) -> None:
    activity = running.activity(text="hjälp", conversation_id="a:conv-help")

    status, body, replies = await running.turn(activity)

    assert (status, body) == (200, None)
    assert [(r.method, r.conversation_id) for r in replies] == [("POST", "a:conv-help")]
    reply = replies[0].body
    assert reply["replyToId"] == activity["id"]
    assert reply["conversation"]["id"] == "a:conv-help"
    assert reply["recipient"]["id"] == activity["from"]["id"]
    card = card_of(replies[0])
    assert card["version"] == "1.5"
    assert card["fallbackText"].splitlines()[0] == t("help.title", "sv")
    assert card["body"][0]["text"] == t("help.title", "sv")


async def test_english_locale_gets_english_help(running: BotService, turn: Turn) -> None:
    result = await turn(running.activity(text="help", locale="en-US"))

    assert result.status == 200
    card = card_of(result.replies[0])
    assert card["body"][0]["text"] == t("help.title", "en")
    assert card["fallbackText"].splitlines()[-1] == t("help.footer", "en")
    assert [r.body["locale"] for r in result.replies] == ["en-US"]


async def test_a_mention_in_a_channel_is_stripped_and_answered(running: BotService) -> None:
    conversation_id = "19:abc123@thread.tacv2;messageid=1700000000000"
    activity = running.activity(
        text="<at>Samverkansboten</at> hjälp",
        conversation_id=conversation_id,
        conversation_type="channel",
        entities=[
            {
                "type": "mention",
                "mentioned": {"id": BOT_ID, "name": "Samverkansboten"},
                "text": "<at>Samverkansboten</at>",
            }
        ],
        channelData={
            "tenant": {"id": TENANT_ID},
            "team": {"id": "19:team@thread.tacv2"},
            "channel": {"id": "19:abc123@thread.tacv2"},
        },
    )

    result = await running.turn(activity)

    assert result.status == 200
    assert [r.conversation_id for r in result.replies] == [conversation_id]
    assert card_of(result.replies[0])["body"][0]["text"] == t("help.title", "sv")


async def test_an_empty_message_gets_a_polite_reply(running: BotService) -> None:
    result = await running.turn(running.activity(text="   "))

    assert result.status == 200
    assert result.texts == [t("message.empty", "sv")]


async def test_a_message_without_text_gets_the_same_polite_reply(running: BotService) -> None:
    result = await running.turn(running.activity())

    assert result.status == 200
    assert result.texts == [t("message.empty", "sv")]


async def test_a_card_shared_into_the_chat_gets_no_reply(running: BotService) -> None:
    # What Teams sends when a contact card from the messaging extension is posted in
    # the bot's own chat: the card, and markup for text.
    activity = running.activity(
        text='<span class="inline-compose-card" itemid="0"></span>',
        attachments=[
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "content": {"type": "AdaptiveCard", "version": "1.5", "body": []},
            }
        ],
    )

    result = await running.turn(activity)

    assert (result.status, result.replies) == (200, [])


async def test_a_very_long_message_is_refused_and_the_dialog_goes_on(
    running: BotService,
) -> None:
    started = await running.turn(running.activity(text="inställningar"))
    assert started.replies[0].body["summary"] == t("settings.ask_language", "sv")

    long = await running.turn(running.activity(text="a" * 20_000))

    assert long.status == 200
    assert long.texts == [t("message.too_long", "sv", length=20_000, limit=4000)]
    assert long.texts[0].startswith("Meddelandet är för långt")
    # The dialog was not touched: the language prompt still takes the answer.
    answered = await running.turn(running.activity(text="svenska"))
    assert answered.texts == [t("settings.ask_timezone", "sv", current="Europe/Stockholm")]


async def test_a_message_stores_the_staff_user_and_the_conversation(
    running: BotService,
) -> None:
    activity = running.activity(
        text="hjälp",
        user_id="29:user-bertil",
        user_name="Bertil Ek",
        aad_object_id="00000000-0000-0000-0000-0000000b0b0b",
        conversation_id="a:conv-bertil",
        locale="sv-SE",
        tenant_id="Tenant-Region-Orebro",
    )

    assert (await running.turn(activity)).status == 200

    users = running.rows(
        "SELECT id, teams_user_id, aad_object_id, tenant_id, name, locale, language, timezone"
        " FROM staff_users"
    )
    assert [{k: v for k, v in u.items() if k != "id"} for u in users] == [
        {
            "teams_user_id": "29:user-bertil",
            "aad_object_id": "00000000-0000-0000-0000-0000000b0b0b",
            "tenant_id": "tenant-region-orebro",
            "name": "Bertil Ek",
            "locale": "sv-SE",
            "language": None,
            "timezone": None,
        }
    ]
    references = running.rows(
        "SELECT conversation_id, conversation_type, user_id, tenant_id, service_url, channel_id"
        " FROM conversation_references"
    )
    assert references == [
        {
            "conversation_id": "a:conv-bertil",
            "conversation_type": "personal",
            "user_id": users[0]["id"],
            "tenant_id": "tenant-region-orebro",
            "service_url": running.connector.url,
            "channel_id": "msteams",
        }
    ]


async def test_the_tenant_comes_from_channel_data(running: BotService) -> None:
    activity = running.activity(text="hjälp", user_id="29:user-cecilia")
    activity["conversation"]["tenantId"] = "not-this-one"
    activity["channelData"] = {"tenant": {"id": "tenant-from-channel-data"}}

    assert (await running.turn(activity)).status == 200

    assert running.rows("SELECT tenant_id FROM staff_users") == [
        {"tenant_id": "tenant-from-channel-data"}
    ]


async def test_the_zone_teams_reports_is_stored_and_used(running: BotService) -> None:
    activity = running.activity(text="inställningar", localTimezone="Europe/Helsinki")

    result = await running.turn(activity)
    answer = await running.turn(running.activity(text="1", localTimezone="Europe/Helsinki"))

    assert result.status == 200
    assert running.rows("SELECT client_timezone, timezone FROM staff_users") == [
        {"client_timezone": "Europe/Helsinki", "timezone": None}
    ]
    assert answer.texts[-1].startswith("Vilken tidszon gäller för dig? Nu: **Europe/Helsinki**")
