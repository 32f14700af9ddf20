"""The room over WebSockets: the protocol, stored before broadcast, replay on reconnect, bad input."""

from __future__ import annotations

import json

import pytest

from twofold.conversations.models import Conversation, ConversationEvent, ConversationTurn
from twofold.conversations.services import load_state

from .conftest import Socket

pytestmark = [pytest.mark.anyio, pytest.mark.django_db(transaction=True)]

SHARE = "I feel lonely on weekends when you work."
REBUTTAL = "But you never make time for me either."
VALIDATION = "It makes sense that you feel lonely on weekends when I work."
SHARE_B = "It's hard for me to stay open when I feel blamed."
VALIDATION_B = "It makes sense you feel that way; I can see how blame makes it hard to stay open."


async def open_pair(personas, room) -> tuple[Socket, Socket]:
    a, b = Socket(personas.partner_a, room.pk), Socket(personas.partner_b, room.pk)
    assert (await a.open())["view"]["phase"] == "topic"
    assert (await b.open())["view"]["phase"] == "topic"
    return a, b


async def both_state(a: Socket, b: Socket) -> tuple[dict, dict]:
    return (await a.until("state")), (await b.until("state"))


async def start_round(a: Socket, b: Socket) -> None:
    await a.send(action="topic", topic="Weekends")
    await both_state(a, b)
    await a.send(action="roles", speaker="me")
    await both_state(a, b)


async def test_full_round_until_both_feel_heard(personas, room):
    a, b = await open_pair(personas, room)
    await start_round(a, b)
    await a.send(action="share", text=SHARE)
    state_a, state_b = await both_state(a, b)
    assert state_b["view"]["phase"] == "reflecting" and state_b["view"]["your_turn"]
    assert state_b["view"]["turns"][-1]["text"] == SHARE

    await b.send(action="reflect", text=REBUTTAL)
    refused = await b.until("state")
    assert refused["view"]["phase"] == "reflecting"
    assert "but you" in refused["view"]["prompt"].lower()
    assert refused["view"]["turns"][-1]["accepted"] is False
    seen_by_a = await a.until("state")
    assert REBUTTAL not in json.dumps(seen_by_a) and seen_by_a["view"]["prompt"] == ""

    await b.send(action="reflect", text=VALIDATION)
    state_a, _ = await both_state(a, b)
    assert state_a["view"]["phase"] == "confirming" and state_a["view"]["your_turn"]
    await a.send(action="heard")
    state_a, state_b = await both_state(a, b)
    assert state_b["view"]["your_role"] == "speaker" and state_a["view"]["your_role"] == "listener"

    await b.send(action="share", text=SHARE_B)
    await both_state(a, b)
    await a.send(action="reflect", text=VALIDATION_B)
    await both_state(a, b)
    await b.send(action="heard")
    state_a, state_b = await both_state(a, b)
    for state in (state_a, state_b):
        assert state["view"]["phase"] == "complete"
        assert state["summary"]["complete"] and len(state["summary"]["felt_heard"]) == 2
    await a.close()
    await b.close()

    stored = await _db(lambda: Conversation.objects.get(pk=room.pk))
    assert stored.phase == "complete" and stored.summary["complete"]
    assert stored.summary["positive"] >= 4 and stored.summary["turning_point"] is not None


async def test_each_event_is_stored_before_the_broadcast_and_a_reconnect_gets_everything(personas, room):
    a, b = await open_pair(personas, room)
    await start_round(a, b)
    await b.close()
    await a.send(action="share", text=SHARE)
    state_a = await a.until("state")
    # Stored already: what A was told is what the database holds.
    turns = await _db(lambda: list(ConversationTurn.objects.filter(conversation=room).order_by("index")))
    assert [t.kind for t in turns] == ["topic", "roles", "share"] and turns[-1].text == SHARE
    assert await _db(lambda: ConversationEvent.objects.filter(conversation=room).count()) == 3
    back = Socket(personas.partner_b, room.pk)
    rejoined = await back.open()
    assert rejoined["view"]["turns"] == state_a["view"]["turns"]
    assert rejoined["view"]["phase"] == "reflecting" and rejoined["view"]["your_turn"]
    state = await _db(lambda: load_state(Conversation.objects.get(pk=room.pk)))
    assert len(state.turns) == 3
    await a.close()
    await back.close()


async def test_an_illegal_action_gets_the_reason_only_on_that_socket(personas, room):
    a, b = await open_pair(personas, room)
    await start_round(a, b)
    await b.send(action="share", text="Listener speaking out of turn")
    error = await b.until("error")
    assert error["code"] == "not_your_turn" and "speaker" in error["reason"]
    assert await a.quiet()
    assert await _db(lambda: ConversationEvent.objects.filter(conversation=room).count()) == 2
    await a.close()
    await b.close()


BAD_FRAMES = [
    ("{not json", "bad_json"),
    ("[1, 2]", "bad_frame"),
    (json.dumps({"action": "shout", "text": "hi"}), "unknown_action"),
    (json.dumps({"action": "share", "text": "x" * 2001}), "too_long"),
    (json.dumps({"action": "share", "text": "   "}), "empty"),
    (json.dumps({"action": "roles", "speaker": "the cat"}), "invalid"),
    (json.dumps({"action": "share", "text": "hi", "extra": 1}), "invalid"),
    (json.dumps({"action": "pause", "return_in_minutes": 1}), "bad_return_time"),
]


async def test_bad_frames_get_a_specific_error_and_change_nothing(personas, room):
    a, b = await open_pair(personas, room)
    await start_round(a, b)
    for frame, code in BAD_FRAMES:
        await a.raw(frame)
        error = await a.until("error")
        assert error["code"] == code, (frame, error)
    assert await b.quiet()
    assert await _db(lambda: ConversationEvent.objects.filter(conversation=room).count()) == 2
    await a.close()
    await b.close()


async def test_outsider_therapist_and_forged_room_are_refused(personas, room):
    for user, room_id in ((personas.outsider, room.pk), (personas.therapist, room.pk), (personas.partner_a, 999_999)):
        socket = Socket(user, room_id)
        error = await socket.open()
        assert error == {"type": "error", "code": "not_found", "reason": error["reason"]}
        assert (await socket.communicator.receive_output())["type"] == "websocket.close"
    assert await _db(lambda: ConversationEvent.objects.count()) == 0


async def test_pause_shows_the_break_to_both_and_resume_waits_for_the_minimum(personas, room):
    a, b = await open_pair(personas, room)
    await start_round(a, b)
    await b.send(action="pause")
    state_a, state_b = await both_state(a, b)
    for state in (state_a, state_b):
        assert state["view"]["phase"] == "paused" and state["view"]["return_at"]
        assert state["view"]["paused_by"] == str(personas.partner_b.pk)
    await a.send(action="resume")
    assert (await a.until("error"))["code"] == "too_early"
    await a.close()
    await b.close()


async def _db(function):
    from channels.db import database_sync_to_async

    return await database_sync_to_async(function)()
