"""Request middleware: security headers, the language, the first-login password, error ids.

Function-style Django middleware (``get_response`` in, a handler out).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils import translation

from chiso.portal.models import Account

log = logging.getLogger("chiso.portal")
Handler = Callable[[HttpRequest], HttpResponse]

# Nothing from outside: every style and script is the package's own, none inline.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def security_headers(get_response: Handler) -> Handler:
    def handle(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response

    return handle


# A body this much larger than the upload limit is refused before it is read (413):
# slightly larger files still reach the upload code and are recorded with P001.
OVERSIZE_MARGIN = 1024 * 1024


def request_size(get_response: Handler) -> Handler:
    """Refuse a request body far over the upload limit before Django reads it to disk."""

    def handle(request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.CHISO_MAX_UPLOAD_BYTES
        if length > limit + OVERSIZE_MARGIN:
            mb = limit / 1024 / 1024
            text = (f"Tệp quá lớn: giới hạn {mb:g} MB / the file is too large: "
                    f"the limit is {mb:g} MB")
            return HttpResponse(text, status=413, content_type="text/plain; charset=utf-8")
        return get_response(request)

    return handle


def current_language(request: HttpRequest) -> str:
    chosen = request.session.get("lang") if hasattr(request, "session") else None
    return "en" if chosen == "en" else "vi"


def language(get_response: Handler) -> Handler:
    """Vietnamese unless the session chose English (``/lang/en/``); Django's texts follow."""

    def handle(request: HttpRequest) -> HttpResponse:
        lang = current_language(request)
        request.chiso_lang = lang
        with translation.override(lang):
            response = get_response(request)
        response.setdefault("Content-Language", lang)
        return response

    return handle


EXPECTED = (Http404, PermissionDenied, SuspiciousOperation, BadRequest)
PASSWORD_FREE = ("/password/", "/logout/", "/static/", "/lang/")


def first_password(get_response: Handler) -> Handler:
    """An account whose password was handed out on paper changes it before anything else."""

    def handle(request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated
                and not request.path.startswith(PASSWORD_FREE)
                and not request.path.startswith("/api/")
                and Account.objects.filter(user=user, must_change_password=True).exists()):
            return redirect("portal:password_change")
        return get_response(request)

    return handle


def reference_ids(get_response: Handler) -> Handler:
    """An unexpected error: logged in full with a reference id; the person sees only the id."""

    class Middleware:
        def __call__(self, request: HttpRequest) -> HttpResponse:
            return get_response(request)

        def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
            if isinstance(exc, EXPECTED):
                return None  # Django answers these itself (404, 403, 400)
            reference = uuid.uuid4().hex[:12]
            log.exception("unexpected error %s on %s %s", reference, request.method,
                          request.path)
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"error": "internal", "reference": reference}, status=500)
            lang = current_language(request)
            body = render_to_string("portal/error.html",
                                    {"reference": reference, "lang": lang})
            return HttpResponse(body, status=500)

    return Middleware()
