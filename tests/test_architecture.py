"""The layers of ARCHITECTURE.md, held against the imports of ``src/chiso``.

Each area (a package under ``chiso`` or a top-level module) may import the areas
listed for it in ``MAY_IMPORT`` and nothing else of chiso; the core imports no I/O,
document or web library and prints nothing. A new import that crosses a layer fails
here with the module and line: move the code down a layer, or, if the layering itself
should change, change ARCHITECTURE.md and this table together.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "chiso"

# The bottom layer: small modules everything may use.
BASE = {"chiso", "findings", "periods", "memory", "paths", "staging", "yaml_aliases"}
CORE = BASE | {"formula", "catalogue", "vnnumbers", "units", "dataset"}

MAY_IMPORT: dict[str, set[str]] = {
    **{name: BASE for name in BASE},
    "findings_doc": BASE,
    "formula": BASE,
    "catalogue": BASE | {"formula"},
    "vnnumbers": BASE | {"catalogue"},
    "units": BASE | {"catalogue", "vnnumbers"},
    "dataset": BASE,
    "submissions": CORE,
    "engine": CORE,  # never submissions, render, api, cli or portal
    "render": CORE | {"engine"},
    "api": CORE | {"submissions", "engine", "render"},
    "portal": CORE | {"submissions", "engine", "render", "api"},
    "cli": CORE | {"submissions", "engine", "render", "api", "portal"},
}

# The pure core: no files, no documents, no web, no terminal.
PURE = {"formula", "engine", "dataset", "periods"}
IO_LIBRARIES = {
    "openpyxl", "ruamel", "yaml", "docx", "jinja2", "click", "rich", "django", "lxml",
    "python_calamine", "requests", "httpx",
}


def area(module: str) -> str:
    """``chiso.engine.scoring`` → ``engine``; ``chiso.api`` → ``api``; ``chiso`` → ``chiso``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        yield ".".join(parts).removesuffix(".__init__"), path


def imports(path: Path) -> Iterator[tuple[str, int]]:
    """Every absolute import of ``path`` (module name, line), also those inside functions."""
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.lineno
            if node.module == "chiso":  # from chiso import api
                for alias in node.names:
                    yield f"chiso.{alias.name}", node.lineno


MODULES = list(modules())


def test_every_area_has_a_rule() -> None:
    areas = {area(name) for name, _ in MODULES}
    missing = areas - set(MAY_IMPORT)
    assert not missing, f"areas without a rule in MAY_IMPORT: {sorted(missing)}"


@pytest.mark.parametrize(("name", "path"), MODULES, ids=[name for name, _ in MODULES])
def test_imports_follow_the_layers(name: str, path: Path) -> None:
    own = area(name)
    allowed = MAY_IMPORT.get(own, set()) | {own}
    crossing = [
        f"{path.relative_to(SRC.parent)}:{line} imports {target}"
        for target, line in imports(path)
        if target.split(".")[0] == "chiso" and area(target) not in allowed
        and not (target == "chiso" or target.startswith("chiso.__"))
    ]
    assert not crossing, f"{own} may import only {sorted(allowed)}: " + "; ".join(crossing)


@pytest.mark.parametrize(
    ("name", "path"),
    [(n, p) for n, p in MODULES if area(n) in PURE],
    ids=[n for n, _ in MODULES if area(n) in PURE],
)
def test_the_core_reads_and_writes_nothing(name: str, path: Path) -> None:
    libraries = [
        f"{target} (line {line})"
        for target, line in imports(path)
        if target.split(".")[0] in IO_LIBRARIES
    ]
    assert not libraries, f"{name} is core and imports I/O libraries: {libraries}"
    calls = [
        node.lineno
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id in {"print", "open", "input"}
    ]
    assert not calls, f"{name} is core and prints or opens files (lines {calls})"
