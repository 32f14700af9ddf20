from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "twofold.notes"
    label = "notes"
