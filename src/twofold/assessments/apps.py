from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "twofold.assessments"
    label = "assessments"
