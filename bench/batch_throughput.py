"""Batch analysis throughput and memory (prints numbers; never pass/fail).

    python bench/batch_throughput.py [--messages 200000] [--workers 2] [--rules-only] [--batch-size 512]

Generates a synthetic corpus (JSONL, our own phrase lists, many couples, 6-20
messages a conversation) in a temporary folder, then runs ``run_analysis`` over
it twice, each in a fresh process: in that process alone, and on a local Dask
cluster of ``--workers`` worker processes (started before the clock, so the
numbers are steady-state; the model loads once per worker through the warm-up
plugin). It reports messages per second, the per-worker throughput, a linear
projection for more workers, and peak resident memory (``ru_maxrss``) of the
parent and of each worker. The machine's load average is printed with the
numbers because a shared machine skews them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

OPENERS = ["Hey,", "Honestly,", "Look,", "Okay,", "So,", "Listen,", "Babe,", "Sorry,", "Well,", ""]
BODIES = [
    "you never listen to me when I talk about work",
    "fine, whatever you want",
    "I feel lonely when we do not talk in the evening",
    "thank you for cooking tonight, I really appreciate it",
    "can we take a break and come back to this in twenty minutes",
    "that is not my fault, what about the time you forgot",
    "we are in this together, I am not going anywhere",
    "it makes sense that you feel hurt about the weekend",
    "what is wrong with you, why can you not ever help",
    "I am done talking about this",
    "how was your day, I want to hear about it",
    "I was wrong about the money and I am sorry",
    "it is hard for me to stay open when I feel judged",
    "you always make everything about yourself",
    "can you pick up milk on the way home",
    "I miss you, let us do something together on Saturday",
    "calm down, it is not a big deal",
    "do it my way or do not do it at all",
]
CLOSERS = ["", "", ".", "!", "?", " :)", "...", " ok?", " please.", " honestly."]


def generate(path: Path, messages: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    written = 0
    couple = 0
    start = datetime(2024, 1, 1, 19)
    with path.open("w", encoding="utf-8") as handle:
        while written < messages:
            couple += 1
            names = (f"p{couple:06d}a", f"p{couple:06d}b")
            moment = start + timedelta(days=rng.randint(0, 180))
            for _ in range(rng.randint(1, 4)):
                length = min(rng.randint(6, 20), messages - written)
                if length <= 0:
                    break
                conversation = f"c{couple:06d}-{moment:%Y%m%d%H%M}"
                for turn in range(length):
                    moment += timedelta(seconds=rng.randint(20, 600))
                    text = f"{rng.choice(OPENERS)} {rng.choice(BODIES)}{rng.choice(CLOSERS)}".strip()
                    handle.write(json.dumps({"conversation": conversation, "sender": names[(turn + rng.random() < 0.2) % 2],
                                             "timestamp": moment.isoformat(), "text": text}) + "\n")
                    written += 1
                moment += timedelta(days=rng.randint(1, 9))
    return written


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(mode: str, corpus: Path, out: Path, workers: int, components: str, batch_size: int) -> None:
    from twofold.batch import BATCH_COMPONENTS, BATCH_RULES_ONLY, run_analysis

    chosen = BATCH_RULES_ONLY if components == "rules" else BATCH_COMPONENTS
    result: dict = {"mode": mode}
    if mode == "local":
        from twofold.batch.work import pipeline_for

        pipeline_for(chosen).analyze_many(["warming up the coach"])  # load outside the clock, like the workers
        t = time.perf_counter()
        summary = run_analysis(corpus, out, components=chosen, batch_size=batch_size)
        result["seconds"] = time.perf_counter() - t
    else:
        from distributed import Client, LocalCluster

        from twofold.batch.plugin import WarmCoach

        with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40) as cluster, \
                Client(cluster) as client:
            client.register_plugin(WarmCoach(chosen))
            t = time.perf_counter()
            summary = run_analysis(corpus, out, components=chosen, batch_size=batch_size, scheduler=cluster.scheduler_address)
            result["seconds"] = time.perf_counter() - t
            rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            loads = client.run(lambda: __import__("twofold.batch.work", fromlist=["load_count"]).load_count())
            result["worker_maxrss_mb"] = sorted(rss.values())
            result["worker_model_loads"] = sorted(loads.values())
    result.update(messages=summary.messages, conversations=summary.conversations, chunks=summary.chunks,
                  parent_maxrss_mb=_maxrss_mb())
    print(json.dumps(result))


def _uptime() -> str:
    return "load average: " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + f" ({os.cpu_count()} CPUs)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=512)
    parser.add_argument("--rules-only", action="store_true", help="skip the embedding model")
    parser.add_argument("--project", type=int, nargs="*", default=[4, 8, 16, 32])
    parser.add_argument("--child", choices=["local", "cluster"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    components = "rules" if args.rules_only else "full"
    if args.child:
        child(args.child, args.corpus, args.out, args.workers, components, args.batch_size)
        return

    with tempfile.TemporaryDirectory(prefix="twofold-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        t = time.perf_counter()
        count = generate(corpus, args.messages)
        print(f"corpus: {count:,} messages, {corpus.stat().st_size / 1e6:.1f} MB JSONL, generated in {time.perf_counter() - t:.1f} s")
        print(f"coach: {'rules only' if args.rules_only else 'full pipeline (MiniLM embeddings)'} without rewrites; batch size {args.batch_size}")
        print(f"before: {_uptime()}")
        results = {}
        for mode in ("local", "cluster"):
            command = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus), "--out", str(Path(tmp) / mode),
                       "--workers", str(args.workers), "--batch-size", str(args.batch_size), *(["--rules-only"] if args.rules_only else [])]
            output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            results[mode] = json.loads(output.strip().splitlines()[-1])
            r = results[mode]
            rate = r["messages"] / r["seconds"]
            label = "1 process" if mode == "local" else f"{args.workers}-worker local Dask cluster"
            print(f"{label:28s} {r['messages']:,} messages in {r['seconds']:.1f} s = {rate:,.0f} messages/s "
                  f"({r['chunks']:,} tasks); parent peak RSS {r['parent_maxrss_mb']:.0f} MB"
                  + (f"; worker peak RSS {', '.join(f'{m:.0f}' for m in r['worker_maxrss_mb'])} MB; "
                     f"model loads per worker {r['worker_model_loads']}" if mode == "cluster" else ""))
            print(f"  after {mode}: {_uptime()}")
        local_rate = results["local"]["messages"] / results["local"]["seconds"]
        cluster_rate = results["cluster"]["messages"] / results["cluster"]["seconds"]
        per_worker = cluster_rate / args.workers
        print(f"speed-up {args.workers} workers vs 1 process: {cluster_rate / local_rate:.2f}x; measured per-worker throughput {per_worker:,.0f} messages/s")
        for n in args.project:
            print(f"projection {n:>3d} workers (linear, one core each, same per-worker rate): {n * per_worker:,.0f} messages/s, "
                  f"1,000,000 messages in {1_000_000 / (n * per_worker) / 60:.1f} min")


if __name__ == "__main__":
    main()
