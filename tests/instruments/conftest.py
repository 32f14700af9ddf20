"""Helpers for instrument tests: a minimal valid definition to mutate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def minimal_definition(**overrides: Any) -> dict[str, Any]:
    """A small valid instrument: four 1-5 items, one reversed, total as a mean."""
    data: dict[str, Any] = {
        "id": "tiny",
        "version": "1",
        "title": "Tiny",
        "description": "A test instrument.",
        "visibility": "private",
        "scale": {"min": 1, "max": 5, "labels": ["a", "b", "c", "d", "e"]},
        "items": [
            {"number": 1, "text": "one"},
            {"number": 2, "text": "two"},
            {"number": 3, "text": "three", "reverse": True},
            {"number": 4, "text": "four"},
        ],
        "total": {"method": "mean"},
    }
    data.update(overrides)
    return data


def toml_value(value: Any) -> str:
    """Render a Python value as an inline TOML value (enough for these tests)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + " }"
    raise TypeError(value)


def to_toml(data: dict[str, Any]) -> str:
    return "".join(f'"{key}" = {toml_value(value)}\n' for key, value in data.items())


@pytest.fixture
def write_definition(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a definition dict as `<id>.toml` (or under `name`) and return its path."""

    def write(data: dict[str, Any], name: str | None = None) -> Path:
        path = tmp_path / (name or f"{data.get('id', 'x')}.toml")
        path.write_text(to_toml(data), encoding="utf-8")
        return path

    return write
