"""A YAML alias bomb in a KPI file is refused at the alias, in bounded time (K008)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from chiso.cli import main
from chiso.cli.exit_codes import ExitCode
from tests.kit import pos, write_kpi_files

from .conftest import Loader, codes, where

# 468 bytes that stand for 9⁹ strings once every alias is followed
BOMB = """\
x-a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
x-g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
x-h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
fields: [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_is_k008_at_the_alias_that_passes_the_budget(load: Loader) -> None:
    _, findings = load(**{"bomb.yaml": BOMB})
    (bomb,) = [f for f in findings if f.code == "K008"]
    # the same sums as the units file's bomb: e's first alias passes 10,000 added values
    assert where(bomb) == ("bomb.yaml", *pos(BOMB, "*d"))
    assert "'*d'" in bomb.message_en
    assert "K001" not in codes(findings)


def test_validate_exits_1_on_an_alias_bomb(tmp_path: Path) -> None:
    root = write_kpi_files(tmp_path / "kpis", {"bomb.yaml": BOMB})
    outcome = CliRunner().invoke(main, ["validate", str(root), "--lang", "en"])
    assert outcome.exit_code == ExitCode.FINDINGS
    assert "K008" in outcome.output


def test_anchors_for_shared_labels_are_read(load: Loader) -> None:
    fields = """\
    x-count: &count {kind: count}
    fields:
      - {<<: *count, id: dossiers_total, label: {vi: Tổng số hồ sơ, en: All dossiers}}
      - <<: *count
        id: dossiers_online
        label: {vi: Hồ sơ trực tuyến, en: Online dossiers}
        constraints: [">= 0", "<= dossiers_total"]
    """
    catalogue, findings = load(**{"fields.yaml": fields})
    assert "K008" not in codes(findings)
    assert catalogue is not None and catalogue.fields["dossiers_total"].kind.value == "count"
