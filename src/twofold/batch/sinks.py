"""Incremental output: Parquet (pyarrow ``ParquetWriter``, one row group per buffer) or JSONL.

Files in the output folder: ``messages.<ext>``, ``conversations.<ext>``,
``speakers.<ext>``, ``errors.jsonl`` (one bad line per row) and ``summary.json``.
Nothing is held beyond one row-group buffer.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from twofold.insights import HORSEMEN

OUTPUT_FORMATS = ("parquet", "jsonl")

CYCLE_TYPE = pa.struct([("kind", pa.string()), ("turns", pa.list_(pa.int32())), ("confidence", pa.float64())])


def message_schema(include_text: bool = False) -> pa.Schema:
    fields = [
        ("conversation", pa.string()), ("turn", pa.int32()), ("line", pa.int64()), ("sender", pa.string()),
        ("timestamp", pa.timestamp("us")), ("labels", pa.list_(pa.string())), ("harmful", pa.bool_()),
        ("safety", pa.bool_()), ("relief_score", pa.int16()), ("flooding", pa.bool_()), ("coach_version", pa.string()),
    ]
    if include_text:
        fields.append(("text", pa.string()))
    return pa.schema(fields)


CONVERSATION_SCHEMA = pa.schema([
    ("conversation", pa.string()), ("messages", pa.int32()), ("speakers", pa.list_(pa.string())),
    ("first_line", pa.int64()), ("start", pa.timestamp("us")), ("end", pa.timestamp("us")),
    ("conflict", pa.bool_()), ("harsh_startup", pa.bool_()), ("startup_sender", pa.string()),
    ("positive", pa.int32()), ("negative", pa.int32()), ("ratio", pa.float64()),
    ("repair_attempts", pa.int32()), ("repair_judged", pa.int32()), ("repair_succeeded", pa.int32()),
    ("cycles", pa.list_(CYCLE_TYPE)), ("mean_relief", pa.float64()), ("harmful_rate", pa.float64()),
])

SPEAKER_SCHEMA = pa.schema([
    ("sender", pa.string()),
    *[(name, pa.int64()) for name in (
        "messages", "conversations", "harmful_messages", "flooding_messages", "safety_messages",
        "conflict_positive", "conflict_negative", "conversations_started", "harsh_startups",
        "repair_attempts", "repair_judged", "repair_succeeded", "cycles_reaching", "cycles_stepping_back", *HORSEMEN)],
    ("harmful_rate", pa.float64()), ("mean_relief", pa.float64()), ("conflict_ratio", pa.float64()),
    ("harsh_startup_rate", pa.float64()), ("repair_success_rate", pa.float64()),
    ("top_horseman", pa.string()), ("antidote", pa.string()),
])


class ParquetSink:
    """Append rows (as columns) to one Parquet file; buffered up to ``row_group_rows`` rows."""

    def __init__(self, path: Path, schema: pa.Schema, row_group_rows: int = 50_000) -> None:
        self.path = path
        self.schema = schema
        self.row_group_rows = row_group_rows
        self.writer = pq.ParquetWriter(str(path), schema, compression="zstd")
        self.buffer: list[pa.Table] = []
        self.buffered = 0
        self.rows = 0
        self.row_groups = 0

    def write_columns(self, columns: dict[str, list[Any]]) -> None:
        table = pa.Table.from_pydict({name: columns[name] for name in self.schema.names}, schema=self.schema)
        if table.num_rows == 0:
            return
        self.buffer.append(table)
        self.buffered += table.num_rows
        self.rows += table.num_rows
        if self.buffered >= self.row_group_rows:
            self.flush()

    def write_rows(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            self.write_columns({name: [row[name] for row in rows] for name in self.schema.names})

    def flush(self) -> None:
        if self.buffer:
            self.writer.write_table(pa.concat_tables(self.buffer))
            self.row_groups += 1
            self.buffer, self.buffered = [], 0

    def close(self) -> None:
        self.flush()
        self.writer.close()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class JsonlSink:
    """Append rows to a JSON Lines file, one object a line, written as they come."""

    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.names = schema.names
        self.handle = path.open("w", encoding="utf-8")
        self.rows = 0

    def write_columns(self, columns: dict[str, list[Any]]) -> None:
        count = len(columns[self.names[0]]) if self.names else 0
        self.write_rows([{name: columns[name][i] for name in self.names} for i in range(count)])

    def write_rows(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.handle.write(json.dumps({name: row[name] for name in self.names}, default=_json_default, ensure_ascii=False))
            self.handle.write("\n")
        self.rows += len(rows)

    def close(self) -> None:
        self.handle.close()


def open_sink(folder: Path, name: str, schema: pa.Schema, fmt: str):
    if fmt == "parquet":
        return ParquetSink(folder / f"{name}.parquet", schema)
    if fmt == "jsonl":
        return JsonlSink(folder / f"{name}.jsonl", schema)
    raise ValueError(f"unknown output format {fmt!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
