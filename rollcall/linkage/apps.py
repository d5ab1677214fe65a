from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "rollcall.linkage"
    verbose_name = "Linkage"
