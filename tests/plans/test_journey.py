"""Journey 4 at the service level: Sam leans in, Alex leans out; a 12-week plan, misses, review, a civil parting."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from weasyprint import HTML

from tests.plans.helpers import checkin, couple_with_therapist, noon, safety_screen
from twofold.assessments.services import conjoint_work_not_advised
from twofold.plan import DecisionPath, ItemStatus, Status
from twofold.plans import report, services
from twofold.plans.present import roster

pytestmark = pytest.mark.django_db

START = date(2026, 3, 2)  # a Monday


def day(n: int) -> date:
    return START + timedelta(days=n)


def test_sam_and_alex_from_commitment_to_a_civil_parting(person, time_machine, client_for):
    time_machine.move_to(noon(day(-3)), tick=False)
    sam, alex, rivera, couple = couple_with_therapist(
        person, ("sam@example.test", "Sam"), ("alex@example.test", "Alex"), ("rivera@clinic.test", "Dr Rivera"))
    for partner in (sam, alex):
        safety_screen(partner)
    assert conjoint_work_not_advised(rivera, couple) is False
    checkin(sam, 4)
    checkin(alex, 3)

    plan = services.propose_plan(rivera, couple, start=START, goals=["Two calm talks a week", "Decide together"],
                                 today=day(-3))
    assert services.commitment(plan).review == day(84)
    assert not services.commitment(plan).is_agreed

    time_machine.move_to(noon(START), tick=False)
    services.agree_to_plan(sam, plan)
    services.agree_to_plan(alex, plan)
    assert services.commitment(plan).is_agreed

    alex_marks = ["attended", "attended", "attended", "attended", "no_show", "cancelled"]
    for week, alex_mark in enumerate(alex_marks):
        time_machine.move_to(noon(day(7 * week)), tick=False)
        session = services.schedule_session(rivera, plan, on=day(7 * week))
        services.record_attendance(rivera, session, {sam.pk: "attended", alex.pk: alex_mark})
        if week in (2, 3):  # homework for both, due the next Sunday
            homework = services.assign_homework(rivera, plan, title=f"Week {week + 1} exercise", due=day(7 * week + 6),
                                                partners=[sam, alex])
            mine = homework.assignments.get(partner=sam)
            services.complete_homework(sam, mine, reflection="We tried; it was hard but kind.")
        checkin(sam, 4)
        checkin(alex, 3)
    services.write_session_note(rivera, session, "Alex seemed far away today.")

    week_six = day(38)
    time_machine.move_to(noon(week_six), tick=False)
    rows = roster(rivera, today=week_six)
    assert [row.couple for row in rows] == [couple]
    assert rows[0].status is Status.AT_RISK
    assert "Alex missed 2 of the last 3 sessions" in rows[0].reasons
    assert "Alex did no homework in the last 3 weeks" in rows[0].reasons
    assert not any(reason.startswith("Sam") for reason in rows[0].reasons)
    page = client_for(rivera).get("/couples/therapist/").content.decode()
    assert "At risk" in page and "Alex missed 2 of the last 3 sessions" in page

    review = services.commitment(plan).review
    time_machine.move_to(noon(review), tick=False)
    with pytest.raises(services.PlansError):
        services.update_checklist(rivera, plan, item_id="living-who-stays", status="in_progress")
    services.choose_path(sam, plan, path=DecisionPath.ALL_OUT_EFFORT, effort_weeks=12)
    services.choose_path(alex, plan, path=DecisionPath.SEPARATE)
    assert services.decision(plan).separation_on_the_table and not services.decision(plan).agreed
    services.choose_path(sam, plan, path=DecisionPath.SEPARATE, note="I see it too now.")
    assert services.decision(plan).path is DecisionPath.SEPARATE

    services.update_checklist(rivera, plan, item_id="living-who-stays", status="in_progress")
    services.update_checklist(sam, plan, item_id="living-who-stays", status="done", note="Sam keeps the flat.")
    for item in ("children-schedule", "children-telling", "children-handovers", "children-decisions",
                 "children-support"):
        services.update_checklist(alex, plan, item_id=item, status=ItemStatus.NOT_APPLICABLE)
    progress = {p.key: p for p in services.checklist_progress(plan).section_progress()}
    assert (progress["living"].done, progress["children"].applicable) == (1, 0)
    assert [u.status for u in services.checklist_progress(plan).history_of("living-who-stays")] == [
        ItemStatus.IN_PROGRESS, ItemStatus.DONE]

    services.draft_parting_section(sam, plan, section="communication", text="One message thread, replies within a day.")
    services.confirm_parting_section(sam, plan, section="communication")
    services.confirm_parting_section(alex, plan, section="communication")
    assert services.parting_plan(plan).is_agreed("communication")

    therapist_html = report.html(rivera, "therapist", plan, today=review)
    for expected in ("Commitment plan report", "Sam and Alex", "Two calm talks a week", "no-show",
                     "Move toward separating", "One message thread", "Alex seemed far away today."):
        assert expected in therapist_html
    alex_html = report.html(alex, "partner", plan, today=review)
    assert "Alex seemed far away today." not in alex_html
    assert "We tried; it was hard but kind." not in alex_html  # Sam did not share it
    assert "We tried; it was hard but kind." in therapist_html

    pdf = report.pdf(rivera, "therapist", plan, today=review)
    assert pdf.startswith(b"%PDF")
    pages = HTML(string=therapist_html).render().pages
    assert len(pages) >= 2
