"""The Teams-facing activity handler: identity, tenant guard, routing, welcome."""

from __future__ import annotations

import logging
import math
from http import HTTPStatus

from azure.core.exceptions import DeserializationError
from botbuilder.core import ConversationState, TurnContext, UserState
from botbuilder.core.invoke_response import InvokeResponse
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.dialogs import DialogContext, DialogSet, DialogTurnStatus
from botbuilder.schema import Activity, ActivityTypes, Attachment, ChannelAccount
from botbuilder.schema.teams import (
    FileConsentCardResponse,
    MessagingExtensionQuery,
    MessagingExtensionResponse,
    MessagingExtensionResult,
)

from bot.cards import help_card, welcome_card
from bot.directory_handlers import DirectoryHandlers, directory_action_of
from bot.file_transfer import sent_file
from bot.identity import conversation_type_of, identity_of, sighting_of, tenant_id_of
from bot.meeting_cards import DIALOG_INPUT
from bot.meeting_handlers import MeetingHandlers, meeting_action_of
from bot.reminder_actions import handle_reminder_action, reminder_action_of
from bot.routing import DialogRegistry
from bot.ssd_handlers import SsdHandlers, ssd_action_of
from bot.turn_info import TurnInfo, lang_of, say, set_turn_info
from core.commands import CommandMatch, match_command, word_for
from core.config import Config
from core.i18n import language_for, t
from core.rate_limit import TurnLimiter
from core.text import clean_message_text
from storage.reminder_service import ReminderService
from storage.staff_registry import StaffRegistry

log = logging.getLogger("samverkan.bot")


class SamverkanBot(TeamsActivityHandler):
    def __init__(
        self,
        *,
        config: Config,
        staff: StaffRegistry,
        reminders: ReminderService,
        conversation_state: ConversationState,
        user_state: UserState,
        registry: DialogRegistry,
        ssd: SsdHandlers | None = None,
        directory: DirectoryHandlers | None = None,
        meetings: MeetingHandlers | None = None,
        turn_limiter: TurnLimiter | None = None,
    ) -> None:
        self._config = config
        self._turn_limiter = turn_limiter
        self._staff = staff
        self._reminders = reminders
        self._conversation_state = conversation_state
        self._user_state = user_state
        self._registry = registry
        self._ssd = ssd
        self._directory = directory
        self._meetings = meetings
        self._dialogs = DialogSet(conversation_state.create_property("DialogState"))
        for dialog in registry.dialogs:
            self._dialogs.add(dialog)

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

    # -- messages -----------------------------------------------------------------
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        pressed = reminder_action_of(turn_context.activity.value)
        if pressed is not None and not (turn_context.activity.text or "").strip():
            await handle_reminder_action(turn_context, self._reminders, *pressed)
            return
        submitted = ssd_action_of(turn_context.activity.value)
        typed = (turn_context.activity.text or "").strip()
        if submitted is not None and self._ssd is not None and not typed:
            await self._ssd.on_submit(turn_context, submitted)
            return
        directory_pressed = directory_action_of(turn_context.activity.value)
        if directory_pressed is not None and self._directory is not None and not typed:
            await self._directory.on_submit(turn_context, directory_pressed)
            return
        meeting_pressed = meeting_action_of(turn_context.activity.value)
        if meeting_pressed is not None and self._meetings is not None and not typed:
            await self._meetings.on_submit(turn_context, meeting_pressed)
            return
        if _dialog_input(turn_context.activity.value) and not typed:
            # A card inside a running dialog (a date picker, the summary's buttons).
            dialog_context = await self._dialogs.create_context(turn_context)
            if dialog_context.active_dialog is not None:
                await dialog_context.continue_dialog()
            else:
                await turn_context.send_activity(say(turn_context, "cancel.nothing"))
            return
        text = self._message_text(turn_context)
        if (
            not text
            and self._directory is not None
            and sent_file(turn_context.activity.attachments) is not None
        ):
            # A file sent without words: the only file the bot takes is a directory import.
            await self._directory.import_file(turn_context)
            return
        if not text and _carries_card(turn_context.activity.attachments):
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
        dialog_context = await self._dialogs.create_context(turn_context)
        command = match_command(text)
        if command.key == "cancel":
            await self._cancel(dialog_context)
            return
        if dialog_context.active_dialog is not None:
            if command.key == "help" and not command.args:
                await self._send_help(turn_context)
                await dialog_context.reprompt_dialog()
                return
            await dialog_context.continue_dialog()
            return
        await self._dispatch(dialog_context, command)

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

    async def _cancel(self, dialog_context: DialogContext) -> None:
        if dialog_context.active_dialog is None:
            await dialog_context.context.send_activity(
                say(dialog_context.context, "cancel.nothing")
            )
            return
        await dialog_context.cancel_all_dialogs()
        await dialog_context.context.send_activity(say(dialog_context.context, "cancel.done"))

    async def _dispatch(self, dialog_context: DialogContext, command: CommandMatch) -> None:
        turn_context = dialog_context.context
        if command.key is None:
            if command.suggestion:
                word = self._word(turn_context, command.suggestion)
                await turn_context.send_activity(say(turn_context, "unknown.suggest", command=word))
            else:
                await turn_context.send_activity(say(turn_context, "unknown.plain"))
            return
        if command.key == "help":
            await self._send_help(turn_context)
            return
        handler = self._registry.handlers.get(command.key)
        if handler is not None:
            await handler(turn_context, command.args)
            return
        dialog_id = self._registry.routes.get(command.key)
        if dialog_id is None:
            word = self._word(turn_context, command.key)
            await turn_context.send_activity(say(turn_context, "coming.soon", command=word))
            return
        result = await dialog_context.begin_dialog(dialog_id, command.args or None)
        if result.status == DialogTurnStatus.Complete:
            log.debug("dialog %s completed in one turn", dialog_id)

    def _word(self, turn_context: TurnContext, key: str) -> str:
        return word_for(key, lang_of(turn_context))

    async def _send_help(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(help_card(lang_of(turn_context), self._registry.available))

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
        if self._directory is None:
            return MessagingExtensionResponse(
                compose_extension=MessagingExtensionResult(type="result", attachments=[])
            )
        return await self._directory.on_extension_query(turn_context, query)

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
        """The consent context says whose file it was: the directory's or a client's."""
        context = response.context if isinstance(response.context, dict) else {}
        if context.get("directory") == "export" and self._directory is not None:
            await self._directory.on_file_consent(turn_context, response, accepted)
        elif "meeting_ics" in context and self._meetings is not None:
            await self._meetings.on_file_consent(turn_context, response, accepted)
        elif self._ssd is not None:
            await self._ssd.on_file_consent(turn_context, response, accepted)

    @staticmethod
    async def _send_invoke(turn_context: TurnContext, status: HTTPStatus, body: object) -> None:
        await turn_context.send_activity(
            Activity(
                type=ActivityTypes.invoke_response,
                value=InvokeResponse(status=int(status), body=body),
            )
        )


def _dialog_input(value: object) -> bool:
    return isinstance(value, dict) and isinstance(value.get(DIALOG_INPUT), str)


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
