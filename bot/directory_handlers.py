"""`vem` (search the who-does-what directory), `kontakt` (keep it, for directory
admins), the messaging extension's search, and the card buttons that belong to them.

Each answers in one turn, without dialog state: a card's buttons carry what the
next step needs. Who may change what is decided in storage/directory_service.py;
this module only asks and turns the answer into Swedish or English.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import TYPE_CHECKING, Any

import aiohttp
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema.teams import (
    FileConsentCardResponse,
    MessagingExtensionQuery,
    MessagingExtensionResponse,
    MessagingExtensionResult,
)

from bot.directory_freshness import FreshnessReminder
from bot.directory_freshness import schedule as schedule_freshness
from bot.file_transfer import FileTooLarge, download, offer_file, sent_file, upload_consented
from bot.router import Router
from core.commands import fold
from core.contact_model import ContactDraft, Problem, split_areas
from core.contacts_csv import LineProblem, describe_problem
from core.directory_commands import CONTACT, WHO
from core.i18n import t
from core.inbound import record_id, whole_number
from core.texts_contacts import FIELD_LABELS
from dialogs.cards import directory as cards
from dialogs.turn_info import lang_of, turn_info
from storage.directory_service import (
    DIRECTORY_ADMIN,
    Actor,
    DirectoryInputError,
    DirectoryRefused,
    DirectoryService,
)

if TYPE_CHECKING:
    from bot.features import Deps

log = logging.getLogger("samverkan.directory")

# Teams gives a messaging extension 5 seconds; answer in time even if the database is slow.
EXTENSION_BUDGET = 4.0
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 15
ADMIN_CACHE_SECONDS = 60.0
_NUMBER = re.compile(r"(\d{1,9})")
_SUBCOMMANDS = {
    "ny": "new",
    "nytt": "new",
    "new": "new",
    "lagg": "new",
    "andra": "edit",
    "edit": "edit",
    "ta": "remove",
    "bort": "remove",
    "remove": "remove",
    "importera": "import",
    "import": "import",
    "exportera": "export",
    "export": "export",
}


def actor_of(context: TurnContext) -> Actor:
    """The user as the directory sees them: staff id and the principals roles and
    ownership are matched on (Entra object id, and e-mail when the bot knows it)."""
    user = turn_info(context).user
    if user is None:
        return Actor(None)
    sender = context.activity.from_property
    aad = user.aad_object_id or (sender.aad_object_id if sender else None)
    principals = [p.casefold() for p in (aad, user.email) if p]
    return Actor(user.id, (*principals, f"staff:{user.id}"))


class DirectoryHandlers:
    def __init__(self, service: DirectoryService, *, everyone_admin: bool = False) -> None:
        self._service = service
        self._everyone_admin = everyone_admin
        self._demo_granted: set[int | None] = set()
        self._admin_cache: dict[tuple[str, ...], tuple[bool, float]] = {}

    async def _is_admin(self, actor: Actor) -> bool:
        if not actor.principals:
            return False
        if self._everyone_admin and actor.user_id not in self._demo_granted:
            await self._service.grant(f"staff:{actor.user_id}", DIRECTORY_ADMIN, granted_by="demo")
            self._demo_granted.add(actor.user_id)
        cached = self._admin_cache.get(actor.principals)
        if cached is not None and time.monotonic() - cached[1] < ADMIN_CACHE_SECONDS:
            return cached[0]
        admin = await self._service.is_admin(actor)
        self._admin_cache[actor.principals] = (admin, time.monotonic())
        return admin

    def forget_roles(self) -> None:
        self._admin_cache.clear()

    # -- vem ----------------------------------------------------------------------------
    async def who(self, context: TurnContext, args: str, offset: int = 0) -> None:
        lang = lang_of(context)
        if not args.strip():
            await context.send_activity(t("directory.ask", lang))
            return
        result = await self._service.search(args, offset=offset)
        query = result.query
        if query.problem is not None:
            await context.send_activity(t(query.problem, lang, **query.problem_params))
            return
        if not result.hits:
            if (await self._service.vocabulary()).size == 0:
                await context.send_activity(t("directory.empty", lang))
                return
            await context.send_activity(cards.no_match_card(result, lang))
            return
        admin = await self._is_admin(actor_of(context))
        await context.send_activity(cards.results_card(result, lang, admin=admin))

    # -- the messaging extension -----------------------------------------------------------
    async def on_extension_query(
        self, context: TurnContext, query: MessagingExtensionQuery
    ) -> MessagingExtensionResponse:
        lang = lang_of(context)
        # The manifest names the parameter "query"; take the first text parameter so
        # a renamed one still works. initialRun (the box just opened) has no text yet.
        # A null in the list deserialises as None: skip it like any non-text parameter.
        text = next(
            (
                p.value
                for p in query.parameters or []
                if p is not None and p.name != "initialRun" and isinstance(p.value, str)
            ),
            "",
        )
        if not text.strip():
            return _extension_message(t("directory.extension.start", lang))
        options = query.query_options
        skip = max(0, int(getattr(options, "skip", 0) or 0)) if options else 0
        count = min(25, max(1, int(getattr(options, "count", 10) or 10))) if options else 10
        try:
            result = await asyncio.wait_for(
                self._service.search(text[:200], offset=skip, page_size=count),
                timeout=EXTENSION_BUDGET,
            )
        except TimeoutError:
            log.warning("messaging extension search over budget")
            return _extension_message(t("directory.timeout", lang))
        if result.query.problem is not None:
            params = result.query.problem_params
            return _extension_message(t(result.query.problem, lang, **params))
        attachments = [
            cards.extension_attachment(c, lang, stale=c.id in result.stale_ids) for c in result.hits
        ]
        return MessagingExtensionResponse(
            compose_extension=MessagingExtensionResult(
                type="result", attachment_layout="list", attachments=attachments
            )
        )

    # -- kontakt --------------------------------------------------------------------------
    async def contact(self, context: TurnContext, args: str) -> None:
        lang = lang_of(context)
        words = args.split()
        sub = _SUBCOMMANDS.get(fold(words[0])) if words else None
        actor = actor_of(context)
        number = _NUMBER.search(args)
        if sub == "import":
            await self.import_file(context)
            return
        if sub == "edit" and number:
            await self._edit_form(context, actor, int(number.group(1)))
            return
        if not await self._is_admin(actor):
            await context.send_activity(t("directory.admin.only", lang))
            return
        if sub == "new":
            await context.send_activity(cards.contact_form(lang))
        elif sub == "remove" and number:
            contact = await self._service.get(int(number.group(1)))
            if contact is None:
                await context.send_activity(t("directory.admin.missing", lang, id=number.group(1)))
            else:
                await context.send_activity(cards.remove_question(contact, lang))
        elif sub in ("edit", "remove"):
            await context.send_activity(t("directory.admin.which", lang))
        elif sub == "export":
            await self._export(context, actor)
        else:
            await context.send_activity(t("directory.admin.usage", lang))

    async def _edit_form(self, context: TurnContext, actor: Actor, contact_id: int) -> None:
        lang = lang_of(context)
        contact = await self._service.get(contact_id)
        if contact is None:
            await context.send_activity(t("directory.admin.missing", lang, id=contact_id))
        elif not await self._service.may_edit(actor, contact):
            await context.send_activity(t("directory.admin.only", lang))
        else:
            await context.send_activity(cards.contact_form(lang, contact))

    async def _export(self, context: TurnContext, actor: Actor) -> None:
        lang = lang_of(context)
        content, rows = await self._service.export_csv(actor)
        await offer_file(
            context,
            filename="kontaktkatalog.csv",
            content=content,
            consent_text=t("directory.export.sent", lang, rows=rows),
            consent_context={"directory": "export"},
            sent_text=t("directory.export.sent", lang, rows=rows),
        )

    async def on_file_consent(
        self, context: TurnContext, response: FileConsentCardResponse, accepted: bool
    ) -> None:
        lang = lang_of(context)
        if not accepted:
            await context.send_activity(t("ssd.export.declined", lang))
            return
        try:
            content, rows = await self._service.export_csv(actor_of(context))
        except DirectoryRefused:
            await context.send_activity(t("directory.admin.only", lang))
            return
        info = await upload_consented(response, content, "directory export")
        if info is None:
            await context.send_activity(t("ssd.export.upload_failed", lang))
            return
        activity = MessageFactory.attachment(info)
        activity.text = t("directory.export.sent", lang, rows=rows)
        await context.send_activity(activity)

    # -- import ---------------------------------------------------------------------------
    async def import_file(self, context: TurnContext) -> None:
        """Check a CSV the admin sent; show its problems by line, or ask to import."""
        lang = lang_of(context)
        actor = actor_of(context)
        if actor.user_id is None or not await self._is_admin(actor):
            await context.send_activity(t("directory.admin.only", lang))
            return
        attachment = sent_file(context.activity.attachments)
        if attachment is None:
            await context.send_activity(t("directory.import.attach", lang))
            return
        name = attachment.name or "kontakter.csv"
        try:
            data = await download(attachment, MAX_IMPORT_BYTES)
        except FileTooLarge:
            limit = MAX_IMPORT_BYTES // (1024 * 1024)
            await context.send_activity(t("directory.import.too_big", lang, limit=limit))
            return
        except (aiohttp.ClientError, TimeoutError, ValueError):
            log.info("could not fetch an imported file", exc_info=True)
            await context.send_activity(t("directory.import.download_failed", lang))
            return
        report = await self._service.import_csv(actor, data, dry_run=True)
        parsed = report.parsed
        if not parsed.ok:
            await context.send_activity(_problems_text(name, parsed.problems, lang))
            return
        existing = await self._service.count_existing(parsed)
        draft_id = await self._service.keep_import(actor.user_id, name, data)
        rows = len(parsed.drafts)
        await context.send_activity(
            cards.import_ready_card(name, rows, rows - existing, existing, draft_id, lang)
        )

    # -- card buttons ---------------------------------------------------------------------
    async def on_submit(self, context: TurnContext, value: dict[str, Any]) -> None:
        lang = lang_of(context)
        action = value.get(cards.ACTION)
        actor = actor_of(context)
        contact_id = record_id(value.get("id"))
        try:
            if action == "more":
                offset = whole_number(value.get("offset"))
                query = value.get("q")
                if isinstance(query, str) and offset is not None:
                    await self.who(context, query[:500], offset=offset)
                    return
            elif action == "save":
                await self._save(context, actor, value)
                return
            elif action == "edit" and contact_id is not None:
                await self._edit_form(context, actor, contact_id)
                return
            elif action == "remove" and contact_id is not None:
                await self.contact(context, f"ta bort {contact_id}")
                return
            elif action == "remove_confirmed" and contact_id is not None:
                removed = await self._service.delete(actor, contact_id)
                await context.send_activity(t("directory.admin.removed", lang, name=removed.name))
                return
            elif action == "keep":
                await context.send_activity(t("directory.admin.kept", lang))
                return
            elif action == "import" and (draft_id := record_id(value.get("draft"))) is not None:
                await self._import_kept(context, actor, draft_id)
                return
            elif action == "confirm" and isinstance(value.get("ids"), list):
                await self._confirm(context, actor, value["ids"])
                return
        except DirectoryRefused:
            await context.send_activity(t("directory.admin.only", lang))
            return
        except DirectoryInputError as error:
            await context.send_activity(_problem_lines(error.problems, lang))
            return
        await context.send_activity(t("ssd.rate.bad_submit", lang))

    async def _save(self, context: TurnContext, actor: Actor, value: dict[str, Any]) -> None:
        lang = lang_of(context)
        draft = _draft_of(value)
        contact_id = record_id(value.get("id"))
        if draft is None or (value.get("id") is not None and contact_id is None):
            await context.send_activity(t("ssd.rate.bad_submit", lang))
            return
        if contact_id is None:
            saved = await self._service.create(actor, draft)
        else:
            saved = await self._service.update(actor, contact_id, draft)
        await context.send_activity(
            t("directory.admin.saved", lang, name=saved.name, agency=saved.agency, id=saved.id)
        )

    async def _import_kept(self, context: TurnContext, actor: Actor, draft_id: int) -> None:
        lang = lang_of(context)
        if actor.user_id is None:
            await context.send_activity(t("directory.admin.only", lang))
            return
        kept = await self._service.take_import(draft_id, actor.user_id)
        if kept is None:
            await context.send_activity(t("directory.import.expired", lang))
            return
        name, data = kept
        report = await self._service.import_csv(actor, data, dry_run=False)
        if report.counts is None:
            await context.send_activity(_problems_text(name, report.parsed.problems, lang))
            return
        counts = report.counts
        await context.send_activity(
            t(
                "directory.import.done",
                lang,
                created=counts.created,
                updated=counts.updated,
                unchanged=counts.unchanged,
            )
        )

    async def _confirm(self, context: TurnContext, actor: Actor, ids: list[Any]) -> None:
        lang = lang_of(context)
        wanted = [i for i in map(record_id, ids) if i is not None][:200]
        count = 0
        if actor.user_id is not None:
            # Owners are e-mail addresses; the other principals cannot own entries.
            for principal in (p for p in actor.principals if "@" in p):
                count += await self._service.confirm(principal, wanted, user_id=actor.user_id)
        await context.send_activity(t("directory.fresh.confirmed", lang, count=count))


def _extension_message(text: str) -> MessagingExtensionResponse:
    return MessagingExtensionResponse(
        compose_extension=MessagingExtensionResult(type="message", text=text)
    )


def _draft_of(value: dict[str, Any]) -> ContactDraft | None:
    """The form's inputs as a draft; None when a field is not text (a forged submit)."""
    fields: dict[str, str] = {}
    for name in (*cards.FORM_FIELDS, "kind"):
        raw = value.get(name, "")
        if raw is None:
            raw = ""
        if not isinstance(raw, str):
            return None
        fields[name] = raw[:1000]
    areas = split_areas(fields.pop("areas"))
    return ContactDraft(areas=areas, **fields)


def _problem_lines(problems: tuple[Problem, ...], lang: str) -> str:
    lines = [t("directory.admin.problems", lang)]
    for problem in problems:
        params = dict(problem.params)
        if "field" in params:
            params["field"] = FIELD_LABELS.get(params["field"], {}).get(lang, params["field"])
        lines.append(f"- {t(problem.key, lang, **params)}")
    return "\n".join(lines)


def _problems_text(name: str, problems: tuple[LineProblem, ...], lang: str) -> str:
    lines = [t("directory.import.problems", lang, file=name, count=len(problems))]
    lines += [f"- {describe_problem(p, lang)}" for p in problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(
            t("directory.import.more_problems", lang, count=len(problems) - MAX_PROBLEMS_SHOWN)
        )
    return "\n".join(lines)


def register(router: Router, deps: Deps) -> None:
    """Who does what: `vem`, `kontakt`, the buttons on contact cards, a CSV sent for
    import, the export's file consent, the Teams search extension and the monthly
    freshness reminders."""
    handlers = DirectoryHandlers(deps.directory, everyone_admin=deps.demo)
    deps.on_roles_changed.append(handlers.forget_roles)
    router.command(WHO, handlers.who)
    router.command(CONTACT, handlers.contact)
    router.submit(cards.ACTION, handlers.on_submit)
    router.consent("directory", handlers.on_file_consent)
    router.file(handlers.import_file)
    router.invoke("composeExtension/query", handlers.on_extension_query)

    def start(scheduler: Any, sender: Any) -> FreshnessReminder:
        reminder = FreshnessReminder(
            deps.db, deps.directory, sender, deps.clock, timezone=deps.config.timezone
        )
        schedule_freshness(scheduler, reminder)
        return reminder

    router.job("directory.freshness", start)
