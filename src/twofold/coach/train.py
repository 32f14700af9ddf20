"""Train the embedding heads and tune fusion thresholds (train + dev only).

    python -m twofold.coach.train

1. Embed every train and dev message with the MiniLM encoder and learn the
   n-gram terms (:mod:`twofold.coach.ngrams`, terms in at least two messages).
   Features: the MiniLM vector, the word block and the character block, each of
   unit length.
2. Five-fold out-of-fold probabilities over train + dev (one logistic regression
   per label, scikit-learn) and the rule hits for the same messages. (The
   n-gram terms are learned once over all of train + dev, so a held-out fold
   still contributes its terms' existence and idf; no labels leak.)
3. Per label, pick ``t_model`` and ``t_rule`` (see :mod:`twofold.coach.fusion`)
   that maximise F1 on those out-of-fold predictions. For ``crisis`` and
   ``abuse_risk`` safety comes first: ``t_rule`` = 0 (a safety rule always
   counts) and ``t_model`` is :data:`SAFETY_T_MODEL`, fixed by a rule stated in
   advance and read on out-of-fold probabilities over train + dev, the model
   alone (the safety rules were written while reading train and dev misses, so
   they look perfect there; the dev split alone has only 15 messages per label,
   all caught from 0.05 to 0.45):

   * ``SAFETY_T_MODEL`` (resources shown as a *possible* concern) = the highest
     threshold whose out-of-fold recall is at least :data:`SAFETY_RECALL` (0.85);
   * ``fusion.CONFIRMED_SAFETY`` (the label, which overrides the coaching) = the
     lowest threshold from which out-of-fold precision stays at least
     :data:`SAFETY_PRECISION` (0.95) at every higher threshold.

   Both on a 0.01 grid, and read again whenever the encoder changes. Recall lower
   than 0.97 is chosen for its cost: at 0.85 the model alone (either label) shows
   resources to 6.3% of the messages with neither label (7% before the
   encoder adapter; at 0.97, 39%), and the rules add their own recall on top.
   ``--safety-curve`` prints the curves, the false alarms and what the rule reads (``--fit-on train``: read on train alone, as good
   as the same settings, so the dev check below stays honest).
4. One more head, :data:`~twofold.coach.embed.ANY_HARMFUL` ("at least one harmful
   label"), out of fold like the others; its threshold maximises harmful-vs-not F1
   when it adds a harmful label to the messages step 3's thresholds leave without
   one (:func:`tune_any_harmful`; see :mod:`twofold.coach.fusion`). Chosen on train
   alone and checked on dev (heads fitted on train alone), it took dev harmful-vs-not
   F1 from 0.832 to 0.893 and macro-F1 from 0.784 to 0.792.
5. Fit the final heads on train + dev and write ``model/heads.npz`` (arrays and
   terms, no pickles) and ``model/fusion.json``.

The test split is never read here. ``--fit-on train --out DIR`` trains on the
train split only (out-of-fold thresholds over train) so that the dev split can
be used as an honest check (``twofold.coach.embed`` reads ``TWOFOLD_COACH_MODEL_DIR``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

from twofold.coach.corpus import HELD_OUT, Example, load_split
from twofold.coach.doc import MessageDoc
from twofold.coach.adapter import fold_adapter_path
from twofold.coach.embed import ANY_HARMFUL, MODEL_DIR, adapter_path, load_encoder
from twofold.coach.fusion import CONFIRMED_SAFETY, HARMFUL_INDEX
from twofold.coach.labels import LABELS, SAFETY
from twofold.coach.metrics import score_binary
from twofold.coach.ngrams import NgramSpace
from twofold.coach.normalise import normalise
from twofold.coach.pipeline import Pipeline

C = 4.0
FOLDS = 5
#: Model probability that alone shows the crisis / abuse_risk resources (the rule above, ``--safety-curve``).
SAFETY_T_MODEL: dict[str, float] = {"crisis": 0.28, "abuse_risk": 0.33}
#: Out-of-fold recall the model alone keeps at ``SAFETY_T_MODEL``.
SAFETY_RECALL = 0.85
#: Out-of-fold precision the model alone keeps from ``fusion.CONFIRMED_SAFETY`` up.
SAFETY_PRECISION = 0.95
SAFETY_GRID = [round(x, 2) for x in np.arange(0.01, 0.995, 0.01)]
GRID_MODEL = [0.02, 0.05, 0.1] + [round(x, 2) for x in np.arange(0.15, 0.951, 0.05)]
GRID_RULE = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3]


def _fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    model.fit(x, y)
    return model


def _encoder(adapter: Path | None):
    encoder = load_encoder(adapter)
    if encoder is None:
        raise SystemExit("the MiniLM encoder or tokenizer is not installed, or the adapted encoder cannot be built")
    return encoder


def features(encoder, space: NgramSpace, texts: list[str]):
    """The heads' input: MiniLM vector and n-gram blocks side by side (sparse)."""
    return sparse.hstack([sparse.csr_matrix(encoder.encode(texts)), space.matrix(texts)]).tocsr()


def fold_of(message_id: str) -> int:
    """The cross-validation fold of a message (by its id, so it never moves)."""
    return int(hashlib.sha256(message_id.encode()).hexdigest(), 16) % FOLDS


def out_of_fold(x, y: np.ndarray, ids: list[str], columns: list[int] | None = None,
                fold_x: dict[int, sparse.csr_matrix] | None = None) -> np.ndarray:
    """Five-fold out-of-fold probabilities (folds by message id) for ``columns`` of ``y`` (all by default).

    ``fold_x``: per fold, the features from that fold's encoder adapter (fitted without the fold), used
    instead of ``x`` to fit on the other folds and predict the fold, as the final heads will meet new text."""
    folds = np.array([fold_of(i) for i in ids])
    probs = np.zeros(y.shape, dtype=np.float64)
    for fold in range(FOLDS):
        train, held = folds != fold, folds == fold
        xs = x if fold_x is None else fold_x[fold]
        for j in range(len(LABELS)) if columns is None else columns:
            if y[train, j].min() == y[train, j].max():
                continue
            probs[held, j] = _fit(xs[train], y[train, j]).predict_proba(xs[held])[:, 1]
    return probs


def highest_for_recall(probs: np.ndarray, gold: np.ndarray, target: float, grid: list[float] = SAFETY_GRID) -> float:
    """The highest threshold in ``grid`` whose recall is at least ``target`` (the lowest if none is)."""
    return max((t for t in grid if (probs[gold] >= t).mean() >= target), default=min(grid))


def lowest_for_precision(probs: np.ndarray, gold: np.ndarray, target: float, grid: list[float] = SAFETY_GRID) -> float:
    """The lowest threshold in ``grid`` from which precision is at least ``target`` at every higher
    threshold that flags anything (1.0, never, if the highest one falls short)."""
    chosen = 1.0
    for t in sorted(grid, reverse=True):
        flagged = probs >= t
        if flagged.any():
            if gold[flagged].mean() < target:
                break
            chosen = t
    return chosen


def tune(label: str, probs: np.ndarray, rules: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    best: tuple[tuple, dict[str, float]] | None = None
    rule_grid = [0.0] if label in SAFETY else GRID_RULE
    for t_model in [SAFETY_T_MODEL[label]] if label in SAFETY else GRID_MODEL:
        for t_rule in rule_grid:
            if t_rule > t_model:
                continue
            pred = (probs >= t_model) | (rules & (probs >= t_rule))
            s = score_binary(gold.tolist(), pred.tolist())
            key = (s.f1, s.recall)
            if best is None or key > best[0]:
                best = (key, {"model": t_model, "rule": t_rule, "f1": round(s.f1, 4), "recall": round(s.recall, 4)})
    assert best is not None
    return best[1]


def tune_any_harmful(any_probs: np.ndarray, labelled: np.ndarray, gold: np.ndarray) -> dict[str, float]:
    """The :data:`~twofold.coach.embed.ANY_HARMFUL` threshold: the one (highest on ties) that maximises
    harmful-vs-not F1 when it adds a harmful label to messages the labels' own thresholds leave
    without one. ``labelled``: whether those thresholds found a harmful label; ``gold``: whether one is due."""
    best: tuple[tuple, dict[str, float]] | None = None
    for t in GRID_MODEL:
        s = score_binary(gold.tolist(), (labelled | (any_probs >= t)).tolist())
        key = (s.f1, t)
        if best is None or key > best[0]:
            best = (key, {"model": t, "f1": round(s.f1, 4), "recall": round(s.recall, 4)})
    assert best is not None
    return best[1]


def _labelled(probs: np.ndarray, rules: np.ndarray, thresholds: dict[str, dict[str, float]]) -> np.ndarray:
    """Per message and label, whether fusion's thresholds give the label (whole messages, no vetoes)."""
    t_model = np.array([thresholds[label]["model"] for label in LABELS])
    t_rule = np.array([thresholds[label]["rule"] for label in LABELS])
    return (probs >= t_model) | (rules & (probs >= t_rule))


#: ``--fit-on`` choices (here and in :mod:`twofold.coach.finetune`) and the splits each trains on.
FIT_ON: dict[str, tuple[str, ...]] = {"train+dev": ("train", "dev"), "train": ("train",)}


def training_examples(splits: tuple[str, ...]) -> list[Example]:
    """The examples of ``splits``, which may never be a held-out set."""
    assert not set(splits) & set(HELD_OUT), "the held-out sets are never used for training"
    return [e for split in splits for e in load_split(split)]


def targets_of(examples: list[Example]) -> np.ndarray:
    """Per example, the 16 labels, then :data:`~twofold.coach.embed.ANY_HARMFUL` (0 or 1)."""
    y = np.array([[label in e.labels for label in LABELS] for e in examples], dtype=np.int64)
    return np.column_stack([y, y[:, HARMFUL_INDEX].any(axis=1)])


@dataclass
class Dataset:
    examples: list[Example]
    space: NgramSpace
    x: sparse.csr_matrix  # features from the encoder the heads will read
    y: np.ndarray
    fold_x: dict[int, sparse.csr_matrix] | None  # per fold, from its own adapter (when there is an adapter)


def dataset(splits: tuple[str, ...], model_dir: Path) -> Dataset:
    """Examples of ``splits``, their n-gram space, feature matrices and label matrix. When ``model_dir``
    holds an encoder adapter, its per-fold adapters must be there too (``twofold.coach.finetune`` writes both)."""
    examples = training_examples(splits)
    texts = [normalise(e.text) for e in examples]
    space = NgramSpace.learn(texts)
    y = targets_of(examples)[:, : len(LABELS)]
    adapter = adapter_path(model_dir)
    fold_x = None
    if adapter is not None:
        paths = [fold_adapter_path(model_dir, k) for k in range(FOLDS)]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise SystemExit(f"{adapter} needs its per-fold adapters, missing: {', '.join(missing)}")
        fold_x = {k: features(_encoder(p), space, texts) for k, p in enumerate(paths)}
    return Dataset(examples, space, features(_encoder(adapter), space, texts), y, fold_x)


def main(model_dir: Path = MODEL_DIR, splits: tuple[str, ...] = ("train", "dev")) -> None:
    data = dataset(splits, model_dir)
    examples, space, x, y = data.examples, data.space, data.x, data.y
    dense = x.shape[1] - len(space)
    rules_pipeline = Pipeline.from_names(["coach.normalise.v1", "coach.tokenise.v1", "coach.rules.v1"])
    docs = rules_pipeline.run([MessageDoc(e.text) for e in examples], rewrite=False)
    rules = np.array([[any(h.label == label for h in d.rule_hits) for label in LABELS] for d in docs])
    targets = targets_of(examples)
    harmful = targets[:, -1]
    probs = out_of_fold(x, targets, [e.id for e in examples], list(range(targets.shape[1])), data.fold_x)
    thresholds = {label: tune(label, probs[:, j], rules[:, j], y[:, j].astype(bool)) for j, label in enumerate(LABELS)}
    labelled = _labelled(probs[:, : len(LABELS)], rules, thresholds)[:, HARMFUL_INDEX].any(axis=1)
    thresholds[ANY_HARMFUL] = tune_any_harmful(probs[:, -1], labelled, harmful.astype(bool))
    coefficients = np.zeros((targets.shape[1], x.shape[1]), dtype=np.float32)
    bias = np.zeros(targets.shape[1], dtype=np.float32)
    for j in range(targets.shape[1]):
        model = _fit(x, targets[:, j])
        coefficients[j], bias[j] = model.coef_[0], model.intercept_[0]
    model_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        model_dir / "heads.npz", labels=np.array(LABELS), extra_outputs=np.array([ANY_HARMFUL]),
        weights=coefficients[:, :dense], bias=bias, ngram_terms=np.array(space.names()), ngram_idf=space.idf,
        ngram_weights=np.ascontiguousarray(coefficients[:, dense:].T).astype(np.float16),
    )
    fusion = {"trained_on": list(splits), "examples": len(examples), "C": C, "ngram_terms": len(space),
              "thresholds": thresholds}
    (model_dir / "fusion.json").write_text(json.dumps(fusion, indent=1) + "\n", encoding="utf-8")
    for label, t in thresholds.items():
        print(f"{label:15s} t_model={t['model']:.2f} t_rule={t.get('rule', 0):.2f} oof F1={t['f1']:.3f} recall={t['recall']:.3f}")
    print(f"mean oof F1 {np.mean([thresholds[label]['f1'] for label in LABELS]):.3f} on {len(examples)} "
          f"{'+'.join(splits)} examples; harmful-vs-not oof F1 {thresholds[ANY_HARMFUL]['f1']:.3f} with {ANY_HARMFUL}")


def safety_curve(splits: tuple[str, ...] = ("train", "dev"), model_dir: Path = MODEL_DIR) -> None:
    """The curves behind the safety settings: the model alone, out of fold over ``splits``."""
    data = dataset(splits, model_dir)
    examples, y = data.examples, data.y
    columns = [LABELS.index(label) for label in SAFETY]
    probs = out_of_fold(data.x, y, [e.id for e in examples], columns, data.fold_x)[:, columns]
    gold = y[:, columns].astype(bool)
    everyday = ~gold.any(axis=1)
    for k, label in enumerate(SAFETY):
        print(f"{label}, out of fold over {'+'.join(splits)} ({gold[:, k].sum()} positives, "
              f"{everyday.sum()} messages with neither safety label), model alone:")
        for t in [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95]:
            print("  " + _reading(probs[:, k], gold[:, k], everyday, t))
        t_model = highest_for_recall(probs[:, k], gold[:, k], SAFETY_RECALL)
        confirm = lowest_for_precision(probs[:, k], gold[:, k], SAFETY_PRECISION)
        print(f"  rule: recall >= {SAFETY_RECALL} -> t_model {t_model:.2f} (set {SAFETY_T_MODEL[label]:.2f}); "
              f"precision >= {SAFETY_PRECISION} -> confirmed {confirm:.2f} (set {CONFIRMED_SAFETY[label]:.2f})")
    shown = (probs >= [SAFETY_T_MODEL[label] for label in SAFETY]).any(axis=1)
    print(f"resources shown by the model alone at SAFETY_T_MODEL: {shown[everyday].mean():.1%} of everyday messages; "
          + ", ".join(f"{label} {shown[gold[:, k]].mean():.1%}" for k, label in enumerate(SAFETY)))


def _reading(probs: np.ndarray, gold: np.ndarray, everyday: np.ndarray, t: float) -> str:
    s = score_binary(gold.tolist(), (probs >= t).tolist())
    alarms = (probs[everyday] >= t).mean()
    return f"t={t:.2f} recall={s.recall:.3f} precision={s.precision:.3f} false alarms={alarms:.1%}"


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="train the coach heads and fusion thresholds")
    parser.add_argument("--fit-on", choices=list(FIT_ON), default="train+dev")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--safety-curve", action="store_true",
                        help="print the out-of-fold curves behind the safety settings (over --fit-on) and stop")
    args = parser.parse_args()
    splits = FIT_ON[args.fit_on]
    if args.safety_curve:
        safety_curve(splits, args.out)
    else:
        main(args.out, splits)
