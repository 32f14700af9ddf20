"""Group a stream of messages into conversations, one conversation in memory at a time.

The input must be sorted by conversation, then time (a chat export is already in
time order). A message with an explicit conversation id belongs to that
conversation; a new id starts a new conversation. Without an id (chat exports),
a gap of more than ``gap_hours`` since the previous message starts a new
conversation, named ``<source>:<n>``. An explicit id that shows up again after
another conversation is reported as a warning and summarised as a separate part
(sort the input first); remembering ids costs a few bytes per conversation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from twofold.batch.readers import RawMessage

DEFAULT_GAP_HOURS = 6.0


@dataclass
class Conversation:
    id: str
    messages: list[RawMessage] = field(default_factory=list)


class Grouper:
    """Feed messages with :meth:`add`; completed conversations come back as they close."""

    def __init__(self, source: str = "chat", gap_hours: float = DEFAULT_GAP_HOURS) -> None:
        if gap_hours <= 0:
            raise ValueError("gap_hours must be positive")
        self.source = source
        self.gap = timedelta(hours=gap_hours)
        self.current: Conversation | None = None
        self.explicit = False
        self.counter = 0
        self.seen: set[str] = set()
        self.warnings: list[str] = []

    def _start(self, message: RawMessage) -> Conversation | None:
        done = self.current
        if message.conversation is not None:
            conv_id = message.conversation
            if conv_id in self.seen:
                self.warnings.append(f"line {message.line}: conversation {conv_id!r} appears again after another one; "
                                     "sort the input by conversation and time")
                part = 2
                while f"{conv_id}#{part}" in self.seen:
                    part += 1
                conv_id = f"{conv_id}#{part}"
            self.explicit = True
        else:
            self.counter += 1
            conv_id = f"{self.source}:{self.counter:06d}"
            self.explicit = False
        self.seen.add(conv_id)
        self.current = Conversation(conv_id, [message])
        return done

    def add(self, message: RawMessage) -> Conversation | None:
        """Add a message; returns the conversation it closed, if any."""
        current = self.current
        if current is None:
            return self._start(message)
        if message.conversation is not None:
            same = self.explicit and current.messages[-1].conversation == message.conversation
        else:
            same = not self.explicit and message.timestamp - current.messages[-1].timestamp <= self.gap
        if same:
            current.messages.append(message)
            return None
        return self._start(message)

    def finish(self) -> Conversation | None:
        done, self.current = self.current, None
        return done


def group_conversations(messages: Iterable[RawMessage], *, source: str = "chat",
                        gap_hours: float = DEFAULT_GAP_HOURS) -> Iterator[Conversation]:
    """Yield conversations as they complete (a generator: constant memory)."""
    grouper = Grouper(source, gap_hours)
    for message in messages:
        done = grouper.add(message)
        if done is not None:
            yield done
    last = grouper.finish()
    if last is not None:
        yield last
