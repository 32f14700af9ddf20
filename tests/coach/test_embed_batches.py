"""How the encoder groups texts: by count and by padded size, shortest first, nothing lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from twofold.coach.embed import BATCH_CHARS, BATCH_SIZE, _batches


@given(st.lists(st.integers(min_value=1, max_value=BATCH_CHARS + 50), max_size=300))
def test_batches_cover_every_text_once_in_order_within_both_limits(lengths):
    texts = ["x" * n for n in lengths]
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    batches = list(_batches(order, texts))
    assert [i for batch in batches for i in batch] == order
    for batch in batches:
        assert 1 <= len(batch) <= BATCH_SIZE
        longest = max(len(texts[i]) for i in batch)
        assert len(batch) == 1 or len(batch) * longest <= BATCH_CHARS


def test_short_texts_fill_whole_batches_and_long_ones_go_in_smaller_ones():
    short, long = ["hi you"] * (BATCH_SIZE * 2), ["y" * 500] * 8
    texts = short + long
    sizes = [len(b) for b in _batches(list(range(len(texts))), texts)]
    assert sizes[:2] == [BATCH_SIZE, BATCH_SIZE]
    assert all(size == BATCH_CHARS // 500 for size in sizes[2:])


def test_a_message_or_two_runs_on_one_thread_and_batches_on_all():
    import numpy as np
    import pytest

    from twofold.coach.embed import SMALL_BATCH, Encoder, load_encoder, tokenizer_path

    shared = load_encoder()
    if shared is None:
        pytest.skip("the MiniLM encoder is not installed")
    encoder = Encoder(shared.onnx_path, tokenizer_path(), threads=2)
    assert encoder.session(1).get_session_options().intra_op_num_threads == 1
    assert encoder.session(SMALL_BATCH).get_session_options().intra_op_num_threads == 1
    assert encoder.session(SMALL_BATCH + 1).get_session_options().intra_op_num_threads == 2
    assert encoder.session(1) is encoder.session(2)  # made once
    texts = ["You never listen to me.", "Thanks for dinner, it was lovely.", "Can we talk tonight?", "I'm done.", "Fine."]
    one_thread = Encoder(shared.onnx_path, tokenizer_path(), threads=1)
    assert np.allclose(encoder.encode(texts), one_thread.encode(texts), atol=1e-5)  # threads change speed, not vectors
