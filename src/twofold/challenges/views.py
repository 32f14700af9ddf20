from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from twofold.challenges import charts, services
from twofold.challenges.forms import ReflectionForm, VisibilityForm
from twofold.challenges.models import ChallengeReflection
from twofold.practice import challenge_library
from twofold.privacy.access import get_visible_or_404


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ReflectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_reflection(user, **form.cleaned_data)
        except services.ChallengeError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, "Reflection saved.")
            return redirect("challenges:index")
    titles = {c.id: c.title for c in challenge_library()}
    journal = list(services.journal_for(user))
    for reflection in journal:
        reflection.challenge_title = titles.get(reflection.challenge_id, reflection.challenge_id)
    context = {
        "journal": [r for r in journal if r.owner_id == user.pk],
        "shared_with_me": [r for r in journal if r.owner_id != user.pk],
    }
    if user.is_partner:
        practice = services.practice_for(user)
        context |= {
            "challenge": services.challenge_of_the_week(user, practice.this_week),
            "practice": practice,
            "chart": charts.practice_svg(practice.counts),
            "form": form,
            "visibility_choices": VisibilityForm.base_fields["visibility"].choices,
        }
    return render(request, "challenges/index.html", context)


@require_POST
@login_required
def visibility(request: HttpRequest, reflection_id: int) -> HttpResponse:
    reflection = get_visible_or_404(request.user, ChallengeReflection.objects.filter(owner=request.user),
                                    pk=reflection_id)
    form = VisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose who can read it.")
    else:
        try:
            services.set_visibility(reflection, request.user, form.cleaned_data["visibility"])
        except services.ChallengeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Now readable by: {reflection.get_visibility_display().lower()}.")
    return redirect("challenges:index")
