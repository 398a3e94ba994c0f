"""The portal's shape is checked, not hoped for: the layers in pyproject.toml hold, the checker
notices an import that points up, and no import inside a function hides a dependency between
apps (see ARCHITECTURE.md)."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
APPS = set(CONFIG["root_packages"])


def lint(config_text=None, tmp_path=None):
    args = [str(LINT_IMPORTS), "--no-cache"]
    if config_text is not None:
        path = tmp_path / "contracts.toml"
        path.write_text(config_text)
        args.append(str(path))
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603


def test_the_layers_only_point_down():
    result = lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_an_import_pointing_up_breaks_the_contract(tmp_path):
    """The same checker, told the core sat above accounts: every account module's import of
    the core now points up, and the check fails naming it."""
    layers = list(CONFIG["contracts"][0]["layers"])
    layers.remove("portal")
    layers.insert(layers.index("accounts"), "portal")
    roots = ", ".join(f'"{name}"' for name in CONFIG["root_packages"])
    config = (
        f"[tool.importlinter]\nroot_packages = [{roots}]\n\n"
        '[[tool.importlinter.contracts]]\nid = "upside-down"\nname = "Upside down"\n'
        f'type = "layers"\nlayers = [{", ".join(f"{name!r}" for name in layers)}]\n'
    ).replace("'", '"')
    result = lint(config, tmp_path)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert "accounts." in result.stdout
    assert "-> portal." in result.stdout


def _imports_inside_functions(path):
    tree = ast.parse(path.read_text())
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                yield function.name, node.module
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    yield function.name, alias.name


def test_no_import_inside_a_function_hides_a_dependency_between_apps():
    """Only an app's ``ready`` may import another app late (its models are not loaded before);
    everything else says what it depends on at the top of the module."""
    hidden = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for function, module in _imports_inside_functions(path):
                other = module.split(".")[0]
                if other in APPS and other != app:
                    if path.name == "apps.py" and function == "ready":
                        continue
                    hidden.append(f"{path.relative_to(ROOT)}: {function} imports {module}")
    assert hidden == []
