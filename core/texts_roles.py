"""Texts for roles: their names, `roller` in chat and the refusals."""

from __future__ import annotations

from collections.abc import Mapping

TEXTS: Mapping[str, Mapping[str, str]] = {
    "role.staff": {"sv": "personal", "en": "staff"},
    "role.coordinator": {"sv": "verksamhetssamordnare", "en": "unit coordinator"},
    "role.unit_manager": {"sv": "enhetschef", "en": "unit manager"},
    "role.directory_admin": {"sv": "katalogadministratör", "en": "directory admin"},
    "role.system_admin": {"sv": "systemadministratör", "en": "system admin"},
    "role.participant": {"sv": "mötesdeltagare", "en": "meeting participant"},
    "roles.mine.title": {"sv": "Dina roller", "en": "Your roles"},
    "roles.mine.none": {
        "sv": "Du har inga särskilda roller, bara dina vårdteam. En systemadministratör "
        "ger roller.",
        "en": "You have no special roles, only your care teams. A system admin grants roles.",
    },
    "roles.all.title": {"sv": "Roller", "en": "Roles"},
    "roles.all.none": {"sv": "Inga roller är utdelade än.", "en": "No roles are granted yet."},
    "roles.line.unit": {"sv": "{role} i {unit}: {who}", "en": "{role} in {unit}: {who}"},
    "roles.line.global": {"sv": "{role}: {who}", "en": "{role}: {who}"},
    "roles.mine.line.unit": {"sv": "{role} i {unit}", "en": "{role} in {unit}"},
    "roles.usage": {
        "sv": "Så här: **roller** visar rollerna. **roller ge anna.berg@kommun.se "
        "verksamhetssamordnare Socialpsykiatri** ger en roll, **roller ta bort "
        "anna.berg@kommun.se verksamhetssamordnare Socialpsykiatri** tar bort den. Roller: "
        "verksamhetssamordnare och enhetschef (för en enhet), katalogadmin och systemadmin.",
        "en": "Like this: **roles** lists the roles. **roles grant anna.berg@kommun.se "
        "coordinator Socialpsykiatri** grants one, **roles revoke anna.berg@kommun.se "
        "coordinator Socialpsykiatri** takes it away. Roles: coordinator and unit_manager "
        "(for a unit), directory_admin and system_admin.",
    },
    "roles.role.unknown": {
        "sv": "Jag känner inte igen rollen. Välj verksamhetssamordnare, enhetschef, "
        "katalogadmin eller systemadmin.",
        "en": "I don't know that role. Choose coordinator, unit_manager, directory_admin or "
        "system_admin.",
    },
    "roles.granted": {
        "sv": "Klart: {who} är nu {role}{where}.",
        "en": "Done: {who} is now {role}{where}.",
    },
    "roles.granted.already": {
        "sv": "{who} var redan {role}{where}.",
        "en": "{who} was already {role}{where}.",
    },
    "roles.revoked": {
        "sv": "Klart: {who} är inte längre {role}{where}.",
        "en": "Done: {who} is no longer {role}{where}.",
    },
    "roles.revoked.not_held": {
        "sv": "{who} var inte {role}{where}.",
        "en": "{who} was not {role}{where}.",
    },
    "roles.where": {"sv": " i {unit}", "en": " in {unit}"},
    "roles.not_admin": {
        "sv": "Bara en systemadministratör kan ge och ta bort roller. Skriv **roller** för "
        "att se dina egna.",
        "en": "Only a system admin can grant and revoke roles. Type **roles** to see your own.",
    },
    "roles.who.invalid": {
        "sv": "Skriv personens e-postadress eller Entra-id (ett ord).",
        "en": "Write the person's e-mail address or Entra id (one word).",
    },
    "roles.who.unknown": {
        "sv": "Ingen med {who} har skrivit till mig än. Be personen skriva **hej** till mig "
        "först, så kan du ge rollen sedan.",
        "en": "Nobody with {who} has written to me yet. Ask them to say **hi** to me first, "
        "then grant the role.",
    },
    "roles.staff": {
        "sv": "Alla som skriver till mig är personal; den rollen behöver inte ges.",
        "en": "Everyone who writes to me is staff; that role needs no granting.",
    },
    "roles.unit.needed": {
        "sv": "Vilken enhet? Verksamhetssamordnare och enhetschef gäller en enhet, t.ex. "
        "**… verksamhetssamordnare Socialpsykiatri**.",
        "en": "Which unit? Coordinator and unit manager apply to a unit, e.g. **… coordinator "
        "Socialpsykiatri**.",
    },
    "roles.unit.not_needed": {
        "sv": "Den rollen gäller hela boten, inte en enhet. Skriv den utan enhet.",
        "en": "That role applies to the whole bot, not a unit. Write it without a unit.",
    },
    "roles.unit.unknown": {
        "sv": "Jag hittar ingen enhet {unit}. Enheterna: {units}.",
        "en": "I can't find a unit {unit}. The units: {units}.",
    },
    "roles.unit.ambiguous": {
        "sv": "Flera enheter passar: {units}. Skriv mer av namnet.",
        "en": "Several units match: {units}. Write more of the name.",
    },
    "roles.last_admin": {
        "sv": "Det är den sista systemadministratören. Ge rollen till någon annan först.",
        "en": "That is the last system admin. Grant the role to someone else first.",
    },
    # Help for its commands (`hjälp <kommando>`) and examples after two misses
    "help.topic.roles": {
        "sv": "**roller** visar dina roller. Systemadministratörer: **roller ge "
        "<e-post> verksamhetssamordnare <enhet>** och **roller ta bort …**.",
        "en": "**roles** shows your roles. System admins: **roles grant <e-mail> "
        "coordinator <unit>** and **roles revoke …**.",
    },
}
