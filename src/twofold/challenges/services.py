"""Weekly relief challenges and the reflection journal: the only place that writes reflections."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from twofold.accounts.models import User
from twofold.assessments.services import shared_attachment_pattern
from twofold.challenges.models import ChallengeReflection
from twofold.couples.services import current_couple
from twofold.practice import (
    Challenge,
    IsoWeek,
    Pattern,
    Reflection,
    ReflectionError,
    WeekCount,
    challenge_for_week,
    current_streak,
    longest_streak,
    weekly_counts,
)
from twofold.privacy.access import visible_to
from twofold.privacy.models import Visibility

CHART_WEEKS = 12
RECENT_WEEKS = 4


class ChallengeError(Exception):
    """A journal action that cannot be done; ``field`` names the form field, if any."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Practice:
    this_week: IsoWeek
    current: int
    longest: int
    counts: tuple[WeekCount, ...]


def this_week(now: dt.datetime | None = None) -> IsoWeek:
    return IsoWeek.of(timezone.localdate(now or timezone.now()))


def _pattern(user: User) -> Pattern | None:
    shared = shared_attachment_pattern(user)
    try:
        return Pattern(shared) if shared else None
    except ValueError:
        return None


def challenge_of_the_week(user: User, week: IsoWeek | None = None) -> Challenge:
    """This person's challenge: fitted to their attachment pattern once they shared it."""
    week = week or this_week()
    since = str(week.shifted(-RECENT_WEEKS))
    recent = (
        ChallengeReflection.objects.filter(owner=user, week__gte=since, week__lt=str(week))
        .values_list("challenge_id", flat=True)
    )
    return challenge_for_week(str(user.pk), week, _pattern(user), recent=tuple(recent))


def journal_for(viewer: User) -> QuerySet[ChallengeReflection]:
    """Reflections the viewer may read: their own, and what a partner shared with them."""
    return visible_to(viewer, ChallengeReflection.objects.select_related("owner"))


@transaction.atomic
def write_reflection(
    user: User,
    *,
    what_i_tried: str,
    how_partner_responded: str = "",
    how_it_felt: str,
    what_id_do_again: str = "",
    visibility: str = Visibility.PRIVATE,
    now: dt.datetime | None = None,
) -> ChallengeReflection:
    """A reflection on this week's challenge; private unless ``visibility`` says otherwise."""
    if not user.is_partner:
        raise ChallengeError("Only partners keep a challenge journal.")
    now = now or timezone.now()
    week = this_week(now)
    challenge = challenge_of_the_week(user, week)
    try:
        checked = Reflection(str(user.pk), week, challenge.id, what_i_tried, how_partner_responded, how_it_felt,
                             what_id_do_again, now)
    except ReflectionError as exc:
        raise ChallengeError(str(exc).partition(": ")[2].capitalize() + ".", exc.field) from exc
    couple = current_couple(user)
    _check_can_share(visibility, couple is not None)
    return ChallengeReflection.objects.create(
        owner=user, couple=couple, visibility=visibility, week=str(week), challenge_id=challenge.id,
        what_i_tried=checked.what_i_tried, how_partner_responded=checked.how_partner_responded,
        how_it_felt=checked.how_it_felt, what_id_do_again=checked.what_id_do_again,
    )


@transaction.atomic
def set_visibility(reflection: ChallengeReflection, user: User, visibility: str) -> ChallengeReflection:
    """Share a reflection, or take the share back; only its author can."""
    if reflection.owner_id != user.pk:
        raise ChallengeError("Only the person who wrote a reflection can change who sees it.")
    _check_can_share(visibility, reflection.couple_id is not None)
    reflection.visibility = visibility
    reflection.save(update_fields=["visibility", "updated_at"])
    return reflection


def _check_can_share(visibility: str, in_couple: bool) -> None:
    if visibility not in Visibility.values:
        raise ChallengeError(f"Unknown visibility {visibility!r}.", "visibility")
    if visibility != Visibility.PRIVATE and not in_couple:
        raise ChallengeError("Join a couple before sharing; the reflection can stay private until then.", "visibility")


def reflection_dates(user: User) -> list[dt.date]:
    """Days on which this person wrote a challenge reflection, oldest first (one entry per reflection)."""
    created = ChallengeReflection.objects.filter(owner=user).values_list("created_at", flat=True)
    return sorted(timezone.localdate(moment) for moment in created)


def practice_for(user: User, now: dt.datetime | None = None) -> Practice:
    """Streaks of weeks with a reflection, and counts per week for the chart."""
    week = this_week(now)
    weeks = [IsoWeek.parse(w) for w in ChallengeReflection.objects.filter(owner=user).values_list("week", flat=True)]
    counts = weekly_counts(weeks, week.shifted(-(CHART_WEEKS - 1)), week)
    return Practice(week, current_streak(weeks, week), longest_streak(weeks), counts)
