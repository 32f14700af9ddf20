"""Journey 5: a crisis turn pauses the room for both; only its author sees it and the resources."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async

from twofold.conversations.models import Conversation, ConversationTurn

from .conftest import Socket

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]

CRISIS = "I don't want to be alive anymore, I want to kill myself."


async def maya_speaking(personas, room) -> tuple[Socket, Socket]:
    """Both partners connected, a topic chosen, Maya the speaker."""
    a, b = Socket(personas.partner_a, room.pk), Socket(personas.partner_b, room.pk)
    await a.open()
    await b.open()
    await a.send(action="topic", topic="Weekends")
    await a.until("state"), await b.until("state")
    await a.send(action="roles", speaker="me")
    await a.until("state"), await b.until("state")
    return a, b


async def test_crisis_turn_pauses_both_and_only_the_author_gets_resources(personas, room):
    a, b = await maya_speaking(personas, room)

    await a.send(action="share", text=CRISIS)
    safety = await a.until("safety")
    assert "crisis" in safety["resources"]["labels"] and safety["resources"]["resources"]
    state_a = (await a.until("state"))["view"]
    assert state_a["phase"] == "paused" and state_a["show_safety_resources"]
    assert state_a["turns"][-1]["private"] and state_a["turns"][-1]["text"] == CRISIS
    state_b = (await b.until("state"))["view"]
    assert state_b["phase"] == "paused" and state_b["paused_by"] is None and not state_b["show_safety_resources"]
    assert await b.quiet()
    assert CRISIS not in json.dumps(b.received) and not any(f["type"] == "safety" for f in b.received)

    await b.send(action="resume")
    assert (await b.until("error"))["code"] == "safety_hold"

    # Reconnecting: the author sees the resources again, the partner still does not.
    await a.close()
    await b.close()
    again_a, again_b = Socket(personas.partner_a, room.pk), Socket(personas.partner_b, room.pk)
    await again_a.open()
    assert (await again_a.next())["type"] == "safety"
    await again_b.open()
    assert await again_b.quiet()
    await again_a.close()
    await again_b.close()

    stored = await database_sync_to_async(Conversation.objects.get)(pk=room.pk)
    assert stored.safety_flagged and stored.phase == "paused"
    turn = await database_sync_to_async(ConversationTurn.objects.get)(conversation=room, kind="share")
    assert turn.private


async def test_a_model_only_safety_reading_checks_in_privately_and_the_room_goes_on(personas, room, monkeypatch):
    """The model alone, without a safety rule and under high confidence, never halts the room."""
    from twofold.coach import Analysis, Finding
    from twofold.conversations import coaching
    from twofold.safety import resources_for

    text = "But you are never home either."
    unsure = Analysis(  # what the coach answers for a possible concern: resources, but no safety label
        text=text, labels=("criticism",), relief_score=20, flooding=False, rewrite=None,
        safety=resources_for(["abuse_risk"]), version="test",
        findings=(Finding("criticism", 4, 20, text[4:20], "absolute", "coach.rules.v1", "1"),),
    )
    coaching._analysis.cache_clear()
    monkeypatch.setattr(coaching, "analyze", lambda message: unsure)
    a, b = await maya_speaking(personas, room)

    await a.send(action="share", text=text)
    safety = await a.until("safety")
    assert safety["resources"]["labels"] == ["abuse_risk"]
    state_a = (await a.until("state"))["view"]
    assert state_a["phase"] != "paused"
    state_b = (await b.until("state"))["view"]
    assert state_b["phase"] == state_a["phase"]
    assert not any(f["type"] == "safety" for f in b.received)
    await a.close()
    await b.close()
    coaching._analysis.cache_clear()
    stored = await database_sync_to_async(Conversation.objects.get)(pk=room.pk)
    assert not stored.safety_flagged
