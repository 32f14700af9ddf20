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
