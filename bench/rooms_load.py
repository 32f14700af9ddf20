"""Load check for the live lean-in room: N couples exchanging turns over WebSockets.

Starts `twofold serve` on 127.0.0.1 with a fresh SQLite database in a temporary
folder, creates N couples through the Django services in this process (same
database), gives both partners a session (written with Django's session store,
as tests/conversations/test_redis_rooms.py does, or with --http-login through the
real login form), then opens 2N sockets with the ``websockets`` client and, for
--seconds, has every room follow the protocol as fast as it can: topic, roles,
share, reflect (a validating sentence), "I feel heard", switch, share, reflect,
"I feel heard"; then a new conversation (POST /conversations/start/) and again.

Per-turn latency runs from the moment one partner sends a frame to the moment the
other partner's socket receives the state that holds the new turn. At the end the
database is queried: every turn a partner saw must be stored (zero lost turns).

Prints numbers; never pass/fail. Loopback only. The client shares the same cores as
the server, and the coach analyses every shared or reflected turn (a model call),
so the figures are bounded by the coach and are a floor.

    .venv/bin/python bench/rooms_load.py [--rooms 100] [--seconds 60] [--workers 1 --redis]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import websockets

TWOFOLD = str(Path(sys.executable).with_name("twofold"))
PASSWORD = "a-long-bench-passphrase-1"
REDIS_URL = "redis://127.0.0.1:6379/14"
ACTION_TIMEOUT = 120.0  # seconds one frame may take to reach the partner before it counts as a timeout
# Varied turns: the coach keeps its last 256 analyses, so a fixed sentence would be analysed
# once and then served from that cache. These 388 distinct texts cycle in order (an LRU of 256
# always misses), so every share and reflection costs a real coach analysis. Pairs the coach
# reads as a safety concern or as a non-validating reflection on this model are left out.
FEELINGS = ["lonely", "left out", "sad", "worried", "tired", "unsure", "disappointed", "uneasy", "low",
            "frustrated", "anxious"]
SITUATIONS = ["on weekends when you work", "when plans change at the last minute", "when we eat dinner in silence",
              "when chores pile up on my side", "when we skip our walk", "when money talk turns into a lecture",
              "when the morning is rushed", "when our evenings go by without a chat", "when we both scroll in bed"]
SKIP = {("lonely", "when plans change at the last minute"), ("unsure", "when we both scroll in bed")}
SHARE_FORMS = ["I feel {f} {s}.", "Lately I feel {f} {s}."]
REFLECT_FORMS = ["It makes sense that you feel {f} {s}.", "I hear that you feel {f} {s}, and that makes sense."]
TURN_TEXTS = [
    (SHARE_FORMS[form].format(f=f, s=s), REFLECT_FORMS[form].format(f=f, s=s))
    for form in (0, 1) for f in FEELINGS for s in SITUATIONS if (f, s) not in SKIP
]
TOPICS = ["Feeling alone on weekends", "Our evenings", "Chores", "Plans and changes", "Money talk", "Mornings"]
_next_text = itertools.count()


def round_script(room: int) -> list[tuple[int, dict]]:
    """One full round: (who acts: 0 = A, 1 = B, frame)."""
    share_a, reflect_b = TURN_TEXTS[next(_next_text) % len(TURN_TEXTS)]
    share_b, reflect_a = TURN_TEXTS[next(_next_text) % len(TURN_TEXTS)]
    return [
        (0, {"action": "topic", "topic": TOPICS[room % len(TOPICS)]}),
        (0, {"action": "roles", "speaker": "me"}),
        (0, {"action": "share", "text": share_a}),
        (1, {"action": "reflect", "text": reflect_b}),
        (0, {"action": "heard"}),
        (1, {"action": "share", "text": share_b}),
        (0, {"action": "reflect", "text": reflect_a}),
        (1, {"action": "heard"}),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} cores)"


# ---- set-up in this process, against the server's database -------------------------------


@dataclass(frozen=True)
class Couple:
    a_email: str
    b_email: str
    a_session: str
    b_session: str


def make_couples(rooms: int) -> list[Couple]:
    """Create the people and couples with the project's own services; return a session per partner."""
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connections

    from twofold.accounts.models import User
    from twofold.couples import services

    hashed = make_password(PASSWORD)  # one Argon2 hash shared by everyone: hashing 2N times would take minutes

    def person(email: str, name: str) -> User:
        user = User.objects.create_user(email=email, password=None, display_name=name)
        user.password = hashed
        user.save(update_fields=["password"])
        return user

    def session(user: User) -> str:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    couples = []
    for n in range(rooms):
        a = person(f"a{n}@rooms.bench", f"Maya{n}")
        b = person(f"b{n}@rooms.bench", f"Jordan{n}")
        couple = services.create_couple(a, f"Bench {n}")
        services.join_couple(b, code=services.open_partner_invite(couple).code)
        couples.append(Couple(a.email, b.email, session(a), session(b)))
    connections.close_all()
    return couples


def stored_turns() -> tuple[int, int, Counter]:
    """Turn rows, conversations and conversations by phase, read from the database after the run."""
    from django.db import connections
    from django.db.models import Count

    from twofold.conversations.models import Conversation, ConversationTurn

    turns = ConversationTurn.objects.count()
    phases = Counter(dict(Conversation.objects.values_list("phase").annotate(n=Count("id"))))
    connections.close_all()
    return turns, sum(phases.values()), phases


# ---- the load ------------------------------------------------------------------------------


@dataclass
class Stats:
    sent: int = 0
    seen_by_partner: int = 0
    rejected: int = 0
    timeouts: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    rounds_complete: int = 0
    conversations: int = 0
    private: int = 0  # stored but shown to the author only (a declined reflection, a safety pause)
    ends: int = 0  # "end" frames sent to close a conversation that fell out of step (counted in sent)


class Peer:
    """One partner's socket; a reader task keeps the latest state and when each turn count first arrived."""

    def __init__(self, ws, changed: asyncio.Event, stats: Stats) -> None:
        self.ws = ws
        self.changed = changed
        self.stats = stats
        self.turns = 0
        self.phase = ""
        self.rejections = 0
        self.declined = 0
        self.seen_at: dict[int, float] = {}
        self.reader = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, host: str, room: int, session: str, changed: asyncio.Event, stats: Stats) -> Peer:
        ws = await websockets.connect(f"ws://{host}/ws/conversations/{room}/", origin=f"http://{host}",
                                      additional_headers={"Cookie": f"sessionid={session}"},
                                      open_timeout=ACTION_TIMEOUT, max_size=2**22)
        return cls(ws, changed, stats)

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                now = time.perf_counter()
                frame = json.loads(raw)
                if frame["type"] == "state":
                    view = frame["view"]
                    self.phase = view["phase"]
                    count = len(view["turns"])
                    for n in range(self.turns + 1, count + 1):
                        self.seen_at.setdefault(n, now)
                    if count > self.turns and view["turns"][-1]["accepted"] is False:
                        self.declined += 1  # the coach asked for another try; only the author sees it
                    self.turns = max(self.turns, count)
                elif frame["type"] == "error":
                    self.rejections += 1
                    self.stats.errors[f"rejected:{frame['code']}"] += 1
                elif frame["type"] == "safety":
                    self.stats.errors["safety_resources_shown"] += 1
                self.changed.set()
        except websockets.ConnectionClosed as exc:
            if exc.rcvd is None or exc.rcvd.code != 1000:
                self.stats.errors["socket_closed"] += 1
        finally:
            self.changed.set()

    async def send(self, frame: dict) -> None:
        await self.ws.send(json.dumps(frame))

    async def close(self) -> None:
        await self.ws.close()
        await self.reader


async def wait_until(changed: asyncio.Event, predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        changed.clear()
        if predicate():
            break
        try:
            await asyncio.wait_for(changed.wait(), timeout=left)
        except TimeoutError:
            return predicate()
    return True


async def start_conversation(client: httpx.AsyncClient) -> int:
    if "csrftoken" not in client.cookies:
        await client.get("/conversations/")
    token = client.cookies["csrftoken"]
    response = await client.post("/conversations/start/", data={"csrfmiddlewaretoken": token},
                                 headers={"X-CSRFToken": token})
    location = response.headers.get("location", "")
    parts = [p for p in location.split("/") if p]
    if response.status_code != 302 or len(parts) != 2 or not parts[1].isdigit():
        raise RuntimeError(f"could not start a conversation: {response.status_code} {location!r}")
    return int(parts[1])


async def http_client(base: str, couple: Couple, which: int, http_login: bool) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, timeout=ACTION_TIMEOUT, follow_redirects=False)
    if not http_login:
        client.cookies.set("sessionid", couple.b_session if which else couple.a_session, domain="127.0.0.1")
        return client
    await client.get("/accounts/login/")
    response = await client.post("/accounts/login/", data={
        "username": couple.b_email if which else couple.a_email, "password": PASSWORD,
        "csrfmiddlewaretoken": client.cookies["csrftoken"]})
    if response.status_code != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"login failed for couple {couple.a_email}: {response.status_code}")
    return client


async def run_room(index: int, host: str, couple: Couple, clients: list[httpx.AsyncClient], deadline: float,
                   stats: Stats) -> None:
    sessions = [clients[0].cookies["sessionid"], clients[1].cookies["sessionid"]]
    while time.monotonic() < deadline:
        try:
            room = await start_conversation(clients[0])
        except (httpx.HTTPError, RuntimeError) as exc:
            stats.errors[f"start:{type(exc).__name__}"] += 1
            await asyncio.sleep(1)
            continue
        stats.conversations += 1
        changed = asyncio.Event()
        try:
            peers = [await Peer.open(host, room, s, changed, stats) for s in sessions]
        except (OSError, websockets.WebSocketException, TimeoutError) as exc:
            stats.errors[f"connect:{type(exc).__name__}"] += 1
            await asyncio.sleep(1)
            continue
        if not await wait_until(changed, lambda: all(p.phase for p in peers), ACTION_TIMEOUT):
            stats.errors["no_initial_state"] += 1
        turns = peers[0].turns
        finished = True
        for who, frame in round_script(index):
            if time.monotonic() >= deadline:
                finished = False
                break
            actor, partner = peers[who], peers[1 - who]
            rejections, declined = actor.rejections, actor.declined
            stats.sent += 1
            began = time.perf_counter()
            await actor.send(frame)
            arrived = await wait_until(
                changed, lambda: partner.turns > turns or actor.rejections > rejections
                or actor.declined > declined or partner.phase == "paused", ACTION_TIMEOUT)
            if actor.rejections > rejections:
                stats.rejected += 1
                finished = False
                break
            if actor.declined > declined or partner.phase == "paused":
                stats.errors["coach_declined_reflection" if actor.declined > declined else "safety_pause"] += 1
                stats.private += 1
                finished = False
                break
            if not arrived:
                stats.timeouts += 1
                finished = False
                break
            turns += 1
            stats.seen_by_partner += 1
            stats.latencies.append(partner.seen_at[turns] - began)
            await wait_until(changed, lambda: actor.turns >= turns, ACTION_TIMEOUT)  # the author's own echo
        if finished:
            stats.rounds_complete += 1
        elif time.monotonic() < deadline:
            stats.sent += 1
            stats.ends += 1
            await peers[0].send({"action": "end"})  # out of step: close this conversation, start afresh
            await wait_until(changed, lambda: peers[0].phase == "ended", ACTION_TIMEOUT)
        for peer in peers:
            await peer.close()


async def warm_up(base: str, couple: Couple, workers: int) -> float:
    """Load the coach model in each worker (the first analysis is slow) before the clock starts."""
    began = time.perf_counter()
    client = await http_client(base, couple, 0, http_login=False)
    await client.get("/conversations/")
    client.headers["X-CSRFToken"] = client.cookies.get("csrftoken", "")
    calls = [client.post("/api/v1/coach/analyze", json={"text": "I feel tired tonight."}, timeout=300)
             for _ in range(max(2, workers * 3))]
    answers = await asyncio.gather(*calls, return_exceptions=True)
    await client.aclose()
    failed = [a for a in answers if isinstance(a, BaseException) or a.status_code != 200]
    if failed:
        print(f"warm-up: {len(failed)} of {len(answers)} coach calls failed: {failed[0]!r}")
    return time.perf_counter() - began


async def run_load(base: str, couples: list[Couple], seconds: float, workers: int,
                   http_login: bool) -> tuple[Stats, float, float, float]:
    host = base.removeprefix("http://")
    warm = await warm_up(base, couples[0], workers)
    began = time.perf_counter()
    login_limit = asyncio.Semaphore(4)

    async def clients_for(couple: Couple) -> list[httpx.AsyncClient]:
        async with login_limit:
            return [await http_client(base, couple, which, http_login) for which in (0, 1)]

    all_clients = await asyncio.gather(*(clients_for(c) for c in couples))
    login_seconds = time.perf_counter() - began
    stats = Stats()
    began = time.monotonic()
    deadline = began + seconds
    await asyncio.gather(*(run_room(n, host, c, cl, deadline, stats) for n, (c, cl) in enumerate(zip(couples, all_clients))))
    wall = time.monotonic() - began
    for pair in all_clients:
        for client in pair:
            await client.aclose()
    return stats, warm, login_seconds, wall


# ---- the server ------------------------------------------------------------------------------


def start_server(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen([TWOFOLD, "serve", "--port", str(port), "--workers", str(workers)], env=env,
                              stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except httpx.HTTPError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("server did not start: " + log.read_text()) from None
            time.sleep(0.2)


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rooms", type=int, default=100, help="couples, each in one room (1-500; default 100)")
    parser.add_argument("--seconds", type=float, default=60, help="how long rooms exchange turns (1-600; default 60)")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes (more than 1 needs --redis)")
    parser.add_argument("--redis", action="store_true", help=f"use the Redis channel layer at {REDIS_URL}")
    parser.add_argument("--http-login", action="store_true",
                        help="log every partner in through the login form (one Argon2 check each: slow)")
    args = parser.parse_args()
    if not 1 <= args.rooms <= 500 or not 1 <= args.seconds <= 600 or not 1 <= args.workers <= 8:
        parser.error("--rooms must be 1-500, --seconds 1-600, --workers 1-8")
    if args.workers > 1 and not args.redis:
        parser.error("with several workers the partners of a room may land on different processes: add --redis")

    print(f"load average at start: {load_average()}")
    data_dir = Path(tempfile.mkdtemp(prefix="twofold-rooms-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFOLD_")}
    env.update(TWOFOLD_DATA_DIR=str(data_dir), TWOFOLD_SECRET_KEY="rooms-load-" + "k" * 40,
               TWOFOLD_DEBUG="false", TWOFOLD_LOGIN_FAILURE_LIMIT="1000",
               DJANGO_SETTINGS_MODULE="twofold.django_settings")
    if args.redis:
        env["TWOFOLD_REDIS_URL"] = REDIS_URL
    for name in [k for k in os.environ if k.startswith("TWOFOLD_")]:
        del os.environ[name]
    os.environ.update(env)  # before django.setup(): this process writes the same SQLite file as the server
    server = None
    try:
        subprocess.run([TWOFOLD, "migrate"], env=env, check=True, capture_output=True)
        began = time.perf_counter()
        couples = make_couples(args.rooms)
        print(f"{args.rooms} couples created in {time.perf_counter() - began:.1f} s; SQLite in {data_dir}")
        port = free_port()
        server = start_server(env, port, args.workers, data_dir / "server.log")
        base = f"http://127.0.0.1:{port}"
        stats, warm, login_s, wall = asyncio.run(
            run_load(base, couples, args.seconds, args.workers, args.http_login))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    turns, conversations, phases = stored_turns()
    load_end = load_average()

    channel = "redis" if args.redis else "in-memory"
    login = "login form over HTTP" if args.http_login else "sessions written by the bench"
    print(f"server: {args.workers} worker(s), {channel} channel layer, SQLite; {login} ({login_s:.1f} s); "
          f"coach warm-up {warm:.1f} s")
    print(f"{args.rooms} rooms, {2 * args.rooms} sockets, {wall:.1f} s of turns "
          f"({args.seconds:.0f} s asked, plus the last turns in flight)")
    ordered = sorted(stats.latencies)
    if ordered:
        print(f"turns: {stats.sent} sent, {stats.seen_by_partner} seen by the partner "
              f"({stats.seen_by_partner / wall:.1f} turns/s), {stats.rejected} rejected, {stats.timeouts} timed out, "
              f"{stats.ends} 'end' to recover")
        print(f"turn latency (send -> partner's state): p50 {statistics.median(ordered) * 1000:.0f} ms  "
              f"p99 {percentile(ordered, 0.99) * 1000:.0f} ms  max {ordered[-1] * 1000:.0f} ms  "
              f"min {ordered[0] * 1000:.0f} ms")
    else:
        print(f"turns: {stats.sent} sent, none seen by a partner")
    print(f"conversations: {stats.conversations} opened, {stats.rounds_complete} full rounds (both heard); "
          f"in the database {conversations} by phase {dict(phases)}")
    expected = stats.sent - stats.rejected
    print(f"stored turns: {turns} in the database; sent and not rejected: {expected} "
          f"(not stored: {max(expected - turns, 0)}); seen by a partner and not stored (lost): "
          f"{max(stats.seen_by_partner - turns, 0)}")
    print(f"errors: {dict(stats.errors) or 'none'}")
    print(f"load average at end: {load_end}")
    if stats.errors or stats.timeouts or turns < expected:
        print(f"server log kept: {data_dir / 'server.log'} (last lines below)")
        print("\n".join((data_dir / "server.log").read_text().splitlines()[-15:]))
    else:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
