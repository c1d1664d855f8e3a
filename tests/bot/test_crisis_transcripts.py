"""`krisplan` in chat: a coordinator writes the plan, the team reads it with whom to
call now first; refusals, an interruption mid-edit and a personnummer never echoed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.services import Services
from core.clock import FrozenClock
from storage.audit_repository import audit_events
from storage.models import Agency, CareTeamMember, Client, CrisisPlan, StaffUser, Unit, UnitRole
from tests.bot.conftest import Chat, card_of, text_of
from tests.support import rows

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
PNR = "19121212-1212"
SIGNS = "Sover dåligt flera nätter\nSlutar svara i telefon"
STEPS = "Kontaktpersonen ringer samma dag; Samordnaren kallar resursgruppen"
OWN = "Prata lugnt med mig. En promenad hjälper."
CONTACTS = (
    "Mamma Eva, 070-123 45 67, kväll och natt\n"
    "Boendestödet, 019-21 10 00, dag\n"
    "Mobila teamet Örebro, dygnet runt"
)


async def _id(services: Services, teams_id: str) -> int:
    async with services.db.session() as session:
        found = await session.scalar(
            select(StaffUser.id).where(StaffUser.teams_user_id == teams_id)
        )
    assert found is not None
    return found


async def _client(services: Services, people: dict[str, str]) -> None:
    """K-1042 in Boendestöd; people: teams id -> care-team role, "coordinator" (of the
    unit) or "unit_manager"."""
    async with services.db.session() as session:
        agency = Agency(name="Örebro kommun", short_name="Örebro", kind="kommun")
        session.add(agency)
        await session.flush()
        unit = Unit(agency_id=agency.id, name="Boendestöd")
        session.add(unit)
        await session.flush()
        client = Client(
            code="K-1042", kind="person", unit_id=unit.id, status="active", created_at=NOW
        )
        session.add(client)
        await session.flush()
        await rows.contact(session, "Mobila teamet Örebro")
    for teams_id, role in people.items():
        user = await _id(services, teams_id)
        async with services.db.session() as session:
            if role in ("coordinator", "unit_manager"):
                session.add(UnitRole(unit_id=unit.id, staff_user_id=user, role=role, added_at=NOW))
            else:
                session.add(
                    CareTeamMember(client_id=client.id, staff_user_id=user, role=role, added_at=NOW)
                )


async def _plans(services: Services) -> int:
    async with services.db.session() as session:
        return await session.scalar(select(func.count()).select_from(CrisisPlan)) or 0


async def _chats(
    services: Services, new_chat: Callable[..., Chat], locale: str = "sv-SE"
) -> tuple[Chat, Chat, Chat]:
    anna = new_chat(locale=locale)  # the client's samordnare
    bo = new_chat(locale=locale, user_id="29:user-bo")  # in the care team
    cia = new_chat(locale=locale, user_id="29:user-cia")  # a stranger
    for chat in (anna, bo, cia):
        await chat.send("hej")
    await _client(services, {"29:user-anna": "samordnare", "29:user-bo": "kontaktperson"})
    return anna, bo, cia


async def _write(anna: Chat, word: str = "krisplan K-1042 ändra") -> list[str | None]:
    replies = []
    for message in (word, SIGNS, STEPS, OWN, CONTACTS):
        replies = await anna.texts(message)
    return replies


async def test_a_coordinator_writes_it_and_the_team_reads_who_to_call_now_first(
    services: Services, new_chat: Callable[..., Chat]
) -> None:
    anna, bo, _cia = await _chats(services, new_chat)

    assert await bo.texts("krisplan K-1042") == [
        "[card] Krisplan för K-1042\nK-1042 har ingen krisplan än.\n"
        "Be samordnaren i vårdteamet skriva den (**krisplan K-1042 ändra**)."
    ]
    assert await anna.texts("krisplan K-1042") == [
        "[card] Krisplan för K-1042\nK-1042 har ingen krisplan än.\n"
        "Du är samordnare: skriv den med **krisplan K-1042 ändra**."
    ]
    assert await anna.texts("krisplan K-1042 ändra") == [
        "Krisplan för K-1042. **Tidiga tecken**: vad visar att det börjar gå åt fel håll? "
        "Ett tecken per rad (eller skilj med ;)."
    ]
    assert await anna.texts(SIGNS) == [
        "**Vad gör vi** när tecknen syns? Ett steg per rad, i ordning."
    ]
    assert await anna.texts(STEPS) == [
        "**Vad hjälper mig**, med personens egna ord? Skriv **-** om ni hoppar över det."
    ]
    [contacts_question] = await anna.texts(OWN)
    assert contacts_question is not None and contacts_question.startswith("**Vem ringer vi**")
    saved, card = await anna.texts(CONTACTS)
    assert saved == "Krisplanen för K-1042 är sparad."

    # 10:00 in Stockholm: the day's contacts first, in the plan's order.
    [shown] = await bo.send("krisplan K-1042")
    assert (
        text_of(shown)
        == card
        == (
            "[card] Krisplan för K-1042\n"
            "Ring nu (dag)\n"
            "**Boendestödet** – [019-21 10 00](tel:+4619211000) · dag\n"
            "**Mobila teamet Örebro** · dygnet runt (katalogen)\n"
            "Andra tider\n"
            "**Mamma Eva** – [070-123 45 67](tel:+46701234567) · kväll, natt\n"
            "Tidiga tecken\n- Sover dåligt flera nätter\n- Slutar svara i telefon\n"
            "Vad gör vi\n1. Kontaktpersonen ringer samma dag\n2. Samordnaren kallar resursgruppen\n"
            "Vad hjälper mig (med egna ord)\n_Prata lugnt med mig. En promenad hjälper._\n"
            "Senast ändrad 2026-11-22 av Anna Berg."
        )
    )
    assert card_of(shown)["actions"] == []  # a reader gets no edit button
    [own] = await anna.send("krisplan K-1042")
    assert [a["title"] for a in card_of(own)["actions"]] == ["Ändra"]

    async with services.db.session() as session:
        events = await audit_events(session, client_code="K-1042")
    assert [(e.action, e.outcome, e.role) for e in reversed(events)] == [
        ("crisis_plan.read", "ok", "kontaktperson"),
        ("crisis_plan.read", "ok", "samordnare"),
        ("crisis_plan.read", "ok", "samordnare"),  # to edit
        ("crisis_plan.write", "ok", "samordnare"),
        ("crisis_plan.read", "ok", "kontaktperson"),
        ("crisis_plan.read", "ok", "samordnare"),
    ]


async def test_at_night_the_night_contacts_come_first(
    services: Services, new_chat: Callable[..., Chat], clock: FrozenClock
) -> None:
    anna, bo, _cia = await _chats(services, new_chat)
    await _write(anna)
    clock.set(datetime(2026, 11, 22, 23, 30, tzinfo=UTC))  # 00:30 in Stockholm

    [card] = await bo.texts("krisplan K-1042")
    assert card is not None
    assert card.split("\nTidiga tecken")[0] == (
        "[card] Krisplan för K-1042\n"
        "Ring nu (natt)\n"
        "**Mamma Eva** – [070-123 45 67](tel:+46701234567) · kväll, natt\n"
        "**Mobila teamet Örebro** · dygnet runt (katalogen)\n"
        "Andra tider\n"
        "**Boendestödet** – [019-21 10 00](tel:+4619211000) · dag"
    )


async def test_readers_may_not_edit_and_strangers_cannot_tell_the_code_exists(
    services: Services, new_chat: Callable[..., Chat]
) -> None:
    _anna, bo, cia = await _chats(services, new_chat)

    assert await bo.texts("krisplan K-1042 ändra") == [
        "Bara samordnaren i vårdteamet och verksamhetssamordnarna kan ändra krisplanen. Du "
        "kan läsa den med **krisplan K-1042**."
    ]
    theirs = await cia.texts("krisplan K-1042")
    unknown = await cia.texts("krisplan K-9999")
    assert theirs == [t.replace("K-9999", "K-1042") for t in unknown if t]
    assert await cia.texts("krisplan K-1042 ändra") == theirs
    assert await _plans(services) == 0
    async with services.db.session() as session:
        refused = await audit_events(session, action="crisis_plan.read")
    assert [(e.outcome, e.client_code) for e in reversed(refused)] == [
        ("refused", "K-1042"),
        ("refused", "K-1042"),
        ("refused", "K-9999"),
        ("refused", "K-1042"),
    ]


async def test_a_command_mid_edit_interrupts_and_the_edit_waits(
    services: Services, new_chat: Callable[..., Chat]
) -> None:
    anna, _bo, _cia = await _chats(services, new_chat)
    await anna.send("krisplan K-1042 ändra")
    await anna.send(SIGNS)

    found, aside = await anna.texts("vem mobila")
    assert found is not None and found.startswith("[card] Träffar för ”mobila”")
    assert aside == "[card] Du höll på att skriva krisplanen för K-1042 – det ligger kvar."
    assert await _plans(services) == 0
    assert await anna.texts("fortsätt") == [
        "Vi fortsätter: skriva krisplanen för K-1042.",
        "**Vad gör vi** när tecknen syns? Ett steg per rad, i ordning.",
    ]
    for message in (STEPS, OWN):
        await anna.send(message)
    saved, _card = await anna.texts(CONTACTS)
    assert saved == "Krisplanen för K-1042 är sparad."
    assert await _plans(services) == 1


async def test_a_personnummer_is_refused_and_never_echoed_or_stored(
    services: Services, new_chat: Callable[..., Chat]
) -> None:
    anna, _bo, _cia = await _chats(services, new_chat)
    await anna.send("krisplan K-1042 ändra")
    answers = []
    for message in (f"Sover dåligt {PNR}", SIGNS, f"Ring {PNR}", STEPS, "-"):
        answers += await anna.texts(message)
    answers += await anna.texts(f"Mamma Eva {PNR}, 070-123 45 67, natt")
    answers += await anna.texts("avbryt")

    refusal = (
        "Det ser ut som ett personnummer. Skriv aldrig personnummer i krisplanen – klienten "
        "heter sin kod. Skriv om utan det."
    )
    assert answers.count(refusal) == 3
    assert not [a for a in answers if a and (PNR in a or "1212" in a)]
    assert await _plans(services) == 0


async def test_keeping_what_is_there(services: Services, new_chat: Callable[..., Chat]) -> None:
    anna, _bo, _cia = await _chats(services, new_chat)
    await _write(anna)
    [question] = await anna.texts("krisplan K-1042 ändra")
    assert question is not None and question.endswith(
        "Skriv **behåll** för att behålla det som står nu."
    )
    for message in ("Drar sig undan", "behåll", "behåll"):
        await anna.send(message)
    saved, card = await anna.texts("behåll")
    assert saved == "Krisplanen för K-1042 är sparad."
    assert card is not None
    assert "Tidiga tecken\n- Drar sig undan\nVad gör vi\n1. Kontaktpersonen" in card
    assert "**Mobila teamet Örebro** · dygnet runt (katalogen)" in card


async def test_in_english(services: Services, new_chat: Callable[..., Chat]) -> None:
    anna, bo, _cia = await _chats(services, new_chat, locale="en-US")

    assert await anna.texts("crisis plan K-1042 edit") == [
        "Crisis plan for K-1042. **Early signs**: what shows that things are going the wrong "
        "way? One sign per line (or separate with ;)."
    ]
    assert await anna.texts(f"Sleeps badly {PNR}") == [
        "That looks like a personal identity number. Never put one in the crisis plan – the "
        "client is known by their code. Write it again without it."
    ]
    for message in ("Sleeps badly\nStops answering the phone", "Call the same day", "-"):
        await anna.send(message)
    saved, _card = await anna.texts(
        "Mum Eva, 070-123 45 67, evening and night\nMobila teamet Örebro, around the clock"
    )
    assert saved == "The crisis plan for K-1042 is saved."
    [card] = await bo.texts("crisisplan K-1042")
    assert card == (
        "[card] Crisis plan for K-1042\n"
        "Call now (day)\n"
        "**Mobila teamet Örebro** · around the clock (directory)\n"
        "Other times\n"
        "**Mum Eva** – [070-123 45 67](tel:+46701234567) · evening, night\n"
        "Early signs\n- Sleeps badly\n- Stops answering the phone\n"
        "What we do\n1. Call the same day\n"
        "Last changed 2026-11-22 by Anna Berg."
    )
    assert await bo.texts("crisis plan K-1042 edit") == [
        "Only the care coordinator and the unit coordinators can change the crisis plan. "
        "You can read it with **crisis plan K-1042**."
    ]


async def test_help_topic_and_examples(services: Services, new_chat: Callable[..., Chat]) -> None:
    anna, _bo, _cia = await _chats(services, new_chat)
    [topic] = await anna.texts("hjälp krisplan")
    assert topic is not None and topic.startswith("[card] **krisplan K-1042** visar krisplanen")
    await anna.send("krisplan K-1042 ändra")
    eleven = "\n".join(f"tecken {n}" for n in range(11))
    await anna.send(eleven)
    replies = await anna.texts(eleven)
    assert any(r and r.startswith("[card] Till exempel:\nSover dåligt") for r in replies)
