from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from twofold.api.schemas import Problem
from twofold.notes import services
from twofold.notes.models import Note
from twofold.privacy.access import get_visible_or_404, visible_to

router = Router(tags=["notes"])

VisibilityName = Literal["private", "couple", "couple_and_therapist"]


class NoteIn(Schema):
    title: str = Field(..., min_length=1, max_length=120, pattern=r"\S")
    body: str = Field(..., min_length=1, max_length=20_000, pattern=r"\S")
    visibility: VisibilityName = "private"


class NoteOut(Schema):
    id: int
    title: str
    body: str
    visibility: VisibilityName
    owner_id: int
    created_at: datetime


@router.get("", response=list[NoteOut], summary="Notes the caller may read")
def list_notes(request: HttpRequest):
    return list(visible_to(request.user, Note.objects.all()))


@router.post("", response={201: NoteOut, 400: Problem}, summary="Write a note")
def create_note(request: HttpRequest, payload: NoteIn):
    return Status(201, services.write_note(request.user, **payload.dict()))


@router.get("/{note_id}", response={200: NoteOut, 404: Problem})
def get_note(request: HttpRequest, note_id: int):
    return get_visible_or_404(request.user, Note.objects.all(), pk=note_id, request=request)


@router.put("/{note_id}", response={200: NoteOut, 400: Problem, 404: Problem}, summary="Change one's own note")
def update_note(request: HttpRequest, note_id: int, payload: NoteIn):
    note = get_visible_or_404(request.user, Note.objects.filter(owner=request.user), pk=note_id)
    return services.change_note(note, request.user, **payload.dict())


@router.delete("/{note_id}", response={204: None, 404: Problem})
def delete_note(request: HttpRequest, note_id: int):
    note = get_visible_or_404(request.user, Note.objects.filter(owner=request.user), pk=note_id)
    services.delete_note(note, request.user)
    return Status(204, None)
