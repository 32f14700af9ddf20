"""Named rules that turn scores into a pattern, a stance or a safety flag.

Each rule's parameters live in the instrument file; the rules are documented on
their schema classes (`AttachmentRule`, `CommitmentRule`, `SafetyRule`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from twofold.instruments.result import SubscaleScore
from twofold.instruments.schema import AttachmentRule, CommitmentRule, Instrument, SafetyRule

SECURE, ANXIOUS, AVOIDANT, DISORGANIZED = "secure", "anxious", "avoidant", "disorganized"
PATTERNS = (SECURE, ANXIOUS, AVOIDANT, DISORGANIZED)
LEANING_IN, MIXED, LEANING_OUT = "leaning_in", "mixed", "leaning_out"
STANCES = (LEANING_IN, MIXED, LEANING_OUT)


def apply_rule(
    instrument: Instrument,
    subscales: Mapping[str, SubscaleScore],
    total: SubscaleScore | None,
    keyed: Mapping[int, int],
) -> dict[str, Any]:
    """Result fields (pattern / stance / flags and notes) produced by the instrument's rule."""
    rule = instrument.rule
    if isinstance(rule, AttachmentRule):
        return attachment_pattern(rule, subscales[rule.anxiety].score, subscales[rule.avoidance].score)
    if isinstance(rule, CommitmentRule):
        return commitment_stance(
            rule, subscales[rule.steps].score, subscales[rule.hope].score, subscales[rule.motivation].score
        )
    if isinstance(rule, SafetyRule) and total is not None:
        return safety_flag(instrument, rule, total.score, keyed)
    return {}


def attachment_pattern(rule: AttachmentRule, anxiety: Decimal, avoidance: Decimal) -> dict[str, Any]:
    """Closest quadrant; a score above the boundary is high, exactly on it is low."""
    boundary = Decimal(str(rule.boundary))
    high_anx, high_avo = anxiety > boundary, avoidance > boundary
    pattern = {
        (False, False): SECURE,
        (True, False): ANXIOUS,
        (False, True): AVOIDANT,
        (True, True): DISORGANIZED,
    }[(high_anx, high_avo)]

    def side(name: str, value: Decimal, high: bool) -> str:
        return f"{name} {value} is {'above' if high else 'at or below'} {boundary}"

    return {
        "pattern": pattern,
        "notes": (
            f"Closest to {pattern}: {side('anxiety', anxiety, high_anx)}, {side('avoidance', avoidance, high_avo)}.",
            f"The boundary is the scale midpoint {boundary}; a score of exactly {boundary} counts as low.",
            "Both scores are on a continuum; this describes a leaning, not a diagnosis.",
        ),
    }


def commitment_stance(rule: CommitmentRule, steps: Decimal, hope: Decimal, motivation: Decimal) -> dict[str, Any]:
    """leaning in / mixed / leaning out, as documented on `CommitmentRule`."""
    high, low = Decimal(str(rule.high)), Decimal(str(rule.low))
    if steps <= rule.steps_in_max and hope >= high and motivation >= high:
        stance = LEANING_IN
        why = f"few steps toward leaving ({steps}) with hope and motivation both at or above {high}"
    elif motivation <= low and (steps >= rule.steps_out_min or hope <= low):
        stance = LEANING_OUT
        why = (
            f"motivation at or below {low} together with "
            + (f"{steps} steps toward leaving" if steps >= rule.steps_out_min else f"hope at or below {low}")
        )
    else:
        stance = MIXED
        why = "neither leaning-in nor leaning-out rule applies"
    return {
        "stance": stance,
        "notes": (
            f"{stance.replace('_', ' ').capitalize()}: {why} (steps {steps}, hope {hope}, motivation {motivation}).",
        ),
    }


def safety_flag(
    instrument: Instrument, rule: SafetyRule, total: Decimal, keyed: Mapping[int, int]
) -> dict[str, Any]:
    """Positive if a critical item is above 'never' (its scale minimum) or the total is above `total_above`."""
    critical = [n for n in rule.critical_items if keyed[n] > instrument.scale_for(instrument.item(n)).min]
    positive = bool(critical) or total > rule.total_above
    return {
        "positive": positive,
        "conjoint_work_advised": not positive,
        "notes": (
            "Positive screen: conjoint couples work is not advised for now." if positive else "Negative screen.",
        ),
    }
