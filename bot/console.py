"""`samverkan chat`: the same bot and the same database as the HTTP service, in a terminal.

Each typed line becomes a Teams-shaped message activity from a stable local user and
runs through the bot's on_turn with the app's own turn-error handler, so dialog
state persists across runs just as it does in Teams. Rendering lives in console_render.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import inspect
import itertools
import logging
import os
import signal
import sys
import threading
import uuid
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ActivityTypes, ConversationReference, ResourceResponse
from sqlalchemy.engine import make_url

from bot.console_files import embedded_files, local_upload, save_data_url
from bot.console_inputs import CardInput, check_answer, option_lines, question
from bot.console_reminders import ConsoleSender, deliver_reminders
from bot.console_render import (
    Choice,
    Rendered,
    ansi_bold,
    choice_keys,
    numbers_are_ambiguous,
    plain,
    render_activity,
    render_card,
)
from bot.error_handler import make_turn_error_handler
from bot.follow_up_job import FollowUpAsker
from bot.rating_prompter import RatingPrompter
from bot.reminder_dispatcher import ReminderDispatcher
from core.clock import Clock, SystemClock
from core.commands import CANCEL, CommandIndex
from core.config import Config
from core.i18n import language_for, normalise_language, t
from core.inbound import clean_activity
from dialogs.turn_info import lang_of
from storage.users_repository import get_staff_user

LOCAL_TENANT_ID = "00000000-0000-0000-0000-00000000c0de"
BOT_ACCOUNT = {"id": "28:samverkansboten-console", "name": "Samverkansboten"}
SERVICE_URL = "console://local"  # replies never travel: they are printed here
QUIT_WORDS = frozenset({"/quit", "/avsluta"})

InputFn = Callable[[str], str | Awaitable[str]]
Logic = Callable[[TurnContext], Awaitable[None]]
ErrorHandler = Callable[[TurnContext, Exception], Awaitable[None]]

_CANCEL_WORDS = CommandIndex([CANCEL])


class Quit(Exception):
    """End of input, Ctrl-C or /avsluta."""


@dataclass(frozen=True)
class ConsoleIdentity:
    """The local user: the same ids every run, so state and preferences persist."""

    login: str
    name: str
    tenant_id: str
    locale: str
    timezone: str

    @property
    def user_id(self) -> str:
        return f"console:{self.login}"

    @property
    def lang(self) -> str:
        return normalise_language(self.locale)

    @classmethod
    def local(
        cls, config: Config, lang: str | None = None, env: Mapping[str, str] | None = None
    ) -> ConsoleIdentity:
        env = os.environ if env is None else env
        wanted = lang or next((env[k] for k in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(k)), "")
        locale = "en-US" if normalise_language(wanted) == "en" else "sv-SE"
        login, name = _os_user(normalise_language(locale))
        # With ALLOWED_TENANTS set, the operator's terminal counts as their own tenant.
        allowed = config.allowed_tenants
        tenant = LOCAL_TENANT_ID if not allowed or LOCAL_TENANT_ID in allowed else min(allowed)
        return cls(login, name, tenant, locale, config.timezone)

    def activity(self, kind: str, clock: Clock, **fields: Any) -> Activity:
        user = {"id": self.user_id, "name": self.name}
        body = {
            "type": kind,
            "id": f"console-{uuid.uuid4().hex}",
            "timestamp": clock.now().isoformat(),
            "serviceUrl": SERVICE_URL,
            "channelId": "msteams",
            "from": user,
            "recipient": BOT_ACCOUNT,
            "conversation": {
                "id": self.user_id,
                "conversationType": "personal",
                "tenantId": self.tenant_id,
                "isGroup": False,
            },
            "channelData": {"tenant": {"id": self.tenant_id}},
            "locale": self.locale,
            "entities": [{"type": "clientInfo", "locale": self.locale, "timezone": self.timezone}],
            **fields,
        }
        if kind == ActivityTypes.conversation_update:
            # An extra property spares TeamsActivityHandler a roster call to the connector.
            member = {**user, "userPrincipalName": f"{self.login}@console.local"}
            body["membersAdded"] = [BOT_ACCOUNT, member]
        # Cleaned as the HTTP edge cleans Teams' activities (core.inbound): the account
        # name may hold a personnummer, and a terminal's undecodable bytes arrive as
        # lone surrogates, which no database stores (the turn failed on every save).
        return Activity().deserialize(clean_activity(body))


def _os_user(lang: str) -> tuple[str, str]:
    try:
        login = getpass.getuser()
    except (OSError, KeyError):
        return "lokal", t("console.local_user", lang)
    name = login
    with contextlib.suppress(ImportError, KeyError):
        import pwd

        name = pwd.getpwnam(login).pw_gecos.split(",")[0] or login
    return login, name


class ConsoleAdapter(BotAdapter):
    """Runs turns in-process; what the bot sends goes to on_send instead of a connector,
    with the language of the turn it belongs to."""

    def __init__(
        self, on_send: Callable[[Activity, str], None], on_turn_error: ErrorHandler | None
    ):
        super().__init__(on_turn_error)
        self._on_send = on_send
        self._ids = itertools.count(1)

    async def process(self, activity: Activity, logic: Logic) -> str:
        """Run one turn; the user's language as the bot knew it at the end of the turn."""
        context = TurnContext(self, activity)
        await self.run_pipeline(context, logic)
        return lang_of(context)

    async def send_activities(
        self, context: TurnContext, activities: list[Activity]
    ) -> list[ResourceResponse]:
        for activity in activities:
            if activity.type == ActivityTypes.message:
                self._on_send(activity, lang_of(context))
        return [ResourceResponse(id=f"console-reply-{next(self._ids)}") for _ in activities]

    async def update_activity(self, context: TurnContext, activity: Activity) -> ResourceResponse:
        self._on_send(activity, lang_of(context))
        return ResourceResponse(id=activity.id or f"console-reply-{next(self._ids)}")

    async def delete_activity(self, context: TurnContext, reference: ConversationReference) -> None:
        return None


class ConsoleChat:
    """One terminal conversation: reads lines, presses numbered buttons, asks card inputs."""

    def __init__(
        self,
        logic: Logic,
        identity: ConsoleIdentity,
        *,
        read: InputFn,
        output: TextIO,
        clock: Clock | None = None,
        on_turn_error: ErrorHandler | None = None,
        files_dir: Path | None = None,
    ) -> None:
        self._logic = logic
        self._files_dir = files_dir or Path("data") / "chat-files"
        self._identity = identity
        self._read_fn = read
        self._out = output
        self._clock = clock or SystemClock()
        self._bold = ansi_bold if output.isatty() else plain
        self._adapter = ConsoleAdapter(self._show, on_turn_error)
        self._choices: dict[str, Choice] = {}  # by the number or letter shown before it
        self.lang = identity.lang  # the user's language: what the bot last spoke in

    async def run(self) -> None:
        """Welcome as Teams does on install, then one turn per line until Quit."""
        await self.welcome()
        await self.converse()

    async def welcome(self) -> None:
        await self._turn(self._identity.activity(ActivityTypes.conversation_update, self._clock))

    async def converse(self) -> None:
        with contextlib.suppress(Quit):
            while True:
                await self.handle(await self._read(self.prompt))

    @property
    def prompt(self) -> str:
        return t("console.prompt", self.lang)

    async def handle(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        if text.casefold() in QUIT_WORDS:
            raise Quit
        choice = self._pick(text)
        if choice is None:
            await self.send(text=text)
        else:
            await self.press(choice, announce=text.casefold() in self._choices)

    async def send(self, *, text: str | None = None, value: Any = None) -> None:
        fields = {"text": text, "value": value, "textFormat": "plain"}
        message = self._identity.activity(ActivityTypes.message, self._clock, **fields)
        await self._turn(message)

    async def press(self, choice: Choice, *, announce: bool = True) -> None:
        if choice.consent is not None:
            await self._answer_file_consent(choice.consent)
            return
        if choice.card is not None:  # Action.ShowCard: its card opens in place
            self._choices = {}
            card = render_card(
                choice.card, bold=self._bold, inherited=choice.fields, lang=self.lang
            )
            self._print(card)
            return
        answers = await self._ask(choice.fields)
        if answers is None:
            return
        if announce:
            self._write(t("console.sending", self.lang, what=choice.text or choice.title))
        value = {**choice.value, **answers} if isinstance(choice.value, dict) else choice.value
        await self.send(text=choice.text, value=value)

    async def _answer_file_consent(self, consent: dict[str, Any]) -> None:
        """Tillåt/Avböj on a file card: the invoke Teams sends, with a local upload URL."""
        value: dict[str, Any] = {
            "type": "fileUpload",
            "action": consent["action"],
            "context": consent.get("context"),
        }
        fields = {"name": "fileConsent/invoke"}
        if consent["action"] != "accept":
            await self._turn(
                self._identity.activity(ActivityTypes.invoke, self._clock, value=value, **fields)
            )
            return
        async with local_upload(consent.get("name") or "fil", self._files_dir) as upload:
            value["uploadInfo"] = upload
            await self._turn(
                self._identity.activity(ActivityTypes.invoke, self._clock, value=value, **fields)
            )

    def _pick(self, text: str) -> Choice | None:
        """The button shown with this key, or else the one with this title."""
        key = text.casefold()
        if key in self._choices:
            return self._choices[key]
        titled = [c for c in self._choices.values() if c.title.casefold() == key]
        return titled[0] if titled else None

    async def _ask(self, fields: tuple[CardInput, ...]) -> dict[str, str] | None:
        """Each input in turn; None when the user typed a cancel word (sent to the bot)."""
        answers: dict[str, str] = {}
        for card_input in fields:
            for line in option_lines(card_input):
                self._write(line)
            while True:
                typed = (await self._read(question(card_input, self.lang))).strip()
                if typed.casefold() in QUIT_WORDS:
                    raise Quit
                command = _CANCEL_WORDS.match(typed)
                if command.key == "cancel" and not command.args:
                    await self.send(text=typed)
                    return None
                value, error = check_answer(card_input, typed, self.lang)
                if error is None:
                    break
                self._write(error)
            if value:
                answers[card_input.id] = value
        return answers

    async def _turn(self, activity: Activity) -> None:
        self._choices = {}
        self.lang = await self._adapter.process(activity, self._logic)

    def deliver(self, activity: Activity) -> None:
        """Something the bot sends on its own (a reminder), while the user may be typing."""
        self._write("")
        self._show(activity, self.lang)
        self._out.write(self.prompt)
        self._out.flush()

    def _show(self, activity: Activity, lang: str) -> None:
        if activity.type == "invokeResponse":
            return
        rendered = render_activity(activity, self._bold, lang)
        for url, name in embedded_files(activity):
            path = save_data_url(url, name, self._files_dir)
            if path is not None:
                rendered.lines.append(t("console.file_saved", lang, path=path))
        self._print(rendered)

    def _print(self, rendered: Rendered) -> None:
        letters = numbers_are_ambiguous(rendered)
        after = sum(key.isdigit() != letters for key in self._choices)
        keys = choice_keys(len(rendered.choices), after=after, letters=letters)
        for line in rendered.text(keys):
            self._write(line)
        self._choices.update(zip(keys, rendered.choices, strict=True))
        self._write("")

    def _write(self, line: str) -> None:
        self._out.write(line + "\n")
        self._out.flush()

    async def _read(self, prompt: str) -> str:
        try:
            line = self._read_fn(prompt)
            return await line if inspect.isawaitable(line) else line
        except (EOFError, KeyboardInterrupt):
            self._write("")
            raise Quit from None


async def read_terminal_line(prompt: str) -> str:
    """input() in a daemon thread, so neither Ctrl-C nor exit waits for a line."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def settle(line: str | None, error: BaseException | None) -> None:
        if future.done():
            return
        if error is None:
            future.set_result(line or "")
        else:
            future.set_exception(error)

    def read() -> None:
        try:
            line, error = input(prompt), None
        except BaseException as exc:  # EOFError and friends belong to the waiting task
            line, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(settle, line, error)

    threading.Thread(target=read, daemon=True, name="console-input").start()
    return await future


def banner(config: Config, identity: ConsoleIdentity, lang: str) -> str:
    database = make_url(config.database_url).render_as_string(hide_password=True)
    lines = [
        t("console.banner.title", lang),
        t("console.banner.database", lang, database=database),
        t("console.banner.you", lang, name=identity.name, user_id=identity.user_id),
        t("console.banner.quit", lang),
    ]
    return "\n".join(lines) + "\n"


async def run_chat(
    config: Config,
    *,
    input_fn: InputFn | None = None,
    output: TextIO | None = None,
    lang: str | None = None,
    clock: Clock | None = None,
    reminder_every: float = 5.0,
) -> int:
    output = output or sys.stdout
    terminal = input_fn is None
    with _quiet_info_logs(enabled=terminal), _ctrl_c_ends_chat(enabled=terminal) as stop:
        # Imported here so that alembic's import-time INFO lines stay quiet too.
        from bot.services import build_services, prepare_database

        services = build_services(config, clock)
        identity = ConsoleIdentity.local(config, lang)
        chat = ConsoleChat(
            services.bot.on_turn,
            identity,
            read=input_fn or read_terminal_line,
            output=output,
            clock=services.clock,
            on_turn_error=make_turn_error_handler(services.conversation_state),
        )
        services.meeting_notifier.attach(ConsoleSender(chat.deliver))
        stop_reminders = asyncio.Event()
        delivery: asyncio.Task[None] | None = None
        try:
            await prepare_database(services)
            chat.lang = await _stored_language(services, identity)
            output.write(banner(config, identity, chat.lang) + "\n")
            await chat.welcome()
            delivery = await _start_reminders(
                services, identity, chat, reminder_every, stop_reminders
            )
            await chat.converse()
        except asyncio.CancelledError:
            if not stop.is_set():
                raise
            output.write("\n")
        finally:
            stop_reminders.set()
            if delivery is not None:
                await delivery
            await services.directory.close()
            await services.db.dispose()
    output.write(t("console.goodbye", chat.lang) + "\n")
    output.flush()
    return 0


async def _stored_language(services: Any, identity: ConsoleIdentity) -> str:
    """The language chosen with inställningar on an earlier run, else the terminal's."""
    async with services.db.session() as session:
        user = await get_staff_user(session, identity.user_id)
    return language_for(identity.locale, user.language if user is not None else None)


async def _start_reminders(
    services: Any, identity: ConsoleIdentity, chat: ConsoleChat, every: float, stop: asyncio.Event
) -> asyncio.Task[None] | None:
    """Deliver the terminal user's reminders and daily rating prompts here while the
    chat runs."""
    async with services.db.session() as session:
        user = await get_staff_user(session, identity.user_id)
    if user is None:  # the welcome turn failed; the chat still works without reminders
        return None
    dispatcher = ReminderDispatcher(
        services.db,
        ConsoleSender(chat.deliver),
        services.clock,
        instance_id=f"console-{identity.login}",
        recipient_user_id=user.id,
    )
    prompter = RatingPrompter(
        services.db,
        ConsoleSender(chat.deliver),
        services.clock,
        default_timezone=services.config.timezone,
        only_user_id=user.id,
    )
    follow_ups = FollowUpAsker(services.meetings, services.meeting_notifier, only_user_id=user.id)

    async def also() -> None:
        await prompter.run_once()
        await follow_ups.run_once()

    return asyncio.create_task(deliver_reminders(dispatcher, every=every, stop=stop, also=also))


@contextlib.contextmanager
def _quiet_info_logs(*, enabled: bool) -> Iterator[None]:
    """Keep INFO lines (migrations, demo data) out of the conversation; warnings still show."""
    root = logging.getLogger()
    before = root.level
    if enabled:
        root.setLevel(max(before, logging.WARNING))
    try:
        yield
    finally:
        root.setLevel(before)


@contextlib.contextmanager
def _ctrl_c_ends_chat(*, enabled: bool) -> Iterator[threading.Event]:
    """Ctrl-C cancels the chat (also mid-turn) and marks it as asked for."""
    interrupted = threading.Event()
    loop, task = asyncio.get_running_loop(), asyncio.current_task()

    def on_sigint() -> None:
        interrupted.set()
        if task is not None:
            task.cancel()

    installed = False
    if enabled and threading.current_thread() is threading.main_thread():
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGINT, on_sigint)
            installed = True
    try:
        yield interrupted
    finally:
        if installed:
            loop.remove_signal_handler(signal.SIGINT)
        if interrupted.is_set() and task is not None:
            task.uncancel()
