"""Times and rules said back to the user, so they can check what was understood.

Dates as 2026-11-23, times as 09:00 (24-hour), the weekday and the time zone always
named: "måndag 2026-11-23 kl 09:00 (Europe/Stockholm)". A time read from words
("halv tre") is shown on the 24-hour clock, which is how the daytime reading is
made visible. Every word comes from the catalog (core/texts_when.py).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.i18n import t
from core.timephrases_tokens import WEEKDAY_CODES


def describe_instant(at: datetime, tz: ZoneInfo, lang: str) -> str:
    local = at.astimezone(tz)
    return t(
        "when.describe.one_time",
        lang,
        weekday=weekday_name(WEEKDAY_CODES[local.weekday()], lang),
        date=local.date().isoformat(),
        time=local.strftime("%H:%M"),
        tz=tz.key,
    )


def describe_rule(rule: str, lang: str) -> tuple[str, str]:
    """(the rule in words, its time of day as HH:MM)."""
    fields = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    time_text = f"{int(fields.get('BYHOUR', 0)):02d}:{int(fields.get('BYMINUTE', 0)):02d}"
    return _rule_words(fields, rule, lang), time_text


def _rule_words(fields: dict[str, str], rule: str, lang: str) -> str:
    freq = fields.get("FREQ")
    interval = int(fields.get("INTERVAL", "1"))
    byday = [day for day in fields.get("BYDAY", "").split(",") if day]
    monthday = fields.get("BYMONTHDAY")
    extra = set(fields) - {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYHOUR", "BYMINUTE"}
    if extra - {"BYSECOND"} or interval not in (1, 2):
        return t("when.rule.other", lang, rule=rule)
    if freq == "DAILY" and not byday and monthday is None:
        return t("when.rule.daily" if interval == 1 else "when.rule.every_other_day", lang)
    if freq == "WEEKLY" and byday and all(day in WEEKDAY_CODES for day in byday):
        if interval == 1 and byday == list(WEEKDAY_CODES[:5]):
            return t("when.rule.weekdays", lang)
        days = _join([weekday_name(day, lang) for day in byday], lang)
        return t("when.rule.weekly" if interval == 1 else "when.rule.every_other", lang, days=days)
    if freq == "MONTHLY" and interval == 1 and len(byday) == 1 and monthday is None:
        nth, code = byday[0][:-2], byday[0][-2:]
        if nth in ("1", "2", "3", "4", "-1") and code in WEEKDAY_CODES:
            return t(
                "when.rule.nth_weekday",
                lang,
                nth=t(f"when.nth.{nth}", lang),
                day=weekday_name(code, lang),
            )
    if freq == "MONTHLY" and interval == 1 and not byday and monthday is not None:
        if monthday == "-1":
            return t("when.rule.last_day", lang)
        if monthday.isdigit() and 1 <= int(monthday) <= 31:
            return t("when.rule.monthday", lang, day=_ordinal(int(monthday), lang))
    return t("when.rule.other", lang, rule=rule)


def weekday_name(code: str, lang: str) -> str:
    return t(f"when.weekday.{code.lower()}", lang)


def _join(items: list[str], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {t('when.and', lang)} {items[-1]}"


def _ordinal(day: int, lang: str) -> str:
    """1:a, 2:a, 3:e … 21:a, 31:a in Swedish; 1st, 2nd, 3rd, 11th, 22nd in English."""
    if lang == "en":
        suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return f"{day}{suffix}"
    return f"{day}:a" if day % 10 in (1, 2) and day not in (11, 12) else f"{day}:e"
