"""The province's flows: units import, periods, scoring, downloads, export, publishing, audit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chiso.cli import main

from .portal_kit import EXAMPLE, PASSWORD, client_for, upload, workbook

pytestmark = pytest.mark.django_db

# Three communes of Việt Trì and one of Thị xã Phú Thọ, 2023 and 2024.
SENT = ["07882", "07897", "07936", "07948"]


def test_importing_the_units_file_makes_one_account_per_unit_with_one_time_passwords(
    db: None,
) -> None:
    from chiso.portal.accounts import create_admin

    create_admin("root", PASSWORD)
    client = client_for("root")
    response = client.post("/province/units/", {
        "units_file": SimpleUploadedFile("units.csv", (EXAMPLE / "units.csv").read_bytes())})
    assert response.status_code == 200
    page = response.content.decode()
    # 53 units: 1 province, 8 departments, 13 districts, 31 communes
    assert page.count('data-testid="password-') == 53
    password = page.split('data-testid="password-08440">')[1].split("<")[0]
    from chiso.portal.models import Account

    roles = {a.unit.code: a.role for a in Account.objects.exclude(unit=None)}
    assert (roles["25"], roles["227"], roles["08440"], roles["S-TTTT"]) == (
        "admin", "reviewer", "reporter", "reporter")
    # the one-time password works, and must be changed before anything else
    commune = Client()
    answer = commune.post("/login/", {"username": "08440", "password": password})
    assert answer.status_code == 302
    assert commune.get("/unit/08440/")["Location"] == "/password/"
    changed = commune.post("/password/", {"old_password": password,
                                          "new_password1": "Mat-khau-moi-2025",
                                          "new_password2": "Mat-khau-moi-2025"})
    assert changed.status_code == 302
    commune.get("/password/done/")
    assert commune.get("/unit/08440/").status_code == 200


def test_a_units_file_with_errors_is_not_imported_and_its_findings_are_shown(db: None) -> None:
    from chiso.portal.accounts import create_admin
    from chiso.portal.models import PortalUnit

    create_admin("root", PASSWORD)
    broken = b"code,name,level,parent\n25,Tinh,province,\n227,Viet Tri,district,99\n"
    response = client_for("root").post("/province/units/", {
        "units_file": SimpleUploadedFile("units.csv", broken)})
    assert response.status_code == 400
    assert 'data-testid="units-findings"' in response.content.decode()
    assert "99" in response.content.decode()
    assert not PortalUnit.objects.exists()


def test_opening_closing_and_dating_a_period(province: Any) -> None:
    admin = client_for("admin")
    assert admin.post("/province/periods/", {"code": "2025-q3",
                                             "deadline": "2025-10-15T17:00"}).status_code == 302
    from chiso.portal.models import ReportingPeriod

    period = ReportingPeriod.objects.get(code="2025-Q3")
    # typed in the province's time (Asia/Ho_Chi_Minh, UTC+7), kept as an instant
    assert period.is_open and period.deadline.isoformat() == "2025-10-15T10:00:00+00:00"
    admin.post("/province/periods/2025-Q3/", {"action": "close"})
    period.refresh_from_db()
    assert not period.is_open
    assert client_for("07882").get("/unit/07882/").content.decode().count("2025-Q3") >= 1


def _send_all() -> None:
    for period in ("2023", "2024"):
        for code in SENT:
            upload(client_for(code), code, period, workbook(code, period), name=f"{code}.xlsx")


def test_scoring_writes_what_chiso_score_writes_on_the_export(
    province: Any, tmp_path: Path, monkeypatch: Any,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    _send_all()
    admin = client_for("admin")
    assert admin.post("/province/periods/2024/score/").status_code == 302
    from chiso.portal.models import ScoreRun

    run = ScoreRun.objects.get()
    assert run.exit_code == 0 and run.n_files == 8
    assert {"scorecard.xlsx", "result.json"} <= set(run.files)
    portal_card = b"".join(admin.get(f"/province/scores/{run.pk}/scorecard.xlsx")
                           .streaming_content)
    portal_json = b"".join(admin.get(f"/province/scores/{run.pk}/result.json")
                           .streaming_content)
    # the command a province runs on its own machine
    out = tmp_path / "export"
    exported = CliRunner().invoke(main, ["export", "--data", str(tmp_path / "data"),
                                         "--out", str(out), "--period", "2024"])
    assert exported.exit_code == 0, exported.output
    monkeypatch.chdir(out)
    scored = CliRunner().invoke(main, ["score", ".", "--out", "out", "--json", "--quiet"])
    assert scored.exit_code == 0, scored.output
    assert (out / "out" / "scorecard.xlsx").read_bytes() == portal_card
    assert (out / "out" / "result.json").read_bytes() == portal_json
    assert admin.get(f"/province/scores/{run.pk}/../../secret_key").status_code == 404


def test_an_exported_workbook_is_dated_when_it_was_uploaded(
    province: Any, tmp_path: Path
) -> None:
    # The tracker reads an exported file's time as "received": it must be the
    # upload's time, not the time of the export, or two exports disagree.
    _send_all()
    from chiso.portal.models import Upload

    out = tmp_path / "export"
    exported = CliRunner().invoke(main, ["export", "--data", str(tmp_path / "data"),
                                         "--out", str(out), "--period", "2024"])
    assert exported.exit_code == 0, exported.output
    latest = Upload.objects.filter(unit__code="07882", period__code="2024").latest("version")
    stamp = (out / "submissions" / "2024" / "07882.xlsx").stat().st_mtime
    assert stamp == pytest.approx(latest.created_at.timestamp(), abs=1e-3)


def test_a_unit_sees_its_results_only_once_the_period_is_published(province: Any) -> None:
    _send_all()
    admin = client_for("admin")
    commune = client_for("07882")
    assert admin.post("/province/periods/2024/", {"action": "publish"}).status_code == 302
    from chiso.portal.models import ReportingPeriod

    assert ReportingPeriod.objects.get(code="2024").published_at is None  # not scored yet
    admin.post("/province/periods/2024/score/")
    assert commune.get("/unit/07882/2024/results/").status_code == 404
    admin.post("/province/periods/2024/", {"action": "publish"})
    page = commune.get("/unit/07882/2024/results/")
    assert page.status_code == 200
    result = json.loads(b"".join(admin.get(
        f"/province/scores/{ReportingPeriod.objects.get(code='2024').scores.get().pk}"
        "/result.json").streaming_content))
    ranks = [r for r in result["composite"] if r["unit"] == "07882" and r["period"] == "2024"]
    assert ranks and f'data-testid="rank">{ranks[0]["rank"]}' in page.content.decode()
    # a percent KPI as people read it in Vietnamese: 0.643 → "64,3%"
    percent = {k["id"] for k in result["kpis"] if k["unit"] == "percent"}
    value = next(r["value"] for r in result["values"] if r["unit"] == "07882"
                 and r["period"] == "2024" and r["kpi"] in percent and r["value"] is not None)
    assert f"{value * 100:.1f}".replace(".", ",") + "%" in page.content.decode()
    # the API says the same
    from chiso.portal.accounts import new_token
    from chiso.portal.models import Account

    token = new_token(Account.objects.get(unit__code="07882").user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token}").get("/api/v1/units/07882/2024/results")
    assert api.status_code == 200
    assert [r["rank"] for r in api.json()["composite"]] == [r["rank"] for r in ranks]
    # another commune's results stay closed to it
    assert client_for("07897").get("/unit/07882/2024/results/").status_code == 404


def test_the_audit_log_says_who_did_what(province: Any) -> None:
    upload(client_for("227"), "07882", "2024", workbook("07882"))
    admin = client_for("admin")
    admin.post("/province/periods/2024/", {"action": "close"})
    page = admin.get("/province/audit/").content.decode()
    assert 'data-action="upload"' in page and 'data-action="period_close"' in page
    assert "07882 2024 v1" in page


def test_the_version_history_lists_every_version(province: Any) -> None:
    client = client_for("07882")
    for _ in range(3):
        upload(client, "07882", "2024", workbook("07882"))
    page = client_for("admin").get("/province/units/07882/history/").content.decode()
    assert [f'data-version="{n}"' in page for n in (1, 2, 3)] == [True, True, True]


def test_the_api_uploads_and_returns_the_findings_as_json(province: Any) -> None:
    client = client_for("08440")
    page = client.post("/account/token/").content.decode()
    token = page.split('id="token-value">')[1].split("<")[0]
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.post("/api/v1/uploads", {
        "unit": "08440", "period": "2024",
        "workbook": SimpleUploadedFile("08440.xlsx", workbook("08440"))})
    assert response.status_code == 201
    body = response.json()
    assert (body["version"], body["status"], body["summary"]["error"]) == (1, "accepted", 1)
    assert body["findings"][0]["location"]["file"] == "08440.xlsx"
    detail = api.get(f"/api/v1/uploads/{body['id']}").json()
    assert detail["findings"] == body["findings"]
    assert Client(HTTP_AUTHORIZATION="Token wrong").get(
        f"/api/v1/uploads/{body['id']}").status_code == 401
    assert Client().get(f"/api/v1/uploads/{body['id']}").status_code == 401
    assert api.post("/api/v1/uploads", {"unit": "08440", "period": "2024"}).status_code == 400


def test_a_wrong_period_or_deadline_is_said_in_both_languages(province: Any) -> None:
    admin = client_for("admin")
    for form in ({"code": "2025-Q5"}, {"code": "2025", "deadline": "15/10/2025"}):
        page = admin.post("/province/periods/", form, follow=True).content.decode()
        assert "không hợp lệ" in page and "invalid" in page.lower()
    from chiso.portal.models import ReportingPeriod

    assert not ReportingPeriod.objects.filter(code__startswith="2025").exists()


def test_a_later_scoring_is_not_shown_to_units_until_published_again(province: Any) -> None:
    _send_all()
    admin = client_for("admin")
    admin.post("/province/periods/2024/score/")
    admin.post("/province/periods/2024/", {"action": "publish"})
    from chiso.portal.models import ReportingPeriod, ScoreRun

    first = ScoreRun.objects.get()
    admin.post("/province/periods/2024/score/")
    second = ScoreRun.objects.exclude(pk=first.pk).get()
    period = ReportingPeriod.objects.get(code="2024")
    assert period.shown_run() == first and period.shown_run(preview=True) == second
    admin.post("/province/periods/2024/", {"action": "publish"})
    period.refresh_from_db()
    assert period.shown_run() == second
