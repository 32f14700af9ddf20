"""Plan pages with the four personas, private parts kept private, bad form input refused field by field."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.plans.helpers import agreed_plan, noon
from twofold.couples import services as couples
from twofold.plans import services
from twofold.plans.models import Homework, Plan, PlanAdjustment, ReviewChoice, Session, SessionAttendance

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 4)
NOTE = "Therapist-only: Jordan hinted at money worries."
REFLECTION = "A private reflection about the walk."


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def world(personas):
    a, b, rivera = personas.partner_a, personas.partner_b, personas.therapist
    plan = agreed_plan(rivera, personas.couple, (a, b), start=TODAY)
    session = services.schedule_session(rivera, plan, on=TODAY)
    services.record_attendance(rivera, session, {a.pk: "attended", b.pk: "no_show"})
    services.write_session_note(rivera, session, NOTE)
    homework = services.assign_homework(rivera, plan, title="An evening walk", due=TODAY + timedelta(days=2),
                                        partners=[a, b])
    services.complete_homework(a, homework.assignments.get(partner=a), reflection=REFLECTION)
    return personas, plan, session, homework


def _urls(couple_id: int, session_id: int, assignment_id: int) -> dict[str, str]:
    base = f"/plans/{couple_id}/"
    return {
        "couple": base, "propose": base + "propose/", "adjust": base + "adjust/", "review": base + "review/",
        "separation": base + "separation/", "report": base + "report/", "pdf": base + "report.pdf",
        "session_new": base + "sessions/new/", "session": base + f"sessions/{session_id}/",
        "homework_new": base + "homework/new/",
    }


THERAPIST_ONLY = {"session_new", "session", "homework_new"}
PDF_FOR = {"therapist", "partner_b"}  # PDFs are slow-ish: two personas are enough to prove the rule


@pytest.mark.parametrize("who", ["partner_a", "partner_b", "therapist", "outsider"])
def test_every_page_for_every_persona(world, client_for, who):
    personas, plan, session, homework = world
    client = client_for(personas.all()[who])
    for name, url in _urls(personas.couple.pk, session.pk, homework.assignments.first().pk).items():
        if name == "pdf" and who not in PDF_FOR | {"outsider"}:
            continue
        response = client.get(url)
        expected = 404 if who == "outsider" or (name in THERAPIST_ONLY and who != "therapist") else 200
        assert response.status_code == expected, (name, who)
        if name == "pdf" and expected == 200:
            assert response.content.startswith(b"%PDF") and response["Content-Type"] == "application/pdf"


def test_notes_and_private_reflections_stay_private(world, client_for):
    personas, plan, session, _ = world
    couple = personas.couple.pk
    for page in (f"/plans/{couple}/", f"/plans/{couple}/report/", f"/plans/{couple}/sessions/{session.pk}/"):
        therapist_page = client_for(personas.therapist).get(page).content.decode()
        assert NOTE in therapist_page and (REFLECTION in therapist_page or "sessions/" in page)
    for page in (f"/plans/{couple}/", f"/plans/{couple}/report/"):
        jordan = client_for(personas.partner_b).get(page).content.decode()
        assert NOTE not in jordan and REFLECTION not in jordan
        maya = client_for(personas.partner_a).get(page).content.decode()
        assert NOTE not in maya and REFLECTION in maya
    assignment = world[3].assignments.get(partner=personas.partner_a)
    client_for(personas.partner_a).post(f"/plans/{couple}/homework/{assignment.pk}/share/", {"shared": "yes"})
    assert REFLECTION in client_for(personas.partner_b).get(f"/plans/{couple}/").content.decode()


def test_therapist_without_consent_sees_nothing(world, client_for):
    personas = world[0]
    couples.revoke_therapist(personas.link, personas.partner_b)
    client = client_for(personas.therapist)
    assert client.get(f"/plans/{personas.couple.pk}/").status_code == 404
    assert client.get(f"/plans/{personas.couple.pk}/report.pdf").status_code == 404
    assert "Maya &amp; Jordan" not in client.get("/couples/therapist/").content.decode()


def test_roster_shows_status_reasons_and_plan_link(world, client_for):
    personas = world[0]
    page = client_for(personas.therapist).get("/couples/therapist/").content.decode()
    assert 'id="roster"' in page and "On track" in page and f"/plans/{personas.couple.pk}/" in page


def test_partners_agree_and_do_homework_in_the_page(personas, client_for):
    plan = services.propose_plan(personas.therapist, personas.couple, start=TODAY, goals=["Be kind"])
    maya = client_for(personas.partner_a)
    assert "I agree to this plan" in maya.get(f"/plans/{personas.couple.pk}/").content.decode()
    assert maya.post(f"/plans/{personas.couple.pk}/agree/").status_code == 302
    assert client_for(personas.therapist).post(f"/plans/{personas.couple.pk}/agree/").status_code == 404
    assert services.commitment(plan).agreed_by == (str(personas.partner_a.pk),)
    homework = services.assign_homework(personas.therapist, plan, title="Walk", due=TODAY,
                                        partners=[personas.partner_b])
    assignment = homework.assignments.get()
    assert maya.post(f"/plans/{personas.couple.pk}/homework/{assignment.pk}/done/").status_code == 404
    jordan = client_for(personas.partner_b)
    response = jordan.post(f"/plans/{personas.couple.pk}/homework/{assignment.pk}/done/",
                           {"reflection": "Nice", "share": "on"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.completed_at is not None and assignment.reflection_shared


def _field_error(response, text: str) -> None:
    assert response.status_code == 400
    assert text in response.content.decode(), response.content.decode()[-2000:]


def test_bad_input_on_every_form_changes_nothing(world, client_for):
    personas, plan, session, _ = world
    base = f"/plans/{personas.couple.pk}/"
    rivera, maya = client_for(personas.therapist), client_for(personas.partner_a)
    counts = (Plan.objects.count(), PlanAdjustment.objects.count(), Session.objects.count(),
              Homework.objects.count(), SessionAttendance.objects.count(), ReviewChoice.objects.count())

    _field_error(rivera.post(base + "propose/", {"start": "2026-05-01", "weeks": "12", "goals": "x"}),
                 "The start date is in the past.")
    _field_error(rivera.post(base + "adjust/", {"new_review": "2026-05-03", "reason": "Sooner"}),
                 "The review date must come after the start date.")
    _field_error(rivera.post(base + "adjust/", {"new_review": "not a date", "reason": "x"}), "Enter a valid date.")
    _field_error(rivera.post(base + "sessions/new/", {"scheduled": "2026-05-01"}),
                 "A session cannot come before the plan starts")
    _field_error(rivera.post(base + f"sessions/{session.pk}/", {"action": "attendance",
                                                               f"partner_{personas.partner_a.pk}": "late"}),
                 "Select a valid choice")
    _field_error(rivera.post(base + f"sessions/{session.pk}/", {"action": "note", "text": ""}),
                 "This field is required.")
    _field_error(rivera.post(base + "homework/new/", {"title": "Walk", "kind": "homework", "due": "2026-05-01",
                                                      "assigned_to": "both"}), "The due date is in the past.")
    _field_error(rivera.post(base + "homework/new/", {"title": "Walk", "kind": "homework", "due": "2026-05-09",
                                                      "assigned_to": str(personas.outsider.pk)}),
                 "Select a valid choice")
    _field_error(maya.post(base + "review/", {"path": "separate", "effort_weeks": "10"}),
                 "Only an all-out effort has a number of weeks.")
    _field_error(maya.post(base + "separation/", {"action": "checklist", "item_id": "living-who-stays",
                                                  "status": "done"}), "The separation checklist opens")
    assert counts == (Plan.objects.count(), PlanAdjustment.objects.count(), Session.objects.count(),
                      Homework.objects.count(), SessionAttendance.objects.count(), ReviewChoice.objects.count())


def test_review_and_separation_pages_record_choices(world, client_for):
    personas, plan, _, _ = world
    base = f"/plans/{personas.couple.pk}/"
    for who in ("partner_a", "partner_b"):
        client = client_for(personas.all()[who])
        assert client.post(base + "review/", {"path": "separate", "note": ""}).status_code == 302
    maya = client_for(personas.partner_a)
    assert maya.post(base + "separation/", {"action": "checklist", "item_id": "finances-overview",
                                            "status": "in_progress"}).status_code == 302
    assert maya.post(base + "separation/", {"action": "draft", "section": "family",
                                            "text": "We tell our parents together."}).status_code == 302
    assert maya.post(base + "separation/", {"action": "confirm", "section": "family"}).status_code == 302
    page = client_for(personas.therapist).get(base + "separation/").content.decode()
    assert "We tell our parents together." in page and "confirmed by Maya" in page
    assert services.checklist_progress(plan).status_of("finances-overview") == "in_progress"


def test_outsider_and_wrong_partner_posts_are_404_and_change_nothing(world, client_for):
    personas, plan, session, homework = world
    base = f"/plans/{personas.couple.pk}/"
    jordan_part = homework.assignments.get(partner=personas.partner_b)
    posts = {
        "agree/": {}, "propose/": {"start": str(TODAY), "weeks": "12", "goals": "x"},
        "adjust/": {"new_review": str(TODAY + timedelta(weeks=20)), "reason": "Mine"},
        "sessions/new/": {"scheduled": str(TODAY)},
        f"sessions/{session.pk}/": {"action": "note", "text": "Outsider note"},
        "homework/new/": {"title": "x", "kind": "homework", "due": str(TODAY), "assigned_to": "both"},
        f"homework/{jordan_part.pk}/done/": {"reflection": "Not mine"},
        f"homework/{jordan_part.pk}/share/": {"shared": "yes"}, "review/": {"path": "separate"},
        "separation/": {"action": "checklist", "item_id": "living-who-stays", "status": "done"},
    }
    outsider = client_for(personas.outsider)
    for url, data in posts.items():
        assert outsider.post(base + url, data).status_code == 404, url
    maya = client_for(personas.partner_a)
    for url in (f"homework/{jordan_part.pk}/done/", f"homework/{jordan_part.pk}/share/", "sessions/new/"):
        assert maya.post(base + url, posts[url]).status_code == 404, url
    jordan_part.refresh_from_db()
    assert jordan_part.completed_at is None and Session.objects.count() == 1
    assert services.session_notes(personas.therapist, plan)[0].text == NOTE and ReviewChoice.objects.count() == 0
    assert Plan.objects.count() == 1 and PlanAdjustment.objects.count() == 0


def test_safety_flag_reaches_only_the_therapist_never_the_answers(world, client_for):
    from tests.plans.helpers import safety_screen

    personas = world[0]
    safety_screen(personas.partner_b, positive=True)
    roster_page = client_for(personas.therapist).get("/couples/therapist/").content.decode()
    assert "safety flag" in roster_page
    plan_page = client_for(personas.therapist).get(f"/plans/{personas.couple.pk}/").content.decode()
    assert 'id="safety-flag"' in plan_page and "afraid" not in plan_page.lower()
    for partner in (personas.partner_a, personas.partner_b):
        assert 'id="safety-flag"' not in client_for(partner).get(f"/plans/{personas.couple.pk}/").content.decode()
