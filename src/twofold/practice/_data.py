"""Read the package's TOML data files (called lazily, never at import time)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any


def read_toml(name: str, path: Path | None = None) -> dict[str, Any]:
    """Parse ``path`` if given, else the packaged file ``name`` next to this module."""
    if path is not None:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    text = resources.files("twofold.practice").joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)
