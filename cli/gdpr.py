"""`samverkan retention` and `samverkan gdpr export|erase`: the retention policy run
by hand, and a data subject's requests (GDPR art. 15 and 17).

    samverkan retention [--dry-run]
    samverkan gdpr export --user anna.berg@kumla.se [--out anna.json]
    samverkan gdpr erase --user anna.berg@kumla.se [--yes]

--user takes an e-mail address, an Entra (AAD) object id or a Teams user id; someone
outside the bot (a meeting participant, a directory entry) by e-mail. The export is
JSON (UTF-8) of everything stored about them (storage/data_subject_export.py).
Erase without --yes shows what it would erase and changes nothing; with --yes it
erases in one transaction (storage/data_subject.py). It keeps, under GDPR art.
17(3)(b), the ratings they made (the client's record, kept with the rater's role)
and the audit trail (a legal obligation; it holds only the user id), and says so.
Export and erase are recorded in the audit trail ("gdpr.export", "gdpr.erase", role
"cli"; the detail holds user ids, never the e-mail). Exit codes: 0 done, 1 nobody
found (or a retention step failed), 2 a malformed request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from cli.command import Subparsers, add_command
from core.config import Config

T = TypeVar("T")
MAX_PRINCIPAL = 254

RETENTION_LABELS = {
    "closed_clients": (
        "koder (klienter och enheter) med avslutade skattningar och ingen aktivitet sedan, "
        "med all sin data"
    ),
    "meeting_outsiders": "namn och e-post på mötesdeltagare utanför boten",
    "reminders": "avslutade påminnelser",
    "reminder_occurrences": "gamla utskick av påminnelser som fortsätter",
    "rating_prompts": "skattningsutskick",
    "conversation_state": "övergivna dialoger",
    "import_drafts": "importfiler som aldrig importerades",
    "freshness_reminders": "katalogens aktualitetspåminnelser",
    "inactive_staff": "inaktiva användare",
    "audit_events": "händelser i granskningsloggen",
}
ANONYMISING = {"meeting_outsiders", "inactive_staff"}

ERASE_LABELS = {
    "staff_users": "användarrader anonymiserade",
    "care_teams_ended": "vårdteam avslutade (historiken sparas)",
    "roles": "roller borttagna",
    "unit_roles": "enhetsroller borttagna",
    "roles_granted": "roller personen gett andra (givaren borttagen)",
    "reminders": "påminnelser borttagna",
    "reminder_occurrences": "utskick av dessa påminnelser borttagna",
    "rating_prompt_settings": "skattningsinställningar borttagna",
    "rating_prompts": "skattningsutskick borttagna",
    "conversation_references": "konversationer borttagna eller avidentifierade",
    "state_documents": "sparade dialoger borttagna",
    "import_drafts": "importfiler borttagna",
    "directory_entries": "katalogposter om personen borttagna",
    "directory_entries_unowned": "katalogposter som nu saknar ägare",
    "freshness_reminders": "aktualitetspåminnelser borttagna",
    "meeting_participants": "mötesdeltaganden anonymiserade",
    "plan_items": "åtgärder där den ansvariges namn anonymiserats",
    "reminder_texts": "andras påminnelser där namnet ersatts",
    "crisis_contacts": "kontakter i krisplaner där namn och nummer tagits bort",
}


def register(sub: Subparsers) -> None:
    policy = add_command(
        sub,
        "retention",
        retention,
        help="delete or anonymise what the retention policy says has expired",
    )
    policy.add_argument(
        "--dry-run", action="store_true", help="count what would go, change nothing"
    )
    request = add_command(
        sub,
        "gdpr",
        gdpr,
        help="a data subject's request: export or erase what is stored about a person",
    )
    request.add_argument("action", nargs="?", help="export or erase")
    request.add_argument("--user", help="e-mail, Entra (AAD) object id or Teams user id")
    request.add_argument("--out", type=Path, help="export: write the JSON to this file")
    request.add_argument("--yes", action="store_true", help="erase: do it (without: only show)")


def _run(config: Config, work: Callable[[Any], Awaitable[T]]) -> T:
    """Migrate, then run `work(db)` with a database that is disposed of afterwards."""
    from storage.db import Database
    from storage.migrate import upgrade_to_head

    upgrade_to_head(config.database_url)

    async def go() -> T:
        db = Database(config.database_url)
        try:
            return await work(db)
        finally:
            await db.dispose()

    return asyncio.run(go())


def _unreachable(work: Callable[[], int]) -> int:
    """The work's exit code, or 2 with a plain answer when the database cannot be
    reached (a wrong DATABASE_URL is bad input too)."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    try:
        return work()
    except (OperationalError, InterfaceError):
        print("Databasen går inte att nå: kontrollera DATABASE_URL.", file=sys.stderr)
        return 2


# -- retention ----------------------------------------------------------------------------
def retention(config: Config, args: argparse.Namespace) -> int:
    from core.clock import SystemClock
    from storage.retention import STEPS, RetentionReport, apply_retention

    now = SystemClock().now()

    async def work(db: Any) -> RetentionReport:
        return await apply_retention(db, config.retention, now, dry_run=args.dry_run, role="cli")

    return _unreachable(lambda: _print_retention(_run(config, work), config, now, STEPS))


def _print_retention(report: Any, config: Config, now: Any, steps: Any) -> int:
    kinds = {step.name: step.kind for step in steps}
    when = f"{now.astimezone(config.tz):%Y-%m-%d %H:%M}"
    if report.dry_run:
        print(f"Provkörning {when}: inget ändrades. Detta skulle gallras nu:")
    else:
        print(f"Gallring {when}:")
    for name, count in report.counts.items():
        days = config.retention.days(kinds[name])
        if report.dry_run:
            verb = "skulle anonymiseras" if name in ANONYMISING else "skulle tas bort"
        else:
            verb = "anonymiserade" if name in ANONYMISING else "borttagna"
        after = f"{days} dag" if days == 1 else f"{days} dagar"
        print(f"  {RETENTION_LABELS[name]}, efter {after}: {count} {verb}")
    if report.failed:
        failed = ", ".join(RETENTION_LABELS[name] for name in report.failed)
        print(f"Misslyckades: {failed}. Se loggen; resten är gjort.", file=sys.stderr)
        return 1
    return 0


# -- gdpr ---------------------------------------------------------------------------------
def _request_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the request, in Swedish; None when it can run."""
    from core.personnummer import contains_personnummer

    if args.action not in ("export", "erase"):
        return "Ange export eller erase, t.ex. samverkan gdpr export --user anna.berg@kumla.se."
    user = (args.user or "").strip()
    if not user:
        return "Ange --user med e-postadress, Entra-objekt-id eller Teams-användar-id."
    if contains_personnummer(user):
        # Never echoed: the answer must not repeat a personnummer.
        return "Ange inte personnummer: --user tar e-postadress, Entra-objekt-id eller Teams-id."
    if len(user) > MAX_PRINCIPAL or any(c.isspace() or not c.isprintable() for c in user):
        return f"«{user[:60]}» är ingen e-postadress eller id (ett namn räcker inte)."
    if args.action == "erase" and args.out is not None:
        return "--out hör till export."
    if args.action == "export" and args.yes:
        return "--yes hör till erase."
    if args.out is not None and (args.out.is_dir() or not args.out.parent.is_dir()):
        return f"Kan inte skriva till {args.out}: ingen sådan mapp eller så är det en mapp."
    return None


def gdpr(config: Config, args: argparse.Namespace) -> int:
    problem = _request_problem(args)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    user = args.user.strip()
    if args.action == "export":
        return _unreachable(lambda: _export(config, user, args.out))
    return _unreachable(lambda: _erase(config, user, args.yes))


def _user_detail(ids: list[int], rows: int) -> str:
    who = "users " + ",".join(map(str, ids)) if ids else "outsider"
    return f"{who}; {rows} rows"[:200]


def _export(config: Config, user: str, out: Path | None) -> int:
    from core.clock import SystemClock
    from storage.audit_repository import append_audit_event
    from storage.data_subject import find_person
    from storage.data_subject_export import export_person, is_empty

    now = SystemClock().now()

    async def work(db: Any) -> dict[str, Any] | None:
        async with db.session() as session:
            person = await find_person(session, user)
            sections = await export_person(session, person)
            if not person.staff and is_empty(sections):
                return None
            rows = sum(len(rows) for rows in sections.values())
            await append_audit_event(
                session,
                at=now,
                action="gdpr.export",
                role="cli",
                detail=_user_detail(person.user_ids, rows),
            )
        return {"subject": user, "exported_at": now.astimezone(config.tz).isoformat(), **sections}

    document = _run(config, work)
    if document is None:
        print(f"Inga uppgifter om «{user}».", file=sys.stderr)
        return 1
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
        return 0
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"Kan inte skriva till {out}: {exc.strerror}", file=sys.stderr)
        return 2
    rows = sum(len(v) for v in document.values() if isinstance(v, list))
    print(f"Skrev {rows} uppgifter om «{user}» till {out}.", file=sys.stderr)
    return 0


def _erase(config: Config, user: str, yes: bool) -> int:
    from core.clock import SystemClock
    from storage.audit_repository import append_audit_event
    from storage.data_subject import erase_person, find_person, is_empty

    now = SystemClock().now()

    async def work(db: Any) -> Counter[str] | None:
        async with db.session() as session:
            person = await find_person(session, user)
            counts = await erase_person(session, person, now)
            if not person.staff and is_empty(counts):
                await session.rollback()
                return None
            if not yes:
                await session.rollback()  # a preview: the counts are all it leaves
                return counts
            changed = sum(n for kind, n in counts.items() if not kind.endswith("_kept"))
            await append_audit_event(
                session,
                at=now,
                action="gdpr.erase",
                role="cli",
                detail=_user_detail(person.user_ids, changed),
            )
        return counts

    counts = _run(config, work)
    if counts is None:
        print(f"Inga uppgifter om «{user}».", file=sys.stderr)
        return 1
    if yes:
        print(f"Raderat och anonymiserat för «{user}», i en transaktion:")
    else:
        print(f"Detta skulle raderas eller anonymiseras för «{user}» (inget är ändrat än):")
    for kind, label in ERASE_LABELS.items():
        if counts.get(kind):
            print(f"  {label}: {counts[kind]}")
    print(
        f"Sparas enligt GDPR art. 17.3 b: {counts.get('ratings_kept', 0)} skattningar personen "
        "gjort (klientens journal, sparad med yrkesroll) och "
        f"{counts.get('audit_events_kept', 0)} händelser i granskningsloggen (rättslig "
        "förpliktelse; de bär bara användarens id)."
    )
    if not yes:
        print("Kör igen med --yes för att radera.")
    return 0
