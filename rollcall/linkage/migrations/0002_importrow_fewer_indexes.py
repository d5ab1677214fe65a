"""Import rows lose two indexes that no query uses, each a cost on every row a large import writes:
batch_id (a prefix of one_import_row_per_line) and external_id (read per batch label only).

Django would remake the whole table on SQLite to drop an index; the indexes are dropped by name
instead (PostgreSQL also has a ``_like`` index for the text column)."""

import django.db.models.deletion
from django.db import migrations, models

DROP = ("linkage_importrow_batch_id_3f532112", "linkage_importrow_external_id_317b41eb",
        "linkage_importrow_external_id_317b41eb_like")
CREATE = ('CREATE INDEX "linkage_importrow_batch_id_3f532112" ON "linkage_importrow" ("batch_id")',
          'CREATE INDEX "linkage_importrow_external_id_317b41eb" ON "linkage_importrow" ("external_id")')


class Migration(migrations.Migration):

    dependencies = [
        ("linkage", "0001_initial"),
        ("registry", "0006_covering_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="importrow",
                    name="batch",
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE,
                                            related_name="+", to="registry.batch"),
                ),
                migrations.AlterField(
                    model_name="importrow",
                    name="external_id",
                    field=models.CharField(blank=True, max_length=200),
                ),
            ],
            database_operations=[
                migrations.RunSQL([f'DROP INDEX IF EXISTS "{name}"' for name in DROP], reverse_sql=list(CREATE)),
            ],
        ),
    ]
