"""Load a folder of KPI files into a :class:`~chiso.catalogue.model.Catalogue`.

Every problem is a finding with file:line:column, collected in one pass: a file
that does not parse does not hide the others, and an invalid KPI does not hide
the valid ones next to it (each list item is validated on its own). The checks
across objects and files run last (:mod:`chiso.catalogue.checks`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from chiso.catalogue.checks import Placed, check_objects
from chiso.catalogue.model import (
    Catalogue,
    CatalogueFile,
    CatalogueInfo,
    FieldDef,
    Goal,
    Group,
    Kpi,
    Programme,
)
from chiso.catalogue.schema_errors import error_findings
from chiso.catalogue.source import KeyPath, Mark, Origin, SourceMap, path_text
from chiso.findings import Finding, Findings, Location, did_you_mean
from chiso.yaml_aliases import overflow

SUFFIXES = (".yaml", ".yml")

# The list sections of a KPI file, the model of their items, and the kind used
# in messages and in :class:`Placed`.
SECTIONS: dict[str, tuple[type[BaseModel], str]] = {
    "groups": (Group, "group"),
    "fields": (FieldDef, "field"),
    "kpis": (Kpi, "kpi"),
    "programmes": (Programme, "programme"),
}


# A file that could not be read or parsed may define any name: what the other files
# say about unknown or unused names is then a guess, and one unquoted colon would
# bury the real error under dozens of follow-on ones.
UNREADABLE = frozenset({"K001", "K002", "K003"})
FOLLOW_ONS = frozenset({"K202", "K203", "K204", "K205", "K206", "K214", "K216", "K218", "K223"})


def _without_follow_ons(findings: Findings, unreadable: list[Finding]) -> Findings:
    """``findings`` less the unknown/unused-name ones, with one K270 that counts them
    (placed at the first unreadable file's finding, so it reads right after it)."""
    kept = Findings(f for f in findings if f.code not in FOLLOW_ONS)
    left_out = len(findings) - len(kept)
    if left_out:
        files = ", ".join(dict.fromkeys(str(f.location.file) for f in unreadable))
        kept.add("K270", unreadable[0].location, count=left_out, files=files)
    return kept


def load_catalogue(path: str | Path) -> tuple[Catalogue | None, Findings]:
    """Load and validate the KPI files at ``path`` (a folder, searched recursively, or a file).

    Returns the catalogue built from every valid object, and all findings (sorted
    by file, line, column). The catalogue is ``None`` only when it cannot be built
    at all: no KPI files, or no valid ``catalogue:`` section.
    """
    root = Path(path)
    findings = Findings()
    files = _kpi_files(root)
    if not files:
        findings.add("K004", Location(file=str(root)), path=str(root))
        return None, findings

    digest = hashlib.sha256()
    placed: list[Placed] = []
    broken: dict[str, set[str]] = {}
    info: CatalogueInfo | None = None
    info_origin: Origin | None = None
    info_declared = False
    for file in files:
        rel = file.relative_to(root).as_posix() if file != root else file.name
        display = str(file)
        try:
            raw = file.read_bytes()
        except OSError as exc:
            findings.add("K002", Location(file=display), reason=exc.strerror or str(exc))
            continue
        digest.update(rel.encode() + b"\0" + raw + b"\0")
        loaded = _read_file(display, raw, findings)
        if loaded is None:
            continue
        data, source = loaded
        if "catalogue" in data:
            info_declared = True
        file_info, file_placed = _validate_file(data, source, findings, broken)
        placed.extend(file_placed)
        if file_info is not None:
            origin = Origin(source, ("catalogue",))
            if info is None:
                info, info_origin = file_info, origin
            else:
                assert info_origin is not None
                findings.add("K006", source.key(("catalogue",)), other=_where(info_origin))

    unreadable = [f for f in findings if f.code in UNREADABLE]
    cross = check_objects(placed, info, broken)
    if unreadable:
        cross = _without_follow_ons(cross, unreadable)
    findings.extend(cross)
    if info is None:
        if not info_declared and not unreadable:
            findings.add("K005", Location(file=str(root)))
        return None, findings.sorted()
    assert info_origin is not None
    kpis = _first_by_id(placed, "kpi")
    renamed = {old: kpi.id for kpi in kpis.values() for old in kpi.former_ids if old not in kpis}
    programmes = _ordered(_first_by_id(placed, "programme"), info, info_origin, findings)
    catalogue = Catalogue(
        info=info,
        groups=_first_by_id(placed, "group"),
        fields=_first_by_id(placed, "field"),
        kpis=kpis,
        programmes={pid: p.with_renamed_kpis(renamed) for pid, p in programmes.items()},
        digest=digest.hexdigest(),
    )
    return catalogue, findings.sorted()


def _ordered(
    programmes: dict[str, Any], info: CatalogueInfo, origin: Origin, findings: Findings
) -> dict[str, Any]:
    """Programmes in the order ``catalogue.programmes`` gives, the others after them."""
    if info.programmes is None:
        return programmes
    listed: dict[str, Any] = {}
    for position, programme_id in enumerate(info.programmes):
        if programme_id in programmes:
            listed.setdefault(programme_id, programmes[programme_id])
        else:
            findings.add("K223", origin.value("programmes", position), subject=programme_id,
                         name=programme_id, suggestion=did_you_mean(programme_id, programmes))
    return {**listed, **{k: v for k, v in programmes.items() if k not in listed}}


def _kpi_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    found = [p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _first_by_id(placed: list[Placed], kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in placed:
        if item.kind == kind:
            out.setdefault(item.obj.id, item.obj)
    return out


def _where(origin: Origin) -> str:
    loc = origin.key()
    return f"{loc.file}:{loc.line}" if loc.line is not None else str(loc.file)


# ---------------------------------------------------------------- reading YAML


def _read_file(
    display: str, raw: bytes, findings: Findings
) -> tuple[dict[str, Any], SourceMap] | None:
    """Parse one file into plain data and its positions; ``None`` if unusable."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        findings.add(
            "K002",
            Location(file=display, line=line),
            reason=f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
        )
        return None
    source = SourceMap(file=display, text=text)
    try:
        # One parse into nodes (which carry their marks), then plain data built
        # from them: every duplicate key is found, and no second parse is needed.
        yaml = YAML(typ="safe", pure=True)
        node = yaml.compose(text)
        too_many = overflow(text, node, _node_children) if node else None
        if too_many is not None:
            findings.add("K008", Location(file=display, line=too_many.line,
                                          column=too_many.column),
                         anchor=too_many.anchor, added=too_many.added, limit=too_many.limit)
            return None
        document = _Builder(yaml, source, findings).build(node, ()) if node else None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p) or "syntax error"
        location = Location(
            file=display,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        )
        findings.add("K001", location, reason=reason)
        return None
    except (YAMLError, ValueError, RecursionError) as exc:
        findings.add("K001", Location(file=display), reason=str(exc) or type(exc).__name__)
        return None
    if not isinstance(document, dict):
        findings.add("K003", Location(file=display, line=1, column=1))
        return None
    return document, source


def _node_children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _mark(node: Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def _is_merge(key_node: Node) -> bool:
    tag = getattr(key_node.tag, "value", key_node.tag)
    return str(tag).endswith(":merge")


class _Builder:
    """Plain dicts, lists and scalars from YAML nodes, recording every position."""

    def __init__(self, yaml: YAML, source: SourceMap, findings: Findings) -> None:
        self.constructor = yaml.constructor
        self.source = source
        self.findings = findings
        self.active: set[int] = set()  # nodes being built: an alias back to one is a loop

    def build(self, node: Node, path: KeyPath) -> Any:
        if isinstance(node, ScalarNode):
            return _scalar(self.constructor.construct_object(node, deep=True))
        if id(node) in self.active:
            raise ValueError(f"an alias refers to its own anchor (line {_mark(node).line})")
        self.active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                items = []
                for index, item in enumerate(node.value):
                    self.source.values[(*path, index)] = _mark(item)
                    items.append(self.build(item, (*path, index)))
                return items
            if isinstance(node, MappingNode):
                return self._mapping(node, path)
            return None
        finally:
            self.active.discard(id(node))

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        # ``<<: *defaults`` first, so the keys written here win (YAML merge rules)
        # and their positions are the ones recorded.
        for key_node, value_node in node.value:
            if not _is_merge(key_node):
                continue
            merged = value_node.value if isinstance(value_node, SequenceNode) else [value_node]
            for merged_node in merged:
                if isinstance(merged_node, MappingNode):
                    out.update(self.build(merged_node, path))
        written: set[str] = set()
        for key_node, value_node in node.value:
            if _is_merge(key_node):
                continue
            key = self._key(key_node)
            sub = (*path, key)
            if key in written:
                mark = _mark(key_node)
                location = Location(
                    file=self.source.file, line=mark.line, column=mark.column, path=path_text(sub)
                )
                self.findings.add("K007", location, subject=key, key=key)
                continue
            written.add(key)
            self.source.keys[sub] = _mark(key_node)
            self.source.values[sub] = _mark(value_node)
            out[key] = self.build(value_node, sub)
        return out

    def _key(self, key_node: Node) -> str:
        if isinstance(key_node, ScalarNode):
            return str(_scalar(self.constructor.construct_object(key_node, deep=True)))
        return f"<{type(key_node).__name__}>"


def _scalar(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        # A date typed where a period is expected: keep the text so the error reads well.
        return value.isoformat()
    return value


# ---------------------------------------------------------------- validating


def _validate_file(
    data: dict[str, Any], source: SourceMap, findings: Findings, broken: dict[str, set[str]]
) -> tuple[CatalogueInfo | None, list[Placed]]:
    """Validate one file's sections item by item; ids of invalid items go to ``broken``."""
    placed: list[Placed] = []
    info: CatalogueInfo | None = None
    allowed = list(CatalogueFile.model_fields)
    for key, value in data.items():
        if key not in allowed:
            findings.add(
                "K101",
                source.key((key,)),
                key=key,
                where=source.file,
                suggestion=did_you_mean(key, allowed),
            )
            continue
        if key == "catalogue":
            obj = _validate(CatalogueInfo, value, ("catalogue",), source, findings)
            info = obj if isinstance(obj, CatalogueInfo) else None
            continue
        model, kind = SECTIONS[key]
        if value is None:
            continue
        if not isinstance(value, list):
            findings.add("K103", source.value((key,)), key=key, reason="must be a list (- …)")
            continue
        for index, item in enumerate(value):
            path: KeyPath = (key, index)
            broken_goals: frozenset[str] = frozenset()
            if kind == "programme" and isinstance(item, dict):
                obj, broken_goals = _validate_programme(item, path, source, findings)
            else:
                obj = _validate(model, item, path, source, findings)
            if obj is not None:
                placed.append(Placed(kind, obj, Origin(source, path), index, broken_goals))
            failed = obj is None or broken_goals
            if failed and isinstance(item, dict) and isinstance(item.get("id"), str):
                broken.setdefault(kind, set()).add(item["id"])
            if obj is None and kind == "kpi":
                # The names an invalid KPI mentions still count as used fields.
                broken.setdefault("words", set()).update(_words(item))
    return info, placed


def _words(data: Any) -> set[str]:
    """Every identifier-like word in the strings of ``data``."""
    if isinstance(data, dict):
        return {w for value in data.values() for w in _words(value)}
    if isinstance(data, list):
        return {w for value in data for w in _words(value)}
    return set(re.findall(r"[A-Za-z_]\w*", data)) if isinstance(data, str) else set()


def _validate(
    model: type[BaseModel],
    data: Any,
    path: KeyPath,
    source: SourceMap,
    findings: Findings,
    *,
    report: bool = True,
) -> BaseModel | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        if report:
            findings.extend(error_findings(exc.errors(), model, data, path, source))
        return None


def _validate_programme(
    data: dict[str, Any], path: KeyPath, source: SourceMap, findings: Findings
) -> tuple[BaseModel | None, frozenset[str]]:
    """Validate a programme; a broken goal is reported but does not drop its siblings.

    Returns the programme (with its valid goals only, if some were broken) and
    the ids of the broken goals.
    """
    obj = _validate(Programme, data, path, source, findings)
    if obj is not None:
        return obj, frozenset()
    goals = data.get("goals")
    if not isinstance(goals, list):
        return None, frozenset()
    good = [g for g in goals if _validate(Goal, g, path, source, findings, report=False)]
    bad = frozenset(
        str(g["id"]) for g in goals if isinstance(g, dict) and "id" in g and g not in good
    )
    if not good or len(good) == len(goals):
        return None, bad
    # Errors already reported; keep the programme with its valid goals if that is
    # the only thing wrong, so goals and scoring are still checked.
    kept = _validate(Programme, {**data, "goals": good}, path, source, findings, report=False)
    return kept, bad
