"""Calendar files for resursgruppsmöten (core.meeting_ics).

Every file is parsed back with icalendar and checked value by value; time
expectations are computed with zoneinfo and also spelled out as literal UTC.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Event, Timezone

from core.meeting_ics import (
    Agenda,
    IcsMeeting,
    IcsPerson,
    agenda_text,
    ics_file_name,
    meeting_calendar,
)
from core.meeting_model import ACCEPTED, DECLINED, INBJUDEN, KALLAD, PENDING, PROPOSED

STOCKHOLM = ZoneInfo("Europe/Stockholm")
TEAMS_URL = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0"

ORGANIZER = IcsPerson("Åsa Öberg", "asa.oberg@kommun.se", KALLAD, ACCEPTED)
ANNA = IcsPerson("Anna Berg", "anna.berg@regionen.se", KALLAD, ACCEPTED)
ERIK = IcsPerson("Erik Lund", "erik.lund@forsakringskassan.se", INBJUDEN, PENDING)
MAJA = IcsPerson("Maja Holm", "maja.holm@arbetsformedlingen.se", INBJUDEN, DECLINED)
OLLE = IcsPerson("Olle Ek", "olle.ek@kommun.se", KALLAD, PROPOSED)
NO_EMAIL = IcsPerson("Mamma till brukaren", None, INBJUDEN, PENDING)

AGENDA = Agenda(
    purpose="Planera stödet inför flytten till eget boende",
    questions=("Boendestöd", "Sysselsättning på dagtid"),
    follow_up=("Ansöka om boendestöd – Anna Berg, senast 2026-12-01",),
)


def _meeting(**changes: object) -> IcsMeeting:
    meeting = IcsMeeting(
        uid="meeting-42@samverkansboten",
        sequence=0,
        start=datetime(2026, 12, 8, 10, 0, tzinfo=STOCKHOLM),
        end=datetime(2026, 12, 8, 11, 30, tzinfo=STOCKHOLM),
        timezone="Europe/Stockholm",
        client_code="K-1042",
        agenda=AGENDA,
        organizer=ORGANIZER,
        attendees=(ANNA, ERIK, MAJA, OLLE, NO_EMAIL),
        location="Socialkontoret, rum 3",
        online_url=None,
        stamp=datetime(2026, 11, 30, 14, 15, 5, tzinfo=UTC),
    )
    return replace(meeting, **changes)


def _parse(data: bytes) -> tuple[Calendar, Event]:
    parsed = Calendar.from_ical(data)
    events = parsed.events
    assert len(events) == 1
    return parsed, events[0]


def _attendees_by_email(event: Event) -> dict[str, dict[str, str]]:
    values = event.get("ATTENDEE", [])
    if not isinstance(values, list):
        values = [values]
    return {str(value): dict(value.params) for value in values}


def _last_sunday(year: int, month: int) -> date:
    last_day = month_calendar.monthrange(year, month)[1]
    day = date(year, month, last_day)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def _utc_transitions(zone: ZoneInfo, year: int) -> list[datetime]:
    """Exact UTC instants (whole minutes) at which the zone's offset changes in a year."""
    changes = []
    hour = datetime(year, 1, 1, tzinfo=UTC)
    while hour.year == year:
        next_hour = hour + timedelta(hours=1)
        if hour.astimezone(zone).utcoffset() != next_hour.astimezone(zone).utcoffset():
            minute = hour
            offset = minute.astimezone(zone).utcoffset()
            while minute.astimezone(zone).utcoffset() == offset:
                minute += timedelta(minutes=1)
            changes.append(minute)
        hour = next_hour
    return changes


# -- A normal booking -----------------------------------------------------------------


def test_a_booked_meeting_is_a_request_with_the_calendar_headers() -> None:
    parsed, event = _parse(meeting_calendar(_meeting()))

    assert str(parsed["METHOD"]) == "REQUEST"
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["PRODID"]) == "-//Samverkansboten//SE"
    assert str(parsed["CALSCALE"]) == "GREGORIAN"
    assert str(event["UID"]) == "meeting-42@samverkansboten"
    assert event.decoded("SEQUENCE") == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 30, 14, 15, 5, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Resursgruppsmöte K-1042"
    assert str(event["LOCATION"]) == "Socialkontoret, rum 3"
    assert "URL" not in event
    assert parsed.walk("VALARM") == []


def test_start_and_end_are_local_times_with_the_stockholm_tzid() -> None:
    meeting = _meeting()
    data = meeting_calendar(meeting)
    _, event = _parse(data)

    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start, end) == (meeting.start, meeting.end)
    assert start.utcoffset() == timedelta(hours=1)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert event["DTEND"].params["TZID"] == "Europe/Stockholm"
    assert b"DTSTART;TZID=Europe/Stockholm:20261208T100000\r\n" in data
    assert b"DTEND;TZID=Europe/Stockholm:20261208T113000\r\n" in data


def test_a_start_given_in_utc_is_still_written_on_the_local_wall_clock() -> None:
    meeting = _meeting(
        start=datetime(2026, 6, 10, 7, 0, tzinfo=UTC),
        end=datetime(2026, 6, 10, 8, 0, tzinfo=UTC),
    )
    data = meeting_calendar(meeting)
    _, event = _parse(data)

    assert event.decoded("DTSTART") == datetime(2026, 6, 10, 7, 0, tzinfo=UTC)
    assert b"DTSTART;TZID=Europe/Stockholm:20260610T090000\r\n" in data
    assert b"DTEND;TZID=Europe/Stockholm:20260610T100000\r\n" in data


def test_the_calendar_has_a_vtimezone_with_standard_and_daylight_time() -> None:
    parsed, _ = _parse(meeting_calendar(_meeting()))

    timezones = parsed.timezones
    assert [tz.tz_name for tz in timezones] == ["Europe/Stockholm"]
    assert len(timezones[0].standard) >= 1
    assert len(timezones[0].daylight) >= 1
    assert {str(sub["TZNAME"]) for sub in timezones[0].standard} == {"CET"}
    assert {str(sub["TZNAME"]) for sub in timezones[0].daylight} == {"CEST"}


def test_the_organizer_is_a_mailto_address_with_a_name() -> None:
    _, event = _parse(meeting_calendar(_meeting()))

    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:asa.oberg@kommun.se"
    assert organizer.params["CN"] == "Åsa Öberg"


def test_an_organizer_without_email_is_left_out() -> None:
    meeting = _meeting(organizer=IcsPerson("Åsa Öberg", None))
    _, event = _parse(meeting_calendar(meeting))

    assert "ORGANIZER" not in event


def test_attendees_get_role_partstat_rsvp_and_cutype() -> None:
    _, event = _parse(meeting_calendar(_meeting()))

    assert _attendees_by_email(event) == {
        "mailto:anna.berg@regionen.se": {
            "CN": "Anna Berg",
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "ACCEPTED",
        },
        "mailto:erik.lund@forsakringskassan.se": {
            "CN": "Erik Lund",
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "OPT-PARTICIPANT",
            "PARTSTAT": "NEEDS-ACTION",
            "RSVP": "TRUE",
        },
        "mailto:maja.holm@arbetsformedlingen.se": {
            "CN": "Maja Holm",
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "OPT-PARTICIPANT",
            "PARTSTAT": "DECLINED",
        },
        "mailto:olle.ek@kommun.se": {
            "CN": "Olle Ek",
            "CUTYPE": "INDIVIDUAL",
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "TENTATIVE",
        },
    }


def test_an_address_listed_twice_gives_one_attendee() -> None:
    twice = IcsPerson("Anna B.", "ANNA.BERG@regionen.se", INBJUDEN, PENDING)
    _, event = _parse(meeting_calendar(_meeting(attendees=(ANNA, twice))))

    assert list(_attendees_by_email(event)) == ["mailto:anna.berg@regionen.se"]


def test_the_description_is_the_agenda_with_the_model_lines() -> None:
    _, event = _parse(meeting_calendar(_meeting()))

    description = str(event["DESCRIPTION"])
    assert description.split("\n") == [
        "Syfte: Planera stödet inför flytten till eget boende",
        "",
        "Frågor att ta upp:",
        "- Boendestöd",
        "- Sysselsättning på dagtid",
        "",
        "Uppföljning sedan förra mötet:",
        "- Ansöka om boendestöd – Anna Berg, senast 2026-12-01",
        "",
        "Vad? Vem? När? Hur?",
        "Formulera tydliga mål (delmål i SIP).",
        "Besluta om metoder och strategier för att nå personens mål.",
        "Gemensamma beslut: personen och nätverket beslutar tillsammans.",
    ]


def test_an_agenda_without_questions_or_open_actions() -> None:
    text = agenda_text(Agenda(purpose="Första mötet"))

    assert "Frågor att ta upp:" not in text
    assert text.split("\n")[:5] == [
        "Syfte: Första mötet",
        "",
        "Uppföljning sedan förra mötet:",
        "- Inga öppna åtgärder",
        "",
    ]


def test_a_multi_line_item_continues_indented_and_blank_items_are_skipped() -> None:
    text = agenda_text(Agenda(purpose="X", questions=("Boende\nvilken kommun?", "  ", "")))

    assert text.split("\n")[2:5] == ["Frågor att ta upp:", "- Boende", "  vilken kommun?"]
    assert "- \n" not in text


def test_the_online_link_is_the_location_when_there_is_no_place() -> None:
    _, event = _parse(meeting_calendar(_meeting(location=None, online_url=TEAMS_URL)))

    assert str(event["LOCATION"]) == TEAMS_URL
    assert str(event["URL"]) == TEAMS_URL


def test_a_place_stays_the_location_when_there_is_also_a_link() -> None:
    _, event = _parse(meeting_calendar(_meeting(online_url=TEAMS_URL)))

    assert str(event["LOCATION"]) == "Socialkontoret, rum 3"
    assert str(event["URL"]) == TEAMS_URL


def test_without_place_or_link_there_is_no_location() -> None:
    _, event = _parse(meeting_calendar(_meeting(location=None)))

    assert "LOCATION" not in event
    assert "URL" not in event


# -- Daylight-saving change days --------------------------------------------------------


@pytest.mark.parametrize(
    ("local_start", "local_end", "utc_start", "utc_end"),
    [
        # 2026-03-29: clocks go 02:00 -> 03:00; 09:00 is already CEST (UTC+2).
        (
            datetime(2026, 3, 29, 9, 0),
            datetime(2026, 3, 29, 10, 0),
            datetime(2026, 3, 29, 7, 0, tzinfo=UTC),
            datetime(2026, 3, 29, 8, 0, tzinfo=UTC),
        ),
        # 2026-10-25: clocks go 03:00 -> 02:00; 13:00 is CET (UTC+1).
        (
            datetime(2026, 10, 25, 13, 0),
            datetime(2026, 10, 25, 14, 30),
            datetime(2026, 10, 25, 12, 0, tzinfo=UTC),
            datetime(2026, 10, 25, 13, 30, tzinfo=UTC),
        ),
    ],
)
def test_meetings_on_daylight_saving_days_keep_their_instants(
    local_start: datetime, local_end: datetime, utc_start: datetime, utc_end: datetime
) -> None:
    start = local_start.replace(tzinfo=STOCKHOLM)
    end = local_end.replace(tzinfo=STOCKHOLM)
    data = meeting_calendar(_meeting(start=start, end=end))
    _, event = _parse(data)

    parsed_start, parsed_end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert parsed_start.astimezone(UTC) == start.astimezone(UTC)
    assert parsed_end.astimezone(UTC) == end.astimezone(UTC)
    assert (parsed_start.astimezone(UTC), parsed_end.astimezone(UTC)) == (utc_start, utc_end)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"
    assert f"DTSTART;TZID=Europe/Stockholm:{local_start:%Y%m%dT%H%M%S}\r\n".encode() in data


def _stockholm_vtimezone(year: int) -> Timezone:
    meeting = _meeting(
        start=datetime(year, 3, 29, 9, 0, tzinfo=STOCKHOLM),
        end=datetime(year, 3, 29, 10, 0, tzinfo=STOCKHOLM),
    )
    parsed, _ = _parse(meeting_calendar(meeting))
    (vtimezone,) = parsed.timezones
    return vtimezone


def _onsets(observance: Timezone) -> list[datetime]:
    """DTSTART and RDATE values of one STANDARD or DAYLIGHT sub-component."""
    return [observance.DTSTART, *(moment for moment, _ in observance.rdates)]


def test_the_vtimezone_changes_on_the_last_sundays_of_march_and_october_2026() -> None:
    vtimezone = _stockholm_vtimezone(2026)

    daylight_onsets = [onset for observance in vtimezone.daylight for onset in _onsets(observance)]
    assert daylight_onsets == [datetime(2026, 3, 29, 2, 0)]
    assert _last_sunday(2026, 3) == date(2026, 3, 29)
    (daylight,) = vtimezone.daylight
    offsets = (daylight.TZOFFSETFROM, daylight.TZOFFSETTO)
    assert offsets == (timedelta(hours=1), timedelta(hours=2))

    # The change back to standard time; the window's opening observance has no change.
    changes = [obs for obs in vtimezone.standard if obs.TZOFFSETFROM != obs.TZOFFSETTO]
    assert [onset for obs in changes for onset in _onsets(obs)] == [datetime(2026, 10, 25, 3, 0)]
    assert _last_sunday(2026, 10) == date(2026, 10, 25)
    offsets = (changes[0].TZOFFSETFROM, changes[0].TZOFFSETTO)
    assert offsets == (timedelta(hours=2), timedelta(hours=1))


def test_the_vtimezone_onsets_read_in_tzoffsetfrom_are_the_real_utc_changes() -> None:
    # RFC 5545 3.6.5: an onset is local time in the offset in force before the change.
    vtimezone = _stockholm_vtimezone(2026)
    observances = [*vtimezone.standard, *vtimezone.daylight]

    changes = sorted(
        (onset - observance.TZOFFSETFROM).replace(tzinfo=UTC)
        for observance in observances
        if observance.TZOFFSETFROM != observance.TZOFFSETTO
        for onset in _onsets(observance)
    )
    assert changes == _utc_transitions(STOCKHOLM, 2026)
    assert changes == [
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
    ]


def test_a_reader_that_only_has_the_vtimezone_gets_zoneinfo_offsets_all_year() -> None:
    # Ignore the TZID name and build the zone from the VTIMEZONE alone (dateutil),
    # as a calendar program without the IANA database would.
    vtz = _stockholm_vtimezone(2026)
    zone_from_vtimezone = vtz.to_tz(lookup_tzid=False)
    # Every hour of the year, and every minute within three hours of each change.
    start = datetime(2026, 1, 1, tzinfo=UTC)
    moments = [start + timedelta(hours=n) for n in range(365 * 24)]
    for change in _utc_transitions(STOCKHOLM, 2026):
        moments += [change + timedelta(minutes=n) for n in range(-180, 181)]

    wrong = [
        moment
        for moment in moments
        if moment.astimezone(zone_from_vtimezone).utcoffset()
        != moment.astimezone(STOCKHOLM).utcoffset()
    ]
    assert wrong == []


def test_a_meeting_in_another_year_gets_that_years_transitions() -> None:
    vtimezone = _stockholm_vtimezone(2027)

    daylight_onsets = [onset for obs in vtimezone.daylight for onset in _onsets(obs)]
    assert _last_sunday(2027, 3) == date(2027, 3, 28)
    assert daylight_onsets == [datetime(2027, 3, 28, 2, 0)]


# -- Cancellation ---------------------------------------------------------------------


def test_a_cancellation_keeps_the_uid_and_raises_the_sequence() -> None:
    booked, booked_event = _parse(meeting_calendar(_meeting()))
    cancelled, cancelled_event = _parse(meeting_calendar(_meeting(sequence=1, cancelled=True)))

    assert str(cancelled["METHOD"]) == "CANCEL"
    assert str(cancelled_event["STATUS"]) == "CANCELLED"
    assert str(cancelled_event["UID"]) == str(booked_event["UID"])
    assert cancelled_event.decoded("SEQUENCE") == 1
    assert cancelled_event.decoded("SEQUENCE") > booked_event.decoded("SEQUENCE")
    assert (str(booked["METHOD"]), str(booked_event["STATUS"])) == ("REQUEST", "CONFIRMED")


# -- English --------------------------------------------------------------------------


def test_english_summary_and_agenda() -> None:
    _, event = _parse(meeting_calendar(_meeting(agenda=Agenda(purpose="Plan the move")), "en"))

    assert str(event["SUMMARY"]) == "Resource group meeting K-1042"
    assert str(event["DESCRIPTION"]).split("\n") == [
        "Purpose: Plan the move",
        "",
        "Follow-up since the last meeting:",
        "- No open action items",
        "",
        "What? Who? When? How?",
        "Formulate clear goals (sub-goals in the coordinated individual plan, SIP).",
        "Decide on methods and strategies to reach the person's goals.",
        "Joint decisions: the person and the network decide together.",
    ]


def test_english_questions_heading() -> None:
    text = agenda_text(Agenda(purpose="P", questions=("Housing",)), "en")

    assert text.split("\n")[2:4] == ["Questions to discuss:", "- Housing"]


# -- Escaping and cleaning -----------------------------------------------------------


def test_special_characters_survive_a_round_trip() -> None:
    purpose = 'Boende, skola; ekonomi\\budget "plan"\nAndra raden – Åsa Öberg'
    awkward = IcsPerson('Berg, Anna; "Nisse" \\ Åsa Öberg', "anna@regionen.se")
    meeting = _meeting(
        agenda=Agenda(purpose=purpose),
        attendees=(awkward,),
        location="Hus B, plan 2; rum \\3",
    )
    _, event = _parse(meeting_calendar(meeting))

    description = str(event["DESCRIPTION"])
    assert description.startswith("Syfte: " + purpose + "\n\n")
    assert _attendees_by_email(event)["mailto:anna@regionen.se"]["CN"] == (
        'Berg, Anna; "Nisse" \\ Åsa Öberg'
    )
    assert str(event["LOCATION"]) == "Hus B, plan 2; rum \\3"
    assert event["ORGANIZER"].params["CN"] == "Åsa Öberg"


def test_control_characters_are_removed() -> None:
    meeting = _meeting(
        agenda=Agenda(purpose="Larm\x07 och\x00 mer\r\nny rad", questions=("Fr\x1båga",)),
        attendees=(IcsPerson("Anna\x08 Berg", "anna@regionen.se"),),
        location="Rum\x0b 3",
    )
    data = meeting_calendar(meeting)
    _, event = _parse(data)

    description = str(event["DESCRIPTION"])
    assert description.startswith("Syfte: Larm och mer\nny rad\n\n")
    assert "- Fråga" in description
    assert _attendees_by_email(event)["mailto:anna@regionen.se"]["CN"] == "Anna Berg"
    assert str(event["LOCATION"]) == "Rum 3"
    assert not any(byte < 0x20 and byte not in (0x0D, 0x0A) for byte in data)


def test_a_name_on_several_lines_becomes_one_line() -> None:
    person = IcsPerson("Anna\nBerg", "anna@regionen.se")
    _, event = _parse(meeting_calendar(_meeting(attendees=(person,))))

    assert _attendees_by_email(event)["mailto:anna@regionen.se"]["CN"] == "Anna Berg"


# -- Privacy and bad input -------------------------------------------------------------


def test_the_summary_holds_the_normalised_code_only() -> None:
    _, event = _parse(meeting_calendar(_meeting(client_code=" k–1042 ")))

    assert str(event["SUMMARY"]) == "Resursgruppsmöte K-1042"


@pytest.mark.parametrize("code", ["Anna Berg", "19121212-1212", ""])
def test_a_client_code_that_is_not_a_code_is_refused(code: str) -> None:
    with pytest.raises(ValueError):
        meeting_calendar(_meeting(client_code=code))


@pytest.mark.parametrize(
    "changes",
    [
        {"start": datetime(2026, 12, 8, 10, 0)},
        {"end": datetime(2026, 12, 8, 9, 0, tzinfo=STOCKHOLM)},
        {"timezone": "Europe/Atlantis"},
        {"sequence": -1},
        {"uid": " \x07 "},
        {"online_url": "javascript:alert(1)"},
        {"attendees": (IcsPerson("X", "x@example.se", role="chef"),)},
        {"attendees": (IcsPerson("X", "x@example.se", answer="maybe"),)},
    ],
)
def test_bad_meetings_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        meeting_calendar(_meeting(**changes))


def test_the_stamp_is_written_in_utc() -> None:
    stamp = datetime(2026, 11, 30, 15, 15, 5, 123456, tzinfo=STOCKHOLM)
    data = meeting_calendar(_meeting(stamp=stamp))
    _, event = _parse(data)

    assert event.decoded("DTSTAMP") == datetime(2026, 11, 30, 14, 15, 5, tzinfo=UTC)
    assert b"DTSTAMP:20261130T141505Z\r\n" in data


def test_a_missing_stamp_falls_back_to_now_in_utc() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    _, event = _parse(meeting_calendar(_meeting(stamp=None)))
    after = datetime.now(UTC)

    stamp = event.decoded("DTSTAMP")
    assert stamp.utcoffset() == timedelta(0)
    assert before <= stamp <= after


# -- File name and format ------------------------------------------------------------


def test_the_file_name_uses_the_local_date() -> None:
    start = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 2026-12-01 00:30 in Stockholm
    assert start.astimezone(STOCKHOLM).date() == date(2026, 12, 1)

    name = ics_file_name("K-1042", start, "Europe/Stockholm")

    assert name == "resursgruppsmote-K-1042-2026-12-01.ics"
    assert name.isascii()


def test_the_file_name_in_another_zone_uses_that_zones_date() -> None:
    start = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)

    assert ics_file_name("k-1042", start, "UTC") == "resursgruppsmote-K-1042-2026-11-30.ics"


def test_lines_are_folded_at_75_octets_with_crlf() -> None:
    long_purpose = "Planera stödet för Åsa Öberg, skolgång; boende – " * 8
    people = tuple(
        IcsPerson(f"Åsa Öberg-Långström nummer {n}", f"asa.oberg.langstrom.{n}@kommun.se")
        for n in range(3)
    )
    data = meeting_calendar(_meeting(agenda=Agenda(purpose=long_purpose), attendees=people))

    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # something was actually folded
    assert b"\n" not in data.replace(b"\r\n", b"")
    _, event = _parse(data)
    assert str(event["DESCRIPTION"]).startswith("Syfte: " + long_purpose.strip() + "\n")
