"""Lean-in conversations: the couple's history (summaries; a partner also gets their view of the turns)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from twofold.api.schemas import Problem
from twofold.conversations import services
from twofold.conversations.models import Conversation
from twofold.couples.services import current_couple
from twofold.privacy.access import get_visible_or_404

router = Router(tags=["conversations"])


class TurnOut(Schema):
    index: int
    author: str
    kind: str
    text: str
    labels: list[str]
    accepted: bool | None
    private: bool
    at: datetime


class ConversationOut(Schema):
    id: int
    topic: str
    phase: str
    started_at: datetime
    ended_at: datetime | None
    summary: dict[str, Any] | None
    safety_flagged: bool | None  # only for a therapist with access; partners see "paused"
    turns: list[TurnOut] | None = None  # only for the partners


def _out(conversation: Conversation, viewer, *, with_turns: bool = False) -> dict[str, Any]:
    is_partner = viewer.pk in (conversation.partner_a_id, conversation.partner_b_id)
    data = {
        "id": conversation.pk, "topic": conversation.topic, "phase": conversation.phase,
        "started_at": conversation.started_at, "ended_at": conversation.ended_at, "summary": conversation.summary,
        "safety_flagged": conversation.safety_flagged if viewer.is_therapist else None,
    }
    if with_turns and is_partner and current_couple(viewer) == conversation.couple:
        _, _, view = services.room_view(viewer, conversation.pk)
        data["turns"] = [
            {"index": t.index, "author": t.author, "kind": t.kind.value, "text": t.text, "labels": list(t.labels),
             "accepted": t.accepted, "private": t.private, "at": t.at}
            for t in view.turns
        ]
    return data


@router.get("", response=list[ConversationOut], summary="Conversations the caller may see, newest first")
def list_conversations(request: HttpRequest):
    return [_out(c, request.user) for c in services.history(request.user)]


@router.post("", response={201: ConversationOut, 400: Problem}, summary="Open a conversation (or the open one)")
def start_conversation(request: HttpRequest):
    try:
        conversation = services.start_conversation(request.user)
    except services.ConversationError as exc:
        return Status(400, {"detail": exc.reason})
    return Status(201, _out(conversation, request.user))


@router.get("/{conversation_id}", response={200: ConversationOut, 404: Problem})
def get_conversation(request: HttpRequest, conversation_id: int):
    conversation = get_visible_or_404(request.user, services.history(request.user), pk=conversation_id,
                                      request=request)
    return _out(conversation, request.user, with_turns=True)
