"""Reminders run through the database task queue and a worker; they re-check the facts when they run."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from twofold.plans import reminders, services

from .helpers import agreed_plan, noon

# The worker commits and closes connections as a real one does: no wrapping test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2026, 5, 4)  # a Monday


@pytest.fixture
def plan(personas, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(noon(TODAY), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        return agreed_plan(personas.therapist, personas.couple, (personas.partner_a, personas.partner_b), start=TODAY)


def run_worker_at(time_machine, moment: dt.datetime) -> None:
    time_machine.move_to(moment, tick=False)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")


def queued(kind: str) -> list[DBTaskResult]:
    return [r for r in DBTaskResult.objects.all() if r.args_kwargs["args"][0] == kind]


def test_homework_reminder_the_morning_before_and_only_for_who_has_not_done_it(
    personas, plan, time_machine, django_capture_on_commit_callbacks
):
    due = TODAY + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        homework = services.assign_homework(personas.therapist, plan, title="Write down three kind moments", due=due,
                                            partners=[personas.partner_a, personas.partner_b], today=TODAY)
    (task,) = queued("homework")
    assert task.run_after.date() == due - dt.timedelta(days=1) and task.run_after.hour == reminders.SEND_AT.hour
    services.complete_homework(personas.partner_a, homework.assignments.get(partner=personas.partner_a),
                               reflection="done", at=noon(TODAY))
    run_worker_at(time_machine, noon(TODAY))  # too early: nothing is sent
    assert mail.outbox == []
    run_worker_at(time_machine, noon(due - dt.timedelta(days=1)))
    assert [m.to for m in mail.outbox] == [[personas.partner_b.email]]
    message = mail.outbox[0]
    assert message.subject == reminders.SUBJECT
    assert "kind moments" not in message.subject + message.body  # no personal content in mail


def test_session_reminder_goes_to_both_and_a_moved_session_sends_nothing(
    personas, plan, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = services.schedule_session(personas.therapist, plan, on=TODAY + dt.timedelta(days=7))
        moved = services.schedule_session(personas.therapist, plan, on=TODAY + dt.timedelta(days=9))
    moved.scheduled = TODAY + dt.timedelta(days=20)
    moved.save()
    run_worker_at(time_machine, noon(TODAY + dt.timedelta(days=8)))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([personas.partner_a.email, personas.partner_b.email])
    assert all("session tomorrow" in m.body for m in mail.outbox)
    assert kept.pk != moved.pk


def test_review_reminder_follows_the_latest_review_date(
    personas, plan, time_machine, django_capture_on_commit_callbacks
):
    first_review = services.commitment(plan).review
    assert len(queued("review")) == 1
    new_review = first_review + dt.timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        services.adjust_review(personas.therapist, plan, new_review=new_review, reason="Holidays", today=TODAY)
    run_worker_at(time_machine, noon(first_review - dt.timedelta(days=2)))
    assert mail.outbox == []  # the old date no longer holds
    run_worker_at(time_machine, noon(new_review - dt.timedelta(days=2)))
    assert len(mail.outbox) == 2 and f"{new_review:%d %B}" in mail.outbox[0].body


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown reminder kind"):
        reminders.schedule("birthday", 1, TODAY)
