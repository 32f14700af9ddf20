"""Load check: requests per second and p99 latency for the coach API and a page, against a local server.

Starts `twofold serve` on 127.0.0.1 with a fresh SQLite database and the demo data, logs
in as the demo partner, then sends requests from a few client threads for a fixed time.
Prints numbers; never pass/fail. The client runs on the same 2 cores as the server, so
these figures are a floor.

    .venv/bin/python bench/load_http.py [--seconds 20] [--clients 4] [--workers 1]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

TWOFOLD = str(Path(sys.executable).with_name("twofold"))
MESSAGES = [
    "You never listen to me, it's always about you.",
    "I felt lonely on Saturday and I miss our mornings together.",
    "Thanks for picking up the kids today, that really helped.",
    "Whatever. Do what you want.",
    "Can we take twenty minutes and come back to this after dinner?",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    client.get("/accounts/login/")
    client.post("/accounts/login/", data={"username": "maya@demo.twofold.test", "password": "twofold-demo-2026",
                                          "csrfmiddlewaretoken": client.cookies["csrftoken"]})
    client.headers["X-CSRFToken"] = client.cookies["csrftoken"]
    return client


def hammer(base: str, target: str, seconds: float, clients: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def run(index: int) -> None:
        nonlocal errors
        client = log_in(base)
        home = client.get("/home/", follow_redirects=False).headers.get("location", "/home/")
        n = index
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            if target == "coach":
                response = client.post("/api/v1/coach/analyze", json={"text": MESSAGES[n % len(MESSAGES)]})
            else:
                response = client.get(home)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if response.status_code != 200:
                    errors += 1
            n += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - began
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "rps": len(ordered) / wall,
        "p50_ms": statistics.median(ordered) * 1000,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TWOFOLD_")}
        env.update(TWOFOLD_DATA_DIR=data_dir, TWOFOLD_SECRET_KEY="load-check-" + "k" * 40, TWOFOLD_LOGIN_FAILURE_LIMIT="1000")
        subprocess.run([TWOFOLD, "migrate"], env=env, check=True, capture_output=True)
        subprocess.run([TWOFOLD, "demo"], env=env, check=True, capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([TWOFOLD, "serve", "--port", str(port), "--workers", str(args.workers)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(150):
                try:
                    httpx.get(base + "/healthz", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.2)
            log_in(base).post("/api/v1/coach/analyze", json={"text": "warm-up"})  # loads the model once
            print(f"load average before: {os.getloadavg()[0]:.2f}; {args.clients} clients, {args.workers} worker(s), {args.seconds:.0f} s each")
            for target in ("coach", "page"):
                r = hammer(base, target, args.seconds, args.clients)
                print(f"{target:5s}  {r['requests']:6d} requests  {r['rps']:7.1f} req/s  p50 {r['p50_ms']:7.1f} ms  "
                      f"p99 {r['p99_ms']:7.1f} ms  errors {r['errors']}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
