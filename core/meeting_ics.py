"""Resursgruppsmöten as calendar files (.ics, RFC 5545), built with icalendar.

Many participants in a resource-group meeting work at other agencies
(Försäkringskassan, Arbetsförmedlingen, school) and never use the bot, so the
bot cannot put the meeting into their calendars itself. Instead it hands out an
iCalendar invitation that any calendar program (Outlook first of all) imports:

* ``METHOD:REQUEST`` when the meeting is booked or moved, ``METHOD:CANCEL`` when
  it is cancelled. The UID is stable per meeting and SEQUENCE grows with every
  change, so calendars update or remove the same entry instead of adding a copy.
* DTSTART/DTEND are written in local wall-clock time with ``TZID`` (normally
  Europe/Stockholm) plus a VTIMEZONE that icalendar derives from zoneinfo, so
  Outlook shows the right local time also around daylight-saving changes.
* SUMMARY names the client by pseudonymous code only (``K-1042``): the file is
  mailed outside the bot and must never carry a name.
* DESCRIPTION is the agenda in the Swedish coordination model for a
  resursgruppsmöte med SIP (:func:`agenda_text`, also shown in chat cards).

All text is cleaned of control characters first; icalendar does the escaping
of commas, semicolons, backslashes and newlines and folds lines at 75 octets.
Pure code: no Bot Framework, no database.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event, Timezone, vCalAddress

from core.i18n import t
from core.meeting_model import ACCEPTED, DECLINED, INBJUDEN, KALLAD, PENDING, PROPOSED
from core.ssd_model import normalise_client_code

PRODID = "-//Samverkansboten//SE"
FILE_PREFIX = "resursgruppsmote"  # ASCII on purpose: file names travel through mail gateways

# core.meeting_model roles and answers -> iCalendar ROLE and PARTSTAT (RFC 5545 3.2.16, 3.2.12).
_ROLES: dict[str, str] = {KALLAD: "REQ-PARTICIPANT", INBJUDEN: "OPT-PARTICIPANT"}
_PARTSTATS: dict[str, str] = {
    PENDING: "NEEDS-ACTION",
    ACCEPTED: "ACCEPTED",
    DECLINED: "DECLINED",
    PROPOSED: "TENTATIVE",
}

# Characters that end a line in some programs; inside multi-line text they become \n.
_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\t": " "})

# Daylight-saving transitions are months apart; a transition is looked for at most
# this far before the onset icalendar reports (see _correct_onsets).
_ONSET_SEARCH = timedelta(hours=12)


@dataclass(frozen=True)
class IcsPerson:
    """The organizer or a participant as the calendar file shows them."""

    name: str
    email: str | None  # attendees without an e-mail are left out of ATTENDEE lines
    role: str = KALLAD  # KALLAD or INBJUDEN (core.meeting_model)
    answer: str = PENDING  # PENDING, ACCEPTED, DECLINED, PROPOSED


@dataclass(frozen=True)
class Agenda:
    """What the meeting is for; becomes DESCRIPTION (see agenda_text)."""

    purpose: str  # "Syfte"
    questions: tuple[str, ...] = ()  # questions to discuss
    # Open action items since the last meeting, one line each, e.g.
    # "Ansöka om boendestöd – Anna Berg, senast 2026-12-01".
    follow_up: tuple[str, ...] = ()


@dataclass(frozen=True)
class IcsMeeting:
    """One resursgruppsmöte, as much of it as goes into a calendar file."""

    uid: str  # stable per meeting, e.g. "meeting-42@samverkansboten"
    sequence: int  # 0 when booked, +1 on every reschedule or cancel
    start: datetime  # aware
    end: datetime  # aware
    timezone: str  # IANA name, normally "Europe/Stockholm"
    client_code: str  # pseudonymous code like "K-1042"; never a name
    agenda: Agenda
    organizer: IcsPerson
    attendees: tuple[IcsPerson, ...]
    location: str | None = None  # a place, or None
    online_url: str | None = None  # a Teams/online link, or None
    cancelled: bool = False
    stamp: datetime | None = None  # DTSTAMP (aware); callers pass the clock's now


def meeting_calendar(meeting: IcsMeeting, lang: str = "sv") -> bytes:
    """A VCALENDAR with METHOD:REQUEST (or METHOD:CANCEL when cancelled), a
    VTIMEZONE for meeting.timezone, and one VEVENT.

    Returns ``Calendar.to_ical()``: UTF-8 bytes, CRLF line endings, folded lines.
    Raises ValueError for naive or reversed times, an unknown time zone, a client
    code that is not a code, an empty UID, a negative SEQUENCE or an unknown role
    or answer.
    """
    zone = _zone(meeting.timezone)
    start = _aware(meeting.start, "start").astimezone(zone)
    end = _aware(meeting.end, "end").astimezone(zone)
    if end <= start:
        raise ValueError("a meeting ends after it starts")
    if meeting.sequence < 0:
        raise ValueError("SEQUENCE cannot be negative")
    uid = _single_line(meeting.uid)
    if not uid:
        raise ValueError("a meeting needs a UID")
    code = normalise_client_code(meeting.client_code)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if meeting.cancelled else "REQUEST")

    event = Event()
    event.add("uid", uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", _stamp(meeting.stamp))
    # Zone-aware local datetimes: icalendar writes them with TZID=<zone key>.
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", t("ics.summary", lang, code=code))
    event.add("description", agenda_text(meeting.agenda, lang))
    place = _single_line(meeting.location or "")
    url = _url(meeting.online_url)
    if place or url:
        event.add("location", place or url)
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    organizer_email = _email(meeting.organizer.email)
    if organizer_email is not None:
        event.add(
            "organizer",
            vCalAddress.new(organizer_email, cn=_single_line(meeting.organizer.name) or None),
        )
    for attendee in _attendees(meeting.attendees):
        event.add("attendee", attendee)
    calendar.add_component(event)

    # icalendar builds the VTIMEZONE from zoneinfo for every TZID in use. The window
    # covers the whole calendar years of the meeting: enough for any client, and far
    # smaller than icalendar's default 1970-2038 list of transitions.
    calendar.add_missing_timezones(
        first_date=date(start.year, 1, 1), last_date=date(end.year + 1, 1, 1)
    )
    for vtimezone in calendar.timezones:
        _correct_onsets(vtimezone, ZoneInfo(vtimezone.tz_name))
    return calendar.to_ical()


def agenda_text(agenda: Agenda, lang: str = "sv") -> str:
    """The plain-text agenda used in DESCRIPTION (also shown in chat cards).

    Purpose, questions (left out when there are none), follow-up of open action
    items, then the fixed lines of the coordination model. Sections are separated
    by a blank line; list items start with "- ".
    """
    purpose = _clean_text(agenda.purpose)
    lines = [t("ics.agenda.purpose", lang, purpose=purpose).rstrip()]
    questions = _items(agenda.questions)
    if questions:
        lines += ["", t("ics.agenda.questions", lang), *questions]
    follow_up = _items(agenda.follow_up) or ["- " + t("ics.agenda.follow_up.none", lang)]
    lines += ["", t("ics.agenda.follow_up", lang), *follow_up]
    lines += [
        "",
        t("ics.agenda.model.what_who", lang),
        t("ics.agenda.model.goals", lang),
        t("ics.agenda.model.methods", lang),
        t("ics.agenda.model.joint", lang),
    ]
    return "\n".join(lines)


def ics_file_name(client_code: str, start: datetime, timezone: str) -> str:
    """e.g. 'resursgruppsmote-K-1042-2026-12-01.ics' (ASCII only, local date).

    The date is the meeting's date on the local wall clock of ``timezone``, which
    can differ from the UTC date around midnight.
    """
    code = normalise_client_code(client_code)
    local_day = _aware(start, "start").astimezone(_zone(timezone)).date()
    return f"{FILE_PREFIX}-{code}-{local_day.isoformat()}.ics"


# -- Text cleaning ------------------------------------------------------------------


def _clean_text(text: str) -> str:
    """Multi-line text without control characters except \\n, trimmed.

    CR, CRLF and Unicode line separators become \\n and tabs become spaces; every
    other control character (and any lone surrogate, which cannot be encoded) goes.
    """
    unified = text.replace("\r\n", "\n").translate(_LINE_BREAKS)
    kept = (ch for ch in unified if ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs"))
    return "".join(kept).strip()


def _single_line(text: str) -> str:
    """Text for a one-line field (a name, a place, a UID): whitespace runs become one space."""
    return " ".join(_clean_text(text).split())


def _items(items: Iterable[str]) -> list[str]:
    """List lines "- item"; an item's own line breaks become indented continuation lines."""
    lines: list[str] = []
    for item in items:
        parts = [part.strip() for part in _clean_text(item).split("\n") if part.strip()]
        if parts:
            lines.append("- " + parts[0])
            lines.extend("  " + part for part in parts[1:])
    return lines


def _email(email: str | None) -> str | None:
    """A bare address (no "mailto:", no whitespace), or None when there is none."""
    if email is None:
        return None
    address = "".join(_clean_text(email).split())
    if address.lower().startswith("mailto:"):
        address = address[len("mailto:") :]
    return address if "@" in address else None


def _url(url: str | None) -> str | None:
    """An online meeting link; only http(s), since calendars make it clickable."""
    if url is None:
        return None
    cleaned = _clean_text(url)
    if not cleaned:
        return None
    if any(ch.isspace() for ch in cleaned) or not cleaned.lower().startswith(
        ("https://", "http://")
    ):
        raise ValueError("the online link must be a single http(s) address")
    return cleaned


# -- People -------------------------------------------------------------------------


def _attendees(people: Iterable[IcsPerson]) -> list[vCalAddress]:
    """ATTENDEE values; people without an e-mail are skipped, and so are repeats of
    an address already listed (calendars would show them twice)."""
    addresses: list[vCalAddress] = []
    seen: set[str] = set()
    for person in people:
        role = _ROLES.get(person.role)
        partstat = _PARTSTATS.get(person.answer)
        if role is None:
            raise ValueError(f"unknown participant role {person.role!r}")
        if partstat is None:
            raise ValueError(f"unknown answer {person.answer!r}")
        email = _email(person.email)
        if email is None or email.lower() in seen:
            continue
        seen.add(email.lower())
        addresses.append(
            vCalAddress.new(
                email,
                cn=_single_line(person.name) or None,
                cutype="INDIVIDUAL",
                role=role,
                partstat=partstat,
                # Ask for an answer only from those who have not given one.
                rsvp=True if person.answer == PENDING else None,
            )
        )
    return addresses


# -- Time ---------------------------------------------------------------------------


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def _aware(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"the meeting's {what} must be a timezone-aware datetime")
    return moment


def _stamp(stamp: datetime | None) -> datetime:
    """DTSTAMP in UTC, whole seconds. Without a stamp the system clock is used, so
    the property RFC 5545 requires is never missing."""
    moment = datetime.now(UTC) if stamp is None else _aware(stamp, "stamp")
    return moment.astimezone(UTC).replace(microsecond=0)


def _correct_onsets(vtimezone: Timezone, zone: tzinfo) -> None:
    """Rewrite each observance's onsets (DTSTART, RDATE) as RFC 5545 wants them.

    RFC 5545 3.6.5 reads an onset in the offset in force *before* the change
    (TZOFFSETFROM): in Stockholm summer time starts at 02:00 and ends at 03:00.
    icalendar 7.3.0's ``Timezone.from_tzinfo`` writes the first wall-clock time
    found *after* the change, which is 03:00 for both, so a strict reader starts
    summer time an hour late. Here the exact UTC instant of every change is found
    in zoneinfo and written back as wall-clock time in TZOFFSETFROM.
    """
    for observance in (*vtimezone.standard, *vtimezone.daylight):
        offset_from = observance.TZOFFSETFROM
        offset_to = observance.TZOFFSETTO
        if offset_from == offset_to:
            continue  # the opening observance of the window, not a change
        observance.DTSTART = _true_onset(observance.DTSTART, offset_from, offset_to, zone)
        rdates = [moment for moment, _period in observance.rdates]
        if rdates:
            observance.pop("RDATE")
            observance.add(
                "RDATE", [_true_onset(moment, offset_from, offset_to, zone) for moment in rdates]
            )


def _true_onset(
    reported: datetime, offset_from: timedelta, offset_to: timedelta, zone: tzinfo
) -> datetime:
    """The naive wall-clock onset, in ``offset_from``, of the change near ``reported``.

    ``reported`` (icalendar's value) read in the new offset is an instant at or
    after the change; a binary search over whole UTC seconds finds the change
    itself. If the zone does not behave as expected, icalendar's value is kept.
    """
    after = (reported - offset_to).replace(tzinfo=UTC)
    before = after - _ONSET_SEARCH

    def offset_at(instant: datetime) -> timedelta | None:
        return instant.astimezone(zone).utcoffset()

    if offset_at(before) != offset_from or offset_at(after) != offset_to:
        return reported
    span = int((after - before).total_seconds())
    while span > 1:
        middle = before + timedelta(seconds=span // 2)
        if offset_at(middle) == offset_from:
            before = middle
        else:
            after = middle
        span = int((after - before).total_seconds())
    return (after + offset_from).replace(tzinfo=None)
