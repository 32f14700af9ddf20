from django.contrib import admin

from twofold.notes.models import Note
from twofold.privacy.admin import AuditedAdmin


@admin.register(Note)
class NoteAdmin(AuditedAdmin):
    list_display = ("pk", "owner", "visibility", "created_at")
    list_filter = ("visibility",)
