"""Kill the server with SIGKILL while writes are in flight: every acknowledged write survives.

Runs against a real `twofold serve` process: on SQLite always, and on PostgreSQL in a
fresh database when TWOFOLD_TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

TWOFOLD = str(Path(sys.executable).with_name("twofold"))
PG_URL = os.environ.get("TWOFOLD_TEST_DATABASE_URL")
DEMO_EMAIL, DEMO_PASSWORD = "maya@demo.twofold.test", "twofold-demo-2026"
WRITERS = 4


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(data_dir: Path, database_url: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TWOFOLD_", "DJANGO_"))}
    return {**clean, "TWOFOLD_DATA_DIR": str(data_dir), "TWOFOLD_DATABASE_URL": database_url,
            "TWOFOLD_SECRET_KEY": "crash-test-" + "s" * 40, "TWOFOLD_LOGIN_FAILURE_LIMIT": "1000"}


def _start(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen([TWOFOLD, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("server did not start")


def _logged_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=10)
    client.get("/accounts/login/")
    token = client.cookies["csrftoken"]
    response = client.post("/accounts/login/", data={"username": DEMO_EMAIL, "password": DEMO_PASSWORD,
                                                      "csrfmiddlewaretoken": token})
    assert response.status_code == 302, response.text[:300]
    client.headers["X-CSRFToken"] = client.cookies["csrftoken"]
    return client


@contextmanager
def _postgres_database():
    import psycopg

    name = f"twofold_crash_{uuid.uuid4().hex[:8]}"
    admin_url = PG_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def _sqlite_database(data_dir: Path):
    yield f"sqlite:///{data_dir / 'crash.sqlite3'}"


BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.mark.parametrize("backend", BACKENDS)
def test_acknowledged_writes_survive_sigkill(backend, tmp_path):
    database = _postgres_database() if backend == "postgresql" else _sqlite_database(tmp_path)
    with database as database_url:
        env = _env(tmp_path, database_url)
        subprocess.run([TWOFOLD, "migrate"], env=env, check=True, capture_output=True)
        subprocess.run([TWOFOLD, "demo"], env=env, check=True, capture_output=True)
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _start(env, port)

        acknowledged: list[str] = []
        lock = threading.Lock()
        stop = threading.Event()

        def write(worker: int) -> None:
            client = _logged_in(base)
            n = 0
            while not stop.is_set():
                title = f"w{worker}-{n}"
                try:
                    response = client.post("/api/v1/notes", json={"title": title, "body": "in flight", "visibility": "private"})
                except httpx.HTTPError:
                    return
                if response.status_code == 201:
                    with lock:
                        acknowledged.append(title)
                n += 1

        writers = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
        for thread in writers:
            thread.start()
        deadline = time.monotonic() + 20
        while len(acknowledged) < 60 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(server.pid, signal.SIGKILL)  # mid-flight: writers are still sending
        server.wait(timeout=10)
        stop.set()
        for thread in writers:
            thread.join(timeout=15)
        assert len(acknowledged) >= 20

        if backend == "sqlite":
            with sqlite3.connect(tmp_path / "crash.sqlite3") as db:
                assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

        server = _start(env, port)
        try:
            stored = {note["title"] for note in _logged_in(base).get("/api/v1/notes").json()}
        finally:
            server.terminate()
            server.wait(timeout=10)
        missing = set(acknowledged) - stored
        assert not missing, f"{len(missing)} acknowledged writes lost"
