"""Each progress method's thresholds, tested on, just below and just above.

Eurostat (and linear) judge the ratio observed / required rate: on track from 0.95,
at risk from 0.60, limited progress from 0, deterioration below. UNSD judges the
projected share of the distance P: on track from 0.95, at risk from 0.10.

A value *on* a threshold belongs to the better class (``≥``). Exact thresholds are
reached with the linear arithmetic, whose divisions are exact in binary (19/20 is
the double nearest 0.95, as is the literal); the compound-growth methods are
tested a hair below and above, with the series solved for the threshold by hand.
"""

from __future__ import annotations

import pytest

from chiso.engine.trend import Assessment, assess_series


def linear(latest: float, *, method: str = "linear") -> Assessment:
    """100 at 2020 → ``latest`` at 2024, target >= 200 by 2025.

    Required 100/5 = 20 a year; observed (latest − 100)/4; ratio (latest − 100)/80.
    """
    return assess_series(
        [2020, 2024], [100, latest], target=200, comparison=">=", deadline=2025, method=method
    )


@pytest.mark.parametrize(
    ("latest", "ratio", "status", "note"),
    [
        (176.01, 0.950125, "on_track", None),  # 76.01/80
        (176.00, 0.95, "on_track", None),  # 76/80 = 19/20: on the threshold
        (175.99, 0.949875, "at_risk", "acceleration_needed"),  # 75.99/80
        (148.01, 0.600125, "at_risk", "acceleration_needed"),  # 48.01/80
        (148.00, 0.60, "at_risk", "acceleration_needed"),  # 48/80 = 12/20: on the threshold
        (147.99, 0.599875, "off_track", "limited_progress"),  # 47.99/80
        (100.01, 0.000125, "off_track", "limited_progress"),  # 0.01/80
        (100.00, 0.0, "off_track", "limited_progress"),  # no change: on the threshold
        (99.99, -0.000125, "off_track", "deterioration"),  # −0.01/80
    ],
)
def test_linear_thresholds(latest: float, ratio: float, status: str, note: str | None) -> None:
    result = linear(latest)
    assert result.indicator == pytest.approx(ratio, abs=1e-12)
    assert (result.status, result.note) == (status, note)


@pytest.mark.parametrize(
    ("latest", "status", "note"),
    [
        # Solved by hand: observed CAGR = r · required, required = 1.5^0.2 − 1 = 0.0844718;
        # latest = 0.40 · (1 + r · 0.0844718)².
        # r = 0.95 → 0.0802482 → latest 0.466774
        (0.4668, "on_track", None),  # ratio 0.95035
        (0.4667, "at_risk", "acceleration_needed"),  # ratio 0.94898
        # r = 0.60 → 0.0506831 → latest 0.441574
        (0.4416, "at_risk", "acceleration_needed"),  # ratio 0.60037
        (0.4415, "off_track", "limited_progress"),  # ratio 0.59896
        # r = 0 → latest 0.40
        (0.4001, "off_track", "limited_progress"),  # ratio +0.00148
        (0.3999, "off_track", "deterioration"),  # ratio −0.00148
    ],
)
def test_eurostat_thresholds_on_compound_growth(
    latest: float, status: str, note: str | None
) -> None:
    # 0.40 (2020) → latest (2022), target >= 0.60 by 2025, a percent KPI
    result = assess_series(
        [2020, 2022], [0.40, latest], target=0.60, comparison=">=", deadline=2025, percent=True
    )
    assert result.fallback is None
    assert (result.status, result.note) == (status, note)


@pytest.mark.parametrize(
    ("latest", "status", "note"),
    [
        # P = (projected − 0.40)/0.20 with projected = latest · (latest/0.40)^(3/2)
        # = latest^2.5 / 0.40^1.5, so latest = ((0.40 + 0.20 · P) · 0.40^1.5)^0.4.
        # P = 0.95 → latest 0.467280
        (0.4673, "on_track", None),  # P 0.95028
        (0.4672, "at_risk", "acceleration_needed"),  # P 0.94889
        # P = 0.10 → latest 0.407883
        (0.4079, "at_risk", "acceleration_needed"),  # P 0.10022
        (0.4078, "off_track", "stagnation_or_regression"),  # P 0.09893
    ],
)
def test_unsd_thresholds_on_compound_growth(latest: float, status: str, note: str | None) -> None:
    result = assess_series(
        [2020, 2022],
        [0.40, latest],
        target=0.60,
        comparison=">=",
        deadline=2025,
        method="unsd",
        percent=True,
    )
    assert result.fallback is None
    assert (result.status, result.note) == (status, note)


@pytest.mark.parametrize(
    ("latest", "share", "status", "note"),
    [
        # 0 at 2020 → latest at 2024, target >= 100 by 2025: a zero baseline, so UNSD
        # projects in a straight line: latest + latest/4 = 1.25 · latest; P = that / 100.
        (76.01, 0.950125, "on_track", None),
        (76.00, 0.95, "on_track", None),  # 95/100: on the threshold
        (75.99, 0.949875, "at_risk", "acceleration_needed"),
        (8.01, 0.100125, "at_risk", "acceleration_needed"),
        (8.00, 0.10, "at_risk", "acceleration_needed"),  # 10/100: on the threshold
        (7.99, 0.099875, "off_track", "stagnation_or_regression"),
    ],
)
def test_unsd_thresholds_on_the_linear_fallback(
    latest: float, share: float, status: str, note: str | None
) -> None:
    result = assess_series(
        [2020, 2024], [0, latest], target=100, comparison=">=", deadline=2025, method="unsd"
    )
    assert result.fallback == "non_positive_value"
    assert result.indicator == pytest.approx(share, abs=1e-12)
    assert (result.status, result.note) == (status, note)


@pytest.mark.parametrize(
    ("latest", "ratio", "status"),
    [
        (48.00, 0.95, "on_track"),  # (48 − 200)/4 = −38 a year; −38/−40
        (48.02, 0.949875, "at_risk"),  # −37.995/−40
        (104.00, 0.60, "at_risk"),  # −24/−40
        (104.02, 0.599875, "off_track"),  # −23.995/−40
    ],
)
def test_eurostat_keeps_its_thresholds_on_the_linear_fallback(
    latest: float, ratio: float, status: str
) -> None:
    # Days to resolve 200 (2020) → latest (2024), target <= 0 by 2025: a target of 0 has
    # no growth rate, so eurostat judges the linear ratio with its own 0.95 / 0.60.
    # Required (0 − 200)/5 = −40 a year.
    result = assess_series(
        [2020, 2024], [200, latest], target=0, comparison="<=", deadline=2025, method="eurostat"
    )
    assert result.fallback == "non_positive_value"
    assert result.indicator == pytest.approx(ratio, abs=1e-12)
    assert result.status == status
