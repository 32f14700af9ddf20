from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from twofold.coach import HARMFUL, SAFETY, CoachInputError
from twofold.coaching import services
from twofold.coaching.forms import DraftForm
from twofold.coaching.models import KeptDraft
from twofold.coaching.present import highlighted_segments
from twofold.privacy.access import get_visible_or_404
from twofold.safety.resources import POSSIBLE_CONCERN_NOTE


@login_required
def coach_page(request: HttpRequest) -> HttpResponse:
    """The coach: JavaScript analyses as you type through the API; without it, the form posts here."""
    form = DraftForm(request.POST or None)
    analysis = None
    if request.method == "POST" and form.is_valid():
        try:
            analysis = services.coach_draft(request.user, form.cleaned_data["text"], to=form.cleaned_data["to"] or None)
        except CoachInputError as exc:
            form.add_error("text", str(exc))
        else:
            if request.POST.get("action") == "keep":
                services.keep_draft(request.user, analysis)
                messages.success(request, "Kept in your private progress.")
                return redirect("coaching:kept")
    context = {
        "form": form,
        "analysis": analysis,
        "segments": highlighted_segments(analysis) if analysis else None,
        "recipient_pattern": services.recipient_pattern(request.user),
        "harmful_labels": HARMFUL,
        "safety_labels": SAFETY,
        "safety_confirmed": bool(analysis and set(analysis.labels) & set(SAFETY)),
        "possible_concern_note": POSSIBLE_CONCERN_NOTE,
    }
    return render(request, "coaching/coach.html", context, status=400 if form.errors else 200)


@login_required
def kept(request: HttpRequest) -> HttpResponse:
    drafts = KeptDraft.objects.filter(owner=request.user)
    return render(request, "coaching/kept.html", {"drafts": drafts})


@require_POST
@login_required
def forget(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft = get_visible_or_404(request.user, KeptDraft.objects.filter(owner=request.user), pk=draft_id)
    services.forget_draft(draft, request.user)
    messages.success(request, "Removed.")
    return redirect("coaching:kept")
