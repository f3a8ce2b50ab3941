"""A small catalogue and unit tree shared by the submission tests."""

from __future__ import annotations

import pytest

from chiso.catalogue.model import Catalogue, CatalogueInfo, FieldDef, FieldKind, Plausible, Text
from chiso.units.model import Unit, Units


def _field(id: str, vi: str, kind: FieldKind, **extra: object) -> FieldDef:
    return FieldDef(id=id, label=Text(vi=vi, en=id.replace("_", " ")), kind=kind, **extra)


@pytest.fixture
def catalogue() -> Catalogue:
    fields = [
        _field("civil_servants", "Tổng số cán bộ, công chức", FieldKind.COUNT,
               unit_label=Text(vi="người", en="people")),
        _field("civil_servants_with_computer", "Số cán bộ, công chức được trang bị máy tính",
               FieldKind.COUNT, constraints=["<= civil_servants"]),
        _field("dossiers_total", "Tổng số hồ sơ thủ tục hành chính tiếp nhận", FieldKind.COUNT),
        _field("dossiers_online", "Số hồ sơ tiếp nhận trực tuyến", FieldKind.COUNT,
               constraints=["<= dossiers_total"], aliases=["Hồ sơ trực tuyến"]),
        _field("digitised_rate", "Tỷ lệ hồ sơ được số hóa", FieldKind.PERCENT,
               plausible=Plausible(min=0.05)),
        _field("it_budget", "Kinh phí chi cho công nghệ thông tin", FieldKind.AMOUNT,
               required=False, plausible=Plausible(max=50_000),
               unit_label=Text(vi="triệu đồng", en="million dong")),
        _field("has_it_officer", "Có cán bộ chuyên trách công nghệ thông tin", FieldKind.YES_NO),
        _field("cadastral_map", "Có bản đồ địa chính số", FieldKind.YES_NO, levels=["commune"]),
    ]
    return Catalogue(
        info=CatalogueInfo(id="phu_tho", name=Text(vi="Chỉ số chuyển đổi số Phú Thọ",
                                                  en="Phu Tho digital transformation index"),
                           version="2024.1"),
        groups={}, fields={f.id: f for f in fields}, kpis={}, programmes={},
        digest="d1g3st",
    )


@pytest.fixture
def units() -> Units:
    return Units.of([
        Unit("25", "Tỉnh Phú Thọ", "province"),
        Unit("S01", "Sở Khoa học và Công nghệ", "department", parent="25"),
        Unit("227", "Thành phố Việt Trì", "district", parent="25"),
        Unit("230", "Huyện Cẩm Khê", "district", parent="25"),
        Unit("08500", "Phường Gia Cẩm", "commune", parent="227"),
        Unit("08503", "Xã Phương Xá", "commune", parent="230", aliases=("Phương Xá",)),
    ])
