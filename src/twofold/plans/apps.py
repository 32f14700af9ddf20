from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "twofold.plans"
    label = "plans"
    verbose_name = "Commitment plans"
