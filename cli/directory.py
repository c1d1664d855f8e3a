"""`samverkan import-contacts`, `export-contacts` and `admin grant|revoke`: the
directory and roles from the command line (whoever runs these can reach the
database, so they act as COMMAND_LINE and are audited as "cli")."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from cli.command import Subparsers, add_command
from core.config import Config

T = TypeVar("T")
MAX_PROBLEMS_PRINTED = 50


def register(sub: Subparsers) -> None:
    imp = add_command(
        sub,
        "import-contacts",
        import_contacts,
        help="import the who-does-what directory from CSV (all rows or none)",
        description="Columns: name,title,agency,unit,municipality,areas,phone,email,"
        "teams_upn,hours,owner_email[,helps_with,kind]; areas separated by ';'. UTF-8 or "
        "what Excel writes in Sweden (Windows-1252, semicolons). Re-import updates entries "
        "by e-mail (name + agency for entries without one).",
    )
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check the file, import nothing")
    imp.add_argument("--lang", choices=["sv", "en"], default="sv")
    exp = add_command(
        sub, "export-contacts", export_contacts, help="write the directory as CSV (import format)"
    )
    exp.add_argument("file", type=Path, nargs="?", help="default: standard output")
    exp.add_argument("--excel", action="store_true", help="Windows-1252 with semicolons")
    roles = add_command(
        sub,
        "admin",
        admin,
        help="grant, revoke or list roles (coordinator and unit_manager need --unit; "
        "directory_admin, system_admin)",
    )
    roles.add_argument("action", choices=["grant", "revoke", "list"])
    roles.add_argument("principal", nargs="?", help="e-mail or Entra (AAD) object id")
    roles.add_argument(
        "role", nargs="?", help="coordinator, unit_manager, directory_admin or system_admin"
    )
    roles.add_argument("--unit", help="the unit, for coordinator and unit_manager")


def _run(config: Config, work: Callable[..., Awaitable[T]]) -> T:
    from core.clock import SystemClock
    from storage.db import Database
    from storage.directory_service import DirectoryService
    from storage.migrate import upgrade_to_head

    upgrade_to_head(config.database_url)

    async def go() -> T:
        db = Database(config.database_url)
        try:
            return await work(DirectoryService(db, SystemClock()))
        finally:
            await db.dispose()

    return asyncio.run(go())


def import_contacts(config: Config, args: argparse.Namespace) -> int:
    from core.contacts_csv import describe_problem
    from storage.directory_service import COMMAND_LINE, ImportReport

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"Kan inte läsa {args.file}: {exc.strerror}", file=sys.stderr)
        return 2

    async def work(service) -> ImportReport:  # type: ignore[no-untyped-def]
        return await service.import_csv(COMMAND_LINE, data, dry_run=args.dry_run)

    report = _run(config, work)
    parsed = report.parsed
    for problem in parsed.problems[:MAX_PROBLEMS_PRINTED]:
        print(describe_problem(problem, args.lang), file=sys.stderr)
    if len(parsed.problems) > MAX_PROBLEMS_PRINTED:
        print(f"… och {len(parsed.problems) - MAX_PROBLEMS_PRINTED} fel till.", file=sys.stderr)
    if parsed.problems:
        print(f"{len(parsed.problems)} fel – inget importerades.", file=sys.stderr)
        return 1
    rows = len(parsed.drafts)
    if report.counts is None:
        print(f"{rows} rader utan fel ({parsed.encoding}, '{parsed.delimiter}'). Inget importerat.")
        return 0
    counts = report.counts
    print(
        f"Importerat {rows} rader: {counts.created} nya, {counts.updated} ändrade, "
        f"{counts.unchanged} oförändrade."
    )
    return 0


def export_contacts(config: Config, args: argparse.Namespace) -> int:
    from storage.directory_service import COMMAND_LINE

    async def work(service) -> tuple[bytes, int]:  # type: ignore[no-untyped-def]
        return await service.export_csv(COMMAND_LINE, excel=args.excel)

    content, rows = _run(config, work)
    if args.file is None:
        sys.stdout.buffer.write(content)
    else:
        args.file.write_bytes(content)
        print(f"Skrev {rows} kontakter till {args.file}.", file=sys.stderr)
    return 0


def admin(config: Config, args: argparse.Namespace) -> int:
    from core.access import parse_role
    from core.clock import SystemClock
    from core.errors import UserInputError
    from core.i18n import t
    from storage.db import Database
    from storage.directory_service import COMMAND_LINE
    from storage.migrate import upgrade_to_head
    from storage.roles_service import RoleHolder, RolesService

    role = parse_role(args.role or "")
    if args.action != "list" and (not args.principal or role is None):
        print(t("roles.role.unknown") if args.principal else t("roles.usage"), file=sys.stderr)
        return 2
    upgrade_to_head(config.database_url)

    async def go() -> list[RoleHolder] | tuple[bool, str]:
        db = Database(config.database_url)
        try:
            service = RolesService(db, SystemClock())
            if args.action == "list":
                return await service.overview(COMMAND_LINE)
            assert role is not None
            change = (
                await service.grant(COMMAND_LINE, args.principal, role, args.unit)
                if args.action == "grant"
                else await service.revoke(COMMAND_LINE, args.principal, role, args.unit)
            )
            where = f" i {change.unit}" if change.unit else ""
            return change.changed, f"{change.who} och {change.role.value}{where}"
        finally:
            await db.dispose()

    try:
        result = asyncio.run(go())
    except UserInputError as error:
        print(t(error.key, "sv", **error.params), file=sys.stderr)
        return 1
    if isinstance(result, list):
        for holder in result:
            print("\t".join([holder.role.value, holder.unit or "", holder.who]))
        return 0
    changed, what = result
    if changed:
        verb = "Rollen gavs" if args.action == "grant" else "Rollen togs bort"
        print(f"{verb}: {what}.")
    else:
        print(f"Ingen ändring: {what} var redan så.")
    return 0
