"""A fictitious who-does-what directory for Örebro län, for the demo and for benchmarks.

The who-does-what lookup is only worth trying on a directory that looks like the real
thing: a few hundred people and functions across the twelve kommuner, Region Örebro
län, Försäkringskassan, Arbetsförmedlingen and the samordningsförbund, with the titles,
units and competence areas that care staff actually search for. Nobody in it is real:
names are drawn from lists of common first and last names (well-known full names are
skipped), e-mail addresses are demo addresses and phone numbers are random digits
behind the right area codes.

`demo_directory()` is the fixed demo: the same entries on every call.
`generate_contacts()` streams any number of entries with the same vocabulary and mix,
for benchmarks. Both staff the same table of units with the same code; only the way
e-mail addresses are made unique differs. Pure Python: no database, no botbuilder.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from core.contact_model import FUNCTION, PERSON, ContactDraft, fold

MUNICIPALITIES = (
    "Askersund",
    "Degerfors",
    "Hallsberg",
    "Hällefors",
    "Karlskoga",
    "Kumla",
    "Laxå",
    "Lekeberg",
    "Lindesberg",
    "Ljusnarsberg",
    "Nora",
    "Örebro",
)
# Official names take a genitive s after these: "Askersunds kommun", but "Nora kommun".
_GENITIVE_S = frozenset({"Askersund", "Hallsberg", "Lekeberg", "Lindesberg", "Ljusnarsberg"})
_AREA_CODES = {
    "Askersund": "0583",
    "Degerfors": "0586",
    "Hallsberg": "0582",
    "Hällefors": "0591",
    "Karlskoga": "0586",
    "Kumla": "019",
    "Laxå": "0584",
    "Lekeberg": "0585",
    "Lindesberg": "0581",
    "Ljusnarsberg": "0580",
    "Nora": "0587",
    "Örebro": "019",
}
_MOBILE_PREFIXES = ("070", "072", "073", "076")
# 0 small, 1 medium, 2 large: how many extra people a unit's growing roles get.
_KOMMUN_SIZE = {"Örebro": 2, "Karlskoga": 1, "Kumla": 1, "Lindesberg": 1, "Hallsberg": 1}

REGION_NAME = "Region Örebro län"
FK_NAME = "Försäkringskassan"
AF_NAME = "Arbetsförmedlingen"
_REGION_DOMAIN = "regionorebrolan.se"
_FK_DOMAIN = "forsakringskassan.se"
_AF_DOMAIN = "arbetsformedlingen.se"
_DEMO_SEED = 20261122

# --- names -------------------------------------------------------------------------

_FIRST_NAMES = (
    # common in Sweden
    "Anna", "Maria", "Karin", "Sara", "Emma", "Elin", "Lena", "Kristina", "Eva",
    "Johanna", "Malin", "Linda", "Camilla", "Sofia", "Helena", "Jenny", "Ida", "Hanna",
    "Frida", "Therese", "Louise", "Caroline", "Jessica", "Matilda", "Ulrika", "Annika",
    "Cecilia", "Åsa", "Sanna", "Maja", "Lina", "Moa", "Lisa", "Emelie", "Josefin",
    "Petra", "Susanne", "Marie", "Ingrid", "Birgitta", "Monica", "Agneta", "Carina",
    "Pia", "Anneli", "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Mikael", "Peter",
    "Fredrik", "Daniel", "Magnus", "Jonas", "Mattias", "Andreas", "Stefan", "Niklas",
    "Marcus", "Martin", "Henrik", "Thomas", "Patrik", "Jakob", "Oskar", "Viktor",
    "Emil", "Simon", "Gustav", "Axel", "Olof", "Tobias", "Robert", "Kristoffer",
    "Joakim", "Björn", "Mats", "Jan", "Ola", "Håkan",
    # common among staff with roots elsewhere
    "Omar", "Amira", "Ahmed", "Fatima", "Ali", "Leyla", "Hassan", "Zeynep", "Mehmet",
    "Aisha", "Yusuf", "Noor", "Ibrahim", "Samira", "Dragan", "Milica", "Aleksandra",
    "Marek", "Jelena", "Anh", "Linh", "Minh", "Rania", "Hamid", "Shirin", "Sahra",
    "Abdi", "Hodan", "Selam", "Nadia",
)  # fmt: skip
_LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Olofsson",
    "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg",
    "Lundgren", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson",
    "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Lundin",
    "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson",
    "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren",
    "Söderberg", "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson",
    "Yilmaz", "Nguyen", "Ali", "Mohammed", "Hassan", "Ibrahim", "Omar", "Abdullahi",
    "Kaya", "Demir", "Öztürk", "Nowak", "Kowalski", "Petrović", "Jovanović", "Tran",
    "Pham", "Haddad", "Khalil", "Rahimi", "Ahmadi", "Mohamud", "Tesfaye", "Karimi",
)  # fmt: skip
# Combinations that name a well-known real person; drawn again when they come up.
_WELL_KNOWN = frozenset(
    {
        "Magdalena Andersson", "Anna Johansson", "Henrik Larsson", "Peter Forsberg",
        "Emil Forsberg", "Marcus Berg", "Frida Karlsson", "Ebba Andersson",
        "Johan Olsson", "Christian Olsson", "Erik Karlsson", "Stefan Holm",
        "Stefan Persson", "Mattias Karlsson", "Jonas Eriksson", "Martin Olsson",
        "Anders Svensson", "Magnus Carlsson", "Helena Bergström", "Peter Eriksson",
        "Anders Borg", "Per Persson", "Daniel Andersson", "Karl Johansson",
    }
)  # fmt: skip


def _ascii(text: str) -> str:
    """'Öztürk' -> 'ozturk', 'Petrović' -> 'petrovic': for e-mail local parts."""
    return "".join(ch for ch in fold(text) if ch.isascii() and (ch.isalnum() or ch == "-"))


# (display name, e-mail part), folded once rather than per draft.
_FIRST = tuple((name, _ascii(name)) for name in _FIRST_NAMES)
_LAST = tuple((name, _ascii(name)) for name in _LAST_NAMES)

# --- the vocabulary: unit types, roles, functions ----------------------------------

_OFFICE = ("mån–fre 08–16", "vardagar 08.00–16.30", "mån–tors 08–16, fre 08–15")
_PHONE_TIME = ("tis och tor 13–15 telefontid", "mån–fre 09–10 telefontid")
_SHIFTS = ("enligt schema, dag och kväll", "enligt schema, dag, kväll och natt")


@dataclass(frozen=True)
class _Role:
    """People with one title in a unit: `count` in a small unit, `grows` more per size step."""

    title: str
    count: int = 1
    grows: int = 0
    areas: tuple[str, ...] = ()  # tags every holder has
    helps: str = ""  # blank: one of the unit's sentences
    chief: bool = False  # the first chief owns the unit's functions


@dataclass(frozen=True)
class _Function:
    """A function entry; `{place}`, `{agency}` and `{slug}` are filled in per unit."""

    name: str
    title: str
    helps: str
    areas: tuple[str, ...]
    hours: str
    mailbox: str = ""  # local part of a shared mailbox; blank: none


@dataclass(frozen=True)
class _UnitType:
    name: str
    areas: tuple[str, ...]
    helps: tuple[str, ...]
    hours: tuple[str, ...]
    roles: tuple[_Role, ...]
    functions: tuple[_Function, ...] = ()


@dataclass(frozen=True)
class _Unit:
    """A unit type placed somewhere, with every template filled in."""

    agency: str
    name: str
    municipality: str
    domain: str
    area_code: str
    size: int
    teams_share: float  # share of people whose Teams account is their e-mail
    kind: _UnitType
    functions: tuple[_Function, ...]


def _chief(title: str = "enhetschef", *areas: str) -> _Role:
    return _Role(title, areas=areas, chief=True)


# Kommun
_KONTAKTCENTER = _UnitType(
    "Kontaktcenter",
    ("vägledning", "ekonomiskt bistånd", "bostad", "LSS", "äldreomsorg", "hemtjänst"),
    ("Kan slussa dig rätt i kommunen när du inte vet vilken enhet som har ansvaret.",),
    ("mån–fre 08–16.30",),
    (_chief(), _Role("kommunvägledare", count=0, grows=1)),
    (
        _Function(
            "Växel {agency}",
            "växel",
            "Kopplar vidare till rätt handläggare, enhet eller chef i kommunen.",
            ("växel", "vägledning"),
            "mån–fre 08–16.30",
            "kommun",
        ),
    ),
)
_SOCIALPSYKIATRI = _UnitType(
    "Socialpsykiatri",
    ("socialpsykiatri", "psykisk ohälsa", "SIP", "boendestöd", "sysselsättning", "psykos"),
    (
        "Kan hjälpa till med ansökan om insatser för personer med psykisk funktionsnedsättning.",
        "Kan kalla till SIP och samordna kommunens insatser kring en brukare.",
        "Kan svara på frågor om boende med särskild service inom socialpsykiatrin.",
    ),
    _OFFICE + _PHONE_TIME,
    (
        _chief(),
        _Role("biståndshandläggare", grows=1, areas=("myndighetsutövning",)),
        _Role(
            "samordnare",
            count=0,
            grows=1,
            areas=("SIP", "samsjuklighet"),
            helps="Samordnar insatser mellan socialpsykiatri, psykiatri och beroendevård.",
        ),
    ),
)
_BOENDESTOD = _UnitType(
    "Boendestöd",
    ("boendestöd", "vardagsstöd", "psykisk ohälsa", "ADHD", "autism", "ekonomi", "ångest"),
    (
        "Stödjer brukare i vardagen med struktur, ekonomi, post och myndighetskontakter.",
        "Kan följa med brukare till vårdcentral, psykiatri eller Försäkringskassan.",
        "Kan berätta hur boendestödet fungerar och vad brukaren kan få hjälp med.",
    ),
    ("mån–fre 07.30–16.30", "mån–sön 07–21", "vardagar 08.00–16.30"),
    (
        _chief(),
        _Role("boendestödjare", grows=1, areas=("boendestöd",)),
    ),
    (
        _Function(
            "Boendestöd {place}, planeringstelefon",
            "planeringstelefon",
            "Når boendestödjaren som arbetar i dag, för ändrade besök och akuta frågor.",
            ("boendestöd", "vardagsstöd"),
            "mån–sön 07–21",
        ),
    ),
)
_LSS = _UnitType(
    "Biståndshandläggning LSS",
    (
        "LSS",
        "personlig assistans",
        "korttidsvistelse",
        "ledsagning",
        "autism",
        "intellektuell funktionsnedsättning",
        "kontaktperson",
    ),
    (
        "Utreder och beslutar om insatser enligt LSS, till exempel boende och daglig verksamhet.",
        "Kan svara på frågor om personlig assistans och Försäkringskassans assistansersättning.",
        "Kan hjälpa till med ansökan om korttidsvistelse, ledsagning eller kontaktperson.",
    ),
    ("mån–fre 08–16", "tis och tor 13–15 telefontid", "mån–fre 09–11 telefontid"),
    (_chief("enhetschef", "myndighetsutövning"), _Role("LSS-handläggare", grows=1)),
)
_DAGLIG_VERKSAMHET = _UnitType(
    "Daglig verksamhet",
    (
        "daglig verksamhet",
        "LSS",
        "sysselsättning",
        "arbetsträning",
        "autism",
        "intellektuell funktionsnedsättning",
    ),
    (
        "Kan berätta vilka arbetsplatser och aktiviteter som finns inom daglig verksamhet.",
        "Hjälper till med studiebesök och introduktion i daglig verksamhet.",
    ),
    ("mån–fre 08–16", "vardagar 08.00–15.30"),
    (_chief(), _Role("arbetsterapeut"), _Role("handledare", count=0, grows=1)),
)
_IFO_MISSBRUK = _UnitType(
    "Individ- och familjeomsorg (IFO) – Missbruk och beroende",
    (
        "missbruk",
        "beroende",
        "samsjuklighet",
        "HVB",
        "LVM",
        "öppenvård",
        "återfallsprevention",
        "unga vuxna",
    ),
    (
        "Tar emot ansökan om behandling för missbruk och utreder behov av HVB eller öppenvård.",
        "Kan samordna insatser med beroendecentrum vid samsjuklighet.",
        "Kan svara på frågor om anmälan och utredning enligt LVM.",
    ),
    _OFFICE + _PHONE_TIME,
    (
        _chief(),
        _Role("socialsekreterare", grows=1, areas=("missbruk",)),
        _Role("behandlare", count=0, grows=1, areas=("öppenvård", "återfallsprevention")),
    ),
    (
        _Function(
            "Mottagningsgrupp IFO {place}",
            "mottagning",
            "Tar emot anmälningar, ansökningar och rådfrågningar om vuxna och missbruk.",
            ("missbruk", "beroende", "ekonomiskt bistånd"),
            "mån–fre 08–16",
            "mottagning.ifo",
        ),
    ),
)
_VUXENENHETEN = _UnitType(
    "Vuxenenheten",
    (
        "ekonomiskt bistånd",
        "försörjningsstöd",
        "våld i nära relationer",
        "hemlöshet",
        "bostad",
        "skuldrådgivning",
    ),
    (
        "Handlägger ekonomiskt bistånd och kan samordna planeringen med Arbetsförmedlingen.",
        "Kan hjälpa till vid hemlöshet och akut behov av boende.",
        "Kan ge stöd och skydd till den som utsatts för våld i nära relationer.",
    ),
    _OFFICE + _PHONE_TIME,
    (_chief(), _Role("socialsekreterare", grows=1)),
)
_BARN_OCH_FAMILJ = _UnitType(
    "Barn och familj",
    (
        "barn och unga",
        "familjebehandling",
        "orosanmälan",
        "BBIC",
        "våld i nära relationer",
        "föräldraskap",
    ),
    (
        "Utreder barns behov av skydd och stöd efter orosanmälan eller ansökan.",
        "Kan erbjuda familjebehandling och föräldrastöd.",
        "Kan delta i SIP kring barn och unga tillsammans med BUP och skolan.",
    ),
    _OFFICE + _PHONE_TIME,
    (_chief(), _Role("socialsekreterare", grows=1), _Role("familjebehandlare", count=0, grows=1)),
    (
        _Function(
            "Mottagning barn och familj {place}",
            "mottagning",
            "Tar emot orosanmälningar och ansökningar om stöd till barn och familjer.",
            ("barn och unga", "orosanmälan"),
            "mån–fre 08–16",
            "barnochfamilj",
        ),
    ),
)
_HEMTJANST = _UnitType(
    "Hemtjänst",
    ("hemtjänst", "äldreomsorg", "trygghetslarm", "psykisk ohälsa", "demens", "hemsjukvård"),
    (
        "Kan svara på frågor om hemtjänstens insatser och hur besöken planeras.",
        "Samordnar hemtjänstens insatser med boendestöd och kommunens sjuksköterskor.",
    ),
    ("mån–fre 07–16", "vardagar 08.00–16.30"),
    (_chief(), _Role("samordnare", areas=("planering",))),
    (
        _Function(
            "Hemtjänsten {place}, planering",
            "planering",
            "Når hemtjänstens planerare för ändrade besök, in- och utskrivning.",
            ("hemtjänst", "planering"),
            "mån–sön 07–22",
        ),
    ),
)
_HALSO_OCH_SJUKVARD = _UnitType(
    "Kommunal hälso- och sjukvård",
    (
        "hemsjukvård",
        "läkemedel",
        "rehabilitering",
        "hjälpmedel",
        "palliativ vård",
        "samordnad vårdplanering",
    ),
    (
        "Kan svara på frågor om läkemedelshantering och delegering i kommunens verksamheter.",
        "Deltar i samordnad vårdplanering när någon skrivs ut från slutenvården.",
        "Kan hjälpa till med hjälpmedel och bedömning av behov av bostadsanpassning.",
    ),
    ("mån–fre 07.30–16", "enligt schema, dag och kväll"),
    (
        _chief(),
        _Role("sjuksköterska", grows=1, areas=("hemsjukvård",)),
        _Role("arbetsterapeut", areas=("hjälpmedel",)),
        _Role("fysioterapeut", count=0, grows=1, areas=("rehabilitering",)),
    ),
    (
        _Function(
            "Sjuksköterska i beredskap, {agency}",
            "sjuksköterska i beredskap",
            "Kommunens sjuksköterska för brukare med hemsjukvård kvällar, nätter och helger.",
            ("hemsjukvård", "akut"),
            "dygnet runt",
        ),
    ),
)
_ARBETSMARKNAD = _UnitType(
    "Arbetsmarknadsenheten",
    ("arbetsträning", "IPS", "praktik", "försörjningsstöd", "sysselsättning", "unga vuxna"),
    (
        "Kan ordna arbetsträning och praktik i kommunens verksamheter.",
        "Samarbetar med Arbetsförmedlingen och samordningsförbundet om vägen till arbete.",
        "Kan hjälpa unga vuxna vidare till studier, praktik eller arbete.",
    ),
    _OFFICE,
    (_chief(), _Role("arbetskonsulent", grows=1), _Role("jobbcoach", count=0, grows=1)),
)
_GRUPPBOSTAD = _UnitType(
    "Gruppbostad {place}",
    (
        "LSS",
        "gruppbostad",
        "autism",
        "intellektuell funktionsnedsättning",
        "lågaffektivt bemötande",
        "tydliggörande pedagogik",
    ),
    (
        "Kan berätta om boendet och hur de boendes dagar är upplagda.",
        "Samordnar de boendes kontakter med habilitering, vårdcentral och daglig verksamhet.",
    ),
    ("mån–fre 08–16", *_SHIFTS),
    (_chief(), _Role("stödpedagog"), _Role("stödassistent", count=0, grows=1)),
    (
        _Function(
            "Gruppbostad {place}, personalen",
            "boendepersonal",
            "Personalen på boendet, för frågor om de boende.",
            ("LSS", "gruppbostad"),
            "dygnet runt",
        ),
    ),
)
_PERSONLIGT_OMBUD = _UnitType(
    "Personligt ombud",
    (
        "personligt ombud",
        "psykisk funktionsnedsättning",
        "myndighetskontakter",
        "SIP",
        "samsjuklighet",
    ),
    (
        "Hjälper personer med psykisk funktionsnedsättning att få sina behov "
        "tillgodosedda hos myndigheterna.",
    ),
    ("mån–fre 08–16", "mån–tors 08–16, fre 08–15"),
    (_Role("personligt ombud", grows=1),),
)
_SOCIALJOUR = _UnitType(
    "Socialjour",
    (
        "socialjour",
        "akut",
        "våld i nära relationer",
        "barn och unga",
        "LVM",
        "LVU",
    ),
    ("Tar emot akuta ärenden när socialtjänsten har stängt.",),
    _SHIFTS,
    (_chief(), _Role("socialsekreterare", grows=1)),
    (
        _Function(
            "Jourhavande socialsekreterare (socialjour)",
            "socialjour",
            "Tar emot akuta ärenden kvällar, nätter och helger när socialtjänsten har stängt.",
            ("socialjour", "akut", "barn och unga"),
            "vardagar 16.30–08, helger dygnet runt",
        ),
    ),
)

# Region Örebro län
_PSYKIATRI_AREAS = (
    "psykiatri",
    "ångest",
    "depression",
    "psykos",
    "bipolär sjukdom",
    "ADHD",
    "SIP",
    "suicidprevention",
    "samsjuklighet",
)
_PSYKIATRISK_OPPENVARD = _UnitType(
    "Allmänpsykiatrisk öppenvård {place}",
    _PSYKIATRI_AREAS,
    (
        "Kan svara på frågor om remiss och vem som är patientens fasta vårdkontakt.",
        "Deltar i SIP och samordnar psykiatrins insatser med kommunen.",
        "Kan ge råd om bemötande och fortsatt vård för patienter med psykisk ohälsa.",
    ),
    _OFFICE + _PHONE_TIME,
    (
        _chief(),
        _Role("kurator", grows=1),
        _Role("psykolog", areas=("psykologisk behandling",)),
        _Role("sjuksköterska", grows=1),
        _Role("överläkare", areas=("psykiatri",)),
        _Role("fast vårdkontakt", grows=1, areas=("SIP",)),
    ),
    (
        _Function(
            "Mottagning psykiatri öppenvård, {place}",
            "mottagning",
            "Tar emot samtal och remisser från patienter, anhöriga och samverkanspartner.",
            ("psykiatri", "remiss"),
            "mån–fre 08–16",
        ),
    ),
)
_HELDYGNSVARD = _UnitType(
    "Psykiatrisk heldygnsvård, {place}",
    (
        "heldygnsvård",
        "psykos",
        "suicidprevention",
        "LPT",
        "utskrivningsplanering",
        "samordnad vårdplanering",
    ),
    (
        "Planerar utskrivning tillsammans med kommunen och öppenvården.",
        "Kan svara på frågor om inskrivna patienter när samtycke finns.",
    ),
    _SHIFTS,
    (
        _chief(),
        _Role("sjuksköterska"),
        _Role("skötare", count=2),
        _Role("överläkare", areas=("psykiatri",)),
    ),
    (
        _Function(
            "Psykiatrisk heldygnsvård, {place}",
            "vårdavdelning",
            "Vårdavdelningen, för frågor om inskrivna patienter och planerad utskrivning.",
            ("heldygnsvård", "utskrivningsplanering"),
            "dygnet runt",
        ),
    ),
)
_AKUTPSYKIATRI = _UnitType(
    "Psykiatrisk akutmottagning",
    ("akut", "psykiatri", "suicidprevention", "psykos", "LPT"),
    ("Bedömer akuta psykiatriska tillstånd och kan ge råd till personal i kommunen.",),
    _SHIFTS,
    (_chief(), _Role("sjuksköterska", grows=1)),
    (
        _Function(
            "Psykiatrisk akutmottagning, {place}",
            "akutmottagning",
            "Akut psykiatrisk bedömning och rådgivning till personal, dygnet runt.",
            ("akut", "psykiatri", "suicidprevention"),
            "dygnet runt",
        ),
    ),
)
_DBT = _UnitType(
    "DBT-team",
    (
        "DBT",
        "självskada",
        "emotionell instabilitet",
        "suicidprevention",
        "färdighetsträning",
        "unga vuxna",
    ),
    (
        "Kan berätta om DBT-behandlingen och hur man remitterar till teamet.",
        "Ger råd till boendestöd och socialtjänst om stöd mellan DBT-sessionerna.",
    ),
    _OFFICE,
    (_chief(), _Role("psykolog", count=2), _Role("kurator"), _Role("sjuksköterska")),
    (
        _Function(
            "DBT-teamet, intag",
            "intag",
            "Tar emot remisser och frågor om DBT-behandling.",
            ("DBT", "remiss"),
            "mån–fre 08–16",
        ),
    ),
)
_SPOT = _UnitType(
    "SPOT – specialistpsykiatriskt omvårdnadsteam, norra länsdelen",
    ("SPOT", "psykos", "hembesök", "samsjuklighet", "SIP", "omvårdnad", "läkemedel"),
    (
        "Ger specialistpsykiatrisk omvårdnad i hemmet och samarbetar nära med boendestöd.",
        "Kan delta i SIP och hembesök tillsammans med kommunens personal.",
    ),
    ("mån–fre 07.30–16.30", "mån–sön 07.30–21"),
    (_chief(), _Role("sjuksköterska", count=2), _Role("skötare", count=2)),
    (
        _Function(
            "SPOT norra länsdelen, teamtelefon",
            "teamtelefon",
            "Når den i teamet som arbetar i dag, för ändrade besök och oro för en patient.",
            ("SPOT", "hembesök"),
            "mån–sön 07.30–21",
        ),
    ),
)
_BEROENDECENTRUM = _UnitType(
    "Beroendecentrum",
    ("beroende", "missbruk", "LARO", "abstinens", "samsjuklighet", "spelberoende"),
    (
        "Kan svara på frågor om utredning och behandling av beroende.",
        "Samordnar beroendevården med socialtjänstens missbruksenhet.",
        "Kan berätta om läkemedelsassisterad behandling vid opioidberoende (LARO).",
    ),
    _OFFICE + _PHONE_TIME,
    (
        _chief(),
        _Role("överläkare", areas=("beroende",)),
        _Role("sjuksköterska", count=2),
        _Role("kurator"),
        _Role("behandlare", areas=("återfallsprevention",)),
    ),
    (
        _Function(
            "Beroendecentrum, mottagning",
            "mottagning",
            "Tar emot egenanmälan och remisser för beroendevård.",
            ("beroende", "missbruk"),
            "mån–fre 08–16",
        ),
        _Function(
            "Beroendecentrum, abstinensvård",
            "vårdavdelning",
            "Akut abstinensbehandling och rådgivning till personal.",
            ("abstinens", "akut"),
            "dygnet runt",
        ),
    ),
)
_BUP = _UnitType(
    "BUP (Barn- och ungdomspsykiatri) {place}",
    ("BUP", "barn och unga", "ADHD", "autism", "ångest", "ätstörning", "självskada"),
    (
        "Kan svara på frågor om utredning och behandling inom barn- och ungdomspsykiatrin.",
        "Deltar i SIP kring barn och unga tillsammans med socialtjänst och skola.",
    ),
    _OFFICE + _PHONE_TIME,
    (
        _chief(),
        _Role("kurator"),
        _Role("psykolog", grows=1, areas=("neuropsykiatri",)),
        _Role("sjuksköterska"),
    ),
    (
        _Function(
            "BUP-mottagningen {place}",
            "mottagning",
            "Tar emot samtal från unga, vårdnadshavare och samverkanspartner.",
            ("BUP", "barn och unga"),
            "mån–fre 08–16",
        ),
    ),
)
_VUXENHABILITERING = _UnitType(
    "Vuxenhabilitering",
    (
        "habilitering",
        "autism",
        "intellektuell funktionsnedsättning",
        "LSS",
        "kommunikation",
        "neuropsykiatri",
    ),
    (
        "Ger råd till kommunens personal om bemötande och kommunikationsstöd.",
        "Kan berätta vem som kan få insatser från vuxenhabiliteringen och hur man anmäler.",
    ),
    _OFFICE,
    (
        _chief(),
        _Role("arbetsterapeut"),
        _Role("psykolog"),
        _Role("kurator"),
        _Role("logoped", areas=("kommunikation",)),
    ),
    (
        _Function(
            "Vuxenhabiliteringen, mottagning",
            "mottagning",
            "Tar emot egenanmälan, remisser och frågor om habilitering för vuxna.",
            ("habilitering", "remiss"),
            "mån–fre 08–16",
        ),
    ),
)
_RATTSPSYKIATRI = _UnitType(
    "Rättspsykiatri, öppenvård",
    ("rättspsykiatri", "LRV", "utslussning", "samsjuklighet", "riskbedömning"),
    (
        "Planerar utslussning från rättspsykiatrisk vård tillsammans med kommunen.",
        "Kan svara på frågor om öppen rättspsykiatrisk vård och särskilda villkor.",
    ),
    _OFFICE,
    (_chief(), _Role("skötare", count=2), _Role("kurator"), _Role("överläkare")),
)
_VARDCENTRAL = _UnitType(
    "Vårdcentralen {place}",
    (
        "primärvård",
        "rehabilitering",
        "sjukskrivning",
        "psykisk ohälsa",
        "ångest",
        "depression",
        "första linjen",
    ),
    (
        "Kan hjälpa till med kontakt med patientens läkare och fast vårdkontakt.",
        "Samordnar sjukskrivning och återgång i arbete med Försäkringskassan och arbetsgivaren.",
        "Erbjuder samtalsstöd vid lätt till måttlig psykisk ohälsa.",
    ),
    _OFFICE + _PHONE_TIME,
    (
        _chief(),
        _Role("rehabkoordinator", areas=("sjukskrivning", "rehabilitering")),
        _Role("kurator", areas=("psykisk ohälsa",)),
        _Role("psykolog", count=0, grows=1),
        _Role("sjuksköterska", count=0, grows=1),
    ),
    (
        _Function(
            "Vårdcentralen {place}, tidbokning och rådgivning",
            "tidbokning",
            "Bokar tider och ger råd, även till samverkanspartner som söker patientens läkare.",
            ("primärvård", "tidbokning"),
            "mån–fre 08–17",
        ),
    ),
)

# Försäkringskassan
_SJUKFORSAKRING = _UnitType(
    "Sjukförsäkring {place}",
    (
        "sjukpenning",
        "rehabilitering",
        "sjukskrivning",
        "avstämningsmöte",
        "arbetsförmåga",
        "rehabiliteringskedjan",
    ),
    (
        "Handlägger sjukpenning och kan delta i avstämningsmöten med vården.",
        "Kan svara på frågor om rehabiliteringskedjan och bedömning av arbetsförmåga.",
    ),
    _OFFICE + _PHONE_TIME,
    (_chief(), _Role("handläggare sjukpenning", count=2, grows=1, areas=("sjukpenning",))),
    (
        _Function(
            "Försäkringskassan, samverkan sjukförsäkring {place}",
            "samverkansbrevlåda",
            "Tar emot frågor från vården om sjukskrivna och bokar avstämningsmöten.",
            ("sjukpenning", "avstämningsmöte"),
            "mån–fre 08–16",
            "samverkan.sjukforsakring.{slug}",
        ),
    ),
)
_FUNKTIONSNEDSATTNING = _UnitType(
    "Funktionsnedsättning",
    (
        "aktivitetsersättning",
        "assistansersättning",
        "unga vuxna",
        "funktionsnedsättning",
        "LSS",
        "merkostnadsersättning",
    ),
    ("Kan svara på frågor om ersättningar vid funktionsnedsättning.",),
    _OFFICE + _PHONE_TIME,
    (
        _chief(),
        _Role(
            "handläggare aktivitetsersättning",
            count=2,
            areas=("aktivitetsersättning", "unga vuxna"),
            helps="Handlägger aktivitetsersättning och kan delta i SIP för unga vuxna.",
        ),
        _Role(
            "handläggare assistansersättning",
            count=2,
            areas=("assistansersättning", "LSS"),
            helps="Utreder assistansersättning och samordnar med kommunens LSS-handläggare.",
        ),
    ),
)
_LOKAL_SAMVERKAN = _UnitType(
    "Lokal samverkan Örebro län",
    ("samverkan", "Finsam", "sjukpenning", "rehabilitering", "SIP"),
    ("Kan förklara Försäkringskassans uppdrag och hitta rätt handläggare i ett ärende.",),
    _OFFICE,
    (_Role("lokal samverkansansvarig", count=2),),
)

# Arbetsförmedlingen
_AF_KONTOR = _UnitType(
    "Arbetsförmedlingen {place}",
    (
        "arbetssökande",
        "rehabilitering",
        "arbetsträning",
        "lönebidrag",
        "nystartsjobb",
        "unga vuxna",
        "etablering",
    ),
    (
        "Kan svara på frågor om stöd till arbetssökande med funktionsnedsättning.",
        "Kan delta i avstämningsmöte och planera vägen till arbete tillsammans med kommunen.",
    ),
    _OFFICE + _PHONE_TIME,
    (_chief("sektionschef"), _Role("arbetsförmedlare", grows=1)),
    (
        _Function(
            "Arbetsförmedlingen {place}, kontakt för samverkanspartner",
            "samverkanstelefon",
            "Hjälper kommun, region och Försäkringskassan att nå rätt arbetsförmedlare.",
            ("samverkan", "arbetssökande"),
            "mån–fre 10–12 telefontid",
        ),
    ),
)
_AF_REHABILITERING = _UnitType(
    "Rehabilitering till arbete, Örebro län",
    (
        "SIUS",
        "arbetsförmågebedömning",
        "neuropsykiatri",
        "psykisk ohälsa",
        "IPS",
        "lönebidrag",
        "arbetsträning",
    ),
    (
        "Gör arbetsförmågebedömningar och ger råd om anpassningar på arbetsplatsen.",
        "Kan berätta om Arbetsförmedlingens stöd vid psykisk ohälsa och neuropsykiatrisk "
        "funktionsnedsättning.",
    ),
    _OFFICE,
    (
        _chief("sektionschef"),
        _Role("arbetsterapeut"),
        _Role("psykolog"),
        _Role(
            "SIUS-konsulent",
            count=2,
            areas=("SIUS",),
            helps="Ger stöd vid introduktion och uppföljning på en ny arbetsplats (SIUS).",
        ),
    ),
)

# Samordningsförbund (Finsam)
_FORBUND = _UnitType(
    "Förbundskansliet",
    (
        "Finsam",
        "IPS",
        "arbetsträning",
        "rehabilitering",
        "samverkan",
        "unga vuxna",
        "psykisk ohälsa",
    ),
    ("Kan berätta vilka samverkansinsatser förbundet finansierar och hur man anmäler.",),
    _OFFICE,
    (
        _Role(
            "förbundschef",
            chief=True,
            areas=("Finsam",),
            helps="Kan svara på frågor om förbundets uppdrag, ansökan om medel och samverkan.",
        ),
        _Role("processledare", areas=("samverkan",)),
        _Role(
            "IPS-coach",
            count=2,
            areas=("IPS",),
            helps="Stöttar deltagare med psykisk ohälsa att hitta och behålla ett arbete (IPS).",
        ),
    ),
    (
        _Function(
            "{agency}, kansli",
            "kansli",
            "Svarar på frågor om förbundets insatser och hur en deltagare anmäls.",
            ("Finsam", "samverkan"),
            "mån–fre 08–16",
            "kansli",
        ),
    ),
)

# --- the län: every unit type placed ------------------------------------------------


def kommun_name(municipality: str) -> str:
    """The municipality's official name: "Askersunds kommun", "Örebro kommun"."""
    return f"{municipality}{'s' if municipality in _GENITIVE_S else ''} kommun"


def _place(
    kind: _UnitType,
    agency: str,
    municipality: str,
    domain: str,
    *,
    place: str = "",
    size: int = 0,
    teams_share: float = 1.0,
) -> _Unit:
    """Fill in the unit type's templates for one agency and place."""
    place = place or municipality
    fill = {"place": place, "agency": agency, "slug": _ascii(place)}
    functions = tuple(
        _Function(
            f.name.format(**fill),
            f.title,
            f.helps,
            f.areas,
            f.hours,
            f.mailbox.format(**fill),
        )
        for f in kind.functions
    )
    if functions and not any(role.chief for role in kind.roles):
        raise ValueError(f"{kind.name}: functions need a chief to own them")
    return _Unit(
        agency,
        kind.name.format(**fill),
        municipality,
        domain,
        _AREA_CODES[municipality],
        size,
        teams_share,
        kind,
        functions,
    )


_GROUP_HOMES = (
    "Lärkan",
    "Solrosen",
    "Björkdungen",
    "Tallbacken",
    "Ekhagen",
    "Vallmon",
    "Lönnen",
    "Kastanjen",
    "Måsen",
    "Syrenen",
    "Rönnen",
    "Linden",
    "Hägern",
)


def _kommun_units() -> list[_Unit]:
    units: list[_Unit] = []
    homes = iter(_GROUP_HOMES)
    for municipality in MUNICIPALITIES:
        agency = kommun_name(municipality)
        domain = _ascii(municipality) + ".se"
        size = _KOMMUN_SIZE.get(municipality, 0)
        kinds = [
            _KONTAKTCENTER,
            _SOCIALPSYKIATRI,
            _BOENDESTOD,
            _LSS,
            _DAGLIG_VERKSAMHET,
            _IFO_MISSBRUK,
            _BARN_OCH_FAMILJ,
            _HEMTJANST,
            _HALSO_OCH_SJUKVARD,
            _ARBETSMARKNAD,
        ]
        if size:
            kinds += [_VUXENENHETEN, _PERSONLIGT_OMBUD]
        if municipality in ("Örebro", "Karlskoga"):
            kinds.append(_SOCIALJOUR)
        units += [_place(kind, agency, municipality, domain, size=size) for kind in kinds]
        for _ in range(2 if size == 2 else 1):
            units.append(_place(_GRUPPBOSTAD, agency, municipality, domain, place=next(homes)))
    return units


_HEALTH_CENTRES = (
    ("Askersund", "Askersund"),
    ("Degerfors", "Degerfors"),
    ("Hallsberg", "Hallsberg"),
    ("Hällefors", "Hällefors"),
    ("Karlskoga", "Karlskoga"),
    ("Kumla", "Kumla"),
    ("Laxå", "Laxå"),
    ("Lekeberg", "Fjugesta"),
    ("Lindesberg", "Lindesberg"),
    ("Ljusnarsberg", "Kopparberg"),
    ("Nora", "Nora"),
    ("Örebro", "Tybble"),
    ("Örebro", "Varberga"),
    ("Örebro", "Vivalla"),
    ("Örebro", "Brickebacken"),
)


def _region_units() -> list[_Unit]:
    def unit(kind: _UnitType, municipality: str, place: str = "", size: int = 0) -> _Unit:
        return _place(kind, REGION_NAME, municipality, _REGION_DOMAIN, place=place, size=size)

    return [
        unit(_PSYKIATRISK_OPPENVARD, "Örebro", size=2),
        unit(_PSYKIATRISK_OPPENVARD, "Karlskoga", size=1),
        unit(_PSYKIATRISK_OPPENVARD, "Lindesberg", size=1),
        unit(_AKUTPSYKIATRI, "Örebro", size=1),
        unit(_HELDYGNSVARD, "Örebro", place="avdelning 4"),
        unit(_HELDYGNSVARD, "Örebro", place="avdelning 6"),
        unit(_DBT, "Örebro"),
        unit(_SPOT, "Lindesberg"),
        unit(_BEROENDECENTRUM, "Örebro"),
        unit(_BUP, "Örebro", size=2),
        unit(_BUP, "Karlskoga"),
        unit(_BUP, "Lindesberg"),
        unit(_VUXENHABILITERING, "Örebro"),
        unit(_RATTSPSYKIATRI, "Örebro"),
        *(
            unit(_VARDCENTRAL, municipality, place=place, size=_KOMMUN_SIZE.get(municipality, 0))
            for municipality, place in _HEALTH_CENTRES
        ),
    ]


def _state_units() -> list[_Unit]:
    def fk(kind: _UnitType, size: int = 0) -> _Unit:
        return _place(kind, FK_NAME, "Örebro", _FK_DOMAIN, size=size, teams_share=0.0)

    def af(kind: _UnitType, municipality: str, size: int = 0) -> _Unit:
        return _place(kind, AF_NAME, municipality, _AF_DOMAIN, size=size, teams_share=0.0)

    return [
        fk(_SJUKFORSAKRING, size=2),
        fk(_FUNKTIONSNEDSATTNING),
        fk(_LOKAL_SAMVERKAN),
        af(_AF_KONTOR, "Örebro", size=2),
        af(_AF_KONTOR, "Karlskoga", size=1),
        af(_AF_KONTOR, "Lindesberg", size=1),
        af(_AF_KONTOR, "Hallsberg"),
        af(_AF_REHABILITERING, "Örebro"),
    ]


# (name, seat, made-up demo domain)
_FORBUND_NAMES = (
    ("Samordningsförbundet Sydnärke", "Hallsberg", "sydnarke-samordning.se"),
    ("Samordningsförbundet Consensus", "Örebro", "consensus-samordning.se"),
    ("Samordningsförbundet Östra Örebro län", "Lindesberg", "ostra-samordning.se"),
)


def _forbund_units() -> list[_Unit]:
    return [
        _place(_FORBUND, name, seat, domain, teams_share=0.5)
        for name, seat, domain in _FORBUND_NAMES
    ]


_UNITS: tuple[_Unit, ...] = (
    *_kommun_units(),
    *_region_units(),
    *_state_units(),
    *_forbund_units(),
)

# --- staffing -----------------------------------------------------------------------


class _DemoAddresses:
    """fornamn.efternamn@domain, with a digit when two people would collide."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def email(self, local: str, domain: str) -> str:
        address, number = f"{local}@{domain}", 1
        while address in self._used:
            number += 1
            address = f"{local}{number}@{domain}"
        self._used.add(address)
        return address

    def function_name(self, name: str) -> str:
        return name


class _NumberedAddresses:
    """A running number on every address, and on functions without a mailbox, so
    any number of rounds keeps every entry key unique without remembering them."""

    def __init__(self) -> None:
        self._number = 0

    def email(self, local: str, domain: str) -> str:
        self._number += 1
        return f"{local}.{self._number}@{domain}"

    def function_name(self, name: str) -> str:
        self._number += 1
        return f"{name} #{self._number}"


def _phone(rng: random.Random, area_code: str, mobile: bool) -> str:
    """'073-412 58 09', '019-61 23 45' or '0581-812 34': random digits."""
    if mobile:
        digits = f"{rng.randrange(10_000_000):07d}"
        return f"{rng.choice(_MOBILE_PREFIXES)}-{digits[:3]} {digits[3:5]} {digits[5:]}"
    if area_code == "019":
        digits = str(rng.randrange(100_000, 1_000_000))
        return f"019-{digits[:2]} {digits[2:4]} {digits[4:]}"
    digits = str(rng.randrange(10_000, 100_000))
    return f"{area_code}-{digits[:3]} {digits[3:]}"


def _areas(rng: random.Random, fixed: tuple[str, ...], pool: tuple[str, ...]) -> tuple[str, ...]:
    """The role's own tags, then 2–5 of the unit's: 2 to 6 tags, no repeats."""
    chosen = list(fixed)
    for area in rng.sample(pool, rng.randint(2, min(5, len(pool)))):
        if area not in chosen:
            chosen.append(area)
    return tuple(chosen[:6])


def _name(rng: random.Random) -> tuple[str, str]:
    """A full name and its e-mail local part, never a well-known person's."""
    while True:
        first, first_ascii = rng.choice(_FIRST)
        last, last_ascii = rng.choice(_LAST)
        full = f"{first} {last}"
        if full not in _WELL_KNOWN:
            return full, f"{first_ascii}.{last_ascii}"


def _staff(
    units: tuple[_Unit, ...],
    rng: random.Random,
    addresses: _DemoAddresses | _NumberedAddresses,
) -> Iterator[ContactDraft]:
    """Every unit's people (chief first), then its functions, owned by the chief."""
    for unit in units:
        chief_email = ""
        for role in unit.kind.roles:
            for _ in range(role.count + role.grows * unit.size):
                name, local = _name(rng)
                email = addresses.email(local, unit.domain)
                if role.chief and not chief_email:
                    chief_email = email
                yield ContactDraft(
                    name=name,
                    title=role.title,
                    agency=unit.agency,
                    unit=unit.name,
                    municipality=unit.municipality,
                    areas=_areas(rng, role.areas, unit.kind.areas),
                    helps_with=role.helps or rng.choice(unit.kind.helps),
                    phone=_phone(rng, unit.area_code, mobile=rng.random() < 0.5),
                    email=email,
                    teams_upn=email if rng.random() < unit.teams_share else "",
                    hours=rng.choice(unit.kind.hours),
                    owner_email=email,
                    kind=PERSON,
                )
        for function in unit.functions:
            if function.mailbox:
                name, email = function.name, addresses.email(function.mailbox, unit.domain)
            else:
                name, email = addresses.function_name(function.name), ""
            yield ContactDraft(
                name=name,
                title=function.title,
                agency=unit.agency,
                unit=unit.name,
                municipality=unit.municipality,
                areas=function.areas,
                helps_with=function.helps,
                phone=_phone(rng, unit.area_code, mobile=False),
                email=email,
                hours=function.hours,
                owner_email=chief_email,
                kind=FUNCTION,
            )


def demo_directory() -> list[ContactDraft]:
    """The fixed demo directory for Örebro län: the same entries on every call."""
    return list(_staff(_UNITS, random.Random(_DEMO_SEED), _DemoAddresses()))


def generate_contacts(n: int, *, seed: int = 7) -> Iterator[ContactDraft]:
    """`n` entries with the demo's vocabulary and mix, made one at a time, for
    benchmarks. Every entry key is unique (a running number in each address, and in
    the name of a function without a mailbox); the same seed gives the same entries."""
    if n < 0:
        raise ValueError("n must not be negative")
    rng, addresses = random.Random(seed), _NumberedAddresses()

    def rounds() -> Iterator[ContactDraft]:
        while True:
            yield from _staff(_UNITS, rng, addresses)

    return islice(rounds(), n)
