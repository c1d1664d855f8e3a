"""Texts for after a resursgruppsmöte: asking the organizer, the outcome card,
what was wrong with a line, the summary, and booking the next meeting."""

from __future__ import annotations

from collections.abc import Mapping

TEXTS: Mapping[str, Mapping[str, str]] = {
    "plan.ask.title": {
        "sv": "Hur gick mötet om {code}?",
        "en": "How did the meeting about {code} go?",
    },
    "plan.ask.body": {
        "sv": "Dokumentera beslut, delmål och vem som gör vad till när – och boka nästa möte.",
        "en": "Record decisions, goals and who does what by when – and book the next meeting.",
    },
    "plan.ask.button": {"sv": "Dokumentera", "en": "Record"},
    "plan.count": {
        "sv": "Skriv minst en och högst {limit} punkter.",
        "en": "Write at least one and at most {limit} items.",
    },
    "plan.text.invalid": {
        "sv": "Varje punkt behöver 1–500 tecken.",
        "en": "Each item needs 1–500 characters.",
    },
    "plan.gone": {"sv": "Jag hittar inte den åtgärden.", "en": "I can't find that action item."},
    "plan.done_already": {
        "sv": "Den åtgärden är redan klar.",
        "en": "That action item is already done.",
    },
    "plan.done": {"sv": "Klart: {text}", "en": "Done: {text}"},
    "plan.reminder.own": {
        "sv": "Åtgärd för {code} ska vara klar i dag: {text}",
        "en": "Action item for {code} is due today: {text}",
    },
    "plan.reminder.other": {
        "sv": "Åtgärd för {code} ska vara klar i dag: {text} (ansvarig: {owner})",
        "en": "Action item for {code} is due today: {text} (owner: {owner})",
    },
    "plan.no_meeting": {
        "sv": "Jag hittar inget hållet möte att dokumentera. Skriv **dokumentera K-1042** "
        "eller numret på mötet.",
        "en": "I can't find a held meeting to record. Write **record K-1042** or the "
        "meeting's number.",
    },
    "plan.not_held": {
        "sv": "Mötet har inte börjat än; beslut och åtgärder skrivs efter mötet.",
        "en": "The meeting hasn't started yet; decisions and action items come after it.",
    },
    "plan.card.title": {
        "sv": "Efter mötet om {code} {when}",
        "en": "After the meeting about {code} {when}",
    },
    "plan.card.decisions": {
        "sv": "Gemensamma beslut (ett per rad)",
        "en": "Decisions (one per line)",
    },
    "plan.card.goals": {"sv": "Delmål i SIP (ett per rad)", "en": "SIP goals (one per line)"},
    "plan.card.actions": {
        "sv": "Vem gör vad till när (en per rad: vad – vem – datum)",
        "en": "Who does what by when (one per line: what – who – date)",
    },
    "plan.card.actions_example": {
        "sv": "Ansöka om boendestöd – {name} – 15/12",
        "en": "Apply for housing support – {name} – 15/12",
    },
    "plan.card.people": {"sv": "Deltagare: {names}", "en": "Participants: {names}"},
    "plan.card.ok": {"sv": "Fortsätt", "en": "Continue"},
    "plan.ask_outcome": {
        "sv": "Fyll i kortet. I chatten går det också att skriva under rubrikerna "
        "**Beslut:**, **Delmål:** och **Åtgärder:**, en sak per rad, t.ex. "
        "«Ansöka om boendestöd – {name} – 15/12». **avbryt** avbryter.",
        "en": "Fill in the card. In the chat you can also write under the headings "
        "**Decisions:**, **Goals:** and **Actions:**, one item per line, e.g. "
        "«Apply for housing support – {name} – 15/12». **cancel** stops.",
    },
    "plan.retry_outcome": {
        "sv": "Rätta i kortet nedan eller skriv allt igen. **avbryt** avbryter.",
        "en": "Fix them in the card below or write it all again. **cancel** stops.",
    },
    "plan.nothing": {
        "sv": "Jag ser inga beslut, delmål eller åtgärder. Skriv minst en rad, eller **avbryt**.",
        "en": "I see no decisions, goals or action items. Write at least one line, or **cancel**.",
    },
    "plan.problems": {"sv": "Det här behöver rättas:", "en": "This needs fixing:"},
    "plan.problem_line": {"sv": '- "{line}": {problem}', "en": '- "{line}": {problem}'},
    "plan.action.no_owner": {
        "sv": "vem ska göra det? Skriv vad – vem – datum",
        "en": "who will do it? Write what – who – date",
    },
    "plan.action.no_due": {
        "sv": "till när? Skriv vad – vem – datum, t.ex. 15/12, fredag eller v. 51",
        "en": "by when? Write what – who – date, e.g. 15/12, Friday or week 51",
    },
    "plan.due.unknown": {
        "sv": "jag förstår inte datumet; skriv t.ex. 15/12, fredag eller v. 51",
        "en": "I don't understand the date; write e.g. 15/12, Friday or week 51",
    },
    "plan.personnummer": {
        "sv": "en rad innehöll något som liknar ett personnummer och togs bort; skriv den "
        "utan (klienter anges med kod)",
        "en": "a line contained what looks like a personal identity number and was removed; "
        "write it without (clients go by their code)",
    },
    "plan.due.past": {"sv": "datumet har redan varit", "en": "that date has passed"},
    "plan.owner.which": {"sv": "vem av {names}?", "en": "which of {names}?"},
    "plan.summary.title": {"sv": "Spara för {code}?", "en": "Save for {code}?"},
    "plan.summary.decisions": {"sv": "Beslut", "en": "Decisions"},
    "plan.summary.goals": {"sv": "Delmål", "en": "Goals"},
    "plan.summary.actions": {"sv": "Vem gör vad", "en": "Who does what"},
    "plan.summary.action": {
        "sv": "{text} – **{owner}**, senast {due}",
        "en": "{text} – **{owner}**, by {due}",
    },
    "plan.summary.uses_bot": {
        "sv": "påminns i Teams på morgonen den dagen",
        "en": "is reminded in Teams that morning",
    },
    "plan.summary.for_you": {
        "sv": "använder inte boten: du påminns i stället",
        "en": "doesn't use the bot: you are reminded instead",
    },
    "plan.summary.save": {"sv": "Spara", "en": "Save"},
    "plan.summary.change": {"sv": "Ändra", "en": "Change"},
    "plan.summary.cancel": {"sv": "Avbryt", "en": "Cancel"},
    "plan.summary.reply": {
        "sv": "Svara **spara**, **ändra** eller **avbryt**.",
        "en": "Answer **save**, **change** or **cancel**.",
    },
    "plan.save_words": {"sv": "spara|ja|ok", "en": "save|yes|ok"},
    "plan.change_words": {"sv": "ändra|rätta", "en": "change|edit"},
    "plan.saved": {
        "sv": "Sparat för {code}: {decisions}, {goals} och {actions}.",
        "en": "Saved for {code}: {decisions}, {goals} and {actions}.",
    },
    "plan.saved.decisions.one": {"sv": "1 beslut", "en": "1 decision"},
    "plan.saved.decisions.other": {"sv": "{count} beslut", "en": "{count} decisions"},
    "plan.saved.goals.one": {"sv": "1 delmål", "en": "1 goal"},
    "plan.saved.goals.other": {"sv": "{count} delmål", "en": "{count} goals"},
    "plan.saved.actions.one": {"sv": "1 åtgärd", "en": "1 action item"},
    "plan.saved.actions.other": {"sv": "{count} åtgärder", "en": "{count} action items"},
    "plan.next.question": {
        "sv": "Vill du boka nästa möte med samma deltagare?",
        "en": "Do you want to book the next meeting with the same participants?",
    },
    "plan.next.book": {"sv": "Boka nästa möte", "en": "Book the next meeting"},
    "plan.next.later": {"sv": "Inte nu", "en": "Not now"},
    "plan.next.words": {
        "sv": "ja|boka|boka nästa|boka nästa möte",
        "en": "yes|book|book the next meeting",
    },
    "plan.next.later_said": {
        "sv": "Okej. Skriv **boka {code}** när det är dags.",
        "en": "OK. Write **book {code}** when it's time.",
    },
    # Help for its commands (`hjälp <kommando>`) and examples after two misses
    "help.topic.follow_up": {
        "sv": "**dokumentera 12** skriver in vad möte 12 kom fram till: beslut, delmål och "
        "vem som gör vad till när.",
        "en": "**record 12** records what meeting 12 decided: decisions, goals and who does "
        "what by when.",
    },
    # What a dialog put aside is doing (bot/conversation.py)
    "open.what.follow_up": {
        "sv": "dokumentera ett möte",
        "en": "document a meeting",
    },
}
