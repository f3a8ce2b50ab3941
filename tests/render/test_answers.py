"""Outputs ask a result the same questions many times; each is answered once per result
(render/tables.py ``answered``), and never for a result or a programme it was not asked of."""

from __future__ import annotations

from dataclasses import replace

from chiso.engine.result import Result
from chiso.render import tables
from chiso.render.points import points_rows


def test_a_ranking_is_computed_once_and_handed_out_as_a_copy(result: Result) -> None:
    programme = result.catalogue.programmes["nq"]
    first = tables.ranking_rows(result, programme, "vi")
    first.reverse()  # a caller may sort its list: the kept answer does not change
    again = tables.ranking_rows(result, programme, "vi")
    assert again == list(reversed(first))
    assert again[0] is first[-1]  # the same rows, not computed again


def test_each_language_and_programme_is_its_own_question(result: Result) -> None:
    programme = result.catalogue.programmes["nq"]
    vi = tables.ranking_rows(result, programme, "vi")
    en = tables.ranking_rows(result, programme, "en")
    assert [r.unit for r in vi] == [r.unit for r in en]
    assert vi[0] is not en[0]
    assert result.answers.keys() >= {
        ("chiso.render.tables", "ranking_rows", "nq", "vi"),
        ("chiso.render.tables", "ranking_rows", "nq", "en"),
    }


def test_a_changed_programme_with_the_same_id_is_answered_afresh(result: Result) -> None:
    programme = result.catalogue.programmes["nq"]
    before = tables.ranking_rows(result, programme, "vi")
    changed = programme.model_copy(update={"goals": programme.goals[:1]})
    after = tables.ranking_rows(result, changed, "vi")
    assert after[0] is not before[0]
    assert tables.ranking_rows(result, programme, "vi")[0] is not before[0]  # asked afresh


def test_a_new_result_starts_with_no_answers(result: Result) -> None:
    programme = result.catalogue.programmes["nq"]
    tables.ranking_rows(result, programme, "vi")
    assert result.answers
    other = replace(result, composite=result.composite.iloc[0:0])
    assert not other.answers
    assert tables.ranking_rows(other, programme, "vi") == []
    assert other == replace(other)  # answers are not part of a result's value
    assert points_rows(other, programme, "vi") == []


def test_a_unit_rows_split_equals_filtering_the_whole_frame(result: Result) -> None:
    programme = result.catalogue.programmes["nq"]
    for unit in ["227", "228", "25", "no-such-unit"]:
        split = tables.unit_rows(result, "compliance", programme, unit)
        whole = tables.rows_of(result.compliance, programme=programme.id, unit=unit)
        assert split.equals(whole), unit
