"""The fine-tuning model agrees with the ONNX graph the coach runs (needs torch: skipped where it is absent,
as in the runtime environment; run with torch on the path, see ``twofold.coach.finetune``)."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")
onnx = pytest.importorskip("onnx")

from twofold.coach import finetune  # noqa: E402
from twofold.coach.adapter import apply_adapter, packaged_weights  # noqa: E402
from twofold.coach.embed import packaged_model_path  # noqa: E402

SOURCE = packaged_model_path()
pytestmark = pytest.mark.skipif(SOURCE is None, reason="the MiniLM files are not installed")
TEXTS = ["You never listen to me.", "I feel hurt when you come home late and do not call. Can we talk?", "ok"]


def _onnx_vectors(model, ids, mask) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def test_torch_model_matches_the_graph_before_and_after_an_update():
    model = finetune.build_model(packaged_weights(onnx.load(str(SOURCE))))
    tokenizer = finetune._tokenizer()
    ids, mask = finetune._padded(torch, [np.array(e.ids) for e in tokenizer.encode_batch(TEXTS)])
    with torch.no_grad():
        before = model.pooled(model.prefix(ids, mask), mask).numpy()
    np.testing.assert_allclose(before, _onnx_vectors(onnx.load(str(SOURCE)), ids.numpy(), mask.numpy()), atol=1e-4)

    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith("__up"):
                parameter.normal_(0, 0.02)
            elif name.endswith("_bias") and not name.startswith("classifier"):
                parameter.add_(0.01)
        after = model.pooled(model.prefix(ids, mask), mask).numpy()
    adapted = onnx.load(str(SOURCE))
    apply_adapter(adapted, model.adapter())
    np.testing.assert_allclose(after, _onnx_vectors(adapted, ids.numpy(), mask.numpy()), atol=1e-4)
    assert np.all(np.sum(before * after, axis=1) < 0.99)


def test_targets_add_any_harmful_after_the_sixteen_labels():
    from twofold.coach.corpus import Example
    from twofold.coach.train import targets_of

    y = targets_of([Example("a", "x", ("contempt",)), Example("b", "y", ("appreciation",))])
    assert y.shape == (2, 17) and y[0, -1] == 1 and y[1, -1] == 0
