"""Assessments API: instruments, sittings answered per section or in one go, results and sharing.

Reads of results go through the privacy rule (others get 404). Answer problems
come back as 400 with a message per item; a second submission of a sitting is 409.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from twofold.assessments import catalogue, services
from twofold.api.schemas import Problem
from twofold.assessments.models import AssessmentResult, Sitting
from twofold.instruments import AnswerError, Instrument, UnknownInstrumentError, list_instruments
from twofold.privacy.access import get_visible_or_404

router = Router(tags=["assessments"])

VisibilityName = Literal["private", "couple", "couple_and_therapist"]


class AnswerProblems(Schema):
    detail: str
    problems: dict[str, str] = Field(description="A message per item number (or per unknown key).")


class ScaleOut(Schema):
    min: int
    max: int
    labels: list[str]


class ItemOut(Schema):
    number: int
    type: str
    text: str | None
    section: str | None
    scale: ScaleOut | None


class SectionOut(Schema):
    id: str
    title: str
    items: list[int]


class InstrumentSummary(Schema):
    id: str
    version: str
    title: str
    items: int
    wording_available: bool


class InstrumentOut(InstrumentSummary):
    description: str
    sections: list[SectionOut]
    item_list: list[ItemOut]


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(..., description='Answers keyed by item number, e.g. {"1": 5, "2": 3}.')


class StartIn(Schema):
    instrument: str = Field(..., min_length=1, max_length=64)


class SittingOut(Schema):
    id: int
    instrument: str
    version: str
    answered: list[int]
    submitted_at: datetime | None
    result_id: int | None


class ResultOut(Schema):
    id: int
    instrument: str
    version: str
    owner_id: int | None
    visibility: VisibilityName
    created_at: datetime
    pattern: str | None
    stance: str | None
    band: str | None
    scores: dict[str, Any]


class SharingIn(Schema):
    visibility: VisibilityName


def _summary(instrument: Instrument) -> dict[str, Any]:
    return {
        "id": instrument.id,
        "version": instrument.version,
        "title": instrument.title,
        "items": len(instrument.items),
        "wording_available": instrument.has_wording,
    }


def _instrument(instrument_id: str) -> Instrument:
    try:
        return catalogue.instrument(instrument_id)
    except UnknownInstrumentError:
        raise Http404("No such instrument") from None


def _sitting_out(sitting: Sitting) -> dict[str, Any]:
    result = AssessmentResult.objects.filter(sitting=sitting).values_list("pk", flat=True).first()
    return {
        "id": sitting.pk,
        "instrument": sitting.instrument_id,
        "version": sitting.instrument_version,
        "answered": sorted(int(key) for key in sitting.answers),
        "submitted_at": sitting.submitted_at,
        "result_id": result,
    }


def _result_out(stored: AssessmentResult) -> dict[str, Any]:
    return {
        "id": stored.pk,
        "instrument": stored.instrument_id,
        "version": stored.instrument_version,
        "owner_id": stored.owner_id,
        "visibility": stored.visibility,
        "created_at": stored.created_at,
        "pattern": stored.pattern or None,
        "stance": stored.stance or None,
        "band": stored.band or None,
        "scores": stored.scores,
    }


def _answer_problems(error: AnswerError) -> Status:
    count = len(error.problems)
    detail = f"{count} answer{'s' if count != 1 else ''} cannot be accepted; nothing was saved."
    return Status(400, {"detail": detail, "problems": {str(item): message for item, message in error.problems.items()}})


@router.get("/instruments", response=list[InstrumentSummary], summary="Instruments, with whether item wording is available")
def instruments(request: HttpRequest):
    return [_summary(catalogue.instrument(i.id)) for i in list_instruments()]


@router.get("/instruments/{instrument_id}", response={200: InstrumentOut, 404: Problem})
def instrument(request: HttpRequest, instrument_id: str):
    found = _instrument(instrument_id)
    items = [
        {
            "number": item.number,
            "type": item.type,
            "text": item.text,
            "section": item.section,
            "scale": found.scale_for(item).model_dump() if item.type == "scale" else None,
        }
        for item in found.items
    ]
    sections = [{"id": p.id, "title": p.title, "items": sorted(p.item_numbers)} for p in catalogue.pages(found)]
    return {**_summary(found), "description": found.description.strip(), "sections": sections, "item_list": items}


@router.post(
    "/instruments/{instrument_id}/submit",
    response={201: ResultOut, 400: AnswerProblems, 404: Problem},
    summary="Score a complete set of answers (a new sitting)",
)
def submit_all(request: HttpRequest, instrument_id: str, payload: AnswersIn):
    found = _instrument(instrument_id)
    try:
        return Status(201, _result_out(services.submit_answers(request.user, found, payload.answers)))
    except AnswerError as error:
        return _answer_problems(error)


@router.post("/sittings", response={200: SittingOut, 404: Problem}, summary="Start a sitting, or resume the open one")
def start(request: HttpRequest, payload: StartIn):
    return _sitting_out(services.start_or_resume(request.user, _instrument(payload.instrument)))


@router.get("/sittings/{sitting_id}", response={200: SittingOut, 404: Problem})
def sitting(request: HttpRequest, sitting_id: int):
    return _sitting_out(services.own_sitting(request.user, sitting_id))


def _sitting_refused(error: Exception):
    """Per-item answer problems (400), a sitting already submitted (409), or another refusal (400)."""
    if isinstance(error, AnswerError):
        return _answer_problems(error)
    if isinstance(error, services.SittingClosedError):
        return Status(409, {"detail": str(error)})
    return Status(400, {"detail": str(error), "problems": {}})


@router.put(
    "/sittings/{sitting_id}/sections/{section_id}",
    response={200: SittingOut, 400: AnswerProblems, 404: Problem, 409: Problem},
    summary="Save the answers of one section",
)
def save_section(request: HttpRequest, sitting_id: int, section_id: str, payload: AnswersIn):
    try:
        return _sitting_out(services.save_page(request.user, sitting_id, section_id, payload.answers))
    except (AnswerError, services.AssessmentError) as error:
        return _sitting_refused(error)


@router.post(
    "/sittings/{sitting_id}/submit",
    response={201: ResultOut, 400: AnswerProblems, 404: Problem, 409: Problem},
    summary="Score the saved answers; a sitting is submitted once",
)
def submit_sitting(request: HttpRequest, sitting_id: int):
    try:
        return Status(201, _result_out(services.submit_sitting(request.user, sitting_id)))
    except (AnswerError, services.AssessmentError) as error:
        return _sitting_refused(error)


@router.get("/results", response=list[ResultOut], summary="Results the caller may read")
def results(request: HttpRequest):
    return [_result_out(r) for r in services.results_visible_to(request.user)]


@router.get("/results/{result_id}", response={200: ResultOut, 404: Problem})
def result(request: HttpRequest, result_id: int):
    return _result_out(get_visible_or_404(request.user, AssessmentResult.objects.all(), request=request, pk=result_id))


@router.put("/results/{result_id}/sharing", response={200: ResultOut, 400: Problem, 404: Problem})
def sharing(request: HttpRequest, result_id: int, payload: SharingIn):
    try:
        return _result_out(services.change_sharing(request.user, result_id, payload.visibility))
    except services.AssessmentError as error:
        return Status(400, {"detail": str(error)})
