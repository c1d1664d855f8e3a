"""Texts for a client's crisis plan: `krisplan K-1042` and writing it."""

from __future__ import annotations

from collections.abc import Mapping

_CONTACT_FORMAT_SV = (
    "En kontakt per rad: **namn, telefon, när**, t.ex. **Psykiatriakuten, 019-602 00 00, "
    "dygnet runt** eller **Mamma Eva, 070-123 45 67, kväll**. Utan telefon letar jag upp "
    "namnet i katalogen: **Mobila teamet Örebro, natt**. När: dag, kväll, natt eller "
    "dygnet runt."
)
_CONTACT_FORMAT_EN = (
    "One contact per line: **name, phone, when**, e.g. **Psychiatric emergency, 019-602 00 "
    "00, around the clock** or **Mum Eva, 070-123 45 67, evening**. Without a phone I look "
    "the name up in the directory: **Mobila teamet Örebro, night**. When: day, evening, "
    "night or around the clock."
)

TEXTS: Mapping[str, Mapping[str, str]] = {
    "cmd.crisis_plan": {
        "sv": "krisplanen för en klient: tidiga tecken, vad vi gör, vem man ringer",
        "en": "a client's crisis plan: early signs, what we do, whom to call",
    },
    "help.topic.crisis_plan": {
        "sv": "**krisplan K-1042** visar krisplanen: tidiga tecken, vad vi gör, personens "
        "egna ord och vem man ringer – de som går att nå just nu först. Samordnare skriver "
        "den med **krisplan K-1042 ändra**. Vårdteamet, verksamhetssamordnarna och enhetschefen "
        "läser den; varje läsning och ändring loggas.",
        "en": "**crisis plan K-1042** shows the crisis plan: early signs, what we do, the "
        "person's own words and whom to call – those reachable right now first. "
        "Coordinators write it with **crisis plan K-1042 edit**. The care team, the unit "
        "coordinators and the unit manager read it; every read and change is logged.",
    },
    "open.what.crisis_plan": {"sv": "skriva krisplanen", "en": "write the crisis plan"},
    "crisis.usage": {
        "sv": "Skriv **krisplan K-1042** för att se krisplanen, eller **krisplan K-1042 "
        "ändra** för att skriva den (samordnare).",
        "en": "Type **crisis plan K-1042** to see the crisis plan, or **crisis plan K-1042 "
        "edit** to write it (coordinators).",
    },
    "crisis.unknown_user": {
        "sv": "Jag vet inte vem du är än. Skriv **hej** först.",
        "en": "I don't know who you are yet. Say **hi** first.",
    },
    # The plan as shown
    "crisis.title": {"sv": "Krisplan för {code}", "en": "Crisis plan for {code}"},
    "crisis.none": {
        "sv": "{code} har ingen krisplan än.",
        "en": "{code} has no crisis plan yet.",
    },
    "crisis.none.write": {
        "sv": "Du är samordnare: skriv den med **krisplan {code} ändra**.",
        "en": "You are a coordinator: write it with **crisis plan {code} edit**.",
    },
    "crisis.none.ask": {
        "sv": "Be samordnaren i vårdteamet skriva den (**krisplan {code} ändra**).",
        "en": "Ask the care coordinator to write it (**crisis plan {code} edit**).",
    },
    "crisis.section.call_now": {
        "sv": "Ring nu ({part})",
        "en": "Call now ({part})",
    },
    "crisis.section.call_now.none": {
        "sv": "Ingen i planen går att nå nu ({part}). Ring 112 vid fara.",
        "en": "Nobody in the plan is reachable now ({part}). Call 112 in an emergency.",
    },
    "crisis.section.call_later": {"sv": "Andra tider", "en": "Other times"},
    "crisis.section.signs": {"sv": "Tidiga tecken", "en": "Early signs"},
    "crisis.section.steps": {"sv": "Vad gör vi", "en": "What we do"},
    "crisis.section.own_words": {
        "sv": "Vad hjälper mig (med egna ord)",
        "en": "What helps me (in my own words)",
    },
    "crisis.contact.removed": {
        "sv": "(en kontakt som har tagits bort ur katalogen – uppdatera planen)",
        "en": "(a contact removed from the directory – update the plan)",
    },
    "crisis.contact.directory": {"sv": "katalogen", "en": "directory"},
    "crisis.updated": {
        "sv": "Senast ändrad {date} av {who}.",
        "en": "Last changed {date} by {who}.",
    },
    "crisis.updated.anonymous": {"sv": "Senast ändrad {date}.", "en": "Last changed {date}."},
    "crisis.edit": {"sv": "Ändra", "en": "Edit"},
    "crisis.part.day": {"sv": "dag", "en": "day"},
    "crisis.part.evening": {"sv": "kväll", "en": "evening"},
    "crisis.part.night": {"sv": "natt", "en": "night"},
    "crisis.part.always": {"sv": "dygnet runt", "en": "around the clock"},
    # Writing it
    "crisis.ask.signs": {
        "sv": "Krisplan för {code}. **Tidiga tecken**: vad visar att det börjar gå åt fel "
        "håll? Ett tecken per rad (eller skilj med ;).",
        "en": "Crisis plan for {code}. **Early signs**: what shows that things are going the "
        "wrong way? One sign per line (or separate with ;).",
    },
    "crisis.ask.steps": {
        "sv": "**Vad gör vi** när tecknen syns? Ett steg per rad, i ordning.",
        "en": "**What do we do** when the signs show? One step per line, in order.",
    },
    "crisis.ask.own_words": {
        "sv": "**Vad hjälper mig**, med personens egna ord? Skriv **-** om ni hoppar över det.",
        "en": "**What helps me**, in the person's own words? Type **-** to leave it out.",
    },
    "crisis.ask.contacts": {
        "sv": "**Vem ringer vi**, dag och natt? " + _CONTACT_FORMAT_SV,
        "en": "**Whom do we call**, day and night? " + _CONTACT_FORMAT_EN,
    },
    "crisis.ask.keep": {
        "sv": "Skriv **behåll** för att behålla det som står nu.",
        "en": "Type **keep** to keep what is there now.",
    },
    "crisis.retry": {
        "sv": "Skriv igen, eller **avbryt**.",
        "en": "Try again, or type **cancel**.",
    },
    "crisis.saved": {
        "sv": "Krisplanen för {code} är sparad.",
        "en": "The crisis plan for {code} is saved.",
    },
    # Refusals (never with the text that was refused)
    "crisis.access.not_coordinator": {
        "sv": "Bara samordnaren i vårdteamet och verksamhetssamordnarna kan ändra "
        "krisplanen. Du kan läsa den med **krisplan {code}**.",
        "en": "Only the care coordinator and the unit coordinators can change the "
        "crisis plan. You can read it with **crisis plan {code}**.",
    },
    "crisis.personnummer": {
        "sv": "Det ser ut som ett personnummer. Skriv aldrig personnummer i krisplanen – "
        "klienten heter sin kod. Skriv om utan det.",
        "en": "That looks like a personal identity number. Never put one in the crisis plan "
        "– the client is known by their code. Write it again without it.",
    },
    "crisis.signs.missing": {
        "sv": "Skriv minst ett tidigt tecken.",
        "en": "Write at least one early sign.",
    },
    "crisis.signs.too_many": {
        "sv": "Högst {limit} tidiga tecken – välj de viktigaste.",
        "en": "At most {limit} early signs – pick the most important.",
    },
    "crisis.steps.missing": {"sv": "Skriv minst ett steg.", "en": "Write at least one step."},
    "crisis.steps.too_many": {
        "sv": "Högst {limit} steg – håll planen kort.",
        "en": "At most {limit} steps – keep the plan short.",
    },
    "crisis.item.too_long": {
        "sv": "Rad {line} är för lång (högst {limit} tecken).",
        "en": "Line {line} is too long (at most {limit} characters).",
    },
    "crisis.own_words.too_long": {
        "sv": "Högst {limit} tecken, tack.",
        "en": "At most {limit} characters, please.",
    },
    "crisis.contacts.missing": {
        "sv": "Skriv minst en kontakt. " + _CONTACT_FORMAT_SV,
        "en": "Write at least one contact. " + _CONTACT_FORMAT_EN,
    },
    "crisis.contacts.too_many": {
        "sv": "Högst {limit} kontakter.",
        "en": "At most {limit} contacts.",
    },
    "crisis.contact.shape": {
        "sv": "Rad {line}: jag behöver namn och när. " + _CONTACT_FORMAT_SV,
        "en": "Line {line}: I need a name and when. " + _CONTACT_FORMAT_EN,
    },
    "crisis.contact.when": {
        "sv": "Rad {line}: sist på raden står när – dag, kväll, natt eller dygnet runt.",
        "en": "Line {line}: the line ends with when – day, evening, night or around the clock.",
    },
    "crisis.contact.name.too_long": {
        "sv": "Rad {line}: namnet är för långt (högst {limit} tecken).",
        "en": "Line {line}: the name is too long (at most {limit} characters).",
    },
    "crisis.contact.phone.too_long": {
        "sv": "Rad {line}: numret är för långt (högst {limit} tecken).",
        "en": "Line {line}: the number is too long (at most {limit} characters).",
    },
    "crisis.contact.not_found": {
        "sv": "Rad {line}: det namnet finns inte i katalogen. Skriv ett telefonnummer, eller "
        "namnet precis som i katalogen (**vem** söker).",
        "en": "Line {line}: that name is not in the directory. Give a phone number, or the "
        "name exactly as in the directory (**who** searches).",
    },
    "crisis.contact.ambiguous": {
        "sv": "Rad {line}: flera i katalogen heter så. Skriv telefonnumret också.",
        "en": "Line {line}: several in the directory have that name. Add the phone number.",
    },
    # Examples after two answers the bot could not read
    "examples.crisis.signs": {
        "sv": "Till exempel:\nSover dåligt flera nätter\nSlutar svara i telefon\nDrar sig undan",
        "en": "For example:\nSleeps badly several nights\nStops answering the phone\nWithdraws",
    },
    "examples.crisis.steps": {
        "sv": "Till exempel:\nKontaktpersonen ringer samma dag\nBoka tid hos psykiatrin\n"
        "Samordnaren kallar resursgruppen",
        "en": "For example:\nThe contact person calls the same day\nBook psychiatry\n"
        "The coordinator calls the resource group",
    },
    "examples.crisis.contacts": {
        "sv": "Till exempel:\nPsykiatriakuten, 019-602 00 00, dygnet runt\n"
        "Boendestödet, 019-21 10 00, dag och kväll",
        "en": "For example:\nPsychiatric emergency, 019-602 00 00, around the clock\n"
        "Housing support, 019-21 10 00, day and evening",
    },
}
