"""Cards for resursgruppsmöten: pickers inside the booking dialog, the summary to
confirm, the organizer's status card (updated in place as answers come), the
invitation with Jag kommer / Kan inte / Föreslå annan tid, and the listings.

Buttons that belong to a running dialog send {"dialog_input": …}; the bot hands
those to the dialog. Buttons that act on a meeting send {"meeting_action": …,
"meeting_id": N} and are handled in one turn (bot/meeting_handlers.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from core.consent_model import COORDINATION, GIVEN, MAX_FORM_REF, PARTIES, STATES
from core.i18n import t
from core.meeting_commands import FOLLOW_UP, MOVE
from core.meeting_model import PARTICIPANT_ROLES, PROPOSED, Interval
from core.meeting_text import describe_slot, describe_start
from dialogs.cards.common import adaptive_card, command_button, submit_action, text_block
from storage.meeting_records import (
    BookingCheck,
    ClientMeetings,
    ConsentRecord,
    ConsentView,
    MeetingDraft,
    MeetingRecord,
    MyMeetings,
    ParticipantDraft,
    ParticipantRecord,
)

ACTION = "meeting_action"
CONSENT_ACTION = (
    "consent_action"  # the consent card's form: {"consent_action": "record", "code": …}
)
# The words the consent hint lists (core.consent_model.PARTY_WORDS reads more).
PARTY_HINTS = {
    "sv": ("samordning", "region", "kommun", "fk", "af", "finsam", "skola", "närstående", "övrigt"),
    "en": (
        "coordination",
        "region",
        "kommun",
        "fk",
        "af",
        "finsam",
        "school",
        "relatives",
        "other",
    ),
}
DIALOG_INPUT = "dialog_input"


def _title(text: str) -> dict[str, Any]:
    return text_block(text, weight="Bolder", size="Medium")


def _facts(pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in pairs if v]}


def _where(place: str | None, url: str | None, lang: str) -> str:
    if place and url:
        return f"{place} · [{url}]({url})"
    if url:
        return f"[{url}]({url})"
    return place or t("meeting.summary.nowhere", lang)


def _role(role: str, lang: str) -> str:
    return t(f"meeting.role.{role}", lang)


def _answer(participant: ParticipantRecord, tz: ZoneInfo, lang: str) -> str:
    if participant.organizer:
        return t("meeting.organizer", lang)
    if participant.staff_user_id is None and participant.answer == "pending":
        return t("meeting.answer.outside", lang)
    if participant.answer == PROPOSED and participant.proposed_start is not None:
        return t(
            "meeting.answer.proposed",
            lang,
            when=describe_start(participant.proposed_start, tz, lang),
        )
    return t(f"meeting.answer.{participant.answer}", lang)


# -- inside the booking dialog ------------------------------------------------------------
def when_picker_card(lang: str, day: date) -> dict[str, Any]:
    body = [
        _title(t("meeting.when_card.title", lang)),
        {
            "type": "Input.Date",
            "id": "meeting_date",
            "label": t("meeting.when_card.date", lang),
            "value": day.isoformat(),
        },
        {
            "type": "Input.Time",
            "id": "meeting_time",
            "label": t("meeting.when_card.time", lang),
            "value": "13:00",
        },
    ]
    actions = [submit_action(t("meeting.when_card.ok", lang), {DIALOG_INPUT: "when"})]
    return adaptive_card(body, actions, t("meeting.ask_when", lang))


def participants_card(lang: str, candidates: Sequence[ParticipantDraft]) -> dict[str, Any]:
    body: list[dict[str, Any]] = [_title(t("meeting.participants.card.title", lang))]
    if candidates:
        body.append(text_block(t("meeting.participants.card.team", lang), weight="Bolder"))
        for index, person in enumerate(candidates):
            label = f"{person.name} ({person.agency})" if person.agency else person.name
            body.append(
                {
                    "type": "Input.Toggle",
                    "id": f"p{index}",
                    "title": label,
                    "value": "true",
                    "valueOn": "true",
                    "valueOff": "false",
                }
            )
    body.append(
        {
            "type": "Input.Text",
            "id": "others",
            "isMultiline": True,
            "label": t("meeting.participants.card.others", lang),
            "maxLength": 2000,
        }
    )
    actions = [
        submit_action(t("meeting.participants.card.ok", lang), {DIALOG_INPUT: "participants"})
    ]
    return adaptive_card(body, actions, t("meeting.ask_participants", lang))


def _participant_line(person: ParticipantDraft, lang: str) -> str:
    where = f", {person.agency}" if person.agency else ""
    if person.staff_user_id is not None:
        note = t("meeting.summary.uses_bot", lang)
    elif person.email:
        note = person.email
    else:
        note = t("meeting.summary.no_email", lang)
    return f"{person.name}{where} – {note}"


def summary_card(
    lang: str,
    draft: MeetingDraft,
    check: BookingCheck,
    agency_names: dict[str, str],
    *,
    over_clash: bool = False,
    consent: bool = False,
) -> dict[str, Any]:
    """The booking to confirm. Free times come first among the buttons; then one
    button for the one question still open: book over the clash, confirm that
    consent exists, or simply book (see dialogs/book_meeting_dialog.py)."""
    tz = ZoneInfo(draft.timezone)
    body: list[dict[str, Any]] = [
        _title(t("meeting.summary.title", lang, code=draft.client_code)),
        *_what_and_where(
            draft.interval, tz, draft.place, draft.online_url, draft.purpose, draft.questions, lang
        ),
    ]
    body.append(text_block(t("meeting.summary.participants", lang), weight="Bolder"))
    for index, person in enumerate(draft.participants):
        body.append(
            {
                "type": "ColumnSet",
                "columns": [
                    {
                        "type": "Column",
                        "width": "stretch",
                        "items": [text_block(_participant_line(person, lang))],
                    },
                    {
                        "type": "Column",
                        "width": "auto",
                        "items": [
                            {
                                "type": "Input.ChoiceSet",
                                "id": f"role{index}",
                                "value": person.role,
                                "choices": [
                                    {"title": _role(role, lang), "value": role}
                                    for role in PARTICIPANT_ROLES
                                ],
                            }
                        ],
                    },
                ],
            }
        )
    actions: list[dict[str, Any]] = []
    _clashes_and_free_times(check, tz, lang, "confirm", body, actions)
    if check.clashes and over_clash:
        body.append(text_block(t("meeting.summary.over_clash", lang), weight="Bolder"))
    if check.outside_working_time:
        body.append(text_block(t("meeting.summary.outside_hours", lang), isSubtle=True))
    if check.missing_consent:
        names = ", ".join(agency_names[k] for k in check.missing_consent)
        body.append(
            text_block(
                t("meeting.summary.consent", lang, agencies=names, code=draft.client_code),
                color="Attention",
            )
        )
        if consent:
            body.append(text_block(t("meeting.summary.consent_given", lang), weight="Bolder"))
    if check.clashes and not over_clash:
        book = submit_action(
            t("meeting.summary.book_over_clash", lang), {DIALOG_INPUT: "confirm", "choice": "clash"}
        )
        reply = "meeting.summary.reply.clash"
    elif check.missing_consent and not consent:
        book = submit_action(
            t("meeting.summary.book_consent", lang),
            {DIALOG_INPUT: "confirm", "choice": "consent"},
            "positive",
        )
        reply = "meeting.summary.reply.consent"
    else:
        book = submit_action(
            t("meeting.summary.book", lang), {DIALOG_INPUT: "confirm", "choice": "book"}, "positive"
        )
        reply = "meeting.summary.reply"
    actions.append(book)
    actions.append(
        submit_action(
            t("meeting.summary.cancel", lang), {DIALOG_INPUT: "confirm", "choice": "cancel"}
        )
    )
    body.append(text_block(t(reply, lang), isSubtle=True, size="Small"))
    return adaptive_card(body, actions, t("meeting.summary.title", lang, code=draft.client_code))


def _clashes_and_free_times(
    check: BookingCheck,
    tz: ZoneInfo,
    lang: str,
    dialog_input: str,
    body: list[dict[str, Any]],
    actions: list[dict[str, Any]],
) -> None:
    """Each clash, then the nearest free times numbered, each with its button."""
    for clash in check.clashes:
        when = describe_slot(clash.interval, tz, lang)
        body.append(
            text_block(
                t("meeting.summary.clash", lang, who=clash.who, code=clash.client_code, when=when),
                color="Attention",
            )
        )
    if not check.clashes:
        return
    if not check.suggestions:
        body.append(text_block(t("meeting.summary.no_suggestions", lang)))
        return
    body.append(text_block(t("meeting.summary.suggest", lang)))
    for number, slot in enumerate(check.suggestions, start=1):
        body.append(text_block(f"{number}. {describe_slot(slot, tz, lang)}"))
        actions.append(
            submit_action(
                describe_start(slot.start, tz, lang),
                {DIALOG_INPUT: dialog_input, "choice": "slot", "start": slot.start.isoformat()},
            )
        )


def move_clash_card(
    code: str, new_slot: Interval, check: BookingCheck, tz: ZoneInfo, lang: str
) -> dict[str, Any]:
    """Moving onto someone's other meeting: the clashes, free times, or move anyway."""
    title = t("meeting.move.clash_title", lang, code=code, when=describe_slot(new_slot, tz, lang))
    body: list[dict[str, Any]] = [_title(title)]
    actions: list[dict[str, Any]] = []
    _clashes_and_free_times(check, tz, lang, "move_check", body, actions)
    actions.append(
        submit_action(
            t("meeting.move.anyway", lang), {DIALOG_INPUT: "move_check", "choice": "anyway"}
        )
    )
    actions.append(
        submit_action(
            t("meeting.summary.cancel", lang), {DIALOG_INPUT: "move_check", "choice": "cancel"}
        )
    )
    body.append(text_block(t("meeting.move.reply", lang), isSubtle=True, size="Small"))
    return adaptive_card(body, actions, title)


# -- the meeting itself --------------------------------------------------------------------
def _what_and_where(
    interval: Interval,
    tz: ZoneInfo,
    place: str | None,
    url: str | None,
    purpose: str,
    questions: Sequence[str],
    lang: str,
) -> list[dict[str, Any]]:
    """When, where and why, then the questions: the summary, the status card and the
    invitation all show a meeting this way."""
    body = [
        _facts(
            [
                (t("meeting.summary.when", lang), describe_slot(interval, tz, lang)),
                (t("meeting.summary.where", lang), _where(place, url, lang)),
                (t("meeting.summary.purpose", lang), purpose),
            ]
        )
    ]
    if questions:
        listed = "\n".join(f"- {q}" for q in questions)
        body.append(text_block(f"**{t('meeting.summary.questions', lang)}**\n\n{listed}"))
    return body


def _meeting_facts(meeting: MeetingRecord, lang: str) -> list[dict[str, Any]]:
    return _what_and_where(
        meeting.interval,
        ZoneInfo(meeting.timezone),
        meeting.place,
        meeting.online_url,
        meeting.purpose,
        meeting.questions,
        lang,
    )


def _ref(meeting: MeetingRecord, action: str, **extra: Any) -> dict[str, Any]:
    return {ACTION: action, "meeting_id": meeting.id, **extra}


def status_card(meeting: MeetingRecord, lang: str) -> dict[str, Any]:
    """The organizer's view: every participant's answer, updated in place."""
    tz = ZoneInfo(meeting.timezone)
    title = t("meeting.summary.title", lang, code=meeting.client_code)
    body: list[dict[str, Any]] = [_title(title), *_meeting_facts(meeting, lang)]
    if meeting.status != "booked":
        when = describe_slot(meeting.interval, tz, lang)
        body.insert(
            1,
            text_block(
                t("meeting.invite.cancelled", lang, code=meeting.client_code, when=when),
                color="Attention",
                weight="Bolder",
            ),
        )
        return adaptive_card(body, [], title)
    counts = meeting.answers()
    body.append(
        text_block(
            t(
                "meeting.status.answers",
                lang,
                accepted=counts["accepted"],
                declined=counts["declined"],
                pending=counts["pending"] + counts["proposed"],
            )
            + (
                t("meeting.status.outside", lang, count=counts["outside"])
                if counts["outside"]
                else ""
            ),
            weight="Bolder",
        )
    )
    body.append(
        _facts(
            [
                (f"{p.name} ({_role(p.role, lang)})", _answer(p, tz, lang))
                for p in meeting.participants
            ]
        )
    )
    actions = [
        command_button(t("meeting.action.move", lang), f"{MOVE.word(lang)} {meeting.id}"),
        submit_action(t("meeting.action.cancel", lang), _ref(meeting, "cancel"), "destructive"),
        submit_action(t("meeting.action.ics", lang), _ref(meeting, "ics")),
    ]
    for p in meeting.participants:
        if p.answer == PROPOSED and p.proposed_start is not None:
            when = describe_start(p.proposed_start, tz, lang)
            at = p.proposed_start.astimezone(tz)
            actions.insert(
                0,
                command_button(
                    t("meeting.action.use_proposal", lang, when=when),
                    f"{MOVE.word(lang)} {meeting.id} {at:%Y-%m-%d %H:%M}",
                ),
            )
    return adaptive_card(body, actions[:6], title)


def invitation_card(
    meeting: MeetingRecord,
    participant: ParticipantRecord,
    organizer_name: str,
    lang: str,
    *,
    moved: bool = False,
) -> dict[str, Any]:
    tz = ZoneInfo(meeting.timezone)
    when = describe_slot(meeting.interval, tz, lang)
    title = (
        t("meeting.invite.moved", lang, code=meeting.client_code, when=when)
        if moved
        else t("meeting.invite.title", lang, organizer=organizer_name, code=meeting.client_code)
    )
    body: list[dict[str, Any]] = [_title(title), *_meeting_facts(meeting, lang)]
    body.append(text_block(t("meeting.invite.role", lang, role=_role(participant.role, lang))))
    if participant.answer != "pending":
        body.append(text_block(_answer(participant, tz, lang), weight="Bolder"))
    propose = {
        "type": "Action.ShowCard",
        "title": t("meeting.action.propose", lang),
        "card": {
            "type": "AdaptiveCard",
            "body": [
                text_block(t("meeting.propose.ask", lang)),
                {
                    "type": "Input.Date",
                    "id": "propose_date",
                    "value": meeting.starts_at.astimezone(tz).date().isoformat(),
                },
                {
                    "type": "Input.Time",
                    "id": "propose_time",
                    "value": meeting.starts_at.astimezone(tz).strftime("%H:%M"),
                },
            ],
            "actions": [submit_action(t("meeting.action.propose", lang), _ref(meeting, "propose"))],
        },
    }
    actions = [
        submit_action(t("meeting.action.accept", lang), _ref(meeting, "accept"), "positive"),
        submit_action(t("meeting.action.decline", lang), _ref(meeting, "decline")),
        propose,
        submit_action(t("meeting.action.ics", lang), _ref(meeting, "ics")),
    ]
    return adaptive_card(body, actions, title)


def cancelled_card(meeting: MeetingRecord, lang: str) -> dict[str, Any]:
    tz = ZoneInfo(meeting.timezone)
    when = describe_slot(meeting.interval, tz, lang)
    text = t("meeting.invite.cancelled", lang, code=meeting.client_code, when=when)
    body = [_title(text)]
    return adaptive_card(
        body, [submit_action(t("meeting.action.ics", lang), _ref(meeting, "ics"))], text
    )


def cancel_question_card(meeting: MeetingRecord, lang: str) -> dict[str, Any]:
    tz = ZoneInfo(meeting.timezone)
    when = describe_slot(meeting.interval, tz, lang)
    text = t("meeting.cancel.ask", lang, code=meeting.client_code, when=when)
    actions = [
        submit_action(
            t("meeting.cancel.yes", lang), _ref(meeting, "cancel_confirmed"), "destructive"
        )
    ]
    return adaptive_card([text_block(text)], actions, text)


# -- listings ------------------------------------------------------------------------------
def _listed(meeting: MeetingRecord, line: str, buttons: list[dict[str, Any]]) -> dict[str, Any]:
    """One meeting in a listing: its number and what it is, then its own buttons
    (an ActionSet per meeting: a card's own actions are few, and a button under its
    meeting says which meeting it acts on)."""
    items: list[dict[str, Any]] = [text_block(line)]
    if buttons:
        items.append({"type": "ActionSet", "actions": buttons})
    return {"type": "Container", "separator": True, "items": items}


def _coming_buttons(meeting: MeetingRecord, changeable: frozenset[int], lang: str) -> list:
    """Flytta and Ställ in (which asks first), for the organizer and coordinators."""
    if meeting.id not in changeable:
        return []
    return [
        command_button(t("meeting.action.move", lang), f"{MOVE.word(lang)} {meeting.id}"),
        submit_action(t("meeting.action.cancel", lang), _ref(meeting, "cancel"), "destructive"),
    ]


def _held_buttons(meeting: MeetingRecord, changeable: frozenset[int], lang: str) -> list:
    """Dokumentera, for a meeting that has been held."""
    if meeting.id not in changeable:
        return []
    word = f"{FOLLOW_UP.word(lang)} {meeting.id}"
    return [command_button(t("plan.ask.button", lang), word)]


def _number(meeting: MeetingRecord, lang: str) -> str:
    return t("meetings.number", lang, id=meeting.id)


def meetings_card(listing: MyMeetings, user_id: int, lang: str) -> dict[str, Any]:
    body: list[dict[str, Any]] = [_title(t("meetings.title", lang))]
    for meeting in listing.meetings:
        tz = ZoneInfo(meeting.timezone)
        mine = meeting.participant_for(user_id)
        answer = _answer(mine, tz, lang) if mine else ""
        line = (
            f"**{_number(meeting, lang)}** · **{meeting.client_code}** "
            f"{describe_slot(meeting.interval, tz, lang)}"
            f" · {_where(meeting.place, meeting.online_url, lang)} · {answer}"
        )
        body.append(_listed(meeting, line, _coming_buttons(meeting, listing.changeable, lang)))
    return adaptive_card(body, [], t("meetings.title", lang))


def client_meetings_card(overview: ClientMeetings, tz: ZoneInfo, lang: str) -> dict[str, Any]:
    code = overview.client_code
    changeable = overview.changeable
    body: list[dict[str, Any]] = [_title(t("meetings.client.title", lang, code=code))]
    body.append(text_block(t("meetings.client.upcoming", lang), weight="Bolder"))
    if overview.upcoming:
        for meeting in overview.upcoming:
            line = (
                f"**{_number(meeting, lang)}** · {describe_slot(meeting.interval, tz, lang)}"
                f" – {meeting.purpose}"
            )
            body.append(_listed(meeting, line, _coming_buttons(meeting, changeable, lang)))
    else:
        body.append(text_block(t("meetings.client.none_upcoming", lang, code=code)))
    if overview.past:
        body.append(text_block(t("meetings.client.past", lang), weight="Bolder"))
        for meeting in overview.past:
            line = (
                f"**{_number(meeting, lang)}** · {describe_slot(meeting.interval, tz, lang)}"
                f" – {meeting.purpose}"
            )
            body.append(_listed(meeting, line, _held_buttons(meeting, changeable, lang)))
    if overview.goals:
        body.append(text_block(t("meetings.client.goals", lang), weight="Bolder"))
        body.append(text_block("\n".join(f"- {goal.text}" for goal in overview.goals)))
    body.append(text_block(t("meetings.client.actions", lang), weight="Bolder"))
    actions: list[dict[str, Any]] = []
    if not overview.open_actions:
        body.append(text_block(t("meetings.client.no_actions", lang)))
    for item in overview.open_actions:
        due = item.due_on.isoformat() if item.due_on else t("meetings.no_due", lang)
        line = t(
            "meetings.action_line", lang, text=item.text, owner=item.owner_name or "–", due=due
        )
        body.append(text_block(f"- {line}"))
        if len(actions) < 5:
            actions.append(
                submit_action(
                    f"{t('meetings.action.done', lang)}: {item.text[:30]}",
                    {ACTION: "action_done", "item_id": item.id},
                )
            )
    return adaptive_card(body, actions, t("meetings.client.title", lang, code=code))


def _consent_line(record: ConsentRecord, lang: str) -> str:
    line = t(
        "consent.fact",
        lang,
        state=t(f"consent.state.{record.state}", lang),
        date=record.decided_on.isoformat(),
        who=record.recorded_by or t("consent.someone", lang),
    )
    if record.form_ref:
        line += ", " + t("consent.form_ref", lang, ref=record.form_ref)
    if record.scope:
        line += ", " + t("consent.scope", lang, scope=record.scope)
    return line


def consent_card(view: ConsentView, tz: ZoneInfo, lang: str) -> dict[str, Any]:
    """Consent to coordination and per party (state, date, who recorded it, the
    form), the recent history, and a form to record a decision."""
    code = view.client_code
    facts = []
    for party in PARTIES:
        record = view.current.get(party)
        value = t("consent.none", lang) if record is None else _consent_line(record, lang)
        facts.append((t(f"consent.name.{party}", lang), value))
    body: list[dict[str, Any]] = [_title(t("consent.title", lang, code=code)), _facts(facts)]
    if view.states().get(COORDINATION) != GIVEN:
        body.append(text_block(t("consent.coordination_missing", lang), color="Attention"))
    if view.history:
        body.append(text_block(t("consent.history", lang), weight="Bolder"))
        for record in view.history:
            when = record.recorded_at.astimezone(tz).strftime("%Y-%m-%d %H:%M")
            line = t(
                "consent.history_line",
                lang,
                recorded=when,
                who=record.recorded_by or t("consent.someone", lang),
                party=t(f"consent.name.{record.party}", lang),
                state=t(f"consent.state.{record.state}", lang),
                date=record.decided_on.isoformat(),
            )
            body.append(text_block(line, isSubtle=True, size="Small", spacing="None"))

    def choices(id_: str, label: str, keys: Sequence[str], prefix: str) -> dict[str, Any]:
        return {
            "type": "Input.ChoiceSet",
            "id": id_,
            "label": t(label, lang),
            "style": "compact",
            "isRequired": True,
            "errorMessage": t("consent.card.choose", lang),
            "choices": [{"title": t(f"{prefix}.{k}", lang), "value": k} for k in keys],
        }

    body += [
        choices("consent_party", "consent.card.party", PARTIES, "consent.name"),
        choices("consent_state", "consent.card.state", STATES, "consent.state"),
        {
            "type": "Input.Text",
            "id": "consent_ref",
            "label": t("consent.card.ref", lang),
            "maxLength": MAX_FORM_REF,
        },
        text_block(
            t("consent.how", lang, code=code, parties=", ".join(PARTY_HINTS[lang])),
            isSubtle=True,
            size="Small",
        ),
    ]
    save = submit_action(t("consent.card.save", lang), {CONSENT_ACTION: "record", "code": code})
    return adaptive_card(body, [save], t("consent.title", lang, code=code))
