"""Template tags for words that depend on a number or on more than one field.

``{% counts upload %}`` gives "1 lỗi, 2 cảnh báo" / "1 error, 2 warnings" (English
needs the singular; Vietnamese nouns do not change). ``{% upload_status upload %}``
gives the status a person should read: an accepted upload that still has errors is
"Đã nhận, có lỗi" in the warning colour, as the board says "có lỗi" for it, not a
green "Đã nhận".
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from chiso.portal.text import WORDS

register = template.Library()


def _lang(context: template.Context) -> str:
    return "en" if context.get("lang") == "en" else "vi"


def _word(key: str, lang: str) -> str:
    vi, en = WORDS[key]
    return en if lang == "en" else vi


@register.simple_tag(takes_context=True)
def counts(context: template.Context, upload: Any) -> str:
    lang = _lang(context)
    parts = []
    for attr, one, many in (("n_errors", "error", "errors"),
                            ("n_warnings", "warning", "warnings")):
        # Board rows are dicts, uploads are model instances.
        n = upload[attr] if isinstance(upload, dict) else getattr(upload, attr)
        parts.append(f"{n} {_word(one if n == 1 else many, lang)}")
    return ", ".join(parts)


def status_key(upload: Any) -> str:
    """``accepted``, ``accepted_with_errors`` or ``rejected``: what the reader is shown."""
    if not upload.accepted:
        return "rejected"
    return "accepted_with_errors" if upload.n_errors else "accepted"


@register.simple_tag(takes_context=True)
def upload_status(context: template.Context, upload: Any, testid: str = "") -> SafeString:
    key = status_key(upload)
    return format_html(
        '<span class="st-{}"{} data-status="{}">{}</span>',
        key,
        format_html(' data-testid="{}"', testid) if testid else "",
        upload.status,
        _word(key, _lang(context)),
    )
