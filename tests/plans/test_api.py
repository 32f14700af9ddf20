"""The plans API with the four personas: visibility, specific errors, nothing half-saved."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.plans.helpers import agreed_plan, checkin, noon
from twofold.plans import services
from twofold.plans.models import Assignment, Homework, Plan, Session, SessionAttendance

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 4)
API = "/api/v1/plans"


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(noon(TODAY), tick=False)


def send(client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, data=json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def plan(personas):
    return agreed_plan(personas.therapist, personas.couple, (personas.partner_a, personas.partner_b), start=TODAY)


def test_propose_and_agree_through_the_api(personas, client_for):
    rivera, maya = client_for(personas.therapist), client_for(personas.partner_a)
    url = f"{API}/couples/{personas.couple.pk}"
    assert send(client_for(personas.outsider), "post", url, {"start": str(TODAY), "goals": ["x"]}).status_code == 404
    bad = send(rivera, "post", url, {"start": str(TODAY - timedelta(days=1)), "goals": ["x"]})
    assert bad.status_code == 400 and bad.json() == {"detail": "The start date is in the past.", "field": "start"}
    bad = send(rivera, "post", url, {"start": str(TODAY), "review": str(TODAY - timedelta(days=1)), "goals": ["x"]})
    assert bad.status_code == 400 and bad.json()["field"] == "review"
    assert send(rivera, "post", url, {"start": str(TODAY), "goals": []}).status_code == 422
    assert not Plan.objects.exists()
    created = send(rivera, "post", url, {"start": str(TODAY), "goals": ["Listen first"]})
    assert created.status_code == 201 and created.json()["review"] == str(TODAY + timedelta(weeks=12))
    plan_id = created.json()["id"]
    assert send(rivera, "post", f"{API}/{plan_id}/agree").status_code == 404
    agreed = send(maya, "post", f"{API}/{plan_id}/agree")
    assert agreed.json()["agreed_by"] == [personas.partner_a.pk]
    again = send(maya, "post", f"{API}/{plan_id}/agree")
    assert again.status_code == 400 and "already agreed" in again.json()["detail"]
    moved = send(maya, "post", f"{API}/{plan_id}/adjustments",
                 {"new_review": str(TODAY + timedelta(weeks=14)), "reason": "A family trip"})
    assert moved.status_code == 201 and moved.json()["adjustments"][0]["old_review"] == str(TODAY + timedelta(weeks=12))


@pytest.mark.parametrize(("who", "status"), [("partner_a", 200), ("partner_b", 200), ("therapist", 200),
                                             ("outsider", 404)])
def test_reads_for_every_persona(plan, personas, client_for, who, status):
    client = client_for(personas.all()[who])
    for url in (f"{API}/couples/{personas.couple.pk}", f"{API}/{plan.pk}/sessions", f"{API}/{plan.pk}/homework",
                f"{API}/{plan.pk}/checkins"):
        assert client.get(url).status_code == status, url
    status_code = client.get(f"{API}/{plan.pk}/status").status_code
    assert status_code == (200 if who == "therapist" else 404)


def test_sessions_attendance_and_status(plan, personas, client_for):
    rivera, a, b = client_for(personas.therapist), personas.partner_a, personas.partner_b
    assert send(client_for(a), "post", f"{API}/{plan.pk}/sessions", {"scheduled": str(TODAY)}).status_code == 404
    bad = send(rivera, "post", f"{API}/{plan.pk}/sessions", {"scheduled": str(TODAY - timedelta(days=1))})
    assert bad.status_code == 400 and bad.json()["field"] == "scheduled"
    session_ids = [send(rivera, "post", f"{API}/{plan.pk}/sessions", {"scheduled": str(TODAY)}).json()["id"]
                   for _ in range(3)]
    half = send(rivera, "put", f"{API}/sessions/{session_ids[0]}/attendance",
                {"attendance": {str(a.pk): "attended", str(personas.outsider.pk): "attended"}})
    assert half.status_code == 400 and half.json()["field"] == "attendance"
    assert not SessionAttendance.objects.exists()
    assert send(rivera, "put", f"{API}/sessions/{session_ids[0]}/attendance",
                {"attendance": {str(a.pk): "late"}}).status_code == 422
    assert send(rivera, "put", f"{API}/sessions/999999/attendance",
                {"attendance": {str(a.pk): "attended"}}).status_code == 404
    assert send(client_for(b), "put", f"{API}/sessions/{session_ids[0]}/attendance",
                {"attendance": {str(b.pk): "attended"}}).status_code == 404
    for session_id in session_ids:
        done = send(rivera, "put", f"{API}/sessions/{session_id}/attendance",
                    {"attendance": {str(a.pk): "attended", str(b.pk): "no_show"}})
        assert done.json()["attendance"] == {str(a.pk): "attended", str(b.pk): "no_show"}
    found = rivera.get(f"{API}/{plan.pk}/status").json()
    assert found["status"] == "not_engaged"
    assert {"partner_id": b.pk, "signal": "attendance", "status": "not_engaged",
            "text": "missed all of the last 3 sessions"} in found["reasons"]
    assert Session.objects.count() == 3


def test_homework_and_private_reflections(plan, personas, client_for):
    rivera, maya, jordan = (client_for(p) for p in (personas.therapist, personas.partner_a, personas.partner_b))
    url = f"{API}/{plan.pk}/homework"
    body = {"title": "Write three appreciations", "due": str(TODAY + timedelta(days=3)),
            "assigned_to": [personas.partner_a.pk, personas.partner_b.pk]}
    assert send(maya, "post", url, body).status_code == 404
    for bad, field in (({"due": str(TODAY - timedelta(days=1))}, "due"),
                       ({"assigned_to": [personas.partner_a.pk, personas.outsider.pk]}, "assigned_to")):
        response = send(rivera, "post", url, {**body, **bad})
        assert response.status_code == 400 and response.json()["field"] == field
    assert not Homework.objects.exists() and not Assignment.objects.exists()
    created = send(rivera, "post", url, body).json()
    mine = next(a for a in created if a["partner_id"] == personas.partner_a.pk)
    assert send(jordan, "post", f"{API}/assignments/{mine['id']}/complete", {}).status_code == 404
    done = send(maya, "post", f"{API}/assignments/{mine['id']}/complete", {"reflection": "Felt warm."})
    assert done.json()["reflection"] == "Felt warm." and done.json()["status"] == "done on time"
    by_id = {who: {a["id"]: a for a in client_for(p).get(url).json()}
             for who, p in personas.all().items() if who != "outsider"}
    assert by_id["therapist"][mine["id"]]["reflection"] == "Felt warm."
    assert by_id["partner_b"][mine["id"]]["reflection"] is None


def test_checkin_summary_counts_only_shared_scores(plan, personas, client_for, time_machine):
    checkin(personas.partner_a, 3)
    checkin(personas.partner_b, 5, share=False)
    time_machine.move_to(noon(TODAY + timedelta(weeks=4)), tick=False)
    checkin(personas.partner_a, 6)
    summary = {row["partner_id"]: row for row in client_for(personas.therapist).get(f"{API}/{plan.pk}/checkins").json()}
    assert [p["score"] for p in summary[personas.partner_a.pk]["points"]] == [3.0, 6.0]
    assert summary[personas.partner_a.pk]["outcome"] == "recovered"
    assert summary[personas.partner_b.pk]["points"] == []
    own = {r["partner_id"]: r for r in client_for(personas.partner_b).get(f"{API}/{plan.pk}/checkins").json()}
    assert [p["score"] for p in own[personas.partner_b.pk]["points"]] == [5.0]
    assert services.outcomes(plan, personas.therapist, today=TODAY + timedelta(weeks=4))[0].category == "recovered"


def test_outsider_writes_are_404_and_change_nothing(plan, personas, client_for):
    rivera, outsider = client_for(personas.therapist), client_for(personas.outsider)
    session_id = send(rivera, "post", f"{API}/{plan.pk}/sessions", {"scheduled": str(TODAY)}).json()["id"]
    homework = send(rivera, "post", f"{API}/{plan.pk}/homework",
                    {"title": "Walk", "due": str(TODAY), "assigned_to": [personas.partner_a.pk]}).json()
    writes = [
        ("post", f"{API}/{plan.pk}/agree", {}),
        ("post", f"{API}/{plan.pk}/adjustments", {"new_review": str(TODAY + timedelta(weeks=20)), "reason": "x"}),
        ("post", f"{API}/{plan.pk}/sessions", {"scheduled": str(TODAY)}),
        ("put", f"{API}/sessions/{session_id}/attendance", {"attendance": {str(personas.outsider.pk): "attended"}}),
        ("post", f"{API}/{plan.pk}/homework", {"title": "x", "due": str(TODAY), "assigned_to": [personas.outsider.pk]}),
        ("post", f"{API}/assignments/{homework[0]['id']}/complete", {}),
    ]
    for method, url, body in writes:
        assert send(outsider, method, url, body).status_code == 404, url
    assert Session.objects.count() == 1 and Homework.objects.count() == 1
    assert not SessionAttendance.objects.exists() and not plan.adjustments.exists()
    assert Assignment.objects.get().completed_at is None
