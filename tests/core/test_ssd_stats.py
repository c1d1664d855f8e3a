"""SSD statistics against published worked examples, the reading, and `samverkan ssd-stats`.

Sources of the expected numbers:

[PVD2011] Parker, R. I., Vannest, K. J., & Davis, J. L. (2011). Effect size in
    single-case research: A review of nine nonoverlap techniques. Behavior
    Modification, 35(4), 303–322. Its worked example A = 20 20 26 25 22 23,
    B = 28 25 24 27 30 30 29 with PND = 5/7, PAND = 1 − 2/13, NAP = 38.5/42,
    Tau = (38 − 3)/42, as checked by SingleCaseES
    (github.com/jepusto/SingleCaseES, tests/testthat/test-parker-vannest-davis-2011.R).
[PVDS2011] Parker, R. I., Vannest, K. J., Davis, J. L., & Sauber, S. B. (2011).
    Combining nonoverlap and trend for single-case research: Tau-U. Behavior
    Therapy, 42(2), 284–299. Example A = 3 3 4 5, B = 4 5 6 7 7 with Tau = 16/20
    and Tau-U (A vs B − trend A) = 11/20 (same SingleCaseES test file, "example 2").
[PV2009] Parker, R. I., & Vannest, K. J. (2009). An improved effect size for
    single-case research: Nonoverlap of all pairs. Behavior Therapy, 40(4),
    357–367. Its example series yA = 4 3 4 3 4 7 5 2 3 2, yB = 5 9 7 9 7 5 9 11 11 10 9
    is reproduced in SingleCaseES' NAP() documentation ("Example from Parker &
    Vannest (2009)"). I could not read the paper's printed NAP here, so the value
    is derived by hand from the published definition (see the test).
[scan] Wilbert, J. scan: Single-Case Data Analyses (R package), nap() reference
    page: gretchen = A 12 14 9 10, B 10 6 4 5 3 4, decreasing = TRUE, prints NAP 94.
[SCES] Pustejovsky, J. E., Chen, M., Grekov, P., & Swan, D. M. SingleCaseES,
    vignette "Effect size definitions" (SMD with baseline SD and Hedges' J;
    PAND by minimum removal; Tau-U with denominator m·n). The SMD value for the
    [PVD2011] data is derived by hand from that definition (see the test).
"""

from __future__ import annotations

import io
import json
import math
import statistics

import pytest

import cli
from core.i18n import t
from core.ssd_reading import Reading, format_report, read, reading_text
from core.ssd_stats import (
    JSON_KEYS,
    Comparison,
    NotCompared,
    SeriesError,
    analyse,
    compare,
    comparison_json,
    kendall_s,
    parse_series_csv,
    summarise_phase,
)

PVD_A = [20.0, 20, 26, 25, 22, 23]
PVD_B = [28.0, 25, 24, 27, 30, 30, 29]
TAU_U_A = [3.0, 3, 4, 5]
TAU_U_B = [4.0, 5, 6, 7, 7]


def _series(*phases: tuple[str, list[float]]) -> list[tuple[str, float]]:
    return [(label, value) for label, values in phases for value in values]


def _compared(a: list[float], b: list[float], better: str = "higher") -> Comparison:
    result = analyse(_series(("A", a), ("B", b)), better)  # type: ignore[arg-type]
    assert isinstance(result.comparison, Comparison)
    return result.comparison


# Published values ----------------------------------------------------------------


def test_nine_nonoverlap_techniques_example() -> None:  # [PVD2011]
    c = _compared(PVD_A, PVD_B)
    assert (c.n_a, c.n_b) == (6, 7)
    assert c.pnd == pytest.approx(5 / 7)
    assert c.pand == pytest.approx(1 - 2 / 13)
    assert c.nap == pytest.approx(38.5 / 42)
    assert c.tau == pytest.approx((38 - 3) / 42)


def test_smd_uses_the_baseline_sd_and_hedges_correction() -> None:  # [SCES], by hand
    # mean A = 136/6, mean B = 193/7; SD A = sqrt(31⅓ / 5); J = 1 − 3/(4·6 − 5) = 16/19.
    expected = (16 / 19) * (193 / 7 - 136 / 6) / math.sqrt((94 / 3) / 5)
    assert _compared(PVD_A, PVD_B).smd == pytest.approx(expected)
    assert expected == pytest.approx(1.6499, abs=1e-4)


def test_tau_u_example() -> None:  # [PVDS2011]
    c = _compared(TAU_U_A, TAU_U_B)
    assert c.tau == pytest.approx(16 / 20)
    assert c.tau_u == pytest.approx(11 / 20)


def test_tau_u_on_the_nine_techniques_data() -> None:  # by hand from [SCES]' formula
    # S_AB = 38 − 3 = 35. Baseline pairs i<k of 20 20 26 25 22 23: from each 20: +4,
    # from 26: −3, from 25: −2, from 22: +1, so S_AA = 4 + 4 − 3 − 2 + 1 = 4.
    assert kendall_s(PVD_A) == 4
    assert _compared(PVD_A, PVD_B).tau_u == pytest.approx((35 - 4) / 42)


def test_nap_example_from_parker_and_vannest_2009() -> None:  # [PV2009], by hand
    # 110 pairs. The two B=5 each beat 8 A values and tie the A=5: 2·8.5 = 17.
    # The two B=7 beat 9 A values and tie the A=7: 2·9.5 = 19. The seven B ≥ 9 beat
    # all ten: 70. NAP = (17 + 19 + 70)/110 = 106/110 ≈ .96.
    y_a = [4.0, 3, 4, 3, 4, 7, 5, 2, 3, 2]
    y_b = [5.0, 9, 7, 9, 7, 5, 9, 11, 11, 10, 9]
    assert _compared(y_a, y_b).nap == pytest.approx(106 / 110)


def test_nap_when_lower_is_better() -> None:  # [scan]: NAP 94 (%)
    c = _compared([12.0, 14, 9, 10], [10.0, 6, 4, 5, 3, 4], better="lower")
    # By hand: B=10 beats 12 and 14 and ties 10: 2.5; the other five beat all four:
    # 20. NAP = 22.5/24 = .9375, printed as 94.
    assert c.nap == pytest.approx(22.5 / 24)
    assert round(100 * c.nap) == 94
    assert c.pnd == pytest.approx(5 / 6)  # all but the 10 are below min(A) = 9


# Both directions, ties, short and constant baselines ------------------------------


def test_lower_is_better_mirrors_higher_is_better() -> None:
    mirrored = _compared([-v for v in PVD_A], [-v for v in PVD_B], better="lower")
    straight = _compared(PVD_A, PVD_B)
    for name in ("nap", "tau", "tau_u", "pnd", "pand", "smd"):
        assert getattr(mirrored, name) == pytest.approx(getattr(straight, name)), name
    assert (mirrored.mean_a, mirrored.mean_b) == (-straight.mean_a, -straight.mean_b)


def test_the_same_data_read_the_other_way_is_the_opposite_effect() -> None:
    up, down = _compared(PVD_A, PVD_B), _compared(PVD_A, PVD_B, better="lower")
    assert (down.nap, down.tau, down.smd) == pytest.approx((1 - up.nap, -up.tau, -up.smd))
    assert down.pnd == 0.0  # no B value is below min(A) = 20
    # PAND by hand, lower better: kept A must all lie above kept B. Keeping A's 26
    # saves B 24 and 25 (3 points), keeping 26 and 25 saves B 24 (3 points), keeping
    # nothing of A saves all seven B: the least removal leaves 7 of 13 points.
    assert down.pand == pytest.approx(7 / 13)


def test_ties_count_one_half_and_never_as_nonoverlap() -> None:
    c = _compared([5.0, 5, 5], [5.0, 5])
    assert (c.nap, c.tau, c.tau_u, c.pnd) == (0.5, 0.0, 0.0, 0.0)
    # PAND: keeping the three A and no B (or the two B and no A) leaves no overlap;
    # the larger is 3 of 5 points.
    assert c.pand == pytest.approx(3 / 5)


def test_pnd_needs_strictly_beyond_the_most_extreme_baseline_point() -> None:
    c = _compared([1.0, 2, 6], [6.0, 6, 7])
    assert c.pnd == pytest.approx(1 / 3)
    assert c.nap == pytest.approx((2.5 + 2.5 + 3) / 9)


def test_constant_baseline_has_no_smd_and_says_why() -> None:
    c = _compared([4.0, 4, 4, 4], [6.0, 7, 8])
    assert (c.smd, c.smd_missing) == (None, "constant_baseline")
    assert c.nap == 1.0
    assert "constant_baseline" in read(c).notes
    text = format_report(analyse(_series(("A", [4, 4, 4, 4]), ("B", [6, 7, 8])), "higher"), "sv")
    assert t("ssd.smd.constant_baseline", "sv", a="A") in text


def test_fewer_than_three_baseline_points_is_not_compared() -> None:
    report = analyse(_series(("A", [3.0, 4]), ("B", [6.0, 7, 8])), "higher")
    assert report.comparison == NotCompared("too_few_baseline", "A", "B", 2, 3, 3.5, 7.0)
    assert read(report.comparison) == Reading("not_computed", ())
    assert reading_text(report, "sv") == (
        "Ingen jämförelse än: fas A har 2 skattningar och det behövs minst 3."
    )
    with pytest.raises(ValueError, match="3 baseline values"):
        compare([1.0, 2], [3.0], "higher", ("A", "B"))


# Phases --------------------------------------------------------------------------


def test_per_phase_statistics_agree_with_the_statistics_module() -> None:
    values = [20.0, 20, 26, 25, 22, 23]
    summary = summarise_phase("A", values)
    assert (summary.label, summary.n) == ("A", 6)
    assert summary.mean == pytest.approx(statistics.fmean(values))
    assert summary.median == statistics.median(values)
    assert summary.sd == pytest.approx(statistics.stdev(values))
    assert summary.slope == pytest.approx(statistics.linear_regression(range(6), values).slope)
    assert summary.slope == pytest.approx(10 / 17.5)  # by hand: Σ(x − 2.5)·y / 17.5


def test_one_point_has_no_sd_or_slope() -> None:
    summary = summarise_phase("C", [7.0])
    assert (summary.n, summary.mean, summary.median, summary.sd, summary.slope) == (
        1,
        7.0,
        7.0,
        None,
        None,
    )


def test_the_last_baseline_is_compared_with_the_phase_after_it() -> None:
    report = analyse(
        _series(("A1", [1, 2, 1]), ("B1", [5, 6]), ("A2", [2, 2, 3, 2]), ("B2", [8, 9, 9])),
        "higher",
    )
    assert [p.label for p in report.phases] == ["A1", "B1", "A2", "B2"]
    c = report.comparison
    assert isinstance(c, Comparison)
    assert (c.baseline, c.intervention, c.n_a, c.n_b) == ("A2", "B2", 4, 3)


def test_a_final_return_to_baseline_compares_the_earlier_pair() -> None:
    report = analyse(_series(("A", [1, 2, 1]), ("B", [5, 6]), ("A", [2, 2])), "higher")
    assert [(p.label, p.n) for p in report.phases] == [("A", 3), ("B", 2), ("A", 2)]
    c = report.comparison
    assert isinstance(c, Comparison)
    assert (c.baseline, c.intervention, c.n_a) == ("A", "B", 3)


def test_without_a_baseline_followed_by_a_phase_nothing_is_compared() -> None:
    report = analyse(_series(("B", [5, 6]), ("A", [1, 2, 1])), "higher")
    assert report.comparison == NotCompared("no_baseline_followed")
    assert set(comparison_json(report).values()) == {None}


# The reading ---------------------------------------------------------------------


def _comparison(nap: float, tau_u: float, n: int = 10) -> Comparison:
    return Comparison("A", "B", n, n, 0.0, 1.0, nap, 2 * nap - 1, tau_u, 0.5, 0.5, 1.0, None)


@pytest.mark.parametrize(
    ("nap", "tau_u", "level", "notes"),
    [
        (0.97, 0.95, "clear", ()),  # both in Parker & Vannest's strong band
        (0.97, 0.50, "some", ("trend",)),  # baseline trend takes it down a step
        (0.80, 0.60, "some", ()),  # medium band .66–.92
        (0.80, 0.10, "none", ("trend",)),  # Tau-U ≈ .55 on the NAP scale: weak
        (0.66, 0.32, "some", ()),  # lowest medium value on both scales
        (0.60, 0.20, "none", ()),  # weak band
        (0.50, 0.00, "none", ()),
        (0.20, -0.70, "worse", ()),  # NAP ≤ .34 and Tau-U ≤ −.32
        (0.20, 0.00, "none", ()),  # worsening only when both agree
        (0.34, -0.40, "worse", ()),
    ],
)
def test_reading_bands(nap: float, tau_u: float, level: str, notes: tuple[str, ...]) -> None:
    assert read(_comparison(nap, tau_u)) == Reading(level, notes)


def test_few_points_are_called_uncertain() -> None:
    c = _compared(TAU_U_A, TAU_U_B)  # 4 baseline points
    assert "few_points" in read(c).notes
    text = reading_text(analyse(_series(("A", TAU_U_A), ("B", TAU_U_B)), "higher"), "en")
    assert "Few ratings (fewer than 5 in a phase) make the result uncertain." in text


def test_reading_in_swedish_and_english() -> None:
    report = analyse(_series(("A", PVD_A), ("B", PVD_B)), "higher")
    assert reading_text(report, "sv").splitlines() == [
        "Viss förbättring från fas A till fas B.",
        "Bygger på NAP 0,92 och Tau-U 0,74, med 6 skattningar i fas A och 7 i fas B.",
        "Siffrorna visar ett mönster, inte vad som orsakade det.",
    ]
    assert reading_text(report, "en").splitlines()[0] == "Some improvement from phase A to phase B."


# Reading the CSV -----------------------------------------------------------------


def test_csv_with_semicolons_decimal_commas_and_a_bom() -> None:
    text = '\ufeffPhase;Value\nA;"4,5"\nA;5\n\nB;7,5\n'
    assert parse_series_csv(text) == [("A", 4.5), ("A", 5.0), ("B", 7.5)]


def test_csv_columns_may_come_in_any_order() -> None:
    assert parse_series_csv("value,phase,date\n3,A,2026-01-01\n4,B,x\n") == [
        ("A", 3.0),
        ("B", 4.0),
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "ssd.input.empty"),
        ("\n  \n", "ssd.input.empty"),
        ("fas,värde\nA,1\nB,2\n", "ssd.input.header"),
        ("phase,value\n", "ssd.input.no_rows"),
        ("phase,value\nA,1\nB,sex\n", "ssd.input.not_number"),
        ("phase,value\nA,1\nB,nan\n", "ssd.input.not_number"),
        ("phase,value\nA,1\nB\n", "ssd.input.not_number"),
        ("phase,value\nA,1\n,2\n", "ssd.input.no_phase"),
        ("phase,value\nA,1\nA,2\n", "ssd.input.one_phase"),
    ],
)
def test_bad_csv_is_a_typed_error(text: str, key: str) -> None:
    with pytest.raises(SeriesError) as caught:
        parse_series_csv(text)
    assert caught.value.key == key


# `samverkan ssd-stats` -----------------------------------------------------------

PVD_CSV = "phase,value\n" + "".join(f"A,{v:g}\n" for v in PVD_A)
PVD_CSV += "".join(f"B,{v:g}\n" for v in PVD_B)


def _run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["ssd-stats", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(monkeypatch, capsys, PVD_CSV, "--better", "higher", "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert list(result) == list(JSON_KEYS)
    assert (result["n_a"], result["n_b"]) == (6, 7)
    assert result["nap"] == pytest.approx(38.5 / 42)
    assert result["pnd"] == pytest.approx(5 / 7)


def test_cli_json_lower_is_better(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(monkeypatch, capsys, PVD_CSV, "--better", "lower", "--json")
    assert code == 0
    assert json.loads(out)["tau"] == pytest.approx(-(38 - 3) / 42)


def test_cli_json_nulls_when_the_baseline_is_too_short(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        monkeypatch, capsys, "phase,value\nA,1\nA,2\nB,5\n", "--better", "higher", "--json"
    )
    assert code == 0
    assert json.loads(out) == {
        "n_a": 2,
        "n_b": 1,
        "mean_a": 1.5,
        "mean_b": 5.0,
        "nap": None,
        "tau": None,
        "tau_u": None,
        "pnd": None,
        "pand": None,
        "smd": None,
    }


def test_cli_table(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(monkeypatch, capsys, PVD_CSV, "--better", "higher", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[:4] == [
        "Per phase",
        "Phase     n     Mean   Median       SD    Slope",
        "A         6    22.67    22.50     2.50    0.571",
        "B         7    27.57    28.00     2.37    0.679",
    ]
    assert "Phase A compared with phase B (higher is better)" in lines
    assert "  PND        71 %" in lines
    assert "Some improvement from phase A to phase B." in lines


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("", "Filen är tom."),
        (
            "fas,värde\nA,1\nB,2\n",
            "Första raden ska vara rubrikerna phase,value (fick: fas,värde).",
        ),
        ("phase,value\nA,1\nB,sex\n", "Rad 3: värdet 'sex' är inte ett tal."),
        ("phase,value\nA,1\nA,2\n", "Alla skattningar hör till fas A."),
        ("phase,value\nB,1\nA,2\n", "det finns ingen A-fas (baslinje) som följs av en annan fas"),
    ],
)
def test_cli_bad_input_exits_2_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str, message: str
) -> None:
    code, out, err = _run(monkeypatch, capsys, stdin, "--better", "higher")
    assert (code, out) == (2, "")
    assert message in err
    assert "Traceback" not in err


def test_cli_input_that_is_not_utf8(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO(b"phase,value\nA,\xff\n"), encoding="utf-8")
    )
    assert cli.main(["ssd-stats", "--better", "higher"]) == 2
    assert capsys.readouterr().err.strip() == "Kunde inte läsa indata som text (UTF-8)."


def test_cli_requires_the_direction(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["ssd-stats"])
    assert caught.value.code == 2
    assert "--better" in capsys.readouterr().err


def test_ssd_stats_runs_whatever_the_service_configuration_says(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PORT", "not-a-port")
    monkeypatch.setattr("sys.stdin", io.StringIO("phase,value\nA,1\nA,2\nA,1\nB,5\nB,6\n"))

    assert cli.main(["ssd-stats", "--better", "higher", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["nap"] == 1.0
