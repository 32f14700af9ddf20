"""Reminders for partners: homework due tomorrow, a session tomorrow, the review date near.

They run through Django's tasks framework (the ``django-tasks`` package with its
database backend, ``django-tasks-db``): services schedule a task for the right
morning, and ``twofold worker`` runs due tasks. A task re-checks the facts when it
runs (homework already done, a session or review date moved): then it sends nothing.
Mail subjects and bodies never carry personal content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from twofold.accounts.models import User
from twofold.plans.models import Homework, Plan, Session

SUBJECT = "A reminder from Twofold"
SEND_AT = dt.time(8, 0)
REVIEW_NOTICE_DAYS = 3


def _mail(people: Iterable[User], line: str) -> int:
    sent = 0
    for person in people:
        body = f"Hello {person.display_name},\n\n{line} Open Twofold to see the details.\n"
        sent += send_mail(SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    return sent


def _homework(homework_id: int, day: dt.date) -> int:
    homework = Homework.objects.filter(pk=homework_id, due=day).first()
    if homework is None:
        return 0
    waiting = [a.partner for a in homework.assignments.filter(completed_at__isnull=True).select_related("partner")]
    return _mail(waiting, "Something your therapist suggested is due tomorrow.")


def _session(session_id: int, day: dt.date) -> int:
    session = Session.objects.select_related("plan__partner_a", "plan__partner_b").filter(pk=session_id, scheduled=day).first()
    if session is None:
        return 0
    return _mail([session.plan.partner_a, session.plan.partner_b], "You have a session tomorrow.")


def _review(plan_id: int, day: dt.date) -> int:
    from twofold.plans.services import commitment, decision

    plan = Plan.objects.select_related("partner_a", "partner_b").filter(pk=plan_id).first()
    if plan is None or commitment(plan).review != day or decision(plan).both_chose:
        return 0
    return _mail([plan.partner_a, plan.partner_b], f"Your plan's review date is {day:%A %d %B}.")


HANDLERS: dict[str, Callable[[int, dt.date], int]] = {"homework": _homework, "session": _session, "review": _review}


@task()
def send_reminder(kind: str, object_id: int, day: str) -> int:
    """Send one reminder if it still holds; returns how many mails went out."""
    return HANDLERS[kind](object_id, dt.date.fromisoformat(day))


def schedule(kind: str, object_id: int, day: dt.date, *, notice_days: int = 1) -> None:
    """Queue a reminder for the morning ``notice_days`` before ``day``, once the caller's transaction commits."""
    if kind not in HANDLERS:
        raise ValueError(f"unknown reminder kind {kind!r}")
    now = timezone.now()
    send_on = day - dt.timedelta(days=notice_days)
    when = dt.datetime.combine(send_on, SEND_AT, tzinfo=timezone.get_current_timezone())
    if day < timezone.localdate(now):
        return
    run_after = when if when > now else None
    transaction.on_commit(
        lambda: send_reminder.using(run_after=run_after).enqueue(kind, object_id, day.isoformat())
    )
