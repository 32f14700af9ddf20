"""Harsh start-ups and repair success.

- A **harsh start-up** is a conversation whose first turn carries criticism or contempt.
- A **repair attempt** is a turn labelled ``repair``. It *succeeded* when the next ``k``
  turns (default 3) de-escalate: they carry no harmful label, or fewer harmful labels
  than the ``k`` turns before the attempt. An attempt with no later turn in its
  conversation cannot be judged and is left out of the rate.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from twofold.insights.records import Turn, conversations_of, senders_of

HARSH: frozenset[str] = frozenset({"criticism", "contempt"})
REPAIR_WINDOW = 3


@dataclass(frozen=True)
class HarshStartup:
    conversation: str
    turn: int
    sender: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class StartupCount:
    started: int
    harsh: int

    @property
    def rate(self) -> float | None:
        return self.harsh / self.started if self.started else None


@dataclass(frozen=True)
class StartupReport:
    conversations: int
    harsh: tuple[HarshStartup, ...]
    per_partner: dict[str, StartupCount]
    reading: str

    @property
    def rate(self) -> float | None:
        return len(self.harsh) / self.conversations if self.conversations else None


def is_harsh_startup(conversation: tuple[Turn, ...]) -> bool:
    return bool(conversation) and bool(HARSH & set(conversation[0].labels))


def harsh_startups(turns: Iterable[Turn]) -> StartupReport:
    """Conversations that opened with criticism or contempt, overall and by who opened them."""
    turns = list(turns)
    conversations = conversations_of(turns)
    harsh = []
    started = {s: [0, 0] for s in senders_of(turns)}
    for conversation in conversations:
        first = conversation[0]
        started[first.sender][0] += 1
        if is_harsh_startup(conversation):
            started[first.sender][1] += 1
            harsh.append(HarshStartup(first.conversation, 0, first.sender,
                                      tuple(label for label in first.labels if label in HARSH)))
    total = len(conversations)
    if total == 0:
        reading = "There are no conversations to look at yet."
    elif not harsh:
        reading = f"None of the {total} conversations opened harshly: a gentle start gives a hard talk its best chance."
    else:
        reading = (f"{len(harsh)} of {total} conversations opened with criticism or contempt; how a talk starts "
                   "tends to shape how it ends, so a gentle first sentence is worth practising together.")
    per_partner = {s: StartupCount(*counts) for s, counts in started.items()}
    return StartupReport(total, tuple(harsh), per_partner, reading)


@dataclass(frozen=True)
class RepairAttempt:
    conversation: str
    turn: int
    sender: str
    succeeded: bool | None
    harmful_before: int
    harmful_after: int
    window: tuple[int, ...]


@dataclass(frozen=True)
class RepairCount:
    attempts: int
    judged: int
    succeeded: int

    @property
    def rate(self) -> float | None:
        return self.succeeded / self.judged if self.judged else None


@dataclass(frozen=True)
class RepairReport:
    attempts: tuple[RepairAttempt, ...]
    couple: RepairCount
    per_partner: dict[str, RepairCount]
    window: int
    reading: str


def _harmful(turns: Iterable[Turn]) -> int:
    return sum(len(t.harmful) for t in turns)


def repair_success(turns: Iterable[Turn], *, k: int = REPAIR_WINDOW) -> RepairReport:
    """How often a repair attempt was followed by de-escalation within the next ``k`` turns."""
    if k < 1:
        raise ValueError("the repair window k must be at least 1")
    turns = list(turns)
    attempts = []
    for conversation in conversations_of(turns):
        for index, turn in enumerate(conversation):
            if "repair" not in turn.labels:
                continue
            before = _harmful(conversation[max(0, index - k):index])
            after_turns = conversation[index + 1:index + 1 + k]
            after = _harmful(after_turns)
            succeeded = None if not after_turns else (after == 0 or after < before)
            attempts.append(RepairAttempt(turn.conversation, index, turn.sender, succeeded, before, after,
                                          tuple(range(index + 1, index + 1 + len(after_turns)))))

    def count(selected: list[RepairAttempt]) -> RepairCount:
        judged = [a for a in selected if a.succeeded is not None]
        return RepairCount(len(selected), len(judged), sum(1 for a in judged if a.succeeded))

    couple = count(attempts)
    per_partner = {s: count([a for a in attempts if a.sender == s]) for s in senders_of(turns)}
    if couple.judged == 0:
        reading = "There were no repair attempts to look at yet; a pause-and-come-back or a soft word counts as one."
    else:
        reading = (f"{couple.succeeded} of {couple.judged} repair attempts were followed by calmer turns within "
                   f"{k} messages; noticing and accepting each other's repair attempts is a skill you build together.")
    return RepairReport(tuple(attempts), couple, per_partner, k, reading)
