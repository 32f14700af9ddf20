"""The challenge library, its validation, and the weekly pick."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twofold.practice.challenges import (
    ChallengeError,
    Pattern,
    Practice,
    challenge_for_week,
    challenge_library,
    load_challenges,
)
from twofold.practice.weeks import IsoWeek


def test_the_packaged_library_is_big_enough_and_covers_every_practice_and_pattern() -> None:
    library = challenge_library()
    assert len(library) >= 24
    assert {c.practice for c in library} == set(Practice)
    for pattern in (Pattern.ANXIOUS, Pattern.AVOIDANT, Pattern.DISORGANIZED, Pattern.SECURE):
        assert sum(c.suits(pattern) for c in library) >= 8
    assert all(c.title and c.text and c.notice for c in library)


def test_the_pick_is_deterministic() -> None:
    week = IsoWeek(2026, 10)
    assert challenge_for_week("maya", week, "anxious") == challenge_for_week("maya", "2026-W10", Pattern.ANXIOUS)


def test_the_pick_fits_the_pattern() -> None:
    for n in range(30):
        choice = challenge_for_week("jordan", IsoWeek(2026, 1).shifted(n), "avoidant")
        assert Pattern.AVOIDANT in choice.patterns or Pattern.ANY in choice.patterns


def test_no_repeat_until_the_suitable_list_is_used_up() -> None:
    suitable = [c for c in challenge_library() if c.suits(Pattern.DISORGANIZED)]
    picks = [challenge_for_week("sam", IsoWeek(2025, 40).shifted(n), "disorganized").id
             for n in range(len(suitable))]
    assert len(set(picks)) == len(suitable), "consecutive weeks walk through every suitable challenge"


def test_recent_challenges_are_skipped() -> None:
    week = IsoWeek(2026, 20)
    first = challenge_for_week("alex", week)
    second = challenge_for_week("alex", week, recent=[first.id])
    assert second.id != first.id
    everything = [c.id for c in challenge_library()]
    assert challenge_for_week("alex", week, recent=everything) == first, "falls back when all are recent"


def test_different_people_get_different_orders() -> None:
    weeks = [IsoWeek(2026, 1).shifted(n) for n in range(8)]
    assert [challenge_for_week("maya", w).id for w in weeks] != [challenge_for_week("jordan", w).id for w in weeks]


def test_week_53_and_the_next_year_continue_the_walk() -> None:
    last = challenge_for_week("maya", IsoWeek(2026, 53), "secure")
    after = challenge_for_week("maya", IsoWeek(2027, 1), "secure")
    assert last.id != after.id


@settings(max_examples=60, deadline=None)
@given(
    person=st.text(min_size=1, max_size=12),
    start=st.dates(),
    pattern=st.sampled_from([None, *Pattern]),
)
def test_any_person_and_week_gets_a_suitable_challenge_and_no_back_to_back_repeat(person, start, pattern) -> None:
    week = IsoWeek.of(start)
    try:
        following = week.shifted(1)
    except (ValueError, OverflowError):
        return
    choice = challenge_for_week(person, week, pattern)
    assert choice.suits(pattern)
    assert challenge_for_week(person, following, pattern).id != choice.id


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "challenges.toml"
    path.write_text(body, encoding="utf-8")
    return path


def _entry(ident: str, practice: str = "gentle_partnering", patterns: str = '["any"]') -> str:
    return (f'[[challenge]]\nid = "{ident}"\npractice = "{practice}"\npatterns = {patterns}\n'
            f'title = "T"\ntext = "Do a thing."\nnotice = "Notice."\n')


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "expected \\[\\[challenge\\]\\]"),
        (_entry("a", practice="shouting"), "unknown practice"),
        (_entry("a", patterns='["clingy"]'), "clingy"),
        (_entry("a", patterns="[]"), "non-empty list"),
        (_entry("a", patterns='["any", "secure"]'), "list it alone"),
        (_entry("a").replace('title = "T"', 'title = ""'), "title is missing"),
        (_entry("a") + _entry("a"), "unique: a"),
        ("".join(_entry(f"c{i}") for i in range(5)), "at least 24"),
        ("".join(_entry(f"c{i}") for i in range(30)), "no challenge for practice"),
    ],
)
def test_bad_libraries_are_refused(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ChallengeError, match=message):
        load_challenges(_write(tmp_path, body))


def test_a_pattern_with_too_few_challenges_is_refused(tmp_path: Path) -> None:
    practices = [p.value for p in Practice]
    body = "".join(_entry(f"c{i}", practice=practices[i % 4], patterns='["secure"]') for i in range(30))
    with pytest.raises(ChallengeError, match="anxious pattern"):
        load_challenges(_write(tmp_path, body))
