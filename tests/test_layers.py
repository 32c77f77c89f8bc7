"""How the generator's modules depend on each other: no circle, however it is hidden, and the
ground-floor modules import nothing above them."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"


def _module(path: Path) -> str:
    parts = path.relative_to(GENERATOR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def _imports() -> dict[str, set[str]]:
    """Every generator module with the generator modules it imports anywhere in its text: at the top,
    inside a function, or under ``TYPE_CHECKING`` (a circle hidden there is still a circle)."""
    modules = {_module(path): path for path in GENERATOR.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
                target = ".".join([*base, node.module] if node.module else base)
                found |= {f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target for alias in node.names}
            elif isinstance(node, ast.Import):
                found |= {alias.name for alias in node.names}
        graph[name] = {target for target in found if target in modules and target != name}
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that reach each other (Tarjan's strongly connected components)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in order:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], order[target])
        if low[module] == order[module]:
            group = [stack.pop()]
            while group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return circles


def test_no_module_of_the_generator_imports_itself_through_others():
    assert _circles(_imports()) == []


@pytest.mark.parametrize("module, allowed", [
    ("generator.filetypes", set()),
    ("generator.reading.consent_keys", {"generator.reading.fields"}),
    ("generator.reading.fields", set()),
    ("generator.reading.identity", {"generator.reading.letters", "generator.reading.model"}),
])
def test_a_ground_floor_module_imports_only_what_is_below_it(module, allowed):
    assert _imports()[module] <= allowed


def test_the_story_model_and_the_field_readers_do_not_depend_on_the_story_checker():
    graph = _imports()
    for module in ("generator.reading.model", "generator.reading.readers", "generator.reading.consent",
                   "generator.reading.photos", "generator.reading.plan"):
        assert "generator.reading.story" not in graph[module], module
