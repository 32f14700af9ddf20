"""The lean-in conversation: two partners take turns until both feel heard (seed 002)."""

from twofold.practice.lean_in.events import (
    AssignRoles,
    ChooseTopic,
    End,
    Event,
    FeelHeard,
    NotYet,
    Pause,
    Reflect,
    Resume,
    Share,
)
from twofold.practice.lean_in.protocol import IllegalTransition, LeanInRules, ReflectionCheck, ReflectionVerdict
from twofold.practice.lean_in.state import (
    Conversation,
    PauseRecord,
    Phase,
    Role,
    SafetyNotice,
    Turn,
    TurnKind,
)
from twofold.practice.lean_in.summary import ConversationSummary, FlaggedMoment, summarize
from twofold.practice.lean_in.view import ConversationView, view_for

__all__ = [
    "AssignRoles", "ChooseTopic", "Conversation", "ConversationSummary", "ConversationView", "End",
    "Event", "FeelHeard", "FlaggedMoment", "IllegalTransition", "LeanInRules", "NotYet", "Pause",
    "PauseRecord", "Phase", "Reflect", "ReflectionCheck", "ReflectionVerdict", "Resume", "Role",
    "SafetyNotice", "Share", "Turn", "TurnKind", "summarize", "view_for",
]
