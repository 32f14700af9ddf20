from __future__ import annotations

from django.db import transaction

from twofold.accounts.models import User
from twofold.couples.services import current_couple
from twofold.notes.models import Note
from twofold.privacy.models import Visibility


class NoteError(Exception):
    """A note action that cannot be done; the message is safe to show."""


@transaction.atomic
def write_note(author: User, *, title: str, body: str, visibility: str = Visibility.PRIVATE) -> Note:
    couple = current_couple(author)
    if visibility != Visibility.PRIVATE and couple is None:
        raise NoteError("Join or create a couple before sharing a note; it can stay private until then.")
    return Note.objects.create(owner=author, couple=couple, title=title.strip(), body=body, visibility=visibility)


@transaction.atomic
def change_note(note: Note, editor: User, *, title: str, body: str, visibility: str) -> Note:
    if note.owner_id != editor.pk:
        raise NoteError("Only the person who wrote a note can change it.")
    if visibility != Visibility.PRIVATE and note.couple_id is None:
        raise NoteError("This note was written outside a couple, so it can only stay private.")
    note.title, note.body, note.visibility = title.strip(), body, visibility
    note.save(update_fields=["title", "body", "visibility", "updated_at"])
    return note


@transaction.atomic
def delete_note(note: Note, editor: User) -> None:
    if note.owner_id != editor.pk:
        raise NoteError("Only the person who wrote a note can delete it.")
    note.delete()
