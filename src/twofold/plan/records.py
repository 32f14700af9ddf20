"""Plain input records the engagement signals are computed from.

The Django apps build these from stored rows; nothing here knows about storage.
Partners are identified by opaque strings.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from twofold.plan.errors import PlanError


class Attendance(enum.StrEnum):
    ATTENDED = "attended"
    CANCELLED = "cancelled"  # called off in advance
    NO_SHOW = "no_show"  # did not come and did not say


@dataclass(frozen=True)
class SessionRecord:
    """A scheduled session; a partner missing from ``attendance`` is not recorded yet."""

    session_id: str
    scheduled: date
    attendance: Mapping[str, Attendance]


class HomeworkKind(enum.StrEnum):
    HOMEWORK = "homework"
    READING = "reading"


class HomeworkStatus(enum.StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    NOT_DONE = "not_done"  # past due and not done
    PENDING = "pending"  # not done, not due yet


@dataclass(frozen=True)
class HomeworkRecord:
    """One assignment for one partner (homework for both is two records)."""

    homework_id: str
    assigned_to: str
    due: date
    completed_at: datetime | None = None
    kind: HomeworkKind = HomeworkKind.HOMEWORK

    def status(self, today: date) -> HomeworkStatus:
        """On time if done on or before the due day; late if after; otherwise by date."""
        if self.completed_at is not None:
            return HomeworkStatus.ON_TIME if self.completed_at.date() <= self.due else HomeworkStatus.LATE
        return HomeworkStatus.NOT_DONE if today > self.due else HomeworkStatus.PENDING


def check_new_assignment(due: date, *, today: date, assigned_to: str, partners: tuple[str, str]) -> None:
    """Refuse homework due in the past or assigned to someone outside the couple."""
    if assigned_to not in partners:
        raise PlanError("homework can only be assigned to one of the two partners")
    if due < today:
        raise PlanError("the due date is in the past")


def _monday(day: date, what: str) -> None:
    if day.weekday() != 0:
        raise PlanError(f"{what} must be a Monday (the start of an ISO week)")


@dataclass(frozen=True)
class PracticeRecord:
    """A partner's practice in one week: lean-in conversations completed, challenges done."""

    partner: str
    week_start: date
    conversations_completed: int = 0
    challenges_done: int = 0

    def __post_init__(self) -> None:
        _monday(self.week_start, "week_start")
        if self.conversations_completed < 0 or self.challenges_done < 0:
            raise PlanError("practice counts cannot be negative")

    @property
    def total(self) -> int:
        return self.conversations_completed + self.challenges_done


@dataclass(frozen=True)
class MessageStat:
    """A partner's coached messages in one week (only those the partner chose to keep).

    ``harmful_labels`` counts harmful coach labels over the week's messages (a
    message can carry several); ``mean_relief`` is the mean relief score, 0-100.
    """

    partner: str
    week_start: date
    messages: int
    harmful_labels: int
    mean_relief: float | None = None

    def __post_init__(self) -> None:
        _monday(self.week_start, "week_start")
        if self.messages < 0 or self.harmful_labels < 0:
            raise PlanError("message counts cannot be negative")
        if self.messages == 0 and (self.harmful_labels or self.mean_relief is not None):
            raise PlanError("a week without messages has no labels and no relief score")
        if self.mean_relief is not None and not (0 <= self.mean_relief <= 100 and math.isfinite(self.mean_relief)):
            raise PlanError("the relief score is between 0 and 100")


@dataclass(frozen=True)
class CheckinScore:
    """One relationship check-in score of one partner."""

    partner: str
    on: date
    score: float

    def __post_init__(self) -> None:
        if not math.isfinite(self.score):
            raise PlanError("a check-in score must be a number")
