"""Importing and exporting the who-does-what directory as CSV."""

from __future__ import annotations

import pytest

from core.contact_model import FUNCTION, PERSON, ContactDraft, validate_draft
from core.contacts_csv import (
    COLUMNS,
    CsvParseResult,
    LineProblem,
    describe_problem,
    export_contacts_csv,
    parse_contacts_csv,
)

HEADER = "name,title,agency,unit,municipality,areas,phone,email,teams_upn,hours,owner_email"
ANNA = (
    "Anna Berg,Kurator,Region Örebro län,Psykiatri öppenvård,Örebro,LSS;boendestöd,"
    "019-602 10 00,anna.berg@regionorebrolan.se,,vardagar 8-16,"
)
ANNA_DRAFT = ContactDraft(
    name="Anna Berg",
    title="Kurator",
    agency="Region Örebro län",
    unit="Psykiatri öppenvård",
    municipality="Örebro",
    areas=("LSS", "boendestöd"),
    phone="019-602 10 00",
    email="anna.berg@regionorebrolan.se",
    hours="vardagar 8-16",
    owner_email="anna.berg@regionorebrolan.se",
)


def _person(number: int) -> str:
    return f"Person {number},,Kumla kommun,,,,,p{number}@kumla.se,,,"


def _csv(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _problems(result: CsvParseResult) -> list[tuple[int | None, str, dict[str, object]]]:
    return [(p.line, p.key, p.params) for p in result.problems]


def test_utf8_comma_file() -> None:
    result = parse_contacts_csv(_csv(HEADER, ANNA))
    assert (result.drafts, result.problems) == (((2, ANNA_DRAFT),), ())
    assert (result.encoding, result.delimiter, result.ok) == ("utf-8", ",", True)


def test_utf8_with_bom_and_header_in_any_order_and_case() -> None:
    header = "EMAIL,Name,agency,title,unit,municipality,areas,phone,teams_upn,hours,Owner_Email"
    row = "ola@kumla.se,Ola Ek,Kumla kommun,Handläggare,,,,,,,"
    result = parse_contacts_csv(b"\xef\xbb\xbf" + _csv(header, row))
    expected = ContactDraft(
        name="Ola Ek",
        title="Handläggare",
        agency="Kumla kommun",
        email="ola@kumla.se",
        owner_email="ola@kumla.se",
    )
    assert (result.drafts, result.problems, result.encoding) == (((2, expected),), (), "utf-8")


def test_cp1252_semicolon_file_as_swedish_excel_writes_it() -> None:
    text = (
        "name;title;agency;unit;municipality;areas;phone;email;teams_upn;hours;owner_email;"
        "helps_with;kind\r\n"
        'Mottagning öppenvård;;Region Örebro län;;Lindesberg;"LSS;ångest";0581-850 00;;;;;'
        "Frågor om läkemedel, intyg;Funktion\r\n"
    )
    result = parse_contacts_csv(text.encode("cp1252"))
    expected = ContactDraft(
        name="Mottagning öppenvård",
        agency="Region Örebro län",
        municipality="Lindesberg",
        areas=("LSS", "ångest"),
        phone="0581-850 00",
        helps_with="Frågor om läkemedel, intyg",
        kind=FUNCTION,
    )
    assert (result.drafts, result.problems) == (((2, expected),), ())
    assert (result.encoding, result.delimiter) == ("cp1252", ";")


def test_tab_separated_file() -> None:
    data = _csv(HEADER.replace(",", "\t"), ANNA.replace(",", "\t"))
    result = parse_contacts_csv(data)
    assert (result.drafts, result.delimiter) == (((2, ANNA_DRAFT),), "\t")


def test_kind_words_and_blank_kind() -> None:
    header = HEADER + ",kind"
    rows = [_person(1) + ",", _person(2) + ",PERSON", _person(3) + ",function"]
    result = parse_contacts_csv(_csv(header, *rows))
    assert [draft.kind for _, draft in result.drafts] == [PERSON, PERSON, FUNCTION]
    bad = parse_contacts_csv(_csv(header, _person(1) + ",team"))
    assert _problems(bad) == [(2, "contact.kind.invalid", {"field": "kind"})]


def test_bad_row_is_reported_by_its_physical_line() -> None:
    data = _csv(
        HEADER + ",helps_with",
        _person(1) + ',"Samtal,\nstöd och\nråd"',
        "",
        _person(2).replace("p2@kumla.se", "inte-en-adress") + ",",
    )
    result = parse_contacts_csv(data)
    assert _problems(result) == [(6, "contact.email.invalid", {"field": "email"})]
    assert [line for line, _ in result.drafts] == [2]
    assert result.drafts[0][1].helps_with == "Samtal, stöd och råd"
    assert result.ok is False


def test_blank_lines_and_empty_rows_are_skipped() -> None:
    data = _csv(HEADER, "", _person(1), ",,,,,,,,,,", "   ", _person(2))
    result = parse_contacts_csv(data)
    assert ([line for line, _ in result.drafts], result.problems) == ([3, 6], ())


def test_missing_and_unknown_columns() -> None:
    header = "name,title,agency,unit,municipality,areas,phone,emial,hours,extra"
    result = parse_contacts_csv(_csv(header, "a,b,c,d,e,f,g,h,i,j"))
    assert _problems(result) == [
        (None, "contacts.csv.columns_missing", {"columns": "email, teams_upn, owner_email"}),
        (
            None,
            "contacts.csv.columns_unknown",
            {"columns": "emial, extra", "allowed": ", ".join(COLUMNS)},
        ),
    ]
    assert result.drafts == ()


def test_repeated_column() -> None:
    result = parse_contacts_csv(_csv(HEADER + ",Email", _person(1) + ",x@y.se"))
    assert _problems(result) == [(None, "contacts.csv.columns_duplicate", {"columns": "email"})]


def test_too_many_and_too_few_fields() -> None:
    result = parse_contacts_csv(_csv(HEADER, _person(1) + ",extra", _person(2)[:-3]))
    assert _problems(result) == [
        (2, "contacts.csv.too_many_fields", {"found": 12, "expected": 11}),
        (3, "contacts.csv.too_few_fields", {"found": 8, "expected": 11}),
    ]


def test_duplicate_email_refers_to_the_earlier_line() -> None:
    again = _person(9).replace("Person 9", "Someone Else").replace("p9@", "P1@")
    result = parse_contacts_csv(_csv(HEADER, _person(1), _person(2), again))
    assert _problems(result) == [(4, "contacts.csv.duplicate", {"other": 2})]
    assert [line for line, _ in result.drafts] == [2, 3]


def test_duplicate_function_by_name_and_agency() -> None:
    header = HEADER + ",kind"
    function = "Mottagning Öppenvård,,Region Örebro län,,,,019-10 00 00,,,,,funktion"
    same = "mottagning  oppenvard,,REGION ÖREBRO LÄN,,,,019-10 00 01,,,,,function"
    other = "Mottagning Öppenvård,,Kumla kommun,,,,019-10 00 02,,,,,function"
    result = parse_contacts_csv(_csv(header, function, other, same))
    assert _problems(result) == [(4, "contacts.csv.duplicate", {"other": 2})]


def test_personnummer_in_a_field_is_refused() -> None:
    row = _person(1) + ",Hjälper 19121212-1212 med ansökan"
    result = parse_contacts_csv(_csv(HEADER + ",helps_with", row))
    assert _problems(result) == [(2, "contact.personnummer", {"field": "helps_with"})]
    assert result.drafts == ()


def test_invalid_phone_and_unreachable() -> None:
    rows = [
        "Ola Ek,,Kumla kommun,,,,ring växeln,,,,",
        "Eva Ek,,Kumla kommun,,,,,,,,",
    ]
    result = parse_contacts_csv(_csv(HEADER, *rows))
    assert _problems(result) == [
        (2, "contact.phone.invalid", {"field": "phone"}),
        (3, "contact.unreachable", {"field": "phone"}),
    ]


def test_missing_name_and_agency() -> None:
    result = parse_contacts_csv(_csv(HEADER, ",,,,,,,a@b.se,,,"))
    assert _problems(result) == [
        (2, "contact.name.missing", {"field": "name"}),
        (2, "contact.agency.missing", {"field": "agency"}),
    ]


def test_too_many_rows() -> None:
    rows = [_person(n) for n in range(4)]
    result = parse_contacts_csv(_csv(HEADER, *rows), max_rows=3)
    assert (result.drafts, _problems(result)) == (
        (),
        [(None, "contacts.csv.too_many_rows", {"limit": 3})],
    )
    assert parse_contacts_csv(_csv(HEADER, *rows[:3]), max_rows=3).ok is True


@pytest.mark.parametrize("data", [b"", b"\r\n\r\n", _csv(HEADER), _csv(HEADER, "", ",,,")])
def test_empty_file(data: bytes) -> None:
    result = parse_contacts_csv(data)
    assert (_problems(result), result.ok) == ([(None, "contacts.csv.empty", {})], False)


def test_malformed_csv_reports_the_line() -> None:
    data = _csv(HEADER, _person(1), '"Ola" Ek,,x,,,,,a@b.se,,,', _person(2))
    result = parse_contacts_csv(data)
    assert (result.drafts, _problems(result)) == (
        (),
        [(None, "contacts.csv.malformed", {"line": 3})],
    )
    unterminated = parse_contacts_csv(_csv(HEADER, _person(1), '"Ola Ek,,x', _person(2)))
    assert _problems(unterminated) == [(None, "contacts.csv.malformed", {"line": 3})]


def test_nul_byte_is_malformed() -> None:
    result = parse_contacts_csv(_csv(HEADER, _person(1), _person(2) + "\x00"))
    assert _problems(result) == [(None, "contacts.csv.malformed", {"line": 3})]


def test_bytes_neither_utf8_nor_cp1252() -> None:
    result = parse_contacts_csv(HEADER.encode() + b"\r\n\x81\xff\r\n")
    assert (_problems(result), result.encoding) == ([(None, "contacts.csv.encoding", {})], "")


def test_many_rows_are_all_returned() -> None:
    rows = [_person(n) for n in range(20_000)]
    result = parse_contacts_csv(_csv(HEADER, *rows))
    assert (len(result.drafts), result.problems) == (20_000, ())
    assert (result.drafts[-1][0], result.drafts[-1][1].email) == (20_001, "p19999@kumla.se")


TRICKY = [
    ANNA_DRAFT,
    ContactDraft(
        name='Åsa "Åsen" Éklund',
        title="Kurator, LSS; boende",
        agency="Kumla kommun",
        areas=("Ångest", "ätstörning"),
        phone="+46 19 58 80 00",
        email="asa@kumla.se",
        helps_with="Rad ett\nrad två; med ”citat” och, komma",
        hours="=tis 9-12",
        owner_email="chef@kumla.se",
    ),
    ContactDraft(
        name="-Mottagning",
        agency="@Region Örebro län",
        unit="+Akuten",
        areas=("=SUM(A1)", "'-x"),
        phone="0581-850 00",
        kind=FUNCTION,
        helps_with="'=redan skyddad",
    ),
]


@pytest.mark.parametrize("excel", [False, True])
def test_round_trip(excel: bool) -> None:
    validated = []
    for draft in TRICKY:
        clean, problems = validate_draft(draft)
        assert problems == []
        validated.append(clean)
    result = parse_contacts_csv(export_contacts_csv(validated, excel=excel))
    assert (result.problems, result.ok) == ((), True)
    assert [draft for _, draft in result.drafts] == validated
    assert (result.encoding, result.delimiter) == (("cp1252", ";") if excel else ("utf-8", ","))


def test_export_formats() -> None:
    draft = ContactDraft(name="Åsa", agency="Kumla kommun", areas=("LSS", "boendestöd"))
    utf8 = export_contacts_csv([draft])
    excel = export_contacts_csv([draft], excel=True)
    assert (
        utf8
        == (
            "\ufeff" + ",".join(COLUMNS) + "\r\nÅsa,,Kumla kommun,,,LSS;boendestöd,,,,,,,person\r\n"
        ).encode()
    )
    assert excel == (
        ";".join(COLUMNS) + '\r\nÅsa;;Kumla kommun;;;"LSS;boendestöd";;;;;;;person\r\n'
    ).encode("cp1252")


def test_excel_export_replaces_characters_cp1252_lacks() -> None:
    draft = ContactDraft(name="Łucja → Berg", agency="Kumla kommun", email="l@kumla.se")
    result = parse_contacts_csv(export_contacts_csv([draft], excel=True))
    assert result.drafts[0][1].name == "?ucja ? Berg"


def test_formula_injection_is_neutralised_but_phone_kept() -> None:
    draft = ContactDraft(
        name='=HYPERLINK("http://x")',
        agency="@SUM(1)",
        title="-2+3",
        phone="+46 19 602 10 00",
        email="a@b.se",
        hours="\t=1",
    )
    cells = export_contacts_csv([draft]).decode("utf-8-sig").splitlines()[1].split(",")
    assert cells[:4] == ['"\'=HYPERLINK(""http://x"")"', "'-2+3", "'@SUM(1)", ""]
    assert cells[6] == "+46 19 602 10 00"
    assert cells[9] == "'\t=1"
    sneaky = ContactDraft(name="x", agency="y", phone="+1+cmd|' /C calc'!A0")
    assert export_contacts_csv([sneaky]).decode("utf-8-sig").splitlines()[1].split(",")[6] == (
        "'+1+cmd|' /C calc'!A0"
    )


def test_describe_problem_in_swedish_and_english() -> None:
    email = LineProblem(14, "contact.email.invalid", {"field": "email"})
    assert describe_problem(email, "sv") == "Rad 14: e-post är inte en giltig e-postadress."
    assert describe_problem(email, "en") == "Line 14: e-mail is not a valid e-mail address."
    too_long = LineProblem(3, "contact.too_long", {"field": "helps_with", "limit": 500})
    assert describe_problem(too_long, "sv") == (
        "Rad 3: Texten i kan hjälpa till med är för lång (högst 500 tecken)."
    )
    file_level = LineProblem(None, "contacts.csv.too_many_rows", {"limit": 3})
    assert describe_problem(file_level, "en") == (
        "The file has more than 3 contacts. Split it into smaller files."
    )
    duplicate = LineProblem(7, "contacts.csv.duplicate", {"other": 2})
    assert describe_problem(duplicate, "sv") == "Rad 7: Samma kontakt som på rad 2."


def test_every_problem_the_parser_reports_can_be_described() -> None:
    data = _csv(
        HEADER + ",helps_with,kind",
        "Ola,,,,,,abc,x,y,,z,19121212-1212,team",
        f"Eva,{'t' * 201},K,,,{'a' * 61},,a@b.se,,,,,",
        f"Per,,K,,,{';'.join(str(n) for n in range(21))},,p@b.se,,,,,",
        ",,K,,,,,,,,,,",
        "Kim,,K,,,,,k@b.se,,,,,",
        "Kim,,K,,,,,K@b.se,,,,,",
        "Kim,,K,,,,,k@b.se,,,,,,",
        "Li,,K,,,,,l@b.se,,,,",
    )
    result = parse_contacts_csv(data)
    keys = {problem.key.split(".", 1)[1] for problem in result.problems}
    assert keys == {
        "name.missing",
        "agency.missing",
        "too_long",
        "personnummer",
        "areas.too_many",
        "area.too_long",
        "email.invalid",
        "phone.invalid",
        "unreachable",
        "kind.invalid",
        "csv.duplicate",
        "csv.too_many_fields",
        "csv.too_few_fields",
    }
    for problem in result.problems:
        for lang in ("sv", "en"):
            assert describe_problem(problem, lang).strip()
