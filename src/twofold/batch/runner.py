"""Run a corpus through the coach and the insights: in this process, or on a Dask cluster.

The job streams: the reader yields messages, the grouper closes conversations,
conversations are packed into chunks of at least ``batch_size`` messages, each
chunk is one task, and results are written in input order as they complete. At
most ``2 x workers + 2`` chunks are in flight, so memory stays constant whatever
the corpus size. The same chunks in the same order give the same output locally
and on a cluster.
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from twofold.batch.grouping import DEFAULT_GAP_HOURS, Conversation, Grouper
from twofold.batch.readers import LineError, Progress, RawMessage, Skipped, read_corpus
from twofold.batch.sinks import CONVERSATION_SCHEMA, SPEAKER_SCHEMA, message_schema, open_sink
from twofold.batch.work import BATCH_COMPONENTS, ChunkResult, ConversationPayload, analyze_chunk, merge_speakers, speaker_rows

DEFAULT_BATCH_SIZE = 512


@dataclass
class RunSummary:
    corpus: str
    out: str
    output_format: str
    messages: int = 0
    conversations: int = 0
    speakers: int = 0
    errors: int = 0
    skipped: int = 0
    chunks: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    engine: str = "local"
    coach_components: list[str] = field(default_factory=list)

    @property
    def messages_per_second(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0


def _payload(conversation: Conversation) -> ConversationPayload:
    return conversation.id, [(m.line, m.sender, m.timestamp, m.text) for m in conversation.messages]


def iter_chunks(corpus: Path, *, input_format: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                gap_hours: float = DEFAULT_GAP_HOURS, dayfirst: bool | None = None, progress: Progress | None = None,
                on_error: Callable[[LineError], None] = lambda e: None,
                on_skip: Callable[[Skipped], None] = lambda s: None,
                warnings: list[str] | None = None) -> Iterator[list[ConversationPayload]]:
    """Chunks of whole conversations with at least ``batch_size`` messages (the last may be smaller)."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    items = read_corpus(corpus, input_format, progress=progress, dayfirst=dayfirst)
    grouper = Grouper(Path(corpus).stem, gap_hours)
    chunk: list[ConversationPayload] = []
    size = 0
    for item in items:
        if isinstance(item, LineError):
            on_error(item)
            continue
        if isinstance(item, Skipped):
            on_skip(item)
            continue
        assert isinstance(item, RawMessage)
        done = grouper.add(item)
        if done is not None:
            chunk.append(_payload(done))
            size += len(done.messages)
            if size >= batch_size:
                yield chunk
                chunk, size = [], 0
    last = grouper.finish()
    if last is not None:
        chunk.append(_payload(last))
    if warnings is not None:
        warnings.extend(grouper.warnings)
    if chunk:
        yield chunk


class Executor:
    """Runs chunks in this process (``workers=0`` and no scheduler) or on Dask."""

    def __init__(self, components: tuple[str, ...], include_text: bool, workers: int = 0, scheduler: str | None = None) -> None:
        self.components = components
        self.include_text = include_text
        self.client = None
        self.cluster = None
        self.engine = "local"
        if scheduler or workers:
            from distributed import Client, LocalCluster

            from twofold.batch.plugin import WarmCoach

            if scheduler:
                self.client = Client(scheduler)
                self.engine = f"dask scheduler {scheduler}"
            else:
                self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                            dashboard_address=None, silence_logs=40)
                self.client = Client(self.cluster)
                self.engine = f"dask local cluster, {workers} workers"
            self.client.register_plugin(WarmCoach(components))

    @property
    def window(self) -> int:
        if self.client is None:
            return 1
        return 2 * max(1, len(self.client.nthreads())) + 2

    def map_ordered(self, chunks: Iterator[list[ConversationPayload]]) -> Iterator[ChunkResult]:
        if self.client is None:
            for chunk in chunks:
                yield analyze_chunk(chunk, self.components, self.include_text)
            return
        window = self.window
        pending: deque = deque()
        for chunk in chunks:
            pending.append(self.client.submit(analyze_chunk, chunk, self.components, self.include_text, pure=False))
            while len(pending) >= window:
                future = pending.popleft()
                yield future.result()
                future.release()
        while pending:
            future = pending.popleft()
            yield future.result()
            future.release()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def run_analysis(corpus: Path, out: Path, *, output_format: str = "parquet", input_format: str | None = None,
                 workers: int = 0, scheduler: str | None = None, batch_size: int = DEFAULT_BATCH_SIZE,
                 gap_hours: float = DEFAULT_GAP_HOURS, components: tuple[str, ...] = BATCH_COMPONENTS,
                 include_text: bool = False, dayfirst: bool | None = None,
                 on_error: Callable[[LineError], None] = lambda e: None,
                 on_progress: Callable[[int, int], None] = lambda done_bytes, messages: None) -> RunSummary:
    """Analyse ``corpus`` and write the outputs to the folder ``out``. Raises
    :class:`twofold.batch.readers.CorpusError` for a missing file or unknown format
    (before anything is written)."""
    corpus, out = Path(corpus), Path(out)
    read_corpus(corpus, input_format)  # fail fast on a missing file or unknown format
    out.mkdir(parents=True, exist_ok=True)
    summary = RunSummary(str(corpus), str(out), output_format, coach_components=list(components))
    started = time.perf_counter()
    progress = Progress()
    errors_file = (out / "errors.jsonl").open("w", encoding="utf-8")

    def error(item: LineError) -> None:
        summary.errors += 1
        errors_file.write(json.dumps({"line": item.line, "error": item.reason}) + "\n")
        on_error(item)

    def skip(item: Skipped) -> None:
        summary.skipped += 1

    messages_sink = open_sink(out, "messages", message_schema(include_text), output_format)
    conversations_sink = open_sink(out, "conversations", CONVERSATION_SCHEMA, output_format)
    speakers: dict[str, dict[str, int]] = {}
    executor = Executor(components, include_text, workers, scheduler)
    summary.engine = executor.engine
    try:
        chunks = iter_chunks(corpus, input_format=input_format, batch_size=batch_size, gap_hours=gap_hours,
                             dayfirst=dayfirst, progress=progress, on_error=error, on_skip=skip, warnings=summary.warnings)
        for result in executor.map_ordered(chunks):
            messages_sink.write_columns(result.messages)
            conversations_sink.write_rows(result.conversations)
            merge_speakers(speakers, result.speakers)
            summary.chunks += 1
            summary.messages += result.message_count
            summary.conversations += len(result.conversations)
            on_progress(progress.bytes_read, summary.messages)
    finally:
        executor.close()
        messages_sink.close()
        conversations_sink.close()
        errors_file.close()
    speakers_sink = open_sink(out, "speakers", SPEAKER_SCHEMA, output_format)
    speakers_sink.write_rows(speaker_rows(speakers))
    speakers_sink.close()
    summary.speakers = len(speakers)
    summary.seconds = time.perf_counter() - started
    (out / "summary.json").write_text(json.dumps({**asdict(summary), "messages_per_second": summary.messages_per_second},
                                                 indent=2) + "\n", encoding="utf-8")
    return summary


def summary_dict(summary: RunSummary) -> dict[str, Any]:
    return {**asdict(summary), "messages_per_second": summary.messages_per_second}
