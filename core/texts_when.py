"""User-facing texts about times and recurrence (merged into core.i18n.CATALOG).

The reason keys are what core.timephrases returns in NotUnderstood and Ambiguous;
the bot shows the reason, then "when.ask_back" with examples from
core.timephrases.examples(lang), joined with ", ".
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # Why a time was not taken (NotUnderstood.reason / Ambiguous.reason)
    "when.unknown": {
        "sv": "Jag förstod inte när.",
        "en": "I didn't understand when.",
    },
    "when.ask_back": {
        "sv": "Skriv t.ex. {examples}.",
        "en": "Write e.g. {examples}.",
    },
    "when.in_past": {
        "sv": "Den tiden har redan varit. Skriv en tid som inte har passerat.",
        "en": "That time has already passed. Please give a time that is still ahead.",
    },
    "when.bad_clock": {
        "sv": "Den tiden finns inte på klockan: timmen ska vara 0–23 och minuterna 0–59.",
        "en": "That time isn't on the clock: the hour must be 0–23 and the minutes 0–59.",
    },
    "when.no_such_date": {
        "sv": "Det datumet finns inte i kalendern.",
        "en": "That date doesn't exist in the calendar.",
    },
    "when.need_time": {
        "sv": "Vilken tid? Skriv t.ex. idag kl 16 eller halv tre i natt.",
        "en": "At what time? Write e.g. today at 4pm or 2:30 at night.",
    },
    "when.weekday_mismatch": {
        "sv": "Veckodagen stämmer inte med datumet. Kolla gärna och skriv igen.",
        "en": "The weekday doesn't match the date. Please check and write it again.",
    },
    "when.ambiguous_hour": {
        "sv": "Menar du på natten eller på dagen? Välj en av tiderna:",
        "en": "Do you mean at night or in the daytime? Pick one of the times:",
    },
    # Asking for a reminder (core.timephrases.parse_reminder)
    "reminder.no_text": {
        "sv": "Vad ska jag påminna om? Skriv t.ex. påminn mig imorgon kl 9 att ringa FK.",
        "en": "What should I remind you about? Write e.g. remind me tomorrow at 9 to call FK.",
    },
    "reminder.no_time": {
        "sv": "När vill du bli påmind? Skriv t.ex. påminn mig imorgon kl 9 att ringa FK.",
        "en": "When would you like the reminder? Write e.g. remind me tomorrow at 9 to call FK.",
    },
    # A time said back: "måndag 2026-11-23 kl 09:00 (Europe/Stockholm)"
    "when.describe.one_time": {
        "sv": "{weekday} {date} kl {time} ({tz})",
        "en": "{weekday} {date} at {time} ({tz})",
    },
    "when.describe.recurring": {
        "sv": "{rule} kl {time}, första gången {first}",
        "en": "{rule} at {time}, first on {first}",
    },
    "when.weekday.mo": {"sv": "måndag", "en": "Monday"},
    "when.weekday.tu": {"sv": "tisdag", "en": "Tuesday"},
    "when.weekday.we": {"sv": "onsdag", "en": "Wednesday"},
    "when.weekday.th": {"sv": "torsdag", "en": "Thursday"},
    "when.weekday.fr": {"sv": "fredag", "en": "Friday"},
    "when.weekday.sa": {"sv": "lördag", "en": "Saturday"},
    "when.weekday.su": {"sv": "söndag", "en": "Sunday"},
    "when.and": {"sv": "och", "en": "and"},
    # A rule said back: "varje vardag", "första måndagen i månaden"
    "when.rule.daily": {"sv": "varje dag", "en": "every day"},
    "when.rule.every_other_day": {"sv": "varannan dag", "en": "every other day"},
    "when.rule.weekdays": {"sv": "varje vardag", "en": "every weekday"},
    "when.rule.weekly": {"sv": "varje {days}", "en": "every {days}"},
    "when.rule.every_other": {"sv": "varannan {days}", "en": "every other {days}"},
    "when.rule.nth_weekday": {
        "sv": "{nth} {day}en i månaden",
        "en": "the {nth} {day} of the month",
    },
    "when.rule.monthday": {"sv": "den {day} varje månad", "en": "on the {day} of every month"},
    "when.rule.last_day": {"sv": "sista dagen i månaden", "en": "on the last day of the month"},
    "when.rule.other": {"sv": "enligt regeln {rule}", "en": "by the rule {rule}"},
    "when.nth.1": {"sv": "första", "en": "first"},
    "when.nth.2": {"sv": "andra", "en": "second"},
    "when.nth.3": {"sv": "tredje", "en": "third"},
    "when.nth.4": {"sv": "fjärde", "en": "fourth"},
    "when.nth.-1": {"sv": "sista", "en": "last"},
}
