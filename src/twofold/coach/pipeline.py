"""The coach pipeline and its public entry points :func:`analyze` and :func:`analyze_many`.

normalise -> tokenise -> rules -> embedding classifier -> fusion -> scores -> rewrite.
Components are found by name in :func:`twofold.coach.registry.default_registry`;
pass ``components=`` to run a subset (for example :data:`RULES_ONLY`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from twofold import __version__ as _package_version
from twofold.coach.doc import MessageDoc
from twofold.coach.errors import EmptyMessageError, MessageTooLongError
from twofold.coach.labels import check_attachment
from twofold.coach.registry import Component, default_registry
from twofold.coach.results import Analysis

COACH_VERSION = "1.0"
MAX_CHARS = 20_000
DEFAULT_COMPONENTS: tuple[str, ...] = (
    "coach.normalise.v1",
    "coach.tokenise.v1",
    "coach.rules.v1",
    "coach.embed.v1",
    "coach.fusion.v1",
    "coach.scores.v1",
    "coach.rewrite.v1",
)
RULES_ONLY: tuple[str, ...] = tuple(n for n in DEFAULT_COMPONENTS if n != "coach.embed.v1")
REWRITE = "coach.rewrite.v1"
EMBED = "coach.embed.v1"
#: Environment flag a server sets so that each of its processes loads the coach at start (:func:`warm_up_in_background`).
WARM_UP_FLAG = "TWOFOLD_WARM_COACH"


class Pipeline:
    """An ordered list of components; the rewrite step verifies with the others."""

    def __init__(self, components: Sequence[Component]) -> None:
        names = [c.name for c in components]
        for component in components:
            missing = [r for r in component.requires if r not in names[: names.index(component.name)]]
            if missing:
                raise ValueError(f"{component.name} needs {', '.join(missing)} earlier in the pipeline")
        self.components = tuple(components)
        self.names = tuple(names)
        for component in self.components:
            if component.name == REWRITE:
                component.verify = self.labels_of
                component.verify_rules = self.rule_labels_of

    @classmethod
    def from_names(cls, names: Iterable[str], config: dict[str, dict[str, Any]] | None = None) -> "Pipeline":
        registry = default_registry()
        config = config or {}
        return cls([registry.create(name, **config.get(name, {})) for name in names])

    def run(self, docs: list[MessageDoc], *, rewrite: bool = True) -> list[MessageDoc]:
        for component in self.components:
            if component.name == REWRITE and not rewrite:
                continue
            component.pipe(docs)
        return docs

    def labels_of(self, texts: list[str]) -> list[tuple[str, ...]]:
        """Labels of each text under this pipeline without the rewrite step."""
        docs = self.run([MessageDoc(t) for t in texts], rewrite=False)
        return [tuple(d.labels) for d in docs]

    def rule_labels_of(self, texts: list[str]) -> list[tuple[str, ...]]:
        """Labels of each text from the rules alone (cheap: no embeddings, no scores)."""
        docs = [MessageDoc(t) for t in texts]
        for component in self.components:
            if component.name in (EMBED, REWRITE, "coach.scores.v1"):
                continue
            component.pipe(docs)
        return [tuple(d.labels) for d in docs]

    def version(self) -> str:
        parts = [COACH_VERSION]
        for component in self.components:
            parts.append(f"{component.name.removeprefix('coach.')}={component.version}")
        return "+".join(parts)

    def analyze_many(self, texts: Sequence[str], recipient_attachment: str | None | Sequence[str | None] = None) -> list[Analysis]:
        if isinstance(recipient_attachment, str) or recipient_attachment is None:
            attachments = [recipient_attachment] * len(texts)
        else:
            attachments = list(recipient_attachment)
            if len(attachments) != len(texts):
                raise ValueError("give one recipient_attachment per text")
        docs = [MessageDoc(check_text(t), check_attachment(a)) for t, a in zip(texts, attachments)]
        self.run(docs)
        version = self.version()
        return [_analysis(doc, version, self.names) for doc in docs]


def check_text(text: str) -> str:
    """Reject input the coach will not analyse, with a clear reason."""
    if not isinstance(text, str):
        raise TypeError(f"the message must be a string, not {type(text).__name__}")
    if not text.strip():
        raise EmptyMessageError("the message is empty; type something to analyse")
    if len(text) > MAX_CHARS:
        raise MessageTooLongError(f"the message has {len(text):,} characters; the coach analyses at most {MAX_CHARS:,}")
    return text


def _analysis(doc: MessageDoc, version: str, names: tuple[str, ...]) -> Analysis:
    return Analysis(
        text=doc.text,
        labels=tuple(doc.labels),
        findings=tuple(doc.findings),
        relief_score=doc.relief_score,
        flooding=doc.flooding,
        rewrite=doc.rewrite,
        safety=doc.safety,
        version=version,
        language_supported=doc.language_supported,
        language_note=doc.language_note,
        components=names,
    )


_pipelines: dict[tuple[str, ...], Pipeline] = {}
_pipelines_lock = threading.Lock()


def get_pipeline(components: tuple[str, ...] = DEFAULT_COMPONENTS) -> Pipeline:
    """One shared pipeline per component selection (models load on first use)."""
    with _pipelines_lock:
        if components not in _pipelines:
            _pipelines[components] = Pipeline.from_names(components)
        return _pipelines[components]


def warm_up_in_background() -> threading.Thread:
    """Load the tokeniser, rules and models on a daemon thread, so a server's first analysis is not
    the one that waits for them (about two seconds)."""

    def load() -> None:
        try:
            analyze("Warming up the coach.")
        except Exception:  # noqa: BLE001 - a failed warm-up only means the first analysis loads instead
            logging.getLogger(__name__).warning("coach warm-up failed; models load on first use", exc_info=True)

    thread = threading.Thread(target=load, name="coach-warm-up", daemon=True)
    thread.start()
    return thread


def forget_recent() -> None:
    """Drop what the coach remembers between calls (recent vectors, checked rewrite parts), so a
    benchmark pass starts cold. Loaded models stay loaded."""
    from twofold.coach.embed import loaded_encoders

    for encoder in loaded_encoders():
        encoder.forget_recent()
    for pipeline in list(_pipelines.values()):
        for component in pipeline.components:
            if hasattr(component, "forget_recent"):
                component.forget_recent()


def _select(components: Iterable[str] | None) -> tuple[str, ...]:
    if components is None:
        return DEFAULT_COMPONENTS
    chosen = tuple(components)
    unknown = [c for c in chosen if c not in default_registry()]
    if unknown:
        raise KeyError(f"unknown coach components {unknown}; known: {', '.join(default_registry().names())}")
    return tuple(name for name in default_registry().names() if name in chosen)


def analyze(text: str, *, recipient_attachment: str | None = None, components: Iterable[str] | None = None) -> Analysis:
    """Analyse one message; see :class:`twofold.coach.results.Analysis`."""
    return get_pipeline(_select(components)).analyze_many([text], recipient_attachment)[0]


def analyze_many(
    texts: Sequence[str],
    *,
    recipient_attachment: str | None | Sequence[str | None] = None,
    components: Iterable[str] | None = None,
) -> list[Analysis]:
    """Analyse many messages in one batch (the model runs once per batch of chunks)."""
    return get_pipeline(_select(components)).analyze_many(texts, recipient_attachment)
