from __future__ import annotations

from datetime import timedelta

import pytest

from twofold.insights import (
    Turn,
    conversations_of,
    couple_insights,
    harsh_startups,
    horsemen_by_partner,
    iso_week,
    positive_negative_ratio,
    ratio_by_week,
    repair_success,
    weekly_trends,
)
from twofold.insights.ratio import make_ratio

from .helpers import ATTACK_ATTACK, HEALTHY, MONDAY, PURSUE_WITHDRAW, conversation

CALM = conversation("calm", [("Sam", ["appreciation"]), ("Alex", ["appreciation", "reassurance"])])


def test_turn_validates_labels_and_scores():
    with pytest.raises(ValueError, match="unknown coach labels"):
        Turn("c", "Sam", MONDAY, ("rudeness",))
    with pytest.raises(ValueError, match="0-100"):
        Turn("c", "Sam", MONDAY, (), 101)
    with pytest.raises(ValueError, match="sender"):
        Turn("c", "", MONDAY)
    assert Turn("c", "Sam", MONDAY, ["criticism"]).labels == ("criticism",)


def test_from_analysis_reads_the_coach_result():
    from twofold.coach import analyze
    from twofold.coach.pipeline import RULES_ONLY

    analysis = analyze("You never listen to me.", components=RULES_ONLY)
    turn = Turn.from_analysis("c", "Sam", MONDAY, analysis)
    assert turn.labels == analysis.labels and turn.relief_score == analysis.relief_score


def test_iso_week_and_grouping():
    assert iso_week(MONDAY) == "2024-W10"
    assert iso_week(MONDAY - timedelta(days=1)) == "2024-W09"
    late = conversation("late", [("Sam", [])], start=MONDAY + timedelta(days=1))
    shuffled = list(reversed(HEALTHY)) + late
    groups = conversations_of(shuffled)
    assert [g[0].conversation for g in groups] == ["ok", "late"]
    assert [t.relief_score for t in groups[0]] == [60, 75, 72, 35, 80, 74]


def test_ratio_counts_only_conflict_conversations():
    report = positive_negative_ratio(HEALTHY + CALM)
    # HEALTHY: helpful labels 1+2+1+0+2+2 = 8, harmful 1; CALM has no harmful label and is left out
    assert (report.couple.positive, report.couple.negative) == (8, 1)
    assert report.couple.value == 8.0 and report.couple.meets_target is True
    assert report.conversations == 2 and report.conflict_conversations == 1
    assert (report.per_partner["Sam"].positive, report.per_partner["Sam"].negative) == (4, 0)
    assert report.per_partner["Sam"].value is None and report.per_partner["Sam"].meets_target is True
    assert (report.per_partner["Alex"].positive, report.per_partner["Alex"].negative) == (4, 1)
    assert "at or above the 5 to 1" in report.couple.reading


def test_ratio_below_target_and_readings():
    report = positive_negative_ratio(ATTACK_ATTACK)
    assert report.couple.positive == 0 and report.couple.negative == 5
    assert report.couple.meets_target is False
    assert "harsh moments and no warm ones" in report.couple.reading
    assert make_ratio(0, 0).meets_target is None
    assert make_ratio(0, 0).reading == "There were no tense conversations to count for the two of you yet."
    assert "room for more warmth" in make_ratio(6, 2).reading
    assert "outnumbered" in make_ratio(1, 2).reading


def test_ratio_by_week():
    later = conversation("next", [("Sam", ["criticism"]), ("Alex", ["validation"])], start=MONDAY + timedelta(days=7))
    weeks = ratio_by_week(HEALTHY + later)
    assert [w.week for w in weeks] == ["2024-W10", "2024-W11"]
    assert (weeks[1].couple.positive, weeks[1].couple.negative) == (1, 1)
    assert set(weeks[1].per_partner) == {"Alex", "Sam"}


def test_harsh_startups():
    report = harsh_startups(PURSUE_WITHDRAW + ATTACK_ATTACK + HEALTHY)
    assert report.conversations == 3
    assert [(h.conversation, h.turn, h.sender, h.labels) for h in report.harsh] == [
        ("aa", 0, "Sam", ("criticism",)), ("pw", 0, "Sam", ("criticism",))]
    assert report.rate == pytest.approx(2 / 3)
    assert report.per_partner["Sam"].started == 3 and report.per_partner["Sam"].harsh == 2
    assert report.per_partner["Alex"].rate is None
    assert report.reading.startswith("2 of 3 conversations opened with criticism or contempt")
    assert "None of the 1" in harsh_startups(HEALTHY).reading
    assert harsh_startups([]).rate is None


def test_repair_success_within_k_turns():
    report = repair_success(HEALTHY, k=3)
    (attempt,) = report.attempts
    assert (attempt.turn, attempt.sender, attempt.succeeded) == (4, "Sam", True)
    assert attempt.harmful_before == 1 and attempt.harmful_after == 0 and attempt.window == (5,)
    assert report.couple.rate == 1.0 and report.per_partner["Alex"].attempts == 0


def test_failed_and_unjudged_repairs():
    turns = conversation("r", [("Sam", ["criticism"]), ("Alex", ["repair"]), ("Sam", ["contempt"]), ("Alex", ["repair"])])
    report = repair_success(turns, k=2)
    assert [(a.turn, a.succeeded) for a in report.attempts] == [(1, False), (3, None)]
    assert (report.couple.attempts, report.couple.judged, report.couple.succeeded) == (2, 1, 0)
    assert report.couple.rate == 0.0
    assert report.reading.startswith("0 of 1 repair attempts were followed by calmer turns within 2 messages")
    with pytest.raises(ValueError):
        repair_success(turns, k=0)


def test_weekly_trends_per_partner():
    later = conversation("next", [("Sam", ["appreciation"]), ("Alex", [])], start=MONDAY + timedelta(days=7),
                         relief=[90, 50])
    trends = {t.sender: t for t in weekly_trends(HEALTHY + later)}
    sam = trends["Sam"]
    assert [(w.week, w.messages, w.harmful_rate, w.mean_relief) for w in sam.weeks] == [
        ("2024-W10", 3, 0.0, pytest.approx(212 / 3)), ("2024-W11", 1, 0.0, 90.0)]
    assert sam.reading.startswith("From 2024-W10 to 2024-W11, the relief score of Sam's messages rose (71 to 90 of 100)")
    alex = trends["Alex"]
    assert alex.weeks[0].harmful_rate == pytest.approx(1 / 3)


def test_horsemen_with_antidotes_and_practices():
    advice = horsemen_by_partner(PURSUE_WITHDRAW + ATTACK_ATTACK)
    assert [a.horseman for a in advice["Sam"]] == ["criticism", "contempt"]
    assert [a.horseman for a in advice["Alex"]] == ["stonewalling", "criticism"]  # 1-1-1 tie: canonical order
    top = advice["Alex"][0]
    assert top.antidote == "self-soothing" and top.count == 3 and top.share == pytest.approx(3 / 5)
    assert top.practice and top.reading == "60% of Alex's messages carried stonewalling; its antidote is self-soothing."
    antidotes = {a.horseman: a.antidote for items in advice.values() for a in items}
    assert antidotes == {"criticism": "gentle start-up", "contempt": "appreciation", "stonewalling": "self-soothing"}
    assert horsemen_by_partner(CALM) == {"Alex": (), "Sam": ()}
    assert horsemen_by_partner(ATTACK_ATTACK, top=1)["Alex"][0].horseman == "criticism"


def test_couple_insights_gathers_everything_with_readings():
    insights = couple_insights(PURSUE_WITHDRAW + ATTACK_ATTACK + HEALTHY)
    assert [c.kind for c in insights.cycles] == ["attack_attack", "pursue_withdraw"]
    assert insights.cycle_summary.conversations == 3
    readings = insights.readings
    assert set(readings) == {"ratio", "cycles", "startups", "repair", "trend:Alex", "trend:Sam"}
    assert all(r.endswith(".") and r.count(". ") == 0 for r in readings.values())  # one sentence each


def test_empty_history():
    insights = couple_insights([])
    assert insights.cycles == () and insights.ratio.couple.meets_target is None and insights.trends == ()
