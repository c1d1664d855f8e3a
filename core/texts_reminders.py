"""User-facing texts about reminders and their delivery (merged into core.i18n.CATALOG)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # The delivered reminder card (bot/reminder_cards.py)
    "reminder.card.title": {"sv": "Påminnelse", "en": "Reminder"},
    "reminder.card.title_from": {"sv": "Påminnelse från {name}", "en": "Reminder from {name}"},
    "reminder.card.late": {
        "sv": "Försenad, skulle ha kommit kl {time}.",
        "en": "Late, this should have arrived at {time}.",
    },
    "reminder.card.late_other_day": {
        "sv": "Försenad, skulle ha kommit {date} kl {time}.",
        "en": "Late, this should have arrived on {date} at {time}.",
    },
    "reminder.card.recurring": {
        "sv": "Återkommande påminnelse.",
        "en": "Recurring reminder.",
    },
    "reminder.action.done": {"sv": "Klar", "en": "Done"},
    "reminder.action.snooze15": {"sv": "Snooza 15 min", "en": "Snooze 15 min"},
    "reminder.action.snooze60": {"sv": "Snooza 1 h", "en": "Snooze 1 h"},
    "reminder.action.tomorrow": {"sv": "Imorgon 08:00", "en": "Tomorrow 08:00"},
    "reminder.action.delete": {"sv": "Ta bort", "en": "Delete"},
    # The list of reminders (påminnelser)
    "reminder.list.title": {"sv": "Dina påminnelser", "en": "Your reminders"},
    "reminder.list.empty": {
        "sv": "Du har inga påminnelser just nu. Skriv t.ex. **påminn mig imorgon kl 9 att …**",
        "en": "You have no reminders right now. Type e.g. **remind me tomorrow at 9 to …**",
    },
    "reminder.list.next": {"sv": "{date} kl {time}", "en": "{date} at {time}"},
    "reminder.list.nothing_planned": {"sv": "inget planerat", "en": "nothing planned"},
    # One summary of what was missed during downtime
    "reminder.missed.one": {
        "sv": "Medan jag var nere missade du en påminnelse:",
        "en": "While I was down, you missed a reminder:",
    },
    "reminder.missed.many": {
        "sv": "Medan jag var nere missade du {count} påminnelser:",
        "en": "While I was down, you missed {count} reminders:",
    },
    "reminder.missed.one_team": {
        "sv": "Medan jag var nere missade ni en påminnelse:",
        "en": "While I was down, you missed a reminder:",
    },
    "reminder.missed.many_team": {
        "sv": "Medan jag var nere missade ni {count} påminnelser:",
        "en": "While I was down, you missed {count} reminders:",
    },
    "reminder.missed.item": {"sv": "{date} {time} – {text}", "en": "{date} {time} – {text}"},
    "reminder.missed.item_repeated": {
        "sv": "{date} {time} – {text} (och {more} gånger till)",
        "en": "{date} {time} – {text} (and {more} more times)",
    },
    "reminder.missed.more": {"sv": "… och {count} till.", "en": "… and {count} more."},
    "reminder.missed.footer": {
        "sv": "Skriv **påminnelser** så ser du dem du har kvar.",
        "en": "Type **reminders** to see the ones you have left.",
    },
}
