from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "twofold.coaching"
    label = "coaching"
