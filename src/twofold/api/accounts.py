from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class PersonOut(Schema):
    id: int
    email: str
    display_name: str
    role: str


@router.get("", response=PersonOut, summary="The person making the request")
def me(request: HttpRequest):
    return request.user
