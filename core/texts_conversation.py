"""Texts for how a conversation goes (bot/conversation.py): what was put aside, going
back, dropping, examples after two unread answers, help per command, thanks."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "thanks.reply": {
        "sv": "Varsågod! Skriv **hjälp** om du vill se vad mer jag kan.",
        "en": "You're welcome! Type **help** to see what else I can do.",
    },
    "clients.pick": {
        "sv": "Vilken klient? Tryck på en av dina, eller skriv **{command}** och koden, "
        "t.ex. {command} K-1042.",
        "en": "Which client? Tap one of yours, or type **{command}** and the code, "
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
    "open.what.book": {"sv": "boka ett möte", "en": "book a meeting"},
    "open.what.move": {"sv": "flytta ett möte", "en": "move a meeting"},
    "open.what.follow_up": {
        "sv": "dokumentera ett möte",
        "en": "document a meeting",
    },
    "open.what.remind": {"sv": "lägga in en påminnelse", "en": "set a reminder"},
    "open.what.settings": {"sv": "ändra inställningar", "en": "change settings"},
    "open.what.any": {"sv": "{word}", "en": "{word}"},
    # After two answers a question could not read
    "examples.any": {
        "sv": "Jag förstår inte svaret. Svara på frågan ovan, skriv ett annat kommando, "
        "eller avbryt.",
        "en": "I can't read that answer. Answer the question above, type another command, "
        "or cancel.",
    },
    "examples.book.client": {
        "sv": "Skriv klientens kod, till exempel **K-1042**. Eller avbryt.",
        "en": "Type the client's code, for example **K-1042**. Or cancel.",
    },
    "examples.book.purpose": {
        "sv": "Skriv syftet med några ord, till exempel **Uppföljning av SIP**, eller "
        "**standard**. Eller avbryt.",
        "en": "Write the purpose in a few words, for example **Follow-up of the SIP**, or "
        "**standard**. Or cancel.",
    },
    "examples.book.when": {
        "sv": "Exempel: **tisdag 13.30**, **imorgon kl 10**, **2026-12-15 09:00**, "
        "**15/12 kl 14**. Eller avbryt.",
        "en": "Examples: **tuesday 13.30**, **tomorrow at 10**, **2026-12-15 09:00**. Or cancel.",
    },
    "examples.book.length": {
        "sv": "Exempel: **60**, **90 min**, **1,5 timme**, eller **ok** för 60 minuter. "
        "Eller avbryt.",
        "en": "Examples: **60**, **90 min**, **1.5 hours**, or **ok** for 60 minutes. Or cancel.",
    },
    "examples.book.place": {
        "sv": "Exempel: **Storgatan 3, rum 12**, en Teams-länk, eller **inget**. Eller avbryt.",
        "en": "Examples: **Main street 3, room 12**, a Teams link, or **none**. Or cancel.",
    },
    "examples.book.people": {
        "sv": "Skriv namnen med komma emellan, till exempel **Anna Berg, Omar Said**. "
        "Eller avbryt.",
        "en": "Type the names separated by commas, for example **Anna Berg, Omar Said**. "
        "Or cancel.",
    },
    "examples.book.confirm": {
        "sv": "Svara **ja** för att boka eller välj en av de lediga tiderna. Vid en krock: "
        "**boka ändå**. Saknas samtycke: **samtycke finns** när du vet att det finns. "
        "Eller avbryt.",
        "en": "Answer **yes** to book or pick one of the free times. On a clash: **book "
        "anyway**. Without consent: **consent given** when you know it is. Or cancel.",
    },
    "examples.move.when": {
        "sv": "Exempel: **torsdag 10.00**, **imorgon kl 14**, **2026-12-15 09:00**. Eller avbryt.",
        "en": "Examples: **thursday 10.00**, **tomorrow at 14**, **2026-12-15 09:00**. Or cancel.",
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
    "examples.settings.language_prompt": {
        "sv": "Svara **svenska**, **engelska** eller **auto**. Eller avbryt.",
        "en": "Answer **swedish**, **english** or **auto**. Or cancel.",
    },
    "examples.settings.timezone_prompt": {
        "sv": "Exempel: **Europe/Stockholm**, **ok** för att behålla. Eller avbryt.",
        "en": "Examples: **Europe/Stockholm**, **ok** to keep it. Or cancel.",
    },
    # Help for one command: `hjälp boka`, "hur bokar jag ett möte?"
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
        "**ny enhet E-2001** (samordnare).",
        "en": "**new client K-1042**, **new target K-1042**, **new phase K-1042 B** and "
        "**new unit E-2001** (coordinators).",
    },
    "help.topic.team": {
        "sv": "**team K-1042** visar vårdteamet. Samordnare: **team K-1042 lägg till @kollega "
        "roll** eller **team K-1042 ta bort @kollega**.",
        "en": "**team K-1042** shows the care team. Coordinators: **team K-1042 add @colleague "
        "role** or **team K-1042 remove @colleague**.",
    },
    "help.topic.close": {
        "sv": "**avsluta K-1042** avslutar en uppföljning, **avsluta mål K-1042 ångest** ett "
        "mål (samordnare); jag frågar först. Allt går fortfarande att läsa och exportera, "
        "och **öppna K-1042** öppnar det igen.",
        "en": "**close K-1042** ends a follow-up, **close target K-1042 anxiety** a target "
        "(coordinators); I ask first. Everything can still be read and exported, and "
        "**reopen K-1042** opens it again.",
    },
    "help.topic.book": {
        "sv": "Skriv **boka** så frågar jag om klient, syfte, tid, längd, plats och deltagare. "
        "Eller allt på en rad: **boka K-1042 tisdag 13.30 med Anna Berg, Omar Said**.",
        "en": "Type **book** and I ask for the client, purpose, time, length, place and "
        "participants. Or all on one line: **book K-1042 tuesday 13.30 with Anna Berg, "
        "Omar Said**.",
    },
    "help.topic.meetings": {
        "sv": "**möten** visar dina kommande möten, **möte K-1042** klientens möten och vem "
        "som gör vad.",
        "en": "**meetings** shows your coming meetings, **meeting K-1042** the client's "
        "meetings and who does what.",
    },
    "help.topic.meeting": {
        "sv": "**möte K-1042** visar klientens möten och vem som gör vad; **möten** dina "
        "kommande möten.",
        "en": "**meeting K-1042** shows the client's meetings and who does what; "
        "**meetings** your coming meetings.",
    },
    "help.topic.move": {
        "sv": "**flytta 12 torsdag 10.00** flyttar möte nummer 12 (numret står i **möten**). "
        "**flytta 12** frågar efter tiden.",
        "en": "**move 12 thursday 10.00** moves meeting number 12 (the number is in "
        "**meetings**). **move 12** asks for the time.",
    },
    "help.topic.follow_up": {
        "sv": "**uppföljning 12** dokumenterar möte 12: beslut, delmål och vem som gör vad "
        "till när.",
        "en": "**follow-up 12** documents meeting 12: decisions, goals and who does what by when.",
    },
    "help.topic.consent": {
        "sv": "**samtycke K-1042** visar samtycken; **samtycke K-1042 fk ja** sparar ett.",
        "en": "**consent K-1042** shows consents; **consent K-1042 fk yes** records one.",
    },
    "help.topic.who": {
        "sv": "**vem LSS Kumla**, **vem psykiatri Örebro**, **vem FK handläggare** – jag "
        "söker på namn, roll, kompetens och kommun.",
        "en": "**who LSS Kumla**, **who psychiatry Örebro** – I search names, roles, "
        "competence areas and municipalities.",
    },
    "help.topic.contact": {
        "sv": "**kontakt ny**, **kontakt ändra 12**, **kontakt ta bort 12**, **kontakt "
        "importera**, **kontakt exportera** (katalogadministratörer).",
        "en": "**contact new**, **contact edit 12**, **contact remove 12**, **contact "
        "import**, **contact export** (directory admins).",
    },
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
    "help.topic.settings": {
        "sv": "**inställningar** ändrar språk och tidszon; **inställningar skattning** när "
        "du påminns om att skatta.",
        "en": "**settings** changes language and time zone; **settings rating** when you "
        "are prompted to rate.",
    },
    "help.topic.roles": {
        "sv": "**roller** visar dina roller. Systemadministratörer: **roller ge "
        "<e-post> samordnare <enhet>** och **roller ta bort …**.",
        "en": "**roles** shows your roles. System admins: **roles grant <e-mail> "
        "coordinator <unit>** and **roles revoke …**.",
    },
}
