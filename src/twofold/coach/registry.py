"""A registry of pipeline components found by versioned name (``"coach.rules.v1"``).

Registration is explicit: :func:`default_registry` registers the built-in
factories when it is first called, never at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, Protocol

from twofold.coach.doc import MessageDoc


class Component(Protocol):
    """A pipeline step: reads and writes a :class:`MessageDoc`."""

    name: str
    version: str
    requires: tuple[str, ...]

    def pipe(self, docs: list[MessageDoc]) -> None: ...


Factory = Callable[..., Component]


class Registry:
    """Component factories by name."""

    def __init__(self) -> None:
        self._factories: dict[str, Factory] = {}

    def register(self, name: str, factory: Factory) -> None:
        if name in self._factories:
            raise ValueError(f"component {name!r} is already registered")
        self._factories[name] = factory

    def create(self, name: str, **config: Any) -> Component:
        try:
            factory = self._factories[name]
        except KeyError:
            raise KeyError(f"unknown coach component {name!r}; known: {', '.join(self.names())}") from None
        return factory(**config)

    def names(self) -> tuple[str, ...]:
        return tuple(self._factories)

    def __contains__(self, name: object) -> bool:
        return name in self._factories


def register_builtins(registry: Registry, names: Iterable[tuple[str, Factory]]) -> Registry:
    for name, factory in names:
        registry.register(name, factory)
    return registry


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The registry holding the built-in components."""
    from twofold.coach import compose, detect, embed, fusion, prepare, scores

    return register_builtins(
        Registry(),
        [
            (prepare.Normaliser.name, prepare.Normaliser),
            (prepare.Tokeniser.name, prepare.Tokeniser),
            (detect.RuleDetector.name, detect.RuleDetector),
            (embed.EmbeddingClassifier.name, embed.EmbeddingClassifier),
            (fusion.Fusion.name, fusion.Fusion),
            (scores.Scorer.name, scores.Scorer),
            (compose.Rewriter.name, compose.Rewriter),
        ],
    )
