"""Files in `samverkan chat`: what Teams does with pictures and file cards, locally.

- An attachment with a data: URL (a chart PNG) is written to the files directory
  and shown as its path.
- A file-consent card (exportera) becomes "Tillåt / Avböj". Tillåt plays Teams'
  and OneDrive's part: a one-off HTTP server on 127.0.0.1 takes the bot's PUT, as
  OneDrive's upload URL would, and writes the file to the files directory; then the
  bot gets the same fileConsent/invoke that Teams sends. The bot's real upload code
  runs, over real HTTP.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiohttp import web

_SAFE_NAME = re.compile(r"[^A-Za-z0-9ÅÄÖåäö._-]+")
MAX_UPLOAD = 20 * 1024 * 1024


def safe_name(name: str) -> str:
    """A file name with no directories and nothing odd in it."""
    cleaned = _SAFE_NAME.sub("_", Path(name or "fil").name).strip("._") or "fil"
    return cleaned[:120]


def save_data_url(url: str, name: str, directory: Path) -> Path | None:
    """Write a base64 data: URL to directory/name; None when it is not one."""
    head, _, payload = url.partition(",")
    if not head.startswith("data:") or not head.endswith(";base64"):
        return None
    try:
        content = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        return None
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / safe_name(name)
    path.write_bytes(content)
    return path


def embedded_files(activity: Any) -> list[tuple[str, str]]:
    """(data: URL, name) of every attachment and every card Image that carries one."""
    found: list[tuple[str, str]] = []
    for attachment in activity.attachments or []:
        url = attachment.content_url or ""
        if url.startswith("data:"):
            found.append((url, attachment.name or "fil"))
        content = attachment.content
        if isinstance(content, dict):
            _images(content.get("body", []), found)
    return found


def _images(elements: list[Any], found: list[tuple[str, str]]) -> None:
    for element in elements:
        if not isinstance(element, dict):
            continue
        url = str(element.get("url") or "")
        if element.get("type") == "Image" and url.startswith("data:"):
            found.append((url, str(element.get("altText") or "bild.png")))
        for key in ("items", "columns"):
            _images(element.get(key) or [], found)


@asynccontextmanager
async def local_upload(name: str, directory: Path) -> AsyncIterator[dict[str, Any]]:
    """A loopback upload URL for one file, as the uploadInfo of a fileConsent/invoke."""
    target = directory / safe_name(name)
    token = uuid.uuid4().hex

    async def put(request: web.Request) -> web.Response:
        if request.match_info["token"] != token:
            return web.Response(status=404)
        body = await request.read()
        directory.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        return web.Response(status=201)

    app = web.Application(client_max_size=MAX_UPLOAD)
    app.router.add_put("/upload/{token}", put)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield {
            "name": target.name,
            "uploadUrl": f"http://127.0.0.1:{port}/upload/{token}",
            "contentUrl": target.resolve().as_uri(),
            "uniqueId": token,
            "fileType": target.suffix.lstrip(".") or "bin",
        }
    finally:
        await runner.cleanup()
