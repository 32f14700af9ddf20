"""Shared set-up for the plan tests: a couple with a consenting therapist, check-ins, a running plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from twofold.assessments.services import change_sharing, submit_answers
from twofold.couples import services as couples
from twofold.instruments import get_instrument
from twofold.plans import services

SAFETY_NEGATIVE = {str(n): 0 for n in range(1, 12)}
SAFETY_POSITIVE = {**SAFETY_NEGATIVE, "6": 2}


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def couple_with_therapist(person, a: tuple[str, str], b: tuple[str, str], therapist: tuple[str, str]):
    first, second = person(*a), person(*b)
    doctor = person(*therapist, role="therapist")
    couple = couples.create_couple(first, f"{first.display_name} & {second.display_name}")
    couples.join_couple(second, code=couples.open_partner_invite(couple).code)
    link = couples.invite_therapist(couple, first, doctor.email)
    couples.claim_therapist_link(doctor, code=link.code)
    couples.accept_therapist(link, second)
    return first, second, doctor, couple


def checkin(person, value: int, *, share: bool = True):
    """A relationship check-in whose mean score is ``value`` (1-7), shared with the therapist by default."""
    answers = {**{str(n): value for n in (1, 2, 3, 5)}, "4": 8 - value}
    result = submit_answers(person, get_instrument("relationship-checkin"), answers)
    if share:
        change_sharing(person, result.pk, "couple_and_therapist")
    return result


def safety_screen(person, *, positive: bool = False):
    return submit_answers(person, get_instrument("safety-screen"), SAFETY_POSITIVE if positive else SAFETY_NEGATIVE)


def agreed_plan(by, couple, partners, *, start: date, weeks: int = 12):
    plan = services.propose_plan(by, couple, start=start, weeks=weeks, goals=["Talk every evening"], today=start)
    for partner in partners:
        services.agree_to_plan(partner, plan, at=noon(start))
    return plan
