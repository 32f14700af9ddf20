"""Plain-language views of stored results, and the history chart, for templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from twofold.assessments import catalogue
from twofold.assessments.charts import Series, history_svg
from twofold.assessments.models import AssessmentResult
from twofold.instruments import Instrument, UnknownInstrumentError, relief_guide
from twofold.instruments.schema import AttachmentRule

PATTERN_WORDS = {
    "secure": "secure",
    "anxious": "anxious (preoccupied)",
    "avoidant": "avoidant (dismissing)",
    "disorganized": "fearful (disorganized)",
}
STANCE_WORDS = {"leaning_in": "Leaning in", "mixed": "Mixed", "leaning_out": "Leaning out"}


@dataclass(frozen=True)
class Score:
    title: str
    score: float
    band: str | None
    interpretation: str | None
    out_of: str


@dataclass(frozen=True)
class Reading:
    """A stored result in words."""

    stored: AssessmentResult
    title: str
    scores: tuple[Score, ...]
    pattern: str | None
    pattern_summary: str | None
    boundary: float | None
    stance: str | None
    interpretation: str | None
    notes: tuple[str, ...]
    details: tuple[tuple[str, str], ...]


def _instrument(instrument_id: str) -> Instrument | None:
    try:
        return catalogue.instrument(instrument_id)
    except UnknownInstrumentError:
        return None


def _range(instrument: Instrument | None, method: str) -> str:
    if instrument is None or instrument.scale is None or method != "mean":
        return ""
    return f"on a scale of {instrument.scale.min} to {instrument.scale.max}"


def reading(stored: AssessmentResult) -> Reading:
    data: dict[str, Any] = stored.scores
    instrument = _instrument(stored.instrument_id)
    scores = [
        Score(sub["title"], sub["score"], sub["band"], sub["interpretation"], _range(instrument, sub["method"]))
        for sub in data["subscales"].values()
    ]
    if data.get("total") is not None:
        method = instrument.total.method if instrument and instrument.total else "sum"
        total_title = instrument.total.title if instrument and instrument.total else "Total"
        scores.append(Score(total_title, data["total"], data["band"], None, _range(instrument, method)))
    rule = instrument.rule if instrument else None
    details = ()
    if instrument is not None:
        details = tuple((instrument.item(int(k)).text or f"Item {k}", v) for k, v in data["details"].items() if v)
    return Reading(
        stored=stored,
        title=instrument.title if instrument else stored.instrument_id,
        scores=tuple(scores),
        pattern=PATTERN_WORDS.get(stored.pattern),
        pattern_summary=relief_guide(stored.pattern, stored.pattern).about_me if stored.pattern else None,
        boundary=rule.boundary if isinstance(rule, AttachmentRule) else None,
        stance=STANCE_WORDS.get(stored.stance),
        interpretation=data.get("interpretation"),
        notes=tuple(data.get("notes", ())),
        details=details,
    )


def history_chart(results: list[AssessmentResult]) -> str | None:
    """An inline SVG of the scores over time (subscales and total), or None without results."""
    if not results:
        return None
    instrument = _instrument(results[0].instrument_id)
    first = results[0].scores
    series = [
        Series(sub["title"], tuple(float(r.scores["subscales"][key]["score"]) for r in results))
        for key, sub in first["subscales"].items()
    ]
    if first.get("total") is not None:
        series.append(Series("Total", tuple(float(r.scores["total"]) for r in results)))
    rule = instrument.rule if instrument else None
    reference = None
    if isinstance(rule, AttachmentRule):
        reference = (rule.boundary, f"Midpoint {rule.boundary}")
    elif instrument is not None and instrument.change is not None:
        reference = (instrument.change.cutoff, f"Cutoff {instrument.change.cutoff}")
    y_range = None
    if instrument is not None and instrument.scale is not None and all(s.method == "mean" for s in instrument.subscales):
        y_range = (instrument.scale.min - 0.2, instrument.scale.max + 0.2)
    title = f"{instrument.title if instrument else results[0].instrument_id} over time"
    return history_svg(title, [r.created_at for r in results], series, y_range=y_range, reference=reference)
