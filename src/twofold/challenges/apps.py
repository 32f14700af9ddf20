from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "twofold.challenges"
    label = "challenges"
