"""HTTP routes: /api/messages, /healthz, /readyz.

/api/messages is written around adapter.process_activity() instead of
CloudAdapter.process(): in botbuilder 4.17.x process() answers 500 for every
invoke whose handler returns a body (messaging-extension queries,
Action.Execute), because the body is serialised twice. Here the body is
serialised once, and bad requests get a 4xx, never a 500.

botbuilder 4.17 also answers a malformed adaptiveCard/action invoke with an
AdaptiveCardInvokeResponse whose value is an Exception(code, message), which
msrest cannot serialise; it goes out as Teams' error shape {code, message}.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, AdaptiveCardInvokeResponse
from msrest.serialization import Model

from core.inbound import MalformedInput, clean_activity, read_json

log = logging.getLogger("samverkan.http")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _bad_request(reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=400)


def parse_activity(raw: bytes) -> Activity | web.Response:
    """The activity in a request body, bounded and cleaned (core.inbound), or the 400
    response explaining what is wrong."""
    try:
        body = read_json(raw)
    except MalformedInput as error:
        return _bad_request(str(error))
    if not isinstance(body, dict) or not isinstance(body.get("type"), str) or not body["type"]:
        return _bad_request("the body is not an activity (no type)")
    conversation = body.get("conversation")
    if not isinstance(conversation, dict) or not isinstance(conversation.get("id"), str):
        return _bad_request("the activity has no conversation id")
    channel_id = body.get("channelId")
    if not isinstance(channel_id, str) or not channel_id.strip():
        return _bad_request("the activity has no channelId")
    service_url = body.get("serviceUrl")
    if not isinstance(service_url, str) or not service_url.startswith(("https://", "http://")):
        return _bad_request("the activity has no valid serviceUrl")
    sender = body.get("from")
    if not isinstance(sender, dict) or not isinstance(sender.get("id"), str) or not sender["id"]:
        # Every Bot Framework activity names its sender; state is kept per sender.
        return _bad_request("the activity has no sender")
    try:
        body = clean_activity(body)
    except MalformedInput as error:
        return _bad_request(str(error))
    try:
        activity = Activity().deserialize(body)
    except Exception:  # msrest raises several types for shapes it cannot read
        return _bad_request("the activity could not be read")
    if not activity.conversation or not activity.conversation.id:
        return _bad_request("the activity has no conversation id")
    return activity


def _serialise_body(body: Any) -> Any:
    if isinstance(body, AdaptiveCardInvokeResponse) and isinstance(body.value, Exception):
        return {
            "statusCode": int(body.status_code),
            "type": body.type,
            "value": _error_value(body.value),
        }
    if isinstance(body, Model):
        return body.serialize()
    if isinstance(body, list):
        return [_serialise_body(item) for item in body]
    return body


def _error_value(error: Exception) -> dict[str, str]:
    """Exception("BadRequest", "Missing action property") -> {"code": …, "message": …}."""
    if len(error.args) >= 2:
        return {"code": str(error.args[0]), "message": str(error.args[1])}
    return {"code": "BadRequest", "message": str(error)}


def messages_route(adapter: CloudAdapter, bot: Bot) -> Handler:
    async def messages(request: web.Request) -> web.StreamResponse:
        if request.content_type != "application/json":
            return web.json_response({"error": "expected application/json"}, status=415)
        parsed = parse_activity(await request.read())
        if isinstance(parsed, web.Response):
            return parsed
        activity = parsed
        auth_header = request.headers.get("Authorization", "")
        try:
            auth = await adapter.bot_framework_authentication.authenticate_request(
                activity, auth_header
            )
        except Exception as exc:  # any failure to authenticate is a 401, whatever raised it
            log.warning("unauthenticated request refused (%s)", type(exc).__name__)
            return web.json_response({"error": "unauthorized"}, status=401)
        invoke_response = await adapter.process_activity(auth, activity, bot.on_turn)
        if invoke_response is not None:
            body = _serialise_body(invoke_response.body)
            if body is None:
                return web.Response(status=invoke_response.status)
            return web.json_response(body, status=invoke_response.status)
        return web.Response(status=200)

    return messages


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def readyz_route(check: Callable[[], Awaitable[dict[str, Any]]]) -> Handler:
    async def readyz(_request: web.Request) -> web.Response:
        checks = await check()
        ready = all(value is True for key, value in checks.items() if key.endswith("_ok"))
        return web.json_response(
            {"status": "ready" if ready else "not ready", **checks}, status=200 if ready else 503
        )

    return readyz


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """No stack trace or internal detail ever reaches a caller."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return web.json_response({"error": "internal error"}, status=500)
