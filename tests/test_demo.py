"""The demo data: Dr Rivera's roster shows every engagement status, and loading it again changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from twofold.accounts.models import User
from twofold.demo import DEMO_PEOPLE, demo_people, load_demo
from twofold.plan import Status
from twofold.plans import report, services
from twofold.plans.present import roster

pytestmark = pytest.mark.django_db


def _rivera() -> User:
    return User.objects.get(email="rivera@demo.twofold.test")


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_roster_shows_each_status_with_reasons():
    assert load_demo()
    rows = roster(_rivera(), today=timezone.localdate())
    statuses = {str(row.couple): row.status for row in rows}
    assert statuses == {"Maya & Jordan": None, "Priya & Tom": Status.ON_TRACK,
                        "Lena & Marcus": Status.AT_RISK, "Noor & Sami": Status.NOT_ENGAGED}
    assert [str(row.couple) for row in rows[:3]] == ["Noor & Sami", "Lena & Marcus", "Priya & Tom"]
    reasons = {str(row.couple): row.reasons for row in rows}
    assert "Sami missed all of the last 3 sessions" in reasons["Noor & Sami"]
    assert "Marcus missed 2 of the last 3 sessions" in reasons["Lena & Marcus"]
    assert reasons["Priya & Tom"] == ()


def test_the_statuses_hold_in_the_weeks_after_loading():
    load_demo()
    for days in (7, 21, 60):
        rows = roster(_rivera(), today=timezone.localdate() + timedelta(days=days))
        assert {row.status for row in rows} >= set(Status), days


def test_the_plans_have_sessions_homework_and_check_ins():
    load_demo()
    rivera, today = _rivera(), timezone.localdate()
    for row in roster(rivera, today=today):
        if row.plan is None:
            continue
        assert services.commitment(row.plan).is_agreed
        assert row.plan.sessions.filter(scheduled__gt=today).exists()  # an upcoming session
        found = services.engagement(row.plan, rivera, today=today)
        for partner in found.partners:
            assert partner.attendance.scheduled >= 5
            assert partner.homework.due >= 3
            assert len(partner.checkins.points) == 1  # shared with the therapist, so they count
        assert services.session_notes(rivera, row.plan)
        html = report.html(rivera, "therapist", row.plan, today=today)
        assert str(row.couple).replace("&", "&amp;") in html and "done on time" in html


def test_loading_twice_changes_nothing():
    people = load_demo()
    assert [p.email for p in people] == [email for email, _, _ in DEMO_PEOPLE]
    before = _row_counts()
    assert load_demo() == []
    assert load_demo(only_if_empty=False) == []
    assert _row_counts() == before
    assert demo_people() == people


def test_not_loaded_into_a_database_with_people(person):
    person("someone@example.test", "Someone")
    assert load_demo() == []
    assert demo_people() == []
