"""SSD follow-up over real HTTP: graf with an inline PNG, exportera through Teams file
consent and an upload to a loopback "OneDrive", access refusals with their audit
trail, and rating card submits (good and malformed, all or none).

The database is seeded from outside the app, on the same SQLite file: the demo data
(K-1001 with "ångest" and "sömn" rated daily up to today), with today taken from the
app's frozen clock in the app's time zone. Only Anna is put in the care team; the app
runs without demo data, so nobody else becomes a member behind the test's back.
"""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

import pytest
from aiohttp import web
from PIL import Image
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from core.i18n import t
from demo.data import DEMO_PERSON_CODE, ensure_demo_membership, load_demo_data
from storage import ssd_repository as ssd
from storage.audit_repository import audit_events
from storage.db import Database
from storage.models import Rating
from storage.records import AuditEventRecord
from storage.users_repository import get_staff_user
from tests.e2e.conftest import BotService, TurnResult
from tests.support.fake_connector import Received

T = TypeVar("T")

CODE = DEMO_PERSON_CODE  # "K-1001"
MEMBER = {"user_id": "29:user-anna", "user_name": "Anna Berg"}
OUTSIDER = {
    "user_id": "29:user-bertil",
    "user_name": "Bertil Ek",
    "aad_object_id": "00000000-0000-0000-0000-0000000b0b0b",
}
MEMBER_ROLE = "samordnare"  # what ensure_demo_membership makes Anna
FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
CSV_HEADER = ["date", "slot", "target", "phase", "value", "rater_role", "has_note"]


@dataclass(frozen=True)
class Seeded:
    service: BotService
    member_id: int
    client_id: int
    anxiety_id: int
    sleep_id: int
    today: date

    @property
    def yesterday(self) -> date:
        return self.today - timedelta(days=1)

    async def say(self, text: str, **who: Any) -> TurnResult:
        return await self.service.turn(self.service.activity(text=text, **(who or MEMBER)))

    async def submit(self, value: dict[str, Any], **who: Any) -> TurnResult:
        """A card's Action.Submit as Teams sends it: a message with a value and no text."""
        return await self.service.turn(self.service.activity(value=value, **(who or MEMBER)))

    async def in_db(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run work in a session of its own on the app's database file (committed)."""
        db = Database(self.service.database_url)
        try:
            async with db.session() as session:
                return await work(session)
        finally:
            await db.dispose()

    async def clear_slot(self, target_id: int, day: date) -> None:
        async def work(session: AsyncSession) -> None:
            await session.execute(
                delete(Rating).where(Rating.target_id == target_id, Rating.slot_date == day)
            )

        await self.in_db(work)

    def ratings(self, target_id: int | None = None) -> list[dict[str, Any]]:
        sql = (
            "SELECT r.slot_date, r.slot, t.name AS target, r.value, r.rater_user_id,"
            " r.rater_role, r.note FROM ratings r JOIN targets t ON t.id = r.target_id"
            " JOIN clients c ON c.id = t.client_id WHERE c.code = ?"
        )
        params: list[Any] = [CODE]
        if target_id is not None:
            sql += " AND t.id = ?"
            params.append(target_id)
        return self.service.rows(sql + " ORDER BY r.slot_date, r.slot, r.target_id", *params)

    async def audit(self, **filters: Any) -> list[AuditEventRecord]:
        return await self.in_db(lambda session: audit_events(session, **filters))

    def user_id_of(self, teams_user_id: str) -> int:
        [row] = self.service.rows(
            "SELECT id FROM staff_users WHERE teams_user_id = ?", teams_user_id
        )
        return int(row["id"])


@pytest.fixture
async def seeded(running: BotService) -> Seeded:
    # Anna's first message creates her staff user row, as in Teams.
    hello = await running.turn(running.activity(text="hjälp", **MEMBER))
    assert hello.status == 200
    assert running.config is not None
    now = running.clock.now()
    today = now.astimezone(running.config.tz).date()

    async def work(session: AsyncSession) -> Seeded:
        loaded = await load_demo_data(session, today=today)
        assert loaded.loaded
        anna = await get_staff_user(session, MEMBER["user_id"])
        assert anna is not None
        await ensure_demo_membership(session, anna.id, now)
        client = await ssd.get_client(session, CODE)
        assert client is not None
        targets = {x.name: x.id for x in await ssd.targets_for(session, client.id)}
        return Seeded(running, anna.id, client.id, targets["ångest"], targets["sömn"], today)

    db = Database(running.database_url)
    try:
        async with db.session() as session:
            return await work(session)
    finally:
        await db.dispose()


# -- a loopback stand-in for the OneDrive upload URL Teams hands over -------------------------
@dataclass
class Upload:
    method: str
    headers: dict[str, str]
    body: bytes


@dataclass
class UploadServer:
    url: str = ""
    status: int = 201
    received: list[Upload] = field(default_factory=list)


@pytest.fixture
async def upload_server() -> AsyncIterator[UploadServer]:
    server = UploadServer()

    async def upload(request: web.Request) -> web.Response:
        server.received.append(Upload(request.method, dict(request.headers), await request.read()))
        return web.json_response({"id": "drive-item-1"}, status=server.status)

    app = web.Application()
    app.router.add_route("*", "/upload/{name}", upload)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    server.url = f"http://{host}:{port}/upload/K-1001-skattningar.csv"
    try:
        yield server
    finally:
        await runner.cleanup()


def _attachments(reply: Received) -> list[dict[str, Any]]:
    return reply.body.get("attachments") or []


def _content_types(result: TurnResult) -> list[str]:
    return [a.get("contentType") for reply in result.replies for a in _attachments(reply)]


def _file_consent_invoke(
    service: BotService, action: str, upload_url: str, **who: Any
) -> dict[str, Any]:
    return service.activity(
        type="invoke",
        name="fileConsent/invoke",
        value={
            "type": "fileUpload",
            "action": action,
            "context": {"client": CODE},
            "uploadInfo": {
                "name": "K-1001-skattningar.csv",
                "uploadUrl": upload_url,
                "contentUrl": "https://example.invalid/file.csv",
                "uniqueId": "abc",
                "fileType": "csv",
            },
        },
        **(who or MEMBER),
    )


def _refused(code: str = CODE) -> str:
    return t("ssd.access.refused", "sv", code=code)


# -- graf ----------------------------------------------------------------------------------------
async def test_a_chart_comes_back_as_an_inline_png_with_its_figures(seeded: Seeded) -> None:
    result = await seeded.say(f"graf {CODE} ångest")

    assert result.status == 200
    [reply] = result.replies
    [attachment] = _attachments(reply)
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    [image] = [e for e in card["body"] if e["type"] == "Image"]
    url = image["url"]
    prefix = "data:image/png;base64,"
    assert url.startswith(prefix)
    png = base64.b64decode(url[len(prefix) :], validate=True)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.width >= 900
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    # A drawn chart (axes, two phases, points, labels), not an empty canvas.
    assert len(colours) >= 20
    assert max(count for count, _ in colours) < 0.98 * rgb.width * rgb.height
    assert len(json.dumps(reply.body, ensure_ascii=False).encode()) < 100 * 1024

    text = card["fallbackText"]
    assert text.startswith(f"**{CODE} ångest**")
    assert "NAP" in text
    assert "förbättring" in text or "skillnad" in text
    assert "Fas A: n = " in text and "Fas B: n = " in text
    facts = [
        f["title"] for block in card["body"] if block["type"] == "FactSet" for f in block["facts"]
    ]
    assert facts == ["Fas A", "Fas B", "Effekt"]


# -- exportera ---------------------------------------------------------------------------------
async def test_export_asks_for_file_consent_and_uploads_the_csv_when_accepted(
    seeded: Seeded, upload_server: UploadServer
) -> None:
    service = seeded.service
    asked = await seeded.say(f"exportera {CODE}")

    assert asked.status == 200
    [reply] = asked.replies
    [consent] = _attachments(reply)
    assert consent["contentType"] == FILE_CONSENT
    assert consent["name"] == "K-1001-skattningar.csv"
    assert consent["content"]["sizeInBytes"] > 0
    assert consent["content"]["acceptContext"] == {"client": CODE}

    status, _, replies = await service.turn(
        _file_consent_invoke(service, "accept", upload_server.url)
    )

    assert status == 200
    [upload] = upload_server.received
    assert upload.method == "PUT"
    size = len(upload.body)
    assert size > 0
    assert upload.headers["Content-Range"] == f"bytes 0-{size - 1}/{size}"
    assert upload.body.startswith(b"\xef\xbb\xbf")  # a BOM, for Excel
    rows = list(csv.reader(io.StringIO(upload.body.decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    stored = seeded.ratings()
    assert len(stored) == 80  # 42 days, 2 missed, 2 targets
    assert [(r[0], r[1], r[2], r[4], r[5], r[6]) for r in rows[1:]] == [
        (
            str(s["slot_date"]),
            s["slot"],
            s["target"],
            f"{s['value']:g}",
            s["rater_role"],
            "yes" if s["note"] else "no",
        )
        for s in stored
    ]
    assert {r[3] for r in rows[1:]} == {"A", "B"}
    # The consent card announced the size of what was uploaded.
    assert consent["content"]["sizeInBytes"] == size

    [sent] = replies
    [info] = _attachments(sent)
    assert info["contentType"] == FILE_INFO
    assert info["content"]["uniqueId"] == "abc"
    assert info["content"]["fileType"] == "csv"
    assert info["contentUrl"] == "https://example.invalid/file.csv"
    assert info["name"] == "K-1001-skattningar.csv"
    assert sent.body["text"] == t("ssd.export.sent", "sv", code=CODE, rows=80)
    exports = await seeded.audit(user_id=seeded.member_id, action="export")
    assert [(e.client_code, e.outcome) for e in exports] == [(CODE, "ok"), (CODE, "ok")]


async def test_a_declined_export_sends_nothing(seeded: Seeded, upload_server: UploadServer) -> None:
    service = seeded.service
    await seeded.say(f"exportera {CODE}")

    status, _, replies = await service.turn(
        _file_consent_invoke(service, "decline", upload_server.url)
    )

    assert status == 200
    assert [r.body.get("text") for r in replies] == ["Okej, jag skickade ingen fil."]
    assert [a for r in replies for a in _attachments(r)] == []
    assert upload_server.received == []


async def test_a_failed_upload_is_told_and_is_not_a_server_error(
    seeded: Seeded, upload_server: UploadServer
) -> None:
    service = seeded.service
    upload_server.status = 500

    status, _, replies = await service.turn(
        _file_consent_invoke(service, "accept", upload_server.url)
    )

    assert status < 500
    assert len(upload_server.received) == 1
    assert [r.body.get("text") for r in replies] == [t("ssd.export.upload_failed", "sv")]
    assert replies[0].body["text"].startswith("Filen kunde inte laddas upp")
    assert FILE_INFO not in [a.get("contentType") for r in replies for a in _attachments(r)]
    await service.assert_answers_help()


# -- access --------------------------------------------------------------------------------------
async def test_someone_outside_the_care_team_is_refused_and_audited(seeded: Seeded) -> None:
    before = seeded.ratings()

    chart = await seeded.say(f"graf {CODE}", **OUTSIDER)
    export = await seeded.say(f"exportera {CODE}", **OUTSIDER)
    rate = await seeded.say(f"skatta {CODE} ångest 5", **OUTSIDER)

    for result in (chart, export, rate):
        assert result.status == 200
        assert result.texts == [_refused()]
        assert result.texts[0].startswith("Jag hittar ingen K-1001 som du har tillgång")
        assert _content_types(result) == []
    outsider = seeded.user_id_of(OUTSIDER["user_id"])
    events = await seeded.audit(user_id=outsider)
    assert sorted((e.action, e.client_code, e.outcome, e.detail) for e in events) == [
        ("chart.read", CODE, "refused", "ssd.access.refused"),
        ("export", CODE, "refused", "ssd.access.refused"),
        ("rating.write", CODE, "refused", "ssd.access.refused"),
    ]
    assert seeded.ratings() == before
    assert seeded.service.rows(
        "SELECT COUNT(*) AS n FROM ratings WHERE rater_user_id = ?", outsider
    ) == [{"n": 0}]


async def test_a_client_one_may_not_see_answers_as_a_missing_one(seeded: Seeded) -> None:
    """Typed commands and card submits alike: the outsider learns no more about K-1001,
    which exists, than about K-9999, which does not (the answer names the typed code)."""
    missing = "K-9999"
    for attempt in (
        lambda code: seeded.say(f"graf {code}", **OUTSIDER),
        lambda code: seeded.say(f"exportera {code}", **OUTSIDER),
        lambda code: seeded.say(f"skatta {code} ångest 5", **OUTSIDER),
        lambda code: seeded.say(f"möte {code}", **OUTSIDER),
        lambda code: seeded.submit(
            {"ssd_action": "rate", "client": code, "ångest": "5"}, **OUTSIDER
        ),
        lambda code: seeded.submit(
            {"ssd_action": "close", "client": code, "target": "ångest"}, **OUTSIDER
        ),
    ):
        existing, unknown = await attempt(CODE), await attempt(missing)
        assert existing.texts == [text.replace(missing, CODE) for text in unknown.texts]
        assert existing.texts[0].startswith(f"Jag hittar ingen {CODE} som")


async def test_an_outsider_cannot_take_an_export_through_a_forged_consent(
    seeded: Seeded, upload_server: UploadServer
) -> None:
    """The CSV is made again on accept, with access checked again."""
    service = seeded.service
    await seeded.say("hjälp", **OUTSIDER)

    status, _, replies = await service.turn(
        _file_consent_invoke(service, "accept", upload_server.url, **OUTSIDER)
    )

    assert status == 200
    assert [r.body.get("text") for r in replies] == [_refused()]
    assert upload_server.received == []


# -- card submits ----------------------------------------------------------------------------------
async def test_a_rating_card_submit_saves_the_value_and_audits_it(seeded: Seeded) -> None:
    day = seeded.yesterday
    await seeded.clear_slot(seeded.anxiety_id, day)
    assert [r for r in seeded.ratings(seeded.anxiety_id) if r["slot_date"] == str(day)] == []

    result = await seeded.submit(
        {
            "ssd_action": "rate",
            "client": CODE,
            "day": day.isoformat(),
            f"t{seeded.anxiety_id}": "4",
        }
    )

    assert result.status == 200
    [text] = result.texts
    assert text.startswith(f"Sparat för {CODE}")
    assert "**ångest** 4" in text
    saved = [r for r in seeded.ratings(seeded.anxiety_id) if r["slot_date"] == str(day)]
    assert saved == [
        {
            "slot_date": str(day),
            "slot": "day",
            "target": "ångest",
            "value": 4.0,
            "rater_user_id": seeded.member_id,
            "rater_role": MEMBER_ROLE,
            "note": None,
        }
    ]
    writes = await seeded.audit(user_id=seeded.member_id, action="rating.write")
    assert [(e.client_code, e.outcome, e.detail) for e in writes] == [
        (CODE, "ok", f"ångest {day.isoformat()} day")
    ]


def _malformed(seeded: Seeded) -> list[tuple[dict[str, Any], str]]:
    day = seeded.yesterday.isoformat()
    anxiety, sleep = f"t{seeded.anxiety_id}", f"t{seeded.sleep_id}"
    return [
        (
            {"ssd_action": "rate", "client": CODE, anxiety: "abc"},
            "Värdet för ångest ligger inte på skalan. Välj ett värde från 0 till 10 (steg 1). "
            "Inget sparades.",
        ),
        (
            {"ssd_action": "rate", "client": CODE, "day": "2026-13-45", anxiety: "4"},
            "Jag kunde inte läsa dagen. Välj idag eller en av de 7 dagarna före. Inget sparades.",
        ),
        ({"ssd_action": "rate"}, t("ssd.rate.bad_submit", "sv")),
        (
            {"ssd_action": "rate", "client": "<script>", "day": day, anxiety: "4"},
            t("ssd.code.invalid", "sv", code="script"),  # markup is not echoed back
        ),
        (
            {"ssd_action": "rate", "client": CODE, "day": day, anxiety: "4", sleep: "11"},
            "Värdet för sömn ligger inte på skalan. Välj ett värde från 0 till 10 (steg 1). "
            "Inget sparades.",
        ),
        (
            {"ssd_action": "rate", "client": CODE, "day": day, anxiety: "4", "t999999": "5"},
            t("ssd.target.unknown", "sv"),
        ),
        (
            {"ssd_action": "rate", "client": CODE, "day": day, anxiety: "", sleep: None},
            t("ssd.rate.nothing", "sv"),
        ),
    ]


async def test_malformed_rating_submits_get_swedish_errors_and_save_nothing(
    seeded: Seeded,
) -> None:
    day = seeded.yesterday
    await seeded.clear_slot(seeded.anxiety_id, day)
    await seeded.clear_slot(seeded.sleep_id, day)
    before = seeded.ratings()

    answers = []
    for value, _ in _malformed(seeded):
        result = await seeded.submit(value)
        assert result.status == 200, value
        answers.append(result.texts)

    assert answers == [[expected] for _, expected in _malformed(seeded)]
    assert seeded.ratings() == before
    assert [r for r in before if r["slot_date"] == str(day)] == []
    writes = await seeded.audit(user_id=seeded.member_id, action="rating.write")
    assert {e.outcome for e in writes} == {"refused"}
    assert all(e.client_code in (CODE, None) for e in writes)
    # Still answering, and the same day can be rated properly afterwards.
    good = await seeded.submit(
        {
            "ssd_action": "rate",
            "client": CODE,
            "day": day.isoformat(),
            f"t{seeded.anxiety_id}": "4",
            f"t{seeded.sleep_id}": "6",
        }
    )
    assert good.texts[0].startswith(f"Sparat för {CODE}")
    assert [(r["target"], r["value"]) for r in seeded.ratings() if r["slot_date"] == str(day)] == [
        ("ångest", 4.0),
        ("sömn", 6.0),
    ]


async def test_a_submit_key_with_a_superscript_digit_gets_an_ssd_answer(seeded: Seeded) -> None:
    before = seeded.ratings()

    result = await seeded.submit({"ssd_action": "rate", "client": CODE, "t²": "4"})

    assert result.status == 200
    assert seeded.ratings() == before
    assert result.texts != [t("error.apology", "sv")]
    assert result.texts[0] in {
        t("ssd.rate.bad_submit", "sv"),
        t("ssd.rate.nothing", "sv"),
        t("ssd.target.unknown", "sv"),
    }


async def test_a_boolean_in_text_form_is_not_saved_as_a_rating(seeded: Seeded) -> None:
    day = seeded.yesterday
    await seeded.clear_slot(seeded.anxiety_id, day)
    before = seeded.ratings()

    result = await seeded.submit(
        {
            "ssd_action": "rate",
            "client": CODE,
            "day": day.isoformat(),
            "replace": True,
            "text_form": [["ångest", True]],
        }
    )

    assert result.status == 200
    assert not result.texts[0].startswith(f"Sparat för {CODE}")
    assert seeded.ratings() == before
