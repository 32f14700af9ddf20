"""The JSON API at /api/v1/: one router per feature, OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI

from twofold import __version__
from twofold.api import accounts, assessments, challenges, coaching, conversations, couples, notes, plans
from twofold.api.auth import AUTH
from twofold.couples.services import CoupleError
from twofold.notes.services import NoteError
from twofold.plans.services import PlansError

api = NinjaAPI(
    title="Twofold API",
    version="1",
    description=f"Twofold {__version__}. Authenticate with the browser session (send the CSRF token) "
    "or a personal token: `Authorization: Bearer tf_...` (create one on your profile page).",
    auth=AUTH,
    urls_namespace="api",
)


@api.exception_handler(CoupleError)
@api.exception_handler(NoteError)
def refused(request: HttpRequest, exc: Exception):
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(PlansError)
def plan_refused(request: HttpRequest, exc: PlansError):
    return api.create_response(request, {"detail": str(exc), "field": exc.field}, status=400)


api.add_router("/me", accounts.router)
api.add_router("/couples", couples.router)
api.add_router("/notes", notes.router)
api.add_router("/coach", coaching.router)
api.add_router("/assessments", assessments.router)
api.add_router("/conversations", conversations.router)
api.add_router("/challenges", challenges.router)
api.add_router("/plans", plans.router)
