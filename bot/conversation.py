"""How a conversation goes: commands, dialogs, interruptions, going back, dropping.

- A message with no dialog waiting runs the command it names (bot/router.py).
- While a dialog waits, a message that reads as a whole command (core/commands.py)
  runs that command; the dialog is put aside with one line saying what it was and
  two buttons: Fortsätt (take it up again where it was) and Släpp (drop it). One
  thing is kept aside at a time: putting a second aside drops the first.
- The same command as the waiting dialog's, with what it needs (`påminn mig …` while
  a reminder asks "När?"), starts that task afresh with what the new message says;
  its bare word (`boka` at booking's summary) is an answer.
- `hjälp` and `tack` are answered without leaving the dialog; `avbryt` ends it.
- A dialog left more than STALE_AFTER ago never takes the next message as its
  answer: it is put aside and shown first.
- After two answers a question could not read, examples and an Avbryt button.
- A command about one client, typed without a code, offers the person's own clients
  as buttons; a code typed without its dash (`k1001`) is understood.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from botbuilder.core import BotState, TurnContext
from botbuilder.dialogs import DialogContext, DialogInstance, DialogSet

from bot.router import Route, Router
from core.clock import Clock
from core.commands import (
    CANCEL,
    DROP,
    HELP,
    RESUME,
    SETTINGS,
    THANKS,
    CommandMatch,
    first_word,
    fold,
    leading_client_code,
    starts_with_client,
)
from core.i18n import CATALOG, t
from core.ssd_model import loose_client_code
from dialogs.cards.common import adaptive_card, card_activity, command_button, help_card
from dialogs.settings_dialog import SettingsDialog
from dialogs.turn_info import lang_of, say, turn_info

if TYPE_CHECKING:
    from bot.features import Deps

log = logging.getLogger("samverkan.conversation")

STALE_AFTER = timedelta(hours=3)
# The person's own clients, for commands typed without a code: user id -> codes.
# (user id, command key) → the codes to offer: `rate` offers only what is still rated.
ClientLister = Callable[[int, str], Awaitable[list[str]]]


def register(router: Router, deps: Deps) -> None:
    """The bot's own words (answered here) and the settings dialog."""
    for spec in (HELP, CANCEL, RESUME, DROP, THANKS):
        router.command(spec)
    router.command(SETTINGS, dialog=SettingsDialog(deps.staff, deps.prompts))


class Conversation:
    def __init__(
        self,
        router: Router,
        conversation_state: BotState,
        clock: Clock,
        my_clients: ClientLister | None = None,
    ) -> None:
        self._router = router
        self._clock = clock
        self._my_clients = my_clients
        self._dialogs = DialogSet(conversation_state.create_property("DialogState"))
        for dialog in router.dialogs:
            self._dialogs.add(dialog)
        self._parked = conversation_state.create_property("ParkedDialog")
        self._last_seen = conversation_state.create_property("DialogLastSeen")
        # The command whose client buttons were just shown: a bare code answers it.
        self._picking = conversation_state.create_property("PickingClientFor")

    # -- typed text ------------------------------------------------------------------------
    async def on_text(self, context: TurnContext, text: str) -> None:
        match = self._router.match(text)
        dc = await self._dialogs.create_context(context)
        try:
            await self._on_text(dc, match, text)
        finally:
            await self._touch(dc)

    async def _on_text(self, dc: DialogContext, match: CommandMatch, text: str) -> None:
        context = dc.context
        picking = await self._picking.get(context)
        if picking is not None:
            await self._picking.delete(context)
            code = loose_client_code(match.args) if match.key is None else None
            if code is not None and dc.active_dialog is None:
                # "Vilken klient?" answered by typing the code instead of tapping.
                match = CommandMatch(key=picking, args=code)
        if match.key == CANCEL.key and (not match.args or dc.active_dialog is None):
            # Mid-dialog only the bare word: "Sluta med korttidsvistelse" is an answer.
            await self._cancel(dc)
            return
        if match.key == RESUME.key and not match.args:
            await self._resume(dc)
            return
        if match.key == DROP.key and not match.args:
            await self._drop(dc)
            return
        if dc.active_dialog is None:
            await self._run(dc, match)
            return
        if await self._is_stale(context):
            # Left hours ago: show what is open before anything else.
            await self._park(dc)
            await self._show_parked(context, "open.stale")
            if self._router.interrupts(match):
                await self._run(dc, match)
            return
        if match.key == HELP.key:
            if match.args and not _asks_for_help(text):
                # Only `hjälp …` itself: "Hur skolgången ska fungera" may be the purpose.
                await self._continue(dc)
                return
            await self._help(context, match.args)
            await dc.reprompt_dialog()
            return
        if match.key == THANKS.key and not match.args:
            await context.send_activity(say(context, "thanks.reply"))
            return
        waiting = _leaf(dc.active_dialog)
        if not match.args and waiting is not None and self._router.answers(waiting.id, match.key):
            # A word the question itself takes ("boka" at booking's summary).
            await self._continue(dc)
            return
        route = self._router.route(match.key)
        same_task = route is not None and route.dialog_id in {i.id for i in dc.stack}
        if same_task and not match.args:
            # The task's own word alone, in the middle of it: where we are, again.
            await context.send_activity(say(context, "open.already"))
            await dc.reprompt_dialog()
            return
        if self._router.interrupts(match):
            if same_task and route is not None and route.dialog_id == dc.stack[-1].id:
                # The same task said again, whole: read it for what it now says.
                await dc.cancel_all_dialogs()
                await self._run(dc, match)
                return
            await self._park(dc)
            await self._run(dc, match)
            await self._show_parked(context, "open.put_aside")
            return
        await self._continue(dc)

    # -- a card inside a dialog (a date picker, a summary's buttons) -----------------------
    async def on_dialog_card(self, context: TurnContext, _value: dict[str, Any]) -> None:
        dc = await self._dialogs.create_context(context)
        try:
            if dc.active_dialog is None:
                parked = await self._parked.get(context, None)
                if not parked:
                    await context.send_activity(say(context, "cancel.nothing"))
                    return
                # A button on the card of what was put aside takes it up again.
                await self._parked.delete(context)
                dc.stack[:] = parked["stack"]
            await self._continue(dc)
        finally:
            await self._touch(dc)

    # -- running a command ---------------------------------------------------------------
    async def _run(self, dc: DialogContext, match: CommandMatch) -> None:
        context = dc.context
        route = self._router.route(match.key)
        if route is None:
            await self._not_understood(context, match)
            return
        if route.spec.key == HELP.key:
            await self._help(context, match.args)
            return
        if route.spec.key == THANKS.key:
            await context.send_activity(say(context, "thanks.reply"))
            return
        if route.handler is None and route.dialog_id is None:  # fortsätt/släpp/avbryt + words
            await self._not_understood(context, match)
            return
        about_a_client = route.spec.takes_client or route.spec.reads is starts_with_client
        args = _with_dashed_code(match.args) if about_a_client else match.args
        if route.spec.takes_client and not args and await self._offer_clients(context, route):
            return
        if route.handler is not None:
            await route.handler(context, args)
        elif route.dialog_id is not None:
            await dc.begin_dialog(route.dialog_id, args or None)

    async def _offer_clients(self, context: TurnContext, route: Route) -> bool:
        """The person's own clients as buttons ("graf K-1001" …); False when they
        have none the bot knows of (then the command asks or explains as usual)."""
        user = _user_id(context)
        if self._my_clients is None or user is None:
            return False
        codes = await self._my_clients(user, route.spec.key)
        if not codes:
            return False
        lang = lang_of(context)
        word = route.spec.word(lang)
        question = t("clients.pick", lang, command=word)
        buttons = [(code, f"{word} {code}") for code in codes[:12]]
        fallback = "\n".join([question, *(value for _title, value in buttons)])
        await context.send_activity(_card(question, buttons, fallback))
        await self._picking.set(context, route.spec.key)
        return True

    async def _not_understood(self, context: TurnContext, match: CommandMatch) -> None:
        lang = lang_of(context)
        if match.suggestion:
            word = self._router.index.word_for(match.suggestion, lang)
            text = t("unknown.suggest", lang, command=word)
            await context.send_activity(_card(text, [(word.capitalize(), word)]))
            return
        await context.send_activity(t("unknown.plain", lang))

    async def _help(self, context: TurnContext, args: str) -> None:
        lang = lang_of(context)
        topic = self._router.index.topic(args) if args else None
        key = f"help.topic.{topic}"
        if topic is None or key not in CATALOG:
            await context.send_activity(help_card(lang, self._router.specs))
            return
        word = self._router.index.word_for(topic, lang)
        await context.send_activity(_card(t(key, lang), [(word.capitalize(), word)]))

    # -- the dialog waiting ----------------------------------------------------------------
    async def _continue(self, dc: DialogContext) -> None:
        """Give the message to the waiting question; after two answers it could not
        read, show examples and an Avbryt button."""
        before = _leaf(dc.active_dialog)
        waiting = (before.id, _attempts(before)) if before is not None else None
        await dc.continue_dialog()
        after = _leaf(dc.active_dialog)
        if waiting is None or after is None or after.id != waiting[0]:
            return
        attempts = _attempts(after)
        if attempts > waiting[1] and attempts >= 2 and attempts % 2 == 0:
            lang = lang_of(dc.context)
            key = f"examples.{after.id}"
            text = t(key, lang) if key in CATALOG else t("examples.any", lang)
            cancel = CANCEL.word(lang)
            await dc.context.send_activity(_card(text, [(cancel.capitalize(), cancel)]))

    async def _cancel(self, dc: DialogContext) -> None:
        context = dc.context
        if dc.active_dialog is not None:
            await dc.cancel_all_dialogs()
            await context.send_activity(say(context, "cancel.done"))
        elif await self._parked.get(context, None):
            await self._drop(dc)
        else:
            await context.send_activity(say(context, "cancel.nothing"))

    async def _park(self, dc: DialogContext) -> None:
        """Put the running dialog aside. One thing is kept aside at a time: what was
        there before is dropped, and the person is told."""
        if not dc.stack:
            return
        before = await self._parked.get(dc.context, None)
        if before:
            what = self._describe(dc.context, before["stack"])
            await dc.context.send_activity(say(dc.context, "open.dropped", what=what))
        await self._parked.set(dc.context, {"stack": list(dc.stack)})
        dc.stack.clear()

    async def _resume(self, dc: DialogContext) -> None:
        context = dc.context
        parked = await self._parked.get(context, None)
        if not parked:
            key = "open.nothing_to_resume" if dc.active_dialog is None else "open.already"
            await context.send_activity(say(context, key))
            if dc.active_dialog is not None:
                await dc.reprompt_dialog()
            return
        await self._parked.delete(context)
        stack = parked["stack"]
        if not stack or await self._dialogs.find(stack[-1].id) is None:
            # Put aside before an update that renamed its dialog: nothing to go on with.
            await context.send_activity(say(context, "open.nothing_to_resume"))
            return
        swapped = dc.active_dialog is not None
        if swapped:  # what was running goes aside in its place
            await self._park(dc)
        dc.stack[:] = stack
        what = self._describe(context, dc.stack)
        await context.send_activity(say(context, "open.resumed", what=what))
        await dc.reprompt_dialog()
        if swapped:
            await self._show_parked(context, "open.put_aside")

    async def _drop(self, dc: DialogContext) -> None:
        context = dc.context
        parked = await self._parked.get(context, None)
        if parked:
            what = self._describe(context, parked["stack"])
            await self._parked.delete(context)
            await context.send_activity(say(context, "open.dropped", what=what))
            if dc.active_dialog is not None:  # and where the person is now
                await dc.reprompt_dialog()
        elif dc.active_dialog is not None:
            await self._cancel(dc)
        else:
            await context.send_activity(say(context, "open.nothing_to_drop"))

    async def _show_parked(self, context: TurnContext, key: str) -> None:
        parked = await self._parked.get(context, None)
        if not parked:
            return
        lang = lang_of(context)
        what = self._describe(context, parked["stack"])
        text = t(key, lang, what=what)
        resume, drop = RESUME.word(lang), DROP.word(lang)
        await context.send_activity(
            _card(text, [(resume.capitalize(), resume), (drop.capitalize(), drop)])
        )

    def _describe(self, context: TurnContext, stack: list[DialogInstance]) -> str:
        """What a dialog stack is doing, in words: "boka ett möte för K-1001"."""
        lang = lang_of(context)
        route = self._router.route_of_dialog(stack[-1].id) if stack else None
        key = f"open.what.{route.spec.key}" if route else "open.what.any"
        if key not in CATALOG:
            key = "open.what.any"
        code = next(_codes(stack), None)
        word = route.spec.word(lang) if route else ""
        text = t(key, lang, word=word)
        return t("open.for_client", lang, what=text, code=code) if code else text

    async def _is_stale(self, context: TurnContext) -> bool:
        seen = await self._last_seen.get(context, None)
        if not isinstance(seen, str):
            return False
        try:
            at = datetime.fromisoformat(seen)
        except ValueError:
            return False
        return self._clock.now() - at > STALE_AFTER

    async def _touch(self, dc: DialogContext) -> None:
        """When the person last talked to a waiting dialog."""
        if dc.active_dialog is not None:
            await self._last_seen.set(dc.context, self._clock.now().isoformat())
        elif await self._last_seen.get(dc.context) is not None:
            await self._last_seen.delete(dc.context)


def _card(text: str, buttons: list[tuple[str, str]], fallback: str | None = None) -> Any:
    """One line of text with command buttons (each sends its command as if typed)."""
    body = [{"type": "TextBlock", "text": text, "wrap": True}]
    actions = [command_button(title, value) for title, value in buttons]
    return card_activity(adaptive_card(body, actions, fallback or text), text)


def _asks_for_help(text: str) -> bool:
    return fold(first_word(text)).strip(".,!:;?/") in (fold(HELP.sv), HELP.en)


def _user_id(context: TurnContext) -> int | None:
    user = turn_info(context).user
    return user.id if user is not None else None


def _with_dashed_code(args: str) -> str:
    """`graf k1001` and `graf k 1001` read as `graf K-1001`: a code typed on a phone."""
    found = leading_client_code(args)
    if found is None:
        return args
    return " ".join(part for part in found if part)


def _leaf(instance: DialogInstance | None) -> DialogInstance | None:
    """The innermost dialog waiting (a prompt inside a waterfall inside a component)."""
    while instance is not None:
        inner = (instance.state or {}).get("dialogs")
        stack = getattr(inner, "dialog_stack", None)
        if not stack:
            return instance
        instance = stack[0]
    return None


def _attempts(instance: DialogInstance) -> int:
    options = (instance.state or {}).get("options")
    return int(getattr(options, "number_of_attempts", 0) or 0)


def _codes(found: Any, depth: int = 0) -> Iterator[str]:
    """Client codes held in dialog state under a "code" key, outermost first."""
    if depth > 12:
        return
    if isinstance(found, dict):
        code = found.get("code")
        if isinstance(code, str) and loose_client_code(code) == code:
            yield code
        for value in found.values():
            yield from _codes(value, depth + 1)
    elif isinstance(found, list | tuple):
        for item in found:
            yield from _codes(item, depth + 1)
    elif isinstance(found, DialogInstance):
        yield from _codes(found.state, depth + 1)
    elif hasattr(found, "dialog_stack"):
        yield from _codes(found.dialog_stack, depth + 1)
