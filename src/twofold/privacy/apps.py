from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "twofold.privacy"
    label = "privacy"
