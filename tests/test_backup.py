"""backup, then an empty data folder, then restore: everything comes back byte for byte."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.apps import apps
from django.core import management, serializers

from rollcall.maintenance import backup, restore
from rollcall.sources import files

pytestmark = pytest.mark.django_db(transaction=True)

APPS = ("access", "registry", "sources", "interventions", "reports")


def snapshot() -> dict[str, str]:
    """Every row of every Rollcall table, serialised."""
    out = {}
    for config in APPS:
        for model in apps.get_app_config(config).get_models():
            manager = getattr(model, "all_objects", model._default_manager)
            out[model._meta.label] = serializers.serialize("json", manager.order_by("pk"))
    return out


def stored_files(settings) -> dict[str, bytes]:
    root = settings.FILES_DIR
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def filled(demo, settings):
    from rollcall.registry.models import Person

    p = Person.objects.first()
    p.occupation = "edited once"
    p.save()
    files.store("фото: a photo's bytes".encode())
    return snapshot(), stored_files(settings)


def test_restore_brings_back_every_record_history_entry_and_file(filled, settings, tmp_path):
    rows, stored = filled
    archive = tmp_path / "rollcall.backup"
    manifest = backup.create(archive)
    assert manifest["members"]

    management.call_command("flush", interactive=False, verbosity=0)
    for path in settings.FILES_DIR.rglob("*"):
        if path.is_file():
            path.chmod(0o600)
            path.unlink()
    assert snapshot() != rows and stored_files(settings) == {}

    restore.restore(archive)
    assert snapshot() == rows
    assert stored_files(settings) == stored


def test_a_truncated_backup_is_refused_and_nothing_changes(filled, tmp_path, run_cli):
    rows, _ = filled
    archive = tmp_path / "full.backup"
    backup.create(archive)
    truncated = tmp_path / "truncated.backup"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])

    status, out, err = run_cli("restore", truncated)
    assert status == 2
    assert err.count("\n") == 1 and ("truncated" in err or "not a complete backup" in err)
    assert snapshot() == rows


def test_a_backup_with_a_changed_byte_is_refused(filled, tmp_path):
    archive = tmp_path / "a.backup"
    backup.create(archive)
    damaged = tmp_path / "damaged.backup"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name.startswith("files/"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(backup.BackupError, match="does not match its checksum"):
        restore.restore(damaged)


def test_a_failed_backup_leaves_the_previous_one_intact(filled, tmp_path, monkeypatch):
    archive = tmp_path / "nightly.backup"
    backup.create(archive)
    before = archive.read_bytes()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup.tarfile.TarFile, "addfile", disk_full)
    with pytest.raises(backup.BackupError, match="No space left on device"):
        backup.create(archive)
    assert archive.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_json_dump_keeps_times_to_the_microsecond():
    """PostgreSQL backups are JSON: Django's encoder would restore 12:00:00.000123 as 12:00:00."""
    import datetime as dt

    from rollcall.registry.models import Batch

    batch = Batch(pk=1, label="a list", kind="import", created_by="t",
                  created_at=dt.datetime(2026, 11, 23, 12, 0, 0, 123, tzinfo=dt.UTC))
    text = serializers.serialize("exactjson", [batch])
    back = next(serializers.deserialize("json", text)).object
    assert back.created_at == batch.created_at
    assert serializers.serialize("exactjson", [back]) == text
