"""User-facing texts about reminders and their delivery (merged into core.i18n.CATALOG)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # The delivered reminder card (dialogs/cards/reminder.py)
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
    # påminn: setting a reminder (dialogs/remind_dialog.py)
    "remind.ask_what": {
        "sv": "Vad ska jag påminna om?",
        "en": "What should I remind you about?",
    },
    "remind.retry_what": {
        "sv": "Skriv kort vad påminnelsen gäller, högst 500 tecken.",
        "en": "Say briefly what the reminder is about, at most 500 characters.",
    },
    "remind.text_too_long": {
        "sv": "Texten är för lång för en påminnelse (högst {limit} tecken), så jag sparade "
        "ingenting. Skriv en kortare text:",
        "en": "The text is too long for a reminder (at most {limit} characters), so I saved "
        "nothing. Please write a shorter text:",
    },
    "remind.ask_when": {
        "sv": "När ska jag påminna?",
        "en": "When should I remind you?",
    },
    "remind.ask_which": {
        "sv": "Menar du {first} eller {second}? Svara **1** eller **2**, eller skriv en annan tid.",
        "en": "Do you mean {first} or {second}? Answer **1** or **2**, or type another time.",
    },
    "remind.saved.me": {
        "sv": "Klart! Jag påminner dig {when}:\n\n{text}",
        "en": "Done! I'll remind you {when}:\n\n{text}",
    },
    "remind.saved.colleague": {
        "sv": "Klart! Jag påminner {name} {when}:\n\n{text}",
        "en": "Done! I'll remind {name} {when}:\n\n{text}",
    },
    "remind.saved.team": {
        "sv": "Klart! Jag påminner er här {when}:\n\n{text}",
        "en": "Done! I'll remind you all here {when}:\n\n{text}",
    },
    "remind.team_needs_channel": {
        "sv": "**påminn teamet** fungerar i en kanal eller gruppchatt där jag finns. Här kan du "
        "skriva **påminn mig …**",
        "en": "**remind team** works in a channel or group chat I'm part of. Here you can type "
        "**remind me …**",
    },
    "remind.name_needs_mention": {
        "sv": "Vill du påminna någon annan skriver du @ och väljer personen i listan, t.ex. "
        "**påminn @Anna Berg nästa tisdag 9.30 att boka tolk**. En påminnelse till dig "
        "själv skriver du **påminn mig …**, t.ex. **påminn mig imorgon kl 9 att ringa FK**. "
        "Jag sparade ingenting.",
        "en": "To remind someone else, type @ and pick the person from the list, e.g. "
        "**remind @Anna Berg next Tuesday 9:30 to book an interpreter**. For a reminder to "
        "yourself, write **remind me …**, e.g. **remind me tomorrow at 9 to call FK**. "
        "I saved nothing.",
    },
    "remind.colleague_not_mentioned": {
        "sv": "Vem menar du med {name}? Skriv @ och välj personen i listan, så vet jag vem det är.",
        "en": "Who do you mean by {name}? Type @ and pick the person from the list so I know who "
        "it is.",
    },
    "remind.colleague_without_bot": {
        "sv": "{name} har inte öppnat Samverkansboten än, så jag kan inte nå hen. Be {name} "
        "lägga till boten i Teams först.",
        "en": "{name} hasn't opened Samverkansboten yet, so I can't reach them. Ask {name} to add "
        "the bot in Teams first.",
    },
    "remind.unknown_user": {
        "sv": "Jag vet inte vem du är än – skriv **hjälp** en gång och försök igen.",
        "en": "I don't know who you are yet – type **help** once and try again.",
    },
    # Buttons pressed on a reminder card
    "reminder.acted.done": {"sv": "Bra, markerad som klar.", "en": "Good, marked as done."},
    "reminder.acted.deleted": {
        "sv": "Påminnelsen är borttagen.",
        "en": "The reminder is deleted.",
    },
    "reminder.acted.snoozed": {
        "sv": "Jag påminner igen {date} kl {time}.",
        "en": "I'll remind you again on {date} at {time}.",
    },
    "reminder.acted.gone": {
        "sv": "Den påminnelsen finns inte längre.",
        "en": "That reminder no longer exists.",
    },
    "reminder.acted.unknown": {
        "sv": "Den knappen känner jag inte igen.",
        "en": "I don't recognise that button.",
    },
    # Help for its commands (`hjälp <kommando>`) and examples after two misses
    "help.topic.remind": {
        "sv": "**påminn mig imorgon kl 9 att ringa FK**, **påminn mig varje vardag kl 7.45 "
        "att skatta**, **påminn @kollega på fredag att …**.",
        "en": "**remind me tomorrow at 9 to call FK**, **remind me every weekday at 7.45 to "
        "rate**, **remind @colleague on friday to …**.",
    },
    "help.topic.reminders": {
        "sv": "**påminnelser** visar dina påminnelser med Klar, Snooza och Ta bort.",
        "en": "**reminders** lists your reminders with Done, Snooze and Delete.",
    },
    "examples.remind.when": {
        "sv": "Exempel: **imorgon kl 9**, **på fredag 14.00**, **om 2 timmar**, "
        "**varje vardag kl 7.45**. Eller avbryt.",
        "en": "Examples: **tomorrow at 9**, **on friday at 2pm**, **in 2 hours**, "
        "**every weekday at 7.45**. Or cancel.",
    },
    "examples.remind.what": {
        "sv": "Skriv vad jag ska påminna om, till exempel **ringa FK om K-1042**. Eller avbryt.",
        "en": "Write what to remind you of, for example **call FK about K-1042**. Or cancel.",
    },
    # What a dialog put aside is doing (bot/conversation.py)
    "open.what.remind": {"sv": "lägga in en påminnelse", "en": "set a reminder"},
}
