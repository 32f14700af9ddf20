"""Two app processes, one SQLite file, one Redis: partners on different processes share a room."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import websockets

REDIS_URL = os.environ.get("TWOFOLD_TEST_REDIS_URL")
pytestmark = [pytest.mark.redis, pytest.mark.skipif(not REDIS_URL, reason="TWOFOLD_TEST_REDIS_URL is not set")]

SETUP = """
import json
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from twofold.accounts.services import create_person
from twofold.conversations.services import start_conversation
from twofold.couples import services

def session(user):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key

a = create_person(email="a@redis.test", display_name="Maya", password="a-long-redis-passphrase-1")
b = create_person(email="b@redis.test", display_name="Jordan", password="a-long-redis-passphrase-1")
couple = services.create_couple(a, "Us")
services.join_couple(b, code=services.open_partner_invite(couple).code)
print(json.dumps({"room": start_conversation(a).pk, "a": session(a), "b": session(b)}))
"""


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    twofold = str(Path(sys.executable).with_name("twofold"))
    server = subprocess.Popen([twofold, "serve", "--port", str(port)], env=env, stdout=log.open("w"),
                              stderr=subprocess.STDOUT)
    base = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"http://{base}/healthz", timeout=1)
            return server, base
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("server did not start: " + log.read_text()) from None
            time.sleep(0.2)


@pytest.fixture
def two_processes(tmp_path):
    env = {**os.environ, "TWOFOLD_DATA_DIR": str(tmp_path), "TWOFOLD_SECRET_KEY": "redis-room-test-" + "x" * 30,
           "TWOFOLD_DEBUG": "false", "TWOFOLD_REDIS_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "twofold.django_settings"}
    env.pop("TWOFOLD_DATABASE_URL", None)
    twofold = str(Path(sys.executable).with_name("twofold"))
    subprocess.run([twofold, "migrate"], env=env, check=True, capture_output=True)
    setup = subprocess.run([sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True)
    ids = json.loads(setup.stdout.strip().splitlines()[-1])
    servers = [_serve(env, tmp_path / f"server{n}.log") for n in (1, 2)]
    yield ids, [base for _, base in servers]
    for server, _ in servers:
        server.terminate()
        server.wait(timeout=10)


async def _open(base: str, room: int, session: str):
    # No client keepalive: a busy CI machine can stall the server's first coach call (model loading)
    # past the ping timeout, which is not what this test is about. Browsers do not ping either.
    socket = await websockets.connect(f"ws://{base}/ws/conversations/{room}/", origin=f"http://{base}",
                                      additional_headers={"Cookie": f"sessionid={session}"}, ping_interval=None)
    first = json.loads(await socket.recv())
    assert first["type"] == "state", first
    return socket


async def _state(socket) -> dict:
    while True:
        frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=90))  # the first turn loads the coach
        if frame["type"] == "state":
            return frame["view"]


#: Longer than redis-py 8's default 5 s read timeout, which once closed every idle room socket.
IDLE_SECONDS = 6


async def _conversation(ids: dict, bases: list[str]) -> list[str]:
    a = await _open(bases[0], ids["room"], ids["a"])
    b = await _open(bases[1], ids["room"], ids["b"])
    await asyncio.sleep(IDLE_SECONDS)  # partners read before they type: the room must survive the silence
    await a.send(json.dumps({"action": "topic", "topic": "Weekends"}))
    assert (await _state(b))["topic"] == "Weekends"
    await a.send(json.dumps({"action": "roles", "speaker": "me"}))
    await _state(b)
    await a.send(json.dumps({"action": "share", "text": "I feel lonely on weekends when you work."}))
    seen = await _state(b)
    assert seen["your_turn"] and seen["phase"] == "reflecting"
    await b.send(json.dumps({"action": "reflect", "text": "It makes sense that you feel lonely when I work."}))
    seen_by_a = await _state(a)
    while seen_by_a["phase"] != "confirming":
        seen_by_a = await _state(a)
    await a.close()
    await b.close()
    return [turn["kind"] for turn in seen_by_a["turns"]]


def test_partners_on_two_processes_see_each_others_turns_in_order(two_processes):
    ids, bases = two_processes
    assert bases[0] != bases[1]
    assert asyncio.run(_conversation(ids, bases)) == ["topic", "roles", "share", "reflection"]
