"""Safety: crisis and abuse rules and per-locale resources (pure, data-driven)."""

from twofold.safety.resources import (
    Resource,
    SafetyResources,
    SafetyDataError,
    available_locales,
    load_locale,
    resources_for,
)
from twofold.safety.rules import SAFETY_LABELS, rules_path

__all__ = [
    "SAFETY_LABELS",
    "Resource",
    "SafetyDataError",
    "SafetyResources",
    "available_locales",
    "load_locale",
    "resources_for",
    "rules_path",
]
