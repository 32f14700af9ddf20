"""What one partner may see of a conversation: the full state for a (re)connecting client."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from twofold.practice.lean_in.events import PersonId
from twofold.practice.lean_in.state import Conversation, Phase, Role, Turn


@dataclass(frozen=True)
class ConversationView:
    """A partner's view, also what a reconnecting client is sent.

    A safety turn reaches only its author, and the partner sees only that the
    conversation is paused. A reflection the coach did not accept is held back
    from the speaker too: the listener sees the gentle prompt and tries again.
    """

    conversation_id: str
    viewer: PersonId
    phase: Phase
    topic: str
    speaker: PersonId | None
    listener: PersonId | None
    your_role: Role | None
    your_turn: bool
    heard: tuple[PersonId, ...]
    turns: tuple[Turn, ...]
    prompt: str  # the gentle prompt, shown to the listener only
    paused_by: PersonId | None  # hidden for a safety pause
    return_at: datetime | None
    ready_at: datetime | None
    show_safety_resources: bool


def _shown_to_partner(turn: Turn) -> bool:
    return not turn.private and turn.accepted is not False


def view_for(state: Conversation, viewer: PersonId) -> ConversationView:
    if viewer not in state.partners:
        raise PermissionError("only the two partners can see this conversation")
    pause = state.active_pause
    safety_pause = pause is not None and pause.brk is None
    return ConversationView(
        conversation_id=state.id,
        viewer=viewer,
        phase=state.phase,
        topic=state.topic,
        speaker=state.speaker,
        listener=state.listener,
        your_role=state.role_of(viewer),
        your_turn=state.expected_actor == viewer,
        heard=state.heard,
        turns=tuple(turn for turn in state.turns if turn.author == viewer or _shown_to_partner(turn)),
        prompt=state.prompt if viewer == state.listener else "",
        paused_by=pause.by if pause is not None and not safety_pause else None,
        return_at=pause.brk.return_at if pause is not None and pause.brk is not None else None,
        ready_at=pause.brk.ready_at if pause is not None and pause.brk is not None else None,
        show_safety_resources=any(notice.person == viewer for notice in state.safety_notices),
    )
