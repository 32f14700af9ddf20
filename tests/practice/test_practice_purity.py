"""practice and plan stay pure: no Django, no database, no reaching into each other."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "twofold"
FORBIDDEN = {
    "practice": ("django", "channels", "twofold.plan", "twofold.coach", "sqlite3"),
    "plan": ("django", "channels", "twofold.practice", "twofold.coach", "sqlite3"),
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_forbidden_imports(package: str) -> None:
    for path in sorted((SRC / package).rglob("*.py")):
        for name in _imports(path):
            assert not name.startswith(FORBIDDEN[package]), f"{path.relative_to(SRC)} imports {name}"


def test_importing_does_not_load_data_files() -> None:
    script = (
        "import twofold.plan, twofold.practice, twofold.practice.lean_in, twofold.practice.cli\n"
        "from twofold.plan.separation import default_checklist\n"
        "from twofold.practice.challenges import challenge_library\n"
        "from twofold.practice.pause import soothing_suggestions\n"
        "from twofold.practice.lean_in.protocol import default_prompts\n"
        "loaders = (default_checklist, challenge_library, soothing_suggestions, default_prompts)\n"
        "print(sum(f.cache_info().currsize for f in loaders), 'django' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC.parent)}
    result = subprocess.run([sys.executable, "-c", "import sys\n" + script], capture_output=True, text=True,
                            env=env, check=True)
    assert result.stdout.split() == ["0", "False"]
