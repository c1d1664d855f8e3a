"""Texts for how a conversation goes (bot/conversation.py): what was put aside, going
back, dropping, examples after two unread answers, thanks. Each feature keeps the
texts about its own commands and questions in its own catalog: `help.topic.<key>`
(`hjälp <kommando>`), `examples.<question id>` and `open.what.<key>`."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "thanks.reply": {
        "sv": "Varsågod! Skriv **hjälp** om du vill se vad mer jag kan.",
        "en": "You're welcome! Type **help** to see what else I can do.",
    },
    "clients.pick": {
        # The buttons may hold a unit's code (E-2001) as well as clients'.
        "sv": "Vilken kod? Tryck på en av dina, eller skriv **{command}** och koden, "
        "t.ex. {command} K-1042.",
        "en": "Which code? Tap one of yours, or type **{command}** and the code, "
        "e.g. {command} K-1042.",
    },
    # What is open
    "open.put_aside": {
        "sv": "Du höll på att {what} – det ligger kvar.",
        "en": "You were about to {what} – it is kept for you.",
    },
    "open.stale": {
        "sv": "Du har något påbörjat sedan tidigare: {what}. Vill du fortsätta?",
        "en": "You have something unfinished from earlier: {what}. Do you want to go on?",
    },
    "open.resumed": {"sv": "Vi fortsätter: {what}.", "en": "Let's go on: {what}."},
    "open.dropped": {
        "sv": "Okej, jag släppte det: {what}.",
        "en": "Okay, I dropped it: {what}.",
    },
    "open.nothing_to_resume": {
        "sv": "Det finns inget påbörjat att fortsätta med.",
        "en": "There is nothing unfinished to go on with.",
    },
    "open.nothing_to_drop": {
        "sv": "Det finns inget påbörjat att släppa.",
        "en": "There is nothing unfinished to drop.",
    },
    "open.already": {
        "sv": "Vi är redan mitt i det här:",
        "en": "We are already in the middle of this:",
    },
    "open.for_client": {"sv": "{what} för {code}", "en": "{what} for {code}"},
    "open.what.settings": {"sv": "ändra inställningar", "en": "change settings"},
    "open.what.any": {"sv": "{word}", "en": "{word}"},
    # After two answers a question could not read
    "examples.any": {
        "sv": "Jag förstår inte svaret. Svara på frågan ovan, skriv ett annat kommando, "
        "eller avbryt.",
        "en": "I can't read that answer. Answer the question above, type another command, "
        "or cancel.",
    },
    "examples.settings.language_prompt": {
        "sv": "Svara **svenska**, **engelska** eller **auto**. Eller avbryt.",
        "en": "Answer **swedish**, **english** or **auto**. Or cancel.",
    },
    "examples.settings.timezone_prompt": {
        "sv": "Exempel: **Europe/Stockholm**, **ok** för att behålla. Eller avbryt.",
        "en": "Examples: **Europe/Stockholm**, **ok** to keep it. Or cancel.",
    },
    # Help for one command: `hjälp boka`, "hur bokar jag ett möte?"
    "help.topic.settings": {
        "sv": "**inställningar** ändrar språk och tidszon; **inställningar skattning** när "
        "du påminns om att skatta.",
        "en": "**settings** changes language and time zone; **settings rating** when you "
        "are prompted to rate.",
    },
}
