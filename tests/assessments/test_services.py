"""The assessment services: storing versioned results, sharing, and what other apps read."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from twofold.assessments import services
from twofold.assessments.models import AssessmentResult, Sitting
from twofold.instruments import get_instrument, score

from .helpers import ANXIOUS, AVOIDANT, SAFETY_NEGATIVE, SAFETY_POSITIVE, checkin

pytestmark = pytest.mark.django_db


def take(user, instrument_id: str, answers: dict, visibility: str = "private") -> AssessmentResult:
    stored = services.submit_answers(user, get_instrument(instrument_id), answers)
    if visibility != "private":
        stored = services.change_sharing(user, stored.pk, visibility)
    return stored


def test_a_stored_result_is_the_engine_result_with_its_version(personas):
    stored = take(personas.partner_a, "attachment-check", ANXIOUS)
    expected = score(get_instrument("attachment-check"), ANXIOUS)
    assert stored.scores == expected.to_dict()
    assert (stored.instrument_id, stored.instrument_version) == ("attachment-check", expected.instrument_version)
    assert (stored.pattern, stored.visibility, stored.couple) == ("anxious", "private", personas.couple)
    assert stored.sitting.submitted_at is not None
    assert stored.sitting.answers == ANXIOUS


def test_shared_attachment_pattern_follows_the_latest_result_and_its_sharing(personas):
    maya = personas.partner_a
    assert services.shared_attachment_pattern(maya) is None
    first = take(maya, "attachment-check", ANXIOUS)
    assert services.shared_attachment_pattern(maya) is None  # private
    services.change_sharing(maya, first.pk, "couple")
    assert services.shared_attachment_pattern(maya) == "anxious"
    services.change_sharing(maya, first.pk, "private")
    assert services.shared_attachment_pattern(maya) is None
    services.change_sharing(maya, first.pk, "couple_and_therapist")
    take(maya, "attachment-check", AVOIDANT)  # newer and private: the older share no longer speaks for her
    assert services.shared_attachment_pattern(maya) is None


def test_checkin_history_is_oldest_first_and_respects_a_viewer(personas):
    maya = personas.partner_a
    with time_machine.travel("2025-03-01 10:00Z", tick=False):
        take(maya, "relationship-checkin", checkin(3))
    with time_machine.travel("2025-03-08 10:00Z", tick=False):
        take(maya, "relationship-checkin", checkin(6), visibility="couple_and_therapist")
    assert services.checkin_history(maya) == [(date(2025, 3, 1), 3.0), (date(2025, 3, 8), 6.0)]
    assert services.checkin_history(maya, viewer=personas.therapist) == [(date(2025, 3, 8), 6.0)]
    assert services.checkin_history(maya, viewer=personas.outsider) == []


def test_only_the_therapist_learns_the_safety_flag(personas):
    maya, couple = personas.partner_a, personas.couple
    take(maya, "safety-screen", SAFETY_POSITIVE)
    assert services.conjoint_work_not_advised(personas.therapist, couple) is True
    for someone in (personas.partner_a, personas.partner_b, personas.outsider):
        assert services.conjoint_work_not_advised(someone, couple) is False
    take(maya, "safety-screen", SAFETY_NEGATIVE)  # the latest screen decides
    assert services.conjoint_work_not_advised(personas.therapist, couple) is False


def test_a_safety_result_cannot_be_shared(personas):
    stored = take(personas.partner_a, "safety-screen", SAFETY_POSITIVE)
    for visibility in ("couple", "couple_and_therapist"):
        with pytest.raises(services.AssessmentError, match="always stays private"):
            services.change_sharing(personas.partner_a, stored.pk, visibility)
    stored.refresh_from_db()
    assert stored.visibility == "private"


def test_sharing_needs_a_couple_and_the_owner(person, personas):
    loner = person("l@x.test", "L")
    stored = take(loner, "attachment-check", ANXIOUS)
    with pytest.raises(services.AssessmentError, match="Join or create a couple"):
        services.change_sharing(loner, stored.pk, "couple")
    with pytest.raises(services.AssessmentError, match="Choose who can see it"):
        services.change_sharing(loner, stored.pk, "everyone")
    from django.http import Http404

    with pytest.raises(Http404):
        services.change_sharing(personas.partner_b, stored.pk, "private")


def test_a_sitting_is_submitted_once(personas):
    maya = personas.partner_a
    sitting = services.start_or_resume(maya, get_instrument("attachment-check"))
    assert services.start_or_resume(maya, get_instrument("attachment-check")) == sitting  # resumed
    services.save_page(maya, sitting.pk, "apart", {k: v for k, v in ANXIOUS.items() if int(k) <= 7})
    services.save_page(maya, sitting.pk, "close", {k: v for k, v in ANXIOUS.items() if int(k) > 7})
    services.submit_sitting(maya, sitting.pk)
    with pytest.raises(services.SittingClosedError, match="already submitted"):
        services.submit_sitting(maya, sitting.pk)
    with pytest.raises(services.SittingClosedError):
        services.save_page(maya, sitting.pk, "apart", {"1": 3})
    assert AssessmentResult.objects.count() == 1
    assert services.start_or_resume(maya, get_instrument("attachment-check")) != sitting  # a fresh one


def test_relief_view_needs_both_shares(personas):
    maya, jordan = personas.partner_a, personas.partner_b
    mine = take(maya, "attachment-check", ANXIOUS, visibility="couple")
    view = services.relief_view(maya)
    assert view.guide is None and view.own.my_pattern == "anxious" and view.partner == jordan
    theirs = take(jordan, "attachment-check", AVOIDANT, visibility="couple")
    view = services.relief_view(maya)
    assert (view.guide.my_pattern, view.guide.partner_pattern) == ("anxious", "avoidant")
    assert services.relief_view(jordan).guide.partner_pattern == "anxious"
    services.change_sharing(jordan, theirs.pk, "private")
    assert services.relief_view(maya).guide is None
    assert services.relief_view(jordan).guide is None and services.relief_view(jordan).own.my_pattern == "avoidant"
    assert mine.visibility == "couple"


def test_invalid_answers_save_nothing(personas):
    from twofold.instruments import AnswerError

    with pytest.raises(AnswerError):
        services.submit_answers(personas.partner_a, get_instrument("attachment-check"), {**ANXIOUS, "3": 9})
    assert not Sitting.objects.exists() and not AssessmentResult.objects.exists()
