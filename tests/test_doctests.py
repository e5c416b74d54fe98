"""The examples in the docstrings of ``src/`` run, so they cannot drift from the code."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil
from pathlib import Path

import pytest

import xl_disclosure

ROOT = Path(__file__).resolve().parents[1]


def _with_examples() -> list[str]:
    out = []
    for info in pkgutil.walk_packages(xl_disclosure.__path__, "xl_disclosure."):
        if info.name.endswith("__main__"):
            continue  # importing it would run the command line
        spec = importlib.util.find_spec(info.name)
        origin = spec.origin if spec else None
        if origin and origin.endswith(".py") and ">>>" in Path(origin).read_text("utf-8"):
            out.append(info.name)
    return sorted(out)


MODULES = _with_examples()


def test_the_examples_are_found() -> None:
    assert len(MODULES) >= 40 and "xl_disclosure.receiving.importer.core" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # examples name files relative to the repository
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed (see stdout)"
