"""Demo data: Maya and Jordan with Dr Rivera as their consenting therapist, and three more of her couples.

Dr Rivera's roster shows each engagement status at least once:

* Priya & Tom are **on track**: six weeks into their plan, sessions attended (one
  cancelled well ahead), homework done with reflections, check-ins shared.
* Lena & Marcus are **at risk**: Marcus missed two of the last three sessions and
  has let the recent homework slide.
* Noor & Sami are **not engaged**: Sami missed all of the last three sessions and
  has done none of his homework.

Maya and Jordan have no plan yet, so a demo visitor can propose one. Everything is
written through the services (couples, plans, assessments), with every date counted
back from today, so the statuses hold on whatever day the demo is loaded. The
check-ins are dated the day of loading: the assessments services stamp them with
the time they are submitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from twofold.accounts.models import Role, User
from twofold.accounts.services import create_person
from twofold.assessments.services import change_sharing, submit_answers
from twofold.couples import services as couples
from twofold.couples.models import Couple
from twofold.instruments import get_instrument
from twofold.notes.services import write_note
from twofold.plans import services as plans
from twofold.privacy.models import Visibility

DEMO_PASSWORD = "twofold-demo-2026"
DEMO_PEOPLE = (
    ("maya@demo.twofold.test", "Maya", Role.PARTNER),
    ("jordan@demo.twofold.test", "Jordan", Role.PARTNER),
    ("rivera@demo.twofold.test", "Dr Rivera", Role.THERAPIST),
    ("priya@demo.twofold.test", "Priya", Role.PARTNER),
    ("tom@demo.twofold.test", "Tom", Role.PARTNER),
    ("lena@demo.twofold.test", "Lena", Role.PARTNER),
    ("marcus@demo.twofold.test", "Marcus", Role.PARTNER),
    ("noor@demo.twofold.test", "Noor", Role.PARTNER),
    ("sami@demo.twofold.test", "Sami", Role.PARTNER),
)

A, C, N = "attended", "cancelled", "no_show"


@dataclass(frozen=True)
class DemoHomework:
    title: str
    details: str
    due_days_ago: int  # negative: due in the future
    # Per partner (0 or 1): None for not done, else (days after the due day it was done, reflection).
    done: tuple[tuple[int, str] | None, tuple[int, str] | None]
    kind: str = "homework"


@dataclass(frozen=True)
class DemoCouple:
    """One of Dr Rivera's couples with a running plan, every date counted back from today."""

    name: str
    partners: tuple[str, str]  # e-mail addresses
    started_days_ago: int
    goals: tuple[str, ...]
    sessions: tuple[tuple[int, str, str], ...]  # (days ago, first partner's mark, second partner's mark)
    homework: tuple[DemoHomework, ...]
    checkins: tuple[int, int]  # each partner's check-in, a 1-7 mean
    upcoming_session_in_days: int = 7
    notes: dict[int, str] = field(default_factory=dict)  # session index -> the therapist's private note
    weeks: int = 12


DEMO_COUPLES = (
    DemoCouple(
        name="Priya & Tom",
        partners=("priya@demo.twofold.test", "tom@demo.twofold.test"),
        started_days_ago=42,
        goals=("One unhurried talk about the week every Sunday", "Name it early when something stings",
               "Decide together at the review whether this is working"),
        sessions=((42, A, A), (35, A, A), (28, A, C), (21, A, A), (14, A, A), (7, A, A)),
        homework=(
            DemoHomework("Write down three things you appreciated this week", "Share them on Sunday.", 36,
                         ((0, "Easier than I expected; I had more than three."), (0, ""))),
            DemoHomework("A twenty-minute walk without phones", "", 29,
                         ((0, "We laughed more than we have in a while."), (1, "Late, but we did it."))),
            DemoHomework("Read the short chapter on turning towards each other", "", 22,
                         ((0, ""), (0, "I recognised myself in the part about half-listening.")), kind="reading"),
            DemoHomework("Each plan one small surprise for the other", "", 15,
                         ((0, "Tom cooked. I said thank you properly."), (0, ""))),
            DemoHomework("Practise a soft start on one sore subject", "Start with 'I feel', end with a wish.", 8,
                         ((0, "We talked about the budget without raising our voices."), (0, "It worked once."))),
        ),
        checkins=(5, 5),
        notes={2: "Tom cancelled a day ahead for work; both kept up the homework regardless."},
    ),
    DemoCouple(
        name="Lena & Marcus",
        partners=("lena@demo.twofold.test", "marcus@demo.twofold.test"),
        started_days_ago=35,
        goals=("Keep the weekly session, even in busy weeks", "Share the evening chores fairly"),
        sessions=((35, A, A), (28, A, A), (21, A, A), (14, A, N), (7, A, C)),
        homework=(
            DemoHomework("List the chores each of you does in a normal week", "", 30,
                         ((0, "Longer list than I thought."), (0, ""))),
            DemoHomework("One evening check-in of ten minutes", "", 23, ((0, ""), (1, "Only managed it once."))),
            DemoHomework("Swap one chore for a week", "", 16, ((0, "I took the laundry."), None)),
            DemoHomework("Read the piece on bids for connection", "", 9, ((0, ""), None), kind="reading"),
            DemoHomework("Plan one evening out together", "", 2, ((0, "Booked for Friday."), None)),
        ),
        checkins=(4, 3),
        upcoming_session_in_days=4,
        notes={3: "Marcus did not come and did not call. Lena worried it means he is pulling away."},
    ),
    DemoCouple(
        name="Noor & Sami",
        partners=("noor@demo.twofold.test", "sami@demo.twofold.test"),
        started_days_ago=42,
        goals=("Come to the sessions together", "Work out whether we both still want this"),
        sessions=((42, A, A), (35, A, A), (28, A, N), (21, A, C), (14, A, N)),
        homework=(
            DemoHomework("Write a letter about what first drew you together", "Keep it for the next session.", 31,
                         ((0, "It made me sad and hopeful at once."), None)),
            DemoHomework("One meal together at the table, no screens", "", 24, ((1, ""), None)),
            DemoHomework("Note one moment a day you felt alone", "", 17, ((0, "Most evenings."), None)),
        ),
        checkins=(3, 2),
        upcoming_session_in_days=3,
        notes={4: "Noor came alone again. Consider an individual session to talk about her options."},
    ),
)


def _evening(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(19)))


def _checkin(person: User, mean: int) -> None:
    """A relationship check-in whose mean is ``mean`` (item 4 is reverse-worded), shared with the therapist."""
    answers = {**{str(n): mean for n in (1, 2, 3, 5)}, "4": 8 - mean}
    result = submit_answers(person, get_instrument(plans.CHECKIN), answers)
    change_sharing(person, result.pk, Visibility.COUPLE_AND_THERAPIST)


def _couple_with_therapist(first: User, second: User, therapist: User, name: str) -> Couple:
    couple = couples.create_couple(first, name)
    couples.join_couple(second, code=couples.open_partner_invite(couple).code)
    link = couples.invite_therapist(couple, first, therapist.email)
    couples.claim_therapist_link(therapist, code=link.code)
    couples.accept_therapist(link, second)
    return couple


def _plan_history(spec: DemoCouple, partners: Sequence[User], therapist: User, *, today: date) -> None:
    couple = _couple_with_therapist(partners[0], partners[1], therapist, spec.name)
    start = today - timedelta(days=spec.started_days_ago)
    plan = plans.propose_plan(therapist, couple, start=start, goals=spec.goals, weeks=spec.weeks, today=start)
    for partner in partners:
        plans.agree_to_plan(partner, plan, at=_evening(start))
    for index, (days_ago, *marks) in enumerate(spec.sessions):
        session = plans.schedule_session(therapist, plan, on=today - timedelta(days=days_ago))
        plans.record_attendance(therapist, session, {p.pk: mark for p, mark in zip(partners, marks, strict=True)},
                                today=today)
        if index in spec.notes:
            plans.write_session_note(therapist, session, spec.notes[index])
    plans.schedule_session(therapist, plan, on=today + timedelta(days=spec.upcoming_session_in_days))
    for item in spec.homework:
        due = today - timedelta(days=item.due_days_ago)
        homework = plans.assign_homework(therapist, plan, title=item.title, details=item.details, due=due,
                                         partners=list(partners), kind=item.kind, today=due - timedelta(days=6))
        for partner, done in zip(partners, item.done, strict=True):
            if done is not None:
                late_by, reflection = done
                plans.complete_homework(partner, homework.assignments.get(partner=partner), reflection=reflection,
                                        share=bool(reflection), at=_evening(due + timedelta(days=late_by)))
    for partner, mean in zip(partners, spec.checkins, strict=True):
        _checkin(partner, mean)


def demo_people() -> list[User]:
    """The demo accounts that exist in this database, in a stable order."""
    emails = [email for email, _, _ in DEMO_PEOPLE]
    found = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [found[email] for email in emails if email in found]


@transaction.atomic
def load_demo(*, only_if_empty: bool = True) -> list[User]:
    """Create the demo people, their couples and plans; returns the people, or [] when skipped."""
    if only_if_empty and User.objects.exists():
        return []
    if User.objects.filter(email__in=[email for email, _, _ in DEMO_PEOPLE]).exists():
        return []
    today = timezone.localdate()
    people = {
        email: create_person(email=email, display_name=name, password=DEMO_PASSWORD, role=role)
        for email, name, role in DEMO_PEOPLE
    }
    maya, jordan, rivera = (people[email] for email, _, _ in DEMO_PEOPLE[:3])
    _couple_with_therapist(maya, jordan, rivera, "Maya & Jordan")
    write_note(
        maya,
        title="Weekends",
        body="I'd like us to plan one unhurried morning together each weekend.",
        visibility=Visibility.COUPLE_AND_THERAPIST,
    )
    write_note(jordan, title="For myself", body="Notice when I go quiet, and say when I'll be back.")
    for spec in DEMO_COUPLES:
        _plan_history(spec, [people[email] for email in spec.partners], rivera, today=today)
    return list(people.values())
