from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "rollcall.search"
    verbose_name = "Search"

    def ready(self) -> None:
        from rollcall.search import signals  # noqa: F401
