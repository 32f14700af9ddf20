"""Practice tools (pure, no Django): the lean-in conversation, the pause, weekly challenges.

Data files (prompts, soothing suggestions, challenges) load lazily on first use.
"""

from twofold.practice.challenges import (
    Challenge,
    ChallengeError,
    Pattern,
    Practice,
    challenge_for_week,
    challenge_library,
    load_challenges,
)
from twofold.practice.pause import (
    Breath,
    BreathingPattern,
    BreathPhase,
    BreakStatus,
    PauseBreak,
    PauseError,
    PausePolicy,
    Suggestion,
    breathing_phases,
    load_suggestions,
    soothing_suggestions,
)
from twofold.practice.reflections import (
    Reflection,
    ReflectionError,
    WeekCount,
    current_streak,
    longest_streak,
    weekly_counts,
)
from twofold.practice.weeks import IsoWeek

__all__ = [
    "Breath", "BreathPhase", "BreathingPattern", "BreakStatus", "Challenge", "ChallengeError", "IsoWeek",
    "PauseBreak", "PauseError", "PausePolicy", "Pattern", "Practice", "Reflection", "ReflectionError",
    "Suggestion", "WeekCount", "breathing_phases", "challenge_for_week", "challenge_library",
    "current_streak", "load_challenges", "load_suggestions", "longest_streak", "soothing_suggestions",
    "weekly_counts",
]
