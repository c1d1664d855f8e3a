"""The one turn-error handler: log with traceback, apologise once, start over."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus

from botbuilder.core import BotState, TurnContext
from botbuilder.core.invoke_response import InvokeResponse
from botbuilder.schema import Activity, ActivityTypes

from dialogs.turn_info import say

log = logging.getLogger("samverkan.turn")


def make_turn_error_handler(
    conversation_state: BotState,
) -> Callable[[TurnContext, Exception], Awaitable[None]]:
    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        activity = context.activity
        log.error(
            "turn failed: type=%s conversation=%s",
            activity.type,
            activity.conversation.id if activity.conversation else None,
            exc_info=error,
        )
        apology = say(context, "error.apology")
        try:
            if activity.type == ActivityTypes.invoke:
                await context.send_activity(
                    Activity(
                        type=ActivityTypes.invoke_response,
                        value=InvokeResponse(
                            status=int(HTTPStatus.INTERNAL_SERVER_ERROR),
                            body={"message": apology},
                        ),
                    )
                )
            elif activity.type == ActivityTypes.message:
                await context.send_activity(apology)
        except Exception:  # the apology itself failed: nothing more to tell the user
            log.exception("could not send the apology")
        try:
            # delete() pops the cached state without a default: load it first, for
            # turns that failed before the state was read (invokes, database errors).
            await conversation_state.load(context)
            await conversation_state.delete(context)
        except Exception:
            log.exception("could not reset the conversation state")

    return on_turn_error
