"""Every user-facing string, in Swedish (default) and English.

Use: ``t("help.title", lang)`` or ``t("unknown.suggest", lang, command="hjälp")``.
Translate first, then format: the catalog holds templates, never finished text.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.texts_console import TEXTS as CONSOLE_TEXTS
from core.texts_contacts import TEXTS as CONTACT_TEXTS
from core.texts_conversation import TEXTS as CONVERSATION_TEXTS
from core.texts_crisis import TEXTS as CRISIS_TEXTS
from core.texts_directory import TEXTS as DIRECTORY_TEXTS
from core.texts_meeting_ics import TEXTS as MEETING_ICS_TEXTS
from core.texts_meetings import TEXTS as MEETING_TEXTS
from core.texts_plan import TEXTS as PLAN_TEXTS
from core.texts_reminders import TEXTS as REMINDER_TEXTS
from core.texts_roles import TEXTS as ROLE_TEXTS
from core.texts_ssd import TEXTS as SSD_TEXTS
from core.texts_ssd_chat import TEXTS as SSD_CHAT_TEXTS
from core.texts_when import TEXTS as WHEN_TEXTS

SUPPORTED = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

_BASE: Mapping[str, Mapping[str, str]] = {
    # Welcome and help
    "welcome.title": {
        "sv": "Hej! Jag är Samverkansboten.",
        "en": "Hi! I'm Samverkansboten, the coordination bot.",
    },
    "welcome.body": {
        "sv": (
            "Jag hjälper er som delar ansvaret för en brukare: skattningar och kurvor, "
            "resursgruppsmöten, vem som gör vad och påminnelser. Skriv **hjälp** när du vill "
            "se vad jag kan."
        ),
        "en": (
            "I help staff who share the care of a client: ratings and charts, resource-group "
            "meetings, who does what, and reminders. Type **help** to see what I can do."
        ),
    },
    "welcome.privacy": {
        "sv": "Skriv aldrig personnummer eller namn på brukare – använd koden, t.ex. K-1042.",
        "en": "Never write personal identity numbers or client names – use the code, e.g. K-1042.",
    },
    "help.title": {"sv": "Det här kan jag", "en": "What I can do"},
    "help.footer": {
        "sv": "Skriv **avbryt** när som helst för att sluta med det du håller på med.",
        "en": "Type **cancel** at any time to stop what you are doing.",
    },
    "cmd.help": {"sv": "visa den här hjälpen", "en": "show this help"},
    "cmd.rate": {
        "sv": "skatta en klients mål, t.ex. skatta K-1042",
        "en": "log a rating, e.g. rate K-1042",
    },
    "cmd.chart": {
        "sv": "visa kurvan med faser, t.ex. graf K-1042",
        "en": "show the chart with phases, e.g. chart K-1042",
    },
    "cmd.export": {
        "sv": "skattningarna för en klient som CSV-fil",
        "en": "a client's ratings as a CSV file",
    },
    "cmd.client": {
        "sv": "en klients mål, faser och vårdteam",
        "en": "a client's targets, phases and care team",
    },
    "cmd.team": {
        "sv": "vårdteamet för en klient; samordnare lägger till och tar bort",
        "en": "a client's care team; coordinators add and remove",
    },
    "cmd.close": {
        "sv": "avsluta skattningarna eller ett mål (samordnare); möten och plan fortsätter",
        "en": "end the rating or a target (coordinators); meetings and the plan go on",
    },
    "cmd.new": {
        "sv": "ny klient, enhet, nytt mål eller ny fas (verksamhetssamordnare, samordnare)",
        "en": "new client, unit, target or phase (unit and care coordinators)",
    },
    "cmd.who": {
        "sv": "hitta rätt kontakt, t.ex. vem LSS Kumla",
        "en": "find the right contact, e.g. who LSS Kumla",
    },
    "cmd.contact": {
        "sv": "sköt kontaktkatalogen (för katalogadministratörer): kontakt ny, ändra, ta bort, "
        "importera, exportera",
        "en": "keep the contact directory (directory admins): contact new, edit, remove, "
        "import, export",
    },
    "cmd.remind": {
        "sv": "få en påminnelse, t.ex. påminn mig imorgon kl 9 att …",
        "en": "get a reminder, e.g. remind me tomorrow at 9 to …",
    },
    "cmd.reminders": {"sv": "dina påminnelser", "en": "your reminders"},
    "cmd.settings": {"sv": "språk och tidszon", "en": "language and time zone"},
    "cmd.roles": {
        "sv": "dina roller; systemadministratörer ger och tar bort roller",
        "en": "your roles; system admins grant and revoke roles",
    },
    "cmd.cancel": {"sv": "avbryt det du håller på med", "en": "stop what you are doing"},
    # Routing
    "unknown.suggest": {
        "sv": "Jag förstod inte riktigt. Menade du **{command}**? Skriv **hjälp** så ser du alla "
        "kommandon.",
        "en": "I didn't quite get that. Did you mean **{command}**? Type **help** for all "
        "commands.",
    },
    "unknown.plain": {
        "sv": "Jag förstod inte riktigt. Skriv **hjälp** så visar jag vad jag kan.",
        "en": "I didn't quite get that. Type **help** and I'll show what I can do.",
    },
    "cancel.done": {"sv": "Okej, jag har avbrutit.", "en": "Okay, cancelled."},
    "cancel.nothing": {
        "sv": "Det finns inget att avbryta just nu.",
        "en": "There is nothing to cancel right now.",
    },
    "turn.too_fast": {
        "sv": "Oj, det går fort! Jag hinner inte med så många meddelanden, så de närmaste "
        "tar jag inte emot. Vänta {seconds} sekunder och skriv sedan det senaste igen.",
        "en": "Whoa, that's fast! I can't keep up with so many messages, so I won't take "
        "the next few. Wait {seconds} seconds, then write the last one again.",
    },
    "message.too_long": {
        "sv": "Meddelandet är för långt för mig ({length} tecken). Skriv kortare, högst "
        "{limit} tecken.",
        "en": "That message is too long for me ({length} characters). Please keep it to "
        "{limit} characters or fewer.",
    },
    "message.empty": {
        "sv": "Jag fick ett tomt meddelande. Skriv **hjälp** om du vill se vad jag kan.",
        "en": "I got an empty message. Type **help** to see what I can do.",
    },
    "error.apology": {
        "sv": "Oj, något gick fel hos mig. Jag har börjat om – försök gärna igen.",
        "en": "Sorry, something went wrong on my side. I've started over – please try again.",
    },
    "tenant.refused": {
        "sv": "Den här boten är inte öppen för din organisation. Kontakta din IT-avdelning om "
        "du tror att det är fel.",
        "en": "This bot isn't available to your organisation. Contact your IT department if you "
        "think this is a mistake.",
    },
    "card.unsupported": {
        "sv": "Det här svaret visas som ett kort. Skriv **hjälp** om det inte syns.",
        "en": "This reply is shown as a card. Type **help** if it doesn't appear.",
    },
    "invoke.unknown": {
        "sv": "Den funktionen finns inte än.",
        "en": "That feature isn't available yet.",
    },
    # Settings dialog
    "settings.ask_language": {
        "sv": "Vilket språk vill du att jag skriver på?",
        "en": "Which language would you like me to use?",
    },
    "settings.language.sv": {"sv": "Svenska", "en": "Swedish"},
    "settings.language.en": {"sv": "Engelska", "en": "English"},
    "settings.language.auto": {"sv": "Samma som Teams", "en": "Same as Teams"},
    "settings.retry_language": {
        "sv": "Välj ett av alternativen: svenska, engelska eller samma som Teams.",
        "en": "Pick one of the options: Swedish, English or same as Teams.",
    },
    "settings.ask_timezone": {
        "sv": "Vilken tidszon gäller för dig? Nu: **{current}**. Skriv **behåll**, eller en annan "
        "tidszon, t.ex. Europe/Helsinki eller Helsingfors.",
        "en": "Which time zone applies to you? Now: **{current}**. Type **keep**, or another "
        "time zone, e.g. Europe/Helsinki or London.",
    },
    "settings.retry_timezone": {
        "sv": "Den tidszonen känner jag inte igen. Skriv t.ex. Europe/Stockholm eller "
        "Europe/Helsinki, eller **behåll**.",
        "en": "I don't recognise that time zone. Type e.g. Europe/Stockholm or Europe/London, "
        "or **keep**.",
    },
    "settings.saved": {
        "sv": "Sparat. Språk: {language}. Tidszon: {timezone}.",
        "en": "Saved. Language: {language}. Time zone: {timezone}.",
    },
    "settings.keep_words": {"sv": "behåll", "en": "keep"},
}


def _merge(*catalogs: Mapping[str, Mapping[str, str]]) -> dict[str, Mapping[str, str]]:
    merged: dict[str, Mapping[str, str]] = {}
    for catalog in catalogs:
        clash = merged.keys() & catalog.keys()
        if clash:
            raise ValueError(f"translation keys defined twice: {sorted(clash)}")
        merged.update(catalog)
    return merged


# Each feature keeps its texts in its own module; they meet here.
CATALOG: Mapping[str, Mapping[str, str]] = _merge(
    _BASE,
    WHEN_TEXTS,
    REMINDER_TEXTS,
    SSD_TEXTS,
    SSD_CHAT_TEXTS,
    CONTACT_TEXTS,
    DIRECTORY_TEXTS,
    MEETING_TEXTS,
    MEETING_ICS_TEXTS,
    PLAN_TEXTS,
    ROLE_TEXTS,
    CRISIS_TEXTS,
    CONVERSATION_TEXTS,
    CONSOLE_TEXTS,
)


def normalise_language(locale: str | None) -> str:
    """'en-US' -> 'en'; anything not supported -> Swedish."""
    if not locale:
        return DEFAULT_LANGUAGE
    lang = locale.replace("_", "-").split("-")[0].strip().lower()
    return lang if lang in SUPPORTED else DEFAULT_LANGUAGE


def language_for(locale: str | None, preference: str | None = None) -> str:
    """The user's own choice wins over the Teams locale."""
    if preference in SUPPORTED:
        return preference  # type: ignore[return-value]
    return normalise_language(locale)


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    entry = CATALOG.get(key)
    if entry is None:
        raise KeyError(f"no translation for {key!r}")
    template = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


def t_count(key: str, lang: str, count: int, /, **values: object) -> str:
    """A text about a number of things, in the form the number needs: `key.one`
    for 1, `key.other` for any other number, and `key.zero` for 0 where the
    catalog has one («nobody» reads better than «0 people»). The
    number is passed on as {count}."""
    form = "one" if count == 1 else "other"
    if count == 0 and f"{key}.zero" in CATALOG:
        form = "zero"
    return t(f"{key}.{form}", lang, count=count, **values)
