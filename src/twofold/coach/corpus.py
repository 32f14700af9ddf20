"""The labelled corpus: read ``data/coach/raw/*.jsonl``, validate, split, write.

The split is a deterministic function of each example's id (sha256 of the id,
modulo 100: 0-69 train, 70-79 dev, 80-99 test), so adding examples never moves
an existing one between splits. Ids starting with :data:`TRAIN_ONLY_PREFIX`
(messages written later to train on) all go to train, so the frozen test split
stays as it is. Rules and thresholds are developed on train and dev only; the
test split is read for the final numbers and nothing else.

``holdout2.jsonl`` is a second held-out set, written in one go by someone who
had not seen the model or the other splits; like the test split it is only
ever scored (``twofold coach eval --split holdout2``).

Rebuild with ``python -m twofold.coach.corpus`` (prints the counts).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from twofold.coach.labels import LABELS

SPLITS: tuple[str, ...] = ("train", "dev", "test")
HELD_OUT: tuple[str, ...] = ("test", "holdout2")
KNOWN_SPLITS: tuple[str, ...] = (*SPLITS, "holdout2")
TRAIN_ONLY_PREFIX = "tx"
DATA_DIR = Path(__file__).resolve().parents[3] / "data" / "coach"


class CorpusError(ValueError):
    """A corpus line is malformed; the message names the file and line."""


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    labels: tuple[str, ...]

    def to_json(self) -> str:
        return json.dumps({"id": self.id, "text": self.text, "labels": list(self.labels)}, ensure_ascii=False)


def parse_line(line: str, where: str) -> Example:
    """Validate one JSONL line into an :class:`Example`."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{where}: not JSON ({exc.msg})") from exc
    if not isinstance(raw, dict):
        raise CorpusError(f"{where}: expected an object")
    ident, text, labels = raw.get("id"), raw.get("text"), raw.get("labels")
    if not isinstance(ident, str) or not ident.strip():
        raise CorpusError(f"{where}: 'id' must be a non-empty string")
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: 'text' must be a non-empty string")
    if not isinstance(labels, list) or any(not isinstance(label, str) for label in labels):
        raise CorpusError(f"{where}: 'labels' must be a list of label ids")
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise CorpusError(f"{where}: unknown labels {unknown}")
    ordered = tuple(label for label in LABELS if label in labels)
    return Example(ident, text, ordered)


def read_jsonl(path: Path) -> Iterator[Example]:
    """Examples of one JSONL file, validated line by line (blank lines skipped)."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                yield parse_line(line, f"{path.name}:{number}")


def read_raw(raw_dir: Path) -> list[Example]:
    """All raw examples, in id order; duplicate ids are an error."""
    examples: dict[str, Example] = {}
    for path in sorted(raw_dir.glob("*.jsonl")):
        for example in read_jsonl(path):
            if example.id in examples:
                raise CorpusError(f"{path.name}: duplicate id {example.id!r}")
            examples[example.id] = example
    return [examples[key] for key in sorted(examples)]


def split_of(example_id: str) -> str:
    """Which split an id belongs to (about 70/10/20; train-only ids to train)."""
    if example_id.startswith(TRAIN_ONLY_PREFIX):
        return "train"
    bucket = int(hashlib.sha256(example_id.encode("utf-8")).hexdigest(), 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 80 else "test"


def write_splits(examples: Iterable[Example], out_dir: Path) -> dict[str, int]:
    """Write train/dev/test JSONL files and the test split's sha256; return counts."""
    groups: dict[str, list[Example]] = {name: [] for name in SPLITS}
    for example in examples:
        groups[split_of(example.id)].append(example)
    for name, items in groups.items():
        body = "".join(item.to_json() + "\n" for item in items)
        (out_dir / f"{name}.jsonl").write_text(body, encoding="utf-8")
    digest = hashlib.sha256((out_dir / "test.jsonl").read_bytes()).hexdigest()
    (out_dir / "test_split.sha256").write_text(digest + "\n", encoding="utf-8")
    return {name: len(items) for name, items in groups.items()}


def load_split(name: str, data_dir: Path = DATA_DIR) -> list[Example]:
    """One written split, or the second held-out set."""
    if name not in KNOWN_SPLITS:
        raise ValueError(f"unknown split {name!r}; known: {', '.join(KNOWN_SPLITS)}")
    return list(read_jsonl(data_dir / f"{name}.jsonl"))


def main() -> None:
    examples = read_raw(DATA_DIR / "raw")
    counts = write_splits(examples, DATA_DIR)
    per_label = Counter(label for example in examples for label in example.labels)
    print(f"{len(examples)} examples: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(", ".join(f"{label} {per_label[label]}" for label in LABELS))


if __name__ == "__main__":
    main()
