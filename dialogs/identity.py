"""Who is writing, and from where, read off a Teams activity."""

from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from core.preferences import known_timezone
from storage.records import TeamsIdentity
from storage.staff_registry import ConversationSighting


def tenant_id_of(activity: Activity) -> str | None:
    """The AAD tenant. Taken from channelData.tenant.id: botbuilder-python's schema
    drops conversation.tenantId, and Teams always sends channelData.tenant."""
    channel_data = activity.channel_data
    if isinstance(channel_data, dict):
        tenant = channel_data.get("tenant")
        if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
            return tenant["id"].strip().lower() or None
    conversation = activity.conversation
    tenant_id = getattr(conversation, "tenant_id", None) if conversation else None
    return tenant_id.strip().lower() if isinstance(tenant_id, str) and tenant_id else None


def conversation_type_of(activity: Activity) -> str:
    conversation = activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    if kind:
        return str(kind)
    return "groupChat" if conversation and conversation.is_group else "personal"


def identity_of(activity: Activity) -> TeamsIdentity | None:
    sender = activity.from_property
    if sender is None or not sender.id:
        return None
    return TeamsIdentity(
        teams_user_id=sender.id,
        aad_object_id=sender.aad_object_id,
        tenant_id=tenant_id_of(activity),
        name=sender.name,
        locale=activity.locale,
        client_timezone=client_timezone_of(activity),
    )


def client_timezone_of(activity: Activity) -> str | None:
    """The zone the Teams client runs in: localTimezone, or a clientInfo entity."""
    zone = known_timezone(activity.local_timezone)
    if zone:
        return zone
    for entity in activity.entities or []:
        if getattr(entity, "type", None) == "clientInfo":
            properties = getattr(entity, "additional_properties", None) or {}
            zone = known_timezone(properties.get("timezone"))
            if zone:
                return zone
    return None


def reference_dict(activity: Activity) -> dict:
    """A serialisable conversation reference for proactive messages.

    Without the incoming activity's id: a proactive message replies to nothing,
    and leaving it out keeps the reference the same from one turn to the next."""
    reference = TurnContext.get_conversation_reference(activity)
    reference.activity_id = None
    return reference.serialize()


def sighting_of(activity: Activity) -> ConversationSighting:
    return ConversationSighting(
        conversation_id=activity.conversation.id,
        conversation_type=conversation_type_of(activity),
        tenant_id=tenant_id_of(activity),
        service_url=activity.service_url,
        channel_id=activity.channel_id or "msteams",
        reference=reference_dict(activity),
    )


def mentioned_people(context: TurnContext) -> dict[str, str]:
    """{name: Teams user id} for everyone @mentioned except the bot."""
    bot_id = context.activity.recipient.id if context.activity.recipient else None
    people: dict[str, str] = {}
    for entity in context.activity.entities or []:
        if getattr(entity, "type", None) != "mention":
            continue
        mentioned = (getattr(entity, "additional_properties", None) or {}).get("mentioned") or {}
        if isinstance(mentioned, dict) and mentioned.get("id") and mentioned.get("id") != bot_id:
            people[str(mentioned.get("name") or "").strip()] = str(mentioned["id"])
    return people
