"""The relief guide covers every pattern and all ten pairings, seen from either side."""

from __future__ import annotations

from itertools import product

import pytest

from twofold.instruments import PATTERNS
from twofold.instruments.relief_guide import ReliefGuide, pairing_key, relief_guide


@pytest.mark.parametrize(("mine", "theirs"), list(product(PATTERNS, repeat=2)))
def test_every_ordered_pair_has_a_full_guide(mine: str, theirs: str) -> None:
    guide = relief_guide(mine, theirs)
    assert isinstance(guide, ReliefGuide)
    assert guide.pairing and guide.about_me and guide.about_partner
    for part in (guide.helps_me, guide.helps_partner, guide.my_part, guide.partner_part):
        assert part.do and part.dont
        assert all(isinstance(text, str) and text.strip() for text in part.do + part.dont)


def test_anxious_with_avoidant_is_the_same_pairing_seen_from_both_sides() -> None:
    maya, jordan = relief_guide("anxious", "avoidant"), relief_guide("avoidant", "anxious")
    assert maya.pairing == jordan.pairing
    assert maya.my_part == jordan.partner_part and maya.partner_part == jordan.my_part
    assert maya.helps_partner == jordan.helps_me
    assert maya.helps_me != maya.helps_partner


def test_ten_unordered_pairings() -> None:
    assert len({pairing_key(a, b) for a, b in product(PATTERNS, repeat=2)}) == 10


def test_unknown_pattern() -> None:
    with pytest.raises(ValueError, match="fearful"):
        relief_guide("fearful", "secure")


def test_guide_is_frozen() -> None:
    guide = relief_guide("secure", "anxious")
    with pytest.raises(AttributeError):
        guide.pairing = "changed"  # type: ignore[misc]
