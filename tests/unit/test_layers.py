"""The layers of docs/architecture.md: each top-level package imports only from those below it.

pulse < recsys < pipelines, serving < api < synthetic < cli. Two checks: every import statement
in every module (functions included), and what importing each package's modules really loads."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ALLOWED = {
    "pulse": set(),
    "recsys": {"pulse"},
    "pipelines": {"pulse", "recsys"},
    "serving": {"pulse", "recsys"},
    "api": {"pulse", "recsys", "serving"},
    "synthetic": {"pulse", "recsys", "serving", "api"},
    "cli": {"pulse", "recsys", "pipelines", "serving", "api", "synthetic"},
}
PACKAGES = set(ALLOWED)


def modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def imported_packages(source: str, package: str) -> set[tuple[str, int]]:
    """(top-level project package, line) of every import in a module of `package`, functions
    included; a relative import stays inside `package`."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [package] if node.level else [node.module or ""]
        else:
            continue
        found |= {(name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in PACKAGES}
    return found


def test_every_package_is_in_the_layer_table():
    top_level = {p.parent.name for p in REPO.glob("*/__init__.py")}
    assert top_level == PACKAGES


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_imports_go_only_to_lower_layers(package):
    wrong = [
        f"{path.relative_to(REPO)}:{line} imports {target}"
        for path in modules(package)
        for target, line in sorted(imported_packages(path.read_text(), package))
        if target != package and target not in ALLOWED[package]
    ]
    assert not wrong, "\n".join(wrong)


def test_the_rule_sees_imports_inside_functions():
    source = "import os\nfrom . import units\ndef f():\n    from api.models import User\n    import serving.engine\n"
    assert imported_packages(source, "pulse") == {("pulse", 2), ("api", 4), ("serving", 5)}


# Files other programs execute rather than import: Alembic's and MLflow's.
SCRIPTS = ("api.migrations.env", "api.migrations.versions.", "recsys.model_code.")
LOADED = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
for module in pkgutil.walk_packages(package.__path__, sys.argv[1] + "."):
    if not module.name.startswith(%r):
        importlib.import_module(module.name)
print(" ".join(sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[2:]))))
""" % (SCRIPTS,)


def test_importing_a_package_loads_nothing_from_higher_layers():
    """`python -c` per package below the CLI: import all its modules, list what came along."""
    below_cli = sorted(PACKAGES - {"cli"})
    runs = {
        package: subprocess.Popen(
            [sys.executable, "-c", LOADED, package, *PACKAGES], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for package in below_cli
    }
    for package, run in runs.items():
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        assert set(out.split()) - {package} <= ALLOWED[package], f"{package} loads {out.split()}"
