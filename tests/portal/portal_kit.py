"""Helpers of the portal's tests (``from .portal_kit import ...``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "phu-tho"
SUBMISSIONS = EXAMPLE / "submissions"
PASSWORD = "test-password-1"


def client_for(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def workbook(code: str, period: str = "2024") -> bytes:
    return (SUBMISSIONS / period / f"{code}.xlsx").read_bytes()


def upload(client: Client, unit: str, period: str, data: bytes, name: str = "bao-cao.xlsx") -> Any:
    return client.post(f"/unit/{unit}/{period}/",
                       {"workbook": SimpleUploadedFile(name, data)})


def last_upload(unit: str, period: str) -> Any:
    from chiso.portal.models import Upload

    return Upload.objects.filter(unit__code=unit, period__code=period).order_by("version").last()
