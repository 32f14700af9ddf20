"""Rule files: a small pattern language compiled to spaCy ``Matcher`` patterns.

A rule file (TOML) has ``version``, optional ``[sets]`` of word lists and
``[[rule]]`` tables with ``id``, ``label``, ``explanation`` (plain words, ours),
``patterns`` and optionally ``unless`` (patterns that cancel the rule),
``unless_scope`` (where an ``unless`` match cancels: ``overlap`` with the match,
the same ``sentence`` (default) or the whole ``message``) and ``suppress``
(labels this rule removes from the same sentence).

Pattern language, one token per space-separated item:

``word`` or ``a|b``    the token's normalised form (``you're`` -> ``you`` ``are``)
``~word``             the token's lemma (``~feel`` matches feel, felt, feeling)
``@set`` / ``~@set``  any word of a set, by form / by lemma
``?item``             the item is optional
``*N``                up to N tokens of anything
``^`` / ``$``         first / last item: the match starts / ends the sentence
                      (punctuation and emoji at the edges are ignored)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from twofold.coach.labels import LABELS


UNLESS_SCOPES: tuple[str, ...] = ("overlap", "sentence", "message")


class RuleFileError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    id: str
    label: str
    explanation: str
    patterns: tuple[str, ...]
    unless: tuple[str, ...] = ()
    unless_scope: str = "sentence"
    suppress: tuple[str, ...] = ()


@dataclass(frozen=True)
class RuleSet:
    version: str
    sets: dict[str, tuple[str, ...]]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class CompiledPattern:
    tokens: list[dict[str, Any]]
    anchor_start: bool
    anchor_end: bool


def _strings(value: Any, where: str, *, allow_empty: bool = True) -> tuple[str, ...]:
    if not isinstance(value, list) or any(not isinstance(v, str) or not v.strip() for v in value):
        raise RuleFileError(f"{where}: expected a list of non-empty strings")
    if not value and not allow_empty:
        raise RuleFileError(f"{where}: expected at least one entry")
    return tuple(v.strip() for v in value)


def load_rule_file(path: Path) -> RuleSet:
    """Read and validate one rule file (patterns are compiled too, to fail early)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise RuleFileError(f"{path}: {exc}") from exc
    version = raw.get("version")
    if not isinstance(version, str) or not version:
        raise RuleFileError(f"{path}: 'version' must be a string")
    sets = {
        name: tuple(w.lower() for w in _strings(words, f"{path} [sets] {name}", allow_empty=False))
        for name, words in raw.get("sets", {}).items()
    }
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw.get("rule", []), 1):
        where = f"{path} rule #{index} ({entry.get('id', '?')})"
        rule_id, label, explanation = entry.get("id"), entry.get("label"), entry.get("explanation")
        if not isinstance(rule_id, str) or not rule_id or rule_id in seen:
            raise RuleFileError(f"{where}: 'id' must be a unique string")
        if label not in LABELS:
            raise RuleFileError(f"{where}: unknown label {label!r}")
        if not isinstance(explanation, str) or not explanation.strip():
            raise RuleFileError(f"{where}: 'explanation' is required")
        suppress = _strings(entry.get("suppress", []), f"{where} suppress")
        if any(s not in LABELS for s in suppress):
            raise RuleFileError(f"{where}: suppress names an unknown label")
        scope = entry.get("unless_scope", "sentence")
        if scope not in UNLESS_SCOPES:
            raise RuleFileError(f"{where}: unless_scope must be one of {', '.join(UNLESS_SCOPES)}")
        unknown_keys = set(entry) - {"id", "label", "explanation", "patterns", "unless", "unless_scope", "suppress"}
        if unknown_keys:
            raise RuleFileError(f"{where}: unknown keys {sorted(unknown_keys)}")
        rule = Rule(
            id=rule_id,
            label=label,
            explanation=explanation.strip(),
            patterns=_strings(entry.get("patterns"), f"{where} patterns", allow_empty=False),
            unless=_strings(entry.get("unless", []), f"{where} unless"),
            unless_scope=scope,
            suppress=suppress,
        )
        for pattern in rule.patterns + rule.unless:
            compile_pattern(pattern, sets, where)
        seen.add(rule_id)
        rules.append(rule)
    return RuleSet(version, sets, tuple(rules))


def _item(item: str, sets: dict[str, tuple[str, ...]], where: str) -> dict[str, Any]:
    optional = item.startswith("?") and len(item) > 1
    if optional:
        item = item[1:]
    attr = "NORM"
    if item.startswith("~") and len(item) > 1:
        attr, item = "LEMMA", item[1:]
    if item.startswith("@"):
        name = item[1:]
        if name not in sets:
            raise RuleFileError(f"{where}: unknown set @{name}")
        words = list(sets[name])
    else:
        words = [w for w in item.lower().split("|") if w]
        if not words:
            raise RuleFileError(f"{where}: empty item in pattern")
        if any("'" in w or "’" in w for w in words):
            raise RuleFileError(f"{where}: write contractions out ('do not', 'you are'): {item!r}")
    spec: dict[str, Any] = {attr: {"IN": words}} if len(words) > 1 else {attr: words[0]}
    if optional:
        spec["OP"] = "?"
    return spec


def compile_pattern(pattern: str, sets: dict[str, tuple[str, ...]], where: str = "") -> CompiledPattern:
    """Compile one pattern string to a spaCy ``Matcher`` token pattern."""
    items = pattern.split()
    anchor_start = bool(items) and items[0] == "^"
    anchor_end = bool(items) and items[-1] == "$"
    items = items[1 if anchor_start else 0 : len(items) - 1 if anchor_end else None]
    tokens: list[dict[str, Any]] = []
    for item in items:
        if item.startswith("*") and item[1:].isdigit():
            if not tokens:
                raise RuleFileError(f"{where}: pattern {pattern!r} may not start with a wildcard")
            tokens.append({"OP": f"{{0,{int(item[1:])}}}"})
        else:
            tokens.append(_item(item, sets, f"{where} pattern {pattern!r}"))
    if not tokens or "OP" in tokens[-1] and len(tokens[-1]) == 1:
        raise RuleFileError(f"{where}: pattern {pattern!r} is empty or ends with a wildcard")
    return CompiledPattern(tokens, anchor_start, anchor_end)
