"""`samverkan audit`: the audit trail, for a unit manager's question or an investigation.

    samverkan audit --client K-1042 [--since 2026-11-01] [--action rating.write]
    samverkan audit --user anna.berg@kumla.se [--since 2026-11-01] [--json]

A client, a user or both must be named: the whole trail at once is not what
anyone should need. --user takes an e-mail address, an Entra (AAD) object id or a
Teams user id. Times are shown in the service's time zone (TIMEZONE). Reading the
trail is itself recorded in it ("audit.read", role "cli").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from cli.command import Subparsers, add_command
from core.config import Config

MAX_ROWS = 10_000


def register(sub: Subparsers) -> None:
    parser = add_command(
        sub,
        "audit",
        audit,
        help="show the audit trail for a client or a user (who did what, when, how it went)",
    )
    parser.add_argument("--client", help="a client code, e.g. K-1042")
    parser.add_argument("--user", help="e-mail, Entra (AAD) object id or Teams user id")
    parser.add_argument("--since", help="from this day (YYYY-MM-DD), in TIMEZONE")
    parser.add_argument("--action", help="only this action, e.g. rating.write")
    parser.add_argument("--limit", type=int, default=500, help="newest first, at most this many")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")


@dataclass(frozen=True)
class Row:
    at: datetime
    who: str
    role: str
    action: str
    client: str
    outcome: str
    detail: str


def audit(config: Config, args: argparse.Namespace) -> int:
    from core.errors import UserInputError
    from core.ssd_model import normalise_client_code
    from storage.migrate import upgrade_to_head

    if not args.client and not args.user:
        print("Ange --client, --user eller båda.", file=sys.stderr)
        return 2
    if not 1 <= args.limit <= MAX_ROWS:
        print(f"--limit ska vara 1–{MAX_ROWS}.", file=sys.stderr)
        return 2
    try:
        code = normalise_client_code(args.client) if args.client else None
    except UserInputError:
        print(f"«{args.client}» är ingen brukarkod (t.ex. K-1042).", file=sys.stderr)
        return 2
    since: datetime | None = None
    if args.since:
        try:
            since = datetime.combine(date.fromisoformat(args.since), time(0), tzinfo=config.tz)
        except ValueError:
            print(f"«{args.since}» är inget datum (ÅÅÅÅ-MM-DD).", file=sys.stderr)
            return 2
    upgrade_to_head(config.database_url)
    found = asyncio.run(_read(config, code, args.user, since, args.action, args.limit))
    if found is None:
        print(f"Ingen användare med «{args.user}».", file=sys.stderr)
        return 1
    for line in _format(found, config.tz, as_json=args.json):
        print(line)
    if not args.json:
        print(f"{len(found)} händelser, nyast först.", file=sys.stderr)
    return 0


async def _read(
    config: Config,
    code: str | None,
    principal: str | None,
    since: datetime | None,
    action: str | None,
    limit: int,
) -> list[Row] | None:
    from sqlalchemy import or_, select

    from core.clock import SystemClock
    from storage.audit_repository import append_audit_event, audit_events
    from storage.db import Database
    from storage.models import StaffUser

    db = Database(config.database_url)
    try:
        async with db.session() as session:
            user_id: int | None = None
            if principal:
                wanted = principal.strip()
                user_id = await session.scalar(
                    select(StaffUser.id).where(
                        or_(
                            StaffUser.email == wanted.casefold(),
                            StaffUser.aad_object_id == wanted.lower(),
                            StaffUser.teams_user_id == wanted,
                        )
                    )
                )
                if user_id is None:
                    return None
            events = await audit_events(
                session,
                client_code=code,
                user_id=user_id,
                since=since,
                action=action,
                limit=limit,
            )
            ids = {e.user_id for e in events if e.user_id is not None}
            people = {
                row.id: f"{row.name or '?'} <{row.email}>" if row.email else (row.name or "?")
                for row in await session.execute(
                    select(StaffUser.id, StaffUser.name, StaffUser.email).where(
                        StaffUser.id.in_(ids)
                    )
                )
            }
            await append_audit_event(
                session,
                at=SystemClock().now(),
                action="audit.read",
                role="cli",
                client_code=code,
                user_id=None,
                detail=f"{len(events)} events" + (f", user {user_id}" if user_id else ""),
            )
        return [
            Row(
                at=e.at,
                who=people.get(e.user_id, f"användare {e.user_id}") if e.user_id else "–",
                role=e.role or "",
                action=e.action,
                client=e.client_code or "",
                outcome=e.outcome,
                detail=e.detail or "",
            )
            for e in events
        ]
    finally:
        await db.dispose()


def _format(rows: list[Row], tz: ZoneInfo, *, as_json: bool) -> list[str]:
    if as_json:
        return [
            json.dumps(
                {**row.__dict__, "at": row.at.astimezone(tz).isoformat()}, ensure_ascii=False
            )
            for row in rows
        ]
    header = ("tid", "vem", "roll", "händelse", "kod", "utfall", "detalj")
    cells = [
        (
            f"{row.at.astimezone(tz):%Y-%m-%d %H:%M:%S}",
            row.who,
            row.role,
            row.action,
            row.client,
            row.outcome,
            row.detail,
        )
        for row in rows
    ]
    widths = [max(len(str(c[i])) for c in [header, *cells]) for i in range(len(header))]
    return [
        "  ".join(
            str(value).ljust(width) for value, width in zip(line, widths, strict=True)
        ).rstrip()
        for line in [header, *cells]
    ]
