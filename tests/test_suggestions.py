"""'Did you mean' within a budget: many unknown names never compare each with every candidate."""

from __future__ import annotations

from chiso.findings import Suggestions


def test_suggestions_stop_when_the_budget_is_spent() -> None:
    pool = [f"unit-{i}" for i in range(100)]
    suggest = Suggestions(pool, budget=250)  # two lookups of 100 comparisons each
    assert suggest("unit-1x") == "unit-1"
    assert suggest("unit-2x") == "unit-2"
    assert suggest("unit-3x") is None  # budget spent: no suggestion, no comparison


def test_a_word_asked_again_costs_nothing() -> None:
    suggest = Suggestions(["Việt Trì", "Cẩm Khê"], budget=2)
    assert suggest("Viet Tri") == "Việt Trì"  # spends the whole budget
    assert suggest("Cam Khe") is None  # nothing left for a new word
    assert suggest("Viet Tri") == "Việt Trì"  # remembered, no comparison


def test_nothing_close_is_no_suggestion() -> None:
    assert Suggestions(["227", "230"])("Hà Nội") is None
