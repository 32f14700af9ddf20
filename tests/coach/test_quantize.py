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


def _attention_probe():
    """A graph shaped like the exporter's attention tail: softmax, its NaN guard, then a MatMul."""
    import onnx
    from onnx import TensorProto, helper

    nodes = [
        helper.make_node("Softmax", ["scores"], ["probs"], axis=-1),
        helper.make_node("IsNaN", ["probs"], ["nan"]),
        helper.make_node("Where", ["nan", "zero", "probs"], ["guarded"]),
        helper.make_node("MatMul", ["guarded", "values"], ["out"]),
    ]
    graph = helper.make_graph(
        nodes, "probe",
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, [2, 3]),
         helper.make_tensor_value_info("values", TensorProto.FLOAT, [3, 2])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [2, 2])],
        [helper.make_tensor("zero", TensorProto.FLOAT, [], [0.0])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), onnx


def _run(model, feeds):
    import onnxruntime as ort

    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(None, feeds)[0]


def test_softmax_nan_guards_are_dropped_without_changing_any_value():
    model, onnx = _attention_probe()
    feeds = {"scores": np.array([[0.1, 2.0, -1.0], [3.0, -np.inf, 0.5]], dtype=np.float32),
             "values": np.arange(6, dtype=np.float32).reshape(3, 2)}
    before = _run(model, feeds)
    assert quantize.drop_softmax_nan_guards(model) == 1
    onnx.checker.check_model(model)
    assert [n.op_type for n in model.graph.node] == ["Softmax", "MatMul"]
    assert np.array_equal(_run(model, feeds), before)


def test_a_where_that_is_not_a_softmax_nan_guard_is_kept():
    model, _ = _attention_probe()
    model.graph.node[0].op_type = "Relu"  # the guard no longer follows a softmax
    del model.graph.node[0].attribute[:]
    assert quantize.drop_softmax_nan_guards(model) == 0
    assert [n.op_type for n in model.graph.node] == ["Relu", "IsNaN", "Where", "MatMul"]


def test_the_derived_encoder_has_no_nan_guards_left():
    import onnx

    built = quantize.quantized_encoder(SOURCE)
    assert built is not None
    ops = [n.op_type for n in onnx.load(str(built)).graph.node]
    assert "IsNaN" not in ops and ops.count("Softmax") == 6
