"""The package's shape: layers that only import downward, no import cycles, formats as data.

Every import counts, also those inside functions and under ``TYPE_CHECKING``: a lazy import
is still a dependency. The layers, bottom-up, are the README's "Where things are".
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from xl_disclosure.spec import format_ids

SRC = Path(__file__).resolve().parents[1] / "src" / "xl_disclosure"

#: Bottom-up. A part may import its own modules and those of any lower layer, nothing above.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "version", "cells", "textnorm", "schema_words", "regular", "schemas", "samples"),
    ("spec",),
    ("model",),
    ("layout", "libreoffice"),
    ("validate",),
    ("io",),
    ("readers", "marking"),
    ("builder", "export", "draft"),
    ("excel", "receiving"),
    ("server",),
    ("cli",),
    ("demo",),
)
_LAYER_OF = {part: i for i, parts in enumerate(LAYERS) for part in parts}


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _imports(path: Path, name: str, known: set[str]) -> set[str]:
    """Modules of the package that ``path`` imports (anywhere in the file)."""
    tree = ast.parse(path.read_text("utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # ``from pkg import mod`` imports the module; ``from pkg import name``, the package.
            subs = [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in known]
            targets = subs + ([base] if len(subs) < len(node.names) else [])
        for target in targets:
            if target in known:
                out.add(target)
    out.discard(name)
    return out


def _graph() -> dict[str, set[str]]:
    mods = _modules()
    known = set(mods)
    return {name: _imports(path, name, known) for name, path in mods.items()}


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_part_has_a_layer() -> None:
    parts = {_part(m) for m in _modules()} - {"__init__"}
    assert parts <= set(_LAYER_OF), f"parts without a layer: {sorted(parts - set(_LAYER_OF))}"


def test_no_import_runs_upward() -> None:
    upward = []
    for module, targets in _graph().items():
        if _part(module) == "__init__":
            continue
        here = _LAYER_OF[_part(module)]
        for target in targets:
            part = _part(target)
            if part != "__init__" and part != _part(module) and _LAYER_OF[part] > here:
                upward.append(f"{module} -> {target}")
    assert not upward, "imports that run upward:\n" + "\n".join(sorted(upward))


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycles() -> None:
    graph = _graph()
    # A package's __init__ that only re-exports its modules is the package's face: the
    # modules importing their siblings through it would be a cycle, and are caught here.
    assert _cycles(graph) == []


def test_no_part_cycles() -> None:
    parts: dict[str, set[str]] = defaultdict(set)
    for module, targets in _graph().items():
        for target in targets:
            if _part(target) != _part(module):
                parts[_part(module)].add(_part(target))
    assert _cycles(dict(parts)) == []


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """Docstrings, and the attribute docstrings under dataclass fields: bare string statements."""
    return {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_format_id_outside_the_spec(path: Path) -> None:
    """Code asks the spec for figures and traits; a format id appears only in ``spec/`` data
    (and in docstrings and doctests, which document examples)."""
    if path.relative_to(SRC).parts[0] == "spec":
        return
    ids = format_ids()
    pattern = re.compile(
        r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, ids)) + r")(?![A-Za-z0-9_])"
    )
    tree = ast.parse(path.read_text("utf-8"))
    docs = _docstring_nodes(tree)
    found = [
        f"{path.name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and pattern.search(node.value)
    ]
    assert not found, "format ids in code:\n" + "\n".join(found)
