"""User-facing texts about SSD statistics (merged into core.i18n.CATALOG).

The reading keys are what core.ssd_reading returns; the input keys are
core.ssd_stats.SeriesError.key.
"""

from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # The plain-language reading of the comparison (core.ssd_reading)
    "ssd.reading.clear": {
        "sv": "Tydlig förbättring från fas {a} till fas {b}.",
        "en": "Clear improvement from phase {a} to phase {b}.",
    },
    "ssd.reading.some": {
        "sv": "Viss förbättring från fas {a} till fas {b}.",
        "en": "Some improvement from phase {a} to phase {b}.",
    },
    "ssd.reading.none": {
        "sv": "Ingen säker skillnad mellan fas {a} och fas {b}.",
        "en": "No certain difference between phase {a} and phase {b}.",
    },
    "ssd.reading.worse": {
        "sv": "Försämring från fas {a} till fas {b}.",
        "en": "Worse from phase {a} to phase {b}.",
    },
    "ssd.reading.basis": {
        "sv": "Bygger på NAP {nap} och Tau-U {tau_u}, med {n_a} skattningar i fas {a} och "
        "{n_b} i fas {b}.",
        "en": "Based on NAP {nap} and Tau-U {tau_u}, with {n_a} ratings in phase {a} and "
        "{n_b} in phase {b}.",
    },
    "ssd.reading.trend": {
        "sv": "Kurvan var redan på väg åt det bättre under fas {a}, så en del av skillnaden "
        "kan vara den trenden.",
        "en": "The curve was already getting better during phase {a}, so part of the "
        "difference may be that trend.",
    },
    "ssd.reading.few_points": {
        "sv": "Få skattningar (färre än {minimum} i en fas) ger ett osäkert resultat. "
        "Fortsätt gärna skatta.",
        "en": "Few ratings (fewer than {minimum} in a phase) make the result uncertain. "
        "Keep rating if you can.",
    },
    "ssd.reading.not_cause": {
        "sv": "Siffrorna visar ett mönster, inte vad som orsakade det.",
        "en": "The figures show a pattern, not what caused it.",
    },
    "ssd.not.too_few_baseline": {
        "sv": "Ingen jämförelse än: fas {a} har {n_a} skattningar och det behövs minst {minimum}.",
        "en": "No comparison yet: phase {a} has {n_a} ratings and at least {minimum} are needed.",
    },
    "ssd.not.no_baseline_followed": {
        "sv": "Ingen jämförelse: det finns ingen A-fas (baslinje) som följs av en annan fas.",
        "en": "No comparison: there is no A phase (baseline) followed by another phase.",
    },
    "ssd.smd.constant_baseline": {
        "sv": "SMD går inte att räkna: alla värden i fas {a} är lika (SD = 0).",
        "en": "SMD cannot be computed: every value in phase {a} is the same (SD = 0).",
    },
    # The table printed by `samverkan ssd-stats`
    "ssd.table.phases": {"sv": "Per fas", "en": "Per phase"},
    "ssd.table.phase": {"sv": "Fas", "en": "Phase"},
    "ssd.table.mean": {"sv": "Medel", "en": "Mean"},
    "ssd.table.median": {"sv": "Median", "en": "Median"},
    "ssd.table.slope": {"sv": "Lutning", "en": "Slope"},
    "ssd.table.comparison": {
        "sv": "Fas {a} jämfört med fas {b} ({better})",
        "en": "Phase {a} compared with phase {b} ({better})",
    },
    "ssd.better.higher": {"sv": "högre är bättre", "en": "higher is better"},
    "ssd.better.lower": {"sv": "lägre är bättre", "en": "lower is better"},
    # Reading the CSV (core.ssd_stats.parse_series_csv)
    "ssd.input.empty": {
        "sv": "Filen är tom. Skicka en CSV med rubrikraden phase,value.",
        "en": "The file is empty. Send a CSV with the header line phase,value.",
    },
    "ssd.input.header": {
        "sv": "Första raden ska vara rubrikerna phase,value (fick: {found}).",
        "en": "The first line must be the headers phase,value (got: {found}).",
    },
    "ssd.input.no_rows": {
        "sv": "Filen har rubriker men inga skattningar.",
        "en": "The file has headers but no ratings.",
    },
    "ssd.input.no_phase": {
        "sv": "Rad {line} saknar fas.",
        "en": "Line {line} has no phase.",
    },
    "ssd.input.not_number": {
        "sv": "Rad {line}: värdet {value!r} är inte ett tal.",
        "en": "Line {line}: the value {value!r} is not a number.",
    },
    "ssd.input.one_phase": {
        "sv": "Alla skattningar hör till fas {phase}. Det behövs minst två faser att jämföra.",
        "en": "Every rating belongs to phase {phase}. At least two phases are needed to compare.",
    },
    "ssd.input.unreadable": {
        "sv": "Kunde inte läsa indata som text (UTF-8).",
        "en": "Could not read the input as text (UTF-8).",
    },
}
