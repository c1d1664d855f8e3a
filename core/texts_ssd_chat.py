"""User-facing texts for SSD in chat: skatta, graf, exportera, ny klient|mål|fas,
and every core.ssd_model.UserInputError key (merged into core.i18n.CATALOG).

Klient or brukare (the rule for every core/texts_*.py and core/i18n.py):
- "klient" (en "client") for the person as the bot knows them: a code, their targets,
  ratings, follow-up, care team, meetings and access. It is the command word
  (`klient K-1042`, `ny klient`) and what the K in the code stands for, so the
  replies use the word the person types.
- "brukare" only where a text speaks to staff of the person in the care sense, not
  of the record: whom they share the care of, whose name must never be written,
  whom they may not talk about without consent.
- An organisational SSD (`ny enhet E-2001`) follows a unit, not a client: a text that
  may be about either names only the code ("Vilken kod?"); one about a unit says
  "enhet". Never klient, brukare or person for it.
- Ending SSD (`avsluta K-1042`) ends "skattningarna" (the rating), not "uppföljningen":
  coordination, meetings and the plan go on. "Uppföljning av SIP" is a meeting's
  purpose; `dokumentera` records a meeting's outcome.
- "samordnare" is the client's care coordinator in the care team; the unit role is
  "verksamhetssamordnare" (core/texts_roles.py).
"""

from __future__ import annotations

_NO_NAMES_SV = "Skriv aldrig namn eller personnummer – använd koden, t.ex. K-1042."
_NO_NAMES_EN = "Never write names or personal identity numbers – use the code, e.g. K-1042."

TEXTS: dict[str, dict[str, str]] = {
    # Rule breaks (core.ssd_model, core.ssd_commands, storage.ssd_service)
    "ssd.code.invalid": {
        # The refused text is never repeated back: it may be a personnummer.
        "sv": "Det är ingen klientkod. En kod ser ut som K-1042 (bokstäver, bindestreck, siffror).",
        "en": "That is not a client code. A code looks like K-1042 (letters, a dash, digits).",
    },
    "ssd.personnummer": {
        "sv": "Det ser ut som ett personnummer, så jag sparade ingenting. " + _NO_NAMES_SV,
        "en": "That looks like a personal identity number, so I saved nothing. " + _NO_NAMES_EN,
    },
    "ssd.note.too_long": {
        "sv": "Anteckningen är för lång (högst {limit} tecken). Inget sparades.",
        "en": "The note is too long (at most {limit} characters). Nothing was saved.",
    },
    "ssd.phase.description.too_long": {
        "sv": "Beskrivningen av fasen är för lång (högst {limit} tecken).",
        "en": "The phase description is too long (at most {limit} characters).",
    },
    "ssd.target.name.too_long": {
        "sv": "Målets namn är för långt (högst {limit} tecken).",
        "en": "The target name is too long (at most {limit} characters).",
    },
    "ssd.target.anchor.too_long": {
        "sv": "Beskrivningen av skalans ände är för lång (högst {limit} tecken).",
        "en": "The description of the scale's end is too long (at most {limit} characters).",
    },
    "ssd.target.name.missing": {
        "sv": "Målet behöver ett namn, t.ex. ångest eller sömn.",
        "en": "The target needs a name, e.g. anxiety or sleep.",
    },
    "ssd.target.anchor.missing": {
        "sv": "Skriv vad skalans båda ändar betyder, t.ex. 0 = ingen ångest och 10 = värsta "
        "tänkbara.",
        "en": "Say what both ends of the scale mean, e.g. 0 = no anxiety and 10 = worst "
        "imaginable.",
    },
    "ssd.target.better.invalid": {
        "sv": "Välj om högre eller lägre värden är bättre.",
        "en": "Choose whether higher or lower values are better.",
    },
    "ssd.target.frequency.invalid": {
        "sv": "Välj hur ofta målet skattas: varje dag, varje arbetspass, varje vecka eller "
        "varje månad.",
        "en": "Choose how often the target is rated: daily, every shift, weekly or monthly.",
    },
    "ssd.scale.invalid": {
        "sv": "Skalan går inte ihop: högsta värdet ska vara större än lägsta, och steget ska "
        "gå jämnt upp (t.ex. 0–10 med steg 1).",
        "en": "The scale does not add up: the maximum must be above the minimum and the step "
        "must divide the range (e.g. 0–10 in steps of 1).",
    },
    "ssd.scale.too_many_points": {
        "sv": "Skalan har för många steg (högst {limit}).",
        "en": "The scale has too many steps (at most {limit}).",
    },
    "ssd.target.exists": {
        "sv": "{code} har redan ett mål som heter {name}.",
        "en": "{code} already has a target called {name}.",
    },
    "ssd.target.inactive": {
        "sv": "Målet {name} skattas inte längre, så inget sparades.",
        "en": "The target {name} is no longer rated, so nothing was saved.",
    },
    "ssd.target.unknown": {
        "sv": "Det målet finns inte längre. Skriv **skatta** och koden för att få ett nytt "
        "formulär.",
        "en": "That target no longer exists. Type **rate** and the code for a new form.",
    },
    "ssd.target.unknown_named": {
        "sv": "Jag hittar inget mål med det namnet. Målen är: {names}.",
        "en": "I can't find a target by that name. The targets are: {names}.",
    },
    "ssd.value.out_of_scale": {
        "sv": "Värdet för {name} ligger inte på skalan. Välj ett värde från {minimum} till "
        "{maximum} (steg {step}). Inget sparades.",
        "en": "The value for {name} is not on the scale. Choose a value from {minimum} to "
        "{maximum} (step {step}). Nothing was saved.",
    },
    "ssd.slot.invalid": {
        "sv": "Det arbetspasset finns inte för det här målet.",
        "en": "That shift does not exist for this target.",
    },
    "ssd.slot.date_invalid": {
        "sv": "Det datumet passar inte målets rytm.",
        "en": "That date does not fit the target's rhythm.",
    },
    "ssd.client.closed": {
        "sv": "Skattningarna av {code} är avslutade: kurvan går att se men inte skatta.",
        "en": "Rating of {code} has ended: the chart can be seen but not rated.",
    },
    "ssd.client.exists": {
        "sv": "Koden {code} används redan. Välj en annan kod.",
        "en": "The code {code} is already in use. Choose another code.",
    },
    "ssd.client.kind.invalid": {
        "sv": "Okänd sorts kod (klient eller enhet).",
        "en": "Unknown kind of code (client or unit).",
    },
    "ssd.client.status.invalid": {"sv": "Okänd status.", "en": "Unknown status."},
    "ssd.unit.unknown": {"sv": "Enheten finns inte.", "en": "The unit does not exist."},
    "ssd.team.role.missing": {
        "sv": "Ange vilken roll personen har i teamet.",
        "en": "Say which role the person has in the team.",
    },
    "ssd.phase.exists": {
        "sv": "Det finns redan en fas {label}.",
        "en": "There is already a phase {label}.",
    },
    "ssd.phase.label.invalid": {
        "sv": "Det är ingen fasbeteckning. Använd en bokstav, t.ex. B.",
        "en": "That is not a phase label. Use a letter, e.g. B.",
    },
    "ssd.phase.starts_too_early": {
        "sv": "En ny fas måste börja efter den förra (som började {after}).",
        "en": "A new phase must start after the last one (which started {after}).",
    },
    "ssd.phase.starts_too_late": {
        "sv": "{day} är för långt fram. En fas kan läggas in högst en månad i förväg.",
        "en": "{day} is too far ahead. A phase can be added at most a month in advance.",
    },
    "ssd.phase.too_many": {
        "sv": "{code} har redan faser till och med Z.",
        "en": "{code} already has phases up to Z.",
    },
    # Access
    "ssd.access.refused": {
        # Neutral on purpose: a code may be a client's or a unit's (E-2001), and the
        # refusal must not tell which codes exist.
        "sv": "Jag hittar ingen {code} som du har tillgång till. Kontrollera koden, "
        "eller be samordnaren lägga till dig i vårdteamet.",
        "en": "I can't find {code} among the codes you have access to. Check the code, or "
        "ask the care coordinator to add you to the care team.",
    },
    "ssd.access.read_only": {
        "sv": "Du kan se {code} men inte skatta: bara vårdteamet skattar.",
        "en": "You can see {code} but not rate: only the care team rates.",
    },
    "ssd.access.not_coordinator": {
        "sv": "Bara samordnaren för {code} eller en verksamhetssamordnare kan ändra mål, faser "
        "och vårdteam för {code}.",
        "en": "Only the care coordinator of {code} or a unit coordinator can change targets, "
        "phases and the care team for {code}.",
    },
    "ssd.access.no_unit": {
        "sv": "Nya klienter läggs upp av enhetens verksamhetssamordnare. Du är inte "
        "verksamhetssamordnare för någon enhet här; en systemadministratör kan ge dig rollen.",
        "en": "New clients are added by the unit coordinator. You are not unit coordinator "
        "of any unit here; a system administrator can give you the role.",
    },
    "ssd.access.not_member": {
        "sv": "Du kan se {code} men inte ändra något: det gör vårdteamet och samordnarna.",
        "en": "You can see {code} but not change anything: the care team and the coordinators do.",
    },
    "ssd.access.export_team_only": {
        "sv": "Bara vårdteamet och samordnarna kan exportera {code}.",
        "en": "Only the care team and the coordinators can export {code}.",
    },
    # skatta
    "ssd.rate.no_clients": {
        "sv": "Du skattar inga klienter än. Be samordnaren lägga till dig i ett vårdteam.",
        "en": "You don't rate any clients yet. Ask the coordinator to add you to a care team.",
    },
    # The choices may be a unit's (E-2001) as well as clients'.
    "ssd.rate.choose_client": {
        "sv": "Vilken vill du skatta?",
        "en": "Which one do you want to rate?",
    },
    "ssd.rate.client_button": {"sv": "{code} ({due} att skatta)", "en": "{code} ({due} due)"},
    "ssd.rate.client_button_done": {"sv": "{code} (klar för idag)", "en": "{code} (done today)"},
    "ssd.rate.nothing": {
        "sv": "Välj minst ett värde innan du sparar.",
        "en": "Choose at least one value before you save.",
    },
    "ssd.rate.twice": {
        "sv": "Du skrev {name} två gånger. Skriv ett värde per mål.",
        "en": "You wrote {name} twice. Give one value per target.",
    },
    "ssd.rate.day_future": {
        "sv": "{day} har inte hänt än – skattningar gäller idag eller dagarna bakåt.",
        "en": "{day} has not happened yet – ratings are for today or the days before.",
    },
    "ssd.rate.day_too_old": {
        "sv": "{day} är för länge sedan. Du kan fylla i högst {days} dagar bakåt.",
        "en": "{day} is too long ago. You can fill in at most {days} days back.",
    },
    "ssd.rate.day_unknown": {
        "sv": "{day} är inget datum jag känner igen.",
        "en": "{day} is not a date I recognise.",
    },
    "ssd.rate.value_without_target": {
        "sv": "Vilket mål gäller värdet? Skriv målet före värdet, t.ex. "
        "**skatta K-1042 ångest 6**.",
        "en": "Which target is the value for? Put the target before the value, e.g. "
        "**rate K-1042 anxiety 6**.",
    },
    "ssd.rate.target_without_value": {
        "sv": "Vilket värde? Skriv ett värde efter målet, t.ex. **skatta K-1042 ångest 6**, "
        "eller bara **skatta K-1042** för formuläret.",
        "en": "Which value? Put a value after the target, e.g. **rate K-1042 anxiety 6**, "
        "or just **rate K-1042** for the form.",
    },
    "ssd.rate.trailing_words": {
        "sv": "Jag förstod inte orden efter värdet. Där kan du skriva en dag (igår, i förrgår, "
        "fredag, 20/11) och ett pass (dag, kväll, natt).",
        "en": "I didn't understand the words after the value. There you can write a day "
        "(yesterday, Friday, 20/11) and a shift (day, evening, night).",
    },
    "ssd.rate.shift_needed": {
        "sv": "{name} skattas per pass: skriv vilket, t.ex. **igår kväll**.",
        "en": "{name} is rated per shift: say which, e.g. **yesterday evening**.",
    },
    "ssd.rate.saved": {
        "sv": "Sparat för {code}, {when}:",
        "en": "Saved for {code}, {when}:",
    },
    "ssd.rate.saved_line": {
        "sv": "**{name}** {value}{replaced} · senaste: {recent}",
        "en": "**{name}** {value}{replaced} · recent: {recent}",
    },
    "ssd.rate.replaced": {"sv": " (ersatte {previous})", "en": " (replaced {previous})"},
    "ssd.rate.conflict.title": {
        "sv": "Redan skattat",
        "en": "Already rated",
    },
    "ssd.rate.conflict.line": {
        "sv": "{name} {when} har redan {existing}. Ersätta med {new}?",
        "en": "{name} {when} already has {existing}. Replace with {new}?",
    },
    "ssd.rate.conflict.replace": {"sv": "Ersätt", "en": "Replace"},
    "ssd.rate.conflict.keep": {"sv": "Behåll", "en": "Keep"},
    "ssd.rate.kept": {
        "sv": "Okej, jag behöll de gamla värdena. Inget ändrades.",
        "en": "OK, I kept the old values. Nothing changed.",
    },
    "ssd.rate.day_unreadable": {
        "sv": "Jag kunde inte läsa dagen. Välj idag eller en av de {days} dagarna före. "
        "Inget sparades.",
        "en": "I couldn't read the day. Choose today or one of the {days} days before. "
        "Nothing was saved.",
    },
    "ssd.rate.example_target": {"sv": "ångest", "en": "anxiety"},
    "ssd.rate.bad_submit": {
        "sv": "Formuläret gick inte att läsa. Skriv **skatta** och koden för ett nytt.",
        "en": "I couldn't read the form. Type **rate** and the code for a new one.",
    },
    # The rating card
    "ssd.card.title": {"sv": "Skatta {code}", "en": "Rate {code}"},
    "ssd.card.phase": {"sv": "Fas {label}", "en": "Phase {label}"},
    "ssd.card.no_phase": {"sv": "Ingen fas påbörjad", "en": "No phase started"},
    "ssd.card.day": {"sv": "Vilken dag gäller det?", "en": "Which day?"},
    "ssd.card.today": {"sv": "Idag {date}", "en": "Today {date}"},
    "ssd.card.yesterday": {"sv": "Igår {date}", "en": "Yesterday {date}"},
    "ssd.card.shift": {"sv": "Vilket pass?", "en": "Which shift?"},
    "ssd.card.choose": {"sv": "Välj {low}–{high}", "en": "Choose {low}–{high}"},
    "ssd.card.recent": {"sv": "Senaste: {values}", "en": "Recent: {values}"},
    "ssd.card.rated_today": {"sv": "Redan skattat idag: {value}", "en": "Rated today: {value}"},
    "ssd.card.no_recent": {"sv": "Inga skattningar än", "en": "No ratings yet"},
    "ssd.card.note": {
        "sv": "Anteckning (valfri, inga namn)",
        "en": "Note (optional, no names)",
    },
    "ssd.card.save": {"sv": "Spara", "en": "Save"},
    "ssd.card.no_targets": {
        "sv": "{code} har inga mål att skatta. Samordnaren lägger till mål med "
        "**nytt mål {code}**.",
        "en": "{code} has no targets to rate. The coordinator adds one with **new target {code}**.",
    },
    "ssd.slot.day": {"sv": "dag", "en": "day"},
    "ssd.slot.shift-day": {"sv": "dagpass", "en": "day shift"},
    "ssd.slot.shift-evening": {"sv": "kvällspass", "en": "evening shift"},
    "ssd.slot.shift-night": {"sv": "nattpass", "en": "night shift"},
    "ssd.slot.week": {"sv": "veckan", "en": "the week"},
    "ssd.slot.month": {"sv": "månaden", "en": "the month"},
    # graf
    "ssd.chart.no_targets": {
        "sv": "{code} har inga mål att visa än.",
        "en": "{code} has no targets to show yet.",
    },
    "ssd.chart.no_ratings": {
        "sv": "**{name}**: inga skattningar under det senaste året.",
        "en": "**{name}**: no ratings in the last year.",
    },
    "ssd.chart.heading": {
        "sv": "**{code} {name}** ({better}) · {first} – {last}",
        "en": "**{code} {name}** ({better}) · {first} – {last}",
    },
    "ssd.chart.phase_fact": {
        "sv": "n = {n}, medel {mean}, median {median}",
        "en": "n = {n}, mean {mean}, median {median}",
    },
    "ssd.chart.effect": {"sv": "Effekt", "en": "Effect"},
    "ssd.chart.effect_line": {
        "sv": "NAP {nap} · Tau-U {tau_u} · PND {pnd} % · SMD {smd}",
        "en": "NAP {nap} · Tau-U {tau_u} · PND {pnd} % · SMD {smd}",
    },
    "ssd.chart.too_big": {
        "sv": "Bilden blev för stor att skicka här; siffrorna står nedan.",
        "en": "The picture got too big to send here; the figures are below.",
    },
    "ssd.chart.which": {
        "sv": "Vilken klients kurva? Skriv t.ex. **graf K-1042** eller **graf K-1042 ångest**.",
        "en": "Whose chart? Type e.g. **chart K-1042** or **chart K-1042 anxiety**.",
    },
    "ssd.chart.more": {
        "sv": "{code} har {count} mål till: {names}. Skriv **graf {code} <mål>** för dem.",
        "en": "{code} has {count} more targets: {names}. Type **chart {code} <target>** for them.",
    },
    # exportera
    "ssd.export.which": {
        "sv": "Vilken klient? Skriv t.ex. **exportera K-1042**.",
        "en": "Which client? Type e.g. **export K-1042**.",
    },
    "ssd.export.personal_only": {
        "sv": "Export skickas bara i din 1:1-chatt med mig, inte i en kanal eller grupp.",
        "en": "Exports are sent only in your 1:1 chat with me, not in a channel or group.",
    },
    "ssd.export.consent": {
        "sv": "Skattningar för {code} ({rows} rader) som CSV.",
        "en": "Ratings for {code} ({rows} rows) as CSV.",
    },
    "ssd.export.sent": {
        "sv": "Här är filen för {code}: {rows} rader.",
        "en": "Here is the file for {code}: {rows} rows.",
    },
    "ssd.export.declined": {
        "sv": "Okej, jag skickade ingen fil.",
        "en": "OK, I sent no file.",
    },
    "ssd.export.upload_failed": {
        "sv": "Filen kunde inte laddas upp till din OneDrive. Försök igen om en stund.",
        "en": "The file could not be uploaded to your OneDrive. Try again in a while.",
    },
    # ny klient|mål|fas, klient
    "ssd.new.what": {
        "sv": "Vad vill du lägga upp? **ny klient K-1042**, **nytt mål K-1042** eller "
        "**ny fas K-1042**.",
        "en": "What do you want to add? **new client K-1042**, **new target K-1042** or "
        "**new phase K-1042**.",
    },
    "ssd.new.code_needed": {
        "sv": "Skriv koden också, t.ex. **{example}**. " + _NO_NAMES_SV,
        "en": "Add the code too, e.g. **{example}**. " + _NO_NAMES_EN,
    },
    "ssd.new.client.which_unit": {
        "sv": "Du är verksamhetssamordnare för flera enheter. Vilken ska klienten {code} "
        "höra till?",
        "en": "You are unit coordinator of several units. Which one does the client {code} "
        "belong to?",
    },
    "ssd.new.unit.which_unit": {
        "sv": "Du är verksamhetssamordnare för flera enheter. Vilken av dem är {code}?",
        "en": "You are unit coordinator of several units. Which of them is {code}?",
    },
    "ssd.new.client.created": {
        "sv": "Klienten {code} är upplagd och du är samordnare i vårdteamet. Nästa steg: "
        "**nytt mål {code}**.",
        "en": "Client {code} is added and you are coordinator in the care team. Next: "
        "**new target {code}**.",
    },
    "ssd.new.target.title": {"sv": "Nytt mål för {code}", "en": "New target for {code}"},
    "ssd.new.target.name": {"sv": "Målets namn (t.ex. ångest)", "en": "Name (e.g. anxiety)"},
    "ssd.new.target.low": {
        "sv": "Vad betyder det lägsta värdet?",
        "en": "What does the lowest value mean?",
    },
    "ssd.new.target.high": {
        "sv": "Vad betyder det högsta värdet?",
        "en": "What does the highest value mean?",
    },
    "ssd.new.target.better": {"sv": "Vilket håll är bättre?", "en": "Which way is better?"},
    "ssd.new.target.frequency": {"sv": "Hur ofta?", "en": "How often?"},
    "ssd.new.target.min": {"sv": "Lägsta värde", "en": "Minimum"},
    "ssd.new.target.max": {"sv": "Högsta värde", "en": "Maximum"},
    "ssd.new.target.step": {"sv": "Steg", "en": "Step"},
    "ssd.new.target.save": {"sv": "Lägg till målet", "en": "Add the target"},
    "ssd.new.target.created": {
        "sv": "Målet **{name}** är tillagt för {code} ({scale}, {better}, {frequency}).",
        "en": "The target **{name}** is added for {code} ({scale}, {better}, {frequency}).",
    },
    "ssd.new.target.bad_number": {
        "sv": "Skalans värden måste vara tal, t.ex. 0, 10 och 1.",
        "en": "The scale's values must be numbers, e.g. 0, 10 and 1.",
    },
    "ssd.frequency.daily": {"sv": "varje dag", "en": "daily"},
    "ssd.frequency.shift": {"sv": "varje arbetspass", "en": "every shift"},
    "ssd.frequency.weekly": {"sv": "varje vecka", "en": "weekly"},
    "ssd.frequency.monthly": {"sv": "varje månad", "en": "monthly"},
    "ssd.new.phase.created": {
        "sv": "Fas **{label}** för {code} börjar {start}{description}. Kurvan får en "
        "streckad linje där.",
        "en": "Phase **{label}** for {code} starts {start}{description}. The chart gets a "
        "dashed line there.",
    },
    "ssd.client.summary.title": {"sv": "Klient {code}", "en": "Client {code}"},
    "ssd.client.summary.title_unit": {"sv": "Enhet {code}", "en": "Unit {code}"},
    "ssd.client.summary.targets": {"sv": "Mål", "en": "Targets"},
    "ssd.client.summary.phases": {"sv": "Faser", "en": "Phases"},
    "ssd.client.summary.team": {"sv": "Vårdteam", "en": "Care team"},
    "ssd.client.summary.none": {"sv": "inga än", "en": "none yet"},
    "ssd.client.summary.you": {"sv": "Din roll: {role}", "en": "Your role: {role}"},
    "ssd.client.which": {
        "sv": "Vilken klient? Skriv t.ex. **klient K-1042**.",
        "en": "Which client? Type e.g. **client K-1042**.",
    },
    # The daily rating prompt (bot/rating_prompter.py) and its settings
    "prompt.title": {"sv": "Dags att skatta", "en": "Time to rate"},
    "prompt.nudge_title": {
        "sv": "Påminnelse: det finns skattningar kvar idag",
        "en": "Reminder: some ratings are still open today",
    },
    "prompt.client_line": {"sv": "{code}: {due} mål att skatta", "en": "{code}: {due} to rate"},
    "prompt.footer": {
        "sv": "Ändra tid, dagar eller pausa: skriv **{command}**.",
        "en": "Change time, days or pause: type **{command}**.",
    },
    "prompt.settings_word": {"sv": "skattning", "en": "rating"},
    "prompt.settings.title": {
        "sv": "Daglig påminnelse om att skatta",
        "en": "Daily reminder to rate",
    },
    "prompt.settings.enabled": {"sv": "Påminn mig", "en": "Remind me"},
    "prompt.settings.at": {
        "sv": "Klockan (t.ex. när ditt pass börjar)",
        "en": "At (e.g. when your shift starts)",
    },
    "prompt.settings.days": {"sv": "Vilka dagar", "en": "Which days"},
    "prompt.settings.days.auto": {
        "sv": "Som min enhet (dygnet runt: alla dagar, annars vardagar)",
        "en": "As my unit (24/7: every day, otherwise weekdays)",
    },
    "prompt.settings.days.every_day": {"sv": "Alla dagar", "en": "Every day"},
    "prompt.settings.days.weekdays": {
        "sv": "Vardagar utom röda dagar",
        "en": "Weekdays except public holidays",
    },
    "prompt.settings.quiet_start": {"sv": "Tyst från", "en": "Quiet from"},
    "prompt.settings.quiet_end": {"sv": "Tyst till", "en": "Quiet until"},
    "prompt.settings.paused_until": {
        "sv": "Pausa till och med (t.ex. semester)",
        "en": "Pause until (e.g. vacation)",
    },
    "prompt.settings.nudge": {
        "sv": "En extra påminnelse om det inte är skattat efter",
        "en": "One more reminder if not rated after",
    },
    "prompt.settings.nudge.none": {"sv": "Ingen extra påminnelse", "en": "No extra reminder"},
    "prompt.settings.nudge.hours": {"sv": "{hours} h", "en": "{hours} h"},
    "prompt.settings.save": {"sv": "Spara", "en": "Save"},
    "prompt.settings.bad_time": {
        "sv": "En av tiderna går inte att läsa. Skriv t.ex. 07:30.",
        "en": "One of the times cannot be read. Write e.g. 07:30.",
    },
    "prompt.settings.bad_date": {
        "sv": "Pausdatumet går inte att läsa. Skriv t.ex. 2026-12-31.",
        "en": "The pause date cannot be read. Write e.g. 2026-12-31.",
    },
    "prompt.settings.quiet_pair": {
        "sv": "Fyll i både när det tysta börjar och slutar, eller inget av dem.",
        "en": "Give both the start and the end of the quiet hours, or neither.",
    },
    "prompt.settings.saved_off": {
        "sv": "Sparat: inga dagliga påminnelser om att skatta.",
        "en": "Saved: no daily reminders to rate.",
    },
    "prompt.settings.saved": {
        "sv": "Sparat: påminnelse om att skatta {days} kl {at}{nudge}{quiet}{paused}.",
        "en": "Saved: reminder to rate {days} at {at}{nudge}{quiet}{paused}.",
    },
    "prompt.settings.saved.nudge": {
        "sv": ", en extra efter {hours} h om något är kvar",
        "en": ", one more after {hours} h if anything is left",
    },
    "prompt.settings.saved.quiet": {"sv": ", tyst {start}–{end}", "en": ", quiet {start}–{end}"},
    "prompt.settings.saved.paused": {
        "sv": ", pausad till och med {day}",
        "en": ", paused until {day}",
    },
    "prompt.settings.days_words.auto": {
        "sv": "som din enhet (alla dagar eller vardagar)",
        "en": "as your unit (every day or weekdays)",
    },
    "prompt.settings.days_words.every_day": {"sv": "alla dagar", "en": "every day"},
    "prompt.settings.days_words.weekdays": {
        "sv": "vardagar utom röda dagar",
        "en": "weekdays except public holidays",
    },
    # team
    "ssd.team.which": {
        "sv": "Vilken klient? Skriv t.ex. **team K-1042**.",
        "en": "Which client? Type e.g. **team K-1042**.",
    },
    "ssd.team.title": {"sv": "Vårdteamet för {code}", "en": "The care team of {code}"},
    "ssd.team.line": {
        "sv": "- {name}, {role} (sedan {since})",
        "en": "- {name}, {role} (since {since})",
    },
    "ssd.team.usage": {
        "sv": "Samordnaren ändrar teamet: **team {code} lägg till @kollega roll** eller "
        "**team {code} ta bort @kollega**.",
        "en": "The coordinator changes the team: **team {code} add @colleague role** or "
        "**team {code} remove @colleague**.",
    },
    "ssd.team.mention_needed": {
        "sv": "@-nämn kollegan, t.ex. **team {code} lägg till @Anna Berg kontaktperson**.",
        "en": "@mention the colleague, e.g. **team {code} add @Anna Berg contact person**.",
    },
    "ssd.team.unknown_colleague": {
        "sv": "Kollegan har inte använt Samverkansboten än. Be hen skriva **hej** till mig först.",
        "en": "Your colleague has not used Samverkansboten yet. Ask them to say **hi** to me "
        "first.",
    },
    "ssd.team.not_member": {
        "sv": "Kollegan är inte med i vårdteamet.",
        "en": "Your colleague is not in the care team.",
    },
    "ssd.team.added": {
        "sv": "{name} är nu med i vårdteamet för {code} som {role}.",
        "en": "{name} is now in the care team of {code} as {role}.",
    },
    "ssd.team.removed": {
        "sv": "{name} är inte längre med i vårdteamet för {code}. Det de skattat finns kvar.",
        "en": "{name} is no longer in the care team of {code}. Their ratings stay.",
    },
    "ssd.close.what": {
        "sv": "Vad ska avslutas? **avsluta K-1042** (alla skattningar) eller "
        "**avsluta mål K-1042 ångest**.",
        "en": "What should end? **close K-1042** (all rating) or **close target K-1042 anxiety**.",
    },
    "ssd.close.client": {
        "sv": "Skattningarna av {code} är avslutade. Kurvan och exporten finns kvar; ingen "
        "skattar längre. Möten, plan, samtycke och påminnelser fortsätter som förut.",
        "en": "Rating of {code} has ended. The chart and export stay; nobody rates any more. "
        "Meetings, the plan, consent and reminders go on as before.",
    },
    "ssd.close.target": {
        "sv": "Målet {name} för {code} skattas inte längre. Kurvan finns kvar: **graf {code} "
        "{name}**.",
        "en": "The target {name} of {code} is no longer rated. Its chart stays: **chart "
        "{code} {name}**.",
    },
    "ssd.close.confirm.client": {
        "sv": "Avsluta skattningarna för {code}?",
        "en": "End the rating of {code}?",
    },
    "ssd.close.confirm.target": {
        "sv": "Avsluta målet {name} för {code}?",
        "en": "Close the target {name} of {code}?",
    },
    "ssd.close.confirm.detail": {
        "sv": "Kurvan och exporten finns kvar, men ingen skattar längre. Möten, plan och "
        "samtycke fortsätter. Skattningarna kan öppnas igen. Du kan också svara **{typed}**.",
        "en": "The chart and export stay, but nobody rates any more. Meetings, the plan and "
        "consent go on. The rating can be reopened. You can also answer **{typed}**.",
    },
    "ssd.close.confirm.yes_word": {"sv": "ja", "en": "yes"},
    "ssd.close.confirm.target_word": {"sv": "mål", "en": "target"},
    "ssd.close.confirm.close": {"sv": "Avsluta", "en": "Close"},
    "ssd.close.confirm.keep": {"sv": "Behåll", "en": "Keep"},
    "ssd.close.kept": {
        "sv": "Okej, skattningarna av {code} fortsätter. Inget ändrades.",
        "en": "OK, rating of {code} goes on. Nothing changed.",
    },
    "ssd.close.kept_nothing": {
        "sv": "Okej, inget ändrades.",
        "en": "OK, nothing changed.",
    },
    "ssd.close.kept_target": {
        "sv": "Okej, målet för {code} skattas som förut. Inget ändrades.",
        "en": "OK, the target of {code} is rated as before. Nothing changed.",
    },
    "ssd.close.already": {
        "sv": "Skattningarna av {code} är redan avslutade. **öppna {code}** startar dem igen.",
        "en": "Rating of {code} has already ended. **reopen {code}** starts it again.",
    },
    "ssd.close.target_already": {
        "sv": "Målet {name} skattas redan inte längre.",
        "en": "The target {name} is already no longer rated.",
    },
    # öppna (reopen)
    "cmd.reopen": {
        "sv": "öppna avslutade skattningar eller ett mål igen (samordnare)",
        "en": "reopen ended rating or a target (coordinators)",
    },
    "help.topic.reopen": {
        "sv": "**öppna K-1042** startar avslutade skattningar igen, **öppna mål "
        "K-1042 ångest** ett avslutat mål (samordnare).",
        "en": "**reopen K-1042** starts ended rating again, **reopen target "
        "K-1042 anxiety** a closed target (coordinators).",
    },
    "ssd.reopen.what": {
        "sv": "Vad ska öppnas igen? **öppna K-1042** (alla skattningar) eller "
        "**öppna mål K-1042 ångest**.",
        "en": "What should be reopened? **reopen K-1042** (all rating) or "
        "**reopen target K-1042 anxiety**.",
    },
    "ssd.reopen.client": {
        "sv": "Skattningarna av {code} är öppna igen: **skatta {code}**.",
        "en": "Rating of {code} is open again: **rate {code}**.",
    },
    "ssd.reopen.target": {
        "sv": "Målet {name} för {code} skattas igen.",
        "en": "The target {name} of {code} is rated again.",
    },
    "ssd.reopen.not_closed": {
        "sv": "Skattningarna av {code} är inte avslutade, så det finns inget att öppna.",
        "en": "Rating of {code} has not ended, so there is nothing to reopen.",
    },
    "ssd.reopen.target_active": {
        "sv": "Målet {name} skattas redan.",
        "en": "The target {name} is already rated.",
    },
    "ssd.reopen.target_unknown": {
        "sv": "Jag hittar inget sådant avslutat mål. Avslutade mål: {names}.",
        "en": "I can't find such a closed target. Closed targets: {names}.",
    },
    "ssd.reopen.no_closed_targets": {
        "sv": "{code} har inga avslutade mål.",
        "en": "{code} has no closed targets.",
    },
    "ssd.new.unit.created": {
        "sv": "Enheten {code} är upplagd för organisatorisk SSD och du är samordnare. Lägg "
        "till utvecklingsområden med **nytt mål {code}** (t.ex. månadsvis).",
        "en": "The unit {code} is added for organisational SSD and you are coordinator. Add "
        "development areas with **new target {code}** (e.g. monthly).",
    },
    # Help for its commands (`hjälp <kommando>`) and examples after two misses
    "help.topic.rate": {
        "sv": "**skatta** visar dina klienter med det som ska skattas i dag. "
        "**skatta K-1042** öppnar kortet. Snabbt: **skatta K-1042 ångest 6 igår**.",
        "en": "**rate** shows your clients with what is due today. **rate K-1042** opens "
        "the card. Quick: **rate K-1042 anxiety 6 yesterday**.",
    },
    "help.topic.chart": {
        "sv": "**graf K-1042** visar kurvan per mål med faser, medelvärden och effektmått. "
        "**graf K-1042 sömn** visar ett mål.",
        "en": "**chart K-1042** shows each target's curve with phases, means and effect "
        "sizes. **chart K-1042 sleep** shows one target.",
    },
    "help.topic.export": {
        "sv": "**exportera K-1042** ger skattningarna som CSV-fil (i chatten med mig).",
        "en": "**export K-1042** gives the ratings as a CSV file (in the chat with me).",
    },
    "help.topic.client": {
        "sv": "**klient K-1042** visar mål, skalor, faser och vårdteamet.",
        "en": "**client K-1042** shows targets, scales, phases and the care team.",
    },
    "help.topic.new": {
        "sv": "**ny klient K-1042**, **nytt mål K-1042**, **ny fas K-1042 B** och "
        "**ny enhet E-2001**. Klienter och enheter läggs upp av verksamhetssamordnare, mål "
        "och faser av dem och av samordnaren i vårdteamet.",
        "en": "**new client K-1042**, **new target K-1042**, **new phase K-1042 B** and "
        "**new unit E-2001**. Unit coordinators add clients and units; they and the care "
        "coordinator add targets and phases.",
    },
    "help.topic.team": {
        "sv": "**team K-1042** visar vårdteamet. Samordnare: **team K-1042 lägg till @kollega "
        "roll** eller **team K-1042 ta bort @kollega**.",
        "en": "**team K-1042** shows the care team. Coordinators: **team K-1042 add @colleague "
        "role** or **team K-1042 remove @colleague**.",
    },
    "help.topic.close": {
        "sv": "**avsluta K-1042** avslutar skattningarna, **avsluta mål K-1042 ångest** ett "
        "mål (samordnare); jag frågar först. Möten, plan och samtycke fortsätter, allt går "
        "att läsa och exportera, och **öppna K-1042** startar skattningarna igen.",
        "en": "**close K-1042** ends the rating, **close target K-1042 anxiety** a target "
        "(coordinators); I ask first. Meetings, the plan and consent go on, everything can "
        "be read and exported, and **reopen K-1042** starts the rating again.",
    },
}
