"""Reliable and clinically significant change (Jacobson & Truax 1991).

- SE = SD_pre * sqrt(1 - r); S_diff = sqrt(2 * SE^2); RCI = (post - pre) / S_diff.
- |RCI| > 1.96 counts as reliable change.
- Cutoffs with d = +1 when higher scores are better, -1 otherwise:
  a = M_clin + 2d SD_clin; b = M_func - 2d SD_func;
  c = (SD_clin * M_func + SD_func * M_clin) / (SD_clin + SD_func).

Values are plain floats (not rounded); callers round for display.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

RELIABLE_Z = 1.96

RECOVERED = "recovered"
IMPROVED = "improved"
UNCHANGED = "unchanged"
DETERIORATED = "deteriorated"


def reliable_change_index(pre: float, post: float, *, sd_pre: float, reliability: float) -> float:
    """Return the RCI; positive means the score went up."""
    if sd_pre <= 0:
        raise ValueError(f"sd_pre must be positive, got {sd_pre}")
    if not 0 <= reliability < 1:
        raise ValueError(f"reliability must be in [0, 1), got {reliability}")
    se = sd_pre * math.sqrt(1 - reliability)
    s_diff = math.sqrt(2 * se**2)
    return (post - pre) / s_diff


@dataclass(frozen=True)
class Cutoffs:
    """Jacobson-Truax cutoffs a, b and c."""

    a: float
    b: float
    c: float


def clinical_cutoffs(
    *,
    m_clin: float,
    sd_clin: float,
    m_func: float,
    sd_func: float,
    higher_is_better: bool = True,
) -> Cutoffs:
    """Compute cutoffs a, b, c from clinical and functional norms."""
    if sd_clin <= 0 or sd_func <= 0:
        raise ValueError("standard deviations must be positive")
    d = 1 if higher_is_better else -1
    return Cutoffs(
        a=m_clin + 2 * d * sd_clin,
        b=m_func - 2 * d * sd_func,
        c=(sd_clin * m_func + sd_func * m_clin) / (sd_clin + sd_func),
    )


@dataclass(frozen=True)
class ChangeResult:
    """RCI, whether it is reliable, and the Jacobson-Truax category."""

    rci: float
    reliable: bool
    category: str


def classify_change(
    pre: float,
    post: float,
    *,
    sd_pre: float,
    reliability: float,
    cutoff: float,
    higher_is_better: bool = True,
) -> ChangeResult:
    """Classify one person's change from pre to post.

    recovered: reliable improvement that crosses the cutoff from the dysfunctional
    side to the functional side (a score exactly on the cutoff counts as
    functional); improved: reliable improvement without that crossing;
    deteriorated: reliable worsening; unchanged: otherwise.
    """
    rci = reliable_change_index(pre, post, sd_pre=sd_pre, reliability=reliability)
    reliable = abs(rci) > RELIABLE_Z
    d = 1 if higher_is_better else -1
    improved = reliable and d * rci > 0
    if improved:
        was_dysfunctional = d * (pre - cutoff) < 0
        now_functional = d * (post - cutoff) >= 0
        category = RECOVERED if was_dysfunctional and now_functional else IMPROVED
    elif reliable:
        category = DETERIORATED
    else:
        category = UNCHANGED
    return ChangeResult(rci=rci, reliable=reliable, category=category)
