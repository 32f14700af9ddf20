"""The live room: a thin WebSocket shell over :mod:`twofold.conversations.services`.

Each accepted action is stored first; then the room is told that something
changed, and every socket sends its own person the view that person may see.
Errors, coaching nudges and safety resources go to one socket only.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django_otp import DEVICE_ID_SESSION_KEY

from twofold.accounts.two_factor import has_two_factor
from twofold.conversations import frames, present, services

CLOSE_NOT_FOUND = 4404


def group_name(conversation_id: int) -> str:
    return f"conversation.{conversation_id}"


class RoomConsumer(AsyncWebsocketConsumer):
    conversation_id: int

    async def connect(self) -> None:
        await self.accept()
        self.conversation_id = int(self.scope["url_route"]["kwargs"]["conversation_id"])
        user = self.scope.get("user")
        try:
            await database_sync_to_async(self._check_access)(user)
        except services.ConversationError as exc:
            await self._send_error(exc.code, exc.reason)
            await self.close(code=CLOSE_NOT_FOUND)
            return
        self.user = user
        await self.channel_layer.group_add(group_name(self.conversation_id), self.channel_name)
        await self._send_state(with_resources=True)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "user"):
            await self.channel_layer.group_discard(group_name(self.conversation_id), self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not hasattr(self, "user"):
            return
        try:
            action = frames.parse_frame(text_data)
            outcome = await database_sync_to_async(services.act)(self.user, self.conversation_id, action)
        except (frames.FrameError, services.ConversationError) as exc:
            await self._send_error(exc.code, exc.reason)
            return
        if outcome.resources is not None:
            await self._send({"type": "safety", "resources": asdict(outcome.resources)})
        if outcome.nudges:
            await self._send({"type": "coach", "nudges": [asdict(nudge) for nudge in outcome.nudges]})
        await self.channel_layer.group_send(group_name(self.conversation_id), {"type": "room.changed"})

    async def room_changed(self, message: dict[str, Any]) -> None:
        await self._send_state(with_resources=False)

    # ---- helpers -------------------------------------------------------------------------

    def _check_access(self, user) -> None:
        if user is None or not user.is_authenticated:
            raise services.ConversationError("not_logged_in", "log in to join a conversation")
        if has_two_factor(user) and not self.scope["session"].get(DEVICE_ID_SESSION_KEY):
            raise services.ConversationError("two_factor", "enter your two-factor code first")
        services.room_for(user, self.conversation_id)

    def _view(self, with_resources: bool) -> list[dict[str, Any]]:
        conversation, state, view = services.room_view(self.user, self.conversation_id)
        names = services.names_of(conversation)
        out: list[dict[str, Any]] = [{"type": "state", "view": frames.view_json(view, names)}]
        if state.is_over:
            summary = present.summary_lines(services.summary_json(state), names)
            out[0]["summary"] = asdict(summary) if summary is not None else None
        resources = services.safety_resources_for(state, self.user) if with_resources else None
        if resources is not None:
            out.append({"type": "safety", "resources": asdict(resources)})
        return out

    async def _send_state(self, *, with_resources: bool) -> None:
        try:
            messages = await database_sync_to_async(self._view)(with_resources)
        except services.ConversationError as exc:  # left the couple meanwhile
            await self._send_error(exc.code, exc.reason)
            await self.close(code=CLOSE_NOT_FOUND)
            return
        for message in messages:
            await self._send(message)

    async def _send_error(self, code: str, reason: str) -> None:
        await self._send({"type": "error", "code": code, "reason": reason})

    async def _send(self, message: dict[str, Any]) -> None:
        await self.send(text_data=frames.dumps(message))
