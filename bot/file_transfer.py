"""Files to and from the user: a CSV offered for download, a CSV sent to the bot.

Teams (1:1 chat) offers a file with a file consent card; when the user accepts,
Teams gives an upload URL in their OneDrive, the bot PUTs the bytes there and
answers with a file info card. Other channels (the terminal chat, the Emulator)
get the file inline as a data: URL. A file the user sends arrives in Teams as a
"file.download.info" attachment with a short-lived download URL, elsewhere with a
content URL (http(s) or data:).
"""

from __future__ import annotations

import base64
import binascii
import logging
from typing import Any

import aiohttp
from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import Attachment
from botbuilder.schema.teams import FileConsentCardResponse

log = logging.getLogger("samverkan.files")

FILE_CONSENT = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO = "application/vnd.microsoft.teams.card.file.info"
FILE_DOWNLOAD = "application/vnd.microsoft.teams.file.download.info"
UPLOAD_TIMEOUT = aiohttp.ClientTimeout(total=30)


class FileTooLarge(ValueError):
    pass


async def offer_file(
    context: TurnContext,
    *,
    filename: str,
    content: bytes,
    consent_text: str,
    consent_context: dict[str, Any],
    sent_text: str,
    content_type: str = "text/csv",
) -> None:
    """Offer a CSV: a consent card in Teams, the file inline elsewhere."""
    if context.activity.channel_id == "msteams":
        card = {
            "description": consent_text,
            "sizeInBytes": len(content),
            "acceptContext": consent_context,
            "declineContext": consent_context,
        }
        await context.send_activity(
            MessageFactory.attachment(
                Attachment(content_type=FILE_CONSENT, name=filename, content=card)
            )
        )
        return
    encoded = base64.b64encode(content).decode("ascii")
    activity = MessageFactory.text(sent_text)
    activity.attachments = [
        Attachment(
            content_type=content_type,
            content_url=f"data:{content_type};base64,{encoded}",
            name=filename,
        )
    ]
    await context.send_activity(activity)


async def upload_consented(
    response: FileConsentCardResponse, content: bytes, what: str
) -> Attachment | None:
    """PUT the file to the upload URL the user agreed to; the file info card to
    answer with, or None when the upload failed (logged with `what`, not the data)."""
    upload = response.upload_info
    if upload is None or not upload.upload_url:
        return None
    size = len(content)
    try:
        async with (
            aiohttp.ClientSession(timeout=UPLOAD_TIMEOUT) as session,
            session.put(
                upload.upload_url,
                data=content,
                headers={
                    "Content-Length": str(size),
                    "Content-Range": f"bytes 0-{size - 1}/{size}",
                },
            ) as reply,
        ):
            if reply.status >= 300:
                raise aiohttp.ClientResponseError(reply.request_info, (), status=reply.status)
    except (aiohttp.ClientError, TimeoutError):
        log.warning("upload of %s failed", what, exc_info=True)
        return None
    return Attachment(
        content_type=FILE_INFO,
        content_url=upload.content_url,
        name=upload.name,
        content={"uniqueId": upload.unique_id, "fileType": upload.file_type},
    )


def sent_file(attachments: list[Attachment] | None) -> Attachment | None:
    """The first file attachment a user sent (Teams file, or any content URL)."""
    for attachment in attachments or []:
        if attachment.content_type == FILE_DOWNLOAD:
            return attachment
        url = attachment.content_url or ""
        if url.startswith(("data:", "http://", "https://")) and (
            (attachment.name or "").lower().endswith((".csv", ".txt"))
            or (attachment.content_type or "").startswith("text/")
        ):
            return attachment
    return None


async def download(attachment: Attachment, limit: int) -> bytes:
    """The bytes of a sent file, at most `limit` (FileTooLarge beyond); raises
    aiohttp.ClientError, TimeoutError or ValueError when it cannot be fetched."""
    url = attachment.content_url or ""
    if attachment.content_type == FILE_DOWNLOAD and isinstance(attachment.content, dict):
        url = str(attachment.content.get("downloadUrl") or "")
    if url.startswith("data:"):
        header, _, payload = url.partition(",")
        try:
            data = (
                base64.b64decode(payload, validate=True)
                if header.endswith(";base64")
                else payload.encode()
            )
        except binascii.Error as error:
            raise ValueError("bad data URL") from error
        if len(data) > limit:
            raise FileTooLarge(len(data))
        return data
    if not url.startswith(("https://", "http://")):
        raise ValueError("no download URL")
    async with (
        aiohttp.ClientSession(timeout=UPLOAD_TIMEOUT) as session,
        session.get(url) as reply,
    ):
        reply.raise_for_status()
        if reply.content_length is not None and reply.content_length > limit:
            raise FileTooLarge(reply.content_length)
        data = await reply.content.read(limit + 1)
        if len(data) > limit:
            raise FileTooLarge(len(data))
        return data
