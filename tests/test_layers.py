"""The package's layers hold: a pure article core, no edge into the wiring, no import cycle.

Imports are read with ``ast`` (module level and inside functions alike), so a lazy import
cannot hide a cycle; only imports under ``if TYPE_CHECKING:``, which never run, are left out.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "sphinx_quicktakes"
NAME = "sphinx_quicktakes"
WIRING = f"{NAME}.extension"


def module_name(path: Path) -> str:
    """Dotted name of a module file of the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:`` (they never run)."""
    for child in ast.iter_child_nodes(tree):
        if not _type_checking_only(child):
            yield child
            yield from _runtime_nodes(child)


def imports(path: Path, modules: Collection[str] = ()) -> Iterator[str]:
    """Every module ``path`` imports at run time, at module level or in a function.

    ``from package import name`` is an import of ``package.name`` when that is one of
    ``modules``, else of ``package``.
    """
    module = module_name(path)
    for node in _runtime_nodes(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(module, node, path.name == "__init__.py")
            for alias in node.names:
                full = f"{source}.{alias.name}"
                yield full if full in modules else source


def _with_parents(name: str) -> Iterator[str]:
    """``name`` and the subpackages Python runs first to import it (``a.b.c``: ``a.b``)."""
    parts = name.split(".")
    for end in range(2, len(parts) + 1):
        yield ".".join(parts[:end])


def package_graph() -> dict[str, set[str]]:
    """module -> the package's modules importing it runs.

    The root package is left out as a target (the root's ``setup()`` is Sphinx's entry point,
    the one place that imports the wiring), and so is a module's own package, which Python
    has already started to import when it runs the module.
    """
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph = {}
    for module, path in files.items():
        own = set(_with_parents(module))
        targets = {parent for name in imports(path, files) for parent in _with_parents(name)}
        graph[module] = {name for name in targets - own if name in files}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle of ``graph`` as a list of modules, or an empty list."""
    done: set[str] = set()
    for start in sorted(graph):
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        path = [start]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                done.add(node)
                stack.pop()
                path.pop()
            elif child in path:
                return [*path[path.index(child) :], child]
            elif child not in done:
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
    return []


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for name in graph[todo.pop()] - seen:
            seen.add(name)
            todo.append(name)
    return seen


def test_pure_core_imports_no_sphinx() -> None:
    """The article core and the page records load no Sphinx, not even through a helper."""
    graph = package_graph()
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    pure = [name for name in files if name.startswith(f"{NAME}.articles")] + [f"{NAME}.records"]
    offenders = {
        (module, used, name)
        for module in pure
        for used in _reachable(graph, module)
        for name in imports(files[used], files)
        if name.split(".")[0] in ("sphinx", "docutils")
    }
    assert not offenders


def test_nothing_imports_the_wiring() -> None:
    importers = sorted(module for module, targets in package_graph().items() if WIRING in targets)
    assert importers == [NAME]


def test_no_import_cycle() -> None:
    assert find_cycle(package_graph()) == []


def test_cycle_finder_sees_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []
