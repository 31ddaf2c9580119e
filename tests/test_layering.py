"""Checks that keep the layout (LAYOUT.md §1): import levels, no Reflex in services, sizes.

The services packages are stacked in levels; a package may import only packages at its own
level or below. Two different packages on the same level may import each other's modules
(LAYOUT says "its level or below"), but no cycle between them is allowed, so a same-level
pair can never grow into a knot: if they need each other, the shared part belongs one level
down. Imports are read with ``ast`` from every statement, function-level ones included, so a
lazy import inside a function cannot hide an edge.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOSAPP = ROOT / "gosapp"
SERVICES = GOSAPP / "services"

LEVELS = {
    "common": 0,
    "notifications": 1,
    "registry": 1,
    "identity": 2,
    "documents": 3,
    "requests": 4,
    "profile": 5,
    "medical": 5,
    "scheduling": 5,
    "frmr": 5,
    "social": 5,
    "backoffice": 6,
    "demo": 7,
}

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

MAX_BUILDER_LINES = 40  # a function returning rx.Component


def _python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    """Every module named by an import statement in ``path`` (line, absolute dotted name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            yield node.lineno, base
            # `from gosapp.services import identity` names the package in the alias.
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"


def _services_package(module: str) -> str | None:
    parts = module.split(".")
    if parts[:2] == ["gosapp", "services"] and len(parts) > 2:
        return parts[2]
    return None


def _package_edges() -> dict[tuple[str, str], list[str]]:
    """(importer, imported) services packages, with the places each edge comes from."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in _python_files(SERVICES):
        source = _services_package(_module_name(path))
        if source is None:
            continue
        for line, module in _imported_modules(path):
            target = _services_package(module)
            if target is not None and target != source and target in LEVELS:
                where = f"{path.relative_to(ROOT)}:{line} imports {module}"
                edges.setdefault((source, target), []).append(where)
    return edges


def test_every_services_package_has_a_level():
    packages = {p.name for p in SERVICES.iterdir() if (p / "__init__.py").exists()}
    assert packages - LEVELS.keys() == set(), "add the new package to LEVELS and LAYOUT.md"


def test_services_packages_import_only_their_level_or_below():
    upward = [
        f"{source} (L{LEVELS[source]}) -> {target} (L{LEVELS[target]}): {where[0]}"
        for (source, target), where in sorted(_package_edges().items())
        if LEVELS[target] > LEVELS[source]
    ]
    assert upward == []


def test_no_two_services_packages_import_each_other():
    edges = _package_edges()
    cycles = sorted(
        f"{a} <-> {b}: {edges[(a, b)][0]}; {edges[(b, a)][0]}"
        for a, b in edges
        if a < b and (b, a) in edges
    )
    assert cycles == []


def test_services_never_import_reflex():
    found = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in _python_files(SERVICES)
        for line, module in _imported_modules(path)
        if module == "reflex" or module.startswith("reflex.")
    ]
    assert found == []


def _module_lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_over_the_size_limit():
    over = {
        str(p.relative_to(ROOT)): _module_lines(p)
        for p in _python_files(GOSAPP)
        if _module_lines(p) > MAX_MODULE_LINES
    }
    assert over == {}, f"modules over {MAX_MODULE_LINES} lines: split them (LAYOUT.md)"


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            yield node, (node.end_lineno or node.lineno) - first + 1


def test_no_function_over_the_size_limit():
    long = {
        f"{path.relative_to(ROOT)}:{node.name}": lines
        for path in _python_files(GOSAPP)
        for node, lines in _functions(path)
        if lines > MAX_FUNCTION_LINES
    }
    assert long == {}, f"functions over {MAX_FUNCTION_LINES} lines"


def test_no_component_builder_over_forty_lines():
    long = {
        f"{path.relative_to(ROOT)}:{node.name}": lines
        for path in _python_files(GOSAPP)
        for node, lines in _functions(path)
        if node.returns is not None
        and ast.unparse(node.returns) == "rx.Component"
        and lines > MAX_BUILDER_LINES
    }
    assert long == {}, f"component builders over {MAX_BUILDER_LINES} lines: split them"
