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
   counts) and ``t_model`` is a fixed LOW threshold (:data:`SAFETY_T_MODEL`),
   chosen on the dev split with heads fitted on train only
   (``--safety-curve`` prints the curve). The safety rules were written while
   reading train and dev misses, so their dev recall (1.0) says little; the
   choice uses the model alone: the highest threshold that keeps the best
   recall seen from 0.10 up (with the fused encoder: crisis 1.0 from 0.05 to
   0.45, abuse_risk 1.0 from 0.05 to 0.60), so as much
   recall as any lower setting, with the least noise.
4. Fit the final heads on train + dev and write ``model/heads.npz`` (arrays and
   terms, no pickles) and ``model/fusion.json``.

The test split is never read here. ``--fit-on train --out DIR`` trains on the
train split only (out-of-fold thresholds over train) so that the dev split can
be used as an honest check (``twofold.coach.embed`` reads ``TWOFOLD_COACH_MODEL_DIR``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from twofold.coach.corpus import HELD_OUT, load_split
from twofold.coach.doc import MessageDoc
from twofold.coach.embed import MODEL_DIR, load_encoder
from twofold.coach.labels import LABELS, SAFETY
from twofold.coach.metrics import score_binary
from twofold.coach.ngrams import NgramSpace
from twofold.coach.normalise import normalise
from twofold.coach.pipeline import Pipeline

C = 4.0
FOLDS = 5
#: Model probability that alone triggers crisis / abuse_risk (chosen on dev, see above).
SAFETY_T_MODEL: dict[str, float] = {"crisis": 0.45, "abuse_risk": 0.6}
GRID_MODEL = [0.02, 0.05, 0.1] + [round(x, 2) for x in np.arange(0.15, 0.951, 0.05)]
GRID_RULE = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3]


def _fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=2000, class_weight="balanced")
    model.fit(x, y)
    return model


def _encoder():
    encoder = load_encoder()
    if encoder is None:
        raise SystemExit("the MiniLM encoder or tokenizer is not installed")
    return encoder


def features(encoder, space: NgramSpace, texts: list[str]):
    """The heads' input: MiniLM vector and n-gram blocks side by side (sparse)."""
    from scipy import sparse

    return sparse.hstack([sparse.csr_matrix(encoder.encode(texts)), space.matrix(texts)]).tocsr()


def out_of_fold(x, y: np.ndarray, ids: list[str]) -> np.ndarray:
    folds = np.array([int(hashlib.sha256(i.encode()).hexdigest(), 16) % FOLDS for i in ids])
    probs = np.zeros(y.shape, dtype=np.float64)
    for fold in range(FOLDS):
        train, held = folds != fold, folds == fold
        for j in range(len(LABELS)):
            if y[train, j].min() == y[train, j].max():
                continue
            probs[held, j] = _fit(x[train], y[train, j]).predict_proba(x[held])[:, 1]
    return probs


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


def main(model_dir: Path = MODEL_DIR, splits: tuple[str, ...] = ("train", "dev")) -> None:
    examples = [e for split in splits for e in load_split(split)]
    assert not set(splits) & set(HELD_OUT), "the held-out sets are never used for training"
    encoder = _encoder()
    texts = [normalise(e.text) for e in examples]
    space = NgramSpace.learn(texts)
    x = features(encoder, space, texts)
    dense = x.shape[1] - len(space)
    y = np.array([[label in e.labels for label in LABELS] for e in examples], dtype=np.int64)
    rules_pipeline = Pipeline.from_names(["coach.normalise.v1", "coach.tokenise.v1", "coach.rules.v1"])
    docs = rules_pipeline.run([MessageDoc(e.text) for e in examples], rewrite=False)
    rules = np.array([[any(h.label == label for h in d.rule_hits) for label in LABELS] for d in docs])
    probs = out_of_fold(x, y, [e.id for e in examples])
    thresholds = {label: tune(label, probs[:, j], rules[:, j], y[:, j].astype(bool)) for j, label in enumerate(LABELS)}
    coefficients = np.zeros((len(LABELS), x.shape[1]), dtype=np.float32)
    bias = np.zeros(len(LABELS), dtype=np.float32)
    for j in range(len(LABELS)):
        model = _fit(x, y[:, j])
        coefficients[j], bias[j] = model.coef_[0], model.intercept_[0]
    model_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        model_dir / "heads.npz", labels=np.array(LABELS), weights=coefficients[:, :dense], bias=bias,
        ngram_terms=np.array(space.names()), ngram_idf=space.idf,
        ngram_weights=np.ascontiguousarray(coefficients[:, dense:].T).astype(np.float16),
    )
    fusion = {"trained_on": list(splits), "examples": len(examples), "C": C, "ngram_terms": len(space),
              "thresholds": thresholds}
    (model_dir / "fusion.json").write_text(json.dumps(fusion, indent=1) + "\n", encoding="utf-8")
    for label, t in thresholds.items():
        print(f"{label:15s} t_model={t['model']:.2f} t_rule={t['rule']:.2f} oof F1={t['f1']:.3f} recall={t['recall']:.3f}")
    print(f"mean oof F1 {np.mean([t['f1'] for t in thresholds.values()]):.3f} on {len(examples)} {'+'.join(splits)} examples")


def safety_curve() -> None:
    """How the safety thresholds are chosen: heads fitted on train alone, the model alone on dev."""
    encoder = _encoder()
    train, dev = load_split("train"), load_split("dev")
    train_texts, dev_texts = [normalise(e.text) for e in train], [normalise(e.text) for e in dev]
    space = NgramSpace.learn(train_texts)
    x_train, x_dev = features(encoder, space, train_texts), features(encoder, space, dev_texts)
    for label in SAFETY:
        y_train = np.array([label in e.labels for e in train])
        gold = [label in e.labels for e in dev]
        probs = _fit(x_train, y_train).predict_proba(x_dev)[:, 1]
        print(f"{label} on dev ({sum(gold)} positives), model alone:")
        for t in [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9]:
            s = score_binary(gold, (probs >= t).tolist())
            print(f"  t={t:.2f} recall={s.recall:.3f} precision={s.precision:.3f}")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="train the coach heads and fusion thresholds")
    parser.add_argument("--fit-on", choices=["train+dev", "train"], default="train+dev")
    parser.add_argument("--out", type=Path, default=MODEL_DIR)
    parser.add_argument("--safety-curve", action="store_true", help="print the dev recall behind SAFETY_T_MODEL and stop")
    args = parser.parse_args()
    if args.safety_curve:
        safety_curve()
    else:
        main(args.out, ("train", "dev") if args.fit_on == "train+dev" else ("train",))
