"""The import graph follows the layers the README's map shows: every arrow points down, none loops."""

from __future__ import annotations

import ast
from pathlib import Path

import skillcheck

SOURCE = Path(skillcheck.__file__).parent

# Lowest first. A module may import its own layer and the layers below it, never one above.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("skillcheck", "skillcheck.errors", "skillcheck.invoked", "skillcheck.gcpause", "skillcheck.safetext",
     "skillcheck.files", "skillcheck.resources", "skillcheck.times"),
    ("skillcheck.taxonomy",),
    ("skillcheck.measure",),
    ("skillcheck.storage",),
    ("skillcheck.documents",),
    ("skillcheck.output",),
    ("skillcheck.session", "skillcheck.commands"),
    ("skillcheck.cli", "skillcheck.__main__"),
)  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> int:
    """The layer of a module: the longest layer entry that is the module or a package above it."""
    best, found = -1, -1
    for index, members in enumerate(LAYERS):
        for member in members:
            if (module == member or module.startswith(member + ".")) and len(member) > best:
                best, found = len(member), index
    assert found >= 0, f"{module} is in no layer: add it to LAYERS and the README's map"
    return found


def imports(path: Path) -> set[str]:
    """Every skillcheck module a file imports, at the top or inside a function (lazy imports count)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("skillcheck"))
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.startswith("skillcheck")
        ):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                is_module = (SOURCE.parent / Path(*candidate.split("."))).with_suffix(".py").exists() or (
                    SOURCE.parent / Path(*candidate.split("."))
                ).is_dir()
                found.add(candidate if is_module else node.module)
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports(path) for path in SOURCE.rglob("*.py")}


def test_no_module_imports_a_layer_above_its_own() -> None:
    upward = [
        f"{importer} (layer {layer_of(importer)}) imports {imported} (layer {layer_of(imported)})"
        for importer, targets in graph().items()
        for imported in targets
        if layer_of(imported) > layer_of(importer)
    ]
    assert upward == []


def test_the_import_graph_has_no_cycle() -> None:
    edges = {
        module: {t for t in targets if t != module and not module.startswith(t + ".")}
        for module, targets in graph().items()
    }
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := visit(target)) is not None:
                return cycle
        state[module] = 2
        stack.pop()
        return None

    for module in sorted(edges):
        if module not in state:
            cycle = visit(module)
            assert cycle is None, " -> ".join(cycle or [])


def test_every_package_is_in_a_layer() -> None:
    for module in graph():
        layer_of(module)


def test_the_checker_sees_an_upward_import() -> None:
    """The layer test can fail: a storage module importing output would be caught."""
    assert layer_of("skillcheck.output.render") > layer_of("skillcheck.storage.store")
    assert "skillcheck.taxonomy.models" in imports(SOURCE / "storage" / "store.py")
