from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from twofold.accounts import services
from twofold.accounts.forms import ApiTokenForm, ProfileForm, SignUpForm
from twofold.accounts.models import ApiToken


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("web:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.create_person(
            email=form.cleaned_data["email"],
            display_name=form.cleaned_data["display_name"],
            password=form.cleaned_data["password1"],
            role=form.cleaned_data["role"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to Twofold, {user.display_name}.")
        return redirect("web:home")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.rename_person(request.user, form.cleaned_data["display_name"])
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(request, "accounts/profile.html", {"form": form, "tokens": tokens, "token_form": ApiTokenForm()})


@require_POST
@login_required
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
        return render(
            request,
            "accounts/profile.html",
            {"form": ProfileForm(instance=request.user), "tokens": tokens, "token_form": form},
            status=400,
        )
    token = services.issue_api_token(request.user, form.cleaned_data["name"])
    return render(request, "accounts/token_created.html", {"token": token})


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if services.revoke_api_token(request.user, token_id):
        messages.success(request, "Token revoked.")
    else:
        messages.error(request, "That token does not exist.")
    return redirect("accounts:profile")
