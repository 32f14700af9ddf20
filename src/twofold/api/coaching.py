from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from twofold.api.schemas import Problem
from twofold.coach import MAX_CHARS, CoachInputError
from twofold.coaching.services import coach_draft

router = Router(tags=["coach"])


class AnalyzeIn(Schema):
    text: str = Field(..., min_length=1, max_length=MAX_CHARS, description="The message you mean to send")
    to: Literal["anxious", "avoidant", "disorganized", "secure"] | None = Field(
        None, description="The recipient's attachment pattern; by default your partner's shared result"
    )


@router.post("/analyze", response={200: dict[str, Any], 400: Problem}, summary="Analyse a draft message")
def analyze_draft(request: HttpRequest, payload: AnalyzeIn):
    try:
        analysis = coach_draft(request.user, payload.text, to=payload.to)
    except CoachInputError as exc:
        return Status(400, {"detail": str(exc)})
    return analysis.to_dict()
