from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from twofold.couples import services
from twofold.couples.forms import ClaimInvitationForm, CreateCoupleForm, InviteTherapistForm, JoinCoupleForm
from twofold.couples.models import PartnerInvite, TherapistLink
from twofold.notes.models import Note
from twofold.plans.present import roster
from twofold.privacy.access import couple_for_viewer, visible_to


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """Create a couple or join one with a code."""
    couple = services.current_couple(request.user)
    if couple is not None:
        return redirect("couples:home", couple_id=couple.pk)
    if not request.user.is_partner:
        return redirect("couples:therapist_dashboard")
    create_form = CreateCoupleForm(request.POST if request.POST.get("action") == "create" else None)
    join_form = JoinCoupleForm(request.POST if request.POST.get("action") == "join" else None)
    status = 200
    if request.method == "POST":
        try:
            if create_form.is_bound and create_form.is_valid():
                couple = services.create_couple(request.user, create_form.cleaned_data["name"])
                messages.success(request, "Your couple space is ready. Share the code with your partner.")
                return redirect("couples:home", couple_id=couple.pk)
            if join_form.is_bound and join_form.is_valid():
                couple = services.join_couple(request.user, code=join_form.cleaned_data["code"])
                messages.success(request, "You joined your partner's couple space.")
                return redirect("couples:home", couple_id=couple.pk)
        except services.CoupleError as exc:
            (join_form if join_form.is_bound else create_form).add_error(None, str(exc))
        status = 400
    return render(request, "couples/start.html", {"create_form": create_form, "join_form": join_form}, status=status)


@login_required
def join_by_link(request: HttpRequest, token: str) -> HttpResponse:
    invite = PartnerInvite.objects.select_related("couple", "created_by").filter(token=token).first()
    if request.method == "POST":
        try:
            couple = services.join_couple(request.user, token=token)
        except services.CoupleError as exc:
            return render(request, "couples/join_link.html", {"invite": invite, "error": str(exc)}, status=400)
        messages.success(request, "You joined your partner's couple space.")
        return redirect("couples:home", couple_id=couple.pk)
    return render(request, "couples/join_link.html", {"invite": invite})


@login_required
def home(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple, relation = couple_for_viewer(request.user, couple_id, request=request, what="couple home")
    partners = services.partners_of(couple)
    context = {
        "couple": couple,
        "relation": relation,
        "partners": partners,
        "shared_notes": visible_to(request.user, Note.objects.filter(couple=couple)).exclude(owner=request.user)[:5],
    }
    if relation == "partner":
        context["invite"] = services.open_partner_invite(couple) if len(partners) < services.PARTNERS_PER_COUPLE else None
        context["invite_url"] = (
            request.build_absolute_uri(reverse("couples:join_link", args=[context["invite"].token])) if context["invite"] else None
        )
        context["therapist_links"] = services.therapist_links(couple)
        context["therapist_form"] = InviteTherapistForm()
        context["link_active"] = {link.pk: services.link_is_active(link) for link in context["therapist_links"]}
        context["my_consents"] = {
            link.pk for link in context["therapist_links"] if any(c.partner_id == request.user.pk for c in link.consents.all())
        }
    return render(request, "couples/home.html", context)


def _partner_couple_or_404(request: HttpRequest, couple_id: int):
    couple, relation = couple_for_viewer(request.user, couple_id)
    if relation != "partner":
        raise Http404("No such couple")
    return couple


@require_POST
@login_required
def new_invite(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple = _partner_couple_or_404(request, couple_id)
    try:
        services.create_partner_invite(couple, request.user)
        messages.success(request, "A new code is ready; the old one no longer works.")
    except services.CoupleError as exc:
        messages.error(request, str(exc))
    return redirect("couples:home", couple_id=couple.pk)


@login_required
def leave(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple = _partner_couple_or_404(request, couple_id)
    if request.method == "POST":
        services.leave_couple(request.user)
        messages.success(request, "You left the couple space. Your private items stay with you.")
        return redirect("web:home")
    return render(request, "couples/leave.html", {"couple": couple})


@require_POST
@login_required
def invite_therapist(request: HttpRequest, couple_id: int) -> HttpResponse:
    couple = _partner_couple_or_404(request, couple_id)
    form = InviteTherapistForm(request.POST)
    if form.is_valid():
        try:
            link = services.invite_therapist(couple, request.user, form.cleaned_data["email"])
        except services.CoupleError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Therapist invited. Give them the code {link.code}. They get access once both of you accept."
            )
    else:
        messages.error(request, "; ".join(form.errors.get("email", ["Please check the e-mail address."])))
    return redirect("couples:home", couple_id=couple.pk)


def _link_of_couple(couple, link_id: int) -> TherapistLink:
    link = couple.therapist_links.filter(pk=link_id).first()
    if link is None:
        raise Http404("No such invitation")
    return link


@require_POST
@login_required
def accept_therapist(request: HttpRequest, couple_id: int, link_id: int) -> HttpResponse:
    couple = _partner_couple_or_404(request, couple_id)
    try:
        services.accept_therapist(_link_of_couple(couple, link_id), request.user)
        messages.success(request, "You agreed to share with this therapist.")
    except services.CoupleError as exc:
        messages.error(request, str(exc))
    return redirect("couples:home", couple_id=couple.pk)


@require_POST
@login_required
def revoke_therapist(request: HttpRequest, couple_id: int, link_id: int) -> HttpResponse:
    couple = _partner_couple_or_404(request, couple_id)
    services.revoke_therapist(_link_of_couple(couple, link_id), request.user)
    messages.success(request, "The therapist no longer has access.")
    return redirect("couples:home", couple_id=couple.pk)


@login_required
def therapist_dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_therapist:
        raise Http404("Not a therapist account")
    form = ClaimInvitationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("link_id"):
                link_id = int(request.POST["link_id"]) if request.POST["link_id"].isdigit() else -1
                services.claim_therapist_link(request.user, link_id=link_id)
                messages.success(request, "Invitation accepted. You will see the couple once both partners agree.")
                return redirect("couples:therapist_dashboard")
            if form.is_valid():
                services.claim_therapist_link(request.user, code=form.cleaned_data["code"])
                messages.success(request, "Invitation accepted. You will see the couple once both partners agree.")
                return redirect("couples:therapist_dashboard")
        except services.CoupleError as exc:
            form.add_error(None, str(exc))
        status = 400
    links = TherapistLink.objects.filter(therapist=request.user, revoked_at__isnull=True).select_related("couple")
    waiting = [link for link in links if not services.link_is_active(link)]
    context = {
        "form": form,
        "roster": roster(request.user, today=timezone.localdate()),
        "waiting_links": waiting,
        "pending": services.pending_links_for_therapist(request.user),
    }
    return render(request, "couples/therapist_dashboard.html", context, status=status)
