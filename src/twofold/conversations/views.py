from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from twofold.conversations import present, services
from twofold.conversations.forms import ReadyForm
from twofold.couples.services import current_couple
from twofold.practice import PauseBreak, soothing_suggestions
from twofold.privacy.access import get_visible_or_404


@login_required
def index(request: HttpRequest) -> HttpResponse:
    conversations = services.history(request.user).select_related("partner_a", "partner_b")
    couple = current_couple(request.user) if request.user.is_partner else None
    return render(request, "conversations/index.html", {
        "conversations": conversations,
        "open": services.open_conversation(couple) if couple else None,
        "can_start": couple is not None,
    })


@require_POST
@login_required
def start(request: HttpRequest) -> HttpResponse:
    try:
        conversation = services.start_conversation(request.user)
    except services.ConversationError as exc:
        messages.error(request, exc.reason[:1].upper() + exc.reason[1:] + ".")
        return redirect("conversations:index")
    return redirect("conversations:room", conversation_id=conversation.pk)


@login_required
def room(request: HttpRequest, conversation_id: int) -> HttpResponse:
    try:
        conversation = services.room_for(request.user, conversation_id)
    except services.ConversationError:
        raise Http404("No such conversation") from None
    policy = services.pause_policy()
    return render(request, "conversations/room.html", {
        "conversation": conversation,
        "socket_path": f"/ws/conversations/{conversation.pk}/",
        "pause_options": present.pause_options(policy),
    })


@login_required
def detail(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = get_visible_or_404(
        request.user, services.history(request.user).select_related("partner_a", "partner_b"),
        pk=conversation_id, request=request,
    )
    is_partner = request.user.pk in (conversation.partner_a_id, conversation.partner_b_id)
    turns = None
    if is_partner and current_couple(request.user) == conversation.couple:
        _, _, view = services.room_view(request.user, conversation.pk)
        turns = present.turn_lines(view.turns, services.names_of(conversation))
    return render(request, "conversations/detail.html", {
        "conversation": conversation,
        "summary": present.summary_lines(conversation.summary, services.names_of(conversation)),
        "turns": turns,
    })


@login_required
def pause(request: HttpRequest) -> HttpResponse:
    brk = PauseBreak.start(timezone.now(), policy=services.pause_policy())
    return render(request, "conversations/pause.html", {
        "pause_break": brk,
        "minimum": present.span_label(brk.policy.minimum),
        "suggestions": soothing_suggestions(),
        "form": ReadyForm(),
        "can_send": current_couple(request.user) is not None,
    })


@require_POST
@login_required
def ready(request: HttpRequest) -> HttpResponse:
    form = ReadyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Keep the note short (300 characters at most).")
        return redirect("conversations:pause")
    try:
        services.send_ready_message(request.user, form.cleaned_data["note"])
    except services.ConversationError as exc:
        messages.error(request, exc.reason[:1].upper() + exc.reason[1:] + ".")
    else:
        messages.success(request, "Your partner will see that you are ready to come back.")
    return redirect("conversations:pause")
