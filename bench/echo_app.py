"""The baseline: a bare echo bot on the same kind of adapter, behind a minimal route.

Whatever the real bot costs above this is the bot's own work (database, state,
cards); what both share (aiohttp, botbuilder's adapter, the reply to the
connector) is the floor a turn cannot go below.
"""

from __future__ import annotations

from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.schema import Activity

from bot.adapter import create_adapter
from core.config import Config


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(turn_context.activity.text))


def create_echo_app(config: Config) -> web.Application:
    adapter = create_adapter(config)
    bot = EchoBot()

    async def messages(request: web.Request) -> web.Response:
        activity = Activity().deserialize(await request.json())
        auth_header = request.headers.get("Authorization", "")
        await adapter.process_activity(auth_header, activity, bot.on_turn)
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/api/messages", messages)
    return app
