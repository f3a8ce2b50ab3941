"""The access matrix: roles × pages and API calls, with guessed ids.

Accounts (example province): ``07882`` a commune of Việt Trì (227), ``07897`` another
commune of Việt Trì, ``227`` Việt Trì's reviewer, ``228`` another district's
reviewer, ``s-tttt`` a department, ``admin`` the province. The data: one upload of
07882 for 2024 (its id is looked up, and ids next to it are guessed).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .portal_kit import client_for, last_upload, upload, workbook

pytestmark = pytest.mark.django_db

ROLES = ["07882", "07897", "227", "228", "s-tttt", "admin"]

# page → the accounts that may see it (all others get 404)
OWN = {"07882", "227", "admin"}
PAGES = {
    "/unit/07882/": OWN,
    "/unit/07882/2024/": OWN,
    "/unit/07882/2024/template.xlsx": OWN,
    "/unit/07882/2024/board/": OWN,
    "/unit/227/2024/board/": {"227", "admin"},
    "/upload/{id}/": OWN,
    "/upload/{id}/file": OWN,
    "/unit/227/": {"227", "admin"},
    "/unit/07897/2024/": {"07897", "227", "admin"},
    "/unit/25/": {"admin"},
    "/province/": {"admin"},
    "/province/units/": {"admin"},
    "/province/periods/": {"admin"},
    "/province/periods/2024/": {"admin"},
    "/province/audit/": {"admin"},
    "/province/units/07882/history/": {"admin"},
    "/unit/NOPE/": set(),
    "/upload/{id_after}/": set(),
    "/unit/07882/1999/": set(),
}


@pytest.fixture
def sent(province: Any) -> dict[str, int]:
    upload(client_for("07882"), "07882", "2024", workbook("07882"))
    stored = last_upload("07882", "2024")
    return {"id": stored.pk, "id_after": stored.pk + 1}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_page_answers_only_the_accounts_whose_scope_holds_it(
    page: str, sent: dict[str, int],
) -> None:
    url = page.format(**sent)
    answers = {role: client_for(role).get(url).status_code for role in ROLES}
    expected = {role: 200 if role in PAGES[page] else 404 for role in ROLES}
    assert answers == expected


def test_a_guessed_upload_id_tells_nothing_a_missing_one_would_not(sent: dict[str, int]) -> None:
    other = client_for("07897")
    mine = other.get(f"/upload/{sent['id']}/")
    missing = other.get(f"/upload/{sent['id'] + 1000}/")
    assert mine.status_code == missing.status_code == 404
    # the same page but for the form tokens (new on every page) and the URL asked
    def unmasked(body: bytes, url: str) -> str:
        text = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", body.decode())
        return text.replace(url, "URL")

    assert unmasked(mine.content, f"/upload/{sent['id']}/") == unmasked(
        missing.content, f"/upload/{sent['id'] + 1000}/")
    assert 'data-testid="not-found"' in mine.content.decode()


def test_a_commune_cannot_upload_into_another_communes_submission(sent: dict[str, int]) -> None:
    response = upload(client_for("07897"), "07882", "2024", workbook("07897"))
    assert response.status_code == 404
    assert last_upload("07882", "2024").version == 1


def test_a_reviewer_cannot_upload_for_another_districts_commune(sent: dict[str, int]) -> None:
    response = upload(client_for("228"), "07882", "2024", workbook("07882"))
    assert response.status_code == 404
    assert last_upload("07882", "2024").version == 1


def test_province_actions_are_refused_to_every_other_role(sent: dict[str, int]) -> None:
    for role in ROLES[:-1]:
        client = client_for(role)
        assert client.post("/province/periods/", {"code": "2025"}).status_code == 404
        assert client.post("/province/periods/2024/score/").status_code == 404
        assert client.post("/province/periods/2024/", {"action": "close"}).status_code == 404
        assert client.get("/province/periods/2024/board/").status_code == 404
    from chiso.portal.models import ReportingPeriod, ScoreRun

    assert not ReportingPeriod.objects.filter(code="2025").exists()
    assert ReportingPeriod.objects.get(code="2024").is_open
    assert not ScoreRun.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login_page(sent: dict[str, int]) -> None:
    from django.test import Client

    for page in ("/", "/unit/07882/", f"/upload/{sent['id']}/", "/province/"):
        response = Client().get(page)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def _token(role: str) -> str:
    from django.contrib.auth import get_user_model

    from chiso.portal.accounts import new_token

    return new_token(get_user_model().objects.get(username=role))


@pytest.mark.parametrize("role", ROLES)
def test_the_api_checks_the_same_scope(role: str, sent: dict[str, int]) -> None:
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {_token(role)}")
    answers = (
        client.get(f"/api/v1/uploads/{sent['id']}").status_code,
        client.get("/api/v1/units/07882/2024/uploads").status_code,
    )
    allowed = role in OWN
    assert answers == ((200, 200) if allowed else (404, 404))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/api/v1/uploads", {
        "unit": "07882", "period": "2024",
        "workbook": SimpleUploadedFile("07882.xlsx", workbook("07882")),
    })
    assert response.status_code == (201 if allowed else 404)
    assert last_upload("07882", "2024").version == (2 if allowed else 1)
