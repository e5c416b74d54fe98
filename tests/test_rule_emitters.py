"""Rules declare what they emit (``@emits``): every catalogue rule has exactly one emitter, and
no function makes a finding of a rule it did not declare."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections import Counter
from pathlib import Path

import pytest

import xl_disclosure
from xl_disclosure.spec import load_rules
from xl_disclosure.validate.findings import EMITTERS

SRC = Path(xl_disclosure.__file__).parent


def _import_everything() -> None:
    for info in pkgutil.walk_packages(xl_disclosure.__path__, "xl_disclosure."):
        if info.name.endswith("__main__"):
            continue
        importlib.import_module(info.name)


_import_everything()


def test_every_catalogue_rule_has_exactly_one_emitter() -> None:
    declared = Counter(i for ids in EMITTERS.values() for i in ids)
    catalogue = [r.id for r in load_rules()]
    assert sorted(i for i in catalogue if declared[i] == 0) == []
    assert sorted(i for i, n in declared.items() if n > 1) == []
    assert set(declared) <= set(catalogue)


def _module_constants(tree: ast.Module) -> dict[str, str]:
    out = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            out[node.targets[0].id] = node.value.value
    return out


def _made_ids(fn: ast.FunctionDef, constants: dict[str, str]) -> set[str]:
    ids = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "make" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                ids.add(arg.value)
            elif isinstance(arg, ast.Name) and arg.id in constants:
                ids.add(constants[arg.id])
    return ids


def _cases() -> list[tuple[str, str, set[str]]]:
    cases = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        constants = _module_constants(tree)
        rel = path.relative_to(SRC.parent).with_suffix("")
        module = ".".join(p for p in rel.parts if p != "__init__")
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                made = _made_ids(node, constants)
                if made:
                    cases.append((module, node.name, made))
    return cases


@pytest.mark.parametrize(("module", "name", "made"), _cases(), ids=str)
def test_functions_make_only_what_they_declare(module: str, name: str, made: set[str]) -> None:
    declared = EMITTERS.get(f"{module}.{name}")
    assert declared is not None, f"{module}.{name} makes {sorted(made)} without @emits"
    assert made <= set(declared), f"{module}.{name} makes undeclared {sorted(made - set(declared))}"
