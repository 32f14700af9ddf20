from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twofold.coach import ATTACHMENTS, HARMFUL, analyze
from twofold.coach.compose import wording

HARSH = [
    "You never put the dishes away. What is wrong with you?",
    "You're such an idiot with money 🙄",
    "It's not my fault, you started it.",
    "Whatever. I'm done talking.",
    "Calm down, you're overreacting about your mother.",
    # (was "You will apologise to my mother, my way or nothing.": the low abuse_risk
    # threshold now sends that one down the safety path, recall before precision)
    "Say sorry to my mum tonight. My way or nothing.",
    "ur so lazy, the bins have been full for a week",
]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(HARSH), st.sampled_from((None,) + ATTACHMENTS))
def test_rewrites_are_relief_first_and_harmless(text, attachment):
    analysis = analyze(text, recipient_attachment=attachment)
    rewrite = analysis.rewrite
    assert rewrite is not None and rewrite.source == "composer"
    assert len(rewrite.variants) >= 2
    openers = wording().openers[attachment or "secure"]
    for variant in rewrite.variants:
        assert any(variant.startswith(o) for o in openers)
        assert variant.endswith("?")
        assert not set(analyze(variant).labels) & set(HARMFUL)


def test_rewrite_is_deterministic_and_keeps_the_topic():
    first = analyze("You never do the dishes.", recipient_attachment="avoidant").rewrite
    again = analyze("You never do the dishes.", recipient_attachment="avoidant").rewrite
    assert first == again
    assert "the dishes" in first.text  # the message's own subject, not a generic phrase
    assert first.relief_move == "low pressure and one small, specific request"


def test_no_rewrite_without_harm():
    assert analyze("Thanks for today, I loved it.").rewrite is None


def test_rewrite_carries_the_message_subject_without_the_accusation():
    rewrite = analyze("ur so lazy, the bins have been full for a week").rewrite
    assert rewrite is not None
    assert "bins have been full for a week" in rewrite.text
    assert "lazy" not in rewrite.text.lower()
    assert not set(analyze(rewrite.text).labels) & set(HARMFUL)


def test_composer_candidates_are_checked_by_rules_only():
    from twofold.coach.doc import MessageDoc
    from twofold.coach.pipeline import DEFAULT_COMPONENTS, Pipeline

    pipeline = Pipeline.from_names(DEFAULT_COMPONENTS)
    rewriter = pipeline.components[-1]
    assert rewriter.verify_rules == pipeline.rule_labels_of

    def full_check(texts):  # the full pipeline is only for free-text (LLM) answers
        raise AssertionError("composer candidates went through the full pipeline")

    rewriter.verify = full_check
    doc = pipeline.run([MessageDoc("You never put the dishes away.", "secure")])[0]
    assert doc.rewrite is not None and doc.rewrite.source == "composer"
