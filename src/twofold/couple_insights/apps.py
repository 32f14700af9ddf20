from django.apps import AppConfig


class CoupleInsightsConfig(AppConfig):
    name = "twofold.couple_insights"
    label = "couple_insights"
