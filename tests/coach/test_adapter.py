"""The task adapter: written into the packaged MiniLM before quantisation, checked against its graph."""

from __future__ import annotations

import numpy as np
import pytest

from twofold.coach import quantize
from twofold.coach.adapter import ADAPTER_FILE, AdapterError, apply_adapter, packaged_weights
from twofold.coach.embed import MODEL_DIR, Encoder, adapter_path, load_encoder, packaged_model_path, tokenizer_path

onnx = pytest.importorskip("onnx")
SOURCE, TOKENIZER = packaged_model_path(), tokenizer_path()
pytestmark = pytest.mark.skipif(SOURCE is None or TOKENIZER is None, reason="the MiniLM files are not installed")
TEXTS = ["You never listen to me.", "Thank you for dinner, it meant a lot.", "ok"]
MATRIX = "encoder.layer.5.output.dense.weight"


def _vectors(model) -> np.ndarray:
    import onnxruntime as ort

    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(TOKENIZER))
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    encodings = tokenizer.encode_batch(TEXTS)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
    return (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)


def test_the_packaged_weights_are_found_by_their_names():
    weights = packaged_weights(onnx.load(str(SOURCE)))
    for layer in range(6):
        prefix = f"encoder.layer.{layer}."
        assert weights[prefix + "attention.self.query.weight"].shape == (384, 384)
        assert weights[prefix + "intermediate.dense.weight"].shape == (384, 1536)
        assert weights[prefix + "output.dense.weight"].shape == (1536, 384)
        assert weights[prefix + "output.LayerNorm.weight"].shape == (384,)
    assert weights["embeddings.word_embeddings.weight"].shape == (30522, 384)
    assert not [name for name in weights if name.endswith("_scale")]


def test_an_empty_update_changes_nothing_and_a_real_one_changes_the_vectors():
    plain = _vectors(onnx.load(str(SOURCE)))
    zero = onnx.load(str(SOURCE))
    apply_adapter(zero, {MATRIX + ":down": np.zeros((1536, 4), np.float32), MATRIX + ":up": np.zeros((4, 384), np.float32)})
    np.testing.assert_allclose(_vectors(zero), plain, atol=1e-5)

    rng = np.random.default_rng(0)
    weights = packaged_weights(onnx.load(str(SOURCE)))
    down, up = rng.normal(0, 0.05, (1536, 4)).astype(np.float32), rng.normal(0, 0.05, (4, 384)).astype(np.float32)
    bias = weights["encoder.layer.5.output.LayerNorm.bias"] + 0.1
    adapted = onnx.load(str(SOURCE))
    apply_adapter(adapted, {MATRIX + ":down": down, MATRIX + ":up": up, "encoder.layer.5.output.LayerNorm.bias": bias})
    by_hand = onnx.load(str(SOURCE))  # the same update written as a plain float weight
    from onnx import numpy_helper

    for init in by_hand.graph.initializer:
        if init.name == "inner.encoder.layer.5.output.LayerNorm.bias":
            init.CopyFrom(numpy_helper.from_array(bias, init.name))
    apply_adapter(by_hand, {MATRIX + ":down": np.eye(1536, dtype=np.float32),
                            MATRIX + ":up": (down @ up).astype(np.float32)})
    changed = _vectors(adapted)
    np.testing.assert_allclose(changed, _vectors(by_hand), atol=1e-4)
    assert np.abs(changed - plain).max() > 0.05


@pytest.mark.parametrize(
    ("adapter", "complaint"),
    [
        ({"encoder.layer.9.output.dense.weight:down": np.zeros((1536, 2)), "encoder.layer.9.output.dense.weight:up": np.zeros((2, 384))}, "no counterpart"),
        ({MATRIX + ":down": np.zeros((384, 2)), MATRIX + ":up": np.zeros((2, 384))}, "update (384, 384) for a weight (1536, 384)"),
        ({MATRIX + ":down": np.zeros((1536, 2))}, "no counterpart"),
        ({"encoder.layer.5.output.LayerNorm.bias": np.zeros(12)}, "no counterpart of that shape"),
    ],
)
def test_an_adapter_that_does_not_fit_is_refused_by_name(adapter, complaint):
    with pytest.raises(AdapterError, match=complaint.replace("(", r"\(").replace(")", r"\)")):
        apply_adapter(onnx.load(str(SOURCE)), {k: v.astype(np.float32) for k, v in adapter.items()})


def test_the_adapted_encoder_is_cached_under_its_own_name(tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    adapter = tmp_path / ADAPTER_FILE
    np.savez(adapter, **{MATRIX + ":down": rng.normal(0, 0.05, (1536, 2)).astype(np.float16),
                         MATRIX + ":up": rng.normal(0, 0.05, (2, 384)).astype(np.float16)})
    monkeypatch.setenv("TWOFOLD_COACH_CACHE_DIR", str(tmp_path / "cache"))
    built = quantize.quantized_encoder(SOURCE, adapter)
    assert built is not None and built != quantize.quantized_path(SOURCE)
    assert built.name.startswith("minilm-") and "-a" in built.name
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [built.name]  # no work files left behind
    plain = Encoder(SOURCE, TOKENIZER).encode(TEXTS)
    vectors = Encoder(built, TOKENIZER).encode(TEXTS)
    assert np.all(np.sum(vectors * plain, axis=1) < 0.999)


@pytest.mark.skipif(adapter_path(MODEL_DIR) is None, reason="the shipped heads use no adapter")
def test_the_shipped_heads_read_their_adapter_and_the_topic_check_reads_plain_minilm():
    adapted, plain = load_encoder(adapter_path(MODEL_DIR)), load_encoder()
    assert adapted is not None and plain is not None and adapted is not plain
    a, b = adapted.encode(TEXTS), plain.encode(TEXTS)
    assert np.all(np.sum(a * b, axis=1) < 0.99)


def test_out_of_fold_reads_each_folds_own_features():
    """With per-fold features (each fold's adapter), a fold is fitted and predicted on its own matrix."""
    from scipy import sparse

    from twofold.coach.train import FOLDS, fold_of, out_of_fold

    rng = np.random.default_rng(2)
    ids = [f"m{i}" for i in range(200)]
    y = rng.integers(0, 2, size=(200, 1))
    noise = sparse.csr_matrix(rng.normal(size=(200, 3)))
    informative = sparse.csr_matrix(np.column_stack([y[:, 0] * 4.0 - 2.0, rng.normal(size=200)]))
    plain = out_of_fold(noise, y, ids, [0])
    per_fold = out_of_fold(noise, y, ids, [0], fold_x={k: informative for k in range(FOLDS)})
    gold = y[:, 0].astype(bool)
    assert ((per_fold[:, 0] >= 0.5) == gold).mean() > 0.95
    assert ((plain[:, 0] >= 0.5) == gold).mean() < 0.75
    assert {fold_of(i) for i in ids} == set(range(FOLDS))
