"""Batch analysis of transcript collections (pure: no Django; Dask for scale).

Start with :func:`run_analysis` (the ``twofold analyze`` command is a thin shell over it).
"""

from twofold.batch.grouping import Conversation, Grouper, group_conversations
from twofold.batch.readers import CorpusError, LineError, RawMessage, Skipped, detect_format, read_corpus
from twofold.batch.runner import RunSummary, iter_chunks, run_analysis
from twofold.batch.work import BATCH_COMPONENTS, BATCH_RULES_ONLY, ChunkResult, analyze_chunk

__all__ = [
    "BATCH_COMPONENTS", "BATCH_RULES_ONLY", "ChunkResult", "Conversation", "CorpusError", "Grouper", "LineError",
    "RawMessage", "RunSummary", "Skipped", "analyze_chunk", "detect_format", "group_conversations",
    "iter_chunks", "read_corpus", "run_analysis",
]
