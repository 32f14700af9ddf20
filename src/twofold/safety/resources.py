"""Safety resources per locale, loaded from ``resources/<locale>.toml`` and validated.

Clinics change the numbers by editing the data file; nothing here is hard-coded.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from twofold.safety.rules import SAFETY_LABELS

_DIR = Path(__file__).parent / "resources"
DEFAULT_LOCALE = "en-US"


class SafetyDataError(ValueError):
    """A safety resource file is missing a field or has a wrong value."""


@dataclass(frozen=True)
class Resource:
    """One place to get help."""

    id: str
    name: str
    how: str
    contact: str
    available: str
    labels: tuple[str, ...]


#: The line above the resources when only the model's lower, "possible" reading found a safety concern
#: (the coaching still shows: see :mod:`twofold.coach.fusion`).
POSSIBLE_CONCERN_NOTE = "If things are harder than this message shows, you do not have to carry it alone:"


@dataclass(frozen=True)
class SafetyResources:
    """What the coach shows instead of coaching when a safety label is found."""

    locale: str
    labels: tuple[str, ...]
    headline: str
    message: str
    resources: tuple[Resource, ...]


@dataclass(frozen=True)
class LocaleData:
    locale: str
    headline: str
    messages: dict[str, str]
    resources: tuple[Resource, ...]


def _text(table: dict, key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SafetyDataError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _parse(raw: dict, where: str) -> LocaleData:
    locale = _text(raw, "locale", where)
    headline = _text(raw, "headline", where)
    messages_raw = raw.get("message")
    if not isinstance(messages_raw, dict):
        raise SafetyDataError(f"{where}: a [message] table with one entry per safety label is required")
    messages = {label: _text(messages_raw, label, f"{where} [message]") for label in SAFETY_LABELS}
    entries = raw.get("resource")
    if not isinstance(entries, list) or not entries:
        raise SafetyDataError(f"{where}: at least one [[resource]] is required")
    resources = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, 1):
        here = f"{where} resource #{index}"
        labels = entry.get("labels")
        if not isinstance(labels, list) or not labels or any(label not in SAFETY_LABELS for label in labels):
            raise SafetyDataError(f"{here}: 'labels' must list some of {', '.join(SAFETY_LABELS)}")
        resource = Resource(
            id=_text(entry, "id", here),
            name=_text(entry, "name", here),
            how=_text(entry, "how", here),
            contact=_text(entry, "contact", here),
            available=_text(entry, "available", here),
            labels=tuple(labels),
        )
        if resource.id in seen:
            raise SafetyDataError(f"{here}: duplicate id {resource.id!r}")
        seen.add(resource.id)
        resources.append(resource)
    for label in SAFETY_LABELS:
        if not any(label in r.labels for r in resources):
            raise SafetyDataError(f"{where}: no resource covers {label!r}")
    return LocaleData(locale, headline, messages, tuple(resources))


def available_locales() -> tuple[str, ...]:
    """Locales that have a resource file."""
    return tuple(sorted(p.stem for p in _DIR.glob("*.toml")))


@lru_cache(maxsize=None)
def load_locale(locale: str = DEFAULT_LOCALE, directory: Path | None = None) -> LocaleData:
    """Read and validate one locale's resource file."""
    path = (directory or _DIR) / f"{locale}.toml"
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SafetyDataError(f"no safety resources for locale {locale!r} ({path})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SafetyDataError(f"{path}: {exc}") from exc
    data = _parse(raw, str(path))
    if data.locale != locale:
        raise SafetyDataError(f"{path}: locale field {data.locale!r} does not match the file name")
    return data


def resources_for(labels: tuple[str, ...] | list[str], locale: str = DEFAULT_LOCALE) -> SafetyResources | None:
    """The resources for the safety labels among ``labels``; ``None`` if there are none.

    Crisis resources come first when both labels are present.
    """
    found = tuple(label for label in SAFETY_LABELS if label in labels)
    if not found:
        return None
    data = load_locale(locale)
    ordered: list[Resource] = []
    for label in found:
        ordered.extend(r for r in data.resources if label in r.labels and r not in ordered)
    message = " ".join(data.messages[label] for label in found)
    return SafetyResources(data.locale, found, data.headline, message, tuple(ordered))
