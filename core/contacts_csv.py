"""The who-does-what directory as a CSV file: import and export (pure, bytes in/out).

Administrators keep the directory in Excel, so the parser reads what Excel writes
in Sweden (Windows-1252 with `;`) as well as UTF-8 with `,`, `;` or tab, and the
export can write either. An import is all-or-nothing: every problem is reported with
the physical line it starts on, so the person fixing the file can find it, and the
caller imports only when `CsvParseResult.ok`.

Exported cells that a spreadsheet would run as a formula (starting with = + - @,
tab or CR) get a leading apostrophe, which the parser removes again. Phone numbers
are the exception: "+46 19 602 10 00" must stay dialable, and a value made only of
digits, spaces and + - ( ) / . cannot call a function, so it is written as is.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from core.contact_model import (
    FUNCTION,
    PERSON,
    ContactDraft,
    entry_key,
    split_areas,
    validate_draft,
)
from core.i18n import t
from core.texts_contacts import FIELD_LABELS

REQUIRED_COLUMNS = (
    "name",
    "title",
    "agency",
    "unit",
    "municipality",
    "areas",
    "phone",
    "email",
    "teams_upn",
    "hours",
    "owner_email",
)
OPTIONAL_COLUMNS = ("helps_with", "kind")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

_KIND_WORDS = {"": PERSON, "person": PERSON, "function": FUNCTION, "funktion": FUNCTION}
# A cell a spreadsheet would treat as a formula, possibly already escaped; the
# exporter adds one apostrophe to these and the parser takes one away.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")
_PHONE_ONLY = re.compile(r"^[\d\s+\-()/.]*$")
_MAX_NAMES_SHOWN = 10


@dataclass(frozen=True)
class LineProblem:
    """One thing wrong with the file (line None) or with the row starting on `line`."""

    line: int | None
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CsvParseResult:
    """Validated drafts of the good rows with their lines, and every problem."""

    drafts: tuple[tuple[int, ContactDraft], ...] = ()
    problems: tuple[LineProblem, ...] = ()
    encoding: str = "utf-8"  # "utf-8" or "cp1252"; "" when neither could read it
    delimiter: str = ","

    @property
    def ok(self) -> bool:
        """True when the whole file may be imported."""
        return not self.problems and bool(self.drafts)


class _MalformedCsv(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _decode(data: bytes) -> tuple[str, str] | None:
    """UTF-8 (with or without BOM) first, then what Swedish Excel writes; nothing else."""
    for name, codec in (("utf-8", "utf-8-sig"), ("cp1252", "cp1252")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    return None


def _lines(text: str) -> Iterator[str]:
    """Physical lines as csv.reader counts them (\\n, \\r\\n or a lone \\r)."""
    return iter(io.StringIO(text, newline=""))


def _detect_delimiter(text: str) -> str:
    """The separator used most in the header line outside quotes (header names hold
    none); ties go to `;`, then `,`."""
    header = next((line for line in _lines(text) if line.strip()), "")
    counts = {";": 0, ",": 0, "\t": 0}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _line_of(text: str, index: int) -> int:
    """The 1-based physical line holding text[index]."""
    position = 0
    for number, line in enumerate(_lines(text), start=1):
        position += len(line)
        if position > index:
            return number
    return 1


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """Non-blank records with the physical line each starts on. csv.reader's line_num
    is where a record ends, so a record starts one line after the previous ended."""
    reader = csv.reader(_lines(text), delimiter=delimiter, strict=True)
    end = 0
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _MalformedCsv(end + 1) from error
        start, end = end + 1, reader.line_num
        if any(value.strip() for value in fields):
            yield start, fields


def _names(names: Iterable[str]) -> str:
    shown = [name or '""' for name in names]
    more = ", …" if len(shown) > _MAX_NAMES_SHOWN else ""
    return ", ".join(shown[:_MAX_NAMES_SHOWN]) + more


def _header_problems(header: list[str]) -> list[LineProblem]:
    columns = [name.casefold() for name in header]
    problems = []
    present = set(columns)
    missing = [name for name in REQUIRED_COLUMNS if name not in present]
    if missing:
        problems.append(
            LineProblem(None, "contacts.csv.columns_missing", {"columns": _names(missing)})
        )
    unknown = [raw for raw, name in zip(header, columns, strict=True) if name not in COLUMNS]
    if unknown:
        params = {"columns": _names(unknown), "allowed": ", ".join(COLUMNS)}
        problems.append(LineProblem(None, "contacts.csv.columns_unknown", params))
    repeated = [name for name, count in Counter(columns).items() if count > 1 and name in COLUMNS]
    if repeated:
        problems.append(
            LineProblem(None, "contacts.csv.columns_duplicate", {"columns": _names(repeated)})
        )
    return problems


def _unescape(value: str) -> str:
    return value[1:] if value.startswith("'") and _ESCAPED.match(value) else value


def _draft(columns: list[str], fields: list[str]) -> ContactDraft:
    values = {name: _unescape(value) for name, value in zip(columns, fields, strict=True)}
    kind = values.get("kind", "").strip().casefold()
    text = {name: values.get(name, "") for name in COLUMNS if name not in ("areas", "kind")}
    return ContactDraft(
        **text, areas=split_areas(values["areas"]), kind=_KIND_WORDS.get(kind, kind)
    )


def parse_contacts_csv(data: bytes, *, max_rows: int = 200_000) -> CsvParseResult:
    """Read an import file. Rows with problems are left out of `drafts`; import only
    when `ok`. Line numbers are physical lines, the header being line 1."""
    decoded = _decode(data)
    if decoded is None:
        return CsvParseResult(
            problems=(LineProblem(None, "contacts.csv.encoding"),), encoding="", delimiter=""
        )
    text, encoding = decoded
    delimiter = _detect_delimiter(text)

    def fail(*problems: LineProblem) -> CsvParseResult:
        return CsvParseResult(problems=problems, encoding=encoding, delimiter=delimiter)

    nul = text.find("\x00")
    if nul >= 0:
        return fail(LineProblem(None, "contacts.csv.malformed", {"line": _line_of(text, nul)}))
    drafts: list[tuple[int, ContactDraft]] = []
    problems: list[LineProblem] = []
    seen: dict[str, int] = {}
    try:
        records = _records(text, delimiter)
        first = next(records, None)
        if first is None:
            return fail(LineProblem(None, "contacts.csv.empty"))
        header = [name.strip() for name in first[1]]
        header_problems = _header_problems(header)
        if header_problems:
            return fail(*header_problems)
        columns = [name.casefold() for name in header]
        for count, (line, fields) in enumerate(records, start=1):
            if count > max_rows:
                return fail(LineProblem(None, "contacts.csv.too_many_rows", {"limit": max_rows}))
            if len(fields) != len(columns):
                key = "too_many_fields" if len(fields) > len(columns) else "too_few_fields"
                params = {"found": len(fields), "expected": len(columns)}
                problems.append(LineProblem(line, "contacts.csv." + key, params))
                continue
            draft, found = validate_draft(_draft(columns, fields))
            if found:
                problems.extend(
                    LineProblem(line, p.key, {"field": p.field, **p.params}) for p in found
                )
                continue
            key = entry_key(draft)
            if key in seen:
                problems.append(LineProblem(line, "contacts.csv.duplicate", {"other": seen[key]}))
                continue
            seen[key] = line
            drafts.append((line, draft))
    except _MalformedCsv as error:
        return fail(LineProblem(None, "contacts.csv.malformed", {"line": error.line}))
    if not drafts and not problems:
        return fail(LineProblem(None, "contacts.csv.empty"))
    return CsvParseResult(tuple(drafts), tuple(problems), encoding, delimiter)


def _cell(column: str, value: str) -> str:
    if not _FORMULA.match(value) or (column == "phone" and _PHONE_ONLY.match(value)):
        return value
    return "'" + value


def _value(draft: ContactDraft, column: str) -> str:
    if column == "areas":
        return ";".join(draft.areas)
    return str(getattr(draft, column))


def export_contacts_csv(drafts: Iterable[ContactDraft], *, excel: bool = False) -> bytes:
    """The drafts as an import file, in COLUMNS order with areas joined by `;`.

    Default: UTF-8 with BOM and `,`. `excel=True`: Windows-1252 with `;`, which
    Swedish Excel opens by double-click; characters Windows-1252 lacks (e.g. Polish
    ł or emoji) become '?', so that variant is for viewing, not an exact backup.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for draft in drafts:
        writer.writerow([_cell(column, _value(draft, column)) for column in COLUMNS])
    text = out.getvalue()
    return text.encode("cp1252", errors="replace") if excel else text.encode("utf-8-sig")


def describe_problem(problem: LineProblem, lang: str) -> str:
    """'Rad 14: e-post är inte en giltig e-postadress.' ('Line 14: …' in English)."""
    params = dict(problem.params)
    labels = FIELD_LABELS.get(str(params.get("field", "")))
    if labels:
        params["field"] = labels.get(lang) or labels["sv"]
    message = t(problem.key, lang, **params)
    if problem.line is None:
        return message
    return t("contacts.csv.line", lang, line=problem.line, message=message)
