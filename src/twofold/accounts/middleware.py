"""Hold a person who has two-factor log-in at the code page until they enter a valid code."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from twofold.accounts.two_factor import has_two_factor

OPEN_PATHS = ("/static/", "/healthz", "/weather")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified() and has_two_factor(user):
            allowed = {reverse("accounts:verify"), reverse("accounts:logout")}
            if request.path not in allowed and not request.path.startswith(OPEN_PATHS):
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": "Enter your two-factor code to finish logging in."}, status=401)
                return redirect(f"{reverse('accounts:verify')}?next={request.path}")
        return self.get_response(request)
