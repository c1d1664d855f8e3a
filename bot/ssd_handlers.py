"""SSD in chat: skatta, graf, exportera, klient, ny klient|mål|fas, and the card
submits and file-consent answers that belong to them.

These answer in one turn each (no dialog state): a command either has all it
needs or gets a card whose submit carries everything back. Rule breaks come from
the service as UserInputError and are answered in the user's language; nothing is
saved unless everything in the request is valid.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import Activity
from botbuilder.schema.teams import FileConsentCardResponse

from bot.file_transfer import offer_file, upload_consented
from bot.rating_prompter import RatingPrompter
from bot.rating_prompter import schedule as schedule_prompts
from bot.role_handlers import role_name
from bot.router import Router
from core import ssd_model as rules
from core.clock import Clock
from core.errors import UserInputError
from core.i18n import t
from core.inbound import record_id, record_id_in_text
from core.ssd_chart import ChartPhase, ChartPoint, render_ssd_chart
from core.ssd_commands import (
    BACKFILL_DAYS,
    CHART,
    CLIENT,
    CLOSE,
    EXPORT,
    NEW,
    RATE,
    REOPEN,
    TEAM,
    parse_chart,
    parse_close,
    parse_code_only,
    parse_new,
    parse_phase_words,
    parse_rate,
    parse_reopen,
    parse_value,
    shift_at,
)
from core.ssd_model import Scale, loose_client_code, validate_target
from core.ssd_reading import number, reading_text
from core.ssd_stats import Comparison, analyse
from dialogs import prompt_settings
from dialogs.cards import ssd as cards
from dialogs.identity import conversation_type_of, mentioned_people
from dialogs.turn_info import lang_of, turn_info
from storage.rating_prompt_repository import PromptSettingsStore
from storage.ssd_service import ChartSeries, RateResult, RatingInput, SsdService

if TYPE_CHECKING:
    from bot.features import Deps

log = logging.getLogger("samverkan.ssd")

# Inline images travel base64-encoded inside the message: keep the PNG small enough
# that the whole message stays well under Teams' ~100 KB for inline content.
MAX_INLINE_PNG = 70 * 1024
MAX_CHARTS_PER_REPLY = 3


@dataclass(frozen=True)
class Now:
    today: date
    hour: int
    at: datetime


# Echoed words lose what Teams could read as markup (HTML or markdown).
_UNSAFE = re.compile(r"[<>&*_`\[\]\\|#]")


def error_text(error: UserInputError, lang: str, code: str | None = None) -> str:
    params = {
        key: cards.value_text(value, lang)
        if isinstance(value, float)
        else _UNSAFE.sub("", value)
        if isinstance(value, str)
        else value
        for key, value in error.params.items()
    }
    params.setdefault("code", code or "")
    return t(error.key, lang, **params)


class SsdHandlers:
    def __init__(
        self,
        service: SsdService,
        clock: Clock,
        prompt_settings: PromptSettingsStore | None = None,
    ) -> None:
        self._service = service
        self._clock = clock
        self._prompt_settings = prompt_settings

    def _now(self, context: TurnContext) -> Now:
        at = self._clock.now().astimezone(ZoneInfo(turn_info(context).timezone))
        return Now(at.date(), at.hour, at)

    async def _user_id(self, context: TurnContext) -> int | None:
        user = turn_info(context).user
        if user is None:
            await context.send_activity(t("remind.unknown_user", lang_of(context)))
            return None
        return user.id

    async def _refuse(self, context: TurnContext, error: UserInputError, code: str | None) -> None:
        await context.send_activity(error_text(error, lang_of(context), code))

    # -- skatta -------------------------------------------------------------------
    async def rate(self, context: TurnContext, args: str) -> None:
        user_id = await self._user_id(context)
        if user_id is None:
            return
        now = self._now(context)
        lang = lang_of(context)
        command = None
        try:
            command = parse_rate(args, now.today)
            code = command.code
            if code is None:
                clients = await self._service.my_clients(user_id, now.today)
                if not clients:
                    await context.send_activity(t("ssd.rate.no_clients", lang))
                    return
                if len(clients) > 1 and not command.entries:
                    await context.send_activity(cards.client_chooser(clients, lang))
                    return
                if len(clients) > 1:
                    raise UserInputError(
                        "ssd.new.code_needed",
                        example=f"{RATE.word(lang)} K-1042 {t('ssd.rate.example_target', lang)} 6",
                    )
                code = clients[0].client.code
            if not command.entries:
                await self._send_form(context, user_id, code, now)
                return
            result = await self._service.rate(
                user_id,
                code,
                [RatingInput(e.target, e.value) for e in command.entries],
                today=now.today,
                local_hour=now.hour,
                day=command.day,
                shift=command.shift,
            )
        except UserInputError as error:
            await self._refuse(context, error, command.code if command else None)
            return
        submitted = {
            "text_form": [[e.target, e.value] for e in command.entries],
            "day": (command.day or now.today).isoformat(),
            "shift": command.shift,
        }
        await self._answer_rating(context, result, submitted)

    async def _send_form(self, context: TurnContext, user_id: int, code: str, now: Now) -> None:
        form = await self._service.rating_form(user_id, code, now.today)
        lang = lang_of(context)
        if not form.targets:
            await context.send_activity(
                t("ssd.card.no_targets", lang, code=form.access.client.code)
            )
            return
        await context.send_activity(
            cards.rating_card(form, now.today, lang, shift=shift_at(now.hour)[0])
        )

    async def _answer_rating(
        self, context: TurnContext, result: RateResult, submitted: dict[str, Any]
    ) -> None:
        lang = lang_of(context)
        code = result.client.code
        if result.conflicts:
            await context.send_activity(
                cards.conflict_card(code, result.conflicts, submitted, lang)
            )
            return
        first = result.saved[0].rating
        lines = [
            t(
                "ssd.rate.saved",
                lang,
                code=code,
                when=cards.slot_text(first.slot_date, first.slot, lang),
            )
        ]
        for saved in result.saved:
            replaced = (
                t("ssd.rate.replaced", lang, previous=cards.value_text(saved.previous, lang))
                if saved.previous is not None and saved.previous != saved.rating.value
                else ""
            )
            lines.append(
                "- "
                + t(
                    "ssd.rate.saved_line",
                    lang,
                    name=saved.target.name,
                    value=cards.value_text(saved.rating.value, lang),
                    replaced=replaced,
                    recent=cards.recent_text(saved.recent, lang, newest_bold=True),
                )
            )
        await context.send_activity("\n".join(lines))

    async def on_submit(self, context: TurnContext, value: dict[str, Any]) -> None:
        action = value.get("ssd_action")
        lang = lang_of(context)
        # Only a well-formed code goes on (and is ever named back): a card's value can
        # be forged to hold anything, a personnummer too.
        raw_code = value.get("client")
        code = loose_client_code(raw_code) if isinstance(raw_code, str) else None
        target = value.get("target") if isinstance(value.get("target"), str) else None
        if action == "keep":
            await context.send_activity(t("ssd.rate.kept", lang))
            return
        if action == "close_keep":
            if code is None:
                await context.send_activity(t("ssd.close.kept_nothing", lang))
            else:
                await self._close_kept(context, code, target)
            return
        if action == prompt_settings.ACTION and self._prompt_settings is not None:
            await prompt_settings.save_from_submit(
                context, self._prompt_settings, value, self._now(context).today
            )
            return
        user_id = await self._user_id(context)
        if user_id is None:
            return
        try:
            if code is None and isinstance(raw_code, str) and raw_code.strip():
                raise UserInputError("ssd.code.invalid")  # never named back
            if action == "rate" and code:
                await self._submit_rating(context, user_id, code, value)
            elif action == "close" and code:
                await self._close_now(context, user_id, code, target)
            elif action == "new_target" and code:
                await self._submit_target(context, user_id, code, value)
            elif action == "new_client" and code:
                kind = rules.UNIT if value.get("kind") == rules.UNIT else rules.PERSON
                await self._create_client(
                    context,
                    user_id,
                    code,
                    record_id(value.get("unit_id")),
                    kind=kind,
                )
            else:
                await context.send_activity(t("ssd.rate.bad_submit", lang))
        except UserInputError as error:
            await self._refuse(context, error, code)

    async def _submit_rating(
        self, context: TurnContext, user_id: int, code: str, value: dict[str, Any]
    ) -> None:
        now = self._now(context)
        day = _date_or_none(value.get("day")) or now.today
        shift = (
            value.get("shift")
            if value.get("shift") in rules.SLOTS_BY_FREQUENCY[rules.SHIFT]
            else None
        )
        inputs: list[RatingInput] = []
        text_form = value.get("text_form")
        if isinstance(text_form, list):  # a replace confirmed after `skatta K-1042 ångest 6`
            for pair in text_form:
                if (
                    isinstance(pair, list)
                    and len(pair) == 2
                    and isinstance(pair[0], str)
                    and isinstance(pair[1], int | float)
                    and not isinstance(pair[1], bool)
                ):
                    inputs.append(RatingInput(pair[0], float(pair[1])))
        for key, raw in value.items():
            target_id = record_id_in_text(key[len(cards.TARGET_INPUT) :])
            if not key.startswith(cards.TARGET_INPUT) or target_id is None:
                continue
            if raw in (None, ""):
                continue
            # Not a number: the service refuses it with the target's scale, after the
            # access check, and what was typed is never repeated back.
            inputs.append(RatingInput(target_id, parse_value(str(raw).strip())))
        note = value.get("note") if isinstance(value.get("note"), str) else None
        result = await self._service.rate(
            user_id,
            code,
            inputs,
            today=now.today,
            local_hour=now.hour,
            day=day,
            shift=shift,
            note=note,
            replace=value.get("replace") is True,
        )
        submitted = {
            k: v for k, v in value.items() if k not in ("ssd_action", "replace", "msteams")
        }
        await self._answer_rating(context, result, submitted)

    # -- graf ---------------------------------------------------------------------
    async def chart(self, context: TurnContext, args: str) -> None:
        user_id = await self._user_id(context)
        if user_id is None:
            return
        lang = lang_of(context)
        now = self._now(context)
        code = None
        try:
            command = parse_chart(args)
            code = command.code
            if code is None:
                clients = await self._service.my_clients(user_id, now.today)
                if len(clients) != 1:
                    await context.send_activity(t("ssd.chart.which", lang))
                    return
                code = clients[0].client.code
            series = await self._service.chart_series(user_id, code, command.target, now.today)
        except UserInputError as error:
            await self._refuse(context, error, code)
            return
        for item in series[:MAX_CHARTS_PER_REPLY]:
            await context.send_activity(await self._chart_activity(item, lang))
        rest = series[MAX_CHARTS_PER_REPLY:]
        if rest:
            await context.send_activity(
                t(
                    "ssd.chart.more",
                    lang,
                    code=code,
                    count=len(rest),
                    names=", ".join(s.target.name for s in rest),
                )
            )

    async def _chart_activity(self, series: ChartSeries, lang: str) -> Activity:
        target = series.target
        rated = [r for r in series.ratings if r.phase_label is not None]
        if not rated:
            return MessageFactory.text(t("ssd.chart.no_ratings", lang, name=target.name))
        report = analyse([(r.phase_label or "", r.rating.value) for r in rated], target.better)  # type: ignore[arg-type]
        heading = t(
            "ssd.chart.heading",
            lang,
            code=series.client.code,
            name=target.name,
            better=t(f"ssd.better.{target.better}", lang),
            first=rated[0].rating.slot_date.isoformat(),
            last=rated[-1].rating.slot_date.isoformat(),
        )
        facts = [
            (
                t("ssd.card.phase", lang, label=phase.label),
                t(
                    "ssd.chart.phase_fact",
                    lang,
                    n=phase.n,
                    mean=number(phase.mean, lang, 1),
                    median=number(phase.median, lang, 1),
                ),
            )
            for phase in report.phases
        ]
        if isinstance(report.comparison, Comparison):
            c = report.comparison
            facts.append(
                (
                    t("ssd.chart.effect", lang),
                    t(
                        "ssd.chart.effect_line",
                        lang,
                        nap=number(c.nap, lang),
                        tau_u=number(c.tau_u, lang),
                        pnd=number(100 * c.pnd, lang, 0),
                        smd=number(c.smd, lang),
                    ),
                )
            )
        points = [
            ChartPoint(r.rating.slot_date, r.rating.value, r.phase_label or "") for r in rated
        ]
        phases = [ChartPhase(p.label, p.start_date, p.description or "") for p in series.phases]
        try:
            png = await asyncio.to_thread(
                render_ssd_chart,
                points,
                phases=phases,
                scale_min=target.scale_min,
                scale_max=target.scale_max,
                better=target.better,
                client_code=series.client.code,
                target=target.name,
                lang=lang,
            )
        except ValueError:
            log.exception("chart for target %s could not be drawn", target.id)
            png = b""
        image = (
            "data:image/png;base64," + base64.b64encode(png).decode("ascii")
            if png and len(png) <= MAX_INLINE_PNG
            else None
        )
        return cards.chart_card(
            heading=heading,
            image_url=image,
            image_name=f"{series.client.code}-{target.name}.png",
            facts=facts,
            reading=reading_text(report, lang),
            lang=lang,
        )

    # -- exportera --------------------------------------------------------------------
    async def export(self, context: TurnContext, args: str) -> None:
        user_id = await self._user_id(context)
        if user_id is None:
            return
        lang = lang_of(context)
        code = None
        try:
            code = parse_code_only(args)
            if code is None:
                await context.send_activity(t("ssd.export.which", lang))
                return
            if conversation_type_of(context.activity) not in ("personal", None):
                await context.send_activity(t("ssd.export.personal_only", lang))
                return
            export = await self._service.export_csv(user_id, code)
        except UserInputError as error:
            await self._refuse(context, error, code)
            return
        code = export.filename.split("-skattningar")[0]
        # In Teams the CSV is made again when the user accepts (on_file_consent),
        # with access checked again.
        await offer_file(
            context,
            filename=export.filename,
            content=export.content,
            consent_text=t("ssd.export.consent", lang, code=code, rows=export.rows),
            consent_context={"client": code},
            sent_text=t("ssd.export.sent", lang, code=code, rows=export.rows),
        )

    async def on_file_consent(
        self, context: TurnContext, response: FileConsentCardResponse, accepted: bool
    ) -> None:
        lang = lang_of(context)
        if not accepted:
            await context.send_activity(t("ssd.export.declined", lang))
            return
        user_id = await self._user_id(context)
        code_value = (
            (response.context or {}).get("client") if isinstance(response.context, dict) else None
        )
        upload = response.upload_info
        if (
            user_id is None
            or not isinstance(code_value, str)
            or upload is None
            or not upload.upload_url
        ):
            await context.send_activity(t("ssd.rate.bad_submit", lang))
            return
        try:
            export = await self._service.export_csv(user_id, code_value)
        except UserInputError as error:
            await self._refuse(context, error, code_value)
            return
        info = await upload_consented(response, export.content, f"export of {code_value}")
        if info is None:
            await context.send_activity(t("ssd.export.upload_failed", lang))
            return
        activity = MessageFactory.attachment(info)
        activity.text = t("ssd.export.sent", lang, code=code_value, rows=export.rows)
        await context.send_activity(activity)

    # -- klient, ny klient|mål|fas ----------------------------------------------------------
    async def client(self, context: TurnContext, args: str) -> None:
        user_id = await self._user_id(context)
        if user_id is None:
            return
        lang = lang_of(context)
        code = None
        try:
            code = parse_code_only(args)
            if code is None:
                await context.send_activity(t("ssd.client.which", lang))
                return
            access, targets, phases, team = await self._service.client_summary(user_id, code)
        except UserInputError as error:
            await self._refuse(context, error, code)
            return
        none = t("ssd.client.summary.none", lang)
        target_lines = [
            f"- {x.name}: {cards.value_text(x.scale_min, lang)} = {x.low_anchor}, "
            f"{cards.value_text(x.scale_max, lang)} = {x.high_anchor} "
            f"({t(f'ssd.better.{x.better}', lang)}, {t(f'ssd.frequency.{x.frequency}', lang)})"
            for x in targets
        ]
        phase_lines = [
            f"- {p.label} {p.start_date.isoformat()}"
            + (f": {p.description}" if p.description else "")
            for p in phases
        ]
        roles: dict[str, int] = {}
        for member in team:
            roles[member.role] = roles.get(member.role, 0) + 1
        team_line = ", ".join(f"{role} ({count})" for role, count in sorted(roles.items())) or none
        title_key = (
            "ssd.client.summary.title_unit"
            if access.client.kind == rules.UNIT
            else "ssd.client.summary.title"
        )
        text = "\n".join(
            [
                f"**{t(title_key, lang, code=access.client.code)}**",
                t("ssd.client.summary.you", lang, role=role_name(access.role, lang)),
                f"**{t('ssd.client.summary.targets', lang)}**",
                *(target_lines or [none]),
                f"**{t('ssd.client.summary.phases', lang)}**",
                *(phase_lines or [none]),
                f"**{t('ssd.client.summary.team', lang)}**: {team_line}",
            ]
        )
        await context.send_activity(text)

    async def close(self, context: TurnContext, args: str) -> None:
        """`avsluta K-1042` asks first (a card with Avsluta / Behåll); `avsluta K-1042 ja`
        or the Avsluta button closes; any other answer keeps the follow-up."""
        user_id = await self._user_id(context)
        if user_id is None:
            return
        lang = lang_of(context)
        code = None
        try:
            command = parse_close(args)
            if command is None:
                await context.send_activity(t("ssd.close.what", lang))
                return
            code = command.code
            if command.confirmed is False:
                await self._close_kept(context, code, command.target)
            elif command.confirmed:
                await self._close_now(context, user_id, code, command.target)
            else:
                closing = await self._service.closing(user_id, code, command.target)
                await context.send_activity(
                    cards.close_confirm_card(code, closing if command.target else None, lang)
                )
        except UserInputError as error:
            await self._refuse(context, error, code)

    async def _close_now(
        self, context: TurnContext, user_id: int, code: str, target: str | None
    ) -> None:
        lang = lang_of(context)
        closed = await self._service.close(user_id, code, target)
        if target:
            await context.send_activity(t("ssd.close.target", lang, name=closed, code=code))
        else:
            await context.send_activity(t("ssd.close.client", lang, code=code))

    async def _close_kept(self, context: TurnContext, code: str, target: str | None) -> None:
        """Nothing changes. The target is not named: it may be words typed after it."""
        key = "ssd.close.kept_target" if target else "ssd.close.kept"
        await context.send_activity(t(key, lang_of(context), code=code))

    async def reopen(self, context: TurnContext, args: str) -> None:
        """`öppna K-1042` rates a closed follow-up again, `öppna mål K-1042 ångest` a
        closed target (the same people as close them)."""
        user_id = await self._user_id(context)
        if user_id is None:
            return
        lang = lang_of(context)
        code = None
        try:
            command = parse_reopen(args)
            if command is None:
                await context.send_activity(t("ssd.reopen.what", lang))
                return
            code = command.code
            reopened = await self._service.reopen(user_id, code, command.target)
        except UserInputError as error:
            await self._refuse(context, error, code)
            return
        if command.target:
            await context.send_activity(t("ssd.reopen.target", lang, name=reopened, code=code))
        else:
            await context.send_activity(t("ssd.reopen.client", lang, code=code))

    async def team(self, context: TurnContext, args: str) -> None:
        """`team K-1042`, `team K-1042 lägg till @kollega roll`, `team K-1042 ta bort @kollega`."""
        user_id = await self._user_id(context)
        if user_id is None:
            return
        lang = lang_of(context)
        code = None
        try:
            words = args.split()
            code = parse_code_only(words[0] if words else "")
            if code is None:
                await context.send_activity(t("ssd.team.which", lang))
                return
            rest = " ".join(words[1:])
            change = _team_change(rest)
            if change is None:
                access, members = await self._service.team(user_id, code)
                lines = [f"**{t('ssd.team.title', lang, code=access.client.code)}**"]
                lines += [
                    t(
                        "ssd.team.line",
                        lang,
                        name=m.name,
                        role=m.role,
                        since=m.added_at.date().isoformat(),
                    )
                    for m in members
                ]
                if access.may_coordinate:
                    lines.append(t("ssd.team.usage", lang, code=access.client.code))
                await context.send_activity("\n".join(lines))
                return
            verb, remainder = change
            mentions = mentioned_people(context)
            named = [(name, uid) for name, uid in mentions.items() if name and name in remainder]
            if len(named) != 1:
                await context.send_activity(t("ssd.team.mention_needed", lang, code=code))
                return
            name, teams_id = named[0]
            role = " ".join(remainder.replace(name, " ").replace("@", " ").split())
            if verb == "add":
                client, _ = await self._service.change_team(
                    user_id, code, teams_id, role=role or DEFAULT_TEAM_ROLE
                )
                await context.send_activity(
                    t(
                        "ssd.team.added",
                        lang,
                        name=name,  # as the coordinator wrote it, @mentioned
                        code=client.code,
                        role=role or DEFAULT_TEAM_ROLE,
                    )
                )
            else:
                client, _ = await self._service.change_team(user_id, code, teams_id, role=None)
                await context.send_activity(
                    t("ssd.team.removed", lang, name=name, code=client.code)
                )
        except UserInputError as error:
            await self._refuse(context, error, code)

    async def new(self, context: TurnContext, args: str) -> None:
        user_id = await self._user_id(context)
        if user_id is None:
            return
        lang = lang_of(context)
        code = None
        try:
            command = parse_new(args)
            code = command.code
            if code is None:
                example = {
                    "unit": "ny enhet E-2001",
                    "client": "ny klient K-1042",
                    "target": "nytt mål K-1042",
                    "phase": "ny fas K-1042 B DBT-färdighetsträning",
                }[command.kind]
                if lang == "en":
                    example = {
                        "unit": "new unit E-2001",
                        "client": "new client K-1042",
                        "target": "new target K-1042",
                        "phase": "new phase K-1042 B DBT skills training",
                    }[command.kind]
                await context.send_activity(t("ssd.new.code_needed", lang, example=example))
                return
            if command.kind in ("client", "unit"):
                await self._create_client(
                    context,
                    user_id,
                    code,
                    None,
                    kind=rules.UNIT if command.kind == "unit" else rules.PERSON,
                )
            elif command.kind == "target":
                await self._service.client_summary(user_id, code)  # access checked before the form
                await context.send_activity(cards.new_target_card(code, lang))
            else:
                phase = await self._service.create_phase(
                    user_id, code, parse_phase_words(command.rest, self._now(context).today)
                )
                description = f" ({phase.description})" if phase.description else ""
                await context.send_activity(
                    t(
                        "ssd.new.phase.created",
                        lang,
                        label=phase.label,
                        code=code,
                        start=phase.start_date.isoformat(),
                        description=description,
                    )
                )
        except UserInputError as error:
            await self._refuse(context, error, code)

    async def _create_client(
        self,
        context: TurnContext,
        user_id: int,
        code: str,
        unit_id: int | None,
        *,
        kind: str = rules.PERSON,
    ) -> None:
        lang = lang_of(context)
        try:
            access = await self._service.create_client(user_id, code, unit_id, kind=kind)
        except UserInputError as error:
            if error.key == "ssd.new.client.which_unit":
                units = await self._service.managed_units(user_id)
                await context.send_activity(cards.unit_chooser(code, units, lang, kind=kind))
                return
            raise
        key = "ssd.new.unit.created" if kind == rules.UNIT else "ssd.new.client.created"
        await context.send_activity(t(key, lang, code=access.client.code))

    async def _submit_target(
        self, context: TurnContext, user_id: int, code: str, value: dict[str, Any]
    ) -> None:
        lang = lang_of(context)
        numbers = [parse_value(str(value.get(k, "")).strip()) for k in ("min", "max", "step")]
        if any(n is None for n in numbers):
            await context.send_activity(t("ssd.new.target.bad_number", lang))
            return
        low, high, step = (float(n) for n in numbers if n is not None)
        spec = validate_target(
            name=str(value.get("name") or ""),
            low_anchor=str(value.get("low") or ""),
            high_anchor=str(value.get("high") or ""),
            better=str(value.get("better") or ""),
            frequency=str(value.get("frequency") or rules.DAILY),
            scale=Scale(low, high, step),
        )
        target = await self._service.create_target(user_id, code, spec)
        await context.send_activity(
            t(
                "ssd.new.target.created",
                lang,
                name=target.name,
                code=code,
                scale=f"{cards.value_text(target.scale_min, lang)}–"
                f"{cards.value_text(target.scale_max, lang)}",
                better=t(f"ssd.better.{target.better}", lang),
                frequency=t(f"ssd.frequency.{target.frequency}", lang),
            )
        )


DEFAULT_TEAM_ROLE = "medarbetare"
_TEAM_VERBS = (
    ("lägg till ", "add"),
    ("lagg till ", "add"),
    ("add ", "add"),
    ("ta bort ", "remove"),
    ("remove ", "remove"),
)


def _team_change(rest: str) -> tuple[str, str] | None:
    """("add" | "remove", the words after the verb), or None for just looking."""
    lowered = rest.strip()
    for prefix, verb in _TEAM_VERBS:
        if lowered.casefold().startswith(prefix):
            return verb, lowered[len(prefix) :]
    return None


def _date_or_none(raw: Any) -> date | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise UserInputError("ssd.rate.day_unreadable", days=BACKFILL_DAYS)
    try:
        return date.fromisoformat(raw)
    except ValueError:  # not repeated back: the field may hold anything
        raise UserInputError("ssd.rate.day_unreadable", days=BACKFILL_DAYS) from None


def register(router: Router, deps: Deps) -> None:
    """SSD: rating, charts, export, clients and their targets, phases and care teams,
    the rating card's buttons, the CSV's file consent and the daily rating prompts."""
    handlers = SsdHandlers(deps.ssd, deps.clock, deps.prompts)
    router.command(RATE, handlers.rate)
    router.command(CHART, handlers.chart)
    router.command(EXPORT, handlers.export)
    router.command(CLIENT, handlers.client)
    router.command(NEW, handlers.new)
    router.command(TEAM, handlers.team)
    router.command(CLOSE, handlers.close)
    router.command(REOPEN, handlers.reopen)
    router.submit("ssd_action", handlers.on_submit)
    router.consent("client", handlers.on_file_consent)

    def start(scheduler: Any, sender: Any) -> RatingPrompter:
        prompter = RatingPrompter(
            deps.db, sender, deps.clock, default_timezone=deps.config.timezone
        )
        schedule_prompts(scheduler, prompter)
        return prompter

    router.job("ssd.prompts", start)
