"""The any-harmful head: a harsh message no single label is sure of still gets its likeliest harmful label."""

from types import SimpleNamespace

import numpy as np
import pytest

from twofold.coach import analyze
from twofold.coach.doc import MessageDoc
from twofold.coach.embed import ANY_HARMFUL, MODEL_DIR, load_heads
from twofold.coach.fusion import Fusion, likeliest_harmful
from twofold.coach.labels import HARMFUL, LABELS
from twofold.coach.pipeline import forget_recent
from twofold.coach.train import tune_any_harmful

TEXT = "a message no label is sure of"


def _fused(readings: dict[str, float], any_harmful: float, vetoes: set | None = None) -> MessageDoc:
    probs = np.zeros((1, len(LABELS)))
    for label, p in readings.items():
        probs[0, LABELS.index(label)] = p
    t_model = np.full(len(LABELS), 0.5)
    t_model[LABELS.index("contempt")] = 0.2  # contempt is read at a lower threshold
    heads = SimpleNamespace(t_model=t_model, t_rule=np.zeros(len(LABELS)), version="test", t_any_harmful=0.7)
    extra = {"heads": heads, ANY_HARMFUL: np.array([any_harmful]), "vetoes": vetoes or set()}
    doc = MessageDoc(TEXT, chunks=[(0, len(TEXT))], model_probs=probs, extra=extra)
    Fusion().pipe([doc])
    return doc


def test_the_label_closest_to_its_own_threshold_is_the_likeliest():
    probs = np.zeros(len(LABELS))
    probs[LABELS.index("criticism")], probs[LABELS.index("contempt")] = 0.40, 0.18
    t_model = np.full(len(LABELS), 0.5)
    t_model[LABELS.index("contempt")] = 0.2
    assert LABELS[likeliest_harmful(probs, t_model)] == "contempt"  # 0.18 / 0.2 beats 0.40 / 0.5


def test_a_flagged_chunk_without_a_harmful_label_gets_the_likeliest_one():
    doc = _fused({"criticism": 0.40, "contempt": 0.18}, any_harmful=0.75)
    assert doc.labels == ["contempt"]
    finding = doc.findings[0]
    assert (finding.component, finding.confidence, finding.text) == ("coach.embed.v1", 0.18, TEXT)


def test_below_its_threshold_the_head_adds_nothing():
    assert _fused({"criticism": 0.40}, any_harmful=0.69).labels == []


def test_a_chunk_that_already_has_a_harmful_label_gets_no_second_one():
    assert _fused({"criticism": 0.60, "contempt": 0.18}, any_harmful=0.95).labels == ["criticism"]


def test_a_vetoed_label_is_not_added():
    doc = _fused({"contempt": 0.18}, any_harmful=0.9, vetoes={("contempt", 0)})
    assert doc.labels == []


def test_tune_any_harmful_maximises_harmful_f1_and_prefers_the_higher_threshold_on_ties():
    gold = np.array([True, True, True, False, False])
    labelled = np.array([True, False, False, False, False])
    any_probs = np.array([0.9, 0.82, 0.6, 0.5, 0.1])
    chosen = tune_any_harmful(any_probs, labelled, gold)
    assert chosen["model"] == 0.6 and chosen["f1"] == 1.0
    assert tune_any_harmful(np.array([0.9, 0.82, 0.83, 0.5, 0.1]), labelled, gold)["model"] == 0.8


def test_the_shipped_heads_carry_the_any_harmful_head():
    heads = load_heads(MODEL_DIR)
    assert heads is not None and heads.t_any_harmful is not None and 0 < heads.t_any_harmful < 1
    assert heads.weights.shape[0] == len(LABELS) + 1


@pytest.mark.parametrize("name", ["unknown_head", None])
def test_heads_with_unknown_or_mismatched_outputs_are_refused(tmp_path, name):
    with np.load(MODEL_DIR / "heads.npz") as data:
        arrays = dict(data)
    if name:
        arrays["extra_outputs"] = np.array([name])
    else:
        arrays["bias"] = arrays["bias"][: len(LABELS)]  # one output short
    np.savez(tmp_path / "heads.npz", **arrays)
    (tmp_path / "fusion.json").write_bytes((MODEL_DIR / "fusion.json").read_bytes())
    with pytest.raises(ValueError):
        load_heads(tmp_path)


def test_heads_without_the_extra_head_still_load(tmp_path):
    with np.load(MODEL_DIR / "heads.npz") as data:
        arrays = {k: v for k, v in data.items() if k != "extra_outputs"}
    arrays["weights"], arrays["bias"] = arrays["weights"][: len(LABELS)], arrays["bias"][: len(LABELS)]
    arrays["ngram_weights"] = arrays["ngram_weights"][:, : len(LABELS)]
    np.savez(tmp_path / "heads.npz", **arrays)
    (tmp_path / "fusion.json").write_bytes((MODEL_DIR / "fusion.json").read_bytes())
    heads = load_heads(tmp_path)
    assert heads is not None and heads.t_any_harmful is None


@pytest.mark.parametrize("text", ["Funny how that works.", "You would say that."])
def test_curt_digs_no_single_label_is_sure_of_are_caught_end_to_end(text, monkeypatch):
    assert set(analyze(text).labels) & set(HARMFUL)
    monkeypatch.setattr(Fusion, "_any_harmful", staticmethod(lambda doc, findings: []))
    forget_recent()
    assert not set(analyze(text).labels) & set(HARMFUL)  # without the head, nothing
