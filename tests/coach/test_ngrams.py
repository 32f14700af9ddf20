"""The n-gram features: the same columns and values at training and analysis time."""

from __future__ import annotations

import numpy as np
import pytest

from twofold.coach.ngrams import NgramSpace, char_terms, word_terms


def test_word_terms_keep_apostrophes_punctuation_and_emoji_as_tokens():
    assert word_terms("You NEVER listen?! 🙄") == [
        "w you", "w never", "w listen", "w ?", "w !", "w 🙄",
        "w you never", "w never listen", "w listen ?", "w ? !", "w ! 🙄",
    ]
    assert "w don't" in word_terms("I don\u2019t know")


def test_char_terms_stay_inside_words_and_mark_word_edges():
    got = char_terms("hi you")
    assert "c  h" in got and "c hi " in got and "c  you " in got
    assert not any("i y" in term for term in got)  # never across a space between words
    assert char_terms("a") == ["c  a", "c a ", "c  a "]


def test_learn_keeps_terms_seen_in_two_texts_with_smoothed_idf():
    space = NgramSpace.learn(["you never call", "you never text", "lovely dinner"])
    assert "w you never" in space.columns and "w call" not in space.columns
    column = space.columns["w you"]
    assert space.idf[column] == pytest.approx(np.log(4 / 3) + 1)


def test_each_block_has_unit_length_and_unknown_text_has_no_features():
    space = NgramSpace.learn(["you never call", "you never text", "you never write"])
    cols, vals = space.features("you never call me")
    words = [v for c, v in zip(cols, vals) if space.names()[c].startswith("w ")]
    chars = [v for c, v in zip(cols, vals) if space.names()[c].startswith("c ")]
    assert np.linalg.norm(words) == pytest.approx(1.0) and np.linalg.norm(chars) == pytest.approx(1.0)
    assert len(space.features("zzz qqq")[0]) == 0


def test_scores_equal_the_sparse_matrix_product_used_in_training():
    texts = ["you always forget", "thank you for dinner", "you always ruin dinner", "I forget too"]
    space = NgramSpace.learn(texts)
    weights = np.random.default_rng(0).normal(size=(len(space), 3)).astype(np.float32)
    expected = space.matrix(texts + ["nothing known"]) @ weights
    assert np.allclose(space.scores(texts + ["nothing known"], weights), expected, atol=1e-5)


def test_a_space_survives_the_round_trip_through_arrays():
    space = NgramSpace.learn(["you never call", "you never text"])
    again = NgramSpace.from_arrays(np.array(space.names()).tolist(), space.idf)
    assert again.columns == space.columns and np.array_equal(again.idf, space.idf)
