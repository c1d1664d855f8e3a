"""What `samverkan chat` itself says around the bot (merged into core.i18n.CATALOG)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # Start and end
    "console.banner.title": {
        "sv": "Samverkansboten i terminalen – samma bot och samma databas som i Teams.",
        "en": "Samverkansboten in the terminal – the same bot and the same database as in Teams.",
    },
    "console.banner.database": {"sv": "Databas: {database}", "en": "Database: {database}"},
    "console.banner.you": {
        "sv": "Du är {name} ({user_id}). Skriv siffran eller bokstaven framför en knapp för "
        "att trycka på den.",
        "en": "You are {name} ({user_id}). Type the number or letter before a button to press it.",
    },
    "console.banner.quit": {
        "sv": "Avsluta med /avsluta, Ctrl-D eller Ctrl-C. Skriv avbryt för att avbryta en dialog.",
        "en": "Quit with /quit, Ctrl-D or Ctrl-C. Type cancel to stop a dialog.",
    },
    "console.goodbye": {
        "sv": "Hej då! Det du har påbörjat finns kvar nästa gång du kör samverkan chat.",
        "en": "Bye! Whatever you started is still there the next time you run samverkan chat.",
    },
    "console.prompt": {"sv": "du> ", "en": "you> "},
    "console.local_user": {"sv": "Lokal användare", "en": "Local user"},
    "console.sending": {"sv": "(skickar: {what})", "en": "(sending: {what})"},
    # Cards as text
    "console.form": {
        "sv": "Formulär: {labels} – välj en knapp så frågar jag ett fält i taget.",
        "en": "Form: {labels} – choose a button and I'll ask one field at a time.",
    },
    "console.field": {"sv": "Svar", "en": "Answer"},
    "console.image": {"sv": "[bild: {name}]", "en": "[image: {name}]"},
    "console.file": {"sv": "[fil: {name} – {url}]", "en": "[file: {name} – {url}]"},
    "console.file_saved": {"sv": "[sparad: {path}]", "en": "[saved: {path}]"},
    "console.consent": {
        "sv": "Fil: {name} ({size} byte) – {description}",
        "en": "File: {name} ({size} bytes) – {description}",
    },
    "console.consent.accept": {"sv": "Tillåt", "en": "Allow"},
    "console.consent.decline": {"sv": "Avböj", "en": "Decline"},
    # Asking a card's inputs
    "console.ask.choose": {"sv": "Välj {span}", "en": "Choose {span}"},
    "console.ask.choose_many": {
        "sv": "Välj en eller flera av {span}, t.ex. 1,2",
        "en": "Choose one or more of {span}, e.g. 1,2",
    },
    "console.ask.value": {"sv": "Skriv ett värde, {span}", "en": "Type a value, {span}"},
    "console.ask.values": {
        "sv": "Skriv ett eller flera värden, {span}, t.ex. {example}",
        "en": "Type one or more values, {span}, e.g. {example}",
    },
    "console.hint.number": {"sv": "tal", "en": "number"},
    "console.hint.date": {"sv": "ÅÅÅÅ-MM-DD", "en": "YYYY-MM-DD"},
    "console.hint.time": {"sv": "TT:MM", "en": "HH:MM"},
    "console.hint.toggle": {"sv": "j/n", "en": "y/n"},
    "console.toggle.on": {"sv": "ja", "en": "yes"},
    "console.toggle.off": {"sv": "nej", "en": "no"},
    # Answers that do not fit
    "console.error.required": {
        "sv": "Det här fältet måste fyllas i.",
        "en": "This field must be filled in.",
    },
    "console.error.date": {
        "sv": "Skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-12-03.",
        "en": "Write the date as YYYY-MM-DD, e.g. 2026-12-03.",
    },
    "console.error.time": {
        "sv": "Skriv tiden som TT:MM, t.ex. 14:00.",
        "en": "Write the time as HH:MM, e.g. 14:00.",
    },
    "console.error.choice": {
        "sv": "Välj ett nummer mellan 1 och {count}.",
        "en": "Choose a number between 1 and {count}.",
    },
    "console.error.value": {
        "sv": "Skriv ett av värdena {values}.",
        "en": "Type one of the values {values}.",
    },
    "console.error.toggle": {"sv": "Svara j eller n.", "en": "Answer y or n."},
    "console.error.number": {"sv": "Skriv ett tal.", "en": "Type a number."},
    "console.error.range": {
        "sv": "Skriv ett tal i intervallet {span}.",
        "en": "Type a number in the range {span}.",
    },
}
