import pytest
from django.core import management


@pytest.mark.django_db
def test_models_and_migrations_agree():
    try:
        management.call_command("makemigrations", check=True, dry_run=True, verbosity=0)
    except SystemExit as exc:
        pytest.fail(f"makemigrations --check found changes without a migration (exit {exc.code})")
