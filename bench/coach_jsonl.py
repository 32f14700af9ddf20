"""Batch throughput of ``twofold coach --jsonl`` with one and two worker processes (prints numbers; never pass/fail).

    python bench/coach_jsonl.py [--lines 3000] [--runs 2]

Writes a JSONL file of distinct dev and train messages (no repeats, so no
answer comes from the coach's caches; recipients cycle through the four
patterns; never a held-out split), then times the real command
as a subprocess. Each configuration is also timed on a one-line file, and that
start-up (import, model load, spawning workers) is subtracted, so the rate is
messages per second once running. Peak memory is the largest sum of resident
memory over the command and its workers, sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

TARGET = 400
ATTACHMENTS = ("anxious", "avoidant", "disorganized", "secure")


def _command() -> list[str]:
    return [str(Path(sys.executable).with_name("twofold")), "coach", "--jsonl"]


def run(path: Path, workers: int) -> tuple[float, float]:
    """Wall seconds and peak resident MB (command plus workers) for one run."""
    start = time.perf_counter()
    process = psutil.Popen([*_command(), str(path), "--workers", str(workers)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree) / 2**20)
        except psutil.Error:
            pass
        time.sleep(0.05)
    if process.returncode not in (0, 1):
        raise SystemExit(f"twofold coach --jsonl failed with status {process.returncode}")
    return time.perf_counter() - start, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from twofold.coach.corpus import load_split

    texts = list(dict.fromkeys(e.text for split in ("dev", "train") for e in load_split(split)))
    if args.lines > len(texts):
        raise SystemExit(f"--lines can be at most {len(texts)} (the distinct dev and train messages)")
    with tempfile.TemporaryDirectory() as work:
        big, small = Path(work) / "many.jsonl", Path(work) / "one.jsonl"
        rows = zip(texts[: args.lines], itertools.cycle(ATTACHMENTS))
        big.write_text("".join(json.dumps({"text": t, "to": a}) + "\n" for t, a in rows), encoding="utf-8")
        small.write_text(json.dumps({"text": texts[0]}) + "\n", encoding="utf-8")
        print(f"load average at start: {os.getloadavg()[0]:.2f} (1 min); {args.lines} lines of distinct dev and train messages")
        for workers in (1, 2):
            rates, peaks = [], []
            for _ in range(args.runs):
                startup, _ = run(small, workers)
                wall, peak = run(big, workers)
                rates.append(args.lines / max(wall - startup, 1e-6))
                peaks.append(peak)
            print(f"--workers {workers}: {statistics.median(rates):.0f} messages/s once started "
                  f"(runs: {', '.join(f'{r:.0f}' for r in rates)}; start-up {startup:.1f} s; target >= {TARGET}), "
                  f"peak memory {max(peaks):.0f} MB in all")
        print(f"load average at end: {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
