"""Relief-first rewrites: the deterministic composer and the rewrite component.

A variant is opener + core + closer from the wording file (:mod:`twofold.coach.wording`): the
opener is the relief move for the *recipient's* attachment pattern, the core turns the main
harmful behaviour into an I-statement about the message's own situation (read by
:mod:`twofold.coach.situation`), the closer is a request or a question. Choices are seeded
by a hash of the text, so the same message always gets the same variants.

The component re-analyses every candidate and keeps only those with no harmful
label. The composer's own candidates are checked with the rules alone (its
wording is ours and fixed, so the rules see everything that could go wrong
with the message's words in it, and it keeps the rewrite step cheap); an LLM answer
(:mod:`twofold.coach.llm`, when an endpoint is configured) is free text, so it
is checked with the full pipeline, embeddings included, and tried first.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Sequence

from twofold.coach.doc import MessageDoc
from twofold.coach.labels import HARMFUL, SAFETY
from twofold.coach.results import Rewrite
from twofold.coach.situation import Situation, fill, plain_topic, situations, usable
from twofold.coach.wording import wording

VARIANTS = 3
#: Candidates checked per message and round (about 5 checks per rewrite over the train split, against 8 with rounds of 6).
CHECK_ROUND = VARIANTS
#: The harmful label a rewrite addresses first, most corrosive first.
PRIORITY: tuple[str, ...] = ("contempt", "control", "criticism", "invalidation", "defensiveness", "stonewalling")

Verifier = Callable[[list[str]], list[tuple[str, ...]]]


# ---------------------------------------------------------------- composing

def _seed(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16)


def _rotate(items: Sequence[str], by: int) -> list[str]:
    return [items[(by + k) % len(items)] for k in range(len(items))]


def _variants(doc: MessageDoc, label: str, situation: Situation, seed: int, count: int | None = VARIANTS) -> list[str]:
    """Opener + core + closer for one situation, best frame first.

    The first variants change opener, frame and closer together (openers, closers and
    feelings rotated by the seed); ``count=None`` goes on through every combination.
    """
    words = wording()
    attachment = doc.recipient_attachment or "secure"
    frames = usable(situation.frames or words.core[label][situation.kind], situation)
    if not frames:
        return []
    openers = _rotate(words.openers[attachment], seed)
    closers = _rotate(words.closers[attachment], seed // 3)
    feelings = _rotate(words.feelings[label], seed // 7)
    spread = max(len(openers), len(frames), len(closers))
    parts = [(openers[i % len(openers)], frames[i % len(frames)], closers[i % len(closers)]) for i in range(spread)]
    if count is None:
        parts += list(itertools.product(openers, frames, closers))
    out: list[str] = []
    for n, (opener, frame, closer) in enumerate(parts):
        text = f"{opener} {fill(frame, situation, feelings[n % len(feelings)])} {closer}"
        if text not in out:
            out.append(text)
    return out if count is None else out[:count]


def compose(doc: MessageDoc, count: int = VARIANTS) -> list[str]:
    """Candidate rewrites for a message with at least one harmful label, best first.

    First ``count`` variants for each situation the message names (:func:`situations`;
    for the first of its harmful labels, in :data:`PRIORITY` order, that finds one), then a
    plain core about what the message names (:func:`plain_topic`), then every combination
    of the main label's generic (``none``) core as a safe fallback.
    """
    labels = [l for l in PRIORITY if l in doc.labels] or ["criticism"]
    seed = _seed(doc.text)
    out: list[str] = []
    for label in labels:  # the main label first; another one when it finds nothing to say
        for situation in situations(doc, label):
            out += [v for v in _variants(doc, label, situation, seed, count) if v not in out]
        if out:
            break
    topic = plain_topic(doc, labels[0])
    plain = _variants(doc, labels[0], topic, seed, count) if topic else []
    return out + [v for v in plain + _variants(doc, labels[0], Situation("none"), seed, None) if v not in out]


def relief_move(attachment: str | None) -> str:
    return wording().relief_move[attachment or "secure"]


class Rewriter:
    """Adds a verified rewrite to messages with a harmful label and no safety label."""

    name = "coach.rewrite.v1"
    requires: tuple[str, ...] = ("coach.fusion.v1",)

    def __init__(self, llm_url: str | None = None, llm_timeout: float | None = None, llm_model: str | None = None) -> None:
        from twofold.coach.llm import LLMClient

        self.llm = LLMClient.from_settings(llm_url, llm_timeout, llm_model)
        self.version = wording().version
        self.verify: Verifier | None = None
        self.verify_rules: Verifier | None = None

    def pipe(self, docs: list[MessageDoc]) -> None:
        todo = [
            d for d in docs
            if d.analysable and any(l in HARMFUL for l in d.labels) and not any(l in SAFETY for l in d.labels)
        ]
        if not todo:
            return
        proposals: list[tuple[MessageDoc, str, list[str]]] = []
        for doc in todo:
            if self.llm is not None:
                answer = self.llm.rewrite(doc)
                if answer:
                    proposals.append((doc, "llm", answer))
            proposals.append((doc, "composer", compose(doc)))
        accepted: list[list[str]] = [[] for _ in proposals]
        for source, verify in (("llm", self.verify), ("composer", self.verify_rules or self.verify)):
            mine = [n for n, (_, src, _) in enumerate(proposals) if src == source]
            self._accept([proposals[n][2] for n in mine], [accepted[n] for n in mine], verify)
        for (doc, source, _), ok in zip(proposals, accepted):
            if ok and doc.rewrite is None:
                doc.rewrite = Rewrite(tuple(ok), doc.recipient_attachment, source, relief_move(doc.recipient_attachment))
                doc.versions[self.name] = f"{source}:{self.version}"

    @staticmethod
    def _accept(candidates: list[list[str]], accepted: list[list[str]], verify: Verifier | None) -> None:
        """Fill each ``accepted`` list with up to :data:`VARIANTS` candidates free of harmful labels.

        Candidates come best first, so they are checked in rounds of :data:`CHECK_ROUND`
        per message (all messages of a round in one batch) until enough pass.
        """
        cursors = [0] * len(candidates)
        while True:
            batch: list[tuple[int, str]] = []
            for k, texts in enumerate(candidates):
                if len(accepted[k]) < VARIANTS and cursors[k] < len(texts):
                    batch += [(k, t) for t in texts[cursors[k] : cursors[k] + CHECK_ROUND]]
                    cursors[k] += CHECK_ROUND
            if not batch:
                return
            unique = list(dict.fromkeys(t for _, t in batch))
            found = dict(zip(unique, verify(unique) if verify is not None else [() for _ in unique]))
            for k, text in batch:
                if len(accepted[k]) < VARIANTS and not set(found[text]) & set(HARMFUL):
                    accepted[k].append(text)
