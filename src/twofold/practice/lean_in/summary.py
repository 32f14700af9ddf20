"""The summary kept in the couple's history when a conversation is over (or left)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from twofold.practice.labels import HARMFUL, HELPFUL
from twofold.practice.lean_in.events import Labels, PersonId
from twofold.practice.lean_in.state import Conversation, TurnKind


@dataclass(frozen=True)
class FlaggedMoment:
    turn_index: int
    author: PersonId
    reason: str
    labels: Labels = ()


@dataclass(frozen=True)
class ConversationSummary:
    """Shared with both partners, so private (safety) turns are left out of every count.

    ``ratio`` is helpful labels / harmful labels over the shared turns, or None when
    no harmful label was seen (the count fields still tell the story). The
    ``turning_point`` is the index of the first "I feel heard".
    """

    conversation_id: str
    topic: str
    complete: bool
    turns: int
    started_at: datetime
    finished_at: datetime
    duration: timedelta
    paused_for: timedelta
    felt_heard: tuple[PersonId, ...]
    positive: int
    negative: int
    ratio: float | None
    flagged: tuple[FlaggedMoment, ...]
    turning_point: int | None
    paused_for_safety: bool


def summarize(state: Conversation, now: datetime | None = None) -> ConversationSummary:
    """Summarize ``state``; ``now`` closes any open pause for conversations not over."""
    shared = [turn for turn in state.turns if not turn.private]
    finished = state.ended_at or now or state.last_at
    positive = sum(1 for turn in shared for label in turn.labels if label in HELPFUL)
    negative = sum(1 for turn in shared for label in turn.labels if label in HARMFUL)
    flagged: list[FlaggedMoment] = []
    for turn in shared:
        harmful = tuple(label for label in turn.labels if label in HARMFUL)
        if harmful:
            flagged.append(FlaggedMoment(turn.index, turn.author, "harsh pattern: " + ", ".join(harmful), harmful))
        elif turn.kind is TurnKind.REFLECTION and turn.accepted is False:
            flagged.append(FlaggedMoment(turn.index, turn.author, "reflection asked to try again", turn.labels))
    paused = timedelta(0)
    for record in state.pauses:
        until = record.resumed_at or finished
        paused += max(until - record.started_at, timedelta(0))
    turning = next((turn.index for turn in shared if turn.kind is TurnKind.HEARD), None)
    return ConversationSummary(
        conversation_id=state.id,
        topic=state.topic,
        complete=len(state.heard) == 2,
        turns=len(shared),
        started_at=state.started_at,
        finished_at=finished,
        duration=finished - state.started_at,
        paused_for=paused,
        felt_heard=state.heard,
        positive=positive,
        negative=negative,
        ratio=positive / negative if negative else None,
        flagged=tuple(flagged),
        turning_point=turning,
        paused_for_safety=bool(state.safety_notices),
    )
