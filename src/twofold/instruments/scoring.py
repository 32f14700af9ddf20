"""Exact scoring of one sitting.

Rounding rule: item scores are whole numbers. A mean is computed in Decimal and
rounded to 2 decimal places with ROUND_HALF_UP (4.125 -> 4.13). A sum is exact;
a prorated sum (sum of answered items x items / answered) is rounded the same
way. Bands, patterns and stances are read from these rounded scores.

Reverse-keyed scale items score `min + max - x` (8 - x on a 1-7 scale); yes/no
items score 1 for yes and 0 for no; text items are kept as details, not scored.

Missing answers: without `prorate` every scored item must be answered. With
`prorate`, each subscale and the total need at least `min_share` of their items
answered; a mean then uses the answered items, a sum is scaled up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from math import ceil
from typing import Any

from twofold.instruments.answers import Kind, Problem, Value, parse_answers
from twofold.instruments.errors import (
    AnswerError,
    MissingAnswersError,
    NonNumericAnswerError,
    OutOfRangeError,
    UnknownItemError,
)
from twofold.instruments.result import Result, SubscaleScore
from twofold.instruments.rules import apply_rule
from twofold.instruments.schema import Instrument, Item, Method, Subscale, Total

TWO_PLACES = Decimal("0.01")
_ERRORS: dict[Kind, type[AnswerError]] = {
    Kind.UNKNOWN: UnknownItemError,
    Kind.NOT_A_NUMBER: NonNumericAnswerError,
    Kind.OUT_OF_RANGE: OutOfRangeError,
    Kind.MISSING: MissingAnswersError,
}


def round2(value: Decimal) -> Decimal:
    """Round to 2 decimal places, halves away from zero."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def item_score(instrument: Instrument, item: Item, value: Value) -> int:
    """The keyed score of one answered item (reverse keys applied)."""
    if item.type == "yes_no":
        return int(bool(value))
    if not isinstance(value, int):
        raise TypeError(f"item {item.number}: scale answers are whole numbers, got {value!r}")
    scale = instrument.scale_for(item)
    return scale.min + scale.max - value if item.reverse else value


def score(instrument: Instrument, answers: Mapping[Any, Any]) -> Result:
    """Validate `answers` (keyed by item number) and score them.

    Raises an `AnswerError` subclass listing every problem by item.
    """
    values, problems = parse_answers(instrument, answers)
    keyed = {n: item_score(instrument, instrument.item(n), v) for n, v in values.items() if instrument.item(n).scored}
    groups: list[tuple[Subscale | Total, str, tuple[Item, ...]]] = [
        (sub, sub.id, instrument.subscale_items(sub.id)) for sub in instrument.subscales
    ]
    if instrument.total is not None:
        groups.append((instrument.total, "total", instrument.scored_items()))
    for item, problem in _missing(instrument, keyed, groups).items():
        problems.setdefault(item, problem)
    if problems:
        first = min(p.kind for p in problems.values())
        raise _ERRORS[first](instrument.id, {item: p.message for item, p in sorted(problems.items(), key=_order)})

    scores = {name: _group_score(spec, name, items, keyed) for spec, name, items in groups}
    total = scores.pop("total", None)
    scored = instrument.scored_items()
    outcome = apply_rule(instrument, scores, total, keyed)
    return Result(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        subscales=scores,
        total=None if total is None else total.score,
        band=None if total is None else total.band,
        interpretation=None if total is None else total.interpretation,
        answered=sum(1 for item in scored if item.number in keyed),
        expected=len(scored),
        prorated=any(s.prorated for s in scores.values()) or bool(total and total.prorated),
        visibility=instrument.visibility,
        therapist_flag_only=instrument.therapist_flag_only,
        details={n: v for n, v in values.items() if instrument.item(n).type == "text" and isinstance(v, str) and v},
        **outcome,
    )


def _order(entry: tuple[int | str, Problem]) -> tuple[int, str]:
    key = entry[0]
    return (key, "") if isinstance(key, int) else (10**9, key)


def _missing(
    instrument: Instrument,
    keyed: Mapping[int, int],
    groups: Sequence[tuple[Subscale | Total, str, tuple[Item, ...]]],
) -> dict[int | str, Problem]:
    """Problems for unanswered scored items that block scoring."""
    missing = [item for item in instrument.scored_items() if item.number not in keyed]
    if not missing:
        return {}
    if instrument.prorate is None:
        return {item.number: Problem(Kind.MISSING, "not answered (every item is needed)") for item in missing}
    problems: dict[int | str, Problem] = {}
    for spec, name, items in groups:
        needed = ceil(Decimal(str(instrument.prorate.min_share)) * len(items))
        answered = sum(1 for item in items if item.number in keyed)
        if answered < needed:
            label = "items" if name == "total" else f"{spec.title} items"
            for item in items:
                if item.number not in keyed:
                    problems[item.number] = Problem(
                        Kind.MISSING, f"not answered; at least {needed} of {len(items)} {label} are needed"
                    )
    return problems


def _group_score(spec: Subscale | Total, name: str, items: tuple[Item, ...], keyed: Mapping[int, int]) -> SubscaleScore:
    answered = [keyed[item.number] for item in items if item.number in keyed]
    value = _combine(spec.method, answered, len(items))
    band = spec.band_for(float(value))
    return SubscaleScore(
        id=name,
        title=spec.title,
        method=spec.method,
        score=value,
        band=None if band is None else band.label,
        interpretation=None if band is None else band.interpretation,
        answered=len(answered),
        items=len(items),
        prorated=len(answered) < len(items),
    )


def _combine(method: Method, scores: Sequence[int], item_count: int) -> Decimal:
    total = Decimal(sum(scores))
    if method == "mean":
        return round2(total / len(scores))
    if len(scores) == item_count:
        return total
    return round2(total * item_count / len(scores))
