"""The Teams-facing activity handler: identity, tenant guard, routing, welcome."""

from __future__ import annotations

import logging
import math
from http import HTTPStatus

from azure.core.exceptions import DeserializationError
from botbuilder.core import BotState, TurnContext, UserState
from botbuilder.core.invoke_response import InvokeResponse
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity, ActivityTypes, Attachment, ChannelAccount
from botbuilder.schema.teams import (
    FileConsentCardResponse,
    MessagingExtensionQuery,
    MessagingExtensionResponse,
    MessagingExtensionResult,
)

from bot.conversation import Conversation
from bot.file_transfer import sent_file
from bot.router import Router
from core.config import Config
from core.i18n import language_for, t
from core.rate_limit import TurnLimiter
from core.text import clean_message_text
from dialogs.cards.common import welcome_card
from dialogs.identity import conversation_type_of, identity_of, sighting_of, tenant_id_of
from dialogs.turn_info import TurnInfo, lang_of, say, set_turn_info
from storage.staff_registry import StaffRegistry

log = logging.getLogger("samverkan.bot")


class SamverkanBot(TeamsActivityHandler):
    """Teams' edge: who is writing, the tenant guard, the turn limit and the welcome;
    what a message, a card press, a file consent or an invoke means is the router's
    (bot/router.py), and how a conversation goes is bot/conversation.py's."""

    def __init__(
        self,
        *,
        config: Config,
        staff: StaffRegistry,
        conversation_state: BotState,
        user_state: UserState,
        router: Router,
        conversation: Conversation,
        turn_limiter: TurnLimiter | None = None,
    ) -> None:
        self._config = config
        self._turn_limiter = turn_limiter
        self._staff = staff
        self._conversation_state = conversation_state
        self._user_state = user_state
        self._router = router
        self._conversation = conversation

    # -- every turn -------------------------------------------------------------
    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if not self._tenant_allowed(activity):
            await self._refuse_tenant(turn_context)
            return
        if not await self._within_turn_limit(turn_context):
            return
        set_turn_info(turn_context, await self._remember(activity))
        await super().on_turn(turn_context)
        await self._conversation_state.save_changes(turn_context)
        await self._user_state.save_changes(turn_context)

    def _tenant_allowed(self, activity: Activity) -> bool:
        allowed = self._config.allowed_tenants
        return not allowed or tenant_id_of(activity) in allowed

    async def _refuse_tenant(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        log.warning(
            "refused activity type=%s from tenant=%s", activity.type, tenant_id_of(activity)
        )
        lang = language_for(activity.locale)
        if activity.type == ActivityTypes.message:
            await turn_context.send_activity(t("tenant.refused", lang))
        elif activity.type == ActivityTypes.invoke:
            await self._send_invoke(turn_context, HTTPStatus.FORBIDDEN, None)

    async def _within_turn_limit(self, turn_context: TurnContext) -> bool:
        """Messages and invokes per user (core.rate_limit.TurnLimiter): over the limit,
        the first gets a friendly answer, the rest nothing; none reaches the database."""
        activity = turn_context.activity
        limited = activity.type in (ActivityTypes.message, ActivityTypes.invoke)
        sender = activity.from_property.id if activity.from_property else None
        if self._turn_limiter is None or not limited or not sender:
            return True
        verdict = self._turn_limiter.admit((tenant_id_of(activity), sender))
        if verdict.admit:
            return True
        if verdict.warn:
            log.warning(
                "turn limit reached: %s turns dropped for %.0f s", activity.type, verdict.wait
            )
        if activity.type == ActivityTypes.invoke:
            await self._send_invoke(turn_context, HTTPStatus.TOO_MANY_REQUESTS, None)
        elif verdict.warn:
            seconds = max(1, math.ceil(verdict.wait))
            lang = language_for(activity.locale)
            await turn_context.send_activity(t("turn.too_fast", lang, seconds=seconds))
        return False

    async def _remember(self, activity: Activity) -> TurnInfo:
        """Upsert the staff user and store the conversation reference."""
        identity = identity_of(activity)
        default_zone = self._config.timezone
        if identity is None:
            return TurnInfo(
                user=None, language=language_for(activity.locale), timezone=default_zone
            )
        user = await self._staff.remember(identity, sighting_of(activity))
        return TurnInfo(
            user=user,
            # conversationUpdate often comes without a locale: use the last one seen.
            language=language_for(activity.locale or user.locale, user.language),
            timezone=user.effective_timezone(default_zone),
        )

    # -- messages -----------------------------------------------------------------------------
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        typed = (activity.text or "").strip()
        if not typed and isinstance(activity.value, dict):
            pressed = self._router.submit_for(activity.value)
            if pressed is not None:
                await pressed(turn_context, activity.value)
                return
        text = self._message_text(turn_context)
        files = self._router.file_handler
        if not text and files is not None and sent_file(activity.attachments) is not None:
            await files(turn_context)
            return
        if not text and _carries_card(activity.attachments):
            # A card shared into the chat (a contact from the messaging extension,
            # say): nothing was said to the bot, so it says nothing back.
            return
        if not text:
            await turn_context.send_activity(say(turn_context, "message.empty"))
            return
        limit = self._config.max_message_chars
        if len(text) > limit:
            await turn_context.send_activity(
                say(turn_context, "message.too_long", length=len(text), limit=limit)
            )
            return
        await self._conversation.on_text(turn_context, text)

    def _message_text(self, turn_context: TurnContext) -> str:
        activity = turn_context.activity
        bot_names = (
            {activity.recipient.name} if activity.recipient and activity.recipient.name else set()
        )
        text = clean_message_text(activity.text, bot_names)
        if not text and isinstance(activity.value, dict):
            # An Action.Submit from a card that was not sent as imBack.
            submitted = activity.value.get("command")
            if isinstance(submitted, str):
                text = clean_message_text(submitted)
        return text

    # -- install and welcome --------------------------------------------------------
    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        bot_added = any(member.id == bot_id for member in members_added)
        personal = conversation_type_of(turn_context.activity) == "personal"
        if bot_added or (personal and any(m.id != bot_id for m in members_added)):
            await self._welcome(turn_context)

    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._welcome(turn_context)

    async def _welcome(self, turn_context: TurnContext) -> None:
        if await self._staff.claim_welcome(turn_context.activity.conversation.id):
            await turn_context.send_activity(welcome_card(lang_of(turn_context)))

    # -- invokes --------------------------------------------------------------------
    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        name = turn_context.activity.name
        if (
            isinstance(name, str)
            and name.startswith(VALUE_INVOKES)
            and not isinstance(turn_context.activity.value, dict)
        ):
            # Without an object the SDK hands the handler None (found by fuzzing).
            log.info("invoke %r without a value refused", name)
            return _malformed_invoke()
        try:
            response = await super().on_invoke_activity(turn_context)
        except DeserializationError:
            # The invoke's value does not have the shape its name promises: a bad request.
            log.info("malformed invoke %r refused", turn_context.activity.name)
            return _malformed_invoke()
        if response is not None and response.status == HTTPStatus.NOT_IMPLEMENTED:
            # Unknown invoke names are acknowledged and ignored, not answered with a 5xx.
            log.info("ignored invoke %r", turn_context.activity.name)
            return InvokeResponse(status=int(HTTPStatus.OK))
        return response

    async def on_teams_messaging_extension_query(
        self, turn_context: TurnContext, query: MessagingExtensionQuery
    ) -> MessagingExtensionResponse:
        handler = self._router.invoke_for("composeExtension/query")
        if handler is None:
            return MessagingExtensionResponse(
                compose_extension=MessagingExtensionResult(type="result", attachments=[])
            )
        return await handler(turn_context, query)

    async def on_teams_file_consent_accept(
        self, turn_context: TurnContext, file_consent_card_response: FileConsentCardResponse
    ) -> None:
        await self._file_consent(turn_context, file_consent_card_response, True)

    async def on_teams_file_consent_decline(
        self, turn_context: TurnContext, file_consent_card_response: FileConsentCardResponse
    ) -> None:
        await self._file_consent(turn_context, file_consent_card_response, False)

    async def _file_consent(
        self, turn_context: TurnContext, response: FileConsentCardResponse, accepted: bool
    ) -> None:
        """The consent context says whose file it was (the router knows each key)."""
        handler = self._router.consent_for(response.context)
        if handler is None:
            log.info("file consent with an unknown context ignored")
            await turn_context.send_activity(say(turn_context, "cancel.nothing"))
            return
        await handler(turn_context, response, accepted)

    @staticmethod
    async def _send_invoke(turn_context: TurnContext, status: HTTPStatus, body: object) -> None:
        await turn_context.send_activity(
            Activity(
                type=ActivityTypes.invoke_response,
                value=InvokeResponse(status=int(status), body=body),
            )
        )


def _carries_card(attachments: list[Attachment] | None) -> bool:
    return any(
        (a.content_type or "").startswith("application/vnd.microsoft.card.")
        for a in attachments or []
    )


# Invokes whose value is an object the SDK deserialises for the handler (adaptiveCard/
# action has its own answers, with the messages Teams documents).
VALUE_INVOKES = ("composeExtension/", "fileConsent/", "task/", "actionableMessage/")


def _malformed_invoke() -> InvokeResponse:
    return InvokeResponse(
        status=int(HTTPStatus.BAD_REQUEST),
        body={
            "statusCode": int(HTTPStatus.BAD_REQUEST),
            "type": "application/vnd.microsoft.error",
            "value": {"code": "BadRequest", "message": "malformed invoke value"},
        },
    )
