"""The engine is pure: importing it (and loading every definition) pulls in no Django."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
import twofold.instruments as engine
import twofold.instruments.cli
engine.list_instruments()
engine.relief_guide("anxious", "avoidant")
bad = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
assert not bad, bad
"""


def test_no_django_import() -> None:
    result = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_import_has_no_side_effects() -> None:
    code = "import sys, twofold.instruments.registry as r; assert r._builtin.cache_info().currsize == 0"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
