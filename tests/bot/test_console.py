"""`samverkan chat`: the real bot and database through the console adapter, as transcripts."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from botbuilder.core import (
    ActivityHandler,
    CardFactory,
    ConversationState,
    MemoryStorage,
    MessageFactory,
    TurnContext,
)
from botbuilder.schema import CardAction, HeroCard
from sqlalchemy import create_engine, text

from bot.console import ConsoleChat, ConsoleIdentity, run_chat
from bot.console_inputs import CardInput, check_answer, option_lines, question
from bot.console_render import render_activity, render_card
from bot.error_handler import make_turn_error_handler
from core.clock import FrozenClock
from core.config import Config
from core.i18n import t
from dialogs.cards.meeting import participants_card
from storage.db import sync_url
from storage.meeting_records import ParticipantDraft

GOODBYE = t("console.goodbye", "sv")


class Script:
    """Types the given lines, then Ctrl-D; echoes each prompt and line like a terminal."""

    def __init__(self, lines: list[str], out: io.StringIO, *, end: type = EOFError) -> None:
        self._lines = list(lines)
        self._out = out
        self._end = end
        self.prompts: list[str] = []

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if not self._lines:
            raise self._end()
        line = self._lines.pop(0)
        self._out.write(f"{prompt}{line}\n")
        return line


async def chat(url: str, lines: list[str], *, lang: str | None = None) -> list[str]:
    """One run of `samverkan chat` (a fresh process: new services, same database)."""
    out = io.StringIO()
    code = await run_chat(
        Config(database_url=url, demo_data=True), input_fn=Script(lines, out), output=out, lang=lang
    )
    assert code == 0
    return out.getvalue().splitlines()


def choice_number(lines: list[str], title: str) -> str:
    """The number printed before a button's title in the last line of choices."""
    choices = [line for line in lines if line.startswith("1) ")][-1]
    numbered = dict(item.split(") ", 1)[::-1] for item in choices.split("  "))
    return numbered[title]


async def test_the_welcome_card_comes_first_and_ends_with_a_goodbye(sqlite_url: str) -> None:
    lines = await chat(sqlite_url, [])

    welcome = lines.index(t("welcome.title", "sv"))
    assert lines[welcome + 3] == "1) Hjälp"
    assert lines[welcome - 1] == ""  # the banner comes before
    assert any(line.startswith("Databas: sqlite:///") for line in lines[:welcome])
    assert lines[-1] == GOODBYE


async def test_welcome_is_not_repeated_on_the_next_run(sqlite_url: str) -> None:
    await chat(sqlite_url, [])
    lines = await chat(sqlite_url, [])

    assert t("welcome.title", "sv") not in lines


async def test_english_locale_gives_the_english_welcome(sqlite_url: str) -> None:
    lines = await chat(sqlite_url, [], lang="en")

    assert t("welcome.title", "en") in lines


async def test_help_card_is_text_with_numbered_choices(sqlite_url: str) -> None:
    lines = await chat(sqlite_url, ["hjälp"])

    start = lines.index("du> hjälp")
    assert lines[start + 1] == t("help.title", "sv")
    assert f"inställningar – {t('cmd.settings', 'sv')}" in lines[start:]
    assert choice_number(lines, "Inställningar").isdigit()


async def test_typing_a_number_presses_that_button(sqlite_url: str) -> None:
    first = await chat(sqlite_url, ["hjälp"])
    number = choice_number(first, "Inställningar")

    lines = await chat(sqlite_url, ["hjälp", number])

    pressed = lines.index(f"du> {number}")
    assert lines[pressed + 1] == "(skickar: inställningar)"
    assert lines[pressed + 2] == t("settings.ask_language", "sv")


async def test_a_number_with_no_buttons_showing_is_sent_as_text(sqlite_url: str) -> None:
    lines = await chat(sqlite_url, ["avbryt", "1"])

    typed = lines.index("du> 1")
    assert not lines[typed + 1].startswith("(skickar")


async def test_settings_dialog_continues_after_a_restart(sqlite_url: str) -> None:
    before = await chat(sqlite_url, ["inställningar", "1"])
    assert before[before.index("du> 1") + 1] == "(skickar: Svenska)"

    after = await chat(sqlite_url, ["behåll"])

    saved = t(
        "settings.saved",
        "sv",
        language=t("settings.language.sv", "sv"),
        timezone="Europe/Stockholm",
    )
    assert after[after.index("du> behåll") + 1] == saved


async def test_avbryt_reaches_the_bot_and_cancels_the_dialog(sqlite_url: str) -> None:
    lines = await chat(sqlite_url, ["inställningar", "avbryt", "avbryt"])

    first, second = [i for i, line in enumerate(lines) if line == "du> avbryt"]
    assert lines[first + 1] == t("cancel.done", "sv")
    assert lines[second + 1] == t("cancel.nothing", "sv")


@pytest.mark.parametrize("end", [EOFError, KeyboardInterrupt])
async def test_ctrl_d_and_ctrl_c_end_the_chat(sqlite_url: str, end: type) -> None:
    out = io.StringIO()
    script = Script(["hjälp"], out, end=end)

    code = await run_chat(Config(database_url=sqlite_url), input_fn=script, output=out)

    assert code == 0
    assert out.getvalue().splitlines()[-1] == GOODBYE


async def test_slash_quit_stops_reading(sqlite_url: str) -> None:
    out = io.StringIO()
    script = Script(["/avsluta", "hjälp"], out)

    await run_chat(Config(database_url=sqlite_url), input_fn=script, output=out)

    assert script.prompts == ["du> "]
    assert t("help.title", "sv") not in out.getvalue()


# -- a card with inputs, sent by a tiny bot -----------------------------------------------
FORM = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [
        {"type": "TextBlock", "text": "Ny skattning", "weight": "Bolder"},
        {"type": "Input.Text", "id": "client", "label": "Brukare", "isRequired": True},
        {
            "type": "Container",
            "items": [
                {
                    "type": "Input.ChoiceSet",
                    "id": "target",
                    "label": "Mål",
                    "choices": [
                        {"title": "Sömn", "value": "sleep"},
                        {"title": "Ångest", "value": "anxiety"},
                        {"title": "Skola", "value": "school"},
                    ],
                }
            ],
        },
        {"type": "Input.Number", "id": "score", "label": "Skattning", "min": 0, "max": 10},
        {"type": "Input.Date", "id": "day", "label": "Datum"},
        {"type": "Input.Time", "id": "at", "label": "Tid", "value": "08:00"},
        {"type": "Input.Toggle", "id": "share", "title": "Dela med resursgruppen"},
    ],
    "actions": [
        {"type": "Action.Submit", "title": "Spara", "data": {"action": "save"}},
        {
            "type": "Action.Submit",
            "title": "Släng",
            "data": {"action": "drop"},
            "associatedInputs": "none",
        },
    ],
}


class FormBot(ActivityHandler):
    """Sends FORM for any text, and echoes what comes back."""

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.value is not None:
            echoed = json.dumps(activity.value, sort_keys=True, ensure_ascii=False)
            await turn_context.send_activity(f"value {echoed} text {activity.text}")
        elif activity.text == "formulär":
            await turn_context.send_activity(
                MessageFactory.attachment(CardFactory.adaptive_card(FORM))
            )
        else:
            await turn_context.send_activity(f"text {activity.text}")


def form_chat(script: Callable[[str], str], out: io.StringIO) -> ConsoleChat:
    identity = ConsoleIdentity("anna", "Anna", "tenant", "sv-SE", "Europe/Stockholm")
    clock = FrozenClock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    return ConsoleChat(FormBot().on_turn, identity, read=script, output=out, clock=clock)


async def test_card_inputs_are_asked_one_by_one_and_sent_as_the_value() -> None:
    out = io.StringIO()
    answers = ["", "K-1042", "4", "2", "11", "7,5", "3/12", "2026-12-03", "", "j"]
    script = Script(["formulär", "1", *answers], out)

    await form_chat(script, out).run()

    lines = out.getvalue().splitlines()
    assert lines[lines.index("Mål") : lines.index("Mål") + 4] == [
        "Mål",
        "  1) Sömn",
        "  2) Ångest",
        "  3) Skola",
    ]
    assert script.prompts[2:] == [
        "Brukare: ",
        "Brukare: ",
        "Välj 1–3: ",
        "Välj 1–3: ",
        "Skattning (tal 0–10): ",
        "Skattning (tal 0–10): ",
        "Datum (ÅÅÅÅ-MM-DD): ",
        "Datum (ÅÅÅÅ-MM-DD): ",
        "Tid (TT:MM) [08:00]: ",
        "Dela med resursgruppen (j/n): ",
        "du> ",
    ]
    value = {
        "action": "save",
        "at": "08:00",
        "client": "K-1042",
        "day": "2026-12-03",
        "score": "7.5",
        "share": "true",
        "target": "anxiety",
    }
    assert f"value {json.dumps(value, sort_keys=True, ensure_ascii=False)} text None" in lines


async def test_a_button_without_inputs_sends_only_its_data() -> None:
    out = io.StringIO()

    await form_chat(Script(["formulär", "2"], out), out).run()

    assert 'value {"action": "drop"} text None' in out.getvalue().splitlines()


async def test_avbryt_while_filling_in_a_card_goes_to_the_bot() -> None:
    out = io.StringIO()
    script = Script(["formulär", "Spara", "K-1042", "avbryt"], out)

    await form_chat(script, out).run()

    lines = out.getvalue().splitlines()
    assert lines[lines.index("Välj 1–3: avbryt") + 1] == "text avbryt"
    assert not any(line.startswith("value") for line in lines)


# -- the renderer on its own --------------------------------------------------------------
def test_factsets_and_buttons_render_as_lines_and_choices() -> None:
    card = {
        "body": [{"type": "FactSet", "facts": [{"title": "boka", "value": "boka ett möte"}]}],
        "actions": [
            {
                "type": "Action.Submit",
                "title": "Boka",
                "data": {"msteams": {"type": "imBack", "value": "boka"}},
            },
            {"type": "Action.OpenUrl", "title": "Läs mer", "url": "https://example.org"},
        ],
    }

    rendered = render_card(card)

    assert rendered.text() == ["boka – boka ett möte", "Läs mer: https://example.org", "1) Boka"]
    assert [(c.title, c.text, c.value) for c in rendered.choices] == [("Boka", "boka", None)]


def test_hero_card_buttons_become_choices() -> None:
    button = CardAction(type="imBack", title="Sömn", value="Sömn")
    hero = CardFactory.hero_card(HeroCard(text="Välj ett mål", buttons=[button]))

    rendered = render_activity(MessageFactory.attachment(hero))

    assert rendered.text() == ["Välj ett mål", "1) Sömn"]
    assert [(c.title, c.text) for c in rendered.choices] == [("Sömn", "Sömn")]


@pytest.mark.parametrize(
    ("kind", "typed", "expected"),
    [
        ("Number", "3,5", ("3.5", None)),
        ("Number", "tre", (None, "Skriv ett tal.")),
        ("Date", "2026-02-30", (None, "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-12-03.")),
        ("Time", "14:00", ("14:00", None)),
        ("Time", "9.30", ("09:30", None)),
        ("Time", "24:00", (None, "Skriv tiden som TT:MM, t.ex. 14:00.")),
        ("Toggle", "nej", ("false", None)),
        ("Text", "", ("", None)),
    ],
)
def test_answers_are_checked_by_input_kind(
    kind: str, typed: str, expected: tuple[str | None, str | None]
) -> None:
    assert check_answer(CardInput(id="x", kind=kind, label="X"), typed) == expected


def test_multi_select_sends_the_chosen_values_comma_separated() -> None:
    field = CardInput(
        id="x",
        kind="ChoiceSet",
        label="X",
        multi=True,
        choices=(("A", "a"), ("B", "b"), ("C", "c")),
    )

    assert check_answer(field, "1, 3") == ("a,c", None)


@pytest.mark.parametrize(
    ("lang", "env", "locale"),
    [
        (None, {"LANG": "en_GB.UTF-8"}, "en-US"),
        (None, {"LANG": "C.UTF-8"}, "sv-SE"),
        (None, {}, "sv-SE"),
        ("sv", {"LANG": "en_US.UTF-8"}, "sv-SE"),
        ("en", {}, "en-US"),
    ],
)
def test_locale_is_swedish_unless_english_is_asked_for(
    lang: str | None, env: dict[str, str], locale: str
) -> None:
    assert ConsoleIdentity.local(Config(), lang, env).locale == locale


def test_the_identity_is_stable_across_runs() -> None:
    first = ConsoleIdentity.local(Config(), None, {})
    again = ConsoleIdentity.local(Config(), None, {})

    assert first == again
    assert first.user_id == f"console:{first.login}"


async def test_a_failing_turn_gets_the_apology_from_the_shared_error_handler() -> None:
    async def broken(_turn_context: TurnContext) -> None:
        raise RuntimeError("boom")

    out = io.StringIO()
    identity = ConsoleIdentity("anna", "Anna", "tenant", "sv-SE", "Europe/Stockholm")
    handler = make_turn_error_handler(ConversationState(MemoryStorage()))
    console = ConsoleChat(
        broken, identity, read=Script(["hej"], out), output=out, on_turn_error=handler
    )

    await console.run()

    lines = out.getvalue().splitlines()
    assert lines[lines.index("du> hej") + 1] == t("error.apology", "sv")


def test_show_card_opens_its_card_with_the_outer_inputs() -> None:
    inner = {"body": [], "actions": [{"type": "Action.Submit", "title": "Spara"}]}
    card = {
        "body": [{"type": "Input.Text", "id": "note", "label": "Anteckning"}],
        "actions": [{"type": "Action.ShowCard", "title": "Lägg till", "card": inner}],
    }

    shown = render_card(card).choices[0]
    opened = render_card(shown.card or {}, inherited=shown.fields)

    assert [(c.title, c.value, [f.id for f in c.fields]) for c in opened.choices] == [
        ("Spara", {}, ["note"])
    ]


async def test_a_reminder_set_in_the_terminal_comes_back_there(sqlite_url: str) -> None:
    clock = FrozenClock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    out = io.StringIO()

    async def answers(_prompt: str) -> str:
        step = next(script)
        if step == "wait":
            clock.advance(timedelta(minutes=21))
            for _ in range(200):  # the delivery loop runs every 10 ms here
                if "Påminnelse" in out.getvalue().splitlines():
                    break
                await asyncio.sleep(0.01)
            return "1"  # the first button of the delivered card: Klar
        return step

    script = iter(["påminn mig om 20 min att ringa FK", "wait", "/avsluta"])
    await run_chat(
        Config(database_url=sqlite_url),
        input_fn=answers,
        output=out,
        clock=clock,
        reminder_every=0.01,
    )

    lines = out.getvalue().splitlines()
    assert any(
        line.startswith("Klart! Jag påminner dig söndag 2026-11-22 kl 10:20") for line in lines
    )
    delivered = lines.index("Påminnelse")
    assert lines[delivered + 1] == "ringa FK"
    assert lines[delivered + 2].startswith("1) Klar  2) Snooza 15 min")
    assert "Bra, markerad som klar." in lines[delivered + 3 :]


# -- numbers mean one thing ---------------------------------------------------------------
async def test_typing_6_on_the_rating_card_saves_6(sqlite_url: str) -> None:
    # Spara, today, ångest 6, no sömn, no note; the demo has today's ratings already.
    lines = await chat(sqlite_url, ["skatta K-1001", "Spara", "", "6", "", "", "Ersätt"])

    assert "  1  2  3  4  5  6  7  8  9" in lines
    assert any(line.startswith("ångest ") and line.endswith("Ersätta med 6?") for line in lines)
    assert any(line.startswith("- **ångest** 6 (ersatte ") for line in lines)


SCALE = CardInput(
    id="target_1",
    kind="ChoiceSet",
    label="ångest",
    choices=(
        ("0 – ingen ångest", "0"),
        *((str(n), str(n)) for n in range(1, 10)),
        ("10 – värsta tänkbara ångest", "10"),
    ),
)


def test_a_scale_shows_its_values_and_takes_them_as_typed() -> None:
    assert option_lines(SCALE) == [
        "ångest",
        "  0 – ingen ångest",
        "  1  2  3  4  5  6  7  8  9",
        "  10 – värsta tänkbara ångest",
    ]
    assert check_answer(SCALE, "6") == ("6", None)
    assert check_answer(SCALE, "10") == ("10", None)
    assert check_answer(SCALE, "11")[0] is None


def test_words_are_still_numbered_options() -> None:
    field = CardInput(id="x", kind="ChoiceSet", label="X", choices=(("lör 5/12", "2026-12-05"),))

    assert field.scale is None
    assert option_lines(field) == ["X", "  1) lör 5/12"]
    assert check_answer(field, "1") == ("2026-12-05", None)


NUMBERED = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [
        {"type": "TextBlock", "text": "Lediga tider:"},
        {"type": "TextBlock", "text": "1. tisdag 2026-12-08 kl 14:30–15:30"},
        {"type": "TextBlock", "text": "2. onsdag 2026-12-09 kl 09:00–10:00"},
        {"type": "TextBlock", "text": "Svara boka, eller ett nummer för en föreslagen tid."},
    ],
    "actions": [
        {"type": "Action.Submit", "title": "Boka", "data": {"choice": "book"}},
        {"type": "Action.Submit", "title": "tisdag 14:30", "data": {"choice": "slot1"}},
        {"type": "Action.Submit", "title": "onsdag 09:00", "data": {"choice": "slot2"}},
    ],
}


class NumberedBot(FormBot):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        if turn_context.activity.text == "lista":
            card = CardFactory.adaptive_card(NUMBERED)
            await turn_context.send_activity(MessageFactory.attachment(card))
        else:
            await super().on_message_activity(turn_context)


async def test_buttons_get_letters_when_the_card_asks_for_a_number_of_its_own() -> None:
    out = io.StringIO()
    identity = ConsoleIdentity("anna", "Anna", "tenant", "sv-SE", "Europe/Stockholm")
    script = Script(["lista", "2", "lista", "b"], out)

    await ConsoleChat(NumberedBot().on_turn, identity, read=script, output=out).run()

    lines = out.getvalue().splitlines()
    assert "a) Boka  b) tisdag 14:30  c) onsdag 09:00" in lines
    assert lines[lines.index("du> 2") + 1] == "text 2"  # the card's own number 2, for the bot
    assert lines[lines.index("du> b") + 1 : lines.index("du> b") + 3] == [
        "(skickar: tisdag 14:30)",
        'value {"choice": "slot1"} text None',
    ]


# -- buttons under what they act on -------------------------------------------------------
async def test_each_reminders_buttons_come_right_under_it(sqlite_url: str) -> None:
    clock = FrozenClock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    out = io.StringIO()
    script = Script(
        [
            "påminn mig imorgon kl 9 att ringa FK",
            "påminn mig på fredag kl 10 att skicka rapporten",
            "påminnelser",
            "6",
            "påminnelser",
        ],
        out,
    )

    await run_chat(Config(database_url=sqlite_url), input_fn=script, output=out, clock=clock)

    lines = out.getvalue().splitlines()
    listed = lines.index("du> påminnelser")
    assert lines[listed + 1 : listed + 9] == [
        "Dina påminnelser",
        "ringa FK",
        "2026-11-23 kl 09:00",
        "  1) Klar  2) Snooza 15 min  3) Snooza 1 h  4) Imorgon 08:00  5) Ta bort",
        "skicka rapporten",
        "2026-11-27 kl 10:00",
        "  6) Klar  7) Snooza 15 min  8) Snooza 1 h  9) Imorgon 08:00  10) Ta bort",
        "",
    ]
    again = len(lines) - 1 - lines[::-1].index("du> påminnelser")
    assert lines[again + 1 : again + 4] == ["Dina påminnelser", "ringa FK", "2026-11-23 kl 09:00"]
    assert "skicka rapporten" not in lines[again:]


# -- people's words, never ids or values --------------------------------------------------
def form_line(lines: list[str]) -> str:
    return [line for line in lines if line.startswith("Formulär: ")][-1]


async def test_the_rating_card_shows_labels_and_the_default_day_by_its_title(
    sqlite_url: str,
) -> None:
    lines = await chat(sqlite_url, ["skatta K-1001", "Spara", "", "", "", ""])

    assert form_line(lines) == (
        "Formulär: Vilken dag gäller det?, ångest, sömn, Anteckning (valfri, inga namn)"
        " – välj en knapp så frågar jag ett fält i taget."
    )
    day = next(line for line in lines if line.startswith("Välj 1–8"))
    assert day.startswith("Välj 1–8 [Idag ")  # the title, not 2026-…


async def test_the_new_target_card_shows_choice_titles_as_defaults(sqlite_url: str) -> None:
    answers = ["oro", "ingen oro", "mycket oro", "", "", "", "", ""]
    lines = await chat(sqlite_url, ["nytt mål K-1001", "Lägg till målet", *answers])

    assert "Välj 1–2 [lägre är bättre]: " in lines
    assert "Välj 1–4 [varje dag]: " in lines
    assert not [line for line in lines if "[lower]" in line or "[daily]" in line]


async def test_the_booking_summary_names_the_role_picker_by_its_person(sqlite_url: str) -> None:
    clock = FrozenClock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))
    out = io.StringIO()
    steps = ["boka K-1001", "standard", "tisdag 13.30", "ok", "Kumla kommunhus"]
    script = Script([*steps, "Omar Said, omar.said@fk.se", "1", ""], out)
    config = Config(database_url=sqlite_url, demo_data=True)

    await run_chat(config, input_fn=script, output=out, clock=clock)

    lines = out.getvalue().splitlines()
    assert form_line(lines).startswith("Formulär: Omar Said – omar.said@fk.se – ")
    assert "role0" not in out.getvalue()
    asked = lines.index("du> 1")
    assert lines[asked + 1 : asked + 5] == [
        "Omar Said – omar.said@fk.se",
        "  1) kallad",
        "  2) inbjuden",
        "Välj 1–2 [inbjuden]: ",
    ]


def test_the_participants_card_asks_each_person_by_name_with_yes_as_default() -> None:
    anna = ParticipantDraft(name="Anna Berg", email=None, agency="FK", agency_kind="fk")

    fields = render_card(participants_card("sv", [anna])).choices[0].fields

    assert [f.label for f in fields] == [
        "Anna Berg (FK)",
        t("meeting.participants.card.others", "sv"),
    ]
    assert question(fields[0]) == "Anna Berg (FK) (j/n) [ja]: "


def test_an_input_without_a_label_is_named_by_the_text_before_it() -> None:
    card = {
        "body": [
            {"type": "TextBlock", "text": "**Omar Said**"},
            {
                "type": "ColumnSet",
                "columns": [{"type": "Column", "items": [{"type": "Input.Text", "id": "x7"}]}],
            },
            {"type": "Input.Text", "id": "y8", "placeholder": "Anteckning"},
        ],
        "actions": [{"type": "Action.Submit", "title": "Spara"}],
    }

    assert [f.label for f in render_card(card).choices[0].fields] == ["Omar Said", "Anteckning"]


# -- the console speaks the user's language -----------------------------------------------
async def test_english_chrome_from_the_start(sqlite_url: str) -> None:
    answers = ["worry", "none", "a lot", "", "", "x", "0", "", ""]
    lines = await chat(sqlite_url, ["new target K-1001", "1", *answers], lang="en")

    text = "\n".join(lines)
    assert lines[0] == t("console.banner.title", "en")
    assert "you> new target K-1001" in lines
    assert any(line.startswith("Form: Name (e.g. anxiety), ") for line in lines)
    assert "Choose 1–2 [lower is better]: " in lines
    assert lines[lines.index("Minimum (number) [0]: x") + 1] == "Type a number."
    assert "(sending: Add the target)" in lines
    assert lines[-1] == t("console.goodbye", "en")
    for swedish in ("Formulär", "Välj", "(j/n)", "(TT:MM)", "(tal", "du> ", "skickar"):
        assert swedish not in text


async def test_switching_to_english_in_settings_switches_the_console_too(sqlite_url: str) -> None:
    switched = await chat(sqlite_url, ["inställningar", "Engelska", "behåll", "help"])
    assert "you> help" in switched  # at once, in the same run

    lines = await chat(sqlite_url, ["rate K-1001", "1", "", "6", "", "", "Replace", "/quit"])

    assert lines[0] == t("console.banner.title", "en")
    assert "you> rate K-1001" in lines
    assert "(sending: Save)" in lines  # typed 1
    assert "Choose 1–8 [Today " in "\n".join(lines)
    assert "Type a value, 0–10: 6" in lines
    assert lines[-1] == t("console.goodbye", "en")


def test_answer_checks_speak_english() -> None:
    assert check_answer(CardInput(id="x", kind="Time", label="X"), "25:00", "en") == (
        None,
        "Write the time as HH:MM, e.g. 14:00.",
    )
    assert check_answer(SCALE, "11", "en") == (
        None,
        "Type one of the values 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10.",
    )
    assert question(CardInput(id="x", kind="Time", label="At"), "en") == "At (HH:MM): "
    assert question(CardInput(id="x", kind="Date", label="On"), "en") == "On (YYYY-MM-DD): "
    toggle = CardInput(id="x", kind="Toggle", label="Share", default="true")
    assert question(toggle, "en") == "Share (y/n) [yes]: "


async def test_what_the_terminal_sends_is_cleaned_as_what_teams_sends(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The operator's account name (GECOS) and typed bytes that are not UTF-8 (a lone
    surrogate from the terminal's decoding) reach the same tables as a Teams client's."""
    monkeypatch.setattr("bot.console._os_user", lambda lang: ("olle", "Olle 19121212-1212"))

    lines = await chat(sqlite_url, ["påminn mig att ringa FK \udcff", "imorgon kl 9"])

    assert t("error.apology", "sv") not in lines
    engine = create_engine(sync_url(sqlite_url))
    with engine.connect() as conn:
        names = conn.execute(text("SELECT name FROM staff_users")).scalars().all()
        reminders = conn.execute(text("SELECT text FROM reminders")).scalars().all()
    engine.dispose()
    assert names == ["Olle"]
    assert reminders == ["ringa FK \ufffd"]
