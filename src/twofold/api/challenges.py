"""The weekly relief challenge and the reflection journal."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from twofold.api.schemas import Problem
from twofold.challenges import services
from twofold.challenges.models import ChallengeReflection
from twofold.practice.reflections import MAX_FIELD_CHARS
from twofold.privacy.access import get_visible_or_404

router = Router(tags=["challenges"])

VisibilityName = Literal["private", "couple", "couple_and_therapist"]


class ChallengeOut(Schema):
    week: str
    id: str
    practice: str
    title: str
    text: str
    notice: str
    current_streak: int
    longest_streak: int


class ReflectionIn(Schema):
    what_i_tried: str = Field(..., min_length=1, max_length=MAX_FIELD_CHARS, pattern=r"\S")
    how_partner_responded: str = Field("", max_length=MAX_FIELD_CHARS)
    how_it_felt: str = Field(..., min_length=1, max_length=MAX_FIELD_CHARS, pattern=r"\S")
    what_id_do_again: str = Field("", max_length=MAX_FIELD_CHARS)
    visibility: VisibilityName = "private"


class VisibilityIn(Schema):
    visibility: VisibilityName


class ReflectionOut(Schema):
    id: int
    owner_id: int | None
    week: str
    challenge_id: str
    what_i_tried: str
    how_partner_responded: str
    how_it_felt: str
    what_id_do_again: str
    visibility: VisibilityName
    created_at: datetime


@router.get("/week", response={200: ChallengeOut, 400: Problem}, summary="The caller's challenge this week")
def this_week(request: HttpRequest):
    if not request.user.is_partner:
        return Status(400, {"detail": "Weekly challenges are for partners."})
    practice = services.practice_for(request.user)
    challenge = services.challenge_of_the_week(request.user, practice.this_week)
    return {"week": str(practice.this_week), "id": challenge.id, "practice": challenge.practice.value,
            "title": challenge.title, "text": challenge.text, "notice": challenge.notice,
            "current_streak": practice.current, "longest_streak": practice.longest}


@router.get("/reflections", response=list[ReflectionOut], summary="Reflections the caller may read")
def list_reflections(request: HttpRequest):
    return list(services.journal_for(request.user))


@router.post("/reflections", response={201: ReflectionOut, 400: Problem}, summary="Reflect on this week's challenge")
def create_reflection(request: HttpRequest, payload: ReflectionIn):
    try:
        return Status(201, services.write_reflection(request.user, **payload.dict()))
    except services.ChallengeError as exc:
        return Status(400, {"detail": str(exc)})


@router.put("/reflections/{reflection_id}/visibility", response={200: ReflectionOut, 400: Problem, 404: Problem},
            summary="Share a reflection, or take the share back")
def share_reflection(request: HttpRequest, reflection_id: int, payload: VisibilityIn):
    reflection = get_visible_or_404(request.user, ChallengeReflection.objects.filter(owner=request.user),
                                    pk=reflection_id)
    try:
        return services.set_visibility(reflection, request.user, payload.visibility)
    except services.ChallengeError as exc:
        return Status(400, {"detail": str(exc)})
