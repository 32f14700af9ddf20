import dataclasses

import pytest

from twofold.coach import (
    DEFAULT_COMPONENTS,
    MAX_CHARS,
    RULES_ONLY,
    EmptyMessageError,
    MessageTooLongError,
    ModelUnavailableWarning,
    Pipeline,
    analyze,
    analyze_many,
)
from twofold.coach.scores import relief_score


def test_analysis_is_frozen_and_versioned():
    analysis = analyze("You always forget my birthday.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.labels = ()
    assert analysis.version.startswith("1.0+") and "rules.v1" in analysis.version
    assert analysis.components == DEFAULT_COMPONENTS
    assert 0 <= analysis.relief_score <= 100


def test_components_can_be_switched_off():
    assert "coach.embed.v1" not in analyze("thanks, love", components=RULES_ONLY).components
    no_rewrite = [c for c in DEFAULT_COMPONENTS if c != "coach.rewrite.v1"]
    assert analyze("You never help. Whatever.", components=no_rewrite).rewrite is None
    with pytest.raises(KeyError):
        analyze("hi", components=["coach.nonsense.v9"])
    with pytest.raises(ValueError, match="needs coach.tokenise.v1"):
        Pipeline.from_names(["coach.normalise.v1", "coach.rules.v1"])


def test_rules_only_fallback_warns_when_model_files_are_missing(tmp_path):
    pipeline = Pipeline.from_names(DEFAULT_COMPONENTS, {"coach.embed.v1": {"model_dir": tmp_path}})
    with pytest.warns(ModelUnavailableWarning, match="rules only"):
        (analysis,) = pipeline.analyze_many(["You never listen to me."])
    assert "criticism" in analysis.labels
    assert "embed.v1=missing" in analysis.version


def test_safety_overrides_coaching():
    analysis = analyze("You never listen. I just want to die.", recipient_attachment="anxious")
    assert "crisis" in analysis.labels
    assert analysis.rewrite is None
    assert analysis.safety is not None and analysis.safety.resources[0].contact == "988"
    assert analysis.relief_score == 0
    abuse = analyze("If you see your friends again I will hurt you.")
    assert "abuse_risk" in abuse.labels and abuse.rewrite is None
    assert any(r.contact == "1-800-799-7233" for r in abuse.safety.resources)


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_input_is_a_clear_error(text):
    with pytest.raises(EmptyMessageError, match="empty"):
        analyze(text)


def test_long_input_limits():
    sentence = "I miss you when you work late. "
    long_text = (sentence * (MAX_CHARS // len(sentence) + 1))[:MAX_CHARS]
    analysis = analyze(long_text, components=RULES_ONLY)
    assert "i_statement" in analysis.labels
    assert max(f.end for f in analysis.findings) > MAX_CHARS // 2  # later sentences are analysed too
    with pytest.raises(MessageTooLongError, match="20,000"):
        analyze(long_text + "x")


@pytest.mark.parametrize("text", ["No quiero hablar contigo ahora mismo, eres un idiota", "Ich will nicht mehr mit dir reden, das ist mir egal", "Я тебя никогда не прощу"])
def test_non_english_gets_a_note_and_no_labels(text):
    analysis = analyze(text)
    assert not analysis.language_supported
    assert "English" in analysis.language_note
    assert analysis.labels == () and analysis.rewrite is None


def test_short_english_is_supported():
    assert analyze("k").language_supported
    assert analyze("ok fine whatever").language_supported


@pytest.mark.parametrize("text", ["Come home right now.", "don't flatter yourself", "Don't even start.", "Bed. Alone. Don't come up."])
def test_terse_english_without_function_words_is_still_english(text):
    assert analyze(text, components=RULES_ONLY).language_supported


@pytest.mark.parametrize("text", ["ciao bella come stai", "No quiero hablar contigo ahora mismo", "Ich habe keine Lust mehr"])
def test_short_foreign_messages_are_not_read_as_english(text):
    assert not analyze(text, components=RULES_ONLY).language_supported


def test_analyze_many_matches_analyze():
    texts = ["You never help.", "Thank you for dinner, it was lovely.", "I'm scared of him."]
    batch = analyze_many(texts)
    assert [a.labels for a in batch] == [analyze(t).labels for t in texts]


def test_flooding_and_relief_score():
    heated = analyze("WHAT IS WRONG WITH YOU?!! You're such an idiot!!")
    calm = analyze("I love you. It makes sense you were upset; can we talk tonight?")
    assert heated.flooding and not calm.flooding
    assert calm.relief_score > 70 > 30 > heated.relief_score
    assert relief_score(["crisis", "reassurance"], True, False) == 0
    assert relief_score([], False, False) == 50
