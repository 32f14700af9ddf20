import hashlib
import json
import re

import pytest

from twofold.coach.corpus import (
    DATA_DIR, HELD_OUT, TRAIN_ONLY_PREFIX, CorpusError, load_split, parse_line, read_raw, split_of, write_splits,
)
from twofold.coach.rules import RuleFileError, load_rule_file


#: The test split as first written; changing it is a deliberate edit of this line, never a side effect.
FROZEN_TEST_SHA256 = "920c201d7d91a3b435d09fc1fa581ad7c98f51571081893fe88bc64ed2205534"


def test_test_split_is_frozen():
    assert hashlib.sha256((DATA_DIR / "test.jsonl").read_bytes()).hexdigest() == FROZEN_TEST_SHA256
    assert (DATA_DIR / "test_split.sha256").read_text().strip() == FROZEN_TEST_SHA256


#: The second held-out set, written blind to the model in one go; it is scored, never edited.
FROZEN_HOLDOUT2_SHA256 = "b4a6038a17d033c45b440e57cbd3a413efc3ef55726dff5eef310f99774cd74d"


def test_the_second_held_out_set_is_frozen_and_valid():
    assert hashlib.sha256((DATA_DIR / "holdout2.jsonl").read_bytes()).hexdigest() == FROZEN_HOLDOUT2_SHA256
    held_out = load_split("holdout2")
    assert len(held_out) == 480 and len({e.id for e in held_out}) == 480
    known = {e.text.casefold() for split in ("train", "dev", "test") for e in load_split(split)}
    # written blind, two very short messages ("whatever", "I have nothing to say to you.") match corpus ones
    assert {e.id for e in held_out if e.text.casefold() in known} <= {"h2-00122", "h2-00447"}


def _words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z0-9']+", text.casefold()))


def test_messages_written_to_train_on_repeat_no_held_out_message():
    """Train-only messages (written later, ids ``tx``) must not repeat a dev, test or holdout2 message,
    case and punctuation aside: training on one would inflate the held-out figures."""
    held_out = {_words(e.text) for split in ("dev", *HELD_OUT) for e in load_split(split)}
    repeats = [e.id for e in load_split("train") if e.id.startswith(TRAIN_ONLY_PREFIX) and _words(e.text) in held_out]
    assert repeats == []


def test_rebuilding_from_the_raw_files_writes_the_same_splits(tmp_path):
    write_splits(read_raw(DATA_DIR / "raw"), tmp_path)
    for name in ("train", "dev", "test"):
        assert (tmp_path / f"{name}.jsonl").read_bytes() == (DATA_DIR / f"{name}.jsonl").read_bytes(), name


def test_messages_written_to_train_on_never_reach_dev_or_test():
    assert {split_of(f"tx1-{n:05d}") for n in range(1, 2000)} == {"train"}


def test_split_is_deterministic_and_about_70_10_20():
    ids = [f"x-{n}" for n in range(5000)]
    splits = [split_of(i) for i in ids]
    assert splits == [split_of(i) for i in ids]
    assert 0.66 < splits.count("train") / 5000 < 0.74 and 0.17 < splits.count("test") / 5000 < 0.23


def test_split_files_are_valid_and_disjoint():
    seen = {}
    for name in ("train", "dev", "test"):
        for number, line in enumerate((DATA_DIR / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(), 1):
            example = parse_line(line, f"{name}:{number}")
            assert split_of(example.id) == name and example.id not in seen
            seen[example.id] = name


@pytest.mark.parametrize(
    ("line", "message"),
    [("nope", "not JSON"), ('{"id": "a", "text": "", "labels": []}', "text"), ('{"id": "a", "text": "x", "labels": ["rude"]}', "unknown labels")],
)
def test_bad_lines_are_rejected(line, message):
    with pytest.raises(CorpusError, match=message):
        parse_line(line, "f:1")


def test_write_splits_round_trip(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = [{"id": f"t-{n}", "text": f"message {n}", "labels": ["criticism"] if n % 2 else []} for n in range(50)]
    (raw / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    counts = write_splits(read_raw(raw), tmp_path)
    assert sum(counts.values()) == 50
    assert (tmp_path / "test_split.sha256").read_text().strip() == hashlib.sha256((tmp_path / "test.jsonl").read_bytes()).hexdigest()


def test_rule_files_are_validated(tmp_path):
    path = tmp_path / "r.toml"
    for body, message in [
        ('version = "1"\n[[rule]]\nid = "a"\nlabel = "rude"\nexplanation = "x"\npatterns = ["x"]\n', "unknown label"),
        ('version = "1"\n[[rule]]\nid = "a"\nlabel = "criticism"\nexplanation = "x"\npatterns = ["don\'t"]\n', "contractions"),
        ('version = "1"\n[[rule]]\nid = "a"\nlabel = "criticism"\nexplanation = "x"\npatterns = ["@nope"]\n', "unknown set"),
    ]:
        path.write_text(body, encoding="utf-8")
        with pytest.raises(RuleFileError, match=message):
            load_rule_file(path)


def test_coach_package_imports_no_django_or_torch():
    import subprocess
    import sys

    code = "import sys, twofold.coach, twofold.safety; twofold.coach.analyze('You never help.'); print('django' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]
