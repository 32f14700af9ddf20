"""Relief-first rewrites: the deterministic composer and the rewrite component.

A variant is opener + core + closer from the wording file (:mod:`twofold.coach.wording`): the
opener is the relief move for the *recipient's* attachment pattern, the core turns the main
harmful behaviour into an I-statement about the message's own situation (read by
:mod:`twofold.coach.situation`), the closer is a request or a question. Choices are seeded
by a hash of the text, so the same message always gets the same variants.

The component re-analyses every candidate and keeps only those with no harmful
label. The composer's own candidates are checked with the rules alone, part by part
(its wording is ours and fixed, so the rules see everything that could go wrong
with the message's words in it, and it keeps the rewrite step cheap); an LLM answer
(:mod:`twofold.coach.llm`, when an endpoint is configured) is free text, so it
is checked with the full pipeline, embeddings included, and tried first.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from twofold.coach.doc import MessageDoc
from twofold.coach.labels import HARMFUL, SAFETY
from twofold.coach.results import Rewrite
from twofold.coach.situation import Situation, fill, plain_topic, situations, usable
from twofold.coach.wording import wording

VARIANTS = 3
#: Candidates checked per message and round (about 5 checks per rewrite over the train split, against 8 with rounds of 6).
CHECK_ROUND = VARIANTS
#: Labels whose closing request can name what the message is about: a complaint's subject, an order's object
#: ("the teacher", "the sat nav"), so the request is specific and stays on the message's topic.
TOPIC_CLOSES: tuple[str, ...] = ("criticism", "contempt", "invalidation", "control")
#: Labels whose closing request names it only when it is a known topic: a defensive message's nouns are often
#: props ("my circus", "the blame"), but "the rent" or "the car" is what the couple has to sort out. (A
#: stonewalling message's nouns are where the sender is going: "the pub", "a drive".)
TOPICAL_CLOSES: tuple[str, ...] = ("defensiveness",)
#: Checked rewrite parts remembered (openers and plain closers recur in every rewrite).
PARTS_REMEMBERED = 4096
#: The harmful label a rewrite addresses first, most corrosive first.
PRIORITY: tuple[str, ...] = ("contempt", "control", "criticism", "invalidation", "defensiveness", "stonewalling")

Verifier = Callable[[list[str]], list[tuple[str, ...]]]


# ---------------------------------------------------------------- composing

def _seed(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16)


def _rotate(items: Sequence[str], by: int) -> list[str]:
    return [items[(by + k) % len(items)] for k in range(len(items))]


@dataclass(frozen=True)
class Candidate:
    """One composed rewrite: the relief opener, the I-statement core, the closing request or question."""

    opener: str
    core: str
    closer: str

    @property
    def text(self) -> str:
        return f"{self.opener} {self.core} {self.closer}"


def _variants(
    doc: MessageDoc, label: str, situation: Situation, seed: int, count: int | None = VARIANTS, topic: str | None = None
) -> Iterator[Candidate]:
    """Opener + core + closer for one situation, best frame first, made as they are asked for.

    The first variants change opener, frame and closer together (openers, closers and
    feelings rotated by the seed); ``count=None`` goes on through every combination. With
    a ``topic``, the closer names it, unless the core already does (said twice, it reads clumsily).
    """
    words = wording()
    attachment = doc.recipient_attachment or "secure"
    frames = usable(situation.frames or words.core[label][situation.kind], situation)
    if not frames:
        return
    openers = _rotate(words.openers[attachment], seed)
    closers = _rotate(words.closers[attachment], seed // 3)
    topic_closers = _rotate([c.format(np=topic) for c in words.topic_closers[attachment]], seed // 3) if topic else []
    feelings = _rotate(words.feelings[label], seed // 7)
    spread = max(len(openers), len(frames), len(closers))
    picks: Iterable[tuple[int, int, int]] = ((i, i, i) for i in range(spread))
    if count is None:
        picks = itertools.chain(picks, itertools.product(range(len(openers)), range(len(frames)), range(len(closers))))
    seen: set[str] = set()
    for n, (o, f, c) in enumerate(picks):
        core = fill(frames[f % len(frames)], situation, feelings[n % len(feelings)])
        says_topic = topic_closers and topic.lower() not in core.lower()
        closer = topic_closers[c % len(topic_closers)] if says_topic else closers[c % len(closers)]
        candidate = Candidate(openers[o % len(openers)], core, closer)
        if candidate.text in seen:
            continue
        seen.add(candidate.text)
        yield candidate
        if count is not None and len(seen) == count:
            return


def compose(doc: MessageDoc, count: int = VARIANTS) -> Iterator[Candidate]:
    """Candidate rewrites for a message with at least one harmful label, best first, made lazily.

    First ``count`` variants for each situation the message names (:func:`situations`;
    for the first of its harmful labels, in :data:`PRIORITY` order, that finds one), then a
    plain core about what the message names (:func:`plain_topic`), then every combination
    of the main label's generic (``none``) core as a safe fallback. Most messages need
    only the first few, so the later ones are never made. A message that names something
    (:func:`_named`) gets closers that name it too, unless the core already does.
    """
    labels = [l for l in PRIORITY if l in doc.labels] or ["criticism"]
    seed = _seed(doc.text)
    topic = plain_topic(doc, labels[0])
    named = _named(doc, labels[0], topic)
    seen: set[str] = set()

    def fresh(candidates: Iterable[Candidate]) -> Iterator[Candidate]:
        for candidate in candidates:
            if candidate.text not in seen:
                seen.add(candidate.text)
                yield candidate

    for label in labels:  # the main label first; another one when it finds nothing to say
        for situation in situations(doc, label):
            yield from fresh(_variants(doc, label, situation, seed, count, named))
        if seen:
            break
    if topic:
        yield from fresh(_variants(doc, labels[0], topic, seed, count, named))
    yield from fresh(_variants(doc, labels[0], Situation("none"), seed, None, named))


def _named(doc: MessageDoc, label: str, topic: Situation | None) -> str | None:
    """What the closing request names (:data:`TOPIC_CLOSES`, :data:`TOPICAL_CLOSES`), if anything."""
    if label in TOPIC_CLOSES:
        return topic.text if topic is not None else None
    if label in TOPICAL_CLOSES:
        known = plain_topic(doc, label, topical=True)
        return known.text if known is not None else None
    return None


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
        self._clean_parts: dict[str, bool] = {}

    def pipe(self, docs: list[MessageDoc]) -> None:
        todo = [
            d for d in docs
            if d.analysable and any(l in HARMFUL for l in d.labels) and not any(l in SAFETY for l in d.labels)
        ]
        if not todo:
            return
        if self.llm is not None:
            answers = [(doc, self.llm.rewrite(doc)) for doc in todo]
            answered = [(doc, texts) for doc, texts in answers if texts]
            texts = [t for _, found in answered for t in found]
            labels = self.verify(texts) if self.verify is not None and texts else [() for _ in texts]
            offset = 0
            for doc, texts in answered:
                ok = [t for t, found in zip(texts, labels[offset:]) if not set(found) & set(HARMFUL)][:VARIANTS]
                offset += len(texts)
                if ok:
                    self._set(doc, "llm", ok)
        todo = [d for d in todo if d.rewrite is None]
        for doc, ok in zip(todo, self._accept_composed([compose(d) for d in todo])):
            if ok:
                self._set(doc, "composer", ok)

    def forget_recent(self) -> None:
        """Forget which rewrite parts were checked."""
        self._clean_parts = {}

    def _set(self, doc: MessageDoc, source: str, variants: list[str]) -> None:
        doc.rewrite = Rewrite(tuple(variants), doc.recipient_attachment, source, relief_move(doc.recipient_attachment))
        doc.versions[self.name] = f"{source}:{self.version}"

    def _accept_composed(self, candidates: list[Iterator[Candidate]]) -> list[list[str]]:
        """Up to :data:`VARIANTS` composed rewrites per message whose parts the rules find harmless.

        Candidates come best first, so they are taken in rounds of :data:`CHECK_ROUND` per
        message (all messages of a round checked in one batch) until enough pass. The rules
        read one sentence at a time, so a candidate is checked part by part, and each part is
        remembered: the openers and plain closers are our fixed wording (checked once), so
        mostly the core and a closer naming the topic, which carry the message's words, are new.
        """
        accepted: list[list[str]] = [[] for _ in candidates]
        while True:
            batch = [
                (k, candidate)
                for k, found in enumerate(candidates)
                if len(accepted[k]) < VARIANTS
                for candidate in itertools.islice(found, CHECK_ROUND)
            ]
            if not batch:
                return accepted
            clean = self._clean({part for _, c in batch for part in (c.opener, c.core, c.closer)})
            for k, candidate in batch:
                if len(accepted[k]) < VARIANTS and all(clean[p] for p in (candidate.opener, candidate.core, candidate.closer)):
                    accepted[k].append(candidate.text)

    def _clean(self, parts: set[str]) -> dict[str, bool]:
        """Whether each part is free of harmful labels by the rules (remembered for the last few thousand)."""
        verify = self.verify_rules or self.verify
        known = {part: self._clean_parts.get(part) for part in parts}
        todo = [part for part, clean in known.items() if clean is None]
        if todo:
            found = verify(todo) if verify is not None else [() for _ in todo]
            if len(self._clean_parts) > PARTS_REMEMBERED:
                self._clean_parts = {}
            for part, labels in zip(todo, found):
                known[part] = self._clean_parts[part] = not set(labels) & set(HARMFUL)
        return known  # type: ignore[return-value]
