from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from twofold.api.schemas import Problem
from twofold.couples import services
from twofold.couples.models import Couple
from twofold.privacy.access import couple_for_viewer

router = Router(tags=["couples"])


class PartnerOut(Schema):
    id: int
    display_name: str


class CoupleOut(Schema):
    id: int
    name: str
    relation: str
    partners: list[PartnerOut]
    invite_code: str | None = None


class CoupleIn(Schema):
    name: str = Field("", max_length=120)


class JoinIn(Schema):
    code: str = Field(..., min_length=8, max_length=20, description="The partner's invitation code")


def _out(couple: Couple, relation: str) -> CoupleOut:
    partners = services.partners_of(couple)
    invite = services.open_partner_invite(couple) if relation == "partner" else None
    return CoupleOut(
        id=couple.pk,
        name=couple.name,
        relation=relation,
        partners=[PartnerOut(id=p.pk, display_name=p.display_name) for p in partners],
        invite_code=invite.code if invite and len(partners) < services.PARTNERS_PER_COUPLE else None,
    )


@router.get("/current", response={200: CoupleOut, 404: Problem}, summary="The caller's couple")
def current(request: HttpRequest):
    couple = services.current_couple(request.user)
    if couple is None:
        return Status(404, {"detail": "You are not in a couple."})
    return _out(couple, "partner")


@router.post("", response={201: CoupleOut, 400: Problem}, summary="Create a couple and an invitation code")
def create(request: HttpRequest, payload: CoupleIn):
    couple = services.create_couple(request.user, payload.name)
    return Status(201, _out(couple, "partner"))


@router.post("/join", response={200: CoupleOut, 400: Problem}, summary="Join a couple with a code")
def join(request: HttpRequest, payload: JoinIn):
    couple = services.join_couple(request.user, code=payload.code)
    return _out(couple, "partner")


@router.get("/{couple_id}", response={200: CoupleOut, 404: Problem}, summary="A couple the caller belongs to or works with")
def detail(request: HttpRequest, couple_id: int):
    couple, relation = couple_for_viewer(request.user, couple_id, request=request, what="couple overview (API)")
    return _out(couple, relation)
