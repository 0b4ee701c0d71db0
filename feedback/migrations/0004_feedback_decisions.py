from django.db import migrations, models


class Migration(migrations.Migration):
    """The decisions a feedback item shaped: the same table as before (projects 0006), declared here."""

    dependencies = [
        ("feedback", "0003_timeline_text_in_full"),
        ("projects", "0006_feedback_links_move_to_feedback"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="feedback",
                    name="decisions",
                    field=models.ManyToManyField(
                        blank=True,
                        db_table="projects_decision_feedback",
                        related_name="feedback",
                        to="projects.decision",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
