"""The unit of work: analyse a chunk of whole conversations (in the parent or on a Dask worker).

A chunk holds several conversations and at least ``batch_size`` messages (never
one task per message). The coach pipeline is loaded once per process and kept in
a module-level cache, so each Dask worker loads the model once;
:class:`twofold.batch.plugin.WarmCoach` loads it when a worker starts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from twofold.coach import DEFAULT_COMPONENTS, HARMFUL, RULES_ONLY, SAFETY, Pipeline
from twofold.insights import (
    HORSEMEN, REACHING, STEPPING_BACK, Turn, detect_cycles_in, harsh_startups, is_conflict, load_guidance, repair_success,
)

REWRITE = "coach.rewrite.v1"
#: Batch analysis never needs rewrites: the full pipeline without the rewrite step.
BATCH_COMPONENTS: tuple[str, ...] = tuple(c for c in DEFAULT_COMPONENTS if c != REWRITE)
#: Rules only (no embedding model), also without rewrites: fast, for tests and quick passes.
BATCH_RULES_ONLY: tuple[str, ...] = tuple(c for c in RULES_ONLY if c != REWRITE)

#: (line, sender, timestamp, text)
MessagePayload = tuple[int, str, datetime, str]
#: (conversation id, messages)
ConversationPayload = tuple[str, list[MessagePayload]]

_PIPELINES: dict[tuple[str, ...], Pipeline] = {}
_LOADS: list[tuple[int, tuple[str, ...]]] = []
_HARMFUL = frozenset(HARMFUL)
_SAFETY = frozenset(SAFETY)
SPEAKER_COUNTS: tuple[str, ...] = (
    "messages", "conversations", "harmful_messages", "flooding_messages", "safety_messages", "relief_sum",
    "conflict_positive", "conflict_negative", "conversations_started", "harsh_startups",
    "repair_attempts", "repair_judged", "repair_succeeded", "cycles_reaching", "cycles_stepping_back",
    *HORSEMEN,
)


def pipeline_for(components: tuple[str, ...]) -> Pipeline:
    """The pipeline for these components, created once per process."""
    pipeline = _PIPELINES.get(components)
    if pipeline is None:
        pipeline = Pipeline.from_names(components)
        _PIPELINES[components] = pipeline
        _LOADS.append((os.getpid(), components))
    return pipeline


def load_count() -> int:
    """How many pipelines this process has built (1 per component selection)."""
    return len(_LOADS)


@dataclass
class ChunkResult:
    messages: dict[str, list[Any]]
    conversations: list[dict[str, Any]]
    speakers: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def message_count(self) -> int:
        return len(self.messages["conversation"])


def _empty_speaker() -> dict[str, int]:
    return {key: 0 for key in SPEAKER_COUNTS}


def analyze_chunk(chunk: list[ConversationPayload], components: tuple[str, ...] = BATCH_COMPONENTS,
                  include_text: bool = False) -> ChunkResult:
    """Analyse every message of the chunk in one coach batch, then summarise each conversation."""
    pipeline = pipeline_for(tuple(components))
    ordered = [(conv_id, sorted(messages, key=lambda m: m[2])) for conv_id, messages in chunk]
    texts = [m[3] for _, messages in ordered for m in messages]
    analyses = pipeline.analyze_many(texts) if texts else []
    columns: dict[str, list[Any]] = {name: [] for name in (
        "conversation", "turn", "line", "sender", "timestamp", "labels", "harmful", "safety", "relief_score",
        "flooding", "coach_version", *(("text",) if include_text else ()))}
    rows: list[dict[str, Any]] = []
    speakers: dict[str, dict[str, int]] = {}
    position = 0
    for conv_id, messages in ordered:
        turns = []
        for turn_index, (line, sender, moment, text) in enumerate(messages):
            analysis = analyses[position]
            position += 1
            labels = list(analysis.labels)
            columns["conversation"].append(conv_id)
            columns["turn"].append(turn_index)
            columns["line"].append(line)
            columns["sender"].append(sender)
            columns["timestamp"].append(moment)
            columns["labels"].append(labels)
            columns["harmful"].append(bool(_HARMFUL.intersection(labels)))
            columns["safety"].append(bool(_SAFETY.intersection(labels)))
            columns["relief_score"].append(int(analysis.relief_score))
            columns["flooding"].append(bool(analysis.flooding))
            columns["coach_version"].append(analysis.version)
            if include_text:
                columns["text"].append(text)
            turns.append(Turn.from_analysis(conv_id, sender, moment, analysis))
        rows.append(_summarise(conv_id, tuple(turns), messages, speakers))
    return ChunkResult(columns, rows, speakers)


def _summarise(conv_id: str, turns: tuple[Turn, ...], messages: list[MessagePayload],
               speakers: dict[str, dict[str, int]]) -> dict[str, Any]:
    cycles = detect_cycles_in(turns)
    startup = harsh_startups(turns)
    repair = repair_success(turns)
    conflict = is_conflict(turns)
    positive = sum(len(t.helpful) for t in turns) if conflict else 0
    negative = sum(len(t.harmful) for t in turns) if conflict else 0
    for turn in turns:
        counts = speakers.setdefault(turn.sender, _empty_speaker())
        counts["messages"] += 1
        counts["harmful_messages"] += bool(turn.harmful)
        counts["flooding_messages"] += turn.flooding
        counts["safety_messages"] += bool(_SAFETY.intersection(turn.labels))
        counts["relief_sum"] += turn.relief_score
        if conflict:
            counts["conflict_positive"] += len(turn.helpful)
            counts["conflict_negative"] += len(turn.harmful)
        for horseman in HORSEMEN:
            counts[horseman] += horseman in turn.labels
    for sender in {t.sender for t in turns}:
        speakers[sender]["conversations"] += 1
    first = speakers[turns[0].sender]
    first["conversations_started"] += 1
    first["harsh_startups"] += bool(startup.harsh)
    for sender, count in repair.per_partner.items():
        speakers[sender]["repair_attempts"] += count.attempts
        speakers[sender]["repair_judged"] += count.judged
        speakers[sender]["repair_succeeded"] += count.succeeded
    for cycle in cycles:
        for sender, role in cycle.roles:
            key = {REACHING: "cycles_reaching", STEPPING_BACK: "cycles_stepping_back"}[role]
            speakers[sender][key] += 1
    return {
        "conversation": conv_id,
        "messages": len(turns),
        "speakers": sorted({t.sender for t in turns}),
        "first_line": min(m[0] for m in messages),
        "start": turns[0].timestamp,
        "end": turns[-1].timestamp,
        "conflict": conflict,
        "harsh_startup": bool(startup.harsh),
        "startup_sender": turns[0].sender,
        "positive": positive,
        "negative": negative,
        "ratio": positive / negative if negative else None,
        "repair_attempts": repair.couple.attempts,
        "repair_judged": repair.couple.judged,
        "repair_succeeded": repair.couple.succeeded,
        "cycles": [{"kind": c.kind, "turns": list(c.turns), "confidence": c.confidence} for c in cycles],
        "mean_relief": sum(t.relief_score for t in turns) / len(turns),
        "harmful_rate": sum(1 for t in turns if t.harmful) / len(turns),
    }


def merge_speakers(total: dict[str, dict[str, int]], part: dict[str, dict[str, int]]) -> None:
    """Add one chunk's per-speaker counts into the running totals (in place)."""
    for sender, counts in part.items():
        mine = total.setdefault(sender, _empty_speaker())
        for key, value in counts.items():
            mine[key] += value


def speaker_rows(total: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """The per-speaker summary rows (sorted by sender) with derived rates and top horseman."""
    antidotes = load_guidance().antidotes
    rows = []
    for sender in sorted(total):
        c = total[sender]
        used = [h for h in HORSEMEN if c[h]]
        top = max(used, key=lambda h: (c[h], -HORSEMEN.index(h))) if used else None
        rows.append({
            "sender": sender,
            **{key: c[key] for key in SPEAKER_COUNTS if key != "relief_sum"},
            "harmful_rate": c["harmful_messages"] / c["messages"] if c["messages"] else None,
            "mean_relief": c["relief_sum"] / c["messages"] if c["messages"] else None,
            "conflict_ratio": c["conflict_positive"] / c["conflict_negative"] if c["conflict_negative"] else None,
            "harsh_startup_rate": c["harsh_startups"] / c["conversations_started"] if c["conversations_started"] else None,
            "repair_success_rate": c["repair_succeeded"] / c["repair_judged"] if c["repair_judged"] else None,
            "top_horseman": top,
            "antidote": antidotes[top].antidote if top else None,
        })
    return rows
