"""`roller`: everyone sees their own roles; system admins list, grant and revoke.

    roller
    roller ge anna.berg@kommun.se samordnare Socialpsykiatri Norrtälje
    roller ta bort anna.berg@kommun.se enhetschef Socialpsykiatri Norrtälje
    roles grant anna.berg@kommun.se system admin

Who may is decided in core/access.py (through storage/roles_service.py); this module
reads the words and answers in Swedish or English.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from botbuilder.core import TurnContext

from bot.directory_handlers import actor_of
from bot.router import Router
from core.access import Role, may_manage_roles, parse_role
from core.commands import CommandSpec, fold
from core.errors import UserInputError
from core.i18n import t
from dialogs.turn_info import lang_of
from storage.directory_service import Actor
from storage.roles_service import RoleHolder, RolesService

if TYPE_CHECKING:
    from bot.features import Deps

ROLES = CommandSpec("roles", "roller", "roles", ("roll", "role"))

_GRANT = {"ge", "grant", "add"}
_REVOKE = {"revoke", "remove", "ta", "tabort", "bort"}


@dataclass(frozen=True)
class RoleRequest:
    grant: bool
    who: str
    role: Role | None
    unit: str | None


def parse_request(args: str) -> RoleRequest | None:
    """`ge <vem> <roll> [enhet]` / `ta bort <vem> <roll> [enhet]`; None if not one."""
    words = args.split()
    if not words:
        return None
    verb = fold(words[0])
    if verb in _GRANT:
        grant, rest = True, words[1:]
    elif verb in _REVOKE:
        skip = 2 if verb == "ta" and len(words) > 1 and fold(words[1]) == "bort" else 1
        grant, rest = False, words[skip:]
    else:
        return None
    if len(rest) < 2:
        return RoleRequest(grant, rest[0] if rest else "", None, None)
    who = rest[0]
    # Two-word role names first ("system admin", "unit manager"), then one word.
    for width in (2, 1):
        role = parse_role(" ".join(rest[1 : 1 + width]))
        if role is not None and len(rest) > width:
            unit = " ".join(rest[1 + width :]) or None
            return RoleRequest(grant, who, role, unit)
    return RoleRequest(grant, who, None, None)


def role_name(role: str, lang: str) -> str:
    """A role's name to show; care-team roles are shown as written."""
    return t(f"role.{role}", lang) if role in set(Role) | {"participant"} else role


class RoleHandlers:
    def __init__(
        self,
        service: RolesService,
        *,
        on_change: Callable[[], None] | None = None,
        everyone_admin: bool = False,
    ) -> None:
        self._service = service
        self._on_change = on_change
        # Local mode with demo data: whoever tries the bot may try granting roles too.
        self._everyone_admin = everyone_admin
        self._demo_granted: set[int] = set()

    async def roles(self, context: TurnContext, args: str) -> None:
        lang = lang_of(context)
        actor = actor_of(context)
        user_id = actor.user_id
        if self._everyone_admin and user_id is not None and user_id not in self._demo_granted:
            await self._service.grant_demo_admin(user_id)
            self._demo_granted.add(user_id)
        try:
            if not args.strip():
                await context.send_activity(await self._list(actor, lang))
                return
            request = parse_request(args)
            if request is None:
                await context.send_activity(t("roles.usage", lang))
                return
            if request.role is None:
                await context.send_activity(
                    t("roles.role.unknown", lang) if request.who else t("roles.usage", lang)
                )
                return
            change = (
                await self._service.grant(actor, request.who, request.role, request.unit)
                if request.grant
                else await self._service.revoke(actor, request.who, request.role, request.unit)
            )
        except UserInputError as error:
            await context.send_activity(t(error.key, lang, **error.params))
            return
        if change.changed and self._on_change is not None:
            self._on_change()
        key = ("roles.granted" if request.grant else "roles.revoked") + (
            "" if change.changed else (".already" if request.grant else ".not_held")
        )
        where = t("roles.where", lang, unit=change.unit) if change.unit else ""
        await context.send_activity(
            t(key, lang, who=change.who, role=role_name(change.role, lang), where=where)
        )

    async def _list(self, actor: Actor, lang: str) -> str:
        if may_manage_roles(await self._service.global_roles(actor)):
            holders = await self._service.overview(actor)
            lines = [_line(h, lang) for h in holders]
            return (
                "\n".join(
                    [f"**{t('roles.all.title', lang)}**", *(f"- {x}" for x in lines)]
                    if lines
                    else [t("roles.all.none", lang)]
                )
                + "\n\n"
                + t("roles.usage", lang)
            )
        mine = await self._service.my_roles(actor)
        if not mine:
            return t("roles.mine.none", lang)
        lines = [
            t("roles.mine.line.unit", lang, role=role_name(h.role, lang), unit=h.unit)
            if h.unit
            else role_name(h.role, lang)
            for h in mine
        ]
        return "\n".join([f"**{t('roles.mine.title', lang)}**", *(f"- {x}" for x in lines)])


def _line(holder: RoleHolder, lang: str) -> str:
    name = role_name(holder.role, lang)
    if holder.unit:
        return t("roles.line.unit", lang, role=name, unit=holder.unit, who=holder.who)
    return t("roles.line.global", lang, role=name, who=holder.who)


def register(router: Router, deps: Deps) -> None:
    """Roles: system admins grant and revoke unit and directory roles in chat."""

    def changed() -> None:
        for listener in deps.on_roles_changed:
            listener()

    handlers = RoleHandlers(
        RolesService(deps.db, deps.clock), on_change=changed, everyone_admin=deps.demo
    )
    router.command(ROLES, handlers.roles)
