"""Streaming corpus readers: JSONL, CSV and WhatsApp's text export.

Every reader is a generator that yields :class:`RawMessage` or :class:`LineError`
one at a time, so memory stays constant whatever the file size. Line numbers are
1-based physical lines of the file. Timestamps: ISO 8601 text or Unix seconds;
a timestamp with a time zone is converted to UTC and stored without one, a naive
timestamp is kept as written (local time of the export).

- **JSONL**: one JSON object a line with ``sender``, ``timestamp``, ``text`` and
  (optional) ``conversation``.
- **CSV**: a header row with ``timestamp``, ``sender``, ``text`` and optional
  ``conversation`` (any column order, header names are case-insensitive).
- **WhatsApp** text export (``.txt``): Android lines such as
  ``12/03/2024, 21:14 - Sam: text`` or ``12/03/2024, 9:14 pm - Sam: text``, iOS lines
  such as ``[12/03/2024, 21:14:05] Sam: text``; a line that does not start with a
  date continues the previous message; system lines (no ``Sender:``) and
  ``<Media omitted>`` are skipped. Day/month order is detected from the file (a day
  above 12) and defaults to day first; pass ``dayfirst`` to force it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from twofold.coach import MAX_CHARS

FORMATS: tuple[str, ...] = ("jsonl", "csv", "whatsapp")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".txt": "whatsapp"}


class CorpusError(Exception):
    """The corpus cannot be read at all (missing file, unknown format): exit code 2."""


@dataclass(frozen=True)
class RawMessage:
    line: int
    conversation: str | None
    sender: str
    timestamp: datetime
    text: str


@dataclass(frozen=True)
class LineError:
    line: int
    reason: str


@dataclass(frozen=True)
class Skipped:
    """A line that is not a message and not an error (a WhatsApp system line, media placeholder)."""

    line: int
    reason: str


Item = RawMessage | LineError | Skipped


def detect_format(path: Path, declared: str | None = None) -> str:
    if declared is not None:
        if declared not in FORMATS:
            raise CorpusError(f"unknown input format {declared!r}; expected one of {', '.join(FORMATS)}")
        return declared
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise CorpusError(f"cannot tell the format of {path.name}: use a .jsonl, .csv or .txt (WhatsApp export) file, "
                          f"or pass --input-format {'|'.join(FORMATS)}")
    return fmt


class Progress:
    """Bytes read so far (for a progress bar); the readers update it as they go."""

    def __init__(self) -> None:
        self.bytes_read = 0


def parse_timestamp(value: object) -> datetime:
    if isinstance(value, bool):
        raise ValueError("timestamp is not a time")
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(value, tz=timezone.utc).replace(tzinfo=None)
    if not isinstance(value, str) or not value.strip():
        raise ValueError("missing timestamp")
    text = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        return parse_timestamp(float(text))
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def _message(line: int, conversation: object, sender: object, timestamp: object, text: object) -> RawMessage | LineError:
    if not isinstance(sender, str) or not sender.strip():
        return LineError(line, "the message has no sender")
    if not isinstance(text, str) or not text.strip():
        return LineError(line, "the message has no text")
    if len(text) > MAX_CHARS:
        return LineError(line, f"the message is longer than {MAX_CHARS:,} characters")
    try:
        moment = parse_timestamp(timestamp)
    except (ValueError, OverflowError, OSError) as exc:
        return LineError(line, f"bad timestamp {timestamp!r}: {exc}" if timestamp not in (None, "") else "the message has no timestamp")
    if conversation is not None and not isinstance(conversation, (str, int)):
        return LineError(line, "conversation must be text or a number")
    conv = None if conversation is None or str(conversation).strip() == "" else str(conversation).strip()
    return RawMessage(line, conv, sender.strip(), moment, text)


def _lines(handle: BinaryIO, progress: Progress | None) -> Iterator[tuple[int, str | None]]:
    """Decoded lines with their numbers; ``None`` for a line that is not valid UTF-8."""
    for number, raw in enumerate(handle, start=1):
        if progress is not None:
            progress.bytes_read += len(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, None
            continue
        if number == 1:
            text = text.lstrip("\ufeff")
        yield number, text.rstrip("\r\n")


def read_jsonl(handle: BinaryIO, progress: Progress | None = None) -> Iterator[Item]:
    for number, text in _lines(handle, progress):
        if text is None:
            yield LineError(number, "the line is not valid UTF-8 text")
            continue
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            yield LineError(number, f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict):
            yield LineError(number, "expected a JSON object")
            continue
        yield _message(number, record.get("conversation"), record.get("sender"), record.get("timestamp"), record.get("text"))


def read_csv(handle: BinaryIO, progress: Progress | None = None) -> Iterator[Item]:
    text_stream = io.TextIOWrapper(handle, encoding="utf-8", errors="surrogateescape", newline="")
    reader = csv.reader(text_stream)
    width = 0
    columns: dict[str, int] = {}
    previous = 0
    for row in reader:
        number = reader.line_num
        if progress is not None:
            progress.bytes_read = handle.tell() if handle.seekable() else progress.bytes_read
        start, previous = previous + 1, number
        if not columns:
            names = [c.strip().lstrip("\ufeff").lower() for c in row]
            missing = [c for c in ("timestamp", "sender", "text") if c not in names]
            if missing:
                raise CorpusError(f"the CSV header (line {number}) needs columns timestamp, sender, text; missing {', '.join(missing)}")
            columns = {name: names.index(name) for name in ("timestamp", "sender", "text", "conversation") if name in names}
            width = len(names)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if any("\udc80" <= ch <= "\udcff" for cell in row for ch in cell):
            yield LineError(start, "the row is not valid UTF-8 text")
            continue
        if len(row) != width:
            yield LineError(start, f"expected {width} columns, found {len(row)}")
            continue

        def cell(name: str) -> str | None:
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else None

        yield _message(start, cell("conversation"), cell("sender"), cell("timestamp"), cell("text"))


_DATE_START = re.compile(r"^[\u200e\u200f\ufeff]*\[?\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}")
_HEADER = re.compile(
    r"^[\u200e\u200f\ufeff]*\[?(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{2,4}),?\s+"
    r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?"
    r"(?:[\s\u202f\u00a0]*(?P<ampm>[AaPp])\.?\s?[Mm]\.?)?"
    r"\]?\s*(?:[-\u2013]\s+)?(?P<rest>.*)$"
)
_SKIP_TEXTS = ("<media omitted>", "this message was deleted", "you deleted this message", "<attached:", "image omitted",
               "video omitted", "audio omitted", "sticker omitted")


def _whatsapp_moment(match: re.Match, dayfirst: bool) -> datetime:
    a, b, year = int(match["a"]), int(match["b"]), int(match["y"])
    if year < 100:
        year += 2000
    if a > 12:
        day, month = a, b
    elif b > 12:
        day, month = b, a
    else:
        day, month = (a, b) if dayfirst else (b, a)
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"hour {hour} with am/pm")
        pm = match["ampm"].lower() == "p"
        hour = (hour % 12) + (12 if pm else 0)
    return datetime(year, month, day, hour, minute, second)


def detect_dayfirst(handle: BinaryIO, limit: int = 100_000) -> bool:
    """Read the start of a WhatsApp export for a date that tells the order (a number above 12)."""
    for number, raw in enumerate(handle):
        if number >= limit:
            break
        match = _HEADER.match(raw.decode("utf-8", errors="replace"))
        if match:
            if int(match["a"]) > 12:
                return True
            if int(match["b"]) > 12:
                return False
    return True


def read_whatsapp(handle: BinaryIO, progress: Progress | None = None, *, dayfirst: bool = True) -> Iterator[Item]:
    current: list | None = None  # [line, sender, moment, [text lines]]

    def flush() -> Iterator[Item]:
        if current is None:
            return
        line, sender, moment, parts = current
        text = "\n".join(parts)
        if text.strip().lower().startswith(_SKIP_TEXTS):
            yield Skipped(line, "media or deleted message")
            return
        yield _message(line, None, sender, moment.isoformat(), text)

    for number, text in _lines(handle, progress):
        if text is None:
            yield LineError(number, "the line is not valid UTF-8 text")
            continue
        match = _HEADER.match(text)
        if match is None:
            if _DATE_START.match(text):
                yield LineError(number, "the line starts with a date but is not a WhatsApp message line")
            elif current is not None:
                current[3].append(text)
            elif text.strip():
                yield LineError(number, "text before the first message line")
            continue
        try:
            moment = _whatsapp_moment(match, dayfirst)
        except ValueError as exc:
            yield LineError(number, f"bad date or time: {exc}")
            continue
        yield from flush()
        current = None
        rest = match["rest"]
        sender, sep, body = rest.partition(": ")
        if not sep or not sender.strip():
            if rest.endswith(":") and rest[:-1].strip():  # "Sam:" with an empty first line
                current = [number, rest[:-1].strip(), moment, []]
            else:
                yield Skipped(number, "system line")
            continue
        current = [number, sender.strip().lstrip("\u200e"), moment, [body]]
    yield from flush()


def read_corpus(path: Path, input_format: str | None = None, *, progress: Progress | None = None,
                dayfirst: bool | None = None) -> Iterator[Item]:
    """Stream the items of a corpus file. Raises :class:`CorpusError` (before yielding
    anything) when the file is missing or its format unknown."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError(f"no such file: {path}")
    fmt = detect_format(path, input_format)
    return _read(path, fmt, progress, dayfirst)


def _read(path: Path, fmt: str, progress: Progress | None, dayfirst: bool | None) -> Iterator[Item]:
    if fmt == "whatsapp" and dayfirst is None:
        with path.open("rb") as handle:
            dayfirst = detect_dayfirst(handle)
    with path.open("rb") as handle:
        if fmt == "jsonl":
            yield from read_jsonl(handle, progress)
        elif fmt == "csv":
            yield from read_csv(handle, progress)
        else:
            yield from read_whatsapp(handle, progress, dayfirst=bool(dayfirst))
