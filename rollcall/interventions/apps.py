from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "rollcall.interventions"
    verbose_name = "Petitions and follow-ups"
