"""Commitment plans, engagement signals, outcomes, decisions and separation logistics (pure)."""

from twofold.plan.commitment import Adjustment, Agreement, CommitmentPlan
from twofold.plan.decision import Choice, DecisionPath, ReviewDecision
from twofold.plan.errors import PlanError
from twofold.plan.outcome import CheckinScale, PartnerOutcome, couple_outcomes, partner_outcome
from twofold.plan.parting import Confirmation, Draft, PartingPlan, PartingSection
from twofold.plan.records import (
    Attendance,
    CheckinScore,
    HomeworkKind,
    HomeworkRecord,
    HomeworkStatus,
    MessageStat,
    PracticeRecord,
    SessionRecord,
    check_new_assignment,
)
from twofold.plan.separation import (
    ChecklistItem,
    ChecklistProgress,
    ChecklistSection,
    ItemStatus,
    ItemUpdate,
    SectionProgress,
    default_checklist,
    load_checklist,
)
from twofold.plan.signals import (
    AttendanceSignal,
    BehaviourSignal,
    CheckinTrend,
    HomeworkSignal,
    PracticeSignal,
    WeekPoint,
    attendance_signal,
    behaviour_signal,
    checkin_trend,
    homework_signal,
    practice_signal,
)
from twofold.plan.status import CoupleRecords, Engagement, PartnerSignals, Reason, Status, Thresholds, assess

__all__ = [
    "Adjustment", "Agreement", "Attendance", "AttendanceSignal", "BehaviourSignal", "CheckinScale",
    "CheckinScore", "CheckinTrend", "ChecklistItem", "ChecklistProgress", "ChecklistSection", "Choice",
    "CommitmentPlan", "Confirmation", "CoupleRecords", "DecisionPath", "Draft", "Engagement",
    "HomeworkKind", "HomeworkRecord", "HomeworkSignal", "HomeworkStatus", "ItemStatus", "ItemUpdate",
    "MessageStat", "PartingPlan", "PartingSection", "PartnerOutcome", "PartnerSignals", "PlanError",
    "PracticeRecord", "PracticeSignal", "Reason", "ReviewDecision", "SectionProgress", "SessionRecord",
    "Status", "Thresholds", "WeekPoint", "assess", "attendance_signal", "behaviour_signal",
    "check_new_assignment", "checkin_trend", "couple_outcomes", "default_checklist", "homework_signal", "load_checklist",
    "partner_outcome", "practice_signal",
]
