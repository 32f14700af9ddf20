from __future__ import annotations

import inspect
import io
from datetime import datetime

import pytest

from twofold.batch.readers import (
    CorpusError,
    LineError,
    Progress,
    RawMessage,
    Skipped,
    detect_dayfirst,
    detect_format,
    read_corpus,
    read_csv,
    read_jsonl,
    read_whatsapp,
)

from .samples import WHATSAPP_12H_MONTH_FIRST, WHATSAPP_24H, WHATSAPP_IOS


def items(reader, text: str | bytes, **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return list(reader(io.BytesIO(data), **kwargs))


def test_jsonl_reads_messages_and_reports_bad_lines_with_numbers():
    good = '{"conversation": "c1", "sender": "Sam", "timestamp": "2024-03-04T20:00:00", "text": "hello"}'
    lines = [
        good,
        "not json",
        "[1, 2]",
        '{"sender": "", "timestamp": "2024-03-04T20:00:00", "text": "x"}',
        '{"sender": "Sam", "text": "x"}',
        '{"sender": "Sam", "timestamp": "yesterday", "text": "x"}',
        '{"sender": "Sam", "timestamp": "2024-03-04T20:00:00", "text": "   "}',
        "",
        '{"conversation": 7, "sender": "Alex", "timestamp": 1709582400, "text": "hi"}',
        '{"sender": "Alex", "timestamp": "2024-03-04T21:00:00+01:00", "text": "tz"}',
    ]
    data = ("\n".join(lines) + "\n").encode() + b'{"sender": "Sam", "timestamp": "2024-03-04", "text": "caf\xe9"}\n'
    result = items(read_jsonl, data)
    assert result[0] == RawMessage(1, "c1", "Sam", datetime(2024, 3, 4, 20), "hello")
    errors = {r.line: r.reason for r in result if isinstance(r, LineError)}
    assert set(errors) == {2, 3, 4, 5, 6, 7, 11}
    assert "not valid JSON" in errors[2] and "JSON object" in errors[3] and "no sender" in errors[4]
    assert "no timestamp" in errors[5] and "bad timestamp" in errors[6] and "no text" in errors[7]
    assert "UTF-8" in errors[11]
    epoch, aware = [r for r in result if isinstance(r, RawMessage)][1:]
    assert epoch.conversation == "7" and epoch.timestamp == datetime(2024, 3, 4, 20, 0)
    assert aware.conversation is None and aware.timestamp == datetime(2024, 3, 4, 20, 0)  # converted to UTC


def test_csv_with_optional_conversation_and_bad_rows():
    text = ('Timestamp,sender,text\n'
            '2024-03-04T20:00:00,Sam,"You never listen,\nnot once."\n'
            '2024-03-04T20:01:00,Alex\n'
            '2024-03-04T20:02:00,,no sender\n'
            'soon,Alex,bad time\n'
            '2024-03-04T20:03:00,Alex,ok\n')
    result = items(read_csv, text)
    assert result[0] == RawMessage(2, None, "Sam", datetime(2024, 3, 4, 20), "You never listen,\nnot once.")
    errors = {r.line: r.reason for r in result if isinstance(r, LineError)}
    assert errors[4] == "expected 3 columns, found 2"
    assert "no sender" in errors[5] and "bad timestamp" in errors[6]
    assert result[-1] == RawMessage(7, None, "Alex", datetime(2024, 3, 4, 20, 3), "ok")
    with_ids = items(read_csv, "conversation,timestamp,sender,text\nk1,2024-03-04T20:00:00,Sam,hi\n")
    assert with_ids == [RawMessage(2, "k1", "Sam", datetime(2024, 3, 4, 20), "hi")]


def test_csv_without_the_needed_header_is_a_corpus_error():
    with pytest.raises(CorpusError, match="missing timestamp, text"):
        items(read_csv, "time,sender,message\n1,2,3\n")


def test_whatsapp_24h_multiline_system_media_and_bad_date():
    result = items(read_whatsapp, WHATSAPP_24H, dayfirst=True)
    messages = [r for r in result if isinstance(r, RawMessage)]
    assert [(m.line, m.sender, m.timestamp) for m in messages] == [
        (2, "Sam", datetime(2024, 3, 12, 21, 14)),
        (3, "Alex", datetime(2024, 3, 12, 21, 15)),
        (4, "Sam", datetime(2024, 3, 12, 21, 16)),
        (9, "Alex", datetime(2024, 3, 14, 8, 0)),
    ]
    assert messages[2].text == "I feel lonely when we do not talk.\nIt has been a long week\nand I miss you."
    assert [(s.line, s.reason) for s in result if isinstance(s, Skipped)] == [(1, "system line"), (7, "media or deleted message")]
    (error,) = [r for r in result if isinstance(r, LineError)]
    assert error.line == 8 and "bad date" in error.reason


def test_whatsapp_12h_month_first_and_ios():
    messages = items(read_whatsapp, WHATSAPP_12H_MONTH_FIRST, dayfirst=False)
    assert [(m.sender, m.timestamp) for m in messages] == [
        ("Sam", datetime(2024, 3, 14, 21, 14)), ("Alex", datetime(2024, 3, 14, 21, 15)), ("Alex", datetime(2024, 3, 14, 0, 5))]
    ios = items(read_whatsapp, WHATSAPP_IOS, dayfirst=True)
    assert [(m.line, m.sender, m.timestamp, m.text) for m in ios] == [
        (1, "Sam", datetime(2024, 3, 12, 21, 14, 5), "You never listen to me."),
        (2, "Alex", datetime(2024, 3, 12, 21, 15, 10), "Fine. Whatever.")]


def test_whatsapp_day_order_is_detected_and_text_before_any_message_is_an_error():
    assert detect_dayfirst(io.BytesIO(WHATSAPP_12H_MONTH_FIRST.encode())) is False
    assert detect_dayfirst(io.BytesIO(WHATSAPP_24H.encode())) is True
    result = items(read_whatsapp, "hello there\n" + WHATSAPP_IOS)
    assert result[0] == LineError(1, "text before the first message line")


def test_read_corpus_detects_format_and_fails_clearly(tmp_path):
    path = tmp_path / "chat.txt"
    path.write_text(WHATSAPP_12H_MONTH_FIRST, encoding="utf-8")
    progress = Progress()
    messages = list(read_corpus(path, progress=progress))
    assert messages[0].timestamp == datetime(2024, 3, 14, 21, 14)  # month first, detected
    assert progress.bytes_read == path.stat().st_size
    with pytest.raises(CorpusError, match="no such file"):
        read_corpus(tmp_path / "missing.jsonl")
    with pytest.raises(CorpusError, match="cannot tell the format"):
        detect_format(tmp_path / "data.xlsx")
    with pytest.raises(CorpusError, match="unknown input format"):
        detect_format(path, "xml")
    assert detect_format(tmp_path / "a.NDJSON") == "jsonl"


def test_readers_are_generators():
    for reader in (read_jsonl, read_csv, read_whatsapp):
        assert inspect.isgeneratorfunction(reader)
