"""Who-does-what conversations with the real bot: `vem` answers with contact cards
(call, mail, Teams chat), paging, corrections, no match and filter problems, in
Swedish and English; `kontakt` keeps the directory for directory admins only
(forms, forged submits, removing with a question) and imports a CSV sent in chat.

The directory is tests/fixtures/directory_test.csv, imported from the command line
before the chat starts; the app runs without demo data, so nobody is an admin
until the test grants it.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from botbuilder.schema import Activity, ActivityTypes, Attachment
from sqlalchemy import func, select

from bot.services import Services
from core.clock import FrozenClock
from core.config import Config
from core.contacts_csv import export_contacts_csv, parse_contacts_csv
from core.i18n import t
from storage.audit_repository import audit_events
from storage.directory_service import COMMAND_LINE, DIRECTORY_ADMIN, DirectoryService
from storage.models import Contact
from storage.records import TeamsIdentity
from storage.users_repository import set_staff_email, upsert_staff_user
from tests.bot.conftest import Chat, card_of, running_services
from tests.fixtures.directory_queries import QUERIES
from tests.support.activities import TENANT_ID

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "directory_test.csv"
FIXTURE_ROWS = 81
EXPECTED = {query: expected for query, expected, _ in QUERIES}
ANNA_AAD = "aad-anna"  # the Chat template's aadObjectId
NEW_CONTACT = {
    "kind": "person",
    "name": "Gunilla Nyberg",
    "title": "Kurator",
    "agency": "Ljusnarsbergs kommun",
    "unit": "Individ- och familjeomsorgen",
    "municipality": "Ljusnarsberg",
    "areas": "hundterapi; samtalsstöd",
    "helps_with": "Samtal för vuxna",
    "phone": "0580-805 00",
    "email": "gunilla.nyberg@ljusnarsberg.se",
    "teams_upn": "gunilla.nyberg@ljusnarsberg.se",
    "hours": "mån–fre 08–16",
    "owner_email": "",
}


@pytest.fixture
async def services(sqlite_url: str, clock: FrozenClock) -> AsyncIterator[Services]:
    async with running_services(Config(database_url=sqlite_url), clock) as built:
        report = await DirectoryService(built.db, clock).import_csv(
            COMMAND_LINE, FIXTURE.read_bytes(), dry_run=False
        )
        assert report.parsed.problems == ()
        yield built


@pytest.fixture
def directory(services: Services, clock: FrozenClock) -> DirectoryService:
    """The same database as the bot's, for granting roles and looking."""
    return DirectoryService(services.db, clock)


@pytest.fixture
def new_chat(services: Services) -> Callable[..., Chat]:
    def _new_chat(locale: str = "sv-SE", user_id: str = "29:user-anna") -> Chat:
        return Chat(services, locale=locale, user_id=user_id)

    return _new_chat


@pytest.fixture
def chat(new_chat: Callable[..., Chat]) -> Chat:
    """Anna, with Teams in Swedish."""
    return new_chat()


@pytest.fixture
async def admin_chat(chat: Chat, directory: DirectoryService) -> Chat:
    """Anna, a directory admin by her Entra object id."""
    await directory.grant(ANNA_AAD, DIRECTORY_ADMIN, granted_by="test")
    return chat


def _submit(value: dict[str, Any]) -> Activity:
    return Activity(type=ActivityTypes.message, value=value)


def _with_file(text: str, data: bytes, name: str = "kontakter.csv") -> Activity:
    url = "data:text/csv;base64," + base64.b64encode(data).decode("ascii")
    return Activity(
        type=ActivityTypes.message,
        text=text,
        attachments=[Attachment(content_type="text/csv", content_url=url, name=name)],
    )


async def _one_card(chat: Chat, message: str | Activity) -> dict[str, Any]:
    [reply] = await chat.send(message)
    return card_of(reply)


async def _one_text(chat: Chat, message: str | Activity) -> str:
    [reply] = await chat.send(message)
    assert reply.attachments in (None, [])
    return reply.text


def _contacts(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for item in card["body"] if item["type"] == "Container"]


def _heading(contact: dict[str, Any]) -> str:
    return contact["items"][0]["text"]


def _name(contact: dict[str, Any]) -> str:
    """The heading without the mark a function (a clinic, not a person) gets."""
    return _heading(contact).removesuffix(" · Funktion")


def _actions(contact: dict[str, Any]) -> list[tuple[str, str, Any]]:
    [action_set] = [item for item in contact["items"] if item["type"] == "ActionSet"]
    return [(a["type"], a["title"], a.get("url", a.get("data"))) for a in action_set["actions"]]


def _texts(card: dict[str, Any]) -> list[str]:
    return [item["text"] for item in card["body"] if item["type"] == "TextBlock"]


async def _count(services: Services) -> int:
    async with services.db.session() as session:
        return int((await session.execute(select(func.count(Contact.id)))).scalar_one())


async def _contact_named(services: Services, name: str) -> Contact | None:
    async with services.db.session() as session:
        return await session.scalar(select(Contact).where(Contact.name == name))


# -- vem ------------------------------------------------------------------------------------


async def test_vem_answers_with_the_expected_contact_and_how_to_reach_them(chat: Chat) -> None:
    card = await _one_card(chat, "vem LSS Kumla")

    assert _texts(card) == ["Träffar för ”LSS Kumla”", "1–1 av 1"]
    [first] = _contacts(card)
    assert _heading(first) == EXPECTED["LSS Kumla"] == "Johanna Pettersson"
    assert [item["text"] for item in first["items"][1:3]] == [
        "LSS-handläggare · Myndighetsenheten",
        "Kumla kommun · Kumla",
    ]
    assert _actions(first) == [
        ("Action.OpenUrl", "Ring", "tel:+4619588231"),
        ("Action.OpenUrl", "Mejla", "mailto:johanna.pettersson@kumla.se"),
        (
            "Action.OpenUrl",
            "Chatta i Teams",
            "https://teams.microsoft.com/l/chat/0/0?users=johanna.pettersson@kumla.se",
        ),
    ]
    assert card["actions"] == []  # one hit: no "Visa fler"
    assert card["fallbackText"].splitlines()[1].startswith("Johanna Pettersson – ")


async def test_an_abbreviation_finds_its_expected_contact(chat: Chat) -> None:
    card = await _one_card(chat, "vem FK sjukpenning")

    assert _heading(_contacts(card)[0]) == EXPECTED["FK sjukpenning"] == "Karin Sjöberg"
    assert _actions(_contacts(card)[0])[0] == ("Action.OpenUrl", "Ring", "tel:+46771524524")


async def test_vem_alone_asks_what_to_look_for(chat: Chat) -> None:
    assert await _one_text(chat, "vem") == t("directory.ask", "sv")


async def test_no_match_says_so_with_a_hint(chat: Chat) -> None:
    card = await _one_card(chat, "vem tandvård")

    assert EXPECTED["tandvård"] is None
    assert _texts(card) == [
        "Ingen i katalogen matchar ”tandvård”.",
        t("directory.none.hint", "sv"),
    ]
    assert _contacts(card) == []


async def test_a_near_miss_suggests_what_the_directory_has(chat: Chat) -> None:
    card = await _one_card(chat, "vem kurrrrator")

    texts = _texts(card)
    assert texts[0] == "Ingen i katalogen matchar ”kurrrrator”."
    assert texts[1] == "Menade du:"
    assert [(a["title"], a["data"]["command"]) for a in card["actions"]] == [
        ("Kurator", "vem Kurator")
    ]
    assert _contacts(card) == []


async def test_a_typo_is_corrected_and_the_card_says_what_was_searched(chat: Chat) -> None:
    card = await _one_card(chat, "vem psykatri lindesberg")

    assert _texts(card)[2] == "Jag rättade ett stavfel och sökte på **psykiatri**."
    assert _heading(_contacts(card)[0]) == (
        EXPECTED["psykatri lindesberg"] + " · Funktion"  # a clinic, not a person
    )


async def test_an_unknown_municipality_filter_is_explained(chat: Chat) -> None:
    assert await _one_text(chat, "vem kommun:Malmö") == t(
        "directory.filter.municipality", "sv", name="Malmö"
    )
    assert await _one_text(chat, "vem psykiatri org:kyrkan") == t(
        "directory.filter.org", "sv", name="kyrkan"
    )


async def test_a_search_for_a_personnummer_is_refused_without_echoing_it(chat: Chat) -> None:
    answer = await _one_text(chat, "vem 19121212-1212")

    assert answer == t("directory.personnummer", "sv")
    assert "1212" not in answer


async def test_visa_fler_shows_the_next_page(chat: Chat, directory: DirectoryService) -> None:
    everything = [h.name for h in (await directory.search("äldreomsorg", page_size=100)).hits]
    assert len(everything) == 11

    first = await _one_card(chat, "vem äldreomsorg")
    [more] = first["actions"]
    assert (more["type"], more["title"], more["data"]) == (
        "Action.Submit",
        "Visa fler",
        {"directory_action": "more", "q": "äldreomsorg", "offset": 5},
    )
    second = await _one_card(chat, _submit(more["data"]))
    third = await _one_card(chat, _submit(second["actions"][0]["data"]))

    assert [_name(c) for c in _contacts(first)] == everything[0:5]
    assert [_name(c) for c in _contacts(second)] == everything[5:10]
    assert [_name(c) for c in _contacts(third)] == everything[10:11]
    assert [_texts(card)[1] for card in (first, second, third)] == [
        "1–5 av 11",
        "6–10 av 11",
        "11–11 av 11",
    ]
    assert third["actions"] == []


async def test_a_forged_visa_fler_is_refused(chat: Chat) -> None:
    answer = await _one_text(chat, _submit({"directory_action": "more", "q": "lss", "offset": -5}))

    assert answer == t("ssd.rate.bad_submit", "sv")


async def test_english_teams_gets_english_answers(new_chat: Callable[..., Chat]) -> None:
    chat = new_chat(locale="en-US", user_id="29:user-erik")

    card = await _one_card(chat, "who LSS Kumla")

    assert _texts(card) == ["Results for “LSS Kumla”", "1–1 of 1"]
    [first] = _contacts(card)
    assert _heading(first) == "Johanna Pettersson"
    assert [title for _, title, _ in _actions(first)] == ["Call", "E-mail", "Chat in Teams"]
    assert await _one_text(chat, "who") == t("directory.ask", "en")
    assert _texts(await _one_card(chat, "who tandvård"))[0] == (
        "Nobody in the directory matches “tandvård”."
    )


async def test_stale_entries_are_marked_on_the_card(chat: Chat, clock: FrozenClock) -> None:
    clock.advance(timedelta(days=200))
    [first] = _contacts(await _one_card(chat, "vem LSS Kumla"))

    assert [i["text"] for i in first["items"] if i.get("color") == "Attention"] == [
        "⚠ Ej bekräftad sedan 2026-11-22 – kontrollera uppgifterna."
    ]


# -- kontakt: only for directory admins ----------------------------------------------------


async def test_kontakt_ny_is_for_directory_admins_only(
    new_chat: Callable[..., Chat], services: Services
) -> None:
    bertil = new_chat(user_id="29:user-bertil")

    for message in ("kontakt ny", "kontakt ta bort 3", "kontakt exportera"):
        assert await _one_text(bertil, message) == t("directory.admin.only", "sv")
    assert "bara katalogadministratörer" in t("directory.admin.only", "sv")
    forged = {"directory_action": "save", **NEW_CONTACT}
    assert await _one_text(bertil, _submit(forged)) == t("directory.admin.only", "sv")
    assert await _one_text(bertil, _submit({"directory_action": "remove_confirmed", "id": 3})) == (
        t("directory.admin.only", "sv")
    )
    assert await _count(services) == FIXTURE_ROWS
    async with services.db.session() as session:
        refused = await audit_events(session, action="contact.create")
    assert [(e.outcome, e.detail) for e in refused] == [("refused", "not_admin")]


async def test_an_admin_creates_a_contact_with_the_form_and_finds_it(
    admin_chat: Chat, services: Services
) -> None:
    form = await _one_card(admin_chat, "kontakt ny")

    assert form["body"][0]["text"] == "Ny kontakt"
    assert [i["id"] for i in form["body"] if i["type"].startswith("Input.")] == [
        "kind",
        "name",
        "title",
        "agency",
        "unit",
        "municipality",
        "areas",
        "helps_with",
        "phone",
        "email",
        "teams_upn",
        "hours",
        "owner_email",
    ]
    [save] = form["actions"]
    assert save["data"] == {"directory_action": "save", "id": None}

    saved = await _one_text(admin_chat, _submit({**save["data"], **NEW_CONTACT}))

    stored = await _contact_named(services, "Gunilla Nyberg")
    assert stored is not None
    assert saved == (f"Sparat: **Gunilla Nyberg** (Ljusnarsbergs kommun), nr {stored.id}.")
    assert (stored.areas, stored.owner_email) == (
        "hundterapi;samtalsstöd",
        "gunilla.nyberg@ljusnarsberg.se",
    )
    card = await _one_card(admin_chat, "vem Gunilla Nyberg")
    [found] = _contacts(card)
    assert _heading(found) == f"Gunilla Nyberg  (nr {stored.id})"  # admins see the number
    assert [title for _, title, _ in _actions(found)] == [
        "Ring",
        "Mejla",
        "Chatta i Teams",
        "Ändra",
        "Ta bort",
    ]
    assert _heading(_contacts(await _one_card(admin_chat, "vem hundterapi"))[0]) == (
        f"Gunilla Nyberg  (nr {stored.id})"
    )


async def test_an_admin_edits_a_contact(admin_chat: Chat, services: Services) -> None:
    johanna = await _contact_named(services, "Johanna Pettersson")
    assert johanna is not None

    form = await _one_card(admin_chat, f"kontakt ändra {johanna.id}")
    values = {i["id"]: i["value"] for i in form["body"] if i["type"].startswith("Input.")}
    assert form["body"][0]["text"] == f"Ändra kontakt nr {johanna.id}"
    assert (values["name"], values["phone"], values["areas"]) == (
        "Johanna Pettersson",
        "019-58 82 31",
        "LSS; kontaktperson; korttidsvistelse; ledsagarservice",
    )
    saved = await _one_text(
        admin_chat, _submit({**form["actions"][0]["data"], **values, "phone": "019-58 82 00"})
    )

    assert saved == f"Sparat: **Johanna Pettersson** (Kumla kommun), nr {johanna.id}."
    [first] = _contacts(await _one_card(admin_chat, "vem LSS Kumla"))
    assert _actions(first)[0] == ("Action.OpenUrl", "Ring", "tel:+4619588200")
    assert await _count(services) == FIXTURE_ROWS


async def test_a_form_with_problems_saves_nothing_and_says_why(
    admin_chat: Chat, services: Services
) -> None:
    bad = {**NEW_CONTACT, "email": "inte-en-adress", "helps_with": "19121212-1212"}

    answer = await _one_text(admin_chat, _submit({"directory_action": "save", **bad}))

    assert answer.splitlines() == [
        "Inget sparades:",
        f"- {t('contact.personnummer', 'sv', field='kan hjälpa till med')}",
        f"- {t('contact.email.invalid', 'sv', field='e-post')}",
    ]
    assert await _count(services) == FIXTURE_ROWS


async def test_a_submit_with_a_field_that_is_not_text_is_refused(
    admin_chat: Chat, services: Services
) -> None:
    forged = [
        {"directory_action": "save", **NEW_CONTACT, "name": ["Gunilla", "Nyberg"]},
        {"directory_action": "save", **NEW_CONTACT, "phone": 5805},
        {"directory_action": "save", **NEW_CONTACT, "id": "3"},
        {"directory_action": "remove_confirmed", "id": "3"},
        {"directory_action": "nonsense"},
    ]

    answers = [await _one_text(admin_chat, _submit(value)) for value in forged]

    assert answers == [t("ssd.rate.bad_submit", "sv")] * len(forged)
    assert await _contact_named(services, "Gunilla Nyberg") is None
    assert await _count(services) == FIXTURE_ROWS


async def test_kontakt_ta_bort_asks_first_then_removes(
    admin_chat: Chat, services: Services
) -> None:
    johanna = await _contact_named(services, "Johanna Pettersson")
    assert johanna is not None

    question = await _one_card(admin_chat, f"kontakt ta bort {johanna.id}")
    assert _texts(question) == ["Ta bort **Johanna Pettersson** (Kumla kommun) ur katalogen?"]
    remove, keep = question["actions"]
    assert (remove["title"], remove["data"]) == (
        "Ta bort",
        {"directory_action": "remove_confirmed", "id": johanna.id},
    )
    assert await _one_text(admin_chat, _submit(keep["data"])) == "Okej, kontakten finns kvar."
    assert await _count(services) == FIXTURE_ROWS

    removed = await _one_text(admin_chat, _submit(remove["data"]))

    assert removed == "**Johanna Pettersson** är borttagen ur katalogen."
    assert await _contact_named(services, "Johanna Pettersson") is None
    assert _contacts(await _one_card(admin_chat, "vem LSS Kumla")) == []
    again = await _one_text(admin_chat, _submit(remove["data"]))
    assert again.splitlines() == ["Inget sparades:", "- Kontakten finns inte längre."]
    assert (
        await _one_text(admin_chat, "kontakt ta bort 9999")
        == "Det finns ingen kontakt med nr 9999."
    )


async def test_a_granted_user_gets_the_form_once_the_role_cache_is_renewed(
    chat: Chat, services: Services, directory: DirectoryService
) -> None:
    assert await _one_text(chat, "kontakt ny") == t("directory.admin.only", "sv")

    await directory.grant(ANNA_AAD, DIRECTORY_ADMIN)
    services.roles_changed()  # what ADMIN_CACHE_SECONDS does in a minute

    assert (await _one_card(chat, "kontakt ny"))["body"][0]["text"] == "Ny kontakt"


async def _known_as_johanna(services: Services) -> int:
    """The bot knows the e-mail of the person chatting (here the test chat's Teams
    account is Johanna's): set before the first message, as the bot reads it when
    she writes. Returns her staff id."""
    async with services.db.session() as session:
        identity = TeamsIdentity("29:user-anna", ANNA_AAD, TENANT_ID, "Anna Berg", "sv-SE")
        staff_id = (await upsert_staff_user(session, identity, services.clock.now())).id
        await set_staff_email(session, staff_id, "Johanna.Pettersson@kumla.se")
    return staff_id


async def test_the_owner_may_edit_their_own_entry_in_chat_but_not_remove_it(
    chat: Chat, services: Services
) -> None:
    johanna = await _contact_named(services, "Johanna Pettersson")
    karin = await _contact_named(services, "Karin Sjöberg")
    assert johanna is not None and karin is not None
    assert johanna.owner_email == "johanna.pettersson@kumla.se"  # her e-mail: no owner column
    anna = await _known_as_johanna(services)

    form = await _one_card(chat, f"kontakt ändra {johanna.id}")
    values = {i["id"]: i["value"] for i in form["body"] if i["type"].startswith("Input.")}
    saved = await _one_text(
        chat, _submit({**form["actions"][0]["data"], **values, "hours": "mån–tors 08–16"})
    )

    assert saved == f"Sparat: **Johanna Pettersson** (Kumla kommun), nr {johanna.id}."
    after = await _contact_named(services, "Johanna Pettersson")
    assert after is not None and after.hours == "mån–tors 08–16"
    only = t("directory.admin.only", "sv")
    assert await _one_text(chat, f"kontakt ändra {karin.id}") == only
    assert await _one_text(chat, f"kontakt ta bort {johanna.id}") == only
    assert (
        await _one_text(chat, _submit({"directory_action": "remove_confirmed", "id": johanna.id}))
        == only
    )
    assert await _contact_named(services, "Johanna Pettersson") is not None
    async with services.db.session() as session:
        updates = await audit_events(session, action="contact.update")
    assert [(e.outcome, e.role, e.user_id) for e in updates] == [("ok", "owner", anna)]


async def test_the_owner_confirms_only_her_own_stale_entries(
    chat: Chat, services: Services, clock: FrozenClock, directory: DirectoryService
) -> None:
    johanna = await _contact_named(services, "Johanna Pettersson")
    karin = await _contact_named(services, "Karin Sjöberg")
    assert johanna is not None and karin is not None
    await _known_as_johanna(services)
    clock.advance(timedelta(days=200))

    answer = await _one_text(
        chat, _submit({"directory_action": "confirm", "ids": [johanna.id, karin.id, "x"]})
    )

    assert answer == "Tack! 1 uppgifter är bekräftade."
    fresh = await directory.get(johanna.id)
    still_stale = await directory.get(karin.id)
    assert fresh is not None and still_stale is not None
    assert (directory.is_stale(fresh), directory.is_stale(still_stale)) == (False, True)


async def test_kontakt_exportera_offers_the_file_in_teams(admin_chat: Chat) -> None:
    [reply] = await admin_chat.send("kontakt exportera")

    [attachment] = reply.attachments
    assert attachment.content_type == "application/vnd.microsoft.teams.card.file.consent"
    assert attachment.name == "kontaktkatalog.csv"
    assert attachment.content["acceptContext"] == {"directory": "export"}
    assert attachment.content["description"] == "Katalogen som CSV (81 kontakter)."


# -- import in chat ----------------------------------------------------------------------------


def _fixture_with_bad_row() -> bytes:
    drafts = [d for _, d in parse_contacts_csv(FIXTURE.read_bytes()).drafts]
    drafts[2] = replace(drafts[2], email="inte-en-adress")  # line 4
    drafts[9] = replace(drafts[9], phone="ring mig")  # line 11
    return export_contacts_csv(drafts)


async def test_an_import_with_bad_rows_lists_them_by_line(
    admin_chat: Chat, services: Services
) -> None:
    answer = await _one_text(admin_chat, _with_file("kontakt importera", _fixture_with_bad_row()))

    assert answer.splitlines() == [
        t("directory.import.problems", "sv", file="kontakter.csv", count=2),
        "- Rad 4: e-post är inte en giltig e-postadress.",
        f"- Rad 11: {t('contact.phone.invalid', 'sv')}",
    ]
    assert await _count(services) == FIXTURE_ROWS


async def test_an_import_is_checked_then_imported_on_importera(
    admin_chat: Chat, services: Services
) -> None:
    drafts = [d for _, d in parse_contacts_csv(FIXTURE.read_bytes()).drafts]
    drafts[0] = replace(drafts[0], phone="0581-850 99")
    new = replace(drafts[1], name="Mottagning Ny", email="ny@regionorebrolan.se")
    data = export_contacts_csv([*drafts, new])

    ready = await _one_card(admin_chat, _with_file("kontakt importera", data, "katalog.csv"))

    assert _texts(ready) == [
        t("directory.import.ready", "sv", file="katalog.csv", rows=82, new=1, existing=81)
    ]
    [go] = ready["actions"]
    assert go["title"] == "Importera"
    assert await _count(services) == FIXTURE_ROWS  # nothing yet

    done = await _one_text(admin_chat, _submit(go["data"]))

    assert done == "Klart: 1 nya, 1 ändrade, 80 oförändrade."
    assert await _count(services) == FIXTURE_ROWS + 1
    assert await _one_text(admin_chat, _submit(go["data"])) == t("directory.import.expired", "sv")


async def test_an_import_without_a_file_asks_for_one(admin_chat: Chat) -> None:
    assert await _one_text(admin_chat, "kontakt importera") == t("directory.import.attach", "sv")


async def test_an_import_is_for_directory_admins_only(chat: Chat, services: Services) -> None:
    answer = await _one_text(chat, _with_file("kontakt importera", FIXTURE.read_bytes()))

    assert answer == t("directory.admin.only", "sv")
    assert await _count(services) == FIXTURE_ROWS


async def test_someone_elses_importera_button_does_nothing(
    admin_chat: Chat, new_chat: Callable[..., Chat], services: Services
) -> None:
    ready = await _one_card(admin_chat, _with_file("kontakt importera", FIXTURE.read_bytes()))
    # Another staff user who is an admin too (the test chats share Anna's Entra id).
    bertil = new_chat(user_id="29:user-bertil")

    answer = await _one_text(bertil, _submit(ready["actions"][0]["data"]))

    assert answer == t("directory.import.expired", "sv")
    assert await _one_text(admin_chat, _submit(ready["actions"][0]["data"])) == (
        "Klart: 0 nya, 0 ändrade, 81 oförändrade."
    )
