"""pydantic's validation errors as KPI-file findings at file:line:column.

pydantic says *what* is wrong with a key path such as
``("by_level", "commune", "LevelTarget", "value")``; this module finds the part
of that path the data really has (dropping union member tags), the YAML
position of it, the fields a typo'd key was probably meant as, and words the
message in Vietnamese and English.
"""

from __future__ import annotations

import re
import types
from collections.abc import Iterable
from dataclasses import replace
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from chiso.catalogue.model import Constraint, FieldDef, Kpi
from chiso.catalogue.source import KeyPath, SourceMap, path_text
from chiso.findings import Findings, Location, did_you_mean, make


def error_findings(
    errors: Iterable[ErrorDetails],
    model: type[BaseModel],
    data: Any,
    base: KeyPath,
    source: SourceMap,
) -> Findings:
    """Findings (K101–K104) for pydantic's errors on ``data``, the object at ``base``.

    Unknown keys point at the key (with "did you mean" among the fields of the
    model they sit in), missing keys at the mapping that should hold them, bad
    values at the value; errors of a whole object at the object.
    """
    out = Findings()
    errors = list(errors)
    kept = [e for e in errors if not _wrong_union_member(e, data)] or errors
    where = describe(base, data)
    for err in kept:
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "extra_forbidden":
            data_path = _data_path(data, loc)
            key = str(loc[-1])
            fields = _fields_at(model, loc[:-1])
            out.add(
                "K101",
                source.key(base + data_path),
                key=key,
                where=describe(base + data_path[:-1], _at(data, data_path[:-1])),
                suggestion=did_you_mean(key, fields),
            )
        elif kind == "missing":
            data_path = _data_path(data, loc[:-1])
            out.add(
                "K102",
                source.value(base + data_path),
                key=str(loc[-1]),
                where=describe(base + data_path, _at(data, data_path)),
            )
        else:
            data_path = _data_path(data, loc)
            reason = _reason(err)
            keys = [p for p in data_path if isinstance(p, str)]
            object_level = kind in ("model_type", "value_error", "assertion_error")
            if not keys or (object_level and not data_path):
                location = _object_error_location(model, data, base, source, reason)
                finding = make("K104", location, where=where, reason=reason)
                vi = make("K104", location, where=where, reason=_reason_vi(err, reason))
            else:
                location = source.value(base + data_path)
                details: dict[str, Any] = {
                    "key": path_text(data_path),
                    "raw": _raw(err.get("input")),
                    "suggestion": _enum_suggestion(err),
                }
                finding = make("K103", location, reason=reason, **details)
                vi = make("K103", location, reason=_reason_vi(err, reason), **details)
            out.append(replace(finding, message_vi=vi.message_vi))
    return out


def describe(path: KeyPath, data: Any) -> str:
    """``kpis[3] 'dossiers_online_rate'``: the path, and the id when there is one."""
    text = path_text(path) or "catalogue"
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        text += f" '{data['id']}'"
    return text


def _data_path(data: Any, loc: tuple[str | int, ...]) -> KeyPath:
    """The part of a pydantic ``loc`` that exists in the data (drops union member tags)."""
    out: list[str | int] = []
    current = data
    for part in loc:
        child = _child(current, part)
        if child is not _ABSENT:
            out.append(part)
            current = child
    return tuple(out)


_ABSENT = object()


def _child(data: Any, part: str | int) -> Any:
    """``data[part]`` if the data has it, else ``_ABSENT``."""
    if isinstance(data, dict) and isinstance(part, str) and part in data:
        return data[part]
    if isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
        return data[part]
    return _ABSENT


def _at(data: Any, path: KeyPath) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _wrong_union_member(err: ErrorDetails, data: Any) -> bool:
    """True for errors of the union member the value was obviously not meant as.

    ``by_level: {commune: {value: …}}`` fails both as ``float`` and as
    ``LevelTarget``; only the latter helps the user.
    """
    current = data
    for part in err["loc"]:
        child = _child(current, part)
        if child is not _ABSENT:
            current = child
        elif isinstance(part, str):
            is_model_tag = part[:1].isupper()
            if isinstance(current, dict) and not is_model_tag and not _is_key_like(part):
                return True
            if not isinstance(current, dict | list) and is_model_tag:
                return True
            if not isinstance(current, dict | list) and part in ("tuple", "list", "dict"):
                return True
            # ``deadline: PeriodText | int``: text was meant as text, a number as a number.
            if isinstance(current, str) and part in ("int", "float", "bool"):
                return True
            if isinstance(current, int | float) and part.endswith("str"):
                return True
    return False


def _is_key_like(part: str) -> bool:
    return re.fullmatch(r"[a-z_][a-z0-9_]*", part) is not None and part not in (
        "float",
        "int",
        "str",
        "bool",
        "tuple",
        "list",
        "dict",
    )


def _expand(annotation: Any) -> list[Any]:
    """The member types of an annotation, through Optional, Union and Annotated."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _expand(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [t for arg in get_args(annotation) for t in _expand(arg)]
    return [annotation]


def _fields_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The field names of the model that ``loc`` points into (for "did you mean")."""
    current: list[Any] = [model]
    for part in loc:
        following: list[Any] = []
        for annotation in current:
            for member in _expand(annotation):
                origin = get_origin(member)
                if isinstance(member, type) and issubclass(member, BaseModel):
                    if isinstance(part, str) and part in member.model_fields:
                        following.append(member.model_fields[part].annotation)
                    elif part == member.__name__:
                        following.append(member)
                elif origin in (list, tuple) and isinstance(part, int):
                    following.append(get_args(member)[0])
                elif origin is dict and isinstance(part, str):
                    following.append(get_args(member)[1])
        if following:
            current = following
    names: list[str] = []
    for annotation in current:
        for member in _expand(annotation):
            if isinstance(member, type) and issubclass(member, BaseModel):
                names.extend(member.model_fields)
    return names


def _reason(err: ErrorDetails) -> str:
    message = str(err["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if err["type"] == "string_type" and isinstance(err.get("input"), int | float):
        # ``version: 2025.1`` is a number to YAML.
        return f"{message}: put it in quotes (\"{err.get('input')}\")"
    if err["type"] == "string_pattern_mismatch":
        pattern = str((err.get("ctx") or {}).get("pattern", ""))
        if pattern.startswith("^[a-z]"):
            return "ids are lower_snake_case: a-z, 0-9 and _, starting with a letter"
        if pattern.startswith("^\\d{4}"):
            return "periods are written 2025, 2025-Q3 or 2025-06"
    return message


# Vietnamese for the pydantic errors a KPI file meets most; others keep the
# English text of pydantic (and of the model's own validators).
_REASONS_VI = {
    "string_type": "phải là chuỗi ký tự",
    "float_type": "phải là một số",
    "float_parsing": "phải là một số",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là danh sách (- …)",
    "dict_type": "phải là ánh xạ (khóa: giá trị)",
    "model_type": "phải là ánh xạ (khóa: giá trị)",
    "tuple_type": "phải là danh sách [thấp, cao]",
    "finite_number": "phải là số hữu hạn",
}


# The model's own validator messages (chiso.catalogue.model), in Vietnamese. A
# message not listed here keeps its English text.
_VALIDATORS_VI = [
    (re.compile(r"^a (\w+) KPI needs (.+)$"), r"chỉ số loại \1 cần khai báo \2"),
    (re.compile(r"^a (\w+) KPI does not take (.+)$"), r"chỉ số loại \1 không dùng \2"),
    (re.compile(r"^rollup: weighted_mean needs rollup_weight.*$"),
     "rollup: weighted_mean cần rollup_weight (mã một chỉ tiêu)"),
    (re.compile(r"^percent KPIs are 0–1 fractions: do not scale them$"),
     "chỉ số phần trăm là phân số 0–1: không dùng scale"),
    (re.compile(r"^constraint must look like .*, got (.+)$"),
     r"ràng buộc phải có dạng '>= 0' hoặc '<= chi_tieu_khac', nhận \1"),
    (re.compile(r"^constraint operand must be a number or a field id, got (.+)$"),
     r"vế phải của ràng buộc phải là một số hoặc mã chỉ tiêu, nhận \1"),
    (re.compile(r"^baseline period (.+) is not a period$"),
     r"kỳ gốc \1 không phải là kỳ báo cáo (2025, 2025-Q3, 2025-06)"),
]


def _reason_vi(err: ErrorDetails, english: str) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "string_type" and isinstance(err.get("input"), int | float):
        return f"phải là chuỗi ký tự: hãy đặt trong dấu nháy (\"{err.get('input')}\")"
    if kind == "enum":
        return f"phải là một trong {ctx.get('expected', '')}".replace(" or ", " hoặc ")
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if pattern.startswith("^[a-z]"):
            return "mã viết thường không dấu: a-z, 0-9 và _, bắt đầu bằng chữ cái"
        if pattern.startswith("^\\d{4}"):
            return "kỳ ghi dạng 2025, 2025-Q3 hoặc 2025-06"
    if kind == "string_too_short":
        return "không được để trống"
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length', 1)} phần tử"
    if kind == "string_too_long":
        return f"dài quá {ctx.get('max_length')} ký tự"
    if kind in ("value_error", "assertion_error"):
        for regex, replacement in _VALIDATORS_VI:
            if regex.match(english):
                return regex.sub(replacement, english)
    return _REASONS_VI.get(kind, english)


def _raw(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    return str(value)


def _enum_suggestion(err: ErrorDetails) -> str | None:
    if err["type"] != "enum":
        return None
    expected = str((err.get("ctx") or {}).get("expected", ""))
    choices = re.findall(r"'([^']*)'", expected)
    given = err.get("input")
    return did_you_mean(str(given), choices) if isinstance(given, str) else None


def _object_error_location(
    model: type[BaseModel], data: Any, base: KeyPath, source: SourceMap, reason: str
) -> Location:
    """Point an object-level error at the key it is about, when that is clear."""
    if model is FieldDef and isinstance(data, dict) and isinstance(data.get("constraints"), list):
        for index, text in enumerate(data["constraints"]):
            try:
                Constraint.parse(str(text))
            except ValueError:
                return source.value((*base, "constraints", index))
    if model is Kpi and isinstance(data, dict):
        for key in ("scale", "rollup", "numerator", "denominator", "expression", "field"):
            if key in reason and key in data and f"does not take {key}" in reason:
                return source.key((*base, key))
        if "scale" in reason and "scale" in data:
            return source.key((*base, "scale"))
        if "rollup_weight" in reason and "rollup" in data:
            return source.key((*base, "rollup"))
    return source.value(base)
