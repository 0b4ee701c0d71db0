# Each project's newest application, in the order the kite-mark dashboard's status subquery reads it.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0004_withdrawn_and_revoked"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="kitemarkapplication",
            index=models.Index(fields=["project", "-applied_at", "-id"], name="kite_mark_newest_application"),
        ),
        migrations.RemoveIndex(
            model_name="kitemarkapplication",
            name="reviews_kit_project_c0f065_idx",
        ),
    ]
