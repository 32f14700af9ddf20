"""The room's wire format, validated at the edge: client frames in, JSON views out."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from twofold.practice.lean_in import ConversationView, Turn

MAX_TEXT = 2000
MAX_TOPIC = 200
MAX_FRAME_BYTES = 16_000


class _Frame(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TopicFrame(_Frame):
    action: Literal["topic"]
    topic: str = Field(min_length=1, max_length=MAX_TOPIC)


class RolesFrame(_Frame):
    action: Literal["roles"]
    speaker: Literal["me", "partner"]


class ShareFrame(_Frame):
    action: Literal["share"]
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class ReflectFrame(_Frame):
    action: Literal["reflect"]
    text: str = Field(min_length=1, max_length=MAX_TEXT)


class HeardFrame(_Frame):
    action: Literal["heard"]


class NotYetFrame(_Frame):
    action: Literal["not_yet"]
    note: str = Field(default="", max_length=MAX_TEXT)


class PauseFrame(_Frame):
    action: Literal["pause"]
    return_in_minutes: float | None = Field(default=None, gt=0, le=7 * 24 * 60)


class ResumeFrame(_Frame):
    action: Literal["resume"]


class EndFrame(_Frame):
    action: Literal["end"]


Action = Annotated[
    TopicFrame | RolesFrame | ShareFrame | ReflectFrame | HeardFrame | NotYetFrame | PauseFrame | ResumeFrame | EndFrame,
    Field(discriminator="action"),
]
ACTIONS = ("topic", "roles", "share", "reflect", "heard", "not_yet", "pause", "resume", "end")
_ADAPTER: TypeAdapter[Action] = TypeAdapter(Action)


class FrameError(ValueError):
    """A frame the room cannot read; ``code`` is machine-readable, the message is for people."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def parse_frame(raw: str | None) -> Action:
    if raw is None:
        raise FrameError("bad_frame", "send text frames holding one JSON object")
    if len(raw.encode("utf-8")) > MAX_FRAME_BYTES:
        raise FrameError("too_long", f"that message is too long; keep a turn under {MAX_TEXT} characters")
    try:
        data = json.loads(raw)
    except ValueError:
        raise FrameError("bad_json", "that frame is not valid JSON") from None
    if not isinstance(data, dict):
        raise FrameError("bad_frame", "a frame is one JSON object with an \"action\"")
    if data.get("action") not in ACTIONS:
        raise FrameError("unknown_action", f"unknown action {str(data.get('action'))[:40]!r}; use one of: "
                         + ", ".join(ACTIONS))
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise _explain(exc) from None


def _explain(exc: ValidationError) -> FrameError:
    error = exc.errors()[0]
    field = ".".join(str(part) for part in error["loc"][1:]) or "frame"
    if error["type"] == "string_too_long":
        limit = error.get("ctx", {}).get("max_length")
        return FrameError("too_long", f"the {field} is longer than {limit} characters; try saying less")
    if error["type"] == "string_too_short":
        return FrameError("empty", f"the {field} is empty")
    return FrameError("invalid", f"{field}: {error['msg']}")


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def turn_json(turn: Turn, names: dict[str, str]) -> dict[str, Any]:
    return {
        "index": turn.index,
        "author": turn.author,
        "author_name": names.get(turn.author, ""),
        "role": turn.role.value if turn.role else None,
        "kind": turn.kind.value,
        "text": turn.text,
        "labels": list(turn.labels),
        "accepted": turn.accepted,
        "prompt": turn.prompt,
        "private": turn.private,
        "at": turn.at.isoformat(),
    }


def view_json(view: ConversationView, names: dict[str, str]) -> dict[str, Any]:
    return {
        "conversation_id": view.conversation_id,
        "me": view.viewer,
        "phase": view.phase.value,
        "topic": view.topic,
        "speaker": view.speaker,
        "listener": view.listener,
        "your_role": view.your_role.value if view.your_role else None,
        "your_turn": view.your_turn,
        "heard": list(view.heard),
        "names": names,
        "turns": [turn_json(turn, names) for turn in view.turns],
        "prompt": view.prompt,
        "paused_by": view.paused_by,
        "return_at": _time(view.return_at),
        "ready_at": _time(view.ready_at),
        "show_safety_resources": view.show_safety_resources,
    }


def dumps(message: dict[str, Any]) -> str:
    return json.dumps(message, ensure_ascii=False, default=str)
