"""Dependencies point inward: the pure packages never import Django, the API or the feature apps."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "twofold"
PURE_PACKAGES = ("coach", "instruments", "practice", "plan", "safety", "insights", "batch")
DJANGO_SIDE = ("django", "ninja", "channels", "twofold.api", "twofold.accounts", "twofold.couples", "twofold.privacy",
               "twofold.notes", "twofold.web", "twofold.django_settings")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", PURE_PACKAGES)
def test_pure_package_imports_nothing_from_the_shell(package):
    offenders = []
    for path in sorted((SRC / package).rglob("*.py")):
        for name in _imports(path):
            if any(name == banned or name.startswith(banned + ".") for banned in DJANGO_SIDE):
                offenders.append(f"{path.relative_to(SRC)} imports {name}")
    assert not offenders, offenders


def test_rule_checker_sees_a_violation(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from django.db import models\nimport twofold.api.main\n")
    assert {"django.db", "twofold.api.main"} <= _imports(sample)
