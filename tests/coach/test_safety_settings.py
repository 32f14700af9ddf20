"""The rule behind the safety settings (train.py) and how fusion applies it."""

import json
from types import SimpleNamespace

import numpy as np
import pytest

from twofold.coach import fusion as fusion_module
from twofold.coach.doc import MessageDoc
from twofold.coach.embed import MODEL_DIR
from twofold.coach.fusion import CONFIRMED_SAFETY, Fusion
from twofold.coach.labels import LABELS, SAFETY
from twofold.coach.train import SAFETY_T_MODEL, highest_for_recall, lowest_for_precision


def test_highest_for_recall_keeps_the_target_share_of_positives():
    probs = np.array([0.9, 0.8, 0.5, 0.3, 0.1, 0.95, 0.6])
    gold = np.array([True, True, True, True, True, False, False])
    assert highest_for_recall(probs, gold, 0.8) == 0.3
    assert highest_for_recall(probs, gold, 1.0) == 0.1
    assert highest_for_recall(probs, gold, 0.2) == 0.9


def test_highest_for_recall_falls_back_to_the_lowest_threshold():
    assert highest_for_recall(np.array([0.0, 0.5]), np.array([True, True]), 1.0) == 0.01


def test_lowest_for_precision_needs_the_target_at_every_higher_threshold():
    """Precision dips below 0.9 at 0.80 and recovers from 0.50: the rule stops above the dip."""
    positives, negatives = [0.95, 0.9, 0.85, 0.75, 0.7] + [0.5] * 10, [0.8] + [0.3] * 10
    probs = np.array(positives + negatives)
    gold = np.array([True] * len(positives) + [False] * len(negatives))
    assert lowest_for_precision(probs, gold, 0.9) == 0.81
    assert lowest_for_precision(probs, gold, 0.7) == 0.31


def test_lowest_for_precision_never_confirms_when_the_top_falls_short():
    probs, gold = np.array([0.99, 0.2]), np.array([False, True])
    assert lowest_for_precision(probs, gold, 0.9) == 1.0


def test_shipped_settings_follow_the_two_tiers():
    fusion = json.loads((MODEL_DIR / "fusion.json").read_text(encoding="utf-8"))
    for label in SAFETY:
        assert SAFETY_T_MODEL[label] < CONFIRMED_SAFETY[label] < 1.0
        shipped = fusion["thresholds"][label]
        assert (shipped["model"], shipped["rule"]) == (SAFETY_T_MODEL[label], 0.0)


def _fused(label: str, p: float) -> MessageDoc:
    """A one-chunk message whose only model reading is ``label`` at ``p``."""
    text = "a message the model reads alone"
    probs = np.zeros((1, len(LABELS)))
    probs[0, LABELS.index(label)] = p
    heads = SimpleNamespace(t_model=np.full(len(LABELS), 0.3), t_rule=np.zeros(len(LABELS)), version="test")
    doc = MessageDoc(text, chunks=[(0, len(text))], model_probs=probs, extra={"heads": heads})
    Fusion().pipe([doc])
    return doc


@pytest.mark.parametrize("label", SAFETY)
def test_the_model_alone_confirms_a_safety_label_at_its_own_threshold(label):
    confirmed = _fused(label, CONFIRMED_SAFETY[label])
    assert confirmed.labels == [label] and confirmed.extra["possible_safety"] == []
    possible = _fused(label, CONFIRMED_SAFETY[label] - 0.01)
    assert possible.labels == [] and possible.extra["possible_safety"] == [label]


def test_confirmation_is_per_label(monkeypatch):
    monkeypatch.setattr(fusion_module, "CONFIRMED_SAFETY", {"crisis": 0.6, "abuse_risk": 0.8})
    assert _fused("crisis", 0.7).labels == ["crisis"]
    abuse = _fused("abuse_risk", 0.7)
    assert abuse.labels == [] and abuse.extra["possible_safety"] == ["abuse_risk"]
