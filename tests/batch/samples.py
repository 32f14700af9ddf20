"""Small corpora written by hand for the batch tests (our own text)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

LINES = [
    "You never listen to me.",
    "Fine. Whatever.",
    "I feel lonely when we do not talk in the evening.",
    "Thank you for cooking tonight, I really appreciate it.",
    "Can we take a break and come back to this in 20 minutes?",
    "That is not my fault, what about you?",
    "We are in this together.",
    "It makes sense you feel hurt.",
]

WHATSAPP_24H = """\
12/03/2024, 21:10 - Messages and calls are end-to-end encrypted. No one outside of this chat can read them.
12/03/2024, 21:14 - Sam: You never listen to me.
12/03/2024, 21:15 - Alex: Fine. Whatever.
12/03/2024, 21:16 - Sam: I feel lonely when we do not talk.
It has been a long week
and I miss you.
12/03/2024, 21:17 - Alex: <Media omitted>
31/02/2024, 21:18 - Alex: a date that does not exist
14/03/2024, 08:00 - Alex: Thank you for cooking tonight, I really appreciate it.
"""

WHATSAPP_12H_MONTH_FIRST = """\
3/14/24, 9:14\u202fPM - Sam: We are in this together.
3/14/24, 9:15\u202fPM - Alex: It makes sense you feel hurt.
3/14/24, 12:05 AM - Alex: still up?
"""

WHATSAPP_IOS = """\
\u200e[12/03/2024, 21:14:05] Sam: You never listen to me.
[12/03/2024, 21:15:10] Alex: Fine. Whatever.
"""


def write_jsonl(path: Path, conversations: int = 10, per_conversation: int = 8, *, start: datetime = datetime(2024, 3, 4, 20)) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for c in range(conversations):
            for i in range(per_conversation):
                record = {"conversation": f"c{c:04d}", "sender": ("Sam", "Alex")[i % 2],
                          "timestamp": (start + timedelta(days=c, minutes=i)).isoformat(),
                          "text": LINES[(c * 3 + i) % len(LINES)]}
                handle.write(json.dumps(record) + "\n")
    return path
