"""A real server in a subprocess and Debian's Chromium driven by Playwright.

The server gets its own SQLite database in a temporary folder, migrated with the
same CLI a person uses, so these tests see exactly what a person would.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SHORT_PAUSE_MINUTES = 0.05  # 3 seconds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _twofold() -> str:
    return str(Path(sys.executable).with_name("twofold"))


@contextmanager
def serve_app(data_dir: Path, **extra_env: str) -> Iterator[str]:
    """Migrate a fresh SQLite database in ``data_dir``, run `twofold serve` on a free port, yield its base URL."""
    env = {
        **os.environ,
        "TWOFOLD_DATA_DIR": str(data_dir),
        "TWOFOLD_SECRET_KEY": "browser-test-secret-" + "x" * 30,
        "TWOFOLD_DEBUG": "false",
        **extra_env,
    }
    env.pop("TWOFOLD_DATABASE_URL", None)
    subprocess.run([_twofold(), "migrate"], env=env, check=True, capture_output=True)
    port = _free_port()
    log = open(data_dir / "server.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [_twofold(), "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                log.close()
                raise RuntimeError("server did not start: " + (data_dir / "server.log").read_text()) from None
            time.sleep(0.2)
    try:
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory) -> Iterator[str]:
    with serve_app(tmp_path_factory.mktemp("twofold-live")) as base:
        yield base


@pytest.fixture(scope="session")
def live_app_short_pause(tmp_path_factory) -> Iterator[str]:
    """A second server whose shortest break is 3 seconds, so a test can pause and resume."""
    with serve_app(tmp_path_factory.mktemp("twofold-live-pause"),
                   TWOFOLD_PAUSE_MIN_MINUTES=str(SHORT_PAUSE_MINUTES)) as base:
        yield base


@pytest.fixture
def browser():
    """A Chromium per test: Playwright's sync API keeps an asyncio loop running in this thread while it is
    open, which would break any asyncio test that xdist schedules after it on the same worker."""
    if not shutil.which("chromium") and not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """``new_page()`` opens a page in a fresh browser context (a separate person and device)."""
    contexts = []

    def open_page():
        context = browser.new_context()
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
