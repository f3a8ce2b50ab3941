"""The KPI dependency graph is one rule for the catalogue checks and the engine."""

from __future__ import annotations

from chiso.catalogue.checks import check_catalogue
from chiso.catalogue.graph import cycles, dependency_closure, direct_inputs, is_kpi_name, plan_for
from tests.kit import catalogue, derived, field, ratio


def test_a_name_that_is_both_a_field_and_a_kpi_is_a_field() -> None:
    assert is_kpi_name("rate", kpis={"rate"}, fields=set())
    assert not is_kpi_name("rate", kpis={"rate"}, fields={"rate"})


def test_cycles_are_found_once_each_starting_at_the_smallest_id() -> None:
    edges = {"c": ["a"], "a": ["b"], "b": ["c", "b"], "d": ["a"]}
    # c → a → b → c is one cycle whichever KPI the search starts from; b → b another.
    assert cycles(edges) == [("a", "b", "c"), ("b",)]


def test_the_checks_and_the_engine_see_the_same_cycle() -> None:
    cat = catalogue(
        [field("n"), field("d")],
        [ratio("r", "n", "d"), derived("x", "y + r"), derived("y", "x * 2"), derived("z", "x")],
    )
    assert direct_inputs(cat, cat.kpis["x"]) == ([], ["y", "r"])
    assert sorted(dependency_closure(cat, ["z"])) == ["r", "x", "y", "z"]
    plan = plan_for(cat)
    assert plan.order[0] == "r" and plan.cyclic == {"x", "y", "z"}  # z is downstream
    k207 = [f for f in check_catalogue(cat) if f.code == "K207"]
    assert [f.subject for f in k207] == ["x"]  # one finding: x → y → x
