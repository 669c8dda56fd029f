"""Each package has one front door: code outside a package uses only what its __init__.py exports.

A package's own tests (tests/<package>/) may reach into its private modules to test them;
nothing else may, in the spirit of httpx's check of its exported members.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("catalogue", "german_text", "actions", "webchat", "assistant")
CODE = [p for folder in (*PACKAGES, "scripts", "tests") for p in (ROOT / folder).rglob("*.py")]


def _owner(path: Path) -> str:
    """The package a file belongs to (its own tests belong to it too)."""
    parts = path.relative_to(ROOT).parts
    return parts[1] if parts[0] == "tests" and len(parts) > 2 else parts[0]


def _private_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            package, *rest = node.module.split(".")
            names = rest if rest else [a.name for a in node.names]
            if package in PACKAGES and any(n.startswith("_") and n != "__version__" for n in names):
                found.append((package, f"from {node.module} import {', '.join(a.name for a in node.names)}"))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                package, *rest = alias.name.split(".")
                if package in PACKAGES and any(n.startswith("_") for n in rest):
                    found.append((package, f"import {alias.name}"))
    owner = _owner(path)
    return [line for package, line in found if package != owner]


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_another_packages_private_modules(path: Path) -> None:
    assert _private_imports(path) == []


@pytest.mark.parametrize("package", ["catalogue", "german_text"])
def test_every_exported_name_exists(package: str) -> None:
    module = __import__(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == [] and len(module.__all__) == len(set(module.__all__))


def test_the_check_finds_a_private_import(tmp_path: Path) -> None:
    outside = ROOT / "scripts" / "_front_door_probe.py"
    try:
        outside.write_text("from catalogue._search import detect_wishes\nimport catalogue._db\n", encoding="utf-8")
        assert len(_private_imports(outside)) == 2
    finally:
        outside.unlink()
