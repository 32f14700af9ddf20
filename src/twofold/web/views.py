from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from twofold.couples.services import current_couple


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:home")
    return render(request, "web/landing.html")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to where their day starts."""
    if request.user.is_therapist:
        return redirect("couples:therapist_dashboard")
    couple = current_couple(request.user)
    if couple is None:
        return redirect("couples:start")
    return redirect("couples:home", couple_id=couple.pk)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def neutral(request: HttpRequest) -> HttpResponse:
    """Where the quick-exit control leads: an ordinary page with nothing about Twofold on it."""
    response = render(request, "web/neutral.html")
    response["Cache-Control"] = "no-store"
    return response
