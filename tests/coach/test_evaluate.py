"""The evaluation behind `twofold coach eval`, run on the dev split (never the held-out sets here)."""

from __future__ import annotations

import pytest

from twofold.coach.corpus import load_split
from twofold.coach.evaluate import evaluate
from twofold.coach.labels import LABELS, SAFETY


@pytest.fixture(scope="module")
def report():
    return evaluate("dev", samples=3)


def test_every_label_is_scored_and_macro_f1_is_their_mean(report):
    assert set(report.full.labels) == set(LABELS) == set(report.rules.labels)
    assert report.full.macro_f1 == pytest.approx(sum(s.f1 for s in report.full.labels.values()) / len(LABELS))
    assert report.examples == len(load_split("dev"))


def test_safety_is_reported_as_people_meet_it(report):
    assert set(report.safety_shown) == set(SAFETY)
    for label in SAFETY:
        # a confirmed label always shows the resources, so showing them is at least as frequent
        assert report.safety_shown[label] >= report.full.labels[label].recall
    assert 0.0 <= report.safety_false_alarms < 0.5


def test_rewrites_are_checked_and_sampled(report):
    assert report.rewrites and len(report.samples) == 3
    assert 0.0 < report.rewrite_success <= 1.0
    assert all(c.success == (c.rewrite is not None and c.no_harm and c.opens_with_relief and c.cosine >= 0.45)
               for c in report.rewrites)
