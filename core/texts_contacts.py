"""User-facing texts for the who-does-what directory: every key core.contact_model
.validate_draft can produce and the CSV import's file and row problems (merged into
core.i18n.CATALOG). `{field}` is always filled with a label from FIELD_LABELS."""

from __future__ import annotations

# Column name -> what a care worker calls it, used wherever a message names a field.
FIELD_LABELS: dict[str, dict[str, str]] = {
    "name": {"sv": "namn", "en": "name"},
    "title": {"sv": "titel/roll", "en": "title/role"},
    "agency": {"sv": "huvudman/organisation", "en": "agency/organisation"},
    "unit": {"sv": "enhet", "en": "unit"},
    "municipality": {"sv": "kommun", "en": "municipality"},
    "areas": {"sv": "kompetensområden", "en": "areas of expertise"},
    "phone": {"sv": "telefon", "en": "phone"},
    "email": {"sv": "e-post", "en": "e-mail"},
    "teams_upn": {"sv": "Teams-användare", "en": "Teams user"},
    "hours": {"sv": "nåbar", "en": "reachable"},
    "owner_email": {"sv": "ansvarig (e-post)", "en": "owner (e-mail)"},
    "helps_with": {"sv": "kan hjälpa till med", "en": "can help with"},
    "kind": {"sv": "typ", "en": "kind"},
}

TEXTS: dict[str, dict[str, str]] = {
    # One directory entry (core.contact_model.validate_draft)
    "contact.name.missing": {
        "sv": "Namn saknas.",
        "en": "The name is missing.",
    },
    "contact.agency.missing": {
        "sv": "Huvudman/organisation saknas, t.ex. Region Örebro län eller Kumla kommun.",
        "en": "The agency/organisation is missing, e.g. Region Örebro län or Kumla kommun.",
    },
    "contact.too_long": {
        "sv": "Texten i {field} är för lång (högst {limit} tecken).",
        "en": "The text in {field} is too long (at most {limit} characters).",
    },
    "contact.personnummer": {
        "sv": "Det ser ut som ett personnummer i {field}. Personnummer får aldrig stå i "
        "kontaktlistan.",
        "en": "There seems to be a personal identity number in {field}. Those must never be in "
        "the contact list.",
    },
    "contact.areas.too_many": {
        "sv": "För många kompetensområden (högst {limit}).",
        "en": "Too many areas of expertise (at most {limit}).",
    },
    "contact.area.too_long": {
        "sv": "Ett kompetensområde är för långt (högst {limit} tecken). Skilj områdena åt med "
        "semikolon, t.ex. LSS;boendestöd.",
        "en": "An area of expertise is too long (at most {limit} characters). Separate areas "
        "with semicolons, e.g. LSS;boendestöd.",
    },
    "contact.email.invalid": {
        "sv": "{field} är inte en giltig e-postadress.",
        "en": "{field} is not a valid e-mail address.",
    },
    "contact.phone.invalid": {
        "sv": "Telefonnumret går inte att ringa. Skriv t.ex. 019-602 10 00 eller +46 19 602 10 00.",
        "en": "The phone number cannot be dialled. Write e.g. 019-602 10 00 or +46 19 602 10 00.",
    },
    "contact.unreachable": {
        "sv": "Det går inte att nå kontakten. Fyll i telefon, e-post eller Teams-användare.",
        "en": "There is no way to reach the contact. Fill in phone, e-mail or Teams user.",
    },
    "contact.kind.invalid": {
        "sv": "Typ ska vara person eller funktion.",
        "en": "Kind must be person or function.",
    },
    # CSV import (core.contacts_csv)
    "contacts.csv.line": {
        "sv": "Rad {line}: {message}",
        "en": "Line {line}: {message}",
    },
    "contacts.csv.columns_missing": {
        "sv": "Första raden saknar kolumnerna {columns}.",
        "en": "The first row lacks the columns {columns}.",
    },
    "contacts.csv.columns_unknown": {
        "sv": "Första raden har okända kolumner: {columns}. Kontrollera stavningen – de "
        "kolumner som finns är {allowed}.",
        "en": "The first row has unknown columns: {columns}. Check the spelling – the columns "
        "are {allowed}.",
    },
    "contacts.csv.columns_duplicate": {
        "sv": "Första raden har samma kolumn flera gånger: {columns}.",
        "en": "The first row has the same column more than once: {columns}.",
    },
    "contacts.csv.too_many_fields": {
        "sv": "Raden har {found} fält men första raden har {expected}. Kontrollera "
        "citattecken och avgränsare.",
        "en": "The row has {found} fields but the first row has {expected}. Check quotes and "
        "separators.",
    },
    "contacts.csv.too_few_fields": {
        "sv": "Raden har bara {found} fält men första raden har {expected}.",
        "en": "The row has only {found} fields but the first row has {expected}.",
    },
    "contacts.csv.duplicate": {
        "sv": "Samma kontakt som på rad {other}.",
        "en": "Same entry as line {other}.",
    },
    "contacts.csv.too_many_rows": {
        "sv": "Filen har fler än {limit} kontakter. Dela upp den i mindre filer.",
        "en": "The file has more than {limit} contacts. Split it into smaller files.",
    },
    "contacts.csv.empty": {
        "sv": "Filen innehåller inga kontakter.",
        "en": "The file contains no contacts.",
    },
    "contacts.csv.malformed": {
        "sv": "Filen går inte att läsa som CSV (felet börjar på rad {line}). Spara den igen "
        "som CSV från Excel.",
        "en": "The file cannot be read as CSV (the error starts at line {line}). Save it again "
        "as CSV from Excel.",
    },
    "contacts.csv.encoding": {
        "sv": "Filen har en teckenkodning jag inte kan läsa. Spara den som CSV UTF-8 eller "
        "CSV (semikolonavgränsad) från Excel.",
        "en": "The file has a character encoding I cannot read. Save it as CSV UTF-8 or CSV "
        "(semicolon delimited) from Excel.",
    },
}
