"""Builders for lean-in tests: fixed partners, a fake coach check, fixed times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from twofold.practice.lean_in import (
    AssignRoles,
    ChooseTopic,
    Conversation,
    FeelHeard,
    LeanInRules,
    Pause,
    Reflect,
    ReflectionVerdict,
    Share,
)

A, B, OUTSIDER = "maya", "jordan", "stranger"
T0 = datetime(2026, 3, 7, 10, 0, tzinfo=UTC)


def fake_check(text: str) -> ReflectionVerdict:
    """Accepts reflections that name a feeling; flags a rebuttal; passes safety words on as labels."""
    labels: list[str] = []
    if "but you" in text.lower():
        labels.append("defensiveness")
    if "feel" in text.lower():
        labels.append("validation")
    if "hurt myself" in text.lower():
        labels.append("crisis")
    ok = "validation" in labels and "defensiveness" not in labels
    reasons = () if ok else ("Say back the feeling you heard.",)
    return ReflectionVerdict(ok=ok, reasons=reasons, labels=tuple(labels))


RULES = LeanInRules(check_reflection=fake_check)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def run(state: Conversation, *events: object) -> Conversation:
    for event in events:
        state = RULES.apply(state, event)  # type: ignore[arg-type]
    return state


def fresh() -> Conversation:
    return RULES.start("room-1", (A, B), T0)


def at_roles() -> Conversation:
    return run(fresh(), ChooseTopic(A, at(1), "Feeling alone on weekends"))


def at_sharing() -> Conversation:
    return run(at_roles(), AssignRoles(B, at(2), A))


def at_reflecting() -> Conversation:
    return run(at_sharing(), Share(A, at(3), "I feel alone when weekends fill up with chores.", ("i_statement",)))


def at_confirming() -> Conversation:
    return run(at_reflecting(), Reflect(B, at(4), "You feel alone, and that makes sense to me."))


def paused() -> Conversation:
    return run(at_sharing(), Pause(B, at(5), at(30)))


def safety_paused() -> Conversation:
    return run(at_sharing(), Share(A, at(5), "Some days I do not want to be alive.", ("crisis",)))


def complete() -> Conversation:
    return run(
        at_confirming(),
        FeelHeard(A, at(5)),
        Share(B, at(6), "It is hard for me to stay open when I feel blamed.", ("naming_block",)),
        Reflect(A, at(7), "You feel blamed and then it is hard to stay open."),
        FeelHeard(B, at(8)),
    )
