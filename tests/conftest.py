"""Shared fixtures: a throwaway data folder, named users for every role, the demo data."""

from __future__ import annotations

import pytest

ROLES = ("volunteer", "caseworker", "researcher", "administrator")


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Each test keeps its files in its own folder (the test database is pytest-django's own)."""
    settings.DATA_DIR = tmp_path / "data"
    settings.FILES_DIR = settings.DATA_DIR / "files"
    settings.DATA_DIR.mkdir()
    return settings.DATA_DIR


@pytest.fixture
def users(db):
    """One user per role, named after the role."""
    from rollcall.access.models import User

    return {role: User.objects.create_user(username=role, password="pw-" + role, role=role) for role in ROLES}


@pytest.fixture
def demo(db):
    from rollcall.maintenance import demo as demo_data

    demo_data.load()
    return demo_data


@pytest.fixture
def run_cli(capsys):
    """Run `rollcall ARGS` in this process; returns (exit status, stdout, stderr)."""
    from rollcall import cli

    def run(*args: str) -> tuple[int, str, str]:
        status = cli.main([str(a) for a in args])
        out, err = capsys.readouterr()
        return status, out, err

    return run
