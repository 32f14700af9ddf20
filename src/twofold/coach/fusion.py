"""Fusion: combine rule hits and model probabilities into labels and findings.

Per chunk and label: the label holds when the model probability reaches the
label's ``t_model`` threshold, or when a rule fired and the probability reaches
the lower ``t_rule`` threshold (both tuned out of fold by :mod:`twofold.coach.train`;
``t_rule`` is 0 for the safety labels, so a safety rule always counts). An ``unless`` pattern that
matched (say "you never fail to" for criticism) is negative evidence: it vetoes
a model-only finding of its label in the same chunk, except for the safety labels:
safety comes first, so nothing silences the model's crisis or abuse reading. Without the model, a rule
hit is the label. Rule findings keep their phrase span; model-only findings
point at the chunk.

A message can be harsh without any one label's reading being sure: an extra head
(:data:`~twofold.coach.embed.ANY_HARMFUL`, trained on "has at least one harmful
label") sees that. When it reaches its threshold in a chunk that holds no harmful
finding, the chunk gets the harmful label whose probability is highest relative to
its own threshold (:func:`likeliest_harmful`), unless an ``unless`` pattern vetoed that
label there. The threshold maximises harmful-vs-not F1 out of fold
(:func:`twofold.coach.train.tune_any_harmful`).

Safety has two tiers. A crisis or abuse_risk label needs a safety rule, or the model
at the label's ``CONFIRMED_SAFETY`` or above. A lower model-only reading (the thresholds are
set low for recall) is kept as a *possible* safety concern: the scorer still shows
the resources, but the label does not override the coaching, because at low
probabilities the model is over-eager on everyday complaints ("you always leave
the dishes"). ``CONFIRMED_SAFETY`` per label is the lowest probability from which the
model alone keeps an out-of-fold precision of at least 0.95 over train + dev at every
higher threshold (:func:`twofold.coach.train.lowest_for_precision`; ``python -m
twofold.coach.train --safety-curve`` prints the curve). It is read again whenever the
encoder changes (0.81 and 0.91 before the encoder adapter).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import numpy as np

from twofold.coach.doc import MessageDoc
from twofold.coach.embed import ANY_HARMFUL
from twofold.coach.labels import HARMFUL, LABELS, SAFETY
from twofold.coach.results import Finding

EXPLANATIONS = Path(__file__).parent / "data" / "explanations_en.toml"
RULES_COMPONENT = "coach.rules.v1"
MODEL_COMPONENT = "coach.embed.v1"
#: Model probability that alone confirms a safety label (see above).
CONFIRMED_SAFETY: dict[str, float] = {"crisis": 0.91, "abuse_risk": 0.94}
HARMFUL_INDEX: list[int] = [LABELS.index(label) for label in HARMFUL]


def likeliest_harmful(probs: np.ndarray, t_model: np.ndarray) -> int:
    """Index in :data:`LABELS` of the harmful label with the highest probability relative to its threshold."""
    ratios = probs[HARMFUL_INDEX] / t_model[HARMFUL_INDEX]
    return HARMFUL_INDEX[int(np.argmax(ratios))]


@lru_cache(maxsize=1)
def label_explanations() -> dict[str, str]:
    """Plain-language explanations per label, validated: every label has one."""
    data = tomllib.loads(EXPLANATIONS.read_text(encoding="utf-8"))["label"]
    missing = [label for label in LABELS if not str(data.get(label, "")).strip()]
    if missing:
        raise ValueError(f"{EXPLANATIONS}: no explanation for {missing}")
    return {label: data[label] for label in LABELS}


class Fusion:
    name = "coach.fusion.v1"
    version = "2"  # 2: per-label safety confirmation, the any-harmful head
    requires: tuple[str, ...] = ()

    def pipe(self, docs: list[MessageDoc]) -> None:
        for doc in docs:
            if doc.analysable:
                self._fuse(doc)

    def _fuse(self, doc: MessageDoc) -> None:
        findings: list[Finding] = []
        heads = doc.extra.get("heads")
        probs = doc.model_probs
        rule_version = doc.versions.get(RULES_COMPONENT, "")
        for hit in doc.rule_hits:
            confidence = None
            if probs is not None:
                chunk = _chunk_of(doc.chunks, hit.start)
                index = LABELS.index(hit.label)
                confidence = float(probs[chunk, index])
                if confidence < heads.t_rule[index]:
                    continue
            findings.append(
                Finding(hit.label, hit.start, hit.end, doc.text[hit.start : hit.end], hit.explanation,
                        RULES_COMPONENT, rule_version, hit.rule_id, confidence)
            )
        if probs is not None:
            explanations = label_explanations()
            found = {(f.label, _chunk_of(doc.chunks, f.start)) for f in findings}
            found |= {
                (label, _chunk_of(doc.chunks, char))
                for label, char in doc.extra.get("vetoes", ())
                if label not in SAFETY
            }
            for chunk, (start, end) in enumerate(doc.chunks):
                for index, label in enumerate(LABELS):
                    p = float(probs[chunk, index])
                    if p >= heads.t_model[index] and (label, chunk) not in found:
                        start_s, end_s = _strip(doc.text, start, end)
                        findings.append(
                            Finding(label, start_s, end_s, doc.text[start_s:end_s], explanations[label],
                                    MODEL_COMPONENT, heads.version, None, round(p, 3))
                        )
            findings += self._any_harmful(doc, findings)
        findings.sort(key=lambda f: (f.start, LABELS.index(f.label)))
        confirmed = {
            f.label for f in findings
            if f.label in SAFETY
            and (f.component == RULES_COMPONENT or (f.confidence or 0) >= CONFIRMED_SAFETY[f.label])
        }
        possible = sorted({f.label for f in findings if f.label in SAFETY} - confirmed)
        doc.extra["possible_safety"] = possible
        findings = [f for f in findings if f.label not in possible]
        doc.findings = findings
        present = {f.label for f in findings}
        doc.labels = [label for label in LABELS if label in present]


    @staticmethod
    def _any_harmful(doc: MessageDoc, findings: list[Finding]) -> list[Finding]:
        """The likeliest harmful label for each chunk the ANY_HARMFUL head flags and no harmful finding covers."""
        heads, any_probs = doc.extra.get("heads"), doc.extra.get(ANY_HARMFUL)
        if heads is None or any_probs is None or heads.t_any_harmful is None:
            return []
        covered = {_chunk_of(doc.chunks, f.start) for f in findings if f.label in HARMFUL}
        vetoed = {(label, _chunk_of(doc.chunks, char)) for label, char in doc.extra.get("vetoes", ())}
        added = []
        for chunk, (start, end) in enumerate(doc.chunks):
            if chunk in covered or any_probs[chunk] < heads.t_any_harmful:
                continue
            index = likeliest_harmful(doc.model_probs[chunk], heads.t_model)
            label = LABELS[index]
            if (label, chunk) in vetoed:
                continue
            start_s, end_s = _strip(doc.text, start, end)
            added.append(
                Finding(label, start_s, end_s, doc.text[start_s:end_s], label_explanations()[label],
                        MODEL_COMPONENT, heads.version, None, round(float(doc.model_probs[chunk, index]), 3))
            )
        return added


def _chunk_of(chunks: list[tuple[int, int]], char: int) -> int:
    for number, (start, end) in enumerate(chunks):
        if char < end:
            return number
    return len(chunks) - 1


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
