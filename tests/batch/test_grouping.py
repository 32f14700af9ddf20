from __future__ import annotations

import inspect
from datetime import datetime, timedelta

from twofold.batch.grouping import Grouper, group_conversations
from twofold.batch.readers import RawMessage

T0 = datetime(2024, 3, 4, 20)


def msg(line: int, minutes: float, conversation: str | None = None, sender: str = "Sam") -> RawMessage:
    return RawMessage(line, conversation, sender, T0 + timedelta(minutes=minutes), "hi")


def test_explicit_ids_split_conversations():
    groups = list(group_conversations([msg(1, 0, "a"), msg(2, 1, "a"), msg(3, 2, "b"), msg(4, 9000, "b")]))
    assert [(g.id, [m.line for m in g.messages]) for g in groups] == [("a", [1, 2]), ("b", [3, 4])]


def test_a_gap_starts_a_new_conversation_in_chat_exports():
    stream = [msg(1, 0), msg(2, 60), msg(3, 60 + 6 * 60), msg(4, 60 + 6 * 60 + 1 + 6 * 60)]
    groups = list(group_conversations(stream, source="export", gap_hours=6))
    assert [(g.id, [m.line for m in g.messages]) for g in groups] == [
        ("export:000001", [1, 2, 3]), ("export:000002", [4])]


def test_an_id_seen_again_is_a_warning_and_a_separate_part():
    grouper = Grouper()
    closed = [grouper.add(m) for m in (msg(1, 0, "a"), msg(2, 1, "b"), msg(3, 2, "a"))] + [grouper.finish()]
    assert [g.id for g in closed if g] == ["a", "b", "a#2"]
    assert grouper.warnings == ["line 3: conversation 'a' appears again after another one; sort the input by conversation and time"]


def test_grouping_streams():
    assert inspect.isgeneratorfunction(group_conversations)
    stream = (msg(i, i, f"c{i // 2}") for i in range(10**9))  # endless: only works if it streams
    first = next(iter(group_conversations(stream)))
    assert [m.line for m in first.messages] == [0, 1]
