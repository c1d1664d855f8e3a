"""SSD conversations with the real bot on demo data (local mode puts the person
chatting in the demo care teams): the rating card, the text form, back-filling,
replacing, mistakes, refusals, the chart and the coordinator commands."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from botbuilder.schema import Activity, ActivityTypes
from PIL import Image
from sqlalchemy import select

from bot.services import Services, build_services
from core.config import Config
from storage import ssd_repository as ssd_repo
from storage.models import Client, Rating, StaffUser, Target
from tests.bot.conftest import Chat, card_of, text_of

TODAY = date(2026, 11, 22)  # the clock fixture: Sunday 10:00 in Stockholm


@pytest.fixture
def new_demo_chat(demo: Services) -> Callable[..., Chat]:
    def _new(locale: str = "sv-SE", user_id: str = "29:user-anna") -> Chat:
        return Chat(demo, locale=locale, user_id=user_id)

    return _new


@pytest.fixture
def chat(new_demo_chat: Callable[..., Chat]) -> Chat:
    return new_demo_chat()


async def _values(services: Services, target: str, day: date) -> list[float]:
    async with services.db.session() as session:
        rows = await session.scalars(
            select(Rating.value)
            .join(Target, Target.id == Rating.target_id)
            .where(Target.name == target, Rating.slot_date == day)
        )
        return list(rows)


async def _delete(services: Services, target: str, day: date) -> None:
    async with services.db.session() as session:
        target_id = await session.scalar(select(Target.id).where(Target.name == target))
        await session.execute(
            Rating.__table__.delete().where(Rating.target_id == target_id, Rating.slot_date == day)
        )


async def _target_id(services: Services, name: str) -> int:
    async with services.db.session() as session:
        found = await session.scalar(select(Target.id).where(Target.name == name))
    assert found is not None
    return found


def _submit(value: dict[str, Any]) -> Activity:
    return Activity(type=ActivityTypes.message, value=value)


# -- the text form ---------------------------------------------------------------------


async def test_text_form_saves_and_shows_the_last_seven(chat: Chat, demo: Services) -> None:
    await _delete(demo, "ångest", TODAY)
    [reply] = await chat.texts("skatta K-1001 ångest 6")
    lines = reply.splitlines()
    assert lines[0] == "Sparat för K-1001, 2026-11-22:"
    assert lines[1].startswith("- **ångest** 6 · senaste: ")
    recent = lines[1].split("senaste: ")[1].split(" · ")
    assert len(recent) == 8 and recent[-1] == "**6**"
    assert await _values(demo, "ångest", TODAY) == [6.0]


async def test_back_filling_yesterday(chat: Chat, demo: Services) -> None:
    await _delete(demo, "sömn", date(2026, 11, 21))
    [reply] = await chat.texts("skatta k-1001 sömn 7 igår")
    assert reply.startswith("Sparat för K-1001, 2026-11-21:")
    assert await _values(demo, "sömn", date(2026, 11, 21)) == [7.0]


async def test_a_value_between_steps_is_refused(chat: Chat, demo: Services) -> None:
    await _delete(demo, "sömn", date(2026, 11, 21))
    assert await chat.texts("skatta K-1001 sömn 7,5 igår") == [
        "Värdet för sömn ligger inte på skalan. Välj ett värde från 0 till 10 (steg 1). "
        "Inget sparades."
    ]
    assert await _values(demo, "sömn", date(2026, 11, 21)) == []


async def test_replacing_asks_first_and_keeps_on_behåll(chat: Chat, demo: Services) -> None:
    [old] = await _values(demo, "ångest", TODAY)
    new = 10 - old
    replies = await chat.send(f"skatta K-1001 ångest {new:g}")
    card = card_of(replies[0])
    assert card["fallbackText"] == (
        f"Redan skattat\nångest 2026-11-22 har redan {old:g}. Ersätta med {new:g}?"
    )
    keep, replace = card["actions"][1], card["actions"][0]
    assert (replace["title"], keep["title"]) == ("Ersätt", "Behåll")
    assert await chat.texts(_submit(keep["data"])) == [
        "Okej, jag behöll de gamla värdena. Inget ändrades."
    ]
    assert await _values(demo, "ångest", TODAY) == [old]
    [saved] = await chat.texts(_submit(replace["data"]))
    assert f"**ångest** {new:g} (ersatte {old:g})" in saved
    assert await _values(demo, "ångest", TODAY) == [new]


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            "skatta K-1001 humör 5",
            "Jag hittar inget mål med det namnet. Målen är: ångest, sömn.",
        ),
        (
            "skatta K-1001 ångest 12",
            "Värdet för ångest ligger inte på skalan. Välj ett värde från 0 till 10 (steg 1). "
            "Inget sparades.",
        ),
        (
            "skatta K-1001 ångest 5 imorgon",
            "2026-11-23 har inte hänt än – skattningar gäller idag eller dagarna bakåt.",
        ),
        (
            "skatta K-1001 ångest 5 2026-11-01",
            "2026-11-01 är för länge sedan. Du kan fylla i högst 7 dagar bakåt.",
        ),
        (
            "skatta K-1001 ångest",
            "Vilket värde? Skriv ett värde efter målet, t.ex. **skatta K-1042 ångest 6**, eller "
            "bara **skatta K-1042** för formuläret.",
        ),
        (
            "skatta K-7777 ångest 5",
            "Jag hittar ingen K-7777 som du har tillgång till. Kontrollera koden, eller be "
            "samordnaren lägga till dig i vårdteamet.",
        ),
        (
            "skatta 19121212-1212 ångest 5",
            "Det ser ut som ett personnummer, så jag sparade ingenting. Skriv aldrig namn eller "
            "personnummer – använd koden, t.ex. K-1042.",
        ),
    ],
)
async def test_mistakes_get_a_clear_swedish_answer(chat: Chat, text: str, answer: str) -> None:
    assert await chat.texts(text) == [answer]


async def test_english_teams_gets_english(new_demo_chat: Callable[..., Chat]) -> None:
    chat = new_demo_chat(locale="en-US")
    assert await chat.texts("rate K-1001 anxiety 12") == [
        "I can't find a target by that name. The targets are: ångest, sömn."
    ]
    assert await chat.texts("rate K-1001 ångest 12") == [
        "The value for ångest is not on the scale. Choose a value from 0 to 10 (step 1). "
        "Nothing was saved."
    ]


# -- the card -------------------------------------------------------------------------


async def test_skatta_alone_offers_the_clients(chat: Chat) -> None:
    card = card_of((await chat.send("skatta"))[0])
    assert [a["data"]["command"] for a in card["actions"]] == ["skatta E-2001", "skatta K-1001"]


async def test_the_card_flow_with_back_fill_and_a_note(chat: Chat, demo: Services) -> None:
    replies = await chat.send("skatta K-1001")
    card = card_of(replies[0])
    inputs = {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}
    anxiety_id = await _target_id(demo, "ångest")
    sleep_id = await _target_id(demo, "sömn")
    assert set(inputs) == {"day", f"t{anxiety_id}", f"t{sleep_id}", "note"}
    days = [c["value"] for c in inputs["day"]["choices"]]
    assert days[0] == "2026-11-22" and days[-1] == "2026-11-15" and len(days) == 8
    scale = inputs[f"t{anxiety_id}"]["choices"]
    assert scale[0]["title"] == "0 – ingen ångest" and len(scale) == 11
    assert card["fallbackText"].startswith("Skatta K-1001\nFas B – DBT-färdighetsträning")

    await _delete(demo, "ångest", date(2026, 11, 19))
    await _delete(demo, "sömn", date(2026, 11, 19))
    submit = {
        **card["actions"][0]["data"],
        "day": "2026-11-19",
        f"t{anxiety_id}": "3",
        f"t{sleep_id}": "8",
        "note": "Sov efter promenad",
    }
    [reply] = await chat.texts(_submit(submit))
    assert reply.splitlines()[0] == "Sparat för K-1001, 2026-11-19:"
    assert "**ångest** 3" in reply and "**sömn** 8" in reply
    assert await _values(demo, "ångest", date(2026, 11, 19)) == [3.0]
    assert await _values(demo, "sömn", date(2026, 11, 19)) == [8.0]


async def test_a_card_with_one_bad_value_saves_nothing(chat: Chat, demo: Services) -> None:
    anxiety_id = await _target_id(demo, "ångest")
    sleep_id = await _target_id(demo, "sömn")
    await _delete(demo, "ångest", date(2026, 11, 20))
    await _delete(demo, "sömn", date(2026, 11, 20))
    submit = {
        "ssd_action": "rate",
        "client": "K-1001",
        "day": "2026-11-20",
        f"t{anxiety_id}": "4",
        f"t{sleep_id}": "elva",
    }
    assert await chat.texts(_submit(submit)) == [
        "Värdet för sömn ligger inte på skalan. Välj ett värde från 0 till 10 (steg 1). "
        "Inget sparades."
    ]
    assert await _values(demo, "ångest", date(2026, 11, 20)) == []
    submit[f"t{sleep_id}"] = ""
    submit["day"] = "2026-02-31"
    assert await chat.texts(_submit(submit)) == [
        "Jag kunde inte läsa dagen. Välj idag eller en av de 7 dagarna före. Inget sparades."
    ]
    submit.pop(f"t{anxiety_id}")
    submit["day"] = "2026-11-20"
    assert await chat.texts(_submit(submit)) == ["Välj minst ett värde innan du sparar."]
    assert await chat.texts(_submit({"ssd_action": "rate"})) == [
        "Formuläret gick inte att läsa. Skriv **skatta** och koden för ett nytt."
    ]


@pytest.mark.parametrize(
    "text",
    [
        "skatta K-1001 ångest 19121212-1212",
        "skatta K-1001 ångest 121212-1212",
        "skatta K-1001 ångest 1212121213",  # not a valid personnummer, still not repeated
        "skatta K-1001 1212121212",
        "skatta K-1001 121212-1213 5",
        "skatta K-1001 ångest 5 121212-1213",
        "skatta 121212-1213 5",
        "ny fas K-1001 B 121212-1212",
    ],
)
async def test_refused_digits_are_never_repeated_back(chat: Chat, text: str) -> None:
    replies = await chat.texts(text)
    assert replies and not any("121212" in (reply or "") for reply in replies)


async def test_the_card_never_repeats_a_refused_value(chat: Chat, demo: Services) -> None:
    anxiety_id = await _target_id(demo, "ångest")
    for typed in ("121212-1212", "19121212-1212", "1212121212", "121212 1212"):
        submit = {"ssd_action": "rate", "client": "K-1001", f"t{anxiety_id}": typed}
        assert await chat.texts(_submit(submit)) == [
            "Värdet för ångest ligger inte på skalan. Välj ett värde från 0 till 10 (steg 1). "
            "Inget sparades."
        ]
    submit = {"ssd_action": "rate", "client": "K-1001", "day": "121212-1212", f"t{anxiety_id}": "4"}
    [reply] = await chat.texts(_submit(submit))
    assert "121212" not in (reply or "")


# -- access ------------------------------------------------------------------------------


async def test_someone_outside_the_team_is_refused(demo: Services) -> None:
    # Not local demo mode for this user: build a bot without demo membership.
    outsider_services = build_services(
        Config(database_url=str(demo.config.database_url)), demo.clock
    )
    outsider = Chat(outsider_services, user_id="29:user-outsider")
    refusal = (
        "Jag hittar ingen K-1001 som du har tillgång till. Kontrollera koden, eller be "
        "samordnaren lägga till dig i vårdteamet."
    )
    try:
        for text in ("skatta K-1001", "skatta K-1001 ångest 3", "graf K-1001", "klient K-1001"):
            assert await outsider.texts(text) == [refusal]
        assert await outsider.texts("skatta") == [
            "Du skattar inga klienter än. Be samordnaren lägga till dig i ett vårdteam."
        ]
    finally:
        await outsider_services.db.dispose()


# -- chart, client, coordinators --------------------------------------------------------------


async def test_graf_sends_a_png_with_statistics(chat: Chat) -> None:
    [reply] = await chat.send("graf K-1001 ångest")
    card = card_of(reply)
    text = card["fallbackText"]
    assert text.startswith("**K-1001 ångest** (lägre är bättre) · ")
    assert "Fas A: n = 14" in text and "NAP " in text
    assert "förbättring" in text or "skillnad" in text
    [image] = [e for e in card["body"] if e["type"] == "Image"]
    png = base64.b64decode(image["url"].removeprefix("data:image/png;base64,"))
    picture = Image.open(io.BytesIO(png))
    assert picture.width >= 900 and len(png) < 70 * 1024
    assert len(picture.convert("RGB").getcolors(maxcolors=1 << 16) or []) > 4


async def test_graf_without_target_sends_one_per_target(chat: Chat) -> None:
    replies = await chat.send("graf K-1001")
    assert [card_of(r)["fallbackText"].splitlines()[0].split(" (")[0] for r in replies] == [
        "**K-1001 ångest**",
        "**K-1001 sömn**",
    ]


async def test_klient_summarises_targets_phases_and_team(chat: Chat) -> None:
    [reply] = await chat.texts("klient K-1001")
    assert reply.splitlines()[:3] == ["**Klient K-1001**", "Din roll: samordnare", "**Mål**"]
    assert "- B 2026-10-26: DBT-färdighetsträning" in reply.splitlines()


async def test_a_coordinator_adds_a_client_target_and_phase(chat: Chat, demo: Services) -> None:
    # The demo user manages two units: the bot asks which.
    card = card_of((await chat.send("ny klient K-3001"))[0])
    assert card["body"][0]["text"] == (
        "Du är verksamhetssamordnare för flera enheter. Vilken ska klienten K-3001 höra till?"
    )
    assert [a["title"] for a in card["actions"]] == ["Boendestöd (Örebro)", "LSS-boende (Örebro)"]
    assert await chat.texts(_submit(card["actions"][0]["data"])) == [
        "Klienten K-3001 är upplagd och du är samordnare i vårdteamet. Nästa steg: "
        "**nytt mål K-3001**."
    ]
    form = card_of((await chat.send("nytt mål K-3001"))[0])
    submit = {
        **form["actions"][0]["data"],
        "name": "Oro",
        "low": "ingen oro",
        "high": "mycket stark oro",
        "better": "lower",
        "frequency": "shift",
        "min": "0",
        "max": "10",
        "step": "1",
    }
    assert await chat.texts(_submit(submit)) == [
        "Målet **Oro** är tillagt för K-3001 (0–10, lägre är bättre, varje arbetspass)."
    ]
    assert await chat.texts(_submit({**submit, "name": "Ilska", "max": "-1"})) == [
        "Skalan går inte ihop: högsta värdet ska vara större än lägsta, och steget ska gå "
        "jämnt upp (t.ex. 0–10 med steg 1)."
    ]
    assert await chat.texts(_submit(submit)) == ["K-3001 har redan ett mål som heter Oro."]
    assert await chat.texts("ny fas K-3001 Baslinje") == [
        "Fas **A** för K-3001 börjar 2026-11-22 (Baslinje). Kurvan får en streckad linje där."
    ]
    # Rated per shift: at 10:00 that is the day shift.
    [saved] = await chat.texts("skatta K-3001 oro 4")
    assert saved.splitlines()[0] == "Sparat för K-3001, 2026-11-22 dagpass:"


async def test_text_of_replies_is_readable(chat: Chat) -> None:
    # Every SSD reply has text or a card with fallback text: nothing renders empty.
    for text in ("skatta", "skatta K-1001", "graf K-1001 sömn", "klient K-1001"):
        for reply in await chat.send(text):
            assert text_of(reply)


# -- the daily prompt's settings --------------------------------------------------------


async def test_prompt_settings_card_saves_and_says_it_back(chat: Chat) -> None:
    card = card_of((await chat.send("inställningar skattning"))[0])
    inputs = {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}
    assert inputs["at"]["value"] == "08:00" and inputs["days"]["value"] == "auto"
    assert inputs["nudge_hours"]["value"] == "3"
    submit = {
        **card["actions"][0]["data"],
        "enabled": "true",
        "at": "07:00",
        "days": "every_day",
        "quiet_start": "22:00",
        "quiet_end": "06:30",
        "paused_until": "2026-12-01",
        "nudge_hours": "2",
    }
    assert await chat.texts(_submit(submit)) == [
        "Sparat: påminnelse om att skatta alla dagar kl 07:00, en extra efter 2 h om något är "
        "kvar, tyst 22:00–06:30, pausad till och med 2026-12-01."
    ]
    again = card_of((await chat.send("inställningar skattning"))[0])
    values = {e["id"]: e.get("value") for e in again["body"] if e["type"].startswith("Input.")}
    assert (values["at"], values["days"], values["paused_until"]) == (
        "07:00",
        "every_day",
        "2026-12-01",
    )
    assert await chat.texts(_submit({**submit, "at": "25:00"})) == [
        "En av tiderna går inte att läsa. Skriv t.ex. 07:30."
    ]
    assert await chat.texts(_submit({**submit, "quiet_end": ""})) == [
        "Fyll i både när det tysta börjar och slutar, eller inget av dem."
    ]
    assert await chat.texts(_submit({**submit, "enabled": "false"})) == [
        "Sparat: inga dagliga påminnelser om att skatta."
    ]


# -- the care team ----------------------------------------------------------------------------


def _mention(text: str, name: str, teams_id: str) -> Activity:
    from botbuilder.schema import Entity

    entity = Entity().deserialize(
        {
            "type": "mention",
            "text": f"<at>{name}</at>",
            "mentioned": {"id": teams_id, "name": name},
        }
    )
    return Activity(type=ActivityTypes.message, text=text, entities=[entity])


async def test_a_coordinator_adds_and_removes_a_colleague(chat: Chat, demo: Services) -> None:
    outsider_services = build_services(
        Config(database_url=str(demo.config.database_url)), demo.clock
    )
    bertil = Chat(outsider_services, user_id="29:user-bertil")
    try:
        # Bertil has used the bot but is not in the team.
        await bertil.send("hjälp")
        refusal = await bertil.texts("graf K-1001 ångest")
        assert refusal[0].startswith("Jag hittar ingen K-1001 som")
        # A colleague who never used the bot cannot be added.
        assert await chat.texts(
            _mention("team K-1001 lägg till <at>Cilla</at> arbetsterapeut", "Cilla", "29:cilla")
        ) == ["Kollegan har inte använt Samverkansboten än. Be hen skriva **hej** till mig först."]
        assert await chat.texts(
            _mention(
                "team K-1001 lägg till <at>Bertil Ek</at> kontaktperson",
                "Bertil Ek",
                "29:user-bertil",
            )
        ) == ["Bertil Ek är nu med i vårdteamet för K-1001 som kontaktperson."]
        [listing] = await chat.texts("team K-1001")
        assert listing.splitlines()[0] == "**Vårdteamet för K-1001**"
        assert "- Anna Berg, samordnare (sedan 2026-11-22)" in listing.splitlines()
        # Bertil now reads and rates; he cannot change the team.
        assert (await bertil.send("graf K-1001 ångest"))[0].attachments
        attempt = _mention("team K-1001 ta bort <at>Anna Berg</at>", "Anna Berg", "29:user-anna")
        assert (await bertil.texts(attempt))[0].startswith("Bara samordnaren för K-1001")
        assert await chat.texts(
            _mention("team K-1001 ta bort <at>Bertil Ek</at>", "Bertil Ek", "29:user-bertil")
        ) == ["Bertil Ek är inte längre med i vårdteamet för K-1001. Det de skattat finns kvar."]
        assert (await bertil.texts("graf K-1001 ångest"))[0].startswith("Jag hittar ingen")
        assert await chat.texts("team K-1001 lägg till någon") == [
            "@-nämn kollegan, t.ex. **team K-1001 lägg till @Anna Berg kontaktperson**."
        ]
    finally:
        await outsider_services.db.dispose()


async def _client_status(services: Services, code: str) -> str:
    async with services.db.session() as session:
        status = await session.scalar(select(Client.status).where(Client.code == code))
    assert status is not None
    return status


async def _target_active(services: Services, name: str) -> bool:
    async with services.db.session() as session:
        return bool(await session.scalar(select(Target.active).where(Target.name == name)))


async def test_closing_a_target_and_a_follow_up(chat: Chat, demo: Services) -> None:
    assert await chat.texts("avsluta") == [
        "[card] Vilken kod? Tryck på en av dina, eller skriv **avsluta** och koden, "
        "t.ex. avsluta K-1042.\navsluta E-2001\navsluta K-1001"
    ]
    assert await chat.texts("avsluta mål K-1001 sömn ja") == [
        "Målet sömn för K-1001 skattas inte längre. Kurvan finns kvar: **graf K-1001 sömn**."
    ]
    assert await chat.texts("skatta K-1001 sömn 5 igår") == [
        "Målet sömn skattas inte längre, så inget sparades."
    ]
    assert card_of((await chat.send("graf K-1001 sömn"))[0])["fallbackText"].startswith(
        "**K-1001 sömn**"
    )
    assert await chat.texts("avsluta K-1001 ja") == [
        "Skattningarna av K-1001 är avslutade. Kurvan och exporten finns kvar; ingen skattar "
        "längre. Möten, plan, samtycke och påminnelser fortsätter som förut."
    ]
    assert await chat.texts("skatta K-1001 ångest 5 igår") == [
        "Skattningarna av K-1001 är avslutade: kurvan går att se men inte skatta."
    ]
    # Only E-2001 is left to rate, so `skatta` opens its card straight away.
    assert card_of((await chat.send("skatta"))[0])["fallbackText"].startswith("Skatta E-2001")


async def test_closing_asks_first_and_nothing_changes_until_confirmed(
    chat: Chat, demo: Services
) -> None:
    card = card_of((await chat.send("avsluta K-1001"))[0])
    assert card["body"][0]["text"] == "Avsluta skattningarna för K-1001?"
    close, keep = card["actions"]
    assert (close["title"], keep["title"]) == ("Avsluta", "Behåll")
    assert "**avsluta K-1001 ja**" in card["fallbackText"]
    assert await _client_status(demo, "K-1001") == "active"

    assert await chat.texts(_submit(keep["data"])) == [
        "Okej, skattningarna av K-1001 fortsätter. Inget ändrades."
    ]
    assert await chat.texts("avsluta K-1001 nej") == [
        "Okej, skattningarna av K-1001 fortsätter. Inget ändrades."
    ]
    assert await chat.texts("avsluta K-1001 kanske senare") == [
        "Okej, skattningarna av K-1001 fortsätter. Inget ändrades."
    ]
    assert await _client_status(demo, "K-1001") == "active"

    target_card = card_of((await chat.send("avsluta mål K-1001 ång"))[0])
    assert target_card["body"][0]["text"] == "Avsluta målet ångest för K-1001?"
    assert await _target_active(demo, "ångest")
    assert await chat.texts("avsluta mål K-1001 ångest nej") == [
        "Okej, målet för K-1001 skattas som förut. Inget ändrades."
    ]
    assert await chat.texts(_submit(target_card["actions"][0]["data"])) == [
        "Målet ångest för K-1001 skattas inte längre. Kurvan finns kvar: **graf K-1001 ångest**."
    ]
    assert not await _target_active(demo, "ångest")

    assert await chat.texts(_submit(close["data"])) == [
        "Skattningarna av K-1001 är avslutade. Kurvan och exporten finns kvar; ingen skattar "
        "längre. Möten, plan, samtycke och påminnelser fortsätter som förut."
    ]
    assert await _client_status(demo, "K-1001") == "closed"
    assert await chat.texts("avsluta K-1001") == [
        "Skattningarna av K-1001 är redan avslutade. **öppna K-1001** startar dem igen."
    ]


async def test_a_coordinator_reopens_a_follow_up_and_a_target(chat: Chat, demo: Services) -> None:
    assert await chat.texts("öppna K-1001") == [
        "Skattningarna av K-1001 är inte avslutade, så det finns inget att öppna."
    ]
    await chat.texts("avsluta mål K-1001 sömn ja")
    await chat.texts("avsluta K-1001 ja")
    assert await chat.texts("öppna K-1001") == [
        "Skattningarna av K-1001 är öppna igen: **skatta K-1001**."
    ]
    assert await _client_status(demo, "K-1001") == "active"
    assert await chat.texts("öppna mål K-1001 ångest") == ["Målet ångest skattas redan."]
    assert await chat.texts("öppna mål K-1001 sömn") == ["Målet sömn för K-1001 skattas igen."]
    assert await _target_active(demo, "sömn")
    assert await chat.texts("öppna mål K-1001 sömn") == ["Målet sömn skattas redan."]
    assert await chat.texts("öppna mål K-1001 humör") == ["K-1001 har inga avslutade mål."]


async def test_reopen_in_english(new_demo_chat: Callable[..., Chat], demo: Services) -> None:
    chat = new_demo_chat(locale="en-US")
    card = card_of((await chat.send("close K-1001"))[0])
    assert card["body"][0]["text"] == "End the rating of K-1001?"
    assert [a["title"] for a in card["actions"]] == ["Close", "Keep"]
    assert await chat.texts("close K-1001 yes") == [
        "Rating of K-1001 has ended. The chart and export stay; nobody rates any more. "
        "Meetings, the plan, consent and reminders go on as before."
    ]
    assert await chat.texts("reopen K-1001") == ["Rating of K-1001 is open again: **rate K-1001**."]
    [help_card] = await chat.send("help reopen")
    assert card_of(help_card)["body"][0]["text"].startswith("**reopen K-1042** starts")


async def test_only_coordinators_close_and_reopen(demo: Services) -> None:
    """A member of the care team who does not coordinate is refused before any question."""
    outsider_services = build_services(
        Config(database_url=str(demo.config.database_url)), demo.clock
    )
    member = Chat(outsider_services, user_id="29:user-member")
    try:
        await member.texts("hej")  # known to the bot
        async with demo.db.session() as session:
            member_id = await session.scalar(
                select(StaffUser.id).where(StaffUser.teams_user_id == "29:user-member")
            )
            client_id = await session.scalar(select(Client.id).where(Client.code == "K-1001"))
            assert member_id is not None and client_id is not None
            await ssd_repo.add_care_team_member(
                session,
                client_id=client_id,
                staff_user_id=member_id,
                role="kontaktperson",
                now=demo.clock.now(),
            )
        refusal = (
            "Bara samordnaren för K-1001 eller en verksamhetssamordnare kan ändra mål, faser och "
            "vårdteam för K-1001."
        )
        assert await member.texts("avsluta K-1001") == [refusal]
        assert await member.texts("avsluta K-1001 ja") == [refusal]
        assert await member.texts("öppna K-1001") == [refusal]
        assert await _client_status(demo, "K-1001") == "active"
    finally:
        await outsider_services.db.dispose()


async def test_a_unit_for_organisational_ssd(chat: Chat) -> None:
    card = card_of((await chat.send("ny enhet E-3001"))[0])
    # An organisational SSD follows a unit: no text calls it a client, brukare or person.
    assert card["body"][0]["text"] == (
        "Du är verksamhetssamordnare för flera enheter. Vilken av dem är E-3001?"
    )
    assert await chat.texts(_submit(card["actions"][1]["data"])) == [
        "Enheten E-3001 är upplagd för organisatorisk SSD och du är samordnare. Lägg till "
        "utvecklingsområden med **nytt mål E-3001** (t.ex. månadsvis)."
    ]
    [summary] = await chat.texts("klient E-3001")
    assert summary.splitlines()[0] == "**Enhet E-3001**"


async def test_ended_rating_leaves_meetings_the_plan_and_consent(
    chat: Chat, demo: Services
) -> None:
    # Coordination runs for about two years whatever the SSD rating does: ending the
    # rating stops rating, not booking, the plan, consent or reminders.
    assert await chat.texts("avsluta K-1001 ja") == [
        "Skattningarna av K-1001 är avslutade. Kurvan och exporten finns kvar; ingen skattar "
        "längre. Möten, plan, samtycke och påminnelser fortsätter som förut."
    ]
    assert (await chat.texts("boka K-1001"))[0].startswith("Vad är syftet med mötet?")
    await chat.texts("avbryt")
    [picker] = await chat.send("boka")
    assert [a["data"]["msteams"]["value"] for a in card_of(picker)["actions"]] == [
        "boka E-2001",
        "boka K-1001",
    ]
    assert await chat.texts("skatta K-1001 ångest 5 igår") == [
        "Skattningarna av K-1001 är avslutade: kurvan går att se men inte skatta."
    ]


async def test_ended_rating_leaves_meetings_in_english(
    new_demo_chat: Callable[..., Chat], demo: Services
) -> None:
    chat = new_demo_chat(locale="en-US")
    assert await chat.texts("close K-1001 yes") == [
        "Rating of K-1001 has ended. The chart and export stay; nobody rates any more. "
        "Meetings, the plan, consent and reminders go on as before."
    ]
    assert (await chat.texts("book K-1001"))[0].startswith("What is the purpose of the meeting?")
    await chat.texts("cancel")
    assert await chat.texts("rate K-1001 ångest 5 yesterday") == [
        "Rating of K-1001 has ended: the chart can be seen but not rated."
    ]


async def test_a_unit_for_organisational_ssd_in_english(
    new_demo_chat: Callable[..., Chat],
) -> None:
    chat = new_demo_chat(locale="en-US")
    card = card_of((await chat.send("new unit E-3001"))[0])
    assert card["body"][0]["text"] == (
        "You are unit coordinator of several units. Which of them is E-3001?"
    )
    [picker] = await chat.send("chart")
    assert card_of(picker)["body"][0]["text"].startswith("Which code? Tap one of yours")


async def test_no_refusal_calls_a_code_a_client(chat: Chat) -> None:
    # A code may be a unit's (E-2001): the refusal must not say which kind it is.
    assert await chat.texts("klient E-9999") == [
        "Jag hittar ingen E-9999 som du har tillgång till. Kontrollera koden, eller be "
        "samordnaren lägga till dig i vårdteamet."
    ]
    [picker] = await chat.send("graf")
    assert card_of(picker)["body"][0]["text"].startswith("Vilken kod? Tryck på en av dina")
