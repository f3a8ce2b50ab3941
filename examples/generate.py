"""Generate the bundled example province's submissions: Phú Thọ, 2022–2024.

    .venv/bin/python examples/generate.py            # rewrites examples/phu-tho/submissions/

Deterministic and offline: every number comes from a random generator seeded by
the unit code (the unit's lasting traits: size, readiness) and by unit code and
period (the year's noise), so regenerating gives the same values, and generating
a subset of units gives those units the same values as the full run.

The figures follow the province's reports (shared/domain/reports): computers for
~98–100 % of province/district civil servants and 68 % of commune ones in 2020,
rising; ~97–100 % of dossiers resolved on time; online dossiers above 30 % in 2021
climbing toward the 80 % target; digitised dossiers 83.68 % in 2024; e-documents
with digital signatures in 207/225 communes in 2021 and all by 2024. Averaged over
the example's units they land near those figures; each unit differs by its
readiness (the city high, the mountain districts low) and a little noise.

For its latest year (2024) the province also reports what the official indices
need (:func:`_official`): the Decision 766 counts, the DTI 2025 population and
account figures, 5G coverage, fibre to communes, the DX budget; and four districts
send their DTI self-assessment (points per main index), three of them already
appraised by the Department (:data:`DTI_SELF_ASSESSMENT`), one figure typed as
text with a decimal comma (:data:`COMMA_DECIMAL`).

Officers make mistakes, and the example keeps a few so that ``chiso check`` and
``chiso score`` have something to report (see :data:`MISTAKES`): a count typed as
Vietnamese text, a percent typed as text, more online dossiers than dossiers, a
blank required cell, and one commune that sent a hand-made sheet.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from chiso.catalogue.loader import load_catalogue
from chiso.catalogue.model import Catalogue, FieldKind
from chiso.submissions.template import fields_for_level, fill_template, write_templates
from chiso.units.loader import load_units
from chiso.units.model import Unit, Units

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROVINCE = HERE / "phu-tho"
PERIODS = ("2022", "2023", "2024")

Value = int | float | str | None

# ── The province's trajectory ──────────────────────────────────────────────────
# Province-wide level of each rate in 2022, 2023, 2024, and how far a unit's
# readiness (-1 … +1) moves it: rate = level + spread × readiness + noise.
Trend = tuple[tuple[float, float, float], float]

RATES: dict[str, Trend] = {
    # phu-tho-2020: > 98.46 % at province/district level in 2020; 100 % by 2024.
    "computers_bodies": ((0.990, 0.996, 1.0), 0.006),
    # phu-tho-2020: 68 % in communes in 2020; the Resolution asks for 80 %.
    "computers_commune": ((0.74, 0.79, 0.845), 0.08),
    # phu-tho-2020: > 96 % of documents between state bodies are e-documents.
    "edocs_signed_bodies": ((0.972, 0.982, 0.99), 0.01),
    "edocs_signed_commune": ((0.93, 0.955, 0.975), 0.03),
    # Work records online; Decision 942 asks 90 % province, 80 % district, 60 % commune.
    "work_online_department": ((0.64, 0.73, 0.84), 0.06),
    "work_online_district": ((0.46, 0.56, 0.66), 0.08),
    "work_online_commune": ((0.18, 0.26, 0.34), 0.08),
    # phu-tho-2020: 933 level-3 and 7 level-4 procedures in 2020; full online
    # services were pushed from 2022.
    "procedures_l34": ((0.62, 0.73, 0.83), 0.05),
    "procedures_l4": ((0.32, 0.46, 0.60), 0.06),
    # phu-tho-2021: > 30 % online in 2021; phu-tho-2024: aiming at > 80 %.
    "dossiers_online": ((0.42, 0.55, 0.66), 0.10),
    # phu-tho-2020: 97.45 % on time in 2019; phu-tho-2024: 100 %.
    "dossiers_on_time": ((0.986, 0.994, 1.0), 0.006),
    # phu-tho-2024: 83.68 % digitised.
    "dossiers_digitised": ((0.54, 0.70, 0.815), 0.07),
    "fees_paid_online": ((0.22, 0.36, 0.50), 0.10),
    # phu-tho-2024: close to 980,000 e-ID accounts (~85 % of adults).
    "eid": ((0.37, 0.65, 0.845), 0.06),
    # phu-tho-2024: > 80 % of adults have a smartphone, ~80 % of households fibre.
    "smartphone": ((0.73, 0.775, 0.82), 0.06),
    "fibre": ((0.68, 0.73, 0.768), 0.08),
    "villages_covered": ((0.80, 0.92, 1.0), 0.10),
    "coverage_4g": ((0.955, 0.972, 0.985), 0.02),
    "bts_4g": ((0.36, 0.39, 0.42), 0.04),
}

# phu-tho-2008: 71 phones per 100 people; phu-tho-2020: 84 phone and 75 internet.
PER_100: dict[str, Trend] = {
    "phone": ((89.0, 92.0, 95.0), 14.0),
    "internet": ((79.0, 83.0, 87.0), 10.0),
}

# Share of communes answering "yes", by period; the most ready communes say yes
# first and keep saying it, so each commune's answers only ever improve.
COMMUNE_YES: dict[str, tuple[float, float, float]] = {
    # phu-tho-2021: 207/225 communes (92 %) in 2021; all by 2024.
    "edoc_signature_in_use": (0.94, 0.97, 1.0),
    # phu-tho-2024: 75 % of communes have a web portal.
    "web_portal": (0.60, 0.68, 0.75),
    # phu-tho-2024: 129/225 communes (57 %) have a digital cadastral map.
    "cadastral_map_digital": (0.45, 0.52, 0.57),
    # phu-tho-2024: 85 % of communes have IT-enabled radio.
    "radio_it_enabled": (0.55, 0.70, 0.85),
    # phu-tho-2024: 100 % of communes have a community digital technology team.
    "digital_team": (0.90, 1.0, 1.0),
    # phu-tho-2024: 100 % of state bodies have a dedicated IT officer.
    "it_officer": (0.90, 0.97, 1.0),
}

# How ready each district is (-1 remote mountains … +1 the provincial city).
DISTRICT_READINESS = {
    "227": 0.9, "228": 0.7, "237": 0.5, "233": 0.4, "239": 0.2, "236": 0.1, "232": 0.1,
    "230": 0.0, "235": -0.1, "231": -0.2, "238": -0.5, "234": -0.6, "240": -0.8,
}
MOUNTAIN_DISTRICTS = {"234", "238", "240"}
# District population in 2022 (rounded; grows 0.9 % a year).
POPULATION_2022 = {
    "227": 216_000, "228": 76_000, "230": 116_000, "231": 116_000, "232": 121_000,
    "233": 111_000, "234": 95_000, "235": 139_000, "236": 86_000, "237": 112_000,
    "238": 132_000, "239": 91_000, "240": 85_000,
}
BTS_TOTAL = (3500, 3650, 3820)  # phu-tho-2024: > 3,800 base stations

# Departments: (civil servants, dossiers a year, procedures), sized by their work.
DEPARTMENTS = {
    "S-TTTT": (45, 600, 48), "S-NV": (70, 900, 95), "S-TC": (75, 1200, 45),
    "S-KHDT": (60, 6500, 120), "S-TNMT": (95, 9800, 110), "S-YT": (80, 3200, 160),
    "S-GDDT": (65, 1500, 85), "S-TP": (50, 11800, 140),
}

# ── Mistakes officers make ─────────────────────────────────────────────────────
# (period, unit code) → what goes wrong. Each produces a finding when read.
TYPED_AS_TEXT = ("2023", "07897", "dossiers_total", 1751, "1.751")  # count as "1.751"
PERCENT_AS_TEXT = ("2024", "237", "population_4g_coverage", 0.9846, "98,46%")
ONLINE_OVER_TOTAL = ("2023", "238")  # online dossiers typed larger than all dossiers
LEFT_BLANK = ("2024", "08440", "adults_with_smartphone")
HAND_MADE = ("2024", "08572")  # Xã Kim Thượng sent its own sheet

MISTAKES = {
    TYPED_AS_TEXT[:2]: "count typed as Vietnamese text '1.751'",
    PERCENT_AS_TEXT[:2]: "percent typed as text '98,46%'",
    ONLINE_OVER_TOTAL: "dossiers_online larger than dossiers_total",
    LEFT_BLANK[:2]: "required field adults_with_smartphone left blank",
    HAND_MADE: "hand-made sheet instead of the template",
}


# ── The official indices, latest year only ─────────────────────────────────────
LATEST = PERIODS[-1]
# DTI 2022 main indices of the province's districts that self-assess (points of
# each index's self-assessed part), as share of its maximum: district → readiness
# of its self-assessment, and whether the Department has appraised it yet.
DTI_SELF_ASSESSMENT = {"227": True, "228": True, "233": True, "240": False}
DTI_REST = {  # the self-assessed part of each main index (see kpis/programmes/dti-922.yaml)
    "nhan_thuc_so": 100, "the_che_so": 100, "ha_tang_so": 70, "nhan_luc_so": 90,
    "attt": 100, "hd_chinh_quyen_so": 150, "hd_kinh_te_so": 140, "hd_xa_hoi_so": 100,
}
COMMA_DECIMAL = ("233", "dti_ha_tang_so_self")  # typed as text with a decimal comma, "52,5"
NO_EVIDENCE = ("240", "dti_attt_self")  # points claimed with the evidence cell left blank


# ── Units and their lasting traits ─────────────────────────────────────────────
@dataclass(frozen=True)
class Profile:
    """What stays true of a unit across periods."""

    unit: Unit
    district: str | None  # the district a commune (or the district itself) belongs to
    readiness: float  # -1 … +1
    traits: random.Random  # drawn once per unit, in a fixed order

    @property
    def code(self) -> str:
        return self.unit.code

    @property
    def is_town(self) -> bool:
        return self.unit.name.startswith(("Phường", "Thị trấn"))


def profiles(units: Units) -> dict[str, Profile]:
    """A profile for every unit that reports (departments, districts, communes)."""
    out: dict[str, Profile] = {}
    for unit in units:
        traits = random.Random(f"traits/{unit.code}")
        if unit.level == "department":
            out[unit.code] = Profile(unit, None, traits.uniform(0.3, 0.9), traits)
        elif unit.level == "district":
            out[unit.code] = Profile(unit, unit.code, DISTRICT_READINESS[unit.code], traits)
        elif unit.level == "commune":
            assert unit.parent is not None
            base = DISTRICT_READINESS[unit.parent]
            town = 0.25 if unit.name.startswith(("Phường", "Thị trấn")) else 0.0
            readiness = _clip(base + town + traits.uniform(-0.25, 0.25), -1.0, 1.0)
            out[unit.code] = Profile(unit, unit.parent, readiness, traits)
    return out


# ── Figures ────────────────────────────────────────────────────────────────────
def figures(units: Units, period: str) -> dict[str, dict[str, Value]]:
    """What every reporting unit means to report for ``period``: field id → value.

    Yes/no answers are 1/0 here; :func:`typed` turns them into what officers type.
    """
    index = PERIODS.index(period)
    every = profiles(units)
    answers = _commune_answers(every, index)
    bts = _bts_by_district(every, index)
    out: dict[str, dict[str, Value]] = {}
    for code, profile in every.items():
        year = random.Random(f"year/{code}/{period}")
        level = profile.unit.level
        values = _staff_and_documents(profile, index, year)
        values |= _services_and_dossiers(profile, index, year)
        if level in ("department", "district"):
            values |= {"it_officer": 1, "edoc_signature_in_use": 1, "web_portal": 1}
        if level == "district":
            values |= _telecoms(profile, index, year, bts[code])
        if level == "commune":
            values |= answers[code]
            values |= _people(profile, index, year)
        values |= _official(profile, values, index, random.Random(f"official/{code}/{period}"))
        out[code] = values
    _apply_meant_figures(out, period)
    return out


def _staff_and_documents(profile: Profile, index: int, year: random.Random) -> dict[str, Value]:
    level, traits = profile.unit.level, profile.traits
    if level == "department":
        staff = DEPARTMENTS[profile.code][0]
        documents = traits.randint(1500, 4000)
        work = traits.randint(1200, 3500)
    elif level == "district":
        staff = round(POPULATION_2022[profile.code] / 1000 * 0.55 + traits.randint(35, 55))
        documents = traits.randint(3000, 6000)
        work = traits.randint(2500, 5000)
    else:
        staff = traits.randint(19, 23)
        documents = traits.randint(350, 900)
        work = traits.randint(300, 800)
    staff += year.randint(-2, 2) if level != "commune" else year.randint(-1, 1)
    grow = 1.03**index
    computers = "computers_commune" if level == "commune" else "computers_bodies"
    signed = "edocs_signed_commune" if level == "commune" else "edocs_signed_bodies"
    documents = round(documents * grow * year.uniform(0.97, 1.03))
    work = round(work * grow * year.uniform(0.97, 1.03))
    return {
        "civil_servants": staff,
        "civil_servants_with_computer": _part(staff, _rate(computers, profile, index, year)),
        "documents_sent": documents,
        "documents_sent_signed": _part(documents, _rate(signed, profile, index, year)),
        "work_records": work,
        "work_records_online": _part(work, _rate(f"work_online_{level}", profile, index, year)),
    }


def _services_and_dossiers(
    profile: Profile, index: int, year: random.Random
) -> dict[str, Value]:
    level, traits = profile.unit.level, profile.traits
    if level == "department":
        _, dossiers, procedures = DEPARTMENTS[profile.code]
        dossiers = round(dossiers * traits.uniform(0.9, 1.1))
    elif level == "district":
        dossiers = round(POPULATION_2022[profile.code] * traits.uniform(0.03, 0.045))
        procedures = traits.randint(228, 262)
    else:
        dossiers = traits.randint(900, 1500) if profile.is_town else traits.randint(380, 950)
        procedures = traits.randint(104, 116)
    dossiers = round(dossiers * 1.06**index * year.uniform(0.95, 1.05))
    l34 = _part(procedures, _rate("procedures_l34", profile, index, year))
    l4 = min(l34, _part(procedures, _rate("procedures_l4", profile, index, year)))
    # Communes receive fewer dossiers online than departments, whose users are firms.
    shift = {"department": 0.06, "district": 0.0, "commune": -0.08}[level]
    online = _part(dossiers, _rate("dossiers_online", profile, index, year, shift=shift))
    resolved = round(dossiers * year.uniform(0.975, 1.005))
    with_fees = round(dossiers * traits.uniform(0.3, 0.5))
    return {
        "procedures_total": procedures,
        "procedures_online_l3": l34 - l4,
        "procedures_online_l4": l4,
        "dossiers_total": dossiers,
        "dossiers_online": online,
        "dossiers_resolved": resolved,
        "dossiers_resolved_on_time": _part(
            resolved, _rate("dossiers_on_time", profile, index, year)
        ),
        "dossiers_digitised": _part(resolved, _rate("dossiers_digitised", profile, index, year)),
        "dossiers_with_fees": with_fees,
        "dossiers_paid_online": _part(with_fees, _rate("fees_paid_online", profile, index, year)),
    }


def _telecoms(profile: Profile, index: int, year: random.Random, bts: int) -> dict[str, Value]:
    population = round(POPULATION_2022[profile.code] * 1.009**index)
    (levels, spread), noise = PER_100["phone"], year.uniform(-1.5, 1.5)
    phone = levels[index] + spread * profile.readiness + noise
    (levels, spread), noise = PER_100["internet"], year.uniform(-1.5, 1.5)
    internet = levels[index] + spread * profile.readiness + noise
    coverage = min(0.998, _rate("coverage_4g", profile, index, year))
    return {
        "population": population,
        "phone_subscriptions": round(population * phone / 100),
        "internet_subscriptions": round(population * internet / 100),
        "bts_stations": bts,
        "bts_4g_stations": _part(bts, _rate("bts_4g", profile, index, year)),
        "population_4g_coverage": round(coverage, 4),
    }


def _people(profile: Profile, index: int, year: random.Random) -> dict[str, Value]:
    traits = profile.traits
    if profile.unit.name.startswith("Phường"):
        adults = traits.randint(9000, 13000)
    elif profile.is_town:
        adults = traits.randint(6000, 9000)
    else:
        adults = traits.randint(3000, 7000)
    adults = round(adults * 1.009**index)
    households = round(adults / traits.uniform(2.3, 2.7))
    values: dict[str, Value] = {
        "adult_population": adults,
        "eid_accounts": _part(adults, _rate("eid", profile, index, year)),
        "adults_with_smartphone": _part(adults, _rate("smartphone", profile, index, year)),
        "households": households,
        "households_fibre": _part(households, _rate("fibre", profile, index, year)),
    }
    # Only mountain communes have very disadvantaged villages; the others report 0.
    villages = covered = 0
    if profile.district in MOUNTAIN_DISTRICTS and not profile.is_town:
        villages = traits.randint(3, 9)
        covered = _part(villages, _rate("villages_covered", profile, index, year))
    values |= {"villages_disadvantaged": villages, "villages_disadvantaged_covered": covered}
    return values


def _official(
    profile: Profile, values: Mapping[str, Value], index: int, rng: random.Random
) -> dict[str, Value]:
    """The figures for Decision 766, DTI 2025, 749 and 942 (766 began in 2022)."""
    level, ready = profile.unit.level, profile.readiness
    lift = 0.5 + 0.5 * ready  # 0 … 1
    behind = 0.07 * (len(PERIODS) - 1 - index)  # each earlier year a little lower

    def share(low: float, high: float) -> float:
        value = low + (high - low) * lift - behind + rng.uniform(-0.04, 0.04)
        return _clip(value, 0.0, 1.0)

    procedures = _as_int(values["procedures_total"])
    dossiers = _as_int(values["dossiers_total"])
    resolved = _as_int(values["dossiers_resolved"])
    published = rng.randint(3, 18)
    pending = round(dossiers * rng.uniform(0.02, 0.05))
    eligible_procedures = round(procedures * rng.uniform(0.5, 0.6))
    eligible_dossiers = round(dossiers * rng.uniform(0.55, 0.7))
    paper_results = round(dossiers * rng.uniform(0.6, 0.8))
    complaints = 0 if rng.random() < 0.3 else rng.randint(1, 12)  # many receive none
    on_time_complaints = _part(complaints, share(0.7, 1.0))
    late_complaints = complaints - on_time_complaints
    out: dict[str, Value] = {
        "tthc_published": published,
        "tthc_published_on_time": _part(published, share(0.8, 1.0)),
        "tthc_public_required": procedures,
        "tthc_public_on_time": _part(procedures, share(0.85, 1.0)),
        "tthc_public_complete": _part(procedures, share(0.9, 1.0)),
        "dossiers_synced": _part(dossiers, share(0.75, 1.0)),
        "dossiers_pending": pending,
        "dossiers_pending_in_time": _part(pending, share(0.8, 1.0)),
        "procedures_online": _as_int(values["procedures_online_l3"])
        + _as_int(values["procedures_online_l4"]),
        "procedures_full_online_eligible": eligible_procedures,
        "procedures_full_online": _part(eligible_procedures, share(0.6, 0.95)),
        "dossiers_full_online_eligible": eligible_dossiers,
        "dossiers_full_online": _part(eligible_dossiers, share(0.35, 0.85)),
        "dossiers_paper_result_required": paper_results,
        "dossiers_e_result": _part(paper_results, share(0.5, 0.95)),
        "dossiers_digitised_complete": _part(dossiers, share(0.45, 0.85)),
        "dossiers_data_reused": _part(dossiers, share(0.15, 0.6)),
        "dossiers_citizen_folder": _part(dossiers, share(0.3, 0.7)),
        "dossiers_population_data": _part(dossiers, share(0.4, 0.85)),
        "complaints": complaints,
        "complaints_on_time": on_time_complaints,
        "complaints_dissatisfied": _part(on_time_complaints, rng.uniform(0.0, 0.2)),
        "complaints_late": late_complaints,
        "dossiers_with_complaint": _part(resolved, rng.uniform(0.0, 0.01)),
        "dx_budget": round(rng.uniform(*{"department": (200, 1500), "district": (600, 3500),
                                         "commune": (20, 160)}[level])),
    }
    if level == "district":
        population = _as_int(values["population"])
        out["population_5g_covered"] = _part(population, share(0.08, 0.45))
    if level == "commune":
        adults = _as_int(values["adult_population"])
        over_14, over_15 = round(adults * 1.07), round(adults * 1.05)
        out |= {
            "population_14plus": over_14,
            "eid_accounts_14plus": _part(over_14, share(0.72, 0.95)),
            "population_15plus": over_15,
            "payment_accounts_15plus": _part(over_15, share(0.55, 0.85)),
            "population_18plus": adults,
            "digital_signatures_18plus": _part(adults, share(0.08, 0.35)),
            "fibre_commune": 1 if ready > -0.7 or rng.random() < 0.5 else 0,
            "e_certification": 1 if ready > -0.2 or rng.random() < 0.4 else 0,
        }
    return out


def dti_forms(units: Units) -> dict[str, tuple[dict[str, Value], dict[str, Value] | None]]:
    """Each self-assessing district's DTI form, and the Department's appraisal (or None).

    Points per main index, typed to the half point as on the forms; the appraisal
    takes off what the evidence does not support, never adds.
    """
    out: dict[str, tuple[dict[str, Value], dict[str, Value] | None]] = {}
    for code, appraised in DTI_SELF_ASSESSMENT.items():
        profile = profiles(units)[code]
        rng = random.Random(f"dti/{code}/{LATEST}")
        claimed: dict[str, Value] = {}
        cut: dict[str, Value] = {}
        for index_id, rest in DTI_REST.items():
            share = _clip(0.62 + 0.22 * profile.readiness + rng.uniform(-0.06, 0.06), 0, 1)
            points = round(rest * share * 2) / 2
            claimed[f"dti_{index_id}_self"] = points
            less = round(rest * rng.uniform(0.0, 0.08) * 2) / 2
            cut[f"dti_{index_id}_appraised"] = max(0.0, points - less)
        out[code] = (claimed, cut if appraised else None)
    return out


def _commune_answers(every: Mapping[str, Profile], index: int) -> dict[str, dict[str, Value]]:
    """Yes/no answers of the communes: the top share by a per-field score say yes."""
    communes = [p for p in every.values() if p.unit.level == "commune"]
    answers: dict[str, dict[str, Value]] = {p.code: {} for p in communes}
    for field_id, shares in COMMUNE_YES.items():
        # A fixed score per commune and field: readiness plus the commune's own luck.
        def score(p: Profile, field_id: str = field_id) -> float:
            return p.readiness + random.Random(f"yes/{field_id}/{p.code}").uniform(-0.5, 0.5)

        ranked = sorted(communes, key=lambda p: (-score(p), p.code))
        yes = round(shares[index] * len(communes))
        for rank, profile in enumerate(ranked):
            answers[profile.code][field_id] = 1 if rank < yes else 0
    return answers


def _bts_by_district(every: Mapping[str, Profile], index: int) -> dict[str, int]:
    """Split the province's base stations by population, more per head in the mountains."""
    weights = {
        code: POPULATION_2022[code] * (1.4 if code in MOUNTAIN_DISTRICTS else 1.0)
        for code, p in every.items()
        if p.unit.level == "district"
    }
    total = sum(weights.values())
    return {code: round(BTS_TOTAL[index] * w / total) for code, w in weights.items()}


def _apply_meant_figures(out: dict[str, dict[str, Value]], period: str) -> None:
    """Pin the figures a mistake is about, so the mistake reads true to life."""
    when, code, field_id, meant, _ = TYPED_AS_TEXT
    if period == when and code in out:
        out[code][field_id] = meant
        values = out[code]
        values["dossiers_online"] = min(_as_int(values["dossiers_online"]), meant)
        values["dossiers_with_fees"] = min(_as_int(values["dossiers_with_fees"]), meant)
    when, code, field_id, fraction, _ = PERCENT_AS_TEXT
    if period == when and code in out:
        out[code][field_id] = fraction


def typed(code: str, period: str, values: Mapping[str, Value]) -> dict[str, Value]:
    """What the officer actually typed: Có/Không for yes/no, and the mistakes."""
    cells: dict[str, Value] = {}
    for field_id, value in values.items():
        if field_id in YES_NO_FIELDS:
            cells[field_id] = "Có" if value == 1 else "Không"
        else:
            cells[field_id] = value
    for when, unit, field_id, _, text in (TYPED_AS_TEXT, PERCENT_AS_TEXT):
        if (period, code) == (when, unit):
            cells[field_id] = text
    if (period, code) == ONLINE_OVER_TOTAL:
        # Copied from the online portal's yearly count, which also holds dossiers
        # filed online but received on paper at the one-stop shop: 4 % too many.
        cells["dossiers_online"] = round(_as_int(cells["dossiers_total"]) * 1.04)
    if (period, code) == LEFT_BLANK[:2]:
        cells[LEFT_BLANK[2]] = None
    return cells


YES_NO_FIELDS = {
    "it_officer", "edoc_signature_in_use", "web_portal", "cadastral_map_digital",
    "radio_it_enabled", "digital_team", "fibre_commune", "e_certification",
}


# ── Writing workbooks ──────────────────────────────────────────────────────────
def generate(
    out_dir: Path = PROVINCE / "submissions",
    *,
    periods: Iterable[str] = PERIODS,
    only: Iterable[str] | None = None,
    kpis: Path = REPO / "kpis",
    units_file: Path = PROVINCE / "units.csv",
) -> list[Path]:
    """Write ``out_dir/<period>/<unit code>.xlsx`` for every reporting unit (or ``only``).

    Existing workbooks in the period folders are removed first, so the folder
    holds exactly what this run wrote. Returns the paths written.
    """
    catalogue, units = _load(kpis, units_file)
    chosen = set(only) if only is not None else None
    written: list[Path] = []
    for period in periods:
        folder = out_dir / period
        if folder.exists():
            for old in folder.glob("*.xlsx"):
                old.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        meant = figures(units, period)
        codes = [c for c in meant if chosen is None or c in chosen]
        written += _write_period(catalogue, units, period, folder, codes, meant)
        if period == LATEST:
            written += _write_dti_forms(catalogue, units, folder / "dti", chosen)
    return written


DTI_FORMS = ("dti_922_tu_danh_gia", "dti_922_tham_dinh")


def _write_dti_forms(
    catalogue: Catalogue, units: Units, folder: Path, chosen: set[str] | None
) -> list[Path]:
    """The DTI self-assessments (``<code>-tu-danh-gia.xlsx``) and appraisals (``-tham-dinh``)."""
    if folder.exists():
        for old in folder.glob("*.xlsx"):
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as blank_dir:
        for code, (claimed, appraised) in dti_forms(units).items():
            if chosen is not None and code not in chosen:
                continue
            for form, values, name in ((DTI_FORMS[0], claimed, "tu-danh-gia"),
                                       (DTI_FORMS[1], appraised, "tham-dinh")):
                if values is None:
                    continue  # not appraised yet
                cells = dict(values)
                unit, field_id = COMMA_DECIMAL
                if code == unit and field_id in cells:  # typed as text: "52,5"
                    cells[field_id] = f"{cells[field_id]:.1f}".replace(".", ",")
                (blank,) = write_templates(catalogue, Units.of([units[code]]), LATEST,
                                           blank_dir, form=form)
                target = folder / f"{code}-{name}.xlsx"
                evidence = evidence_texts(code, cells) if form == DTI_FORMS[0] else None
                fill_template(blank, cells, out=target, evidence=evidence)
                written.append(target)
    return written


def evidence_texts(code: str, cells: Mapping[str, Value]) -> dict[str, str]:
    """The documents a district cites for each self-assessed row (one left blank: NO_EVIDENCE)."""
    rng = random.Random(f"evidence/{code}/{LATEST}")
    kinds = ("KH-UBND", "BC-UBND", "QĐ-UBND")
    out: dict[str, str] = {}
    for field_id in cells:
        if (code, field_id) == NO_EVIDENCE:
            continue
        number, kind = rng.randint(12, 480), kinds[rng.randrange(len(kinds))]
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        out[field_id] = f"Văn bản số {number}/{kind} ngày {day:02d}/{month:02d}/{LATEST}"
    return out


def _write_period(
    catalogue: Catalogue,
    units: Units,
    period: str,
    folder: Path,
    codes: list[str],
    meant: Mapping[str, Mapping[str, Value]],
) -> list[Path]:
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as blank_dir:
        for code in codes:
            target = folder / f"{code}.xlsx"
            if (period, code) == HAND_MADE:
                _hand_made_sheet(catalogue, units[code], period, meant[code], target)
            else:
                # One unit at a time: the template's file name is not the unit code.
                (blank,) = write_templates(catalogue, Units.of([units[code]]), period, blank_dir)
                fill_template(blank, typed(code, period, meant[code]), out=target)
            written.append(target)
    return written


def _hand_made_sheet(
    catalogue: Catalogue, unit: Unit, period: str, values: Mapping[str, Value], path: Path
) -> None:
    """The sheet a commune officer makes from scratch: own layout, labels as they say them.

    Labels are the fields' first alias where there is one (what officers call the
    figure), some typed without diacritics, section rows, a blank row, notes in a
    last column and one inside a number's cell, the unit named without its code,
    and no metadata sheet: the reader must find unit and period from the text and
    the fields by label.
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws["A1"] = f"BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ NĂM {period}"
    ws["A1"].font = Font(bold=True, size=13)
    ws.merge_cells("A1:E1")
    ws["A2"] = f"Đơn vị: UBND {unit.name[0].lower()}{unit.name[1:]}"
    ws["A3"] = f"Kỳ báo cáo: năm {period}"
    ws.append([])
    ws.append(["TT", "Nội dung", "Đơn vị tính", "Số liệu", "Ghi chú"])
    for cell in ws[5]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    fields = fields_for_level(catalogue, unit.level)
    number = 0
    for i, field in enumerate(fields):
        if i == 0:
            ws.append(["I", "CHÍNH QUYỀN SỐ"])
        if field.id == "adult_population":
            ws.append([])
            ws.append(["II", "XÃ HỘI SỐ"])
        value = values.get(field.id)
        if value is None:
            continue
        number += 1
        label = field.aliases[0] if field.aliases else field.label.vi
        if number % 4 == 0:
            label = _strip_diacritics(label)
        if field.kind is FieldKind.YES_NO:
            shown: Value = "Có" if value == 1 else "Không"
        else:
            shown = value
        if field.id == "households_fibre":
            shown = f"{shown} (ước tính)"  # a note typed into the number's cell
        unit_of_measure = field.unit_label.vi if field.unit_label else ""
        note = "Theo số liệu của VNPT, Viettel" if field.id == "households_fibre" else None
        ws.append([number, label, unit_of_measure, shown, note])
    ws.column_dimensions["B"].width = 55
    ws.column_dimensions["E"].width = 20
    ws.append([])
    ws.append([None, "Người lập biểu", None, "Chủ tịch UBND xã"])
    wb.save(path)


# ── Helpers ────────────────────────────────────────────────────────────────────
def _rate(
    name: str, profile: Profile, index: int, year: random.Random, *, shift: float = 0.0
) -> float:
    (levels, spread) = RATES[name]
    # The unit's own offset is drawn from its name and the rate, so it is the same
    # every year: a unit stays ahead or behind, as real units do.
    own = random.Random(f"offset/{name}/{profile.code}").uniform(-0.5, 0.5) * spread
    noise = year.uniform(-0.2, 0.2) * spread
    value = levels[index] + shift + spread * profile.readiness + own + noise
    if levels[index] >= 1.0:
        return 1.0  # a target everyone reached that year (e.g. 100 % on time in 2024)
    return _clip(value, 0.0, 1.0)


def _part(whole: int, rate: float) -> int:
    return min(whole, max(0, round(whole * rate)))


def _clip(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def _as_int(value: Value) -> int:
    assert isinstance(value, int | float) and not math.isnan(value)
    return int(value)


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _load(kpis: Path, units_file: Path) -> tuple[Catalogue, Units]:
    catalogue, catalogue_findings = load_catalogue(kpis)
    units, unit_findings = load_units(units_file, catalogue)
    errors = [*catalogue_findings.errors, *unit_findings.errors]
    if catalogue is None or units is None or errors:
        raise SystemExit(f"cannot generate: {len(errors)} error(s) in {kpis} or {units_file}")
    return catalogue, units


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=PROVINCE / "submissions")
    parser.add_argument("--period", action="append", choices=PERIODS, dest="periods")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists() and args.periods is None:
        # A full run owns the folder: drop periods no longer generated.
        for stale in out.iterdir():
            if stale.is_dir() and stale.name not in PERIODS:
                shutil.rmtree(stale)
    written = generate(out, periods=args.periods or PERIODS)
    print(f"wrote {len(written)} workbooks to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
