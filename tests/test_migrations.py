import pytest
from django.core import management


@pytest.mark.django_db
def test_models_and_migrations_agree():
    try:
        management.call_command("makemigrations", check=True, dry_run=True, verbosity=0)
    except SystemExit as exc:
        pytest.fail(f"makemigrations --check found changes without a migration (exit {exc.code})")


REDUNDANT = {  # each a prefix of a unique constraint, or never looked up alone: dropped by migrations
    "linkage_importrow": [["batch_id"], ["external_id"]],
    "access_revision": [["target", "object_id"]],
}


@pytest.mark.django_db
@pytest.mark.parametrize("table", sorted(REDUNDANT))
def test_the_redundant_indexes_are_gone_from_the_database(table):
    from django.db import connection

    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, table)
    indexed = [c["columns"] for c in found.values() if c["index"] or c["unique"]]
    assert indexed, f"no indexes read for {table}"
    for columns in REDUNDANT[table]:
        assert columns not in indexed, f"{table} still has an index on {columns}"
    if table == "linkage_importrow":
        assert ["batch_id", "row"] in indexed and ["document"] in indexed  # the ones that stay
