from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from twofold.notes import services
from twofold.notes.forms import NoteForm
from twofold.notes.models import Note
from twofold.privacy.access import get_visible_or_404, visible_to


@login_required
def note_list(request: HttpRequest) -> HttpResponse:
    notes = visible_to(request.user, Note.objects.select_related("owner"))
    return render(request, "notes/list.html", {"notes": notes})


@login_required
def note_new(request: HttpRequest) -> HttpResponse:
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.write_note(request.user, **form.cleaned_data)
        except services.NoteError as exc:
            form.add_error("visibility", str(exc))
        else:
            messages.success(request, "Note saved.")
            return redirect("notes:detail", note_id=note.pk)
    return render(request, "notes/form.html", {"form": form, "heading": "New note"})


@login_required
def note_detail(request: HttpRequest, note_id: int) -> HttpResponse:
    note = get_visible_or_404(request.user, Note.objects.select_related("owner"), pk=note_id, request=request)
    return render(request, "notes/detail.html", {"note": note, "is_mine": note.owner_id == request.user.pk})


@login_required
def note_edit(request: HttpRequest, note_id: int) -> HttpResponse:
    note = get_visible_or_404(request.user, Note.objects.filter(owner=request.user), pk=note_id)
    initial = {"title": note.title, "body": note.body, "visibility": note.visibility}
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_note(note, request.user, **form.cleaned_data)
        except services.NoteError as exc:
            form.add_error("visibility", str(exc))
        else:
            messages.success(request, "Note updated.")
            return redirect("notes:detail", note_id=note.pk)
    return render(request, "notes/form.html", {"form": form, "heading": "Edit note", "note": note})


@require_POST
@login_required
def note_delete(request: HttpRequest, note_id: int) -> HttpResponse:
    note = get_visible_or_404(request.user, Note.objects.filter(owner=request.user), pk=note_id)
    services.delete_note(note, request.user)
    messages.success(request, "Note deleted.")
    return redirect("notes:list")
