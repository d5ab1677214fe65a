"""Create or migrate the database."""

from __future__ import annotations

from django.core import management
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def init() -> dict:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    management.call_command("migrate", interactive=False, verbosity=0)
    from rollcall.reports.rules import publish

    rules_added = publish()
    refresh_statistics()
    name = connection.settings_dict["NAME"]
    return {"database": str(name), "vendor": connection.vendor, "migrations_applied": len(pending),
            "counting_rules_published": rules_added}


def refresh_statistics() -> None:
    """ANALYZE, so the query planner knows the tables' sizes (SQLite has none until asked; a
    bulk load leaves it choosing plans for empty tables). Seconds even at a million persons."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
