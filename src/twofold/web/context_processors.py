from __future__ import annotations

from django.http import HttpRequest

from twofold.couples.services import current_couple


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_couple": current_couple(user)}
