"""The router: the one table of everything a person can say or press.

Each feature registers itself once (bot/features.py lists them), the way Slack's
bolt registers listeners and aiogram includes routers:

    def register(router: Router, deps: Deps) -> None:
        handlers = SsdHandlers(...)
        router.command(RATE, handlers.rate)            # a command answered in one turn
        router.command(BOOK, dialog=BookMeetingDialog(...))   # a command that starts a dialog
        router.submit("ssd_action", handlers.on_submit)       # what its cards send
        router.consent("client", handlers.on_file_consent)    # its file-consent answers
        router.job("ssd.prompts", start_prompts)              # its scheduled jobs

SamverkanBot asks the router what a message, a card press, a file consent or an
invoke means; bot/conversation.py asks it whether a message typed while a question
waits is a new command (`Router.interrupts`) or an answer the question takes
(`Router.answers`, registered with `router.answer(prompt_id, SPEC)`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.dialogs import Dialog
from botbuilder.schema.teams import FileConsentCardResponse

from core.commands import CommandIndex, CommandMatch, CommandSpec

Handler = Callable[[TurnContext, str], Awaitable[None]]
SubmitHandler = Callable[[TurnContext, dict[str, Any]], Awaitable[None]]
ConsentHandler = Callable[[TurnContext, FileConsentCardResponse, bool], Awaitable[None]]
InvokeHandler = Callable[..., Awaitable[Any]]
FileHandler = Callable[[TurnContext], Awaitable[None]]
# A job is started by whoever runs the bot over HTTP: (scheduler, sender) -> the job.
JobStarter = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class Route:
    """What a command does: answer in one turn (handler) or start a dialog."""

    spec: CommandSpec
    handler: Handler | None = None
    dialog_id: str | None = None


@dataclass(frozen=True)
class Job:
    name: str
    start: JobStarter


class Router:
    def __init__(self) -> None:
        self._routes: dict[str, Route] = {}
        self._specs: list[CommandSpec] = []
        self._submits: dict[str, SubmitHandler] = {}
        self._consents: dict[str, ConsentHandler] = {}
        self._invokes: dict[str, InvokeHandler] = {}
        self._dialogs: dict[str, Dialog] = {}
        self._jobs: dict[str, Job] = {}
        self._index: CommandIndex | None = None
        self._file: FileHandler | None = None
        self._answers: dict[str, set[str]] = {}

    # -- registration -------------------------------------------------------------------
    def include(self, *features: Callable[..., None], **deps: Any) -> Router:
        """Let each feature register itself: feature(router, **deps)."""
        for feature in features:
            feature(self, **deps)
        return self

    def command(
        self, spec: CommandSpec, handler: Handler | None = None, *, dialog: Dialog | None = None
    ) -> None:
        """A command's words and what answers it: a one-turn handler, a dialog, or
        neither (the bot answers it itself: help, cancel …)."""
        if spec.key in self._routes:
            raise ValueError(f"command {spec.key!r} registered twice")
        if handler is not None and dialog is not None:
            raise ValueError(f"command {spec.key!r}: a handler or a dialog, not both")
        if dialog is not None:
            self.dialog(dialog)
        self._routes[spec.key] = Route(spec, handler, dialog.id if dialog else None)
        self._specs.append(spec)
        self._index = None

    def dialog(self, dialog: Dialog) -> None:
        """A dialog reached from a card or from another dialog, not by a command."""
        if self._dialogs.setdefault(dialog.id, dialog) is not dialog:
            raise ValueError(f"dialog {dialog.id!r} registered twice")

    def submit(self, key: str, handler: SubmitHandler) -> None:
        """A card's Action.Submit whose value carries `key` (a string) goes to handler."""
        _add(self._submits, key, handler, "submit")

    def consent(self, key: str, handler: ConsentHandler) -> None:
        """A file-consent answer whose context carries `key` goes to handler."""
        _add(self._consents, key, handler, "file consent")

    def file(self, handler: FileHandler) -> None:
        """A file sent without words (the one feature that takes files)."""
        if self._file is not None:
            raise ValueError("a file handler is registered already")
        self._file = handler

    def answer(self, prompt_id: str, *specs: CommandSpec) -> None:
        """At this question, these commands' bare words are answers, not commands
        ("boka" at booking's summary means: book it)."""
        self._answers.setdefault(prompt_id, set()).update(spec.key for spec in specs)

    def invoke(self, name: str, handler: InvokeHandler) -> None:
        _add(self._invokes, name, handler, "invoke")

    def job(self, name: str, start: JobStarter) -> None:
        _add(self._jobs, name, Job(name, start), "job")

    # -- questions the bot asks -----------------------------------------------------------
    @property
    def index(self) -> CommandIndex:
        if self._index is None:
            self._index = CommandIndex(self._specs)
        return self._index

    @property
    def specs(self) -> tuple[CommandSpec, ...]:
        return tuple(self._specs)

    @property
    def dialogs(self) -> tuple[Dialog, ...]:
        return tuple(self._dialogs.values())

    @property
    def jobs(self) -> tuple[Job, ...]:
        return tuple(self._jobs.values())

    def match(self, text: str) -> CommandMatch:
        return self.index.match(text)

    def route(self, key: str | None) -> Route | None:
        return self._routes.get(key) if key else None

    def route_of_dialog(self, dialog_id: str) -> Route | None:
        return next((r for r in self._routes.values() if r.dialog_id == dialog_id), None)

    def interrupts(self, match: CommandMatch) -> bool:
        """Whether a message typed while a dialog waits is a new command: its first word
        is a command word and the command reads the rest (core/commands.py)."""
        route = self.route(match.key)
        return route is not None and route.spec.reads_as_command(match.args)

    def answers(self, prompt_id: str, key: str | None) -> bool:
        return key is not None and key in self._answers.get(prompt_id, ())

    def submit_for(self, value: object) -> SubmitHandler | None:
        if not isinstance(value, dict):
            return None
        return next(
            (h for key, h in self._submits.items() if isinstance(value.get(key), str)), None
        )

    def consent_for(self, context: object) -> ConsentHandler | None:
        if not isinstance(context, dict):
            return None
        return next((h for key, h in self._consents.items() if key in context), None)

    @property
    def file_handler(self) -> FileHandler | None:
        return self._file

    def invoke_for(self, name: str) -> InvokeHandler | None:
        return self._invokes.get(name)


def _add(table: dict[str, Any], key: str, value: Any, what: str) -> None:
    if key in table:
        raise ValueError(f"{what} {key!r} registered twice")
    table[key] = value
