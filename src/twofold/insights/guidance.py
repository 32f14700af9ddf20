"""Our wording for cycles, antidotes and practices, loaded from ``data/guidance_en.toml`` and validated."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from twofold.insights.records import HORSEMEN

CYCLE_KINDS: tuple[str, ...] = ("pursue_withdraw", "attack_attack", "withdraw_withdraw")
_DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class CycleText:
    name: str
    explanation: str
    practice: str


@dataclass(frozen=True)
class AntidoteText:
    antidote: str
    explanation: str
    practice: str


@dataclass(frozen=True)
class Guidance:
    cycles: dict[str, CycleText]
    antidotes: dict[str, AntidoteText]


def _text(section: dict, key: str, where: str) -> str:
    value = section.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{where}.{key} must be a non-empty string")
    return value.strip()


def parse_guidance(data: dict) -> Guidance:
    """Validate the guidance data: every cycle kind and every horseman needs its texts."""
    cycles = {}
    for kind in CYCLE_KINDS:
        section = data.get("cycles", {}).get(kind)
        if not isinstance(section, dict):
            raise ValueError(f"guidance has no [cycles.{kind}]")
        cycles[kind] = CycleText(*(_text(section, k, f"cycles.{kind}") for k in ("name", "explanation", "practice")))
    antidotes = {}
    for horseman in HORSEMEN:
        section = data.get("antidotes", {}).get(horseman)
        if not isinstance(section, dict):
            raise ValueError(f"guidance has no [antidotes.{horseman}]")
        antidotes[horseman] = AntidoteText(*(_text(section, k, f"antidotes.{horseman}") for k in ("antidote", "explanation", "practice")))
    return Guidance(cycles, antidotes)


@lru_cache(maxsize=4)
def load_guidance(locale: str = "en") -> Guidance:
    path = _DATA / f"guidance_{locale}.toml"
    if not path.exists():
        raise ValueError(f"no insights guidance for locale {locale!r}")
    with path.open("rb") as handle:
        return parse_guidance(tomllib.load(handle))
