"""Coach speed and memory (prints numbers; never pass/fail).

    python bench/coach_speed.py [--n 300]

Targets (issue 4): p50 <= 5 ms and p99 <= 15 ms per message with embeddings,
<= 0.5 ms rules-only; >= 400 messages/s in batch; import + model load <= 1.5 s;
resident memory <= 400 MB. Messages are the dev split (never the test split).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

BATCH_PASSES = 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()

    start = time.perf_counter()
    from twofold.coach import DEFAULT_COMPONENTS, RULES_ONLY, analyze, analyze_many
    from twofold.coach.corpus import load_split

    analyze("warm up the tokeniser, rules and model", components=DEFAULT_COMPONENTS)
    load_s = time.perf_counter() - start
    texts = [e.text for e in load_split("dev")][: args.n]
    no_rewrite = tuple(c for c in DEFAULT_COMPONENTS if c != "coach.rewrite.v1")

    from twofold.coach.pipeline import forget_recent as clear_cache  # every measurement starts cold

    def per_message(components) -> tuple[float, float]:
        clear_cache()
        times = []
        for text in texts:
            t = time.perf_counter()
            analyze(text, components=components)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        return statistics.median(times), times[int(len(times) * 0.99) - 1]

    print(f"load average at start: {os.getloadavg()[0]:.2f} (1 min)")
    print(f"import + model load + first analysis: {load_s:.2f} s (target <= 1.5 s)")
    for name, components in (("full pipeline", DEFAULT_COMPONENTS), ("without rewrite", no_rewrite), ("rules only", RULES_ONLY)):
        p50, p99 = per_message(components)
        print(f"{name:16s} per message: p50 {p50:.2f} ms, p99 {p99:.2f} ms ({len(texts)} dev messages)")
    for name, components in (("full pipeline", DEFAULT_COMPONENTS), ("without rewrite", no_rewrite), ("rules only", RULES_ONLY)):
        rates = []
        for _ in range(BATCH_PASSES):  # one pass is under a second: report the median of several, cold each time
            clear_cache()
            t = time.perf_counter()
            for begin in range(0, len(texts), 64):
                analyze_many(texts[begin : begin + 64], components=components)
            rates.append(len(texts) / (time.perf_counter() - t))
        print(f"{name:16s} batch: {statistics.median(rates):.0f} messages/s, median of {BATCH_PASSES} passes "
              f"({min(rates):.0f}-{max(rates):.0f}) (target >= 400)")
    print(f"load average at end: {os.getloadavg()[0]:.2f} (1 min)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {rss:.0f} MB (target <= 400 MB)")
    encoder_against_baseline(texts)


def encoder_against_baseline(texts: list[str]) -> None:
    """Our encoder against a sentence-transformers-style one, one message at a time.

    The baseline is what the packages give out of the box: the packaged model
    (float computation) on all threads with the shipped tokenizer settings (every
    text padded to 128 tokens). Measured after the memory figure, so it does not inflate it.
    """
    import numpy as np
    from tokenizers import Tokenizer

    from twofold.coach.embed import MODEL_DIR, Encoder, adapter_path, load_encoder, packaged_model_path, tokenizer_path

    ours = load_encoder(adapter_path(MODEL_DIR))  # the encoder the heads read
    if ours is None:
        return
    baseline = Encoder(packaged_model_path(), tokenizer_path(), small_batch=0)  # every batch on all threads
    baseline.tokenizer = Tokenizer.from_file(str(tokenizer_path()))  # shipped padding and truncation

    def p50(encoder) -> float:
        times = []
        for text in texts:
            out = np.zeros((1, 384), dtype=np.float32)
            t = time.perf_counter()
            encoder._encode_into([text], [0], out)
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    mine, theirs = p50(ours), p50(baseline)
    print(f"encoder alone per message: ours p50 {mine:.2f} ms, sentence-transformers-style baseline "
          f"p50 {theirs:.2f} ms: {theirs / mine:.1f}x faster")


if __name__ == "__main__":
    main()
