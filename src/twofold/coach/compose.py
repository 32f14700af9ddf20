"""Relief-first rewrites: the deterministic composer and the rewrite component.

A variant is opener + core + closer from ``data/rewrite_en.toml``: the opener is
the relief move for the *recipient's* attachment pattern, the core turns the main
harmful behaviour into an I-statement about the situation (the topic is taken
from the message), the closer is a request or a question. Choices are seeded by
a hash of the text, so the same message always gets the same variants.

The component re-analyses every candidate and keeps only those with no harmful
label. The composer's own candidates are checked with the rules alone (its
wording is ours and fixed, so the rules see everything that could go wrong
with the quoted subject, and it keeps the rewrite step cheap); an LLM answer
(:mod:`twofold.coach.llm`, when an endpoint is configured) is free text, so it
is checked with the full pipeline, embeddings included, and tried first.
"""

from __future__ import annotations

import hashlib
import itertools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from twofold.coach.doc import MessageDoc
from twofold.coach.labels import ATTACHMENTS, HARMFUL, SAFETY
from twofold.coach.results import Rewrite

DATA = Path(__file__).parent / "data" / "rewrite_en.toml"
VARIANTS = 3
#: Candidates checked per message and round (about 5 checks per rewrite over the train split, against 8 with rounds of 6).
CHECK_ROUND = VARIANTS
#: The harmful label a rewrite addresses first, most corrosive first.
PRIORITY: tuple[str, ...] = ("contempt", "control", "criticism", "invalidation", "defensiveness", "stonewalling")

Verifier = Callable[[list[str]], list[tuple[str, ...]]]


@dataclass(frozen=True)
class Wording:
    version: str
    relief_move: dict[str, str]
    openers: dict[str, tuple[str, ...]]
    feelings: dict[str, tuple[str, ...]]
    core: dict[str, tuple[str, ...]]
    closers: dict[str, tuple[str, ...]]
    topics: dict[str, str]
    fallback_topic: str


def _table(raw: dict, key: str, keys: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    table = raw.get(key)
    if not isinstance(table, dict):
        raise ValueError(f"{DATA}: [{key}] is missing")
    out = {}
    for name in keys:
        items = table.get(name)
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise ValueError(f"{DATA}: [{key}] {name} must be a non-empty list of strings")
        out[name] = tuple(items)
    return out


@lru_cache(maxsize=1)
def wording() -> Wording:
    """The composer's wording, validated (every attachment and harmful label covered)."""
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    core = _table(raw, "core", HARMFUL)
    for label, templates in core.items():
        if any("{topic}" not in t for t in templates):
            raise ValueError(f"{DATA}: every [core] {label} template must mention {{topic}}")
    return Wording(
        version=str(raw["version"]),
        relief_move={a: str(raw["relief_move"][a]) for a in ATTACHMENTS},
        openers=_table(raw, "openers", ATTACHMENTS),
        feelings=_table(raw, "feelings", HARMFUL),
        core=core,
        closers=_table(raw, "closers", ATTACHMENTS),
        topics={str(k): str(v) for k, v in raw["topics"].items()},
        fallback_topic=str(raw["fallback_topic"]["phrase"]),
    )


def topic_of(doc: MessageDoc, words: Wording) -> str:
    """Up to two topic phrases named in the message, or the fallback phrase."""
    phrases: list[str] = []
    if doc.spacy_doc is not None:
        for token in doc.spacy_doc:
            phrase = words.topics.get(token.lemma_) or words.topics.get(token.lower_)
            if phrase and phrase not in phrases:
                phrases.append(phrase)
    if not phrases:
        return words.fallback_topic
    return " and ".join(phrases[:2])


_YOU = frozenset("you u ya youre ur yourself yourselves".split())
_AFTER_YOU = frozenset("'re are 're were 've have 'll will 'd would can could do did does is was".split())
_ABSOLUTE = frozenset("always never ever constantly forever every single literally seriously".split())
_INTENSIFIER = frozenset("so such really just totally completely absolutely utterly fucking bloody even actually honestly basically".split())
#: Words that may not start or end the subject phrase.
_EDGE = frozenset(
    "and but or so because then also too well oh ugh wow like why what how who when where is are was were be been am do does did "
    "to of with for at on in about from the a an that this it its it's 's 'm 're i me my not n't no yes ok okay again once time "
    "if than as by up down out off into any can could would should will shall may might must have has had get got ca wo sha".split()
)
_STOP = _EDGE | frozenset("we us our they them their he him his she her there here some all".split())
_DETERMINER = frozenset("the a an this that my our".split())
MAX_SUBJECT_WORDS = 14


@lru_cache(maxsize=1)
def _drop_words() -> frozenset[str]:
    """Insults, trait words and profanity from the coach's own rule sets."""
    from twofold.coach.detect import COACH_RULES
    from twofold.coach.rules import load_rule_file

    sets = load_rule_file(COACH_RULES).sets
    words: set[str] = set()
    for name in ("trait", "insult", "profanity", "mock_emoji", "always", "you"):
        words.update(sets.get(name, ()))
    return frozenset(words)


def subject_of(doc: MessageDoc, *, strip_spans: bool = True) -> str:
    """The message's own subject, in its own words (empty when nothing is left).

    A POS-free heuristic over the spaCy tokens: drop every token inside a span a
    harmful *rule* matched (the accusation itself), you-words and the verb right
    after them, absolutes, intensifiers, insults, trait words, profanity,
    emoji and punctuation. What remains falls into runs of neighbouring words;
    each run is trimmed of function words at its edges and runs with a content
    word are kept, longest first, up to :data:`MAX_SUBJECT_WORDS` words.
    ``strip_spans=False`` keeps the words of the harmful spans that are none of
    the above (used when the strict subject is too short; verified later).
    """
    sdoc = doc.spacy_doc
    if sdoc is None:
        return ""
    harmful_spans = [(f.start, f.end) for f in doc.findings if f.label in HARMFUL and f.rule_id] if strip_spans else []
    drop = _drop_words()
    runs: list[list] = [[]]
    after_you = False
    for token in sdoc:
        lower = token.lower_
        inside = any(s <= token.idx < e for s, e in harmful_spans)
        skip = (
            inside
            or not (token.is_alpha or token.is_digit or "'" in token.text)
            or lower in _YOU or token.norm_ in _YOU
            or (after_you and lower in _AFTER_YOU)
            or lower in _ABSOLUTE or lower in _INTENSIFIER or lower in drop or token.norm_ in drop
        )
        after_you = lower in _YOU or token.norm_ in _YOU
        if skip:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(token)
    phrases: list[tuple[int, int, str]] = []
    for run in runs:
        while run and run[0].lower_ in _EDGE and not (run[0].lower_ in _DETERMINER and len(run) > 1 and run[1].lower_ not in _STOP):
            run = run[1:]
        while run and run[-1].lower_ in _EDGE:
            run = run[:-1]
        content = [t for t in run if t.lower_ not in _STOP]
        if content:
            text = "".join(t.text_with_ws for t in run).strip()
            phrases.append((len(content), run[0].i, text))
    chosen: list[tuple[int, str]] = []
    used = 0
    for size, index, text in sorted(phrases, key=lambda p: (-p[0], p[1])):
        if used and used + len(text.split()) > MAX_SUBJECT_WORDS:
            continue
        chosen.append((index, text))
        used += len(text.split())
    subject = ", ".join(text for _, text in sorted(chosen))
    if subject and not subject.startswith("I ") and subject != "I":
        subject = subject[0].lower() + subject[1:]
    return subject


def _variants(doc: MessageDoc, label: str, topic: str, count: int) -> list[str]:
    words = wording()
    attachment = doc.recipient_attachment or "secure"
    seed = int(hashlib.sha256(doc.text.encode("utf-8")).hexdigest(), 16)
    openers, cores, closers = words.openers[attachment], words.core[label], words.closers[attachment]
    feelings = words.feelings[label]
    variants = []
    for i in range(count):
        core = cores[(seed + i) % len(cores)].format(topic=topic, feeling=feelings[(seed // 7 + i) % len(feelings)])
        text = f"{openers[(seed + i) % len(openers)]} {core[0].upper()}{core[1:]} {closers[(seed // 3 + i) % len(closers)]}"
        if text not in variants:
            variants.append(text)
    return variants


def _all_variants(doc: MessageDoc, label: str, topic: str) -> list[str]:
    words = wording()
    attachment = doc.recipient_attachment or "secure"
    seed = int(hashlib.sha256(doc.text.encode("utf-8")).hexdigest(), 16)
    feelings = words.feelings[label]
    out = []
    for n, (opener, core, closer) in enumerate(
        itertools.product(words.openers[attachment], words.core[label], words.closers[attachment])
    ):
        core = core.format(topic=topic, feeling=feelings[(seed + n) % len(feelings)])
        out.append(f"{opener} {core[0].upper()}{core[1:]} {closer}")
    return out


def compose(doc: MessageDoc, count: int = VARIANTS) -> list[str]:
    """Candidate rewrites for a message with at least one harmful label, best first.

    First the variants that carry the message's own subject (:func:`subject_of`,
    shortest first, so the suggestion stays close to what was meant), then
    variants with a topic phrase (or the generic phrase) as a safe fallback for
    when the subject still reads as harmful.
    """
    words = wording()
    label = next((l for l in PRIORITY if l in doc.labels), "criticism")
    subjects = [subject_of(doc)]
    if len(subjects[0].split()) < 3:  # little left: keep the accusation's own words too (verified later)
        subjects.insert(0, subject_of(doc, strip_spans=False))
    out: list[str] = []
    for subject in dict.fromkeys(s for s in subjects if s):
        # every opener x core x closer; the shortest carry the subject most clearly
        out += [v for v in sorted(_all_variants(doc, label, f"\u201c{subject}\u201d"), key=len) if v not in out]
    return out + [v for v in _variants(doc, label, topic_of(doc, words), count) if v not in out]


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
