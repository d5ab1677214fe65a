from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "rollcall.reports"
    verbose_name = "Reports"
