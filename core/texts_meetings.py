"""User-facing texts about resursgruppsmöten: booking, answers, consent, follow-up
(merged into core.i18n.CATALOG)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "cmd.book": {
        "sv": "boka ett resursgruppsmöte, t.ex. boka K-1042 tisdag 13.30 med Anna Berg",
        "en": "book a resource group meeting, e.g. book K-1042 Tuesday 13.30 with Anna Berg",
    },
    "cmd.meetings": {
        "sv": "dina kommande möten; möte K-1042 visar klientens möten och åtgärder",
        "en": "your coming meetings; meeting K-1042 shows the client's meetings and actions",
    },
    "cmd.consent": {
        "sv": "visa och registrera samtycke, t.ex. samtycke K-1042 samordning ja",
        "en": "show and record consent, e.g. consent K-1042 coordination yes",
    },
    "cmd.move": {
        "sv": "flytta ett möte du bokat, t.ex. flytta 12 (knappen på mötets kort)",
        "en": "move a meeting you booked, e.g. move 12 (the button on the meeting's card)",
    },
    "cmd.follow_up": {
        "sv": "beslut, delmål och åtgärder efter ett möte, t.ex. dokumentera 12",
        "en": "decisions, goals and action items after a meeting, e.g. record 12",
    },
    "meeting.slot": {
        "sv": "{weekday} {date} kl {start}–{end}",
        "en": "{weekday} {date} {start}–{end}",
    },
    # -- the booking dialog
    "meeting.unknown_user": {
        "sv": "Jag vet inte vem du är än. Skriv till mig i en chatt i Teams först.",
        "en": "I don't know who you are yet. Write to me in a Teams chat first.",
    },
    "meeting.ask_client": {
        "sv": "Vilken klient gäller mötet? Skriv koden, t.ex. K-1042.",
        "en": "Which client is the meeting about? Write the code, e.g. K-1042.",
    },
    "meeting.retry_client": {
        "sv": "Skriv klientens kod, t.ex. K-1042 (aldrig namn eller personnummer).",
        "en": "Write the client's code, e.g. K-1042 (never a name or an ID number).",
    },
    "meeting.ask_purpose": {
        "sv": (
            "Vad är syftet med mötet? Skriv syftet på första raden och gärna frågor att ta "
            "upp på egna rader. Skriv **standard** för «Uppföljning av SIP»."
        ),
        "en": (
            "What is the purpose of the meeting? Write it on the first line, and questions "
            "to discuss on their own lines. Write **standard** for «SIP follow-up»."
        ),
    },
    "meeting.retry_purpose": {
        "sv": "Syftet behöver 1–500 tecken och inga personnummer. Försök igen.",
        "en": "The purpose needs 1–500 characters and no ID numbers. Try again.",
    },
    "meeting.default_purpose": {"sv": "Uppföljning av SIP", "en": "SIP follow-up"},
    "meeting.standard_words": {"sv": "standard", "en": "standard"},
    "meeting.ask_when": {
        "sv": "När? Skriv t.ex. **tisdag 13.30**, **3/12 kl 10** – eller välj i kortet.",
        "en": "When? Write e.g. **Tuesday 13.30**, **3/12 at 10** – or pick in the card.",
    },
    "meeting.when_card.title": {"sv": "Välj dag och tid", "en": "Pick a day and time"},
    "meeting.when_card.date": {"sv": "Dag", "en": "Day"},
    "meeting.when_card.time": {"sv": "Tid", "en": "Time"},
    "meeting.when_card.ok": {"sv": "Välj", "en": "Choose"},
    "meeting.when.no_time": {
        "sv": "Vilken tid på dagen? Skriv t.ex. tisdag 13.30.",
        "en": "What time of day? Write e.g. Tuesday 13.30.",
    },
    "meeting.when.recurring": {
        "sv": "Ett möte bokas ett i taget. Skriv en dag och tid, t.ex. tisdag 13.30.",
        "en": "Meetings are booked one at a time. Write a day and time, e.g. Tuesday 13.30.",
    },
    "meeting.when.past": {
        "sv": "Den tiden har redan varit. Skriv en tid framåt.",
        "en": "That time has passed. Write a time ahead.",
    },
    "meeting.ask_which": {
        "sv": "Menar du {first} (svara 1) eller {second} (svara 2)?",
        "en": "Do you mean {first} (answer 1) or {second} (answer 2)?",
    },
    "meeting.ask_length": {
        "sv": "Hur länge? Svara t.ex. 45 min eller 1,5 timme – eller **ok** för 60 minuter.",
        "en": "How long? Answer e.g. 45 min or 1.5 hours – or **ok** for 60 minutes.",
    },
    "meeting.length.unknown": {
        "sv": "Jag förstod inte längden. Skriv t.ex. 60, 90 min eller 1,5 timme.",
        "en": "I didn't understand the length. Write e.g. 60, 90 min or 1.5 hours.",
    },
    "meeting.length.range": {
        "sv": "Ett möte kan vara {low}–{high} minuter.",
        "en": "A meeting can last {low}–{high} minutes.",
    },
    "meeting.ok_words": {"sv": "ok|okej|ja|60|standard", "en": "ok|okay|yes|60|default"},
    "meeting.ask_place": {
        "sv": "Var? Skriv en plats, klistra in länken till Teams-mötet, eller **inget**.",
        "en": "Where? Write a place, paste the Teams meeting link, or **none**.",
    },
    # "ok" at "Var?" means: no place (it was saved as the place "ok").
    "meeting.none_words": {
        "sv": "inget|ingen|inga|nej|-|ok|okej",
        "en": "none|no|nothing|-|ok|okay",
    },
    "meeting.place.too_long": {
        "sv": "Platsen får vara högst {limit} tecken.",
        "en": "The place can be at most {limit} characters.",
    },
    "meeting.ask_participants": {
        "sv": (
            "Vilka ska med? Kryssa i vårdteamet i kortet, eller skriv namn från katalogen "
            "eller namn med e-post, t.ex. *Anna Berg, omar.said@fk.se*. **klar** när du är klar."
        ),
        "en": (
            "Who should come? Tick the care team in the card, or write names from the "
            "directory or a name with an e-mail, e.g. *Anna Berg, omar.said@fk.se*. "
            "**done** when you are done."
        ),
    },
    # Words that finish the participants question; never a participant's name.
    "meeting.done_words": {
        "sv": "klar|klart|färdig|inga fler|ok|okej|ja|nej|inga|ingen",
        "en": "done|finished|no more|ok|okay|yes|no|none",
    },
    "meeting.participants.card.title": {"sv": "Deltagare", "en": "Participants"},
    "meeting.participants.card.team": {"sv": "Vårdteamet", "en": "Care team"},
    "meeting.participants.card.others": {
        "sv": "Fler (namn från katalogen, eller namn och e-post), en per rad",
        "en": "Others (names from the directory, or name and e-mail), one per line",
    },
    "meeting.participants.card.ok": {"sv": "Klar", "en": "Done"},
    "meeting.participants.added": {
        "sv": "Med hittills: {names}. Skriv fler eller **klar**.",
        "en": "Coming so far: {names}. Write more or **done**.",
    },
    "meeting.participants.none_yet": {
        "sv": "Lägg till minst en deltagare.",
        "en": "Add at least one participant.",
    },
    "meeting.participants.too_many": {
        "sv": "Högst {limit} deltagare i ett möte.",
        "en": "At most {limit} participants in a meeting.",
    },
    "meeting.person.empty": {
        "sv": "Skriv ett namn eller en e-postadress.",
        "en": "Write a name or an e-mail address.",
    },
    "meeting.person.bad_email": {
        "sv": "«{email}» ser inte ut som en e-postadress.",
        "en": "«{email}» does not look like an e-mail address.",
    },
    "meeting.person.too_long": {
        "sv": "Ett namn får vara högst {limit} tecken.",
        "en": "A name can be at most {limit} characters.",
    },
    "meeting.personnummer": {
        "sv": "Det ser ut som ett personnummer. Skriv aldrig personnummer här – använd koden.",
        "en": "That looks like a personal ID number. Never write one here – use the code.",
    },
    "meeting.code.invalid": {
        "sv": "Det är ingen klientkod. En kod ser ut som K-1042.",
        "en": "That is not a client code. A code looks like K-1042.",
    },
    # -- the summary
    "meeting.summary.title": {
        "sv": "Resursgruppsmöte {code}",
        "en": "Resource group meeting {code}",
    },
    "meeting.summary.when": {"sv": "När", "en": "When"},
    "meeting.summary.where": {"sv": "Var", "en": "Where"},
    "meeting.summary.purpose": {"sv": "Syfte", "en": "Purpose"},
    "meeting.summary.questions": {"sv": "Frågor", "en": "Questions"},
    "meeting.summary.participants": {"sv": "Deltagare", "en": "Participants"},
    "meeting.summary.nowhere": {"sv": "ingen plats angiven", "en": "no place given"},
    "meeting.summary.no_email": {
        "sv": "ingen e-post – får ingen kalenderfil",
        "en": "no e-mail – gets no calendar file",
    },
    "meeting.summary.uses_bot": {"sv": "får inbjudan i Teams", "en": "invited in Teams"},
    "meeting.role.kallad": {"sv": "kallad", "en": "summoned"},
    "meeting.role.inbjuden": {"sv": "inbjuden", "en": "invited"},
    "meeting.summary.clash": {
        "sv": "⚠️ Krockar: {who} har redan möte om {code} {when}.",
        "en": "⚠️ Clash: {who} already has a meeting about {code} {when}.",
    },
    "meeting.summary.suggest": {
        "sv": "Lediga tider i närheten (vardagar 08–17):",
        "en": "Free times nearby (weekdays 08–17):",
    },
    "meeting.summary.no_suggestions": {
        "sv": "Jag hittar ingen ledig tid för alla inom fyra veckor.",
        "en": "I find no time that suits everyone within four weeks.",
    },
    "meeting.summary.outside_hours": {
        "sv": "Obs: tiden ligger utanför kontorstid (vardagar 08–17) eller på en röd dag.",
        "en": "Note: the time is outside office hours (weekdays 08–17) or on a public holiday.",
    },
    "meeting.summary.consent": {
        "sv": (
            "⚠️ Samtycke saknas för {agencies}. Utan samtycke får ni inte tala om brukaren "
            "med dem. Registrera med **samtycke {code}**, eller svara att samtycke finns om "
            "du vet att det finns."
        ),
        "en": (
            "⚠️ No consent recorded for {agencies}. Without consent you may not discuss the "
            "client with them. Record it with **consent {code}**, or answer that consent "
            "exists if you know it does."
        ),
    },
    "meeting.summary.over_clash": {
        "sv": "Du har valt att boka trots krocken.",
        "en": "You chose to book despite the clash.",
    },
    "meeting.summary.consent_given": {
        "sv": "Du har bekräftat att samtycke finns.",
        "en": "You confirmed that consent exists.",
    },
    "meeting.summary.book": {"sv": "Boka", "en": "Book"},
    "meeting.summary.book_over_clash": {
        "sv": "Boka ändå trots krocken",
        "en": "Book anyway despite the clash",
    },
    "meeting.summary.book_consent": {
        "sv": "Samtycke finns – boka",
        "en": "Consent exists – book",
    },
    "meeting.summary.change_time": {"sv": "Ändra tid", "en": "Change time"},
    "meeting.summary.cancel": {"sv": "Avbryt", "en": "Cancel"},
    "meeting.summary.reply": {
        "sv": "Svara **boka**, en ny tid, eller **avbryt**.",
        "en": "Answer **book**, a new time, or **cancel**.",
    },
    "meeting.summary.reply.clash": {
        "sv": (
            "Svara ett nummer för en ledig tid, en annan tid, **boka ändå** för att boka "
            "trots krocken, eller **avbryt**."
        ),
        "en": (
            "Answer the number of a free time, another time, **book anyway** to book "
            "despite the clash, or **cancel**."
        ),
    },
    "meeting.summary.reply.consent": {
        "sv": "Svara **samtycke finns** om du vet att det finns, en ny tid, eller **avbryt**.",
        "en": "Answer **consent exists** if you know it does, a new time, or **cancel**.",
    },
    "meeting.book_words": {"sv": "boka|ja|ok", "en": "book|yes|ok"},
    "meeting.clash_words": {
        "sv": "boka ändå|boka trots krocken|boka ändå trots krocken|trots krocken",
        "en": "book anyway|book despite the clash|book anyway despite the clash|anyway",
    },
    "meeting.consent_words": {
        "sv": "samtycke finns|samtycke finns boka|samtycket finns|det finns samtycke",
        "en": "consent exists|consent exists book|consent given|there is consent",
    },
    "meeting.clash_confirm_needed": {
        "sv": (
            "Tiden krockar med ett annat möte. Välj en ledig tid, skriv en annan tid, "
            "eller svara **boka ändå** för att boka trots krocken."
        ),
        "en": (
            "The time clashes with another meeting. Pick a free time, write another time, "
            "or answer **book anyway** to book despite the clash."
        ),
    },
    "meeting.consent_confirm_needed": {
        "sv": "Samtycke saknas för {agencies}. Svara **samtycke finns** om du vet att det finns.",
        "en": "Consent is missing for {agencies}. Answer **consent exists** if you know it does.",
    },
    # -- booked
    "meeting.booked": {
        "sv": "Bokat: {code} {when}. {invited}",
        "en": "Booked: {code} {when}. {invited}",
    },
    "meeting.booked.invited.zero": {
        "sv": "Ingen fick inbjudan i Teams.",
        "en": "Nobody got the invitation in Teams.",
    },
    "meeting.booked.invited.one": {
        "sv": "Inbjudan skickad i Teams till 1 deltagare.",
        "en": "Invitation sent in Teams to 1 participant.",
    },
    "meeting.booked.invited.other": {
        "sv": "Inbjudan skickad i Teams till {count} deltagare.",
        "en": "Invitation sent in Teams to {count} participants.",
    },
    "meeting.booked.outside.one": {
        "sv": (
            "1 deltagare använder inte boten: skicka kalenderfilen till hen (den har alla "
            "deltagare, så Outlook kan skicka inbjudan åt dig)."
        ),
        "en": (
            "1 participant does not use the bot: send them the calendar file (it lists "
            "every participant, so Outlook can send the invitation for you)."
        ),
    },
    "meeting.booked.outside.other": {
        "sv": (
            "{count} deltagare använder inte boten: skicka kalenderfilen till dem (den har "
            "alla deltagare, så Outlook kan skicka inbjudan åt dig)."
        ),
        "en": (
            "{count} participants do not use the bot: send them the calendar file (it lists "
            "every participant, so Outlook can send the invitation for you)."
        ),
    },
    "meeting.ics.consent": {
        "sv": "Kalenderfil för mötet om {code}",
        "en": "Calendar file for the meeting about {code}",
    },
    "meeting.ics.sent": {
        "sv": "Här är kalenderfilen. Öppna den för att lägga in mötet i din kalender.",
        "en": "Here is the calendar file. Open it to add the meeting to your calendar.",
    },
    "meeting.ics.declined": {
        "sv": "Ok, ingen fil. Du kan hämta den senare från mötets kort.",
        "en": "OK, no file. You can get it later from the meeting's card.",
    },
    "meeting.in_past": {
        "sv": "Den tiden har redan varit. Välj en tid framåt.",
        "en": "That time has passed. Choose a time ahead.",
    },
    "meeting.gone": {
        "sv": "Jag hittar inte det mötet (eller så har du inte tillgång till det).",
        "en": "I can't find that meeting (or you don't have access to it).",
    },
    # -- the organizer's status card and invitations
    "meeting.status.answers": {
        "sv": "{accepted} kommer · {declined} kan inte · {pending} har inte svarat",
        "en": "{accepted} coming · {declined} can't · {pending} not answered",
    },
    "meeting.status.outside": {
        "sv": " · {count} via kalenderfilen",
        "en": " · {count} by calendar file",
    },
    "meeting.answer.pending": {"sv": "inte svarat", "en": "not answered"},
    "meeting.answer.outside": {
        "sv": "får kalenderfilen av dig",
        "en": "gets the calendar file from you",
    },
    "meeting.answer.accepted": {"sv": "kommer", "en": "coming"},
    "meeting.answer.declined": {"sv": "kan inte", "en": "can't come"},
    "meeting.answer.proposed": {"sv": "föreslår {when}", "en": "proposes {when}"},
    "meeting.answer.proposed_plain": {"sv": "föreslår annan tid", "en": "proposes another time"},
    "meeting.organizer": {"sv": "organisatör", "en": "organizer"},
    "meeting.action.move": {"sv": "Flytta", "en": "Move"},
    "meeting.action.cancel": {"sv": "Ställ in", "en": "Cancel meeting"},
    "meeting.action.ics": {"sv": "Kalenderfil (.ics)", "en": "Calendar file (.ics)"},
    "meeting.action.accept": {"sv": "Jag kommer", "en": "Accept"},
    "meeting.action.decline": {"sv": "Kan inte", "en": "Decline"},
    "meeting.action.propose": {"sv": "Föreslå annan tid", "en": "Propose another time"},
    "meeting.action.use_proposal": {"sv": "Flytta till {when}", "en": "Move to {when}"},
    "meeting.invite.title": {
        "sv": "{organizer} bjuder in dig till resursgruppsmöte om {code}",
        "en": "{organizer} invites you to a resource group meeting about {code}",
    },
    "meeting.invite.role": {"sv": "Du är {role}.", "en": "You are {role}."},
    "meeting.invite.moved": {
        "sv": "Mötet om {code} är flyttat till {when}.",
        "en": "The meeting about {code} has moved to {when}.",
    },
    "meeting.invite.cancelled": {
        "sv": "Mötet om {code} {when} är inställt.",
        "en": "The meeting about {code} {when} is cancelled.",
    },
    "meeting.propose.ask": {
        "sv": "Vilken tid föreslår du? Skriv t.ex. torsdag 10.00.",
        "en": "What time do you propose? Write e.g. Thursday 10.00.",
    },
    "meeting.propose.label": {"sv": "Föreslagen tid", "en": "Proposed time"},
    "meeting.answer.saved.accepted": {
        "sv": "Tack! Du är anmäld till mötet om {code} {when}.",
        "en": "Thanks! You're down for the meeting about {code} {when}.",
    },
    "meeting.answer.saved.declined": {
        "sv": "Ok, jag säger till att du inte kan komma.",
        "en": "OK, I'll let them know you can't come.",
    },
    "meeting.answer.saved.proposed": {
        "sv": "Jag har föreslagit {when} för organisatören.",
        "en": "I've proposed {when} to the organizer.",
    },
    "meeting.answer.unknown": {
        "sv": "Jag förstod inte svaret.",
        "en": "I didn't understand the answer.",
    },
    "meeting.answer.over": {
        "sv": "Mötet har redan varit.",
        "en": "The meeting is already over.",
    },
    "meeting.cancelled_already": {
        "sv": "Mötet är inställt.",
        "en": "The meeting is cancelled.",
    },
    "meeting.not_organizer": {
        "sv": "Bara den som bokade mötet, samordnaren i vårdteamet eller en "
        "verksamhetssamordnare kan ändra det.",
        "en": "Only whoever booked the meeting, the care coordinator or a unit coordinator "
        "can change it.",
    },
    "meeting.notify.answer": {
        "sv": "{name} {answer} på mötet om {code} {when}.",
        "en": "{name}: {answer} for the meeting about {code} {when}.",
    },
    "meeting.cancel.ask": {
        "sv": "Ställa in mötet om {code} {when}? Alla deltagare får besked.",
        "en": "Cancel the meeting about {code} {when}? Every participant is told.",
    },
    "meeting.cancel.yes": {"sv": "Ja, ställ in", "en": "Yes, cancel it"},
    "meeting.cancel.done": {
        "sv": "Mötet om {code} {when} är inställt. {told}",
        "en": "The meeting about {code} {when} is cancelled. {told}",
    },
    "meeting.move.ask": {
        "sv": "Vilken ny tid för mötet om {code}? Nu: {when}.",
        "en": "What new time for the meeting about {code}? Now: {when}.",
    },
    "meeting.move.clash_title": {
        "sv": "Flytta mötet om {code} till {when}?",
        "en": "Move the meeting about {code} to {when}?",
    },
    "meeting.move.anyway": {"sv": "Flytta ändå", "en": "Move anyway"},
    "meeting.move.anyway_words": {"sv": "flytta ändå|ja|ok", "en": "move anyway|yes|ok"},
    "meeting.move.reply": {
        "sv": "Svara **flytta ändå**, ett nummer för en ledig tid, en annan tid, eller **avbryt**.",
        "en": "Answer **move anyway**, the number of a free time, another time, or **cancel**.",
    },
    "meeting.move.done": {
        "sv": "Mötet om {code} är flyttat till {when}. {told}",
        "en": "The meeting about {code} has moved to {when}. {told}",
    },
    "meeting.told.zero": {
        "sv": "Ingen har fått besked i Teams; skicka den nya kalenderfilen till deltagarna.",
        "en": "Nobody was told in Teams; send the new calendar file to the participants.",
    },
    "meeting.told.one": {
        "sv": "1 deltagare har fått besked i Teams; skicka den nya kalenderfilen till övriga.",
        "en": "1 participant was told in Teams; send the new calendar file to the rest.",
    },
    "meeting.told.other": {
        "sv": (
            "{count} deltagare har fått besked i Teams; skicka den nya kalenderfilen till övriga."
        ),
        "en": "{count} participants were told in Teams; send the new calendar file to the rest.",
    },
    "meeting.reminder.text": {
        "sv": "Resursgruppsmöte {code} {when}. Plats: {place}",
        "en": "Resource group meeting {code} {when}. Place: {place}",
    },
    # -- listings
    "meetings.none": {
        "sv": "Du har inga kommande möten. Boka med **boka K-1042**.",
        "en": "You have no coming meetings. Book with **book K-1042**.",
    },
    "meetings.title": {"sv": "Dina kommande möten", "en": "Your coming meetings"},
    "meetings.number": {"sv": "Möte {id}", "en": "Meeting {id}"},
    "meetings.client.title": {"sv": "Möten om {code}", "en": "Meetings about {code}"},
    "meetings.client.upcoming": {"sv": "Kommande", "en": "Coming"},
    "meetings.client.past": {"sv": "Senaste", "en": "Latest"},
    "meetings.client.none_upcoming": {
        "sv": "Inget kommande möte. Boka med **boka {code}**.",
        "en": "No meeting coming. Book with **book {code}**.",
    },
    "meetings.client.actions": {"sv": "Öppna åtgärder", "en": "Open action items"},
    "meetings.client.goals": {"sv": "Delmål i SIP", "en": "SIP goals"},
    "meetings.client.no_actions": {"sv": "Inga öppna åtgärder.", "en": "No open action items."},
    "meetings.action_line": {
        "sv": "{text} – {owner}, senast {due}",
        "en": "{text} – {owner}, by {due}",
    },
    "meetings.no_due": {"sv": "inget datum", "en": "no date"},
    "meetings.action.done": {"sv": "Klar", "en": "Done"},
    # -- consent
    "consent.title": {"sv": "Samtycke för {code}", "en": "Consent for {code}"},
    "consent.state.given": {"sv": "lämnat", "en": "given"},
    "consent.state.refused": {"sv": "nekat", "en": "refused"},
    "consent.state.withdrawn": {"sv": "återkallat", "en": "withdrawn"},
    "consent.fact": {"sv": "{state} {date} ({who})", "en": "{state} {date} ({who})"},
    "consent.form_ref": {"sv": "blankett: {ref}", "en": "form: {ref}"},
    "consent.scope": {"sv": "omfattning: {scope}", "en": "scope: {scope}"},
    "consent.someone": {"sv": "okänd", "en": "unknown"},
    "consent.none": {"sv": "inte registrerat", "en": "not recorded"},
    "consent.coordination_missing": {
        "sv": (
            "Samtycke till samordning saknas: utan det får inget delas, "
            "inte ens med dem som har eget samtycke."
        ),
        "en": (
            "No consent to coordination: without it nothing may be shared, "
            "not even with those who have their own consent."
        ),
    },
    "consent.history": {"sv": "Historik", "en": "History"},
    "consent.history_line": {
        "sv": "{recorded} {who}: {party} {state} {date}",
        "en": "{recorded} {who}: {party} {state} {date}",
    },
    "consent.how": {
        "sv": (
            "Registrera: **samtycke {code} samordning ja**, **samtycke {code} fk ja "
            "blankett i journal 2026-11-03**, **nej** (nekat) eller **återkalla**. "
            "Parter: {parties}."
        ),
        "en": (
            "Record: **consent {code} coordination yes**, **consent {code} fk yes "
            "form in record 2026-11-03**, **no** (refused) or **withdraw**. "
            "Parties: {parties}."
        ),
    },
    "consent.saved": {
        "sv": "Sparat: samtycke {party} {answer}.",
        "en": "Saved: consent {party} {answer}.",
    },
    "consent.party.coordination": {"sv": "till samordning", "en": "to coordination"},
    "consent.party.region": {"sv": "för regionen", "en": "for the region"},
    "consent.party.kommun": {"sv": "för kommunen", "en": "for the municipality"},
    "consent.party.fk": {"sv": "för Försäkringskassan", "en": "for Försäkringskassan"},
    "consent.party.af": {"sv": "för Arbetsförmedlingen", "en": "for Arbetsförmedlingen"},
    "consent.party.samordningsforbund": {
        "sv": "för samordningsförbundet",
        "en": "for the Finsam association",
    },
    "consent.party.school": {"sv": "för skolan", "en": "for the school"},
    "consent.party.relatives": {"sv": "för närstående", "en": "for relatives"},
    "consent.party.other": {"sv": "för övriga", "en": "for others"},
    "consent.name.coordination": {"sv": "Samordning (SIP)", "en": "Coordination (SIP)"},
    "consent.name.region": {"sv": "Regionen", "en": "The region"},
    "consent.name.kommun": {"sv": "Kommunen", "en": "The municipality"},
    "consent.name.fk": {"sv": "Försäkringskassan", "en": "Försäkringskassan"},
    "consent.name.af": {"sv": "Arbetsförmedlingen", "en": "Arbetsförmedlingen"},
    "consent.name.samordningsforbund": {
        "sv": "Samordningsförbundet",
        "en": "The Finsam association",
    },
    "consent.name.school": {"sv": "Skolan", "en": "School"},
    "consent.name.relatives": {"sv": "Närstående", "en": "Relatives"},
    "consent.name.other": {"sv": "Övriga", "en": "Others"},
    "consent.agency.unknown": {
        "sv": (
            "Vilken part? Skriv samordning, region, kommun, fk, af, finsam, skola, "
            "närstående eller övrigt."
        ),
        "en": (
            "Which party? Write coordination, region, kommun, fk, af, finsam, school, "
            "relatives or other."
        ),
    },
    "consent.answer.unknown": {
        "sv": (
            "Skriv **ja**, **nej** eller **återkalla** efter parten, t.ex. samtycke {code} fk ja."
        ),
        "en": (
            "Write **yes**, **no** or **withdraw** after the party, e.g. consent {code} fk yes."
        ),
    },
    "consent.withdraw.not_given": {
        "sv": (
            "Det finns inget lämnat samtycke {party} att återkalla. Har personen sagt nej, "
            "skriv **nej**."
        ),
        "en": (
            "There is no given consent {party} to withdraw. If the person said no, write **no**."
        ),
    },
    "consent.refuse.given": {
        "sv": ("Samtycket {party} är lämnat. Drar personen tillbaka det, skriv **återkalla**."),
        "en": "Consent {party} is given. If the person takes it back, write **withdraw**.",
    },
    "consent.ref.too_long": {
        "sv": "Hänvisningen till blanketten får vara högst {limit} tecken.",
        "en": "The reference to the form can be at most {limit} characters.",
    },
    "consent.card.party": {"sv": "Part", "en": "Party"},
    "consent.card.state": {"sv": "Beslut", "en": "Decision"},
    "consent.card.ref": {
        "sv": "Blankett (valfritt, t.ex. blankett i journal 2026-11-03)",
        "en": "Form (optional, e.g. form in record 2026-11-03)",
    },
    "consent.card.save": {"sv": "Spara", "en": "Save"},
    "consent.card.choose": {
        "sv": "Välj både part och beslut.",
        "en": "Choose both a party and a decision.",
    },
    "consent.date.future": {
        "sv": "Ett samtycke kan inte vara daterat i framtiden.",
        "en": "Consent cannot be dated in the future.",
    },
    "consent.not_member": {
        "sv": "Bara vårdteamet runt {code} och samordnarna kan registrera samtycke.",
        "en": "Only the care team around {code} and the coordinators can record consent.",
    },
    "consent.needs_code": {
        "sv": "Skriv klientens kod, t.ex. **samtycke K-1042**.",
        "en": "Write the client's code, e.g. **consent K-1042**.",
    },
    "agency.coordination": {"sv": "samordning (SIP)", "en": "coordination (SIP)"},
    "agency.region": {"sv": "regionen", "en": "the region"},
    "agency.kommun": {"sv": "kommunen", "en": "the municipality"},
    "agency.fk": {"sv": "Försäkringskassan", "en": "Försäkringskassan"},
    "agency.af": {"sv": "Arbetsförmedlingen", "en": "Arbetsförmedlingen"},
    "agency.samordningsforbund": {"sv": "samordningsförbundet", "en": "the Finsam association"},
    "agency.other": {
        "sv": "övriga (t.ex. skola, anhöriga)",
        "en": "others (e.g. school, relatives)",
    },
    # Help for its commands (`hjälp <kommando>`) and examples after two misses
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
    "help.topic.consent": {
        "sv": (
            "**samtycke K-1042** visar samtycket till samordning och för varje part; "
            "**samtycke K-1042 fk ja** sparar, **nej** nekar, **återkalla** tar tillbaka."
        ),
        "en": (
            "**consent K-1042** shows consent to coordination and per party; "
            "**consent K-1042 fk yes** records, **no** refuses, **withdraw** takes it back."
        ),
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
    # What a dialog put aside is doing (bot/conversation.py)
    "open.what.book": {"sv": "boka ett möte", "en": "book a meeting"},
    "open.what.move": {"sv": "flytta ett möte", "en": "move a meeting"},
}
