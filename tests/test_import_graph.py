"""The import graph of the apps, read from their source (ast), never by importing them.

Three rules (issue 11, item 1):

(a) Dependencies point one way. The apps form a line, `LAYERS`; an app imports only itself and
    apps to its left (config, which wires everything together, comes last and nobody imports it).
(b) No cycle between modules. Imports inside functions count as edges too, so a cycle cannot be
    hidden by moving one of its imports into a function.
(c) No project module imported inside a function body, except in an `AppConfig.ready` (Django's
    place for wiring one app into another at start-up) and in migrations (their functions use
    the code of the time they were written). A heavy third-party library may still be imported
    where it is used (WeasyPrint in reports/pdf.py); a project module may not.

The checker is tested on a small made-up project first, so that a rule that silently stopped
finding anything would show.
"""

import ast
from collections import deque
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = (
    "audit",
    "orgs",
    "registers",
    "notifications",
    "workflow",
    "schedule",
    "reports",
    "oversight",
    "reviews",
    "assessment",
    "commitments",
    "archives",
    "demo",
    "config",
)


@dataclass(frozen=True)
class Import:
    """One import statement's reference to a project module."""

    importer: str  # dotted module name
    target: str  # the project module it names (the longest prefix that is a module)
    line: int
    function: str | None  # the enclosing function's name; None at module or class level
    exempt: bool  # in an AppConfig.ready or a migration

    def where(self) -> str:
        return f"{self.importer}:{self.line}"


def project_modules(root: Path, apps: tuple[str, ...]) -> dict[str, Path]:
    """Every module of `apps` under `root` by dotted name (a package by its own name)."""
    modules: dict[str, Path] = {}
    for app in apps:
        for path in sorted((root / app).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


class _Collector(ast.NodeVisitor):
    def __init__(self, module: str, path: Path, modules: dict[str, Path]) -> None:
        self.module = module
        self.is_package = path.name == "__init__.py"
        self.modules = modules
        self.in_migration = ".migrations." in f".{module}."
        self.scopes: list[tuple[str, str]] = []  # ("class" | "def", name)
        self.found: list[Import] = []

    def _scoped(self, node: ast.AST, kind: str, name: str) -> None:
        self.scopes.append((kind, name))
        self.generic_visit(node)
        self.scopes.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scoped(node, "class", node.name)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scoped(node, "def", node.name)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scoped(node, "def", node.name)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._scoped(node, "def", "<lambda>")

    def _add(self, target: str | None, line: int) -> None:
        if target is None:
            return
        functions = [name for kind, name in self.scopes if kind == "def"]
        function = functions[-1] if functions else None
        in_ready = (
            self.module.endswith(".apps")
            and len(self.scopes) == 2
            and self.scopes[0][0] == "class"
            and self.scopes[1] == ("def", "ready")
        )
        self.found.append(
            Import(self.module, target, line, function, in_ready or self.in_migration)
        )

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(_resolve(alias.name, self.modules), node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.module.split(".")
            if not self.is_package:
                base.pop()
            base = base[: len(base) - (node.level - 1)]
            source = ".".join([*base, *([node.module] if node.module else [])])
        else:
            source = node.module or ""
        for alias in node.names:
            # `from package import module` names the module; `from module import name` the module.
            target = _resolve(f"{source}.{alias.name}", self.modules) or _resolve(
                source, self.modules
            )
            self._add(target, node.lineno)


def collect_imports(root: Path, apps: tuple[str, ...]) -> tuple[dict[str, Path], list[Import]]:
    modules = project_modules(root, apps)
    imports: list[Import] = []
    for module, path in modules.items():
        collector = _Collector(module, path, modules)
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        imports.extend(collector.found)
    return modules, imports


def direction_violations(imports: list[Import], apps: tuple[str, ...]) -> list[str]:
    rank = {app: index for index, app in enumerate(apps)}
    found_wrong = []
    for found in imports:
        source, target = found.importer.split(".")[0], found.target.split(".")[0]
        if rank[target] > rank[source]:
            found_wrong.append(
                f"{found.where()} imports {found.target}: {source} may not depend on {target}"
            )
    return found_wrong


def _edges(imports: list[Import], modules: dict[str, Path]) -> dict[str, dict[str, int]]:
    """Module → imported module → line. Importing `a.b.c` also runs the packages `a` and `a.b`,
    except those the importer sits in (they are already being imported when it runs), unless
    the import names one of them itself."""
    graph: dict[str, dict[str, int]] = {module: {} for module in modules}
    for found in imports:
        parts = found.target.split(".")
        own = {".".join(found.importer.split(".")[:end]) for end in range(1, len(parts) + 1)}
        for end in range(1, len(parts) + 1):
            target = ".".join(parts[:end])
            if target in modules and target != found.importer and target not in own:
                graph[found.importer].setdefault(target, found.line)
        if found.target != found.importer:
            graph[found.importer].setdefault(found.target, found.line)
    return graph


def cycles(imports: list[Import], modules: dict[str, Path]) -> list[str]:
    """One shortest cycle through each module that is on one, written as a path with the line
    of each import; each cycle once."""
    graph = _edges(imports, modules)
    seen: set[frozenset[str]] = set()
    found: list[str] = []
    for start in sorted(graph):
        # Breadth first from `start` back to it: the shortest cycle through `start`.
        parents: dict[str, str] = {}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if node != start and start in graph[node]:
                path = [node]
                while parents[path[0]] != start:
                    path.insert(0, parents[path[0]])
                hops = [start, *path, start]
                if frozenset(hops) not in seen:
                    seen.add(frozenset(hops))
                    found.append(
                        " → ".join(f"{a} (line {graph[a][b]})" for a, b in pairwise(hops))
                        + f" → {start}"
                    )
                break
            for successor in sorted(graph[node]):
                if successor != start and successor not in parents:
                    parents[successor] = node
                    queue.append(successor)
    return found


def function_level_imports(imports: list[Import]) -> list[str]:
    return [
        f"{found.where()} imports {found.target} inside {found.function}()"
        for found in imports
        if found.function is not None and not found.exempt
    ]


# --- the checker on a made-up project ---------------------------------------------------------


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_finds_each_kind_of_violation(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/a.py": "from high import b\n",  # wrong way (a)
            "low/c.py": "def f():\n    from low import d\n",  # in a function (c), and a cycle
            "low/d.py": "from . import c\n",  # relative, closing the cycle c → d → c (b)
            "low/apps.py": "class C:\n    def ready(self):\n        from high import b\n",
            "low/migrations/__init__.py": "",
            "low/migrations/0001_x.py": "def forwards():\n    from low import a\n",
            "high/__init__.py": "",
            "high/b.py": "import low.a\nimport os\n",
        },
    )
    apps = ("low", "high")
    modules, imports = collect_imports(tmp_path, apps)
    assert direction_violations(imports, apps) == [
        "low.a:1 imports high.b: low may not depend on high",
        "low.apps:3 imports high.b: low may not depend on high",
    ]
    assert cycles(imports, modules) == [
        "high.b (line 1) → low.a (line 1) → high.b",
        "low.c (line 2) → low.d (line 1) → low.c",
    ]
    # ready() and migrations may import in a function; os is not a project module.
    assert function_level_imports(imports) == ["low.c:2 imports low.d inside f()"]


# --- the project --------------------------------------------------------------------------


def test_every_app_module_is_read() -> None:
    modules, imports = collect_imports(ROOT, LAYERS)
    for app in LAYERS:
        assert app in modules, f"{app} is not a package"
    assert "workflow.services" in modules and "reports.management.commands.export" in modules
    # Sanity: the walk sees the imports it must judge (a known one of each kind).
    assert any(
        i.importer == "workflow.services" and i.target == "registers.models" for i in imports
    )
    assert any(i.exempt and i.importer == "registers.apps" for i in imports)


def test_apps_depend_one_way() -> None:
    _, imports = collect_imports(ROOT, LAYERS)
    assert direction_violations(imports, LAYERS) == []


def test_no_import_cycle_between_modules() -> None:
    modules, imports = collect_imports(ROOT, LAYERS)
    assert cycles(imports, modules) == []


def test_no_project_import_inside_a_function() -> None:
    _, imports = collect_imports(ROOT, LAYERS)
    assert function_level_imports(imports) == []
