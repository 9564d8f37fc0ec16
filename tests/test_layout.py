"""The package layout keeps the trust boundary, read from the imports themselves (lazy ones included).

- judging/ judges plain facts: it imports neither Keras, TensorFlow, the in-kernel code, the pipeline nor the sandbox;
- shared/ is what both sides agree on: it imports nothing of autograder but shared/;
- in_kernel/ runs beside the student's code: it imports nothing of the pipeline or the sandbox;
- a Dask worker's modules (cluster/task, worker_pool, files) import neither judging/ nor the pipeline;
- the pipeline finds its settings in nbgrader's config: it never imports course_config nor edits sys.path;
- no import cycles among autograder/, course_config.py, nbgrader_config.py and scripts/.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "autograder"


def module_name(path: Path) -> str:
    if path.parent == REPO / "scripts" or path.parent == REPO:
        return path.stem  # scripts/ runs with its own folder on sys.path; the course files from the root
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources() -> dict[str, Path]:
    paths = [*PACKAGE.rglob("*.py"), REPO / "course_config.py", REPO / "nbgrader_config.py",
             *(REPO / "scripts").glob("*.py")]
    return {module_name(path): path for path in sorted(paths)}


MODULES = sources()


def imports(module: str) -> set[str]:
    """Every module `module` imports, anywhere in its source (functions included), as absolute names."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            submodules = {f"{base}.{alias.name}" for alias in node.names} & set(MODULES)
            found.update(submodules)
            if len(submodules) < len(node.names):  # names defined in `base` itself, not only its submodules
                found.add(base)
    return found


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


RULES = {
    "autograder.judging": ("keras", "tensorflow", "autograder.in_kernel", "autograder.pipeline", "autograder.sandbox"),
    "autograder.in_kernel": ("autograder.pipeline", "autograder.sandbox"),
    "autograder.pipeline": ("course_config",),
    "autograder.sandbox": ("course_config",),
    # A Dask worker's side of the cluster: it drives kernels and never judges.
    "autograder.cluster.task": ("autograder.judging", "autograder.pipeline", "course_config"),
    "autograder.cluster.worker_pool": ("autograder.judging", "autograder.pipeline", "course_config"),
    "autograder.cluster.files": ("autograder.judging", "autograder.pipeline", "course_config"),
}


@pytest.mark.parametrize("side", sorted(RULES))
def test_each_side_imports_only_what_its_trust_allows(side):
    crossings = sorted(f"{module} imports {name}" for module in MODULES if within(module, side)
                       for name in imports(module) if any(within(name, banned) for banned in RULES[side]))
    assert crossings == []


def test_shared_imports_nothing_of_autograder_but_shared():
    crossings = sorted(f"{module} imports {name}" for module in MODULES if within(module, "autograder.shared")
                       for name in imports(module)
                       if within(name, "autograder") and not within(name, "autograder.shared"))
    assert crossings == []


def test_the_package_never_edits_sys_path():
    edits = sorted(str(path.relative_to(REPO)) for module, path in MODULES.items() if within(module, "autograder")
                   if "sys.path.insert" in path.read_text() or "sys.path.append" in path.read_text())
    assert edits == []


def import_cycles() -> list[list[str]]:
    """Each strongly connected group of more than one module (or a module importing itself), by Tarjan."""
    graph = {module: sorted(name for name in imports(module) if name in MODULES and name != module) for module in MODULES}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for name in graph[module]:
            if name not in index:
                visit(name)
                low[module] = min(low[module], low[name])
            elif name in stack:
                low[module] = min(low[module], index[name])
        if low[module] == index[module]:
            group = []
            while True:
                name = stack.pop()
                group.append(name)
                if name == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in graph:
        if module not in index:
            visit(module)
    return cycles


def test_no_import_cycles():
    assert import_cycles() == []


def test_the_rules_see_real_imports():
    """The reader finds relative, lazy and from-imports (or the rules above would pass vacuously)."""
    assert "autograder.judging.checks" in imports("autograder.in_kernel.notebook_checks")
    assert "autograder.in_kernel.plain_data" in imports("autograder.in_kernel.collect_facts")
    assert "autograder.pipeline.sandboxed_execute" in imports("course_config")  # inside configure()
    assert "keras" in imports("autograder.in_kernel.model_behaviour")  # inside a function
