"""Negative cycles across turns (EFT): pursue/withdraw, attack/attack, withdraw/withdraw.

Each turn is read as a *move*: it attacks (criticism, contempt, defensiveness, control,
invalidation), withdraws (stonewalling), or reaches (anything else that is not a
withdrawal: a bid, a question, a protest). The *response* to a turn is the first later
turn by a different sender. Rules, per conversation:

- **pursue/withdraw**: one partner reaches (or protests) and the other responds by
  withdrawing, at least twice, and the one reaching withdraws less often than the
  one stepping back. Confidence = consistency x (1 - 0.5^pairs), times 0.8 when the
  reaching partner never protested (bids only). Consistency is the share of the
  stepping-back partner's responses to the other that were withdrawals.
- **attack/attack**: an attacking turn answered by an attacking turn, at least twice.
  Confidence = consistency x (1 - 0.5^pairs), consistency being the share of
  responses to attacks that attacked back.
- **withdraw/withdraw**: a withdrawal answered by a withdrawal at least once, both
  partners withdraw, and withdrawals outnumber attacks. Confidence = share of
  withdrawing turns x (1 - 0.5^(pairs + 1)).

Detections name the behaviour and the loop, never a person to blame; ``roles`` (for
pursue/withdraw only) says who was reaching and who was stepping back, in neutral words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from twofold.insights.guidance import CYCLE_KINDS, load_guidance
from twofold.insights.records import Turn, conversations_of

REACHING = "reaching"
STEPPING_BACK = "stepping back"


@dataclass(frozen=True)
class Cycle:
    kind: str
    conversation: str
    turns: tuple[int, ...]
    confidence: float
    name: str
    explanation: str
    practice: str
    roles: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class CycleSummary:
    """How often each kind of cycle showed up across conversations, with a reading."""

    conversations: int
    counts: dict[str, int]
    reading: str


def _responses(conversation: tuple[Turn, ...]) -> list[int | None]:
    """For each turn, the index of the first later turn by a different sender (or None)."""
    result: list[int | None] = [None] * len(conversation)
    for index in range(len(conversation) - 2, -1, -1):
        if conversation[index + 1].sender != conversation[index].sender:
            result[index] = index + 1
        else:
            result[index] = result[index + 1]
    return result


def _confidence(value: float) -> float:
    return round(max(0.0, min(1.0, value)), 3)


def _make(kind: str, conversation: tuple[Turn, ...], indices: set[int], confidence: float,
          roles: tuple[tuple[str, str], ...] = (), locale: str = "en") -> Cycle:
    text = load_guidance(locale).cycles[kind]
    return Cycle(kind, conversation[0].conversation, tuple(sorted(indices)), _confidence(confidence),
                 text.name, text.explanation, text.practice, roles)


def _pursue_withdraw(conversation: tuple[Turn, ...], responses: list[int | None]) -> Cycle | None:
    senders = sorted({t.sender for t in conversation})
    best: tuple[tuple, Cycle] | None = None
    for pursuer in senders:
        for withdrawer in senders:
            if pursuer == withdrawer:
                continue
            evidence: set[int] = set()
            pairs: set[int] = set()
            answered = 0
            for i, turn in enumerate(conversation):
                j = responses[i]
                if turn.sender != pursuer or turn.withdraws or j is None or conversation[j].sender != withdrawer:
                    continue
                answered += 1
                if conversation[j].withdraws:
                    pairs.add(j)
                    evidence.update((i, j))
            withdraws_w = sum(1 for t in conversation if t.sender == withdrawer and t.withdraws)
            withdraws_p = sum(1 for t in conversation if t.sender == pursuer and t.withdraws)
            if len(pairs) < 2 or withdraws_p >= withdraws_w:
                continue
            # count each withdrawal once even when several reaching turns preceded it
            responses_to_p = len({responses[i] for i, t in enumerate(conversation)
                                  if t.sender == pursuer and not t.withdraws and responses[i] is not None
                                  and conversation[responses[i]].sender == withdrawer})
            consistency = len(pairs) / max(responses_to_p, 1) if answered else 0.0
            protested = any(conversation[i].attacks for i in evidence if conversation[i].sender == pursuer)
            confidence = consistency * (1 - 0.5 ** len(pairs)) * (1.0 if protested else 0.8)
            cycle = _make("pursue_withdraw", conversation, evidence, confidence,
                          ((pursuer, REACHING), (withdrawer, STEPPING_BACK)))
            # name-independent choice: higher confidence, then earliest evidence
            key = (-cycle.confidence, cycle.turns)
            if best is None or key < best[0]:
                best = (key, cycle)
    return best[1] if best else None


def _attack_attack(conversation: tuple[Turn, ...], responses: list[int | None]) -> Cycle | None:
    evidence: set[int] = set()
    pairs = 0
    answered = 0
    for i, turn in enumerate(conversation):
        j = responses[i]
        if not turn.attacks or j is None:
            continue
        answered += 1
        if conversation[j].attacks:
            pairs += 1
            evidence.update((i, j))
    if pairs < 2:
        return None
    return _make("attack_attack", conversation, evidence, (pairs / answered) * (1 - 0.5 ** pairs))


def _withdraw_withdraw(conversation: tuple[Turn, ...], responses: list[int | None]) -> Cycle | None:
    evidence: set[int] = set()
    pairs = 0
    for i, turn in enumerate(conversation):
        j = responses[i]
        if turn.withdraws and j is not None and conversation[j].withdraws:
            pairs += 1
            evidence.update((i, j))
    withdrawing = [t for t in conversation if t.withdraws]
    attacking = sum(1 for t in conversation if t.attacks and not t.withdraws)
    if pairs < 1 or len({t.sender for t in withdrawing}) < 2 or attacking >= len(withdrawing):
        return None
    return _make("withdraw_withdraw", conversation, evidence, len(withdrawing) / len(conversation) * (1 - 0.5 ** (pairs + 1)))


def detect_cycles_in(conversation: tuple[Turn, ...]) -> tuple[Cycle, ...]:
    """Cycles in one conversation (turns in time order, as from :func:`conversations_of`)."""
    if len(conversation) < 2 or len({t.sender for t in conversation}) < 2:
        return ()
    responses = _responses(conversation)
    found = (_pursue_withdraw(conversation, responses), _attack_attack(conversation, responses),
             _withdraw_withdraw(conversation, responses))
    return tuple(c for c in found if c is not None)


def detect_cycles(turns: Iterable[Turn]) -> tuple[Cycle, ...]:
    """Cycles in every conversation, in conversation order, then by kind order."""
    found: list[Cycle] = []
    for conversation in conversations_of(turns):
        found.extend(detect_cycles_in(conversation))
    return tuple(found)


def summarise_cycles(cycles: Iterable[Cycle], conversations: int) -> CycleSummary:
    counts = {kind: 0 for kind in CYCLE_KINDS}
    for cycle in cycles:
        counts[cycle.kind] += 1
    guidance = load_guidance().cycles
    if not any(counts.values()):
        reading = "No repeating negative cycle showed up in these conversations."
    else:
        kind = max(CYCLE_KINDS, key=lambda k: (counts[k], -CYCLE_KINDS.index(k)))
        name = guidance[kind].name.lower()
        reading = (f"The {name} loop showed up in {counts[kind]} of {conversations} conversations; "
                   "it is a pattern the two of you can learn to spot and interrupt together.")
    return CycleSummary(conversations, counts, reading)
