"""The rewrite composer's wording: ``data/rewrite_en.toml``, read and validated on first use.

Relief moves, openers and closers (plain, and naming the topic) per recipient attachment; feelings and core frames per
harmful label, each situation kind with only the placeholders :data:`KINDS` allows; cues
with their antidote frames; plain np frames for a message with no other situation; and the
topic lexicon.
"""

from __future__ import annotations

import string
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from twofold.coach.labels import ATTACHMENTS, HARMFUL

DATA = Path(__file__).parent / "data" / "rewrite_en.toml"
#: Situation shapes and the placeholders their frames may use ({feel} is "feel" or "felt").
KINDS: dict[str, frozenset[str]] = {
    "cue": frozenset({"np", "feeling", "cue"}),
    "vp": frozenset({"vp", "ask", "wish", "feel", "feeling", "praise"}),
    "clause": frozenset({"clause", "feel", "feeling", "praise"}),
    "own": frozenset({"own"}),
    "np": frozenset({"np", "feeling", "praise"}),
    "none": frozenset({"feeling"}),
}


@dataclass(frozen=True)
class Cue:
    """Words that mark a harmful move, and frames that answer it with its antidote."""

    words: tuple[tuple[str, ...], ...]  # each a run of word forms or lemmas
    frames: tuple[str, ...]


@dataclass(frozen=True)
class Wording:
    version: str
    relief_move: dict[str, str]
    openers: dict[str, tuple[str, ...]]
    feelings: dict[str, tuple[str, ...]]
    #: label -> the situation kinds tried, in order (``none`` is always tried last).
    order: dict[str, tuple[str, ...]]
    #: label -> kind -> frames (cue frames live in ``cues``).
    core: dict[str, dict[str, tuple[str, ...]]]
    cues: dict[str, tuple[Cue, ...]]
    #: np frames for what a message names when it has no other situation (before ``none``).
    fallback: tuple[str, ...]
    closers: dict[str, tuple[str, ...]]
    #: closers naming what the message is about ({np})
    topic_closers: dict[str, tuple[str, ...]]
    topics: dict[str, str]


def _strings(items: object, where: str) -> tuple[str, ...]:
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
        raise ValueError(f"{DATA}: {where} must be a non-empty list of strings")
    return tuple(items)


def _table(raw: dict, key: str, keys: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    table = raw.get(key)
    if not isinstance(table, dict):
        raise ValueError(f"{DATA}: [{key}] is missing")
    return {name: _strings(table.get(name), f"[{key}] {name}") for name in keys}


def placeholders(frame: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(frame) if name}


def _check_frames(frames: tuple[str, ...], kind: str, where: str) -> tuple[str, ...]:
    """Frames may only use their kind's placeholders, and must name the situation (but ``none`` and ``cue``)."""
    for frame in frames:
        names = placeholders(frame)
        if names - KINDS[kind] or (kind not in ("none", "cue") and not names & {kind, "ask", "wish"}):
            raise ValueError(f"{DATA}: {where} frame {frame!r} has the wrong placeholders for a {kind}")
    return frames


def _core(raw: dict) -> tuple[dict[str, tuple[str, ...]], dict[str, dict[str, tuple[str, ...]]]]:
    """``[core.<label>]``: an ``order`` of kinds, a frame list per kind in it, and ``none``."""
    table = raw.get("core")
    if not isinstance(table, dict):
        raise ValueError(f"{DATA}: [core] is missing")
    order: dict[str, tuple[str, ...]] = {}
    core: dict[str, dict[str, tuple[str, ...]]] = {}
    for label in HARMFUL:
        entry = table.get(label)
        if not isinstance(entry, dict):
            raise ValueError(f"{DATA}: [core.{label}] is missing")
        order[label] = _strings(entry.get("order"), f"[core.{label}] order")
        unknown = set(order[label]) - (set(KINDS) - {"none"})
        if unknown:
            raise ValueError(f"{DATA}: [core.{label}] order has {sorted(unknown)}; expected kinds other than none")
        core[label] = {
            kind: _check_frames(_strings(entry.get(kind), f"[core.{label}] {kind}"), kind, f"[core.{label}]")
            for kind in (*order[label], "none") if kind != "cue"
        }
    return order, core


def _cues(raw: dict) -> dict[str, tuple[Cue, ...]]:
    """``[[cues]]``: label, words (runs of word forms or lemmas), frames."""
    cues: dict[str, list[Cue]] = {label: [] for label in HARMFUL}
    for number, entry in enumerate(raw.get("cues", [])):
        where = f"[[cues]] #{number + 1}"
        if entry.get("label") not in HARMFUL:
            raise ValueError(f"{DATA}: {where} needs a harmful label")
        words = tuple(tuple(w.lower().split()) for w in _strings(entry.get("words"), f"{where} words"))
        frames = _check_frames(_strings(entry.get("frames"), f"{where} frames"), "cue", where)
        cues[entry["label"]].append(Cue(words, frames))
    return {label: tuple(found) for label, found in cues.items()}


def _topic_closers(raw: dict) -> dict[str, tuple[str, ...]]:
    table = _table(raw, "topic_closers", ATTACHMENTS)
    for attachment, closers in table.items():
        wrong = [c for c in closers if placeholders(c) != {"np"}]
        if wrong:
            raise ValueError(f"{DATA}: [topic_closers] {attachment} closer {wrong[0]!r} must use {{np}} and nothing else")
    return table


@lru_cache(maxsize=1)
def wording() -> Wording:
    """The composer's wording, validated (every attachment and harmful label covered)."""
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    order, core = _core(raw)
    return Wording(
        version=str(raw["version"]),
        relief_move={a: str(raw["relief_move"][a]) for a in ATTACHMENTS},
        openers=_table(raw, "openers", ATTACHMENTS),
        feelings=_table(raw, "feelings", HARMFUL),
        order=order,
        core=core,
        cues=_cues(raw),
        fallback=_check_frames(_strings(raw.get("fallback", {}).get("np"), "[fallback] np"), "np", "[fallback]"),
        closers=_table(raw, "closers", ATTACHMENTS),
        topic_closers=_topic_closers(raw),
        topics={str(k): str(v) for k, v in raw["topics"].items()},
    )
