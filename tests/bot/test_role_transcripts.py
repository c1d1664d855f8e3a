"""`roller` in chat: everyone sees their own roles; a system admin grants and
revokes, and what a role allows changes at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import select

from bot.services import Services
from storage import directory_repository as directory_repo
from storage.audit_repository import audit_events
from storage.models import Agency, StaffUser, Unit
from tests.bot.conftest import Chat

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def _unit(services: Services, name: str) -> None:
    async with services.db.session() as session:
        town = name.split()[-1]
        agency = Agency(name=f"{town} kommun", short_name=town, kind="kommun")
        session.add(agency)
        await session.flush()
        session.add(Unit(agency_id=agency.id, name=name))


def _as(chat: Chat, aad: str, name: str) -> Chat:
    """Give the chat's user an Entra object id and a name of their own."""
    sender = chat.adapter.template.from_property
    sender.aad_object_id, sender.name = aad, name
    return chat


async def _make_admin(services: Services, principal: str) -> None:
    async with services.db.session() as session:
        await directory_repo.grant_role(session, principal, "system_admin", NOW, "test")


async def test_staff_see_their_own_roles_and_may_not_grant(
    services: Services, new_chat: Callable[..., Chat]
) -> None:
    anna = _as(new_chat(), "aad-anna", "Anna Berg")

    assert await anna.texts("roller") == [
        "Du har inga särskilda roller, bara dina vårdteam. En systemadministratör ger roller."
    ]
    assert await anna.texts("roller ge aad-anna systemadmin") == [
        "Bara en systemadministratör kan ge och ta bort roller. Skriv **roller** för att se "
        "dina egna."
    ]
    async with services.db.session() as session:
        [refused] = await audit_events(session, action="role.grant")
        roles = await directory_repo.roles_of(session, ["aad-anna"])
    assert (refused.outcome, refused.detail) == ("refused", "not_system_admin")
    assert roles == set()


async def test_an_admin_grants_a_unit_role_that_works_at_once_and_revokes_it(
    services: Services, new_chat: Callable[..., Chat]
) -> None:
    await _unit(services, "Boendestöd Kumla")
    await _make_admin(services, "aad-anna")
    anna = _as(new_chat(), "aad-anna", "Anna Berg")
    bo = _as(new_chat(user_id="29:user-bo"), "aad-bo", "Bo Ek")
    await bo.send("hej")  # the bot knows Bo from now on

    assert await bo.texts("ny klient K-3000") == [
        "Nya klienter läggs upp av enhetens verksamhetssamordnare. Du är inte "
        "verksamhetssamordnare för någon enhet här; en systemadministratör kan ge dig rollen."
    ]
    assert await anna.texts("roller ge aad-bo verksamhetssamordnare boendestöd") == [
        "Klart: Bo Ek är nu verksamhetssamordnare i Boendestöd Kumla."
    ]
    assert await anna.texts("roller ge aad-bo samordnare Boendestöd Kumla") == [
        "Bo Ek var redan verksamhetssamordnare i Boendestöd Kumla."
    ]
    [created] = await bo.texts("ny klient K-3000")
    assert created.startswith("Klienten K-3000 är upplagd")
    assert await bo.texts("roller") == [
        "**Dina roller**\n- verksamhetssamordnare i Boendestöd Kumla"
    ]
    [listing] = await anna.texts("roller")
    assert listing.splitlines()[:3] == [
        "**Roller**",
        "- systemadministratör: aad-anna",
        "- verksamhetssamordnare i Boendestöd Kumla: Bo Ek",
    ]

    assert await anna.texts("roller ta bort aad-bo samordnare Boendestöd") == [
        "Klart: Bo Ek är inte längre verksamhetssamordnare i Boendestöd Kumla."
    ]
    assert (await bo.texts("ny klient K-3001"))[0].startswith("Nya klienter läggs upp")
    async with services.db.session() as session:
        events = await audit_events(session, action="role.grant")
        bo_id = await session.scalar(
            select(StaffUser.id).where(StaffUser.aad_object_id == "aad-bo")
        )
    assert [(e.outcome, e.role) for e in events] == [("ok", "system_admin")] * 2
    assert bo_id is not None


async def test_grants_in_english_and_global_roles_without_a_unit(
    services: Services, new_chat: Callable[..., Chat]
) -> None:
    await _unit(services, "Boendestöd Kumla")
    await _make_admin(services, "aad-anna")
    anna = _as(new_chat(locale="en-US"), "aad-anna", "Anna Berg")
    bo = _as(new_chat(user_id="29:user-bo"), "aad-bo", "Bo Ek")
    await bo.send("hej")

    assert await anna.texts("roles grant aad-bo unit manager Boendestöd") == [
        "Done: Bo Ek is now unit manager in Boendestöd Kumla."
    ]
    # Global roles go by e-mail or object id, also for someone who never wrote.
    assert await anna.texts("roles grant Eva.Lind@Kumla.se directory admin") == [
        "Done: eva.lind@kumla.se is now directory admin."
    ]
    async with services.db.session() as session:
        assert await directory_repo.roles_of(session, ["eva.lind@kumla.se"]) == {"directory_admin"}


async def test_mistakes_get_a_clear_answer_and_change_nothing(
    services: Services, new_chat: Callable[..., Chat]
) -> None:
    await _unit(services, "Boendestöd Kumla")
    await _unit(services, "Boendestöd Hallsberg")
    await _make_admin(services, "aad-anna")
    anna = _as(new_chat(), "aad-anna", "Anna Berg")

    answers = {
        typed: (await anna.texts(typed))[0]
        for typed in (
            "roller ge aad-anna kock Boendestöd",
            "roller ge okand@kumla.se samordnare Boendestöd Kumla",
            "roller ge aad-anna samordnare",
            "roller ge aad-anna samordnare Boendestöd",
            "roller ge aad-anna samordnare Äldreboende",
            "roller ge aad-anna systemadmin Boendestöd Kumla",
            "roller ta bort aad-anna systemadmin",
            "roller baka",
        )
    }

    assert answers == {
        "roller ge aad-anna kock Boendestöd": "Jag känner inte igen rollen. Välj "
        "verksamhetssamordnare, enhetschef, katalogadmin eller systemadmin.",
        "roller ge okand@kumla.se samordnare Boendestöd Kumla": "Ingen med okand@kumla.se har "
        "skrivit till mig än. Be personen skriva **hej** till mig först, så kan du ge rollen "
        "sedan.",
        "roller ge aad-anna samordnare": "Vilken enhet? Verksamhetssamordnare och "
        "enhetschef gäller en enhet, t.ex. **… verksamhetssamordnare Socialpsykiatri**.",
        "roller ge aad-anna samordnare Boendestöd": "Flera enheter passar: Boendestöd "
        "Hallsberg, Boendestöd Kumla. Skriv mer av namnet.",
        "roller ge aad-anna samordnare Äldreboende": "Jag hittar ingen enhet Äldreboende. "
        "Enheterna: Boendestöd Hallsberg, Boendestöd Kumla.",
        "roller ge aad-anna systemadmin Boendestöd Kumla": "Den rollen gäller hela boten, inte "
        "en enhet. Skriv den utan enhet.",
        "roller ta bort aad-anna systemadmin": "Det är den sista systemadministratören. Ge "
        "rollen till någon annan först.",
        "roller baka": answers["roller baka"],
    }
    assert answers["roller baka"].startswith("Så här: **roller** visar rollerna.")
    async with services.db.session() as session:
        assert await directory_repo.roles_of(session, ["aad-anna"]) == {"system_admin"}
