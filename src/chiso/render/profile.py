"""A one-page profile of a unit: what a leader reads about one district.

Its goals against their targets at the latest period, each goal's trend over every
period (with the target and the deadline), its rank and the change since the period
before, how many of its units reported (the submission tracker), and the findings
on its files and theirs. Answered once here, as rows, for the scorecard's profile
sheets and the HTML report's profile pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from chiso.catalogue.model import Programme
from chiso.engine.result import Result
from chiso.findings import Finding, Lang
from chiso.periods import Period, PeriodError
from chiso.render import tables
from chiso.render.labels import format_number, label, level_label


@dataclass(frozen=True)
class Coverage:
    """How many of a unit's own units (communes) were expected to report in a period,
    and how many did."""

    period: str
    expected: int
    reported: int

    @property
    def complete(self) -> bool:
        return self.reported >= self.expected


@dataclass(frozen=True)
class UnitProfile:
    unit: str
    name: str
    level: str
    period: str | None
    programme: Programme
    goals: list[tables.GoalRow]
    histories: dict[str, tables.GoalHistory]  # goal id → its values over the periods
    rank: tables.RankRow | None
    ranked_among: int  # units ranked at its level
    coverage: list[Coverage]  # every period, oldest first
    findings: list[Finding]  # on its files and its units' files, errors first


def profile_programme(result: Result) -> Programme | None:
    """The programme a unit's profile shows when one is not named: the catalogue's
    first (the province's own resolution in the example)."""
    return next(iter(result.catalogue.programmes.values()), None)


def profiled_units(result: Result, programme: Programme, lang: Lang) -> list[str]:
    """The units that get a profile: those of the level a leader compares (the districts),
    in ranking order, then any of that level without a rank."""
    ranked = tables.ranking_rows(result, programme, lang)
    level = tables.ranked_level(result, ranked)
    if level is None:
        return []
    codes = [r.unit for r in ranked if r.level == level]
    codes += [u.code for u in result.units if u.level == level and u.code not in codes]
    return codes


def unit_profiles(result: Result, programme: Programme, lang: Lang) -> list[UnitProfile]:
    """The profile of every unit :func:`profiled_units` names."""
    ranked = tables.ranking_rows(result, programme, lang)
    every = tables.all_findings(result)  # sorted once, not once a unit (a country: 111k)
    return [
        unit_profile(result, programme, code, lang, ranked=ranked, every=every)
        for code in profiled_units(result, programme, lang)
    ]


def unit_profile(
    result: Result,
    programme: Programme,
    code: str,
    lang: Lang,
    *,
    ranked: list[tables.RankRow] | None = None,
    every: Sequence[Finding] | None = None,
) -> UnitProfile:
    ranked = tables.ranking_rows(result, programme, lang) if ranked is None else ranked
    unit = result.units[code]
    rank = next((r for r in ranked if r.unit == code), None)
    goals = tables.goal_rows(result, programme, code, lang)
    own = _own_rows(result, code)
    return UnitProfile(
        unit=code,
        name=unit.label(lang),
        level=unit.level,
        period=tables.remembered(
            result, ("profile_period", programme.id), programme,
            lambda: tables.latest_period(tables.rows_of(result.progress, programme=programme.id),
                                         result.latest_period),
        ),
        programme=programme,
        goals=goals,
        histories={h.goal: h for h in tables.goal_histories(result, programme, code, lang)},
        rank=rank,
        ranked_among=sum(1 for r in ranked if r.level == unit.level and r.rank is not None),
        coverage=_coverage(own, code),
        findings=_findings(result, own, every),
    )


def _own_rows(result: Result, code: str) -> tables.pd.DataFrame:
    """The tracker's rows of the unit and of the units below it."""
    frame = result.tracker
    if frame is None or frame.empty:
        return frame
    below = {u.code for u in result.units if _under(result, u.code, code)}
    return frame[frame["unit"].astype(str).isin(below | {code})]


def _under(result: Result, unit: str, ancestor: str) -> bool:
    found = result.units.get(unit)
    parent = found.parent if found else None
    seen = 0
    while parent is not None and seen < 32:  # a hierarchy is a few levels deep
        if parent == ancestor:
            return True
        found = result.units.get(parent)
        parent = found.parent if found else None
        seen += 1
    return False


def _coverage(rows: tables.pd.DataFrame, code: str) -> list[Coverage]:
    if rows is None or rows.empty:
        return []
    below = rows[(rows["unit"].astype(str) != code) & rows["expected"].astype(bool)]
    if below.empty:  # nothing below it reports: its own report is the coverage
        below = rows[rows["expected"].astype(bool)]
    out = []
    for period in tables.sort_periods(below["period"]):
        part = below[below["period"].astype(str) == period]
        out.append(Coverage(period, len(part), int((part["status"] != "missing").sum())))
    return out


def _findings(result: Result, rows: tables.pd.DataFrame, every: Sequence[Finding] | None
              ) -> list[Finding]:
    """The findings on the files in the unit's tracker rows, in ``every``'s order (default:
    :func:`tables.all_findings`), errors first."""
    if rows is None or rows.empty:
        return []
    if every is None:
        every = tables.all_findings(result)
    by_file = _findings_by_file(result, every)
    positions = sorted(i for f in {str(f) for f in rows["file"].dropna()}
                       for i in by_file.get(f, ()))
    return sorted((every[i] for i in positions), key=lambda f: -f.severity.rank)


def _findings_by_file(result: Result, every: Sequence[Finding]) -> dict[str, list[int]]:
    """File → the positions of its findings in ``every``: indexed once for every profile
    (a country: 111k findings, hundreds of districts)."""
    def index() -> dict[str, list[int]]:
        by_file: dict[str, list[int]] = {}
        for i, finding in enumerate(every):
            if finding.location.file is not None:
                by_file.setdefault(finding.location.file, []).append(i)
        return by_file

    return tables.remembered(result, ("findings_by_file",), every, index)


def trend_axis(
    history: tables.GoalHistory, deadline: str | None
) -> tuple[list[str], list[float | None], int | None]:
    """The periods a goal's trend chart spans — every period with data, then the
    deadline when it is still ahead (a trend that stops at the last period hides how far
    there is to go) — their values (None at the deadline not reached yet) and the
    deadline's position (None when it cannot be placed)."""
    labels, values = list(history.periods), list(history.values)
    if not deadline:
        return labels, values, None
    if deadline in labels:
        return labels, values, labels.index(deadline)
    try:
        ahead = not labels or Period.parse(deadline) > Period.parse(labels[-1])
    except PeriodError:
        return labels, values, None
    if not ahead:
        return labels, values, None
    return [*labels, deadline], [*values, None], len(labels)


#: Findings a profile page lists; the rest are counted (the page stays one page).
FINDINGS_SHOWN = 5

#: Trend charts on a profile page: the goals furthest behind first (the 21 DTI goals'
#: charts would take three pages); a long goal table leaves room for one row only.
CHARTS = 6
CHARTS_BESIDE_LONG_TABLE = 4
LONG_TABLE = 12
_URGENCY = ("not_achieved", "off_track", "at_risk", "on_track", "achieved", "not_assessable")


def charted_goals(profile: UnitProfile) -> set[str]:
    """The goals whose trend a profile page draws."""
    with_data = [
        g for g in profile.goals
        if g.status in _URGENCY
        and (h := profile.histories.get(g.goal)) is not None
        and any(v is not None for v in h.values)
    ]
    with_data.sort(key=lambda g: _URGENCY.index(g.status))  # stable: goal order within
    room = CHARTS if len(profile.goals) <= LONG_TABLE else CHARTS_BESIDE_LONG_TABLE
    return {g.goal for g in with_data[:room]}


def rank_text(profile: UnitProfile, lang: Lang) -> str:
    """``Hạng 3/13 huyện · Điểm tổng hợp: 97,2 · Thay đổi: +4,6``."""
    rank = profile.rank
    if rank is None or rank.rank is None:
        return label("profile_not_ranked", lang)
    parts = [label("profile_rank_of", lang).format(
        rank=rank.rank_text, n=profile.ranked_among,
        level=level_label(profile.level, lang).lower(),
    )]
    if rank.score is not None:
        parts.append(f"{label('col_score', lang)}: "
                     f"{format_number(rank.score, 'number', lang, digits=1)}")
    if rank.change is not None:
        change = format_number(abs(rank.change), "number", lang, digits=1)
        parts.append(f"{label('col_change_short', lang)}: {'+' if rank.change >= 0 else '−'}"
                     f"{change}")
    return " · ".join(parts)


def coverage_text(profile: UnitProfile) -> str:
    """``2022: 3/3 · 2023: 3/3 · 2024: 2/3``."""
    return " · ".join(f"{c.period}: {c.reported}/{c.expected}" for c in profile.coverage)
