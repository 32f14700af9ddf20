"""Assessment services: the only place that writes sittings and results, each call one transaction.

For other apps:

- ``shared_attachment_pattern(user) -> str | None``: the user's latest attachment
  pattern, only if that result is shared with their current partner (the coach
  tailors rewrites to the recipient with it).
- ``checkin_history(user, *, viewer=None) -> list[tuple[date, float]]``: relationship
  check-in scores, oldest first (only those ``viewer`` may see, when given).
- ``conjoint_work_not_advised(viewer, couple) -> bool``: the safety flag, for a
  therapist with access to the couple (always False for anyone else).

Errors: `AssessmentError` (message safe to show), `SittingClosedError` for a second
submission, and the engine's `AnswerError` (per-item problems) and
`UnknownInstrumentError`. Nothing is saved when any of them is raised.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import Http404

from twofold.accounts.models import User
from twofold.assessments import catalogue
from twofold.assessments.catalogue import Page
from twofold.assessments.models import AssessmentResult, Sitting
from twofold.couples.models import Couple
from twofold.couples.services import couple_ids_with_therapist_access, current_couple, partners_of
from twofold.instruments import AnswerError, Instrument, ReliefGuide, Result, relief_guide, score
from twofold.instruments.answers import parse_answers
from twofold.privacy.access import visible_to
from twofold.privacy.models import Visibility

CHECKIN = "relationship-checkin"
COMMITMENT = "commitment-stance"
FACTORS = "contributing-factors"
SHARED = (Visibility.COUPLE, Visibility.COUPLE_AND_THERAPIST)
PLEASE_ANSWER = "Please answer this one."


class AssessmentError(Exception):
    """An assessment action that cannot be done; ``str()`` is safe to show the person."""


class SittingClosedError(AssessmentError):
    """The sitting was already submitted; answering again needs a new sitting."""


# ---- validating answers ----------------------------------------------------------------


def check_page(instrument: Instrument, page: Page, raw: Mapping[str, object]) -> dict[int, object]:
    """Parse the answers for one page; raise `AnswerError` with a message per offending item."""
    values, problems = parse_answers(instrument, raw)
    messages: dict[int | str, str] = {key: problem.message for key, problem in problems.items()}
    for number in list(values):
        if number not in page.item_numbers:
            messages[number] = f"item {number} is not on the page {page.title!r}"
    for item in page.items:
        if item.number not in values and item.number not in messages and catalogue.required(instrument, item):
            messages[item.number] = PLEASE_ANSWER
    if messages:
        raise AnswerError(instrument.id, messages)
    return values


# ---- sittings ------------------------------------------------------------------------------


def _own_sitting(person: User, sitting_id: int, *, lock: bool = False) -> Sitting:
    query = Sitting.objects.select_for_update() if lock else Sitting.objects
    sitting = query.filter(pk=sitting_id, person_id=person.pk).first()
    if sitting is None:
        raise Http404("No such sitting")
    return sitting


def own_sitting(person: User, sitting_id: int) -> Sitting:
    """The person's own sitting, or 404 for anyone else."""
    return _own_sitting(person, sitting_id)


def _open_for_update(person: User, sitting_id: int) -> Sitting:
    sitting = _own_sitting(person, sitting_id, lock=True)
    if sitting.submitted_at is not None:
        raise SittingClosedError(
            f"These answers were already submitted on {sitting.submitted_at:%d %b %Y}. "
            "Start the questionnaire again to answer it anew."
        )
    return sitting


def instrument_of(sitting: Sitting) -> Instrument:
    instrument = catalogue.instrument(sitting.instrument_id)
    if instrument.version != sitting.instrument_version:
        raise AssessmentError("This questionnaire has changed since these answers were started. Please start again.")
    return instrument


def open_sittings(person: User) -> QuerySet[Sitting]:
    return Sitting.objects.filter(person_id=person.pk, submitted_at__isnull=True).order_by("-updated_at")


@transaction.atomic
def start_or_resume(person: User, instrument: Instrument) -> Sitting:
    """The person's open sitting for this instrument, or a new one."""
    sitting = open_sittings(person).filter(instrument_id=instrument.id).first()
    if sitting is not None and sitting.instrument_version == instrument.version:
        return sitting
    if sitting is not None:  # started on an older version: those answers cannot be scored by this one
        sitting.delete()
    return Sitting.objects.create(person=person, instrument_id=instrument.id, instrument_version=instrument.version)


@transaction.atomic
def save_page(person: User, sitting_id: int, section_id: str, raw: Mapping[str, object]) -> Sitting:
    """Validate and save one page of answers (replacing earlier answers on that page)."""
    sitting = _open_for_update(person, sitting_id)
    instrument = instrument_of(sitting)
    try:
        page = catalogue.page(instrument, section_id)
    except LookupError as error:
        raise AssessmentError(f"{instrument.title} has no section {section_id!r}.") from error
    values = check_page(instrument, page, raw)
    answers = {key: value for key, value in sitting.answers.items() if int(key) not in page.item_numbers}
    answers.update({str(number): value for number, value in values.items()})
    sitting.answers = answers
    sitting.save(update_fields=["answers", "updated_at"])
    return sitting


def next_page(sitting: Sitting, instrument: Instrument) -> Page:
    """The first page with a required item still unanswered (else the last page)."""
    all_pages = catalogue.pages(instrument)
    for page in all_pages:
        if any(str(i.number) not in sitting.answers and catalogue.required(instrument, i) for i in page.items):
            return page
    return all_pages[-1]


@transaction.atomic
def submit_sitting(person: User, sitting_id: int) -> AssessmentResult:
    """Score the sitting's saved answers and store the result; a second submission is refused."""
    sitting = _open_for_update(person, sitting_id)
    return _store(person, sitting, score(instrument_of(sitting), sitting.answers))


@transaction.atomic
def submit_answers(person: User, instrument: Instrument, raw: Mapping[object, object]) -> AssessmentResult:
    """Score a complete set of answers in one go (a new sitting); nothing is saved if they are invalid."""
    result = score(instrument, raw)  # raises AnswerError before anything is written
    values, _ = parse_answers(instrument, raw)
    sitting = Sitting.objects.create(
        person=person,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        answers={str(number): value for number, value in values.items()},
    )
    return _store(person, sitting, result)


def _store(person: User, sitting: Sitting, result: Result) -> AssessmentResult:
    try:
        with transaction.atomic():
            stored = AssessmentResult.objects.create(
                owner=person,
                couple=current_couple(person),
                visibility=result.visibility,
                sitting=sitting,
                instrument_id=result.instrument_id,
                instrument_version=result.instrument_version,
                scores=result.to_dict(),
                pattern=result.pattern or "",
                stance=result.stance or "",
                band=result.band or "",
                conjoint_work_advised=result.conjoint_work_advised,
            )
    except IntegrityError as error:
        raise SittingClosedError("These answers were already submitted.") from error
    sitting.submitted_at = stored.created_at
    sitting.save(update_fields=["submitted_at", "updated_at"])
    return stored


# ---- sharing -----------------------------------------------------------------------------


@transaction.atomic
def change_sharing(person: User, result_id: int, visibility: str) -> AssessmentResult:
    """Share a result with the current partner (and therapist), or make it private again."""
    stored = AssessmentResult.objects.select_for_update().filter(pk=result_id, owner_id=person.pk).first()
    if stored is None:
        raise Http404("No such result")
    if visibility not in Visibility.values:
        raise AssessmentError(f"Choose who can see it: {', '.join(Visibility.values)}.")
    if visibility != Visibility.PRIVATE:
        if stored.instrument_id in catalogue.flag_only_ids():
            raise AssessmentError("This check always stays private to you; it cannot be shared.")
        couple = current_couple(person)
        if couple is None:
            raise AssessmentError("Join or create a couple before sharing a result; it stays private until then.")
        stored.couple = couple
    stored.visibility = visibility
    stored.save(update_fields=["couple", "visibility", "updated_at"])
    return stored


# ---- reading -------------------------------------------------------------------------------


def results_visible_to(viewer: User) -> QuerySet[AssessmentResult]:
    """Every result the viewer may read (the one privacy rule), newest first."""
    return visible_to(viewer, AssessmentResult.objects.select_related("owner"))


def history(viewer: User, owner: User, instrument_id: str) -> list[AssessmentResult]:
    """The owner's results for one instrument that the viewer may read, oldest first."""
    found = results_visible_to(viewer).filter(owner_id=owner.pk, instrument_id=instrument_id)
    return list(found.order_by("created_at", "pk"))


def _latest_attachment(person: User) -> AssessmentResult | None:
    return AssessmentResult.objects.filter(owner_id=person.pk).exclude(pattern="").first()


def _shared_now(stored: AssessmentResult, person: User) -> bool:
    couple = current_couple(person)
    return stored.visibility in SHARED and couple is not None and stored.couple_id == couple.pk


def shared_attachment_pattern(user: User) -> str | None:
    """The user's latest attachment pattern, only if that result is shared with their partner."""
    latest = _latest_attachment(user)
    return latest.pattern if latest is not None and _shared_now(latest, user) else None


def checkin_history(user: User, *, viewer: User | None = None) -> list[tuple[date, float]]:
    """Relationship check-in totals of ``user``, oldest first; with ``viewer``, only what they may see."""
    query = AssessmentResult.objects if viewer is None else results_visible_to(viewer)
    found = query.filter(owner_id=user.pk, instrument_id=CHECKIN).order_by("created_at", "pk")
    return [(r.created_at.date(), float(r.scores["total"])) for r in found if r.scores.get("total") is not None]


def conjoint_work_not_advised(viewer: User, couple: Couple) -> bool:
    """True when a current partner's latest safety screen is positive; only a therapist with access learns it."""
    if couple.pk not in couple_ids_with_therapist_access(viewer):
        return False
    flag_only = catalogue.flag_only_ids()
    for partner in partners_of(couple):
        latest = AssessmentResult.objects.filter(owner_id=partner.pk, instrument_id__in=flag_only).first()
        if latest is not None and latest.conjoint_work_advised is False:
            return True
    return False


@dataclass(frozen=True)
class ReliefView:
    """What the relief guide page shows one partner.

    `guide` is the full guide for the pairing when both latest attachment results are
    shared; otherwise `own` holds only the viewer's part (when they have a result).
    """

    my_pattern: str | None
    i_shared: bool
    partner: User | None
    partner_pattern: str | None
    guide: ReliefGuide | None
    own: ReliefGuide | None


def relief_view(viewer: User) -> ReliefView:
    mine = _latest_attachment(viewer)
    my_pattern = mine.pattern if mine else None
    i_shared = mine is not None and _shared_now(mine, viewer)
    couple = current_couple(viewer)
    partner = next((p for p in partners_of(couple) if p.pk != viewer.pk), None) if couple else None
    partner_pattern = shared_attachment_pattern(partner) if partner else None
    if my_pattern and i_shared and partner_pattern:
        return ReliefView(my_pattern, True, partner, partner_pattern, relief_guide(my_pattern, partner_pattern), None)
    # Only the viewer's own part: the guide of the pattern with itself holds it.
    own = relief_guide(my_pattern, my_pattern) if my_pattern else None
    return ReliefView(my_pattern, i_shared, partner, partner_pattern, None, own)


@dataclass
class PartnerColumn:
    """One partner in the therapist's overview: the latest result of each instrument shared with them."""

    partner: User
    results: dict[str, AssessmentResult] = field(default_factory=dict)

    @property
    def stance(self) -> AssessmentResult | None:
        return self.results.get(COMMITMENT)

    @property
    def factors(self) -> AssessmentResult | None:
        return self.results.get(FACTORS)


@dataclass(frozen=True)
class CoupleOverview:
    couple: Couple
    columns: tuple[PartnerColumn, ...]
    conjoint_work_not_advised: bool


def couple_overview(viewer: User, couple: Couple) -> CoupleOverview:
    """What a therapist with access sees of the couple's assessments: shared results and the safety flag."""
    columns = []
    for partner in partners_of(couple):
        column = PartnerColumn(partner)
        for stored in results_visible_to(viewer).filter(owner_id=partner.pk, couple=couple):
            column.results.setdefault(stored.instrument_id, stored)  # newest first: keep the latest
        columns.append(column)
    return CoupleOverview(couple, tuple(columns), conjoint_work_not_advised(viewer, couple))
