"""The national benchmark's corpus: deterministic, realistic, and clean for the reader.

A 5-commune corpus keeps these fast; the national one is the same code with
bigger numbers.
"""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from types import ModuleType

import pytest

from chiso.catalogue.loader import load_catalogue
from chiso.catalogue.model import FieldKind
from chiso.submissions.batch import read_submissions
from chiso.submissions.template import fill_template, write_templates
from chiso.units.loader import load_units
from chiso.units.model import Units


def _small(corpus: ModuleType, **overrides: object) -> object:
    values: dict[str, object] = {
        "communes": 5, "provinces": 2, "periods": 2, "handmade": 2, "text_rate": 0.3,
    }
    values.update(overrides)
    return corpus.CorpusSpec(**values)


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


def test_same_spec_gives_the_same_bytes(corpus: ModuleType, tmp_path: Path) -> None:
    first = corpus.build(_small(corpus), cache=tmp_path / "a")
    second = corpus.build(_small(corpus), cache=tmp_path / "b")
    assert not first.cached and not second.cached
    # 5 communes × 2 periods = 10 workbooks, 2 of them hand-made.
    assert len(first.files) == 10 and len(first.handmade) == 2
    assert _digests(first.root) == _digests(second.root)


def test_second_build_comes_from_the_cache(corpus: ModuleType, tmp_path: Path) -> None:
    built = corpus.build(_small(corpus), cache=tmp_path)
    again = corpus.build(_small(corpus), cache=tmp_path)
    assert again.cached and again.root == built.root and again.files == built.files


def test_catalogue_is_topped_up_to_the_requested_kpis(corpus: ModuleType, tmp_path: Path) -> None:
    built = corpus.build(_small(corpus, kpis=60), cache=tmp_path)  # > the shipped 42
    catalogue, findings = load_catalogue(built.kpis)
    assert catalogue is not None and not findings.errors
    commune_kpis = [k for k in catalogue.kpis.values() if k.levels is None or "commune" in k.levels]
    assert len(commune_kpis) == 60
    assert built.extra_kpis == sum(1 for k in catalogue.kpis if k.startswith("bench_"))


@pytest.mark.parametrize("blank_field", [None, "dossiers_online"])
def test_cloned_template_is_what_the_writer_writes(
    corpus: ModuleType, tmp_path: Path, blank_field: str | None
) -> None:
    """Cloning the prototype's XML gives the members chiso's own writer + filler give,
    a value left blank included, with or without lxml (openpyxl serialises through it
    when it is importable; the clone reads the serialisation off a blank template)."""
    built = corpus.build(_small(corpus), cache=tmp_path / "c")
    catalogue, _ = load_catalogue(built.kpis)
    units, _ = load_units(built.units_file, catalogue)
    assert catalogue is not None and units is not None
    commune = units.at_level("commune")[0]
    parent = units[str(commune.parent)]
    period = built.periods[-1]
    values = corpus.unit_values(catalogue, commune, built.periods, built.spec.seed)[period]
    if blank_field is not None:
        assert blank_field in values
        values = {**values, blank_field: None}
    prototype = corpus.make_prototype(catalogue, "commune", period, tmp_path / "proto")
    name, body = corpus.render_template(
        prototype, catalogue, commune, parent, values, random.Random(0), text_rate=0.0
    )
    (blank,) = write_templates(catalogue, Units.of([parent, commune]), period, tmp_path / "real")
    typed = {
        k: None if v is None
        else ("Có" if v else "Không") if catalogue.fields[k].kind is FieldKind.YES_NO
        else int(v) if float(v).is_integer() else v
        for k, v in values.items()
    }
    fill_template(blank, typed)
    assert name == blank.name
    assert corpus.read_zip(body) == corpus.read_zip(blank.read_bytes())


def test_reader_accepts_the_corpus_without_errors(corpus: ModuleType, tmp_path: Path) -> None:
    built = corpus.build(_small(corpus), cache=tmp_path)
    catalogue, _ = load_catalogue(built.kpis)
    units, _ = load_units(built.units_file, catalogue)
    assert catalogue is not None and units is not None
    dataset = read_submissions(built.files, catalogue, units, workers=1)
    assert [f for f in dataset.findings if f.severity.value == "error"] == []
    # Every commune reports in every period, hand-made sheets included.
    reported = set(zip(dataset.values["unit"], dataset.values["period"], strict=True))
    communes = {u.code for u in units.at_level("commune")}
    assert reported == {(c, p) for c in communes for p in built.periods}


@pytest.mark.parametrize(("sheet", "blank", "char_refs"), [
    # et_xmlfile (openpyxl without lxml): UTF-8 text, "<c … />"
    ('<c r="D8" s="5" t="inlineStr"><is><t>Mã</t></is></c><c r="E8" s="6" t="n" />',
     b' t="n" />', False),
    # lxml: character references, "<c …></c>"
    ('<c r="D8" s="5" t="inlineStr"><is><t>M&#227;</t></is></c><c r="E8" s="6" t="n"></c>',
     b' t="n"></c>', True),
])
def test_the_serialisation_is_read_off_the_blank_template(
    corpus: ModuleType, sheet: str, blank: bytes, char_refs: bool
) -> None:
    style = corpus.XmlStyle.of(sheet.encode("utf-8"))
    assert (style.blank_cell, style.char_refs) == (blank, char_refs)
    assert corpus.cell_xml(None, FieldKind.COUNT, False, style) == blank
    # "Xã Hà" as each serialiser writes it: ã is U+00E3 (227), à is U+00E0 (224).
    assert style.text("Xã Hà & co") == (
        b"X&#227; H&#224; &amp; co" if char_refs else "Xã Hà &amp; co".encode())
