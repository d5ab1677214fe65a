from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "rollcall.access"
    verbose_name = "Access and audit"

    def ready(self) -> None:
        from rollcall.access import history

        history.connect()
