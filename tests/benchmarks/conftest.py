"""The benchmark's corpus generator, imported from ``benchmarks/`` (not a package)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

CORPUS_PY = Path(__file__).resolve().parents[2] / "benchmarks" / "corpus.py"


@pytest.fixture(scope="session")
def corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_corpus", CORPUS_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module
