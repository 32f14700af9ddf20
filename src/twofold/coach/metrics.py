"""Precision, recall and F1 over multi-label sets (no scikit-learn needed at run time)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from twofold.coach.labels import HARMFUL, LABELS


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        return self.tp + self.fn


def score_binary(gold: Sequence[bool], pred: Sequence[bool]) -> Score:
    tp = sum(1 for g, p in zip(gold, pred) if g and p)
    fp = sum(1 for g, p in zip(gold, pred) if p and not g)
    fn = sum(1 for g, p in zip(gold, pred) if g and not p)
    return Score(tp, fp, fn)


def per_label(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> dict[str, Score]:
    return {
        label: score_binary([label in g for g in gold], [label in p for p in pred]) for label in LABELS
    }


def macro_f1(scores: dict[str, Score]) -> float:
    return sum(s.f1 for s in scores.values()) / len(scores)


def harmful_vs_not(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]]) -> Score:
    """Does the message carry any harmful label (the six of the taxonomy)?"""
    return score_binary([bool(set(g) & set(HARMFUL)) for g in gold], [bool(set(p) & set(HARMFUL)) for p in pred])
