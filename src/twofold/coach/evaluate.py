"""The evaluation behind ``twofold coach eval``: the numbers the issue asks for.

Full pipeline and rules-only: per-label precision / recall / F1, macro-F1 over
the 16 labels, crisis and abuse_risk recall, harmful-vs-not F1. VADER baseline:
harmful when the compound score is below ``VADER_THRESHOLD`` (its usual
"negative" cut-off; not tuned). Safety as a person meets it: the share of crisis
and abuse_risk messages that showed the resources (a confirmed label, or the
model's lower "possible" reading), and the share of other messages that did. Rewrite success, over messages with a harmful
label and no safety label: a rewrite exists, its first variant re-analyses with
no harmful label, its first sentence carries a relief label (reassurance,
validation, appreciation or repair), and its MiniLM cosine to the original is at
least ``TOPIC_COSINE``. Recipients cycle through the four attachment patterns.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import numpy as np

from twofold.coach.corpus import Example, load_split
from twofold.coach.embed import load_encoder
from twofold.coach.labels import ATTACHMENTS, HARMFUL, RELIEF, SAFETY
from twofold.coach.metrics import Score, harmful_vs_not, macro_f1, per_label, score_binary
from twofold.coach.pipeline import DEFAULT_COMPONENTS, RULES_ONLY, get_pipeline

VADER_THRESHOLD = -0.05
TOPIC_COSINE = 0.45
BATCH = 64
_SENTENCE_END = re.compile(r"[.!?;](\s|$)")


@dataclass(frozen=True)
class SystemScores:
    name: str
    labels: dict[str, Score]
    macro_f1: float
    harmful: Score

    @property
    def crisis_recall(self) -> float:
        return self.labels["crisis"].recall

    @property
    def abuse_recall(self) -> float:
        return self.labels["abuse_risk"].recall


@dataclass(frozen=True)
class RewriteCheck:
    original: str
    attachment: str
    rewrite: str | None
    no_harm: bool
    opens_with_relief: bool
    cosine: float

    @property
    def success(self) -> bool:
        return self.rewrite is not None and self.no_harm and self.opens_with_relief and self.cosine >= TOPIC_COSINE


@dataclass(frozen=True)
class EvalReport:
    split: str
    examples: int
    full: SystemScores
    rules: SystemScores
    vader_harmful: Score
    rewrites: tuple[RewriteCheck, ...]
    samples: tuple[RewriteCheck, ...]
    safety_shown: dict[str, float]  # per safety label: share of its messages that showed resources
    safety_false_alarms: float  # share of messages without a safety label that showed resources

    @property
    def rewrite_success(self) -> float:
        return sum(r.success for r in self.rewrites) / len(self.rewrites) if self.rewrites else 0.0


def _predict(components: tuple[str, ...], texts: list[str], attachments: list[str] | None = None):
    pipeline = get_pipeline(components)
    out = []
    for begin in range(0, len(texts), BATCH):
        chunk = texts[begin : begin + BATCH]
        att = attachments[begin : begin + BATCH] if attachments else None
        out.extend(pipeline.analyze_many(chunk, att))
    return out


def _system(name: str, gold: list[tuple[str, ...]], pred: list[tuple[str, ...]]) -> SystemScores:
    scores = per_label(gold, pred)
    return SystemScores(name, scores, macro_f1(scores), harmful_vs_not(gold, pred))


def vader_harmful(examples: list[Example]) -> Score:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    pred = [analyzer.polarity_scores(e.text)["compound"] < VADER_THRESHOLD for e in examples]
    return score_binary([bool(set(e.labels) & set(HARMFUL)) for e in examples], pred)


def check_rewrites(analyses, attachments: list[str]) -> list[RewriteCheck]:
    todo = [
        (a, att) for a, att in zip(analyses, attachments)
        if set(a.labels) & set(HARMFUL) and not set(a.labels) & set(SAFETY)
    ]
    texts = [a.rewrite.text for a, _ in todo if a.rewrite is not None]
    checked = _predict(DEFAULT_COMPONENTS, texts) if texts else []
    encoder = load_encoder()
    results: list[RewriteCheck] = []
    index = 0
    for analysis, attachment in todo:
        if analysis.rewrite is None:
            results.append(RewriteCheck(analysis.text, attachment, None, False, False, 0.0))
            continue
        again = checked[index]
        index += 1
        first_end = _first_sentence_end(again.text)
        opens = any(f.label in RELIEF and f.start < first_end for f in again.findings)
        cosine = 0.0
        if encoder is not None:
            a, b = encoder.encode([analysis.text, again.text])
            cosine = float(np.dot(a, b))
        no_harm = not set(again.labels) & set(HARMFUL)
        results.append(RewriteCheck(analysis.text, attachment, again.text, no_harm, opens, round(cosine, 3)))
    return results


def _first_sentence_end(text: str) -> int:
    match = _SENTENCE_END.search(text)
    return match.end() if match else len(text)


def evaluate(split: str = "test", *, seed: int = 0, samples: int = 20) -> EvalReport:
    """Score the coach on one split (the held-out test split by default)."""
    examples = load_split(split)
    texts = [e.text for e in examples]
    gold = [e.labels for e in examples]
    rng = random.Random(seed)
    attachments = [ATTACHMENTS[rng.randrange(len(ATTACHMENTS))] for _ in examples]
    full = _predict(DEFAULT_COMPONENTS, texts, attachments)
    rules = _predict(RULES_ONLY, texts)
    rewrites = check_rewrites(full, attachments)
    picked = rng.sample(rewrites, min(samples, len(rewrites)))
    shown = [a.safety is not None for a in full]
    calm = [s for s, g in zip(shown, gold) if not set(g) & set(SAFETY)]
    return EvalReport(
        split=split,
        examples=len(examples),
        full=_system("coach (rules + MiniLM)", list(gold), [a.labels for a in full]),
        rules=_system("rules only", list(gold), [a.labels for a in rules]),
        vader_harmful=vader_harmful(examples),
        rewrites=tuple(rewrites),
        samples=tuple(picked),
        safety_shown={
            label: float(np.mean([s for s, g in zip(shown, gold) if label in g] or [0.0])) for label in SAFETY
        },
        safety_false_alarms=sum(calm) / len(calm) if calm else 0.0,
    )
