"""Uploading: versions, findings exactly as ``chiso check`` says them, refusals, safety."""

from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.utils import timezone
from openpyxl import load_workbook

from chiso.cli import main
from chiso.portal import storage

from .portal_kit import EXAMPLE, REPO, client_for, last_upload, upload, workbook

pytestmark = pytest.mark.django_db


def test_a_valid_workbook_is_accepted_stored_by_sha256_and_shown_without_findings(
    province: Any,
) -> None:
    data = workbook("07882")
    response = upload(client_for("07882"), "07882", "2024", data)
    stored = last_upload("07882", "2024")
    assert response.status_code == 302 and response["Location"] == f"/upload/{stored.pk}/"
    assert (stored.version, stored.status, stored.n_errors) == (1, "accepted", 0)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert storage.path_of(stored.sha256).read_bytes() == data
    page = client_for("07882").get(f"/upload/{stored.pk}/").content.decode()
    assert 'data-testid="no-findings"' in page


def _check_lines(tmp_path: Path, monkeypatch: Any, name: str, data: bytes,
                 lang: str = "vi") -> list[str]:
    """What ``chiso check --period 2024`` prints for the file, finding lines only."""
    folder = tmp_path / "check"
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, [
        "check", name, "--kpis", str(REPO / "kpis"), "--units", str(EXAMPLE / "units.csv"),
        "--period", "2024", "--lang", lang,
    ])
    assert result.exit_code == 1, result.output
    return [line for line in result.output.splitlines() if line.startswith(name)]


def test_findings_on_the_page_are_exactly_the_lines_chiso_check_prints(
    province: Any, tmp_path: Path, monkeypatch: Any,
) -> None:
    # Địch Quả (08440) left a required cell blank in 2024: an error with its cell.
    data = workbook("08440")
    upload(client_for("08440"), "08440", "2024", data, name="08440.xlsx")
    stored = last_upload("08440", "2024")
    assert stored.status == "accepted" and stored.n_errors == 1
    page = client_for("08440").get(f"/upload/{stored.pk}/").content.decode()
    expected = _check_lines(tmp_path, monkeypatch, "08440.xlsx", data)
    assert expected
    import html

    shown = html.unescape(page.split('data-testid="findings-text">')[1].split("</pre>")[0])
    assert shown.strip().splitlines() == expected


def test_the_english_switch_shows_the_english_messages(
    province: Any, tmp_path: Path, monkeypatch: Any,
) -> None:
    data = workbook("08440")
    client = client_for("08440")
    upload(client, "08440", "2024", data, name="08440.xlsx")
    stored = last_upload("08440", "2024")
    client.post("/lang/en/", {"next": "/"})
    page = client.get(f"/upload/{stored.pk}/").content.decode()
    import html

    shown = html.unescape(page.split('data-testid="findings-text">')[1].split("</pre>")[0])
    assert shown.strip().splitlines() == _check_lines(tmp_path, monkeypatch, "08440.xlsx",
                                                      data, lang="en")
    assert 'lang="en"' in page


def test_resubmission_keeps_every_version_and_the_latest_accepted_counts(province: Any) -> None:
    client = client_for("08440")
    first, fixed = workbook("08440"), workbook("08440", "2023")
    upload(client, "08440", "2024", first)
    # the 2023 file is another period's: kept, refused; then the same unit's 2024 again
    upload(client, "08440", "2024", fixed)
    upload(client, "08440", "2024", workbook("07882"))
    from chiso.portal.models import Upload
    from chiso.portal.uploads import latest_accepted

    versions = list(Upload.objects.filter(unit__code="08440").order_by("version"))
    assert [(v.version, v.status) for v in versions] == [
        (1, "accepted"), (2, "rejected"), (3, "rejected")]
    assert latest_accepted(province["periods"]["2024"])["08440"].version == 1
    # every version's bytes are still there, unchanged
    for version, data in zip(versions, (first, fixed, workbook("07882")), strict=True):
        assert storage.path_of(version.sha256).read_bytes() == data
        response = client.get(f"/upload/{version.pk}/file")
        assert b"".join(response.streaming_content) == data


def test_a_workbook_of_another_unit_is_refused_with_a_clear_finding(province: Any) -> None:
    upload(client_for("07897"), "07897", "2024", workbook("07882"))
    stored = last_upload("07897", "2024")
    assert stored.status == "rejected"
    codes = {f["code"]: f for f in stored.findings}
    assert "P002" in codes
    assert "07882" in codes["P002"]["message_vi"] and "07897" in codes["P002"]["message_en"]


def test_a_workbook_of_another_period_is_refused_with_a_clear_finding(province: Any) -> None:
    upload(client_for("07882"), "07882", "2024", workbook("07882", "2023"))
    stored = last_upload("07882", "2024")
    assert stored.status == "rejected"
    # the reader, told the period, says so at the cell that names 2023
    (wrong,) = [f for f in stored.findings if f["severity"] == "error"]
    assert wrong["code"] == "S103" and "2023" in wrong["message_en"]


def test_a_file_that_is_not_a_workbook_is_recorded_with_the_readers_finding(
    province: Any,
) -> None:
    client = client_for("07882")
    upload(client, "07882", "2024", workbook("07882"))
    upload(client, "07882", "2024", b"<html>not a workbook</html>", name="bao-cao.xlsx")
    bad = last_upload("07882", "2024")
    assert (bad.version, bad.status) == (2, "rejected")
    assert [f["code"] for f in bad.findings] == ["S001"]
    from chiso.portal.uploads import latest_accepted

    assert latest_accepted(province["periods"]["2024"])["07882"].version == 1


def test_a_workbook_is_recognised_by_its_content_not_its_name(province: Any) -> None:
    upload(client_for("07882"), "07882", "2024", workbook("07882"), name="report.bin")
    assert last_upload("07882", "2024").status == "accepted"


def test_an_upload_over_the_size_limit_is_refused_unread_and_recorded(
    province: Any, settings: Any,
) -> None:
    settings.CHISO_MAX_UPLOAD_BYTES = 1000
    upload(client_for("07882"), "07882", "2024", workbook("07882"))
    stored = last_upload("07882", "2024")
    assert stored.status == "rejected" and stored.sha256 == ""
    assert [f["code"] for f in stored.findings] == ["P001"]
    assert not storage.path_of(hashlib.sha256(workbook("07882")).hexdigest()).exists()


def test_a_zip_bomb_is_refused_by_the_readers_limits(province: Any) -> None:
    # 300 MB of one repeated byte compress to ~300 KB: a sheet no report needs.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(workbook("07882"))) as real:
            for item in real.infolist():
                if item.filename != "xl/worksheets/sheet1.xml":
                    archive.writestr(item.filename, real.read(item.filename))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b" " * 1_000_000
            for _ in range(300):
                sheet.write(chunk)
    response = upload(client_for("07882"), "07882", "2024", buffer.getvalue())
    stored = last_upload("07882", "2024")
    assert response.status_code == 302
    assert stored.status == "rejected"
    # the reader's own limit on an unpacked sheet
    assert [f["code"] for f in stored.findings] == ["S005"]


def test_a_closed_period_refuses_a_unit_but_not_the_province(province: Any) -> None:
    period = province["periods"]["2024"]
    period.is_open = False
    period.save()
    upload(client_for("07882"), "07882", "2024", workbook("07882"))
    stored = last_upload("07882", "2024")
    assert stored.status == "rejected" and "P003" in [f["code"] for f in stored.findings]
    upload(client_for("admin"), "07882", "2024", workbook("07882"))
    by_admin = last_upload("07882", "2024")
    assert (by_admin.version, by_admin.status, by_admin.on_behalf) == (2, "accepted", True)


def test_an_upload_after_the_deadline_counts_marked_late(province: Any) -> None:
    period = province["periods"]["2024"]
    period.deadline = timezone.now() - timezone.timedelta(days=1)
    period.save()
    upload(client_for("07882"), "07882", "2024", workbook("07882"))
    stored = last_upload("07882", "2024")
    assert stored.status == "accepted"
    assert [f["code"] for f in stored.findings] == ["P006"]


def test_a_district_reviewer_uploads_on_behalf_of_its_commune(province: Any) -> None:
    upload(client_for("227"), "07882", "2024", workbook("07882"))
    stored = last_upload("07882", "2024")
    assert stored.status == "accepted" and stored.on_behalf
    assert stored.uploaded_by.username == "227"
    from chiso.portal.models import AuditEntry

    entry = AuditEntry.objects.filter(action="upload").first()
    assert entry.user.username == "227" and entry.detail["on_behalf"] is True


def test_the_template_download_is_the_one_chiso_template_writes(
    province: Any, tmp_path: Path,
) -> None:
    response = client_for("07882").get("/unit/07882/2024/template.xlsx")
    assert response.status_code == 200
    result = CliRunner().invoke(main, [
        "template", "--kpis", str(REPO / "kpis"), "--units", str(EXAMPLE / "units.csv"),
        "--period", "2024", "--level", "commune", "--out", str(tmp_path / "t"),
    ])
    assert result.exit_code == 0, result.output
    (expected,) = (tmp_path / "t").glob("07882-*.xlsx")
    assert response["Content-Disposition"] == f'attachment; filename="{expected.name}"'
    mine = load_workbook(io.BytesIO(response.content))
    theirs = load_workbook(expected)
    assert mine.sheetnames == theirs.sheetnames
    for name in theirs.sheetnames:
        assert [[c.value for c in row] for row in mine[name].iter_rows()] == \
            [[c.value for c in row] for row in theirs[name].iter_rows()]


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_are_both_kept_in_order(province: Any) -> None:
    from django.db import connections

    from chiso.portal.models import PortalUnit, ReportingPeriod, Upload
    from chiso.portal.province import current
    from chiso.portal.uploads import receive

    unit = PortalUnit.objects.get(code="07882")
    period = ReportingPeriod.objects.get(code="2024")
    the_province = current()
    files = [workbook("07882"), workbook("07882", "2023")]  # two files, two sha256
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def send(data: bytes) -> None:
        try:
            barrier.wait()
            receive(io.BytesIO(data), filename="x.xlsx", size=len(data), unit=unit,
                    period=period, user=None, province=the_province)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(data,)) for data in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    versions = list(Upload.objects.filter(unit=unit, period=period).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert sorted(v.sha256 for v in versions) == sorted(
        hashlib.sha256(d).hexdigest() for d in files)
    # numbered in the order they were written
    assert [v.pk for v in versions] == sorted(v.pk for v in versions)
    for version in versions:
        assert storage.path_of(version.sha256).is_file()


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(
    province: Any, settings: Any,
) -> None:
    settings.CHISO_MAX_UPLOAD_BYTES = 1000
    response = upload(client_for("07882"), "07882", "2024", b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert "MB" in response.content.decode()
    assert last_upload("07882", "2024") is None


def test_an_uploaded_files_name_is_kept_without_folders_or_control_characters(
    province: Any,
) -> None:
    upload(client_for("07882"), "07882", "2024", workbook("07882"),
           name="..\\..\\báo\x00cáo\x07.xlsx")
    stored = last_upload("07882", "2024")
    assert stored.filename == "báocáo.xlsx"
    assert {f["location"].get("file") for f in stored.findings} <= {"báocáo.xlsx"}


def test_an_accepted_upload_with_errors_reads_as_received_with_errors_not_a_green_ok(
    province: Any,
) -> None:
    # The board says "có lỗi" for this unit; the upload page, the unit's versions and
    # the submission page must not show a green "Đã nhận" beside "1 lỗi".
    client = client_for("08440")
    upload(client, "08440", "2024", workbook("08440"), name="08440.xlsx")
    stored = last_upload("08440", "2024")
    assert (stored.status, stored.n_errors) == ("accepted", 1)
    for url in (f"/upload/{stored.pk}/", "/unit/08440/2024/"):
        page = client.get(url).content.decode()
        assert '<span class="st-accepted_with_errors"' in page, url
        assert "Đã nhận, có lỗi" in page, url
        assert 'class="st-accepted"' not in page, url
    page = client.get(f"/upload/{stored.pk}/").content.decode()
    counts = page.split('data-testid="upload-counts">')[1].split("</span>")[0]
    assert counts == "1 lỗi, 0 cảnh báo"
    client.post("/lang/en/", {"next": "/"})
    page = client.get(f"/upload/{stored.pk}/").content.decode()
    counts = page.split('data-testid="upload-counts">')[1].split("</span>")[0]
    assert counts == "1 error, 0 warnings"
    assert "Received, with errors" in page


def test_a_clean_upload_is_shown_as_received_in_green(province: Any) -> None:
    client = client_for("07882")
    upload(client, "07882", "2024", workbook("07882"))
    stored = last_upload("07882", "2024")
    page = client.get(f"/upload/{stored.pk}/").content.decode()
    assert '<span class="st-accepted" data-testid="upload-status" data-status="accepted">' \
        "Đã nhận</span>" in page
