from django.db import migrations


def create_head(apps, schema_editor):
    AuditHead = apps.get_model("access", "AuditHead")
    AuditHead.objects.get_or_create(id=1, defaults={"seq": 0, "hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
