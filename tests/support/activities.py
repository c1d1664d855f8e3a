"""Teams-shaped activities for tests and benchmarks."""

from __future__ import annotations

import itertools
from typing import Any

TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
BOT_ID = "28:samverkansboten-local"
_ids = itertools.count(1)


def teams_activity(
    service_url: str,
    *,
    type: str = "message",
    text: str | None = None,
    user_id: str = "29:user-anna",
    user_name: str = "Anna Berg",
    aad_object_id: str | None = "00000000-0000-0000-0000-00000000a11a",
    conversation_id: str | None = None,
    conversation_type: str = "personal",
    locale: str = "sv-SE",
    tenant_id: str = TENANT_ID,
    **extra: Any,
) -> dict[str, Any]:
    conversation_id = conversation_id or f"a:conv-{user_id}"
    activity: dict[str, Any] = {
        "type": type,
        "id": f"incoming-{next(_ids)}",
        "timestamp": "2026-11-22T08:00:00.000Z",
        "serviceUrl": service_url,
        "channelId": "msteams",
        "from": {"id": user_id, "name": user_name, "aadObjectId": aad_object_id},
        "conversation": {
            "id": conversation_id,
            "conversationType": conversation_type,
            "tenantId": tenant_id,
            "isGroup": conversation_type != "personal",
        },
        "recipient": {"id": BOT_ID, "name": "Samverkansboten"},
        "channelData": {"tenant": {"id": tenant_id}},
        "locale": locale,
    }
    if text is not None:
        activity["text"] = text
    activity.update(extra)
    return activity
