"""Properties over random conversations: ratios are non-negative, evidence points at real
turns, confidences stay in [0, 1], and swapping the partners' names changes nothing at couple level."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from twofold.coach import HARMFUL, HELPFUL
from twofold.insights import Turn, conversations_of, couple_insights, detect_cycles

from .helpers import MONDAY

LABEL_POOL = (*HARMFUL, *HELPFUL)

turn_specs = st.lists(
    st.tuples(st.integers(0, 3), st.sampled_from(["Sam", "Alex"]), st.lists(st.sampled_from(LABEL_POOL), max_size=3, unique=True),
              st.integers(0, 100), st.integers(0, 60 * 24 * 20)),
    max_size=40,
)


def build(specs, names=("Sam", "Alex")) -> list[Turn]:
    rename = {"Sam": names[0], "Alex": names[1]}
    return [Turn(f"c{conv}", rename[sender], MONDAY + timedelta(minutes=minute), tuple(labels), relief)
            for conv, sender, labels, relief, minute in specs]


@settings(max_examples=150, deadline=None)
@given(turn_specs)
def test_ratios_are_non_negative_and_evidence_is_real(specs):
    turns = build(specs)
    insights = couple_insights(turns)
    ratios = [insights.ratio.couple, *insights.ratio.per_partner.values()]
    ratios += [r for w in insights.weekly_ratio for r in (w.couple, *w.per_partner.values())]
    for ratio in ratios:
        assert ratio.positive >= 0 and ratio.negative >= 0
        assert ratio.value is None or ratio.value >= 0
    lengths = {conv[0].conversation: len(conv) for conv in conversations_of(turns)}
    for cycle in insights.cycles:
        assert 0.0 <= cycle.confidence <= 1.0
        assert cycle.turns and all(0 <= i < lengths[cycle.conversation] for i in cycle.turns)
    for harsh in insights.startups.harsh:
        assert harsh.turn == 0 and harsh.conversation in lengths
    for attempt in insights.repair.attempts:
        assert 0 <= attempt.turn < lengths[attempt.conversation]
        assert all(attempt.turn < i < lengths[attempt.conversation] for i in attempt.window)
    rate = insights.repair.couple.rate
    assert rate is None or 0.0 <= rate <= 1.0
    for trend in insights.trends:
        for week in trend.weeks:
            assert 0.0 <= week.harmful_rate <= 1.0 and 0 <= week.mean_relief <= 100


@settings(max_examples=150, deadline=None)
@given(turn_specs)
def test_swapping_names_does_not_change_couple_level_results(specs):
    original = couple_insights(build(specs))
    swapped = couple_insights(build(specs, names=("Alex", "Sam")))
    assert original.ratio.couple == swapped.ratio.couple
    assert original.ratio.couple.reading == swapped.ratio.couple.reading
    assert [(w.week, w.couple) for w in original.weekly_ratio] == [(w.week, w.couple) for w in swapped.weekly_ratio]
    assert [(c.kind, c.conversation, c.turns, c.confidence, c.explanation) for c in original.cycles] == \
        [(c.kind, c.conversation, c.turns, c.confidence, c.explanation) for c in swapped.cycles]
    swap = {"Sam": "Alex", "Alex": "Sam"}
    assert [tuple((swap[s], r) for s, r in c.roles) for c in original.cycles] == [c.roles for c in swapped.cycles]
    assert original.cycle_summary == swapped.cycle_summary
    assert (original.startups.rate, original.startups.reading) == (swapped.startups.rate, swapped.startups.reading)
    assert original.repair.couple == swapped.repair.couple and original.repair.reading == swapped.repair.reading


@settings(max_examples=60, deadline=None)
@given(turn_specs)
def test_input_order_does_not_matter(specs):
    turns = build(specs)
    # equal timestamps keep input order, so only reverse when all moments differ
    if len({(t.conversation, t.timestamp) for t in turns}) == len(turns):
        assert detect_cycles(turns) == detect_cycles(list(reversed(turns)))
