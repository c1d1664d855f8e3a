"""User-facing texts for `vem` and the directory in chat: results, filters, the
messaging extension, admin forms, imports and freshness (merged into core.i18n)."""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # vem
    "directory.ask": {
        "sv": "Vem letar du efter? Skriv t.ex. **vem LSS Kumla**, **vem samordnare psykiatri** "
        "eller **vem FK sjukpenning**. Filter: **kommun:Kumla**, **org:region** (region, "
        "kommun, fk, af, samordningsförbund).",
        "en": "Who are you looking for? Type e.g. **who LSS Kumla** or **who FK sjukpenning**. "
        "Filters: **kommun:Kumla**, **org:region** (region, kommun, fk, af, "
        "samordningsförbund).",
    },
    "directory.results.title": {"sv": "Träffar för ”{query}”", "en": "Results for “{query}”"},
    "directory.results.range": {
        "sv": "{first}–{last} av {total}",
        "en": "{first}–{last} of {total}",
    },
    "directory.results.range_capped": {
        "sv": "{first}–{last} av fler än {total} – lägg till ett ord eller ett filter",
        "en": "{first}–{last} of more than {total} – add a word or a filter",
    },
    "directory.corrected": {
        # What was typed is not repeated: the title above shows the query.
        "sv": "Jag rättade ett stavfel och sökte på **{words}**.",
        "en": "I corrected a typo and searched for **{words}**.",
    },
    "directory.more": {"sv": "Visa fler", "en": "Show more"},
    "directory.none": {
        "sv": "Ingen träff på ”{query}”.",
        "en": "No match for “{query}”.",
    },
    "directory.none.unknown": {
        "sv": "Ingen i katalogen matchar ”{words}”.",
        "en": "Nobody in the directory matches “{words}”.",
    },
    "directory.did_you_mean": {"sv": "Menade du:", "en": "Did you mean:"},
    "directory.none.hint": {
        "sv": "Prova färre ord, ett kompetensområde (t.ex. missbruk, LSS, boendestöd) eller "
        "bara kommunen.",
        "en": "Try fewer words, an area (e.g. missbruk, LSS, boendestöd) or just the municipality.",
    },
    "directory.filter.municipality": {
        "sv": "Jag hittar ingen kommun som heter ”{name}” i katalogen. Katalogen gäller "
        "Örebro län, t.ex. kommun:Kumla eller kommun:Lindesberg.",
        "en": "There is no municipality called “{name}” in the directory. It covers Örebro "
        "län, e.g. kommun:Kumla or kommun:Lindesberg.",
    },
    "directory.personnummer": {
        "sv": "Det ser ut som ett personnummer. Katalogen har bara personal och funktioner – "
        "sök på roll, ort eller vad du behöver hjälp med, t.ex. **vem LSS Kumla**.",
        "en": "That looks like a personal identity number. The directory holds only staff and "
        "functions – search by role, place or what you need help with, e.g. **who LSS Kumla**.",
    },
    "directory.filter.org": {
        "sv": "”{name}” känner jag inte igen som organisation. Använd org:region, org:kommun, "
        "org:fk, org:af eller org:samordningsförbund.",
        "en": "I don't recognise “{name}” as an organisation. Use org:region, org:kommun, "
        "org:fk, org:af or org:samordningsförbund.",
    },
    "directory.timeout": {
        "sv": "Sökningen tog för lång tid. Försök igen om en stund.",
        "en": "The search took too long. Please try again in a moment.",
    },
    "directory.empty": {
        "sv": "Katalogen är tom än så länge. En katalogadministratör kan importera kontakter "
        "med **kontakt importera** och en CSV-fil.",
        "en": "The directory is empty so far. A directory admin can import contacts with "
        "**contact import** and a CSV file.",
    },
    # One entry on a card
    "directory.function": {"sv": "Funktion", "en": "Function"},
    "directory.helps_with": {"sv": "Kan hjälpa till med: {text}", "en": "Can help with: {text}"},
    "directory.reachable": {"sv": "Nåbar: {hours}", "en": "Reachable: {hours}"},
    "directory.stale": {
        "sv": "⚠ Ej bekräftad sedan {date} – kontrollera uppgifterna.",
        "en": "⚠ Not confirmed since {date} – check the details.",
    },
    "directory.call": {"sv": "Ring", "en": "Call"},
    "directory.mail": {"sv": "Mejla", "en": "E-mail"},
    "directory.chat": {"sv": "Chatta i Teams", "en": "Chat in Teams"},
    "directory.edit": {"sv": "Ändra", "en": "Edit"},
    "directory.remove": {"sv": "Ta bort", "en": "Remove"},
    # Messaging extension
    "directory.extension.start": {
        "sv": "Skriv ett namn, en roll eller ett område, t.ex. LSS Kumla.",
        "en": "Type a name, a role or an area, e.g. LSS Kumla.",
    },
    # Admin: the contact command
    "directory.admin.only": {
        "sv": "Det är bara katalogadministratörer som kan ändra i katalogen. Fråga din "
        "systemadministratör om du behöver den rollen.",
        "en": "Only directory admins can change the directory. Ask your system admin if you "
        "need that role.",
    },
    "directory.admin.usage": {
        "sv": "Så här sköter du katalogen: **kontakt ny**, **kontakt ändra 12**, **kontakt ta "
        "bort 12**, **kontakt importera** (skicka en CSV-fil i samma meddelande) och **kontakt "
        "exportera**. Numret står på kortet när du söker med **vem**.",
        "en": "To keep the directory: **contact new**, **contact edit 12**, **contact remove "
        "12**, **contact import** (send a CSV file with the message) and **contact export**. "
        "The number is on the card when you search with **who**.",
    },
    "directory.admin.new_title": {"sv": "Ny kontakt", "en": "New contact"},
    "directory.admin.edit_title": {"sv": "Ändra kontakt nr {id}", "en": "Edit contact no. {id}"},
    "directory.admin.kind.person": {"sv": "Person", "en": "Person"},
    "directory.admin.kind.function": {
        "sv": "Funktion (t.ex. en mottagning)",
        "en": "Function (e.g. a clinic)",
    },
    "directory.admin.areas_hint": {
        "sv": "Kompetensområden, skilda med semikolon: LSS; boendestöd",
        "en": "Areas, separated by semicolons: LSS; boendestöd",
    },
    "directory.admin.save": {"sv": "Spara", "en": "Save"},
    "directory.admin.saved": {
        "sv": "Sparat: **{name}** ({agency}), nr {id}.",
        "en": "Saved: **{name}** ({agency}), no. {id}.",
    },
    "directory.admin.problems": {
        "sv": "Inget sparades:",
        "en": "Nothing was saved:",
    },
    "directory.admin.which": {
        "sv": "Vilken kontakt? Skriv numret från kortet, t.ex. **kontakt ändra 12**.",
        "en": "Which contact? Type the number from the card, e.g. **contact edit 12**.",
    },
    "directory.admin.missing": {
        "sv": "Det finns ingen kontakt med nr {id}.",
        "en": "There is no contact no. {id}.",
    },
    "directory.admin.remove_confirm": {
        "sv": "Ta bort **{name}** ({agency}) ur katalogen?",
        "en": "Remove **{name}** ({agency}) from the directory?",
    },
    "directory.admin.keep": {"sv": "Behåll", "en": "Keep"},
    "directory.admin.kept": {"sv": "Okej, kontakten finns kvar.", "en": "OK, the contact stays."},
    "directory.admin.removed": {
        "sv": "**{name}** är borttagen ur katalogen.",
        "en": "**{name}** is removed from the directory.",
    },
    "contact.duplicate": {
        "sv": "Det finns redan en kontakt med samma e-post (eller samma namn och organisation).",
        "en": "There is already a contact with the same e-mail (or the same name and agency).",
    },
    "contact.missing": {
        "sv": "Kontakten finns inte längre.",
        "en": "The contact no longer exists.",
    },
    # Import and export in chat
    "directory.import.attach": {
        "sv": "Skicka CSV-filen i samma meddelande som **kontakt importera** (gem-ikonen). "
        "Kolumner: name,title,agency,unit,municipality,areas,phone,email,teams_upn,hours,"
        "owner_email. Excel-filer sparade som CSV (semikolon) går bra.",
        "en": "Send the CSV file in the same message as **contact import** (the paperclip). "
        "Columns: name,title,agency,unit,municipality,areas,phone,email,teams_upn,hours,"
        "owner_email. CSV saved from Excel (semicolons) is fine.",
    },
    "directory.import.too_big": {
        "sv": "Filen är för stor (högst {limit} MB).",
        "en": "The file is too large (at most {limit} MB).",
    },
    "directory.import.download_failed": {
        "sv": "Jag kunde inte hämta filen. Försök skicka den igen.",
        "en": "I couldn't fetch the file. Please try sending it again.",
    },
    "directory.import.problems": {
        "sv": "**{file}**: {count} fel, så inget importerades. Rätta raderna och skicka filen "
        "igen:",
        "en": "**{file}**: {count} problems, so nothing was imported. Fix the rows and send "
        "the file again:",
    },
    "directory.import.more_problems": {
        "sv": "… och {count} fel till.",
        "en": "… and {count} more problems.",
    },
    "directory.import.ready": {
        "sv": "**{file}** ser bra ut: {rows} rader, varav {new} nya och {existing} som redan "
        "finns (de uppdateras). Importera?",
        "en": "**{file}** looks good: {rows} rows, {new} new and {existing} already in the "
        "directory (they are updated). Import?",
    },
    "directory.import.go": {"sv": "Importera", "en": "Import"},
    "directory.import.expired": {
        "sv": "Den filen är för gammal – skicka den igen.",
        "en": "That file has expired – please send it again.",
    },
    "directory.import.done": {
        "sv": "Klart: {created} nya, {updated} ändrade, {unchanged} oförändrade.",
        "en": "Done: {created} new, {updated} changed, {unchanged} unchanged.",
    },
    "directory.export.sent": {
        "sv": "Katalogen som CSV ({rows} kontakter).",
        "en": "The directory as CSV ({rows} contacts).",
    },
    # Freshness
    "directory.fresh.title": {
        "sv": "Stämmer dina uppgifter i kontaktkatalogen?",
        "en": "Are your details in the contact directory still right?",
    },
    "directory.fresh.body": {
        "sv": "De här har inte bekräftats på över ett halvår. Kolleger i andra verksamheter "
        "hittar dig genom dem.",
        "en": "These haven't been confirmed for over six months. Colleagues in other agencies "
        "find you through them.",
    },
    "directory.fresh.still_right": {"sv": "Stämmer fortfarande", "en": "Still right"},
    "directory.fresh.change": {"sv": "Ändra", "en": "Change"},
    "directory.fresh.confirmed": {
        "sv": "Tack! {count} uppgifter är bekräftade.",
        "en": "Thanks! {count} entries are confirmed.",
    },
    "directory.fresh.change_how": {
        "sv": "Skriv vad som ska ändras till en katalogadministratör, eller ändra själv med "
        "**kontakt ändra {id}** om du är administratör.",
        "en": "Tell a directory admin what should change, or change it yourself with "
        "**contact edit {id}** if you are an admin.",
    },
    # Help for its commands (`hjälp <kommando>`) and examples after two misses
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
}
