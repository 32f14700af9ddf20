"""Plan services with the four personas: every rule refuses with a field and saves nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.plans.helpers import agreed_plan, checkin, noon
from twofold.plan import Status
from twofold.plans import services
from twofold.plans.models import Assignment, Homework, Plan, PlanAdjustment, Session, SessionAttendance
from twofold.plans.present import roster

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 4)  # a Monday


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(noon(TODAY), tick=False)


@pytest.fixture
def plan(personas):
    return agreed_plan(personas.therapist, personas.couple, (personas.partner_a, personas.partner_b), start=TODAY)


def refused(field, call, *args, **kwargs) -> str:
    with pytest.raises(services.PlansError) as caught:
        call(*args, **kwargs)
    assert caught.value.field == field, str(caught.value)
    return str(caught.value)


def test_therapist_or_partner_proposes_outsider_cannot(personas):
    assert services.propose_plan(personas.partner_b, personas.couple, start=TODAY, goals=["Be kind"]).initial_review \
        == TODAY + timedelta(weeks=12)
    Plan.objects.all().delete()
    refused(None, services.propose_plan, personas.outsider, personas.couple, start=TODAY, goals=["x"])
    assert not Plan.objects.exists()


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"start": TODAY - timedelta(days=1)}, "start"),
    ({"review": TODAY - timedelta(days=3), "weeks": None}, "review"),
    ({"review": TODAY, "weeks": None}, "review"),
    ({"weeks": 0}, "weeks"),
    ({"weeks": 200}, "weeks"),
    ({"goals": []}, "goals"),
    ({"goals": ["fine", "  "]}, "goals"),
])
def test_bad_plans_are_refused_and_nothing_is_saved(personas, kwargs, field):
    arguments = {"start": TODAY, "goals": ["Be kind"], **kwargs}
    refused(field, services.propose_plan, personas.therapist, personas.couple, **arguments)
    assert not Plan.objects.exists()


def test_only_the_partners_agree_once_each(personas):
    plan = services.propose_plan(personas.therapist, personas.couple, start=TODAY, goals=["Be kind"])
    for stranger in (personas.therapist, personas.outsider):
        refused(None, services.agree_to_plan, stranger, plan)
    services.agree_to_plan(personas.partner_a, plan)
    refused(None, services.agree_to_plan, personas.partner_a, plan)
    assert services.commitment(plan).agreed_by == (str(personas.partner_a.pk),)
    refused(None, services.propose_plan, personas.therapist, personas.couple, start=TODAY, goals=["Another"])


def test_adjustments_keep_the_history(personas, plan, time_machine):
    first_review = services.commitment(plan).review
    services.adjust_review(personas.partner_a, plan, new_review=first_review + timedelta(weeks=2), reason="Holidays")
    time_machine.move_to(noon(TODAY + timedelta(days=3)), tick=False)
    services.adjust_review(personas.therapist, plan, new_review=first_review + timedelta(weeks=4), reason="Illness")
    pure = services.commitment(plan)
    assert [(a.old_review, a.new_review, a.reason) for a in pure.adjustments] == [
        (first_review, first_review + timedelta(weeks=2), "Holidays"),
        (first_review + timedelta(weeks=2), first_review + timedelta(weeks=4), "Illness")]
    assert pure.review == first_review + timedelta(weeks=4) and pure.initial_review == first_review
    refused("reason", services.adjust_review, personas.therapist, plan, new_review=first_review, reason=" ")
    refused("new_review", services.adjust_review, personas.therapist, plan, new_review=TODAY - timedelta(days=1),
            reason="Oops")
    refused(None, services.adjust_review, personas.outsider, plan, new_review=first_review, reason="Mine")
    assert PlanAdjustment.objects.count() == 2


def test_sessions_and_attendance(personas, plan):
    a, b = personas.partner_a, personas.partner_b
    refused("scheduled", services.schedule_session, personas.therapist, plan, on=TODAY - timedelta(days=1))
    refused(None, services.schedule_session, a, plan, on=TODAY)
    session = services.schedule_session(personas.therapist, plan, on=TODAY)
    later = services.schedule_session(personas.therapist, plan, on=TODAY + timedelta(days=7))
    refused("attendance", services.record_attendance, personas.therapist, later, {a.pk: "attended"})
    refused("attendance", services.record_attendance, personas.therapist, session,
            {a.pk: "attended", personas.outsider.pk: "attended"})
    refused("attendance", services.record_attendance, personas.therapist, session, {a.pk: "late"})
    refused("attendance", services.record_attendance, personas.therapist, session, {})
    refused(None, services.record_attendance, b, session, {b.pk: "attended"})
    assert not SessionAttendance.objects.exists()
    services.record_attendance(personas.therapist, session, {a.pk: "attended", b.pk: "no_show"})
    services.record_attendance(personas.therapist, session, {b.pk: "cancelled"})  # a correction
    assert dict(session.attendance.values_list("partner_id", "mark")) == {a.pk: "attended", b.pk: "cancelled"}
    assert Session.objects.count() == 2


def test_session_notes_are_the_therapists_alone(personas, plan):
    session = services.schedule_session(personas.therapist, plan, on=TODAY)
    refused(None, services.write_session_note, personas.partner_a, session, "Partners cannot write these")
    refused("text", services.write_session_note, personas.therapist, session, "   ")
    services.write_session_note(personas.therapist, session, "Both tired today.")
    assert [n.text for n in services.session_notes(personas.therapist, plan)] == ["Both tired today."]
    for other in (personas.partner_a, personas.partner_b, personas.outsider):
        assert services.session_notes(other, plan) == []


def test_homework_assignment_completion_and_reflections(personas, plan):
    a, b, rivera = personas.partner_a, personas.partner_b, personas.therapist
    refused("due", services.assign_homework, rivera, plan, title="Walk", due=TODAY - timedelta(days=1), partners=[a])
    refused("title", services.assign_homework, rivera, plan, title=" ", due=TODAY, partners=[a])
    refused("assigned_to", services.assign_homework, rivera, plan, title="Walk", due=TODAY, partners=[])
    refused("assigned_to", services.assign_homework, rivera, plan, title="Walk", due=TODAY,
            partners=[a, personas.outsider])
    refused(None, services.assign_homework, a, plan, title="Walk", due=TODAY, partners=[a])
    assert not Homework.objects.exists() and not Assignment.objects.exists()

    homework = services.assign_homework(rivera, plan, title="Read chapter 2", kind="reading", due=TODAY + timedelta(3),
                                        partners=[a, b])
    mine, theirs = homework.assignments.get(partner=a), homework.assignments.get(partner=b)
    refused(None, services.complete_homework, b, mine)
    services.complete_homework(a, mine, reflection="It named our cycle.")
    refused(None, services.complete_homework, a, mine)
    mine.refresh_from_db()
    assert services.reflection_visible(a, mine) and services.reflection_visible(rivera, mine)
    assert not services.reflection_visible(b, mine) and not services.reflection_visible(personas.outsider, mine)
    services.share_reflection(a, mine, shared=True)
    mine.refresh_from_db()
    assert services.reflection_visible(b, mine)
    refused(None, services.share_reflection, b, theirs, shared=True)  # nothing written yet
    services.complete_homework(b, theirs, reflection="", share=True)
    theirs.refresh_from_db()
    assert theirs.reflection_shared is False


def test_review_separation_and_parting_rules(personas):
    a, b, rivera = personas.partner_a, personas.partner_b, personas.therapist
    plan = services.propose_plan(rivera, personas.couple, start=TODAY, goals=["Be kind"])
    refused(None, services.choose_path, a, plan, path="separate")  # not agreed yet
    for partner in (a, b):
        services.agree_to_plan(partner, plan)
    refused("path", services.choose_path, a, plan, path="run away")
    refused("effort_weeks", services.choose_path, a, plan, path="separate", effort_weeks=10)
    refused("effort_weeks", services.choose_path, a, plan, path="all_out_effort", effort_weeks=500)
    refused(None, services.choose_path, rivera, plan, path="separate")
    refused(None, services.update_checklist, rivera, plan, item_id="living-who-stays", status="done")
    refused(None, services.draft_parting_section, a, plan, section="living", text="x")
    services.choose_path(a, plan, path="status_quo")
    services.choose_path(b, plan, path="separate")
    refused("item_id", services.update_checklist, rivera, plan, item_id="no-such-item", status="done")
    refused("status", services.update_checklist, rivera, plan, item_id="living-who-stays", status="finished")
    refused(None, services.update_checklist, personas.outsider, plan, item_id="living-who-stays", status="done")
    refused(None, services.draft_parting_section, rivera, plan, section="living", text="Therapists do not draft")
    refused("section", services.draft_parting_section, a, plan, section="pets", text="x")
    refused("text", services.draft_parting_section, a, plan, section="living", text="  ")
    refused("section", services.confirm_parting_section, a, plan, section="living")  # nothing to confirm
    services.draft_parting_section(a, plan, section="living", text="I move out in June.")
    services.confirm_parting_section(a, plan, section="living")
    services.draft_parting_section(b, plan, section="living", text="You move out in July.")
    services.confirm_parting_section(a, plan, section="living")
    services.confirm_parting_section(b, plan, section="living")
    living = services.parting_plan(plan).section("living")
    assert [d.text for d in living.drafts] == ["I move out in June.", "You move out in July."]
    assert services.parting_plan(plan).is_agreed("living")


def test_roster_sorts_by_attention_and_shows_only_consenting_couples(personas, person):
    a, b, rivera = personas.partner_a, personas.partner_b, personas.therapist
    plan = agreed_plan(rivera, personas.couple, (a, b), start=TODAY - timedelta(days=0))
    from tests.plans.helpers import couple_with_therapist
    sam, alex, _, second = couple_with_therapist(person, ("s@x.test", "Sam"), ("al@x.test", "Alex"),
                                                 ("other@x.test", "Dr Other"))
    assert [row.couple for row in roster(rivera, today=TODAY)] == [personas.couple]
    for offset in range(3):
        session = services.schedule_session(rivera, plan, on=TODAY)
        services.record_attendance(rivera, session, {a.pk: "no_show", b.pk: "attended"})
    rows = roster(rivera, today=TODAY + timedelta(days=offset))
    assert rows[0].status is Status.NOT_ENGAGED
    assert "Maya missed all of the last 3 sessions" in rows[0].reasons


def test_status_uses_only_checkins_shared_with_the_viewer(personas, plan, time_machine):
    for week, value in enumerate((6, 4, 2)):
        time_machine.move_to(noon(TODAY + timedelta(weeks=week)), tick=False)
        checkin(personas.partner_b, value, share=False)
    today = TODAY + timedelta(weeks=2)
    assert services.engagement(plan, personas.therapist, today=today).reasons == ()
    own = services.engagement(plan, personas.partner_b, today=today)
    assert [r.signal for r in own.reasons] == ["checkin"]
