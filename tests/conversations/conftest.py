"""Helpers for the live room: sockets for the personas, frames in order.

``channels.testing`` imports daphne (not installed), so the socket drives the
ASGI app with asgiref's ``ApplicationCommunicator``, as channels' own helper does.
"""

from __future__ import annotations

import json

import pytest
from asgiref.testing import ApplicationCommunicator
from channels.routing import URLRouter

from twofold.conversations.routing import websocket_urlpatterns

ROOM_APP = URLRouter(websocket_urlpatterns)


@pytest.fixture
def anyio_backend():
    return "asyncio"


class Socket:
    """One person's socket on the room, with the frames it received so far."""

    def __init__(self, user, conversation_id: int, app=ROOM_APP, headers=()) -> None:
        path = f"/ws/conversations/{conversation_id}/"
        scope = {"type": "websocket", "path": path, "query_string": b"", "headers": list(headers),
                 "subprotocols": []}
        if user is not None:
            scope |= {"user": user, "session": {}}
        self.communicator = ApplicationCommunicator(app, scope)
        self.received: list[dict] = []

    async def open(self) -> dict:
        await self.communicator.send_input({"type": "websocket.connect"})
        response = await self.communicator.receive_output(5)
        assert response["type"] == "websocket.accept", response
        return await self.next()

    async def next(self, timeout: float = 5) -> dict:
        message = await self.communicator.receive_output(timeout)
        assert message["type"] == "websocket.send", message
        frame = json.loads(message["text"])
        self.received.append(frame)
        return frame

    async def until(self, kind: str, timeout: float = 5) -> dict:
        while True:
            frame = await self.next(timeout)
            if frame["type"] == kind:
                return frame

    async def send(self, **frame) -> None:
        await self.raw(json.dumps(frame))

    async def raw(self, text: str) -> None:
        await self.communicator.send_input({"type": "websocket.receive", "text": text})

    async def quiet(self) -> bool:
        return await self.communicator.receive_nothing(timeout=0.3)

    async def close(self) -> None:
        await self.communicator.send_input({"type": "websocket.disconnect", "code": 1000})
        await self.communicator.wait(2)


@pytest.fixture
def room(personas):
    from twofold.conversations.services import start_conversation

    return start_conversation(personas.partner_a)
