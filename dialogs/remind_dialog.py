"""påminn: set a reminder for me, a colleague (@mention) or the team in a channel.

`påminn mig imorgon kl 9 att ringa FK` is saved at once; what is missing or
unclear (no text, no time, "kl 3") is asked for, never guessed.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import ComponentDialog, DialogTurnResult, WaterfallDialog
from botbuilder.dialogs import WaterfallStepContext as Step
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from core.clock import Clock
from core.i18n import t
from core.inbound import without_personnummer
from core.personnummer import contains_personnummer
from core.timephrases import (
    Ambiguous,
    NotUnderstood,
    OneTime,
    ParsedWhen,
    Recurring,
    describe_when,
    examples,
    parse_reminder,
    parse_when,
)
from dialogs.identity import conversation_type_of, mentioned_people, tenant_id_of
from dialogs.turn_info import lang_of, turn_info
from storage.reminder_service import ReminderService

WHAT_PROMPT = "remind.what"
WHEN_PROMPT = "remind.when"
MAX_TEXT = 500
_TAG = re.compile(r"<[^>]+>")


class RemindDialog(ComponentDialog):
    def __init__(self, reminders: ReminderService, clock: Clock) -> None:
        super().__init__(RemindDialog.__name__)
        self._reminders = reminders
        self._clock = clock
        self.add_dialog(TextPrompt(WHAT_PROMPT, _valid_what))
        self.add_dialog(TextPrompt(WHEN_PROMPT, self._valid_when))
        self.add_dialog(
            WaterfallDialog(
                "remind.steps",
                [self.understand_request, self.ask_what, self.ask_when, self.save_and_confirm],
            )
        )
        self.initial_dialog_id = "remind.steps"

    async def understand_request(self, step: Step) -> DialogTurnResult:
        info = turn_info(step.context)
        if info.user is None:
            await step.context.send_activity(t("remind.unknown_user", lang_of(step.context)))
            return await step.end_dialog()
        tz = ZoneInfo(info.timezone)
        mentions = mentioned_people(step.context)
        mentions |= _shortened_mentions(step.context, mentions)
        request = parse_reminder(
            _mark_mentions(step.options or "", mentions), now=self._clock.now(), tz=tz
        )
        recipient = await self._recipient(step, request.target, mentions)
        if recipient is None:
            return await step.end_dialog()
        if contains_personnummer(request.what):
            await step.context.send_activity(t("ssd.personnummer", lang_of(step.context)))
            return await step.end_dialog()
        # A text too long to store is asked for again (never echoed); the time stays.
        too_long = len(request.what) > MAX_TEXT
        what = "" if too_long else request.what
        step.values.update(recipient=recipient, what=what, when=_store(request.when))
        return await step.next(too_long)

    async def ask_what(self, step: Step) -> DialogTurnResult:
        if step.values["what"]:
            return await step.next(step.values["what"])
        lang = lang_of(step.context)
        question = (
            t("remind.text_too_long", lang, limit=MAX_TEXT)
            if step.result
            else t("remind.ask_what", lang)
        )
        return await step.prompt(
            WHAT_PROMPT,
            PromptOptions(
                prompt=MessageFactory.text(question),
                retry_prompt=MessageFactory.text(t("remind.retry_what", lang)),
            ),
        )

    async def ask_when(self, step: Step) -> DialogTurnResult:
        step.values["what"] = step.result.strip()
        when = step.values["when"]
        if when["kind"] in ("once", "rule"):
            return await step.next(None)
        question = self._when_question(when, step.context)
        return await step.prompt(
            WHEN_PROMPT,
            PromptOptions(
                prompt=MessageFactory.text(question),
                retry_prompt=MessageFactory.text(question),
                validations=when,
            ),
        )

    async def save_and_confirm(self, step: Step) -> DialogTurnResult:
        info = turn_info(step.context)
        tz = ZoneInfo(info.timezone)
        when = step.values["when"]
        if step.result is not None:
            when = _store(_answer(step.result, when, self._clock.now(), tz))
        parsed = _load(when, tz)
        assert isinstance(parsed, OneTime | Recurring) and info.user is not None
        recipient = step.values["recipient"]
        what = step.values["what"]
        await self._reminders.create(
            owner_user_id=info.user.id,
            text=what,
            timezone=info.timezone,
            at=parsed.at if isinstance(parsed, OneTime) else None,
            rule=parsed.rule if isinstance(parsed, Recurring) else None,
            dtstart_local=parsed.dtstart_local if isinstance(parsed, Recurring) else None,
            recipient_user_id=recipient.get("user_id", info.user.id)
            if recipient["kind"] != "team"
            else None,
            conversation_id=recipient.get("conversation_id"),
        )
        lang = lang_of(step.context)
        described = describe_when(parsed, tz=tz, lang=lang)
        key = f"remind.saved.{recipient['kind']}"
        await step.context.send_activity(
            t(key, lang, when=described, text=what, name=recipient.get("name", ""))
        )
        return await step.end_dialog()

    async def _recipient(
        self, step: Step, target: str, mentions: dict[str, str]
    ) -> dict[str, Any] | None:
        """Who gets it; None (after telling the user why) when nobody can."""
        lang = lang_of(step.context)
        # A display name is written into the text as Teams shows it, and may hold a
        # personnummer (the edge took it out of the mention's name): never echo it.
        target = without_personnummer(target) or ""
        if target == "me":
            return {"kind": "me"}
        if target == "":  # a name typed without a real @mention
            await step.context.send_activity(t("remind.name_needs_mention", lang))
            return None
        if target == "team":
            if conversation_type_of(step.context.activity) == "personal":
                await step.context.send_activity(t("remind.team_needs_channel", lang))
                return None
            return {"kind": "team", "conversation_id": step.context.activity.conversation.id}
        teams_id = mentions.get(target)
        if teams_id is None:
            await step.context.send_activity(t("remind.colleague_not_mentioned", lang, name=target))
            return None
        colleague = await self._reminders.colleague(teams_id, tenant_id_of(step.context.activity))
        if colleague is None or not colleague.reachable:
            await step.context.send_activity(t("remind.colleague_without_bot", lang, name=target))
            return None
        return {"kind": "colleague", "user_id": colleague.user.id, "name": target}

    def _when_question(self, when: dict[str, Any], context: TurnContext) -> str:
        lang = lang_of(context)
        tz = ZoneInfo(turn_info(context).timezone)
        if when["kind"] == "ambiguous":
            first, second = (
                describe_when(OneTime(datetime.fromisoformat(c)), tz=tz, lang=lang)
                for c in when["candidates"][:2]
            )
            return t("remind.ask_which", lang, first=first, second=second)
        reason = when.get("reason", "reminder.no_time")
        lead = t("remind.ask_when", lang) if reason == "reminder.no_time" else t(reason, lang)
        return f"{lead} {t('when.ask_back', lang, examples=', '.join(examples(lang)))}"

    async def _valid_when(self, prompt: PromptValidatorContext) -> bool:
        if not prompt.recognized.succeeded:
            return False
        tz = ZoneInfo(turn_info(prompt.context).timezone)
        answer = _answer(prompt.recognized.value, prompt.options.validations, self._clock.now(), tz)
        return isinstance(answer, OneTime | Recurring)


def _answer(text: str, when: dict[str, Any], now: datetime, tz: ZoneInfo) -> ParsedWhen:
    """A reply to a when-question: '1'/'2' picks a candidate, anything else is a new time."""
    choice = text.strip().rstrip(".")
    candidates = when.get("candidates") or []
    if choice in ("1", "2") and len(candidates) >= int(choice):
        return OneTime(datetime.fromisoformat(candidates[int(choice) - 1]))
    return parse_when(text, now=now, tz=tz)


async def _valid_what(prompt: PromptValidatorContext) -> bool:
    value = (prompt.recognized.value or "").strip()
    if contains_personnummer(value):
        await prompt.context.send_activity(t("ssd.personnummer", lang_of(prompt.context)))
        return False
    return prompt.recognized.succeeded and 0 < len(value) <= MAX_TEXT


def _shortened_mentions(context: TurnContext, mentions: dict[str, str]) -> dict[str, str]:
    """{name as shown: Teams user id} for mentions shortened in the message (Teams
    lets "<at>Bertil</at>" stand for Bertil Ek), so they still count as mentions."""
    shown: dict[str, str] = {}
    for entity in context.activity.entities or []:
        props = getattr(entity, "additional_properties", None) or {}
        mentioned = props.get("mentioned")
        teams_id = mentioned.get("id") if isinstance(mentioned, dict) else None
        text = html.unescape(_TAG.sub("", str(props.get("text") or ""))).strip()
        text = without_personnummer(text) or ""
        if teams_id in mentions.values() and text and text not in mentions:
            shown[text] = str(teams_id)
    return shown


def _mark_mentions(args: str, mentions: dict[str, str]) -> str:
    """Teams text carries mentions as plain names once cleaned: put the @ back."""
    for name in mentions:
        if name and f"@{name}" not in args:
            args = args.replace(name, f"@{name}", 1)
    return args


# Dialog state is stored between turns: keep parsed times as plain values.
def _store(parsed: ParsedWhen) -> dict[str, Any]:
    if isinstance(parsed, OneTime):
        return {"kind": "once", "at": parsed.at.isoformat()}
    if isinstance(parsed, Recurring):
        return {
            "kind": "rule",
            "rule": parsed.rule,
            "dtstart": parsed.dtstart_local.isoformat(),
            "first": parsed.first.isoformat(),
        }
    if isinstance(parsed, Ambiguous):
        return {"kind": "ambiguous", "candidates": [c.isoformat() for c in parsed.candidates]}
    return {"kind": "unknown", "reason": parsed.reason}


def _load(stored: dict[str, Any], tz: ZoneInfo) -> ParsedWhen:
    if stored["kind"] == "once":
        return OneTime(datetime.fromisoformat(stored["at"]).astimezone(tz))
    if stored["kind"] == "rule":
        return Recurring(
            rule=stored["rule"],
            dtstart_local=datetime.fromisoformat(stored["dtstart"]),
            first=datetime.fromisoformat(stored["first"]).astimezone(tz),
        )
    return NotUnderstood(stored.get("reason", "when.unknown"))
