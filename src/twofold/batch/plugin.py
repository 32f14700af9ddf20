"""A Dask worker plugin that loads the coach once when a worker starts (imported only with Dask)."""

from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin

from twofold.batch.work import pipeline_for


class WarmCoach(WorkerPlugin):
    """Builds the coach pipeline and runs one message when a Dask worker starts."""

    name = "twofold-warm-coach"

    def __init__(self, components: tuple[str, ...]) -> None:
        self.components = tuple(components)

    def setup(self, worker) -> None:  # noqa: ARG002 (Dask's signature)
        pipeline_for(self.components).analyze_many(["warming up the coach"])
