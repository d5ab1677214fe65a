"""The (target, object_id) index goes: one_version_number (target, object_id, version) serves the
same look-ups, and every history version written paid for both."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("access", "0003_loginfailure_totpdevice"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="revision",
            name="access_revi_target_e75cd6_idx",
        ),
    ]
