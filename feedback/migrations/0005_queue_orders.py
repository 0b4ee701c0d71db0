from django.db import migrations, models


class Migration(migrations.Migration):
    """An index for each order of the officers' queue (newest, oldest due, recently changed), with the
    primary key that breaks ties; the one on (partnership, due_on) is the start of the new due index."""

    dependencies = [
        ("feedback", "0004_feedback_decisions"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="feedback",
            name="feedback_fe_partner_ba85e1_idx",
        ),
        migrations.AddIndex(
            model_name="feedback",
            index=models.Index(fields=["partnership", "-received_at", "-id"], name="feedback_fe_partner_1bf6fd_idx"),
        ),
        migrations.AddIndex(
            model_name="feedback",
            index=models.Index(
                fields=["partnership", "due_on", "received_at", "id"], name="feedback_fe_partner_46d506_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="feedback",
            index=models.Index(fields=["partnership", "-updated_at", "-id"], name="feedback_fe_partner_a4f4a9_idx"),
        ),
    ]
