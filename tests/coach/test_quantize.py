"""The int8 encoder derived from the packaged MiniLM: built once, close to the original, optional."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from twofold.coach import quantize
from twofold.coach.embed import Encoder, packaged_model_path, tokenizer_path

SOURCE, TOKENIZER = packaged_model_path(), tokenizer_path()
pytestmark = pytest.mark.skipif(SOURCE is None or TOKENIZER is None, reason="the MiniLM files are not installed")
TEXTS = ["You never listen to me.", "Thank you for dinner, it meant a lot.", "I feel lonely when you work late."]


def test_the_derived_model_is_built_once_and_gives_nearly_the_same_vectors(tmp_path, monkeypatch):
    monkeypatch.setenv("TWOFOLD_COACH_CACHE_DIR", str(tmp_path))
    built = quantize.quantized_encoder(SOURCE)
    assert built is not None and built.parent == tmp_path and built.stat().st_size < SOURCE.stat().st_size * 1.5
    stamp = built.stat().st_mtime_ns
    assert quantize.quantized_encoder(SOURCE) == built and built.stat().st_mtime_ns == stamp  # cached, not rebuilt
    assert [p.name for p in tmp_path.iterdir()] == [built.name]  # no work files left behind
    derived = Encoder(built, TOKENIZER).encode(TEXTS)
    original = Encoder(SOURCE, TOKENIZER).encode(TEXTS)
    assert np.all(np.sum(derived * original, axis=1) > 0.95)


def test_a_cache_that_cannot_be_written_falls_back_to_the_packaged_model(tmp_path, monkeypatch, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("TWOFOLD_COACH_CACHE_DIR", str(blocked))
    with caplog.at_level(logging.WARNING, logger="twofold.coach.quantize"):
        assert quantize.quantized_encoder(SOURCE) is None
    assert "using the packaged model" in caplog.text
