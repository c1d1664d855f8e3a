"""Texts that go into calendar files (.ics): the agenda in DESCRIPTION and the
summary line (merged into core.i18n.CATALOG).

The agenda follows the Swedish coordination model for a resursgruppsmöte with a
SIP (samordnad individuell plan, "coordinated individual plan"). The SUMMARY
names the client by code only, because the file leaves the bot: it is mailed to
staff at other agencies and lands in their calendars.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # SUMMARY: the client's pseudonymous code, never a name.
    "ics.summary": {
        "sv": "Resursgruppsmöte {code}",
        "en": "Resource group meeting {code}",
    },
    # DESCRIPTION (core.meeting_ics.agenda_text), in this order.
    "ics.agenda.purpose": {
        "sv": "Syfte: {purpose}",
        "en": "Purpose: {purpose}",
    },
    "ics.agenda.questions": {
        "sv": "Frågor att ta upp:",
        "en": "Questions to discuss:",
    },
    "ics.agenda.follow_up": {
        "sv": "Uppföljning sedan förra mötet:",
        "en": "Follow-up since the last meeting:",
    },
    "ics.agenda.follow_up.none": {
        "sv": "Inga öppna åtgärder",
        "en": "No open action items",
    },
    "ics.agenda.model.what_who": {
        "sv": "Vad? Vem? När? Hur?",
        "en": "What? Who? When? How?",
    },
    "ics.agenda.model.goals": {
        "sv": "Formulera tydliga mål (delmål i SIP).",
        "en": "Formulate clear goals (sub-goals in the coordinated individual plan, SIP).",
    },
    "ics.agenda.model.methods": {
        "sv": "Besluta om metoder och strategier för att nå personens mål.",
        "en": "Decide on methods and strategies to reach the person's goals.",
    },
    "ics.agenda.model.joint": {
        "sv": "Gemensamma beslut: personen och nätverket beslutar tillsammans.",
        "en": "Joint decisions: the person and the network decide together.",
    },
}
